"""Postal addresses and their links to contacts (the address book is an extension).

Brightpearl's form: `POST /postal-address` takes a 3-letter `countryIsoCode` (or `countryId`);
the GET answers `addressId`, `contactId` and the country as `countryIsoCode` (alpha-3),
`countryIsoCode2` and `countryId`. An address belongs to the first contact it is linked to.
`PUT /contact/{id}/postal-address` adds links and never removes others (docs/erp-contract.md).
"""

from __future__ import annotations

import logging
import sqlite3

from fake_erp.backend import values as v
from fake_erp.backend.contacts import ADDRESS_TYPES, NO_CONTACT
from fake_erp.backend.countries import COUNTRIES, country
from fake_erp.backend.queries import require_row, rows_by_ids
from fake_erp.backend.repository import Repository
from fake_erp.errors import BadRequest

log = logging.getLogger(__name__)

HOME_COUNTRY = "GBR"  # the account's country: an address that names none is in it
_LINES = {
    "addressLine1": "line1",
    "addressLine2": "line2",
    "addressLine3": "line3",
    "addressLine4": "line4",
    "postalCode": "postal_code",
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
        """`PUT /postal-address/{id}`: the same fields as the POST, addressLine1 required."""
        record = address_record(body)
        with self.repo.write() as conn:
            require_row(conn, "addresses", address_id, "No Postal Address Found")
            for column, value in record.items():
                conn.execute(f"UPDATE addresses SET {column} = ? WHERE id = ?", (value, address_id))  # noqa: S608

    def link(self, contact_id: int, body) -> None:
        """`PUT /contact/{id}/postal-address` `[{"postalAddressId": 5, "type": "DEL"}]`."""
        links = _links(body)
        with self.repo.write() as conn:
            require_row(conn, "contacts", contact_id, NO_CONTACT)
            for address_id, kind in links:
                _link(conn, contact_id, address_id, kind)

    def address_book(self, contact_id: int) -> list[dict]:
        """**Extension** `GET /contact/{id}/postal-address`: every linked address with its types."""
        with self.repo.read() as conn:
            require_row(conn, "contacts", contact_id, NO_CONTACT)
            rows = conn.execute(
                "SELECT a.*, GROUP_CONCAT(l.type) AS types FROM addresses a"
                " JOIN contact_addresses l ON l.address_id = a.id WHERE l.contact_id = ?"
                " GROUP BY a.id ORDER BY a.id",
                (contact_id,),
            ).fetchall()
            return [_book_entry(row) for row in rows]


def _link(conn: sqlite3.Connection, contact_id: int, address_id: int, kind: str | None) -> None:
    """One link; the address must exist and belong to no other contact (all or nothing)."""
    address = conn.execute(
        "SELECT contact_id FROM addresses WHERE id = ?", (address_id,)
    ).fetchone()
    if address is None:
        raise BadRequest(f"Unknown postalAddressId: {address_id}")
    if address["contact_id"] not in (None, contact_id):
        raise BadRequest(f"Postal address {address_id} belongs to another contact")
    conn.execute("UPDATE addresses SET contact_id = ? WHERE id = ?", (contact_id, address_id))
    if kind:  # a contact has one address per type: the new link takes the type over
        conn.execute(
            "DELETE FROM contact_addresses WHERE contact_id = ? AND type = ?", (contact_id, kind)
        )
        conn.execute(
            "INSERT OR IGNORE INTO contact_addresses VALUES (?, ?, ?)",
            (contact_id, address_id, kind),
        )
    conn.execute(
        "INSERT OR IGNORE INTO contact_addresses VALUES (?, ?, '')", (contact_id, address_id)
    )


def address_record(body) -> dict:
    """Validate an address body into column values (addressLine1 is required)."""
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object")
    record = {}
    for name, column in _LINES.items():
        value = v.str_field(body, name, required=(name == "addressLine1"), max_len=200)
        record[column] = (value or "").strip()
    if not record["line1"]:
        raise BadRequest("addressLine1 must not be empty")
    record["country"] = _country_of(body)
    return record


def _country_of(body: dict) -> str:
    """`countryIsoCode` (3 letters) or `countryId`; neither means the account's own country."""
    code = v.str_field(body, "countryIsoCode", max_len=3)
    country_id = v.int_field(body, "countryId")
    if code:
        return country(code).iso3
    if country_id is not None:
        found = next((c for c in COUNTRIES.values() if c.id == country_id), None)
        if found is None:
            raise BadRequest(f"Unknown countryId: {country_id}")
        return found.iso3
    return HOME_COUNTRY


def insert_address(conn: sqlite3.Connection, record: dict, contact_id: int | None = None) -> int:
    cursor = conn.execute(
        "INSERT INTO addresses (contact_id, line1, line2, line3, line4, postal_code, country)"
        " VALUES (:contact_id, :line1, :line2, :line3, :line4, :postal_code, :country)",
        {**record, "contact_id": contact_id},
    )
    return cursor.lastrowid


def address_json(row: sqlite3.Row) -> dict:
    """Brightpearl's postal-address GET element (empty lines are left out, as it does)."""
    out = {"addressId": row["id"]}
    if row["contact_id"] is not None:
        out["contactId"] = row["contact_id"]
    out.update({name: row[column] for name, column in _LINES.items() if row[column]})
    found = COUNTRIES.get(row["country"])
    if found is not None:
        out.update(countryIsoCode=found.iso3, countryIsoCode2=found.iso2, countryId=found.id)
    return out


def _book_entry(row: sqlite3.Row) -> dict:
    entry = address_json(row)
    types = [t for t in (row["types"] or "").split(",") if t]
    entry["types"] = [t for t in ADDRESS_TYPES if t in types]
    return entry


def _links(body) -> list[tuple[int, str | None]]:
    if not isinstance(body, list) or not body:
        raise BadRequest("Expected a non-empty list of {postalAddressId, type}")
    links = []
    for item in body:
        address_id = v.int_field(item, "postalAddressId", required=True)
        kind = v.str_field(item, "type")
        if kind is not None and kind not in ADDRESS_TYPES:
            raise BadRequest(f"type must be one of {', '.join(ADDRESS_TYPES)} or null")
        links.append((address_id, kind))
    return links
