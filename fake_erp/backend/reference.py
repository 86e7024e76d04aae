"""Reference data every database has, seeded or not: statuses, currencies, price lists, tax codes.

Status names, order and states follow docs/erp-contract.md; ids are assigned in that order.
States are lower case as Brightpearl sends them (`draft` is recorded; the others are ours); a
quote is a sales order in a draft-state status, told from a draft by its status name.
"""

from __future__ import annotations

import sqlite3

ORDER_TYPE_IDS = {"SO": 1, "PO": 2, "SC": 3, "PC": 4}

ORDER_STATUSES = [
    ("Draft", "SO", "draft"),
    ("Quote", "SO", "draft"),
    ("Confirmed", "SO", "open"),
    ("Waiting for production", "SO", "open"),
    ("In production", "SO", "open"),
    ("Ready for shipment", "SO", "open"),
    ("On hold", "SO", "open"),
    ("Shipped and invoiced", "SO", "closed"),
    ("Delivered", "SO", "closed"),
    ("Cancelled", "SO", "cancelled"),
    ("Credit pending", "SC", "open"),
    ("Credit complete", "SC", "closed"),
    ("Draft PO", "PO", "draft"),
    ("Sent to supplier", "PO", "open"),
    ("Acknowledged", "PO", "open"),
    ("Shipped by supplier", "PO", "open"),
    ("Received", "PO", "closed"),
    ("Cancelled PO", "PO", "cancelled"),
    ("Purchase credit pending", "PC", "open"),
    ("Purchase credit complete", "PC", "closed"),
    # Appended rather than placed after "Acknowledged", so that every id above stays the same.
    ("Partly shipped by supplier", "PO", "open"),
    # Appended (ids of the statuses above stay as they were): a quote the customer turned down.
    ("Declined", "SO", "cancelled"),
]

# exchangeRate: units of this currency one GBP buys (docs/erp-contract.md, "Currencies").
CURRENCIES = [
    (1, "GBP", "£", "1.000000", 1, "British Pound"),
    (2, "EUR", "€", "1.165000", 0, "Euro"),
    (3, "USD", "$", "1.271000", 0, "US Dollar"),
]

PRICE_LISTS = [
    (1, "SELL", "Retail (GBP)", "GBP", "SELL"),
    (2, "TRADE-EUR", "Trade (EUR)", "EUR", "SELL"),
    (3, "WHOLESALE-USD", "Wholesale (USD)", "USD", "SELL"),
    (4, "COST", "Cost (GBP)", "GBP", "BUY"),
]
DEFAULT_PRICE_LIST_ID = 1

# Tax codes as Brightpearl's UK accounts have them (brightpearl-reference.md: T0 "Zero rated",
# T1 "Standard rate : 20% VAT" rate 20, T2 "Tax exempt"); ids are the fake's own. A customer may
# carry its own code (exempt, reverse charge), which then replaces the product's.
TAX_CODES = [
    (1, "T0", "Zero rated", "0"),
    (2, "T1", "Standard rate : 20% VAT", "20"),
    (3, "T2", "Tax exempt", "0"),
    (4, "T4", "Reverse charge : customer accounts for VAT", "0"),
    (5, "T5", "Reduced rate : 5% VAT", "5"),
]
ZERO_RATED, STANDARD_RATE, EXEMPT, REVERSE_CHARGE, REDUCED_RATE = (t[0] for t in TAX_CODES)
COST_PRICE_LIST_ID = 4
WAREHOUSE_ID = 1  # the account's one warehouse

# Order-search reference maps: ids and names as Brightpearl's `reference` gives them. Shipping
# statuses are recorded (order-shipping-status); of the payment statuses only 5 is recorded.
PAYMENT_STATUS_IDS = {"PAID": 1, "UNPAID": 2, "PARTIALLY_PAID": 3, "NOT_APPLICABLE": 5}
STOCK_STATUS_NAMES = {1: "None", 2: "Partial", 3: "All"}
SHIPPING_STATUSES = {
    1: ("NST", "No stock tracked products on order"),
    2: ("SNS", "Stock not shipped"),
    3: ("SPS", "Stock part shipped"),
    4: ("ASS", "All stock shipped"),
}
ORDER_TYPE_NAMES = {1: "SALES_ORDER", 2: "PURCHASE_ORDER", 3: "SALES_CREDIT", 4: "PURCHASE_CREDIT"}


def install(conn: sqlite3.Connection) -> None:
    """Insert the reference rows into an empty database; into one made before a status was
    appended to ORDER_STATUSES, only the statuses it lacks (ids never change)."""
    conn.executemany(
        "INSERT OR IGNORE INTO order_statuses (id, name, type_code, state) VALUES (?, ?, ?, ?)",
        [(i, *status) for i, status in enumerate(ORDER_STATUSES, start=1)],
    )
    if conn.execute("SELECT COUNT(*) FROM currencies").fetchone()[0]:
        return
    conn.executemany("INSERT INTO currencies VALUES (?, ?, ?, ?, ?, ?)", CURRENCIES)
    conn.executemany("INSERT INTO price_lists VALUES (?, ?, ?, ?, ?)", PRICE_LISTS)
    conn.executemany("INSERT INTO tax_codes VALUES (?, ?, ?, ?)", TAX_CODES)


def status_id(name: str) -> int:
    """The id of a status by name (ids are fixed by the order of ORDER_STATUSES)."""
    return next(i for i, s in enumerate(ORDER_STATUSES, start=1) if s[0] == name)
