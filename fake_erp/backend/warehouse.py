"""Goods-out notes: the shipments of sales orders, with their events and tracking references.

Brightpearl's form (docs/erp-contract.md): `POST /order/{id}/goods-note/goods-out` takes
`{warehouses: [{releaseDate, warehouseId, transfer, products: [{productId, salesOrderRowId,
quantity}]}], priority, shippingMethodId}`; `PUT /goods-note/goods-out/{id}` sets the shipping
data (the tracking `reference`, boxes, weight); `POST /goods-note/goods-out/{id}/event` records
PRI/PIC/PAC/SHW (SHW fills in the steps before it; nothing follows a shipment).
"""

from __future__ import annotations

import logging
import sqlite3

from fake_erp.backend import values as v
from fake_erp.backend.orders import require_order, touch_order
from fake_erp.backend.queries import require_row
from fake_erp.backend.reference import WAREHOUSE_ID
from fake_erp.backend.repository import Repository
from fake_erp.errors import BadRequest

log = logging.getLogger(__name__)

NO_NOTE = "No goods-out note found"
STEPS = (("PRI", "printed"), ("PIC", "picked"), ("PAC", "packed"), ("SHW", "shipped"))
_EVENT_STEP = dict(STEPS)
_SHIPPING = {"reference": str, "shippingMethodId": int, "boxes": int, "weight": "number"}


class Warehouse:
    def __init__(self, repo: Repository):
        self.repo = repo

    def goods_out(self, order_ids: list[int] | None, note_ids: list[int] | None = None) -> dict:
        """`GET /order/{ids|*}/goods-note/goods-out/{noteIds?}` → `{noteId: note}` ({} if none)."""
        clauses, args = [], []
        for column, ids in (("order_id", order_ids), ("id", note_ids)):
            if ids is not None:
                clauses.append(f"{column} IN ({','.join('?' * len(ids)) or 'NULL'})")
                args += ids
        where = " AND ".join(clauses) or "1=1"
        with self.repo.read() as conn:
            sql = f"SELECT * FROM goods_notes WHERE {where} ORDER BY id"  # noqa: S608
            notes = conn.execute(sql, args).fetchall()
            return {str(note["id"]): _note_json(conn, note) for note in notes}

    def create_goods_out(self, order_id: int, body) -> list[int]:
        """Brightpearl's POST: one note per warehouse entry; answers the new notes' ids."""
        warehouses = _warehouses(body)
        method = v.int_field(body, "shippingMethodId")
        with self.repo.write() as conn:
            order = require_order(conn, order_id)
            if order["type_code"] != "SO":
                raise BadRequest("Goods-out notes are for sales orders")
            return [insert_note(conn, order_id, method=method) for _ in warehouses]

    def update_shipping(self, note_id: int, body) -> None:
        """`PUT /goods-note/goods-out/{id}`: the shipping data named (tracking, boxes, weight)."""
        changes = _shipping_changes(body)
        with self.repo.write() as conn:
            note = require_row(conn, "goods_notes", note_id, NO_NOTE)
            for column, value in changes.items():
                conn.execute(f"UPDATE goods_notes SET {column} = ? WHERE id = ?", (value, note_id))  # noqa: S608
            touch_order(conn, note["order_id"])

    def add_events(self, note_id: int, body) -> None:
        """`POST /goods-note/goods-out/{id}/event` `{"events": [{eventCode, occured?}]}`."""
        events = _events(body)
        with self.repo.write() as conn:
            note = require_row(conn, "goods_notes", note_id, NO_NOTE)
            if note["shipped_on"]:
                raise BadRequest(f"Goods-out note {note_id} is shipped: no event can follow")
            for code, occured in events:
                record_event(conn, note_id, code, occured)
            touch_order(conn, note["order_id"])

    def ship(self, order_id: int, tracking: str) -> int:
        """Ops: a shipped goods-out note with a tracking number."""
        if not isinstance(tracking, str) or not tracking.strip():
            raise BadRequest("tracking is required")
        with self.repo.write() as conn:
            require_order(conn, order_id)
            note_id = insert_note(conn, order_id, method=1, reference=tracking.strip())
            record_event(conn, note_id, "SHW", v.now_iso())
            return note_id


