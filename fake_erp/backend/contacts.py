"""Contacts: customers, suppliers and staff, and their custom fields.

The GET shape is Brightpearl's as recorded (docs/erp-contract.md): `financialDetails` with its
eight fields, `postAddressIds`, `isCustomer` only in the search. An id set naming no contact is
`404 CMNC-404 "No Contact Found"`.
"""

from __future__ import annotations

import logging
import sqlite3

from fake_erp.backend import values as v
from fake_erp.backend.custom_fields import apply_field_patch, patch_ops, read_fields
from fake_erp.backend.queries import exists, ids_in_ranges, require_row, rows_by_ids
from fake_erp.backend.repository import Repository
from fake_erp.backend.search import Column, SearchSpec, run_search
from fake_erp.backend.tax import check_tax_code_id
from fake_erp.errors import BadPatch, BadRequest, NotFound

log = logging.getLogger(__name__)

ADDRESS_TYPES = ("DEF", "BIL", "DEL")
NO_CONTACT = "No Contact Found"
PAGE_SIZE = 200
CUSTOMER_NOMINAL_CODE, SUPPLIER_NOMINAL_CODE = "1100", "2100"
_IS_CUSTOMER = "(is_supplier = 0 AND is_staff = 0)"
_LAST_ORDERED = "(SELECT MAX(o.created_on) FROM orders o WHERE o.contact_id = contacts.id)"
_NOMINAL = f"(CASE WHEN is_supplier THEN {SUPPLIER_NOMINAL_CODE} ELSE {CUSTOMER_NOMINAL_CODE} END)"

# Brightpearl's contact-search columns, in its order (recorded answer, docs/erp-contract.md).
CONTACT_SEARCH = SearchSpec(
    source="contacts",
    columns=(
        Column("contactId", "id", "IDSET"),
        Column("primaryEmail", "email", "SEARCH_STRING"),
        Column("secondaryEmail", "''", "SEARCH_STRING"),
        Column("tertiaryEmail", "''", "SEARCH_STRING"),
        Column("firstName", "first_name", "SEARCH_STRING"),
        Column("lastName", "last_name", "SEARCH_STRING"),
        Column("isSupplier", "is_supplier", "BOOLEAN", sortable=False),
        Column("companyName", "company", "SEARCH_STRING"),
        Column("isStaff", "is_staff", "BOOLEAN", sortable=False),
        Column("isCustomer", _IS_CUSTOMER, "BOOLEAN", sortable=False),
        Column("createdOn", "created_on", "PERIOD"),
        Column("updatedOn", "updated_on", "PERIOD"),
        Column("lastContactedOn", "NULL", "PERIOD"),
        Column("lastOrderedOn", _LAST_ORDERED, "PERIOD"),
        Column("nominalCode", _NOMINAL, "INTEGER"),
        Column("isPrimary", "1", "BOOLEAN"),
        Column("pri", "phone", "STRING", sortable=False),
        Column("sec", "''", "STRING", sortable=False),
        Column("mob", "''", "STRING", sortable=False),
        Column("exactCompanyName", "company", "STRING"),
        Column("title", "''", "STRING"),
    ),
)

# JSON Patch paths a PATCH /contact/{id} may replace: path -> (column, kind).
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
    "/financialDetails/taxCodeId": ("tax_code_id", int),
}
_NULLABLE = (
    "/financialDetails/priceListId",
    "/assignment/current/staffOwnerContactId",
    "/financialDetails/taxCodeId",
)


