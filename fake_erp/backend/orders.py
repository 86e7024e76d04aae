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
from fake_erp.backend.contacts import apply_field_patch, ids_in_ranges, read_fields
from fake_erp.backend.order_input import parse_order
from fake_erp.backend.order_views import ORDER_SEARCH, orders_json
from fake_erp.backend.reference import DEFAULT_PRICE_LIST_ID
from fake_erp.backend.repository import Repository
from fake_erp.errors import BadRequest, Conflict, NotFound
from fake_erp.search import run_search

log = logging.getLogger(__name__)

INVOICE_PREFIX = {"SO": "INV", "SC": "SC", "PO": "PINV", "PC": "PCR"}


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

    def statuses(self) -> list[dict]:
        with self.repo.read() as conn:
            rows = conn.execute("SELECT * FROM order_statuses ORDER BY id").fetchall()
        return [
            {
                "statusId": r["id"],
                "name": r["name"],
                "orderTypeCode": r["type_code"],
                "state": r["state"],
            }
            for r in rows
        ]

    def create(self, body, *, type_code: str, app_ref: str) -> int:
        """`POST /sales-order` (or purchase-order): the order and all its rows, or nothing."""
        draft = parse_order(body, type_code)
        with self.repo.write() as conn:
            contact = _require_party(conn, draft["contact_id"], type_code)
            order = _resolve_order(conn, draft, contact, type_code)
            rows = [_resolve_row(conn, row) for row in draft["rows"]]
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

    def set_status(self, order_id: int, body) -> None:
        """`PUT /order/{id}/status`: the status must belong to the order's type (ORDC-010)."""
        status_id = v.int_field(body, "orderStatusId", required=True)
        note = v.obj(body, "orderNote")
        text = v.str_field(note, "text", max_len=10000) if note else None
        is_public = v.field(note, "isPublic", bool, default=False) if note else False
        with self.repo.write() as conn:
            order = require_order(conn, order_id)
            check_status(conn, status_id, order["type_code"])
            now = v.now_iso()
            conn.execute(
                "UPDATE orders SET status_id = ?, updated_on = ? WHERE id = ?",
                (status_id, now, order_id),
            )
            if text:
                _insert_note(conn, order_id, text, is_public, None)

    def add_note(self, order_id: int, body) -> int:
        text = v.str_field(body, "text", required=True, max_len=10000)
        is_public = v.field(body, "isPublic", bool, default=False)
        added_by = v.int_field(body, "addedBy")
        with self.repo.write() as conn:
            require_order(conn, order_id)
            return _insert_note(conn, order_id, text, is_public, added_by)

    def notes(self, order_id: int) -> list[dict]:
        with self.repo.read() as conn:
            require_order(conn, order_id)
            rows = conn.execute(
                "SELECT * FROM order_notes WHERE order_id = ? ORDER BY id", (order_id,)
            )
            return [
                {
                    "noteId": r["id"],
                    "text": r["text"],
                    "isPublic": bool(r["is_public"]),
                    "addedOn": r["added_on"],
                    "addedBy": r["added_by"],
                }
                for r in rows
            ]

    def custom_fields(self, order_id: int) -> dict:
        with self.repo.read() as conn:
            require_order(conn, order_id)
            return read_fields(conn, "order_fields", "order_id", order_id)

    def patch_custom_fields(self, order_id: int, ops) -> None:
        with self.repo.write() as conn:
            require_order(conn, order_id)
            apply_field_patch(conn, "order_fields", "order_id", order_id, ops)
            conn.execute("UPDATE orders SET updated_on = ? WHERE id = ?", (v.now_iso(), order_id))

    def invoice(self, order_id: int) -> str:
        """Ops: invoice the order (idempotent); returns the invoice reference."""
        with self.repo.write() as conn:
            order = require_order(conn, order_id)
            if order["invoice_reference"]:
                return order["invoice_reference"]
            reference = f"{INVOICE_PREFIX[order['type_code']]}-{order_id:06d}"
            terms = conn.execute(
                "SELECT credit_term_days FROM contacts WHERE id = ?", (order["contact_id"],)
            ).fetchone()
            today = dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
            due = today + dt.timedelta(days=terms[0] if terms else 30)
            conn.execute(
                "UPDATE orders SET invoice_reference = ?, tax_date = ?, due_date = ?,"
                " updated_on = ? WHERE id = ?",
                (reference, v.iso(today), v.iso(due), v.now_iso(), order_id),
            )
            return reference


def require_order(conn: sqlite3.Connection, order_id: int) -> sqlite3.Row:
    row = conn.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()
    if row is None:
        raise NotFound("No Order Found")
    return row