def insert_note(conn: sqlite3.Connection, order_id: int, *, method=None, reference="") -> int:
    sequence = conn.execute(
        "SELECT COUNT(*) + 1 FROM goods_notes WHERE order_id = ?", (order_id,)
    ).fetchone()[0]
    note_id = conn.execute(
        "INSERT INTO goods_notes (order_id, warehouse_id, created_on, reference,"
        " shipping_method_id, sequence) VALUES (?, ?, ?, ?, ?, ?)",
        (order_id, WAREHOUSE_ID, v.now_iso(), reference, method, sequence),
    ).lastrowid
    touch_order(conn, order_id)
    log.info("goods-out note %s for order %s", note_id, order_id)
    return note_id


def record_event(conn: sqlite3.Connection, note_id: int, code: str, occured: str) -> None:
    """Set the step's date; SHW also sets the steps before it that have none."""
    steps = [step for event, step in STEPS] if code == "SHW" else [_EVENT_STEP[code]]
    for step in steps:
        conn.execute(
            f"UPDATE goods_notes SET {step}_on = COALESCE({step}_on, ?),"  # noqa: S608
            " event_version = event_version + 1 WHERE id = ?",
            (occured, note_id),
        )


def _warehouses(body) -> list[dict]:
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object")
    warehouses = v.field(body, "warehouses", list, required=True)
    if not warehouses:
        raise BadRequest("warehouses must name at least one warehouse")
    for entry in warehouses:
        if v.int_field(entry, "warehouseId", required=True) != WAREHOUSE_ID:
            raise BadRequest(f"Unknown warehouseId: {entry['warehouseId']}")
        v.field(entry, "products", list, default=[])
    return warehouses


def _shipping_changes(body) -> dict:
    shipping = v.obj(body, "shipping") if isinstance(body, dict) and "shipping" in body else body
    changes = {}
    for name, kind in _SHIPPING.items():
        if kind == "number":
            value = v.money_field(shipping, name)
            value = None if value is None else str(value)
        else:
            value = (v.str_field if kind is str else v.int_field)(shipping, name)
        if value is not None:
            changes[{"shippingMethodId": "shipping_method_id"}.get(name, name)] = value
    return changes


def _events(body) -> list[tuple[str, str]]:
    events = v.field(body, "events", list, required=True)
    out = []
    for event in events:
        code = v.str_field(event, "eventCode", required=True)
        if code not in _EVENT_STEP:
            raise BadRequest(f"eventCode must be one of {', '.join(_EVENT_STEP)}")
        out.append((code, v.date_field(event, "occured") or v.now_iso()))
    return out


def _note_json(conn: sqlite3.Connection, note: sqlite3.Row) -> dict:
    """One goods-out note as Brightpearl's GET answers it."""
    rows = conn.execute(
        "SELECT id, product_id, quantity FROM order_rows WHERE order_id = ? ORDER BY id",
        (note["order_id"],),
    )
    return {
        "orderId": note["order_id"],
        "warehouseId": note["warehouse_id"],
        "transfer": False,
        "priority": False,
        "status": _status(note),
        "shipping": _shipping(note),
        "releaseDate": note["created_on"],
        "createdOn": note["created_on"],
        "createdBy": 0,
        "orderRows": {
            str(r["id"]): [
                {
                    "productId": r["product_id"],
                    "quantity": r["quantity"],
                    "locationId": WAREHOUSE_ID,
                }
            ]
            for r in rows
        },
        "sequence": note["sequence"],
        "events": _note_events(note),
        "lastEventVersion": note["event_version"],
    }


def _status(note: sqlite3.Row) -> dict:
    status = {step: note[f"{step}_on"] is not None for _, step in STEPS}
    for _, step in STEPS:
        if note[f"{step}_on"]:
            status[f"{step}On"] = note[f"{step}_on"]
            status[f"{step}ById"] = 0
    return status


def _shipping(note: sqlite3.Row) -> dict:
    shipping = {"reference": note["reference"], "shippingMethodId": note["shipping_method_id"] or 0}
    if note["boxes"] is not None:
        shipping["boxes"] = note["boxes"]
    if note["weight"] is not None:
        shipping["weight"] = note["weight"]
    return shipping


def _note_events(note: sqlite3.Row) -> list[dict]:
    events = [{"occured": note["created_on"], "eventOwnerId": 0, "eventCode": "PLA"}]
    for code, step in STEPS:
        if note[f"{step}_on"]:
            events.append({"occured": note[f"{step}_on"], "eventOwnerId": 0, "eventCode": code})
    return events
