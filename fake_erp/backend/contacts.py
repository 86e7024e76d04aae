"""Contacts: customers, suppliers and staff; custom fields; postal addresses.

Follows erp-api.md "Contacts" and docs/erp-contract.md (isCustomer, address book extension).
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3

from fake_erp.backend import values as v
from fake_erp.backend.repository import Repository
from fake_erp.errors import BadPatch, BadRequest, NotFound
from fake_erp.search import Column, SearchSpec, idset_clause, run_search

log = logging.getLogger(__name__)

ADDRESS_TYPES = ("DEF", "BIL", "DEL")
_FIELD_NAME = re.compile(r"^/(PCF_[A-Za-z0-9_]{1,40})$")

CONTACT_SEARCH = SearchSpec(
    source="contacts",
    columns=(
        Column("contactId", "id", "INTEGER"),
        Column("primaryEmail", "email", "STRING"),
        Column("firstName", "first_name", "STRING"),
        Column("lastName", "last_name", "STRING"),
        Column("companyName", "company", "STRING"),
        Column("isCustomer", "(is_supplier = 0 AND is_staff = 0)", "BOOLEAN"),
        Column("isSupplier", "is_supplier", "BOOLEAN"),
        Column("isStaff", "is_staff", "BOOLEAN"),
        Column("createdOn", "created_on", "DATETIME"),
        Column("updatedOn", "updated_on", "DATETIME"),
    ),
)

# JSON Patch paths a PATCH /contact/{id} may replace: path -> (column, checker).
_PATCHABLE = {
    "/firstName": ("first_name", str),
    "/lastName": ("last_name", str),
    "/organisation/name": ("company", str),
    "/communication/emails/PRI/email": ("email", str),
    "/communication/telephones/PRI": ("phone", str),
    "/financialDetails/priceListId": ("price_list_id", int),
    "/financialDetails/currencyId": ("currency_id", int),
    "/financialDetails/creditLimit": ("credit_limit", "money"),
    "/financialDetails/creditTermDays": ("credit_term_days", int),
    "/assignment/current/staffOwnerContactId": ("owner_id", int),
}


class Contacts:
    """The contact rules over the repository."""

    def __init__(self, repo: Repository):
        self.repo = repo

    def get_many(self, ids: list[int]) -> list[dict]:
        """`GET /contact/{idset}`: unknown ids are left out."""
        with self.repo.read() as conn:
            rows = _rows_by_ids(conn, "contacts", ids)
            return [_contact_json(conn, row) for row in rows]

    def existing_ids(self, ranges: list[tuple[int, int]]) -> list[int]:
        with self.repo.read() as conn:
            return ids_in_ranges(conn, "contacts", ranges)

    def search(self, params) -> dict:
        with self.repo.read() as conn:
            return run_search(conn, CONTACT_SEARCH, params)

    def create(self, body: dict) -> int:
        """`POST /contact`: the fields the test factories need (see the brief)."""
        record = _contact_record(body)
        with self.repo.write() as conn:
            _check_references(conn, record)
            now = v.now_iso()
            cursor = conn.execute(
                "INSERT INTO contacts (first_name, last_name, company, email, phone, is_supplier,"
                " is_staff, price_list_id, credit_limit, credit_term_days, currency_id, owner_id,"
                " created_on, updated_on) VALUES (:first_name, :last_name, :company, :email,"
                " :phone, :is_supplier, :is_staff, :price_list_id, :credit_limit,"
                " :credit_term_days, :currency_id, :owner_id, :now, :now)",
                {**record, "now": now},
            )
            log.info("created contact %s", cursor.lastrowid)
            return cursor.lastrowid

    def patch(self, contact_id: int, ops) -> None:
        """`PATCH /contact/{id}` with JSON Patch `replace`/`add` ops on known paths."""
        changes = {}
        for op in _patch_ops(ops):
            if op["op"] not in ("replace", "add") or op["path"] not in _PATCHABLE:
                raise BadPatch(f"Unsupported patch: {op['op']} {op['path']}")
            column, kind = _PATCHABLE[op["path"]]
            changes[column] = _patch_value(op, kind)
        with self.repo.write() as conn:
            current = _require_contact(conn, contact_id)
            _check_references(conn, {**dict(current), **changes})
            for column, value in changes.items():
                conn.execute(f"UPDATE contacts SET {column} = ? WHERE id = ?", (value, contact_id))  # noqa: S608
            conn.execute(
                "UPDATE contacts SET updated_on = ? WHERE id = ?", (v.now_iso(), contact_id)
            )

    def custom_fields(self, contact_id: int) -> dict:
        with self.repo.read() as conn:
            _require_contact(conn, contact_id)
            return read_fields(conn, "contact_fields", "contact_id", contact_id)

    def patch_custom_fields(self, contact_id: int, ops) -> None:
        with self.repo.write() as conn:
            _require_contact(conn, contact_id)
            apply_field_patch(conn, "contact_fields", "contact_id", contact_id, ops)

    def require_customer(self, conn: sqlite3.Connection, contact_id) -> sqlite3.Row | None:
        row = conn.execute("SELECT * FROM contacts WHERE id = ?", (contact_id,)).fetchone()
        if row is None or row["is_supplier"] or row["is_staff"]:
            return None
        return row


def _rows_by_ids(conn: sqlite3.Connection, table: str, ids: list[int]) -> list[sqlite3.Row]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return conn.execute(f"SELECT * FROM {table} WHERE id IN ({marks}) ORDER BY id", ids).fetchall()  # noqa: S608


rows_by_ids = _rows_by_ids


def ids_in_ranges(conn: sqlite3.Connection, table: str, ranges: list[tuple[int, int]]) -> list[int]:
    """Existing ids within ID-set ranges, without expanding them (OPTIONS may name 1-999999)."""
    clause, args = idset_clause("id", ",".join(f"{low}-{high}" for low, high in ranges))
    rows = conn.execute(f"SELECT id FROM {table} WHERE {clause} ORDER BY id", args)  # noqa: S608
    return [row[0] for row in rows]


def _require_contact(conn: sqlite3.Connection, contact_id: int) -> sqlite3.Row:
    row = conn.execute("SELECT * FROM contacts WHERE id = ?", (contact_id,)).fetchone()
    if row is None:
        raise NotFound("No Contact Found")
    return row


def _contact_json(conn: sqlite3.Connection, row: sqlite3.Row) -> dict:
    links = conn.execute(
        "SELECT type, MIN(address_id) FROM contact_addresses WHERE contact_id = ? AND type != ''"
        " GROUP BY type",
        (row["id"],),
    ).fetchall()
    return {
        "contactId": row["id"],
        "firstName": row["first_name"],
        "lastName": row["last_name"],
        "organisation": {"name": row["company"]},
        "communication": {
            "emails": {"PRI": {"email": row["email"]}} if row["email"] else {},
            "telephones": {"PRI": row["phone"]} if row["phone"] else {},
        },
        "postAddressIds": {link[0]: link[1] for link in links},
        "relationshipToAccount": {
            "isSupplier": bool(row["is_supplier"]),
            "isStaff": bool(row["is_staff"]),
        },
        "financialDetails": {
            "priceListId": row["price_list_id"],
            "creditLimit": row["credit_limit"],
            "creditTermDays": row["credit_term_days"],
            "currencyId": row["currency_id"],
        },
        "assignment": {"current": {"staffOwnerContactId": row["owner_id"]}},
        "createdOn": row["created_on"],
        "updatedOn": row["updated_on"],
    }


def _contact_record(body) -> dict:
    """Validate a contact POST body into column values."""
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object")
    emails = v.obj(v.obj(body, "communication"), "emails")
    relation = v.obj(body, "relationshipToAccount")
    finance = v.obj(body, "financialDetails")
    credit = v.money_field(finance, "creditLimit")
    record = {
        "first_name": v.str_field(body, "firstName") or "",
        "last_name": v.str_field(body, "lastName") or "",
        "company": v.str_field(v.obj(body, "organisation"), "name") or "",
        "email": v.str_field(v.obj(emails, "PRI"), "email") or "",
        "phone": v.str_field(v.obj(v.obj(body, "communication"), "telephones"), "PRI") or "",
        "is_supplier": int(v.field(relation, "isSupplier", bool, default=False)),
        "is_staff": int(v.field(relation, "isStaff", bool, default=False)),
        "price_list_id": v.int_field(finance, "priceListId"),
        "credit_limit": v.money(credit if credit is not None else 0),
        "credit_term_days": v.int_field(finance, "creditTermDays") or 30,
        "currency_id": v.int_field(finance, "currencyId") or 1,
        "owner_id": v.int_field(v.obj(v.obj(body, "assignment"), "current"), "staffOwnerContactId"),
    }
    if not (record["first_name"] or record["last_name"] or record["company"]):
        raise BadRequest("A contact needs a firstName, lastName or organisation name")
    return record


def _check_references(conn: sqlite3.Connection, record: dict) -> None:
    """The price list, currency and account manager a contact names must exist."""
    checks = [
        ("price_lists", record.get("price_list_id"), "priceListId"),
        ("currencies", record.get("currency_id"), "currencyId"),
    ]
    for table, value, name in checks:
        if (
            value is not None
            and not conn.execute(
                f"SELECT 1 FROM {table} WHERE id = ?",  # noqa: S608
                (value,),
            ).fetchone()
        ):
            raise BadRequest(f"Unknown {name}: {value}")
    owner = record.get("owner_id")
    if (
        owner is not None
        and not conn.execute(
            "SELECT 1 FROM contacts WHERE id = ? AND is_staff = 1", (owner,)
        ).fetchone()
    ):
        raise BadRequest(f"staffOwnerContactId {owner} is not a staff contact")
    if record.get("credit_term_days") is not None and not 0 <= record["credit_term_days"] <= 3650:
        raise BadRequest("creditTermDays is out of range")


def _patch_ops(ops) -> list[dict]:
    """Check the JSON Patch document's shape (a list of {op, path, value?})."""
    if not isinstance(ops, list) or not ops:
        raise BadPatch("A JSON Patch must be a non-empty list of operations")
    for op in ops:
        if not isinstance(op, dict) or not isinstance(op.get("op"), str):
            raise BadPatch("Each patch operation needs an op")
        if not isinstance(op.get("path"), str):
            raise BadPatch("Each patch operation needs a path")
    return ops


