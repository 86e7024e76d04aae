"""Goods-out notes: the shipments of orders, with their tracking references."""

from __future__ import annotations

import logging
import sqlite3

from fake_erp.backend import values as v
from fake_erp.backend.order_views import row_json
from fake_erp.backend.orders import require_order
from fake_erp.backend.repository import Repository
from fake_erp.errors import BadRequest

log = logging.getLogger(__name__)


class Warehouse:
    def __init__(self, repo: Repository):
        self.repo = repo

    def goods_out(self, order_ids: list[int]) -> dict:
        """`GET /order/{idset}/goods-note/goods-out`: `{noteId: note}` (`{}` when none)."""
        if not order_ids:
            return {}
        marks = ",".join("?" * len(order_ids))
        with self.repo.read() as conn:
            notes = conn.execute(
                f"SELECT * FROM goods_notes WHERE order_id IN ({marks}) ORDER BY id",  # noqa: S608
                order_ids,
            ).fetchall()
            return {str(note["id"]): _note_json(conn, note) for note in notes}

    def create_goods_out(self, order_id: int, body) -> int:
        """`POST /order/{id}/goods-note/goods-out` (body shape: docs/erp-contract.md)."""
        if body is None:
            body = {}
        shipping = v.obj(body, "shipping")
        reference = v.str_field(shipping, "reference", max_len=200) or ""
        method = v.int_field(shipping, "shippingMethodId")
        shipped = v.field(body, "shipped", bool, default=False)
        with self.repo.write() as conn:
            order = require_order(conn, order_id)
            if order["type_code"] != "SO":
                raise BadRequest("Goods-out notes are for sales orders")
            return insert_note(conn, order_id, reference, method, shipped)

    def ship(self, order_id: int, tracking: str) -> int:
        """Ops: a shipped goods-out note with a tracking number."""
        if not isinstance(tracking, str) or not tracking.strip():
            raise BadRequest("tracking is required")
        with self.repo.write() as conn:
            require_order(conn, order_id)
            return insert_note(conn, order_id, tracking.strip(), 1, True)


def insert_note(
    conn: sqlite3.Connection, order_id: int, reference: str, method, shipped: bool
) -> int:
    note_id = conn.execute(
        "INSERT INTO goods_notes (order_id, shipped, shipped_on, reference, shipping_method_id)"
        " VALUES (?, ?, ?, ?, ?)",
        (order_id, int(shipped), v.now_iso() if shipped else None, reference, method),
    ).lastrowid
    conn.execute("UPDATE orders SET updated_on = ? WHERE id = ?", (v.now_iso(), order_id))
    log.info("goods-out note %s for order %s", note_id, order_id)
    return note_id


def _note_json(conn: sqlite3.Connection, note: sqlite3.Row) -> dict:
    rows = conn.execute(
        "SELECT * FROM order_rows WHERE order_id = ? ORDER BY id", (note["order_id"],)
    )
    return {
        "orderId": note["order_id"],
        "status": {"shipped": bool(note["shipped"]), "shippedOn": note["shipped_on"]},
        "shipping": {
            "reference": note["reference"],
            "shippingMethodId": note["shipping_method_id"],
        },
        "orderRows": {str(row["id"]): _note_row(row) for row in rows},
    }


def _note_row(row: sqlite3.Row) -> dict:
    full = row_json(row)
    return {"productId": full["productId"], "quantity": row["quantity"]}
