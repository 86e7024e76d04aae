-- The fake ERP tables. Money is TEXT with four decimals, timestamps ISO 8601 in UTC.
-- SCHEMA_VERSION in repository.py names this layout: change both together.
CREATE TABLE IF NOT EXISTS tax_codes (
    id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, description TEXT NOT NULL,
    rate TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS currencies (
    id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, symbol TEXT NOT NULL,
    rate TEXT NOT NULL, is_default INTEGER NOT NULL DEFAULT 0, title TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS price_lists (
    id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    currency_code TEXT NOT NULL, type_code TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS products (
    id INTEGER PRIMARY KEY, sku TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,
    status TEXT NOT NULL, created_on TEXT NOT NULL, updated_on TEXT NOT NULL,
    tax_code_id INTEGER NOT NULL DEFAULT 2);
CREATE TABLE IF NOT EXISTS prices (
    product_id INTEGER NOT NULL, price_list_id INTEGER NOT NULL, min_qty INTEGER NOT NULL,
    price TEXT NOT NULL, PRIMARY KEY (product_id, price_list_id, min_qty));
CREATE INDEX IF NOT EXISTS prices_by_list ON prices (price_list_id, product_id);
CREATE TABLE IF NOT EXISTS contacts (
    id INTEGER PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
    company TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL,
    is_supplier INTEGER NOT NULL, is_staff INTEGER NOT NULL, price_list_id INTEGER,
    credit_limit TEXT NOT NULL, credit_term_days INTEGER NOT NULL, currency_id INTEGER NOT NULL,
    owner_id INTEGER, discount_percentage TEXT NOT NULL DEFAULT '0.00',
    created_on TEXT NOT NULL, updated_on TEXT NOT NULL, tax_code_id INTEGER);
CREATE TABLE IF NOT EXISTS contact_fields (
    contact_id INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (contact_id, name));
CREATE TABLE IF NOT EXISTS addresses (
    id INTEGER PRIMARY KEY, contact_id INTEGER, line1 TEXT NOT NULL, line2 TEXT NOT NULL,
    line3 TEXT NOT NULL, line4 TEXT NOT NULL, postal_code TEXT NOT NULL, country TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS contact_addresses (
    contact_id INTEGER NOT NULL, address_id INTEGER NOT NULL, type TEXT NOT NULL,
    PRIMARY KEY (contact_id, address_id, type));
CREATE INDEX IF NOT EXISTS contact_addresses_by_address ON contact_addresses (address_id);
CREATE TABLE IF NOT EXISTS order_statuses (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, type_code TEXT NOT NULL, state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS orders (
    id INTEGER PRIMARY KEY, type_code TEXT NOT NULL, contact_id INTEGER NOT NULL,
    status_id INTEGER NOT NULL, reference TEXT NOT NULL, external_ref TEXT, app_ref TEXT,
    price_list_id INTEGER, currency_code TEXT NOT NULL, exchange_rate TEXT NOT NULL,
    placed_on TEXT NOT NULL, created_on TEXT NOT NULL, updated_on TEXT NOT NULL,
    delivery_date TEXT, shipping_method_id INTEGER, delivery TEXT, billing TEXT,
    warehouse_id INTEGER NOT NULL DEFAULT 1, version INTEGER NOT NULL DEFAULT 1,
    net TEXT NOT NULL, tax TEXT NOT NULL, total TEXT NOT NULL, paid TEXT NOT NULL,
    payment_status TEXT NOT NULL, invoice_reference TEXT, tax_date TEXT, due_date TEXT,
    owner_id INTEGER, parent_order_id INTEGER);
CREATE UNIQUE INDEX IF NOT EXISTS orders_external_ref ON orders (external_ref, app_ref)
    WHERE external_ref IS NOT NULL;
CREATE INDEX IF NOT EXISTS orders_by_contact ON orders (contact_id);
CREATE INDEX IF NOT EXISTS orders_by_updated ON orders (updated_on);
CREATE TABLE IF NOT EXISTS order_rows (
    id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, product_id INTEGER NOT NULL,
    product_name TEXT NOT NULL, sku TEXT NOT NULL, quantity INTEGER NOT NULL,
    unit_price TEXT NOT NULL, net TEXT NOT NULL, tax TEXT NOT NULL, tax_code TEXT NOT NULL,
    item_cost TEXT NOT NULL DEFAULT '0.0000', sequence INTEGER NOT NULL DEFAULT 10);
CREATE INDEX IF NOT EXISTS order_rows_by_order ON order_rows (order_id);
CREATE TABLE IF NOT EXISTS order_fields (
    order_id INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (order_id, name));
CREATE TABLE IF NOT EXISTS order_notes (
    id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, text TEXT NOT NULL,
    is_public INTEGER NOT NULL, added_on TEXT NOT NULL, added_by INTEGER,
    order_status_id INTEGER, contact_id INTEGER);
CREATE INDEX IF NOT EXISTS order_notes_by_order ON order_notes (order_id);
CREATE TABLE IF NOT EXISTS payments (
    id INTEGER PRIMARY KEY, transaction_ref TEXT, transaction_code TEXT,
    method_code TEXT NOT NULL, payment_type TEXT NOT NULL, order_id INTEGER NOT NULL,
    contact_id INTEGER NOT NULL, currency_code TEXT NOT NULL, exchange_rate TEXT NOT NULL,
    amount TEXT NOT NULL, payment_date TEXT NOT NULL, journal_ref TEXT NOT NULL,
    created_on TEXT NOT NULL, journal_id INTEGER NOT NULL,
    UNIQUE (transaction_ref, method_code));
CREATE INDEX IF NOT EXISTS payments_by_contact ON payments (contact_id, currency_code);
CREATE TABLE IF NOT EXISTS goods_notes (
    id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, warehouse_id INTEGER NOT NULL DEFAULT 1,
    created_on TEXT NOT NULL, printed_on TEXT, picked_on TEXT, packed_on TEXT, shipped_on TEXT,
    reference TEXT NOT NULL, shipping_method_id INTEGER, boxes INTEGER, weight TEXT,
    sequence INTEGER NOT NULL DEFAULT 1, event_version INTEGER NOT NULL DEFAULT 1);
CREATE INDEX IF NOT EXISTS goods_notes_by_order ON goods_notes (order_id);
CREATE TABLE IF NOT EXISTS tasks (
    id INTEGER PRIMARY KEY, assigned_to INTEGER NOT NULL, subject TEXT NOT NULL,
    order_id INTEGER, due_date TEXT, created_on TEXT NOT NULL, reference TEXT);
CREATE UNIQUE INDEX IF NOT EXISTS tasks_reference ON tasks (reference)
    WHERE reference IS NOT NULL;
