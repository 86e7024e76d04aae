"""Orders (SO, SC, PO, PC): GET, search, atomic creation, status, notes, custom fields.

The uniqueness of `(externalRef, app ref)` is enforced by a unique index, checked inside the
same transaction as the insert, so concurrent retries cannot both succeed (erp-api.md).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from decimal import Decimal

from fake_erp.backend import values as v
from fake_erp.backend.custom_fields import apply_field_patch, read_fields
from fake_erp.backend.order_input import parse_order
from fake_erp.backend.order_notes import NOTE_SEARCH, insert_note, notes_of, parse_note
from fake_erp.backend.order_patch import order_changes
from fake_erp.backend.order_search import ORDER_SEARCH, SALES_ORDER_SEARCH
from fake_erp.backend.order_views import orders_json
from fake_erp.backend.queries import exists, ids_in_ranges, require_row
from fake_erp.backend.reference import COST_PRICE_LIST_ID, DEFAULT_PRICE_LIST_ID, WAREHOUSE_ID
from fake_erp.backend.repository import Repository
from fake_erp.backend.sales_orders import sales_orders_json
from fake_erp.backend.search import run_search
from fake_erp.backend.tax import check_tax_code
from fake_erp.errors import BadRequest, Conflict, PreconditionFailed

log = logging.getLogger(__name__)

INVOICE_PREFIX = {"SO": "INV", "SC": "SC", "PO": "PINV", "PC": "PCR"}
NO_ORDER = "No Order Found"
# The fake's own codes where Brightpearl's are not known (ORDC-022 is Brightpearl's, sic).
_WRONG_PARTY = {
    "customer": ("ORDC-021", "Customer ID Required."),
    "supplier": ("ORDC-022", "Suppllier ID Required."),
}
UNKNOWN_PRODUCT = "ORDC-023"


class Orders:
    def __init__(self, repo: Repository):
        self.repo = repo

    def get_many(self, ids: list[int], *, custom_fields: bool = False) -> list[dict]:
        with self.repo.read() as conn:
            return orders_json(conn, ids, custom_fields=custom_fields)

    def existing_ids(self, ranges: list[tuple[int, int]]) -> list[int]:
        with self.repo.read() as conn:
            return ids_in_ranges(conn, "orders", ranges)

    def search(self, params) -> dict:
        with self.repo.read() as conn:
            return run_search(conn, ORDER_SEARCH, params)

    def sales_orders(self, ids: list[int]) -> list[dict]:
        """`GET /sales-order/{idset}`: the flatter model (sales orders only)."""
        with self.repo.read() as conn:
            return sales_orders_json(conn, ids)

    def existing_sales_order_ids(self, ranges: list[tuple[int, int]]) -> list[int]:
        return [i for i in self.existing_ids(ranges) if self._is_sales_order(i)]

    def _is_sales_order(self, order_id: int) -> bool:
        with self.repo.read() as conn:
            row = conn.execute("SELECT type_code FROM orders WHERE id = ?", (order_id,)).fetchone()
        return row is not None and row[0] == "SO"

    def sales_order_search(self, params) -> dict:
        with self.repo.read() as conn:
            return run_search(conn, SALES_ORDER_SEARCH, params)

    def statuses(self, ids: list[int] | None = None) -> list[dict]:
        """`GET /order-status/{idset?}` with Brightpearl's fields (colours and the rest fixed)."""
        with self.repo.read() as conn:
            rows = conn.execute("SELECT * FROM order_statuses ORDER BY id").fetchall()
        return [_status_json(r) for r in rows if ids is None or r["id"] in ids]

    def create(self, body, *, type_code: str, app_ref: str) -> int:
        """`POST /sales-order` (or purchase-order): the order and all its rows, or nothing."""
        draft = parse_order(body, type_code)
        with self.repo.write() as conn:
            contact = _require_party(conn, draft["contact_id"], type_code)
            order = _resolve_order(conn, draft, contact, type_code)
            _check_parent(conn, draft["parent_id"], contact["id"], type_code)
            for row in draft["rows"]:
                check_tax_code(conn, row["tax_code"])
            rows = [_resolve_row(conn, row, order["exchange_rate"]) for row in draft["rows"]]
            if (
                draft["external_ref"] is not None
                and conn.execute(
                    "SELECT 1 FROM orders WHERE external_ref = ? AND app_ref = ?",
                    (draft["external_ref"], app_ref),
                ).fetchone()
            ):
                raise Conflict("externalRef already used", code="ORDC-014")
            order_id = _insert_order(conn, {**order, "app_ref": app_ref}, rows)
        log.info("created %s %s", type_code, order_id)
        return order_id

    def patch(self, order_id: int, ops) -> dict:
        """`PATCH /order/{id}` (JSON Patch on the header): the order as it now is."""
        with self.repo.write() as conn:
            changes = order_changes(require_order(conn, order_id), ops)
            for column, value in changes.items():
                conn.execute(f"UPDATE orders SET {column} = ? WHERE id = ?", (value, order_id))  # noqa: S608
            touch_order(conn, order_id)
            return orders_json(conn, [order_id], custom_fields=False)[0]

    def set_status(self, order_id: int, body, *, if_match: str | None = None) -> None:
        """`PUT /order/{id}/status`: the status must belong to the order's type (ORDC-010).

        `if_match` (the `If-Match` header, an **extension**) names the order's `version` the
        caller read: when the order has changed since, nothing is done (412 CMNC-412), so that
        of two clients moving the same order, and its note, only one does.
        """
        status_id = v.int_field(body, "orderStatusId", required=True)
        note = parse_note(v.obj(body, "orderNote"), required=False)
        with self.repo.write() as conn:
            order = require_order(conn, order_id)
            check_version(order, if_match)
            check_status(conn, status_id, order["type_code"])
            conn.execute("UPDATE orders SET status_id = ? WHERE id = ?", (status_id, order_id))
            touch_order(conn, order_id)
            if note:
                insert_note(conn, order, note)

    def add_note(self, order_id: int, body) -> int:
        """`POST /order/{id}/note` `{text, isPublic?, addedOn?, addedBy?}` → the note's id."""
        note = parse_note(body, required=True)
        with self.repo.write() as conn:
            return insert_note(conn, require_order(conn, order_id), note)

    def notes(self, order_id: int, ids: list[int] | None = None) -> list[dict]:
        """`GET /order/{id}/note/{idset?}`, oldest first."""
        with self.repo.read() as conn:
            require_order(conn, order_id)
            return notes_of(conn, order_id, ids)

    def note_search(self, params) -> dict:
        """`GET /order-note-search` (Brightpearl's columns)."""
        with self.repo.read() as conn:
            return run_search(conn, NOTE_SEARCH, params)

    def custom_fields(self, order_id: int) -> dict:
        with self.repo.read() as conn:
            require_order(conn, order_id)
            return read_fields(conn, "order_fields", "order_id", order_id)

    def patch_custom_fields(self, order_id: int, ops) -> dict:
        with self.repo.write() as conn:
            require_order(conn, order_id)
            fields = apply_field_patch(conn, "order_fields", "order_id", order_id, ops)
            touch_order(conn, order_id)
            return fields

    def invoice(self, order_id: int, tax_date: str | None = None) -> str:
        """Ops: invoice the order (idempotent), dated `tax_date` (an ISO date; default today)
        and due after the customer's payment terms; returns the invoice reference."""
        day = _invoice_day(tax_date)
        with self.repo.write() as conn:
            order = require_order(conn, order_id)
            if order["invoice_reference"]:
                return order["invoice_reference"]
            reference = f"{INVOICE_PREFIX[order['type_code']]}-{order_id:06d}"
            terms = conn.execute(
                "SELECT credit_term_days FROM contacts WHERE id = ?", (order["contact_id"],)
            ).fetchone()
            due = day + dt.timedelta(days=terms[0] if terms else 30)
            conn.execute(
                "UPDATE orders SET invoice_reference = ?, tax_date = ?, due_date = ? WHERE id = ?",
                (reference, v.iso(day), v.iso(due), order_id),
            )
            touch_order(conn, order_id)
            return reference