def check_status(conn: sqlite3.Connection, status_id: int, type_code: str) -> None:
    row = conn.execute("SELECT type_code FROM order_statuses WHERE id = ?", (status_id,)).fetchone()
    if row is None or row[0] != type_code:
        raise BadRequest(f"Unknown order status {status_id} for a {type_code}", code="ORDC-010")


def payment_status(type_code: str, total: Decimal, paid: Decimal) -> str:
    """`orderPaymentStatus` (docs/erp-contract.md); only sales orders take payments."""
    if type_code != "SO":
        return "NOT_APPLICABLE"
    if paid <= 0:
        return "UNPAID"
    return "PAID" if paid >= total else "PARTIALLY_PAID"


def _require_party(conn: sqlite3.Connection, contact_id: int, type_code: str) -> sqlite3.Row:
    row = conn.execute("SELECT * FROM contacts WHERE id = ?", (contact_id,)).fetchone()
    supplier = type_code in ("PO", "PC")
    if row is None or row["is_staff"] or bool(row["is_supplier"]) != supplier:
        kind = "supplier" if supplier else "customer"
        raise BadRequest(f"Contact {contact_id} is not a {kind}", code="ORDC-005")
    return row


def _resolve_order(conn: sqlite3.Connection, draft: dict, contact, type_code: str) -> dict:
    status_id = draft["status_id"]
    if status_id is None:
        status_id = conn.execute(
            "SELECT MIN(id) FROM order_statuses WHERE type_code = ?", (type_code,)
        ).fetchone()[0]
    check_status(conn, status_id, type_code)
    list_id = draft["price_list_id"] or contact["price_list_id"] or DEFAULT_PRICE_LIST_ID
    if not conn.execute("SELECT 1 FROM price_lists WHERE id = ?", (list_id,)).fetchone():
        raise BadRequest(f"Unknown priceListId: {list_id}")
    code = draft["currency_code"]
    if code:
        currency = conn.execute(
            "SELECT code, rate FROM currencies WHERE code = ?", (code.upper(),)
        ).fetchone()
    else:
        currency = conn.execute(
            "SELECT code, rate FROM currencies WHERE id = ?", (contact["currency_id"],)
        ).fetchone()
    if currency is None:
        raise BadRequest(f"Unknown currency: {code}")
    now = v.now_iso()
    return {
        **draft,
        "type_code": type_code,
        "status_id": status_id,
        "price_list_id": list_id,
        "currency_code": currency["code"],
        "exchange_rate": currency["rate"],
        "owner_id": contact["owner_id"],
        "placed_on": now,
        "created_on": now,
    }


def _resolve_row(conn: sqlite3.Connection, row: dict) -> dict:
    product = conn.execute(
        "SELECT name, sku FROM products WHERE id = ?", (row["product_id"],)
    ).fetchone()
    if product is None:
        raise BadRequest(f"Unknown product {row['product_id']}", code="ORDC-006")
    return {
        **row,
        "product_name": product["name"],
        "sku": product["sku"],
        "unit_price": v.money(row["net"] / row["quantity"]),
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
        "payment_status": payment_status(order["type_code"], net + tax, Decimal(0)),
        "delivery": json.dumps(order["address"]) if order["address"] else None,
    }
    order_id = conn.execute(
        "INSERT INTO orders (type_code, contact_id, status_id, reference, external_ref, app_ref,"
        " price_list_id, currency_code, exchange_rate, placed_on, created_on, updated_on,"
        " delivery_date, shipping_method_id, delivery, net, tax, total, paid, payment_status,"
        " owner_id) VALUES (:type_code, :contact_id, :status_id, :reference, :external_ref,"
        " :app_ref, :price_list_id, :currency_code, :exchange_rate, :placed_on, :created_on,"
        " :created_on, :delivery_date, :shipping_method_id, :delivery, :net, :tax, :total,"
        " :paid, :payment_status, :owner_id)",
        values,
    ).lastrowid
    conn.executemany(
        "INSERT INTO order_rows (order_id, product_id, product_name, sku, quantity, unit_price,"
        " net, tax, tax_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            )
            for r in rows
        ],
    )
    return order_id


def _insert_note(conn, order_id: int, text: str, is_public: bool, added_by) -> int:
    return conn.execute(
        "INSERT INTO order_notes (order_id, text, is_public, added_on, added_by)"
        " VALUES (?, ?, ?, ?, ?)",
        (order_id, text, int(is_public), v.now_iso(), added_by),
    ).lastrowid
