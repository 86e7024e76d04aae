"""Order notes: added alone or with a status change, listed per order, searched across orders.

Brightpearl's note GET has `contactId` (the order's contact) and `addedBy` (who wrote it).
Brightpearl fills `addedBy` with the staff member behind the API token; the fake takes it from
the body instead (**extension**, docs/erp-contract.md), so that a note a customer wrote in the
portal names the customer. `order-note-search` is Brightpearl's own search (its columns, in its
order and types).
"""

from __future__ import annotations

import sqlite3

from fake_erp.backend import values as v
from fake_erp.backend.queries import exists
from fake_erp.backend.search import Column, SearchSpec
from fake_erp.errors import BadRequest

MAX_NOTE = 10000

NOTE_SEARCH = SearchSpec(
    source="order_notes",
    columns=(
        Column("orderId", "order_id", "IDSET"),
        Column("noteId", "id", "IDSET"),
        Column("contactId", "contact_id", "IDSET"),
        Column("noteText", "text", "SEARCH_STRING"),
        Column("isPublic", "is_public", "BOOLEAN"),
        Column("dateAdded", "added_on", "PERIOD"),
        Column("addedBy", "COALESCE(added_by, 0)", "IDSET"),
        Column("orderStatusId", "order_status_id", "IDSET"),
    ),
)


def parse_note(body, *, required: bool) -> dict | None:
    """`{text, isPublic?, addedOn?, addedBy?}` (None when optional and absent)."""
    if not body and not required:
        return None
    return {
        "text": v.str_field(body, "text", required=True, max_len=MAX_NOTE),
        "is_public": v.field(body, "isPublic", bool, default=False),
        "added_on": v.date_field(body, "addedOn"),
        "added_by": v.int_field(body, "addedBy"),
    }


def insert_note(conn: sqlite3.Connection, order: sqlite3.Row, note: dict) -> int:
    """Stores the note with the order's contact and current status; returns its id."""
    if note["added_by"] is not None and not exists(conn, "contacts", note["added_by"]):
        raise BadRequest(f"Unknown addedBy: {note['added_by']}")
    return conn.execute(
        "INSERT INTO order_notes (order_id, text, is_public, added_on, added_by, contact_id,"
        " order_status_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            order["id"],
            note["text"],
            int(note["is_public"]),
            note["added_on"] or v.now_iso(),
            note["added_by"],
            order["contact_id"],
            order["status_id"],
        ),
    ).lastrowid


def notes_of(conn: sqlite3.Connection, order_id: int, ids: list[int] | None) -> list[dict]:
    """`GET /order/{id}/note/{idset?}`, oldest first."""
    rows = conn.execute("SELECT * FROM order_notes WHERE order_id = ? ORDER BY id", (order_id,))
    return [note_json(r) for r in rows if ids is None or r["id"] in ids]


def note_json(row: sqlite3.Row) -> dict:
    return {
        "noteId": row["id"],
        "contactId": row["contact_id"],
        "text": row["text"],
        "isPublic": bool(row["is_public"]),
        "addedOn": row["added_on"],
        "addedBy": row["added_by"] or 0,
        "orderStatusId": row["order_status_id"],
    }