def _invoice_day(tax_date: str | None) -> dt.datetime:
    """Midnight UTC of the invoice's date (today unless one is given)."""
    if tax_date is None:
        moment = dt.datetime.now(dt.UTC)
    else:
        try:
            moment = dt.datetime.fromisoformat(v.parse_moment(tax_date))
        except ValueError:
            raise BadRequest("taxDate must be a date such as 2026-10-01") from None
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def require_order(conn: sqlite3.Connection, order_id: int) -> sqlite3.Row:
    return require_row(conn, "orders", order_id, NO_ORDER)


def touch_order(conn: sqlite3.Connection, order_id: int) -> None:
    """Every change to an order moves its `updatedOn` and its `version` on."""
    conn.execute(
        "UPDATE orders SET updated_on = ?, version = version + 1 WHERE id = ?",
        (v.now_iso(), order_id),
    )


def _status_json(row: sqlite3.Row) -> dict:
    return {
        "statusId": row["id"],
        "name": row["name"],
        "orderTypeCode": row["type_code"],
        "sortOrder": row["id"],
        "disabled": False,
        "visible": True,
        "color": "#E7E6E4",
        "remindAfterDays": 0,
        "alertEmails": [],
        "emailContent": "",
        "batchProcess": False,
        "state": row["state"],
    }


