"""Custom fields (`PCF_*`) of contacts and orders, read and changed with JSON Patch.

Brightpearl answers both the GET and the PATCH with the object's whole field map.
"""

from __future__ import annotations

import json
import re
import sqlite3

from fake_erp.errors import BadPatch, BadRequest

_FIELD_NAME = re.compile(r"^/(PCF_[A-Za-z0-9_]{1,40})$")
MAX_TEXT = 10000


def read_fields(conn: sqlite3.Connection, table: str, key: str, owner_id: int) -> dict:
    """Custom fields as `{"PCF_X": value}`; absent keys are absent, not null."""
    sql = f"SELECT name, value FROM {table} WHERE {key} = ? ORDER BY name"  # noqa: S608
    rows = conn.execute(sql, (owner_id,))
    return {row["name"]: json.loads(row["value"]) for row in rows}


def apply_field_patch(conn: sqlite3.Connection, table: str, key: str, owner_id: int, ops) -> dict:
    """JSON Patch `add`/`replace`/`remove` on `/PCF_NAME`; returns the fields afterwards."""
    for op in patch_ops(ops):
        match = _FIELD_NAME.match(op["path"])
        if op["op"] not in ("add", "replace", "remove") or not match:
            raise BadPatch(op["op"], op["path"])
        name = match.group(1)
        conn.execute(f"DELETE FROM {table} WHERE {key} = ? AND name = ?", (owner_id, name))  # noqa: S608
        if op["op"] != "remove":
            value = op.get("value")
            if isinstance(value, (dict, list)) or (
                isinstance(value, str) and len(value) > MAX_TEXT
            ):
                raise BadRequest(f"{name} must be a string, number, boolean or null")
            conn.execute(
                f"INSERT INTO {table} ({key}, name, value) VALUES (?, ?, ?)",  # noqa: S608
                (owner_id, name, json.dumps(value)),
            )
    return read_fields(conn, table, key, owner_id)


def patch_ops(ops) -> list[dict]:
    """Check the JSON Patch document's shape (a non-empty list of {op, path, value?})."""
    if not isinstance(ops, list) or not ops:
        raise BadRequest("A JSON Patch must be a non-empty list of operations")
    for op in ops:
        if not isinstance(op, dict) or not isinstance(op.get("op"), str):
            raise BadRequest("Each patch operation needs an op")
        if not isinstance(op.get("path"), str):
            raise BadRequest("Each patch operation needs a path")
    return ops
