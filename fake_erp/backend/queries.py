"""SQL helpers every backend area shares: rows by id, ids within ID-set ranges, existence checks.

They live here, not in one area's module, so that no area imports another just for a query.
"""

from __future__ import annotations

import sqlite3

from fake_erp.backend.search import idset_clause
from fake_erp.errors import NotFound


def rows_by_ids(conn: sqlite3.Connection, table: str, ids: list[int]) -> list[sqlite3.Row]:
    """The rows of `table` whose id is in `ids`, in id order (unknown ids are left out)."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return conn.execute(f"SELECT * FROM {table} WHERE id IN ({marks}) ORDER BY id", ids).fetchall()  # noqa: S608


def ids_in_ranges(conn: sqlite3.Connection, table: str, ranges: list[tuple[int, int]]) -> list[int]:
    """Existing ids within ID-set ranges, without expanding them (OPTIONS may name 1-999999)."""
    if not ranges:
        return []
    clause, args = idset_clause("id", ",".join(f"{low}-{high}" for low, high in ranges))
    rows = conn.execute(f"SELECT id FROM {table} WHERE {clause} ORDER BY id", args)  # noqa: S608
    return [row[0] for row in rows]


def exists(conn: sqlite3.Connection, table: str, row_id) -> bool:
    return conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is not None  # noqa: S608


def require_row(conn: sqlite3.Connection, table: str, row_id: int, message: str) -> sqlite3.Row:
    """The row, or the 404 Brightpearl answers for an unknown id (`message` is its text)."""
    row = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()  # noqa: S608
    if row is None:
        raise NotFound(message)
    return row