def check_version(order: sqlite3.Row, if_match: str | None) -> None:
    """`If-Match: <version>` (quotes allowed, as HTTP writes entity tags): 412 when it differs."""
    if if_match is None:
        return
    wanted = if_match.strip().strip('"')
    if wanted != str(order["version"]):
        raise PreconditionFailed(
            f"Order {order['id']} is at version {order['version']}, not {wanted}"
        )


def check_status(conn: sqlite3.Connection, status_id: int, type_code: str) -> None:
    row = conn.execute("SELECT type_code FROM order_statuses WHERE id = ?", (status_id,)).fetchone()
    if row is None or row[0] != type_code:
        raise BadRequest(f"Unknown order status {status_id} for a {type_code}", code="ORDC-010")


def payment_status(total: Decimal, paid: Decimal) -> str:
    """`orderPaymentStatus`: an order with nothing to pay is NOT_APPLICABLE (as recorded)."""
    if total == 0:
        return "NOT_APPLICABLE"
    if paid <= 0:
        return "UNPAID"
    return "PAID" if paid >= total else "PARTIALLY_PAID"


def _check_parent(conn, parent_id: int | None, contact_id: int, type_code: str) -> None:
    """`parentId`: the order a credit credits (a sales order of the same customer)."""
    if parent_id is None:
        return
    parent = conn.execute(
        "SELECT type_code, contact_id FROM orders WHERE id = ?", (parent_id,)
    ).fetchone()
    wanted = {"SC": "SO", "PC": "PO"}.get(type_code, type_code)
    if parent is None or parent["type_code"] != wanted or parent["contact_id"] != contact_id:
        raise BadRequest(f"parentId {parent_id} is not a {wanted} of contact {contact_id}")


def _require_party(conn: sqlite3.Connection, contact_id: int, type_code: str) -> sqlite3.Row:
    row = conn.execute("SELECT * FROM contacts WHERE id = ?", (contact_id,)).fetchone()
    supplier = type_code in ("PO", "PC")
    if row is None or row["is_staff"] or bool(row["is_supplier"]) != supplier:
        code, message = _WRONG_PARTY["supplier" if supplier else "customer"]
        raise BadRequest(message, code=code)
    return row


def billing_address(conn: sqlite3.Connection, contact: sqlite3.Row) -> dict:
    """The contact's billing address (else its default one), as an order keeps it."""
    row = conn.execute(
        "SELECT a.* FROM addresses a JOIN contact_addresses l ON l.address_id = a.id"
        " WHERE l.contact_id = ? AND l.type IN ('BIL', 'DEF') ORDER BY l.type = 'DEF', a.id",
        (contact["id"],),
    ).fetchone()
    person = {
        "addressFullName": f"{contact['first_name']} {contact['last_name']}".strip(),
        "companyName": contact["company"],
        "telephone": contact["phone"],
        "email": contact["email"],
    }
    if row is None:
        return person
    return {
        **person,
        "addressLine1": row["line1"],
        "addressLine2": row["line2"],
        "addressLine3": row["line3"],
        "addressLine4": row["line4"],
        "postalCode": row["postal_code"],
        "countryIsoCode": row["country"],
    }