class Contacts:
    """The contact rules over the repository."""

    def __init__(self, repo: Repository):
        self.repo = repo

    def get_many(self, ids: list[int]) -> list[dict]:
        """`GET /contact/{idset}`: unknown ids are left out; none known is a 404."""
        with self.repo.read() as conn:
            rows = rows_by_ids(conn, "contacts", ids)
            if not rows:
                raise NotFound(NO_CONTACT)
            return [_contact_json(conn, row) for row in rows]

    def page(self, first: int, size: int, descending: bool) -> tuple[list[dict], bool]:
        """`GET /contact` without ids: one page of contacts, and whether more follow."""
        order = "DESC" if descending else "ASC"
        with self.repo.read() as conn:
            rows = conn.execute(
                f"SELECT * FROM contacts ORDER BY id {order} LIMIT ? OFFSET ?",  # noqa: S608
                (size + 1, first - 1),
            ).fetchall()
            return [_contact_json(conn, row) for row in rows[:size]], len(rows) > size

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
                " tax_code_id, created_on, updated_on) VALUES (:first_name, :last_name, :company,"
                " :email, :phone, :is_supplier, :is_staff, :price_list_id, :credit_limit,"
                " :credit_term_days, :currency_id, :owner_id, :tax_code_id, :now, :now)",
                {**record, "now": now},
            )
            log.info("created contact %s", cursor.lastrowid)
            return cursor.lastrowid

    def patch(self, contact_id: int, ops) -> dict:
        """`PATCH /contact/{id}` with JSON Patch `replace`/`add` ops on known paths; answers the
        contact as it now is (as Brightpearl does)."""
        changes = {}
        for op in patch_ops(ops):
            if op["op"] not in ("replace", "add") or op["path"] not in _PATCHABLE:
                raise BadPatch(op["op"], op["path"])
            column, kind = _PATCHABLE[op["path"]]
            changes[column] = _patch_value(op, kind)
        with self.repo.write() as conn:
            current = require_row(conn, "contacts", contact_id, NO_CONTACT)
            _check_references(conn, {**dict(current), **changes})
            for column, value in changes.items():
                conn.execute(f"UPDATE contacts SET {column} = ? WHERE id = ?", (value, contact_id))  # noqa: S608
            conn.execute(
                "UPDATE contacts SET updated_on = ? WHERE id = ?", (v.now_iso(), contact_id)
            )
            return _contact_json(conn, require_row(conn, "contacts", contact_id, NO_CONTACT))

    def custom_fields(self, contact_id: int) -> dict:
        with self.repo.read() as conn:
            require_row(conn, "contacts", contact_id, NO_CONTACT)
            return read_fields(conn, "contact_fields", "contact_id", contact_id)

    def patch_custom_fields(self, contact_id: int, ops) -> dict:
        with self.repo.write() as conn:
            require_row(conn, "contacts", contact_id, NO_CONTACT)
            return apply_field_patch(conn, "contact_fields", "contact_id", contact_id, ops)


def _contact_json(conn: sqlite3.Connection, row: sqlite3.Row) -> dict:
    """One contact as Brightpearl's GET answers it (recorded shape; money as JSON numbers)."""
    links = conn.execute(
        "SELECT type, MIN(address_id) FROM contact_addresses WHERE contact_id = ? AND type != ''"
        " GROUP BY type",
        (row["id"],),
    ).fetchall()
    owner = row["owner_id"]
    return {
        "contactId": row["id"],
        "isPrimaryContact": True,
        "salutation": "",
        "firstName": row["first_name"],
        "lastName": row["last_name"],
        "postAddressIds": {link[0]: link[1] for link in links},
        "communication": {
            "emails": {"PRI": {"email": row["email"]}} if row["email"] else {},
            "telephones": {"PRI": row["phone"]} if row["phone"] else {},
            "messagingVoips": {},
            "websites": {},
        },
        "contactStatus": {"current": {"contactStatusId": 0}},
        "relationshipToAccount": {
            "isSupplier": bool(row["is_supplier"]),
            "isStaff": bool(row["is_staff"]),
        },
        "marketingDetails": {"isReceiveEmailNewsletter": False},
        "financialDetails": _financial_details(row),
        "assignment": {"current": {"staffOwnerContactId": owner} if owner else {}},
        "organisation": {"organisationId": row["id"], "name": row["company"]},
        "tradeStatus": "UNKNOWN",
        "createdByid": 0,  # sic: Brightpearl's spelling
        "createdOn": row["created_on"],
        "updatedOn": row["updated_on"],
        "contactTags": "",
        "aliases": {},
        "companyId": 0,
    }


def _financial_details(row: sqlite3.Row) -> dict:
    """`priceListId` is absent when the contact has none (the default list applies)."""
    details = {
        "priceListId": row["price_list_id"],
        "nominalCode": SUPPLIER_NOMINAL_CODE if row["is_supplier"] else CUSTOMER_NOMINAL_CODE,
        "creditLimit": v.json_number(row["credit_limit"]),
        "creditTermDays": row["credit_term_days"],
        "currencyId": row["currency_id"],
        "discountPercentage": v.json_number(row["discount_percentage"]),
        "creditTermTypeId": 1,
        "taxCodeId": row["tax_code_id"] or 0,  # 0: none (the products' codes apply)
    }
    return {k: value for k, value in details.items() if value is not None}


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
        "tax_code_id": v.int_field(finance, "taxCodeId") or None,
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
        if value is not None and not exists(conn, table, value):
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
    check_tax_code_id(conn, record.get("tax_code_id"))


def _patch_value(op: dict, kind):
    value = op.get("value")
    if kind == "money":
        return v.money(v.money_field({"value": value}, "value", required=True))
    if kind is int and value is None and op["path"] in _NULLABLE:
        return None
    if kind is int:
        return v.int_field({"value": value}, "value", required=True)
    return v.str_field({"value": value}, "value", required=False) or ""
