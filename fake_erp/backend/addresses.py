"""Postal addresses and their links to contacts (the address book is an extension).

docs/erp-contract.md: `PUT /contact/{id}/postal-address` adds links, never removes others.
"""

from __future__ import annotations

import logging
import sqlite3

from fake_erp.backend import values as v
from fake_erp.backend.contacts import ADDRESS_TYPES, rows_by_ids
from fake_erp.backend.repository import Repository
from fake_erp.errors import BadRequest, NotFound

log = logging.getLogger(__name__)

_COLUMNS = {
    "addressLine1": "line1",
    "addressLine2": "line2",
    "addressLine3": "line3",
    "addressLine4": "line4",
    "postalCode": "postal_code",
    "countryIsoCode": "country",
}


class Addresses:
    def __init__(self, repo: Repository):
        self.repo = repo

    def create(self, body) -> int:
        record = address_record(body)
        with self.repo.write() as conn:
            return insert_address(conn, record)

    def get_many(self, ids: list[int]) -> list[dict]:
        with self.repo.read() as conn:
            return [address_json(row) for row in rows_by_ids(conn, "addresses", ids)]

    def replace(self, address_id: int, body) -> None:
        """`PUT /postal-address/{id}`: the fields named are replaced."""
        record = address_record(body, partial=True)
        with self.repo.write() as conn:
            if not conn.execute("SELECT 1 FROM addresses WHERE id = ?", (address_id,)).fetchone():
                raise NotFound("No Postal Address Found")
            for column, value in record.items():
                conn.execute(f"UPDATE addresses SET {column} = ? WHERE id = ?", (value, address_id))  # noqa: S608

    def link(self, contact_id: int, body) -> None:
        """`PUT /contact/{id}/postal-address` `[{"postalAddressId": 5, "type": "DEL"}]`."""
        links = _links(body)
        with self.repo.write() as conn:
            if not conn.execute("SELECT 1 FROM contacts WHERE id = ?", (contact_id,)).fetchone():
                raise NotFound("No Contact Found")
            for address_id, kind in links:
                if not conn.execute(
                    "SELECT 1 FROM addresses WHERE id = ?", (address_id,)
                ).fetchone():
                    raise BadRequest(f"Unknown postalAddressId: {address_id}")
                # A contact has one address per type: the new link takes the type over.
                conn.execute(
                    "DELETE FROM contact_addresses WHERE contact_id = ? AND type = ?",
                    (contact_id, kind),
                )
                conn.execute(
                    "INSERT OR IGNORE INTO contact_addresses VALUES (?, ?, ?)",
                    (contact_id, address_id, kind),
                )
                conn.execute(
                    "INSERT OR IGNORE INTO contact_addresses VALUES (?, ?, '')",
                    (contact_id, address_id),
                )

    def address_book(self, contact_id: int) -> list[dict]:
        """**Extension** `GET /contact/{id}/postal-address`: every linked address with its types."""
        with self.repo.read() as conn:
            if not conn.execute("SELECT 1 FROM contacts WHERE id = ?", (contact_id,)).fetchone():
                raise NotFound("No Contact Found")
            rows = conn.execute(
                "SELECT a.*, GROUP_CONCAT(l.type) AS types FROM addresses a"
                " JOIN contact_addresses l ON l.address_id = a.id WHERE l.contact_id = ?"
                " GROUP BY a.id ORDER BY a.id",
                (contact_id,),
            ).fetchall()
            return [_book_entry(row) for row in rows]


def address_record(body, *, partial: bool = False) -> dict:
    """Validate an address body into column values (addressLine1 is required on create)."""
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object")
    record = {}
    for name, column in _COLUMNS.items():
        value = v.str_field(
            body, name, required=(name == "addressLine1" and not partial), max_len=200
        )
        if value is not None:
            record[column] = value.strip()
        elif not partial:
            record[column] = ""
    if "line1" in record and not record["line1"]:
        raise BadRequest("addressLine1 must not be empty")
    return record


def insert_address(conn: sqlite3.Connection, record: dict) -> int:
    cursor = conn.execute(
        "INSERT INTO addresses (line1, line2, line3, line4, postal_code, country)"
        " VALUES (:line1, :line2, :line3, :line4, :postal_code, :country)",
        record,
    )
    return cursor.lastrowid


def address_json(row: sqlite3.Row) -> dict:
    out = {"id": row["id"], "postalAddressId": row["id"]}
    out.update({name: row[column] for name, column in _COLUMNS.items()})
    return out


def _book_entry(row: sqlite3.Row) -> dict:
    entry = address_json(row)
    del entry["id"]
    types = [t for t in (row["types"] or "").split(",") if t]
    entry["types"] = [t for t in ADDRESS_TYPES if t in types]
    return entry


def _links(body) -> list[tuple[int, str]]:
    if not isinstance(body, list) or not body:
        raise BadRequest("Expected a non-empty list of {postalAddressId, type}")
    links = []
    for item in body:
        address_id = v.int_field(item, "postalAddressId", required=True)
        kind = v.str_field(item, "type", required=True)
        if kind not in ADDRESS_TYPES:
            raise BadRequest(f"type must be one of {', '.join(ADDRESS_TYPES)}")
        links.append((address_id, kind))
    return links