def _resolve_order(conn: sqlite3.Connection, draft: dict, contact, type_code: str) -> dict:
    """The draft with every default filled in from the contact and the account."""
    status_id = draft["status_id"]
    if status_id is None:
        status_id = conn.execute(
            "SELECT MIN(id) FROM order_statuses WHERE type_code = ?", (type_code,)
        ).fetchone()[0]
    check_status(conn, status_id, type_code)
    list_id = draft["price_list_id"] or contact["price_list_id"] or DEFAULT_PRICE_LIST_ID
    if not exists(conn, "price_lists", list_id):
        raise BadRequest(f"Unknown priceListId: {list_id}")
    currency = _currency(conn, draft["currency_code"], contact)
    warehouse = draft["warehouse_id"] or WAREHOUSE_ID
    if warehouse != WAREHOUSE_ID:
        raise BadRequest(f"Unknown warehouseId: {warehouse}")
    now = v.now_iso()
    return {
        **draft,
        "type_code": type_code,
        "status_id": status_id,
        "price_list_id": list_id,
        "currency_code": currency["code"],
        "exchange_rate": v.rate6(draft["exchange_rate"] or currency["rate"]),
        "owner_id": draft["owner_id"] or contact["owner_id"],
        "warehouse_id": warehouse,
        "placed_on": draft["placed_on"] or now,
        "created_on": now,
        "billing": draft["billing"] or billing_address(conn, contact),
    }


def _currency(conn: sqlite3.Connection, code: str | None, contact) -> sqlite3.Row:
    """The order's currency: the one named, else the contact's."""
    if code:
        row = conn.execute("SELECT code, rate FROM currencies WHERE code = ?", (code.upper(),))
    else:
        row = conn.execute(
            "SELECT code, rate FROM currencies WHERE id = ?", (contact["currency_id"],)
        )
    currency = row.fetchone()
    if currency is None:
        raise BadRequest(f"Unknown currency: {code}")
    return currency


def _resolve_row(conn: sqlite3.Connection, row: dict, rate: str) -> dict:
    """A row with its product's name and SKU, unit price and cost (in the order's currency)."""
    product = conn.execute(
        "SELECT p.name, p.sku, c.price AS cost FROM products p LEFT JOIN prices c"
        " ON c.product_id = p.id AND c.price_list_id = ? AND c.min_qty = 1 WHERE p.id = ?",
        (COST_PRICE_LIST_ID, row["product_id"]),
    ).fetchone()
    if product is None:
        raise BadRequest(f"Unknown product {row['product_id']}", code=UNKNOWN_PRODUCT)
    return {
        **row,
        "product_name": product["name"],
        "sku": product["sku"],
        "unit_price": v.money(row["net"] / row["quantity"]),
        "item_cost": v.money(Decimal(product["cost"] or 0) * Decimal(rate)),
    }


def _insert_order(conn: sqlite3.Connection, order: dict, rows: list[dict]) -> int:
    net = sum((r["net"] for r in rows), Decimal(0))
    tax = sum((r["tax"] for r in rows), Decimal(0))
    values = {
        **order,
        "net": v.money(net),
        "tax": v.money(tax),
        "total": v.money(net + tax),
        "paid": v.money(0),
        "payment_status": payment_status(net + tax, Decimal(0)),
        "parent_order_id": order["parent_id"],
        "delivery": json.dumps(order["address"]) if order["address"] else None,
        "billing": json.dumps(order["billing"]),
    }
    order_id = conn.execute(
        "INSERT INTO orders (type_code, contact_id, status_id, reference, external_ref, app_ref,"
        " price_list_id, currency_code, exchange_rate, placed_on, created_on, updated_on,"
        " delivery_date, shipping_method_id, delivery, billing, warehouse_id, net, tax, total,"
        " paid, payment_status, owner_id, parent_order_id) VALUES (:type_code, :contact_id,"
        " :status_id, :reference, :external_ref, :app_ref, :price_list_id, :currency_code,"
        " :exchange_rate, :placed_on, :created_on, :created_on, :delivery_date,"
        " :shipping_method_id, :delivery, :billing, :warehouse_id, :net, :tax, :total, :paid,"
        " :payment_status, :owner_id, :parent_order_id)",
        values,
    ).lastrowid
    conn.executemany(
        "INSERT INTO order_rows (order_id, product_id, product_name, sku, quantity, unit_price,"
        " net, tax, tax_code, item_cost, sequence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                order_id,
                r["product_id"],
                r["product_name"],
                r["sku"],
                r["quantity"],
                r["unit_price"],
                v.money(r["net"]),
                v.money(r["tax"]),
                r["tax_code"],
                r["item_cost"],
                10 * n,
            )
            for n, r in enumerate(rows, start=1)
        ],
    )
    return order_id
