"""`PATCH /order/{id}`: JSON Patch on an order's header, answering the order as it now is.

Brightpearl's recorded use is `replace` on `/reference` and `/delivery/deliveryDate` (reference
§5.3); a path it cannot patch, or `add` where a value already is, is its `500 CMNC-044`. The
fake serves those two paths (a supplier's promised date becomes the purchase order's delivery
date) and `add` where the order has no value yet.
"""

from __future__ import annotations

import sqlite3

from fake_erp.backend import values as v
from fake_erp.backend.custom_fields import patch_ops
from fake_erp.errors import BadPatch, BadRequest

# JSON Patch path -> (column, how its value is checked)
_PATCHABLE = {
    "/reference": ("reference", "text"),
    "/delivery/deliveryDate": ("delivery_date", "date"),
}


def order_changes(current: sqlite3.Row, ops) -> dict:
    """The columns to set, from a checked patch document; nothing is written here."""
    changes: dict[str, str] = {}
    for op in patch_ops(ops):
        target = _PATCHABLE.get(op["path"])
        if target is None or op["op"] not in ("replace", "add"):
            raise BadPatch(op["op"], op["path"])
        column, kind = target
        if op["op"] == "add" and current[column]:
            raise BadPatch(op["op"], op["path"])  # Brightpearl: `add` on an existing value
        changes[column] = _value(op, kind)
    return changes


def _value(op: dict, kind: str) -> str:
    value = op.get("value")
    if kind == "date":
        return v.date_field({"value": value}, "value", required=True)
    if not isinstance(value, str) or len(value) > 200:
        raise BadRequest(f"{op['path']} must be a string of at most 200 characters")
    return value