def _patch_value(op: dict, kind):
    value = op.get("value")
    if kind == "money":
        return v.money(v.money_field({"value": value}, "value", required=True))
    nullable = ("/financialDetails/priceListId", "/assignment/current/staffOwnerContactId")
    if kind is int and value is None and op["path"] in nullable:
        return None
    if kind is int:
        return v.int_field({"value": value}, "value", required=True)
    return v.str_field({"value": value}, "value", required=False) or ""


def read_fields(conn: sqlite3.Connection, table: str, key: str, owner_id: int) -> dict:
    """Custom fields as `{"PCF_X": value}`; absent keys are absent, not null."""
    sql = f"SELECT name, value FROM {table} WHERE {key} = ? ORDER BY name"  # noqa: S608
    rows = conn.execute(sql, (owner_id,))
    return {row["name"]: json.loads(row["value"]) for row in rows}


def apply_field_patch(conn: sqlite3.Connection, table: str, key: str, owner_id: int, ops) -> None:
    """JSON Patch `add`/`replace`/`remove` on `/PCF_NAME` (docs/erp-contract.md)."""
    for op in _patch_ops(ops):
        match = _FIELD_NAME.match(op["path"])
        if op["op"] not in ("add", "replace", "remove") or not match:
            raise BadPatch(f"Unsupported custom field patch: {op['op']} {op['path']}")
        name = match.group(1)
        conn.execute(f"DELETE FROM {table} WHERE {key} = ? AND name = ?", (owner_id, name))  # noqa: S608
        if op["op"] != "remove":
            value = op.get("value")
            if isinstance(value, (dict, list)) or (isinstance(value, str) and len(value) > 10000):
                raise BadRequest(f"{name} must be a string, number, boolean or null")
            conn.execute(
                f"INSERT INTO {table} ({key}, name, value) VALUES (?, ?, ?)",  # noqa: S608
                (owner_id, name, json.dumps(value)),
            )
