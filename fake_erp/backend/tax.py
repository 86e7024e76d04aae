"""Tax codes (`accounting-service/tax-code`): what each order row's tax is worked out with.

Brightpearl's form (brightpearl-reference.md): `GET tax-code[/{idset}]` answers
`[{id, code, description, rate?}]`, the rate left out when it is zero. Products carry
`financialDetails.taxCode{id, code}`, contacts `financialDetails.taxCodeId`, and order rows
`rowValue{taxCode, taxRate}`. The fake computes no tax itself: rows carry the tax they were
given, but a row's code must be one the account has.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal

from fake_erp.backend import values as v
from fake_erp.backend.repository import Repository
from fake_erp.errors import BadRequest, NotFound

UNKNOWN_TAX_CODE = "ORDC-025"  # the fake's code (Brightpearl's for this is not known)


class TaxCodes:
    def __init__(self, repo: Repository):
        self.repo = repo

    def get_many(self, ids: list[int] | None) -> list[dict]:
        """Every tax code (None), or those of an id set; an id set naming none is a 404."""
        with self.repo.read() as conn:
            rows = conn.execute("SELECT * FROM tax_codes ORDER BY id").fetchall()
        found = [tax_code_json(r) for r in rows if ids is None or r["id"] in ids]
        if ids is not None and not found:
            raise NotFound("No Tax Code Found")
        return found


def tax_code_json(row: sqlite3.Row) -> dict:
    out = {"id": row["id"], "code": row["code"], "description": row["description"]}
    if Decimal(row["rate"]):
        out["rate"] = v.json_number(row["rate"])
    return out


def rates_by_code(conn: sqlite3.Connection) -> dict[str, Decimal]:
    return {r["code"]: Decimal(r["rate"]) for r in conn.execute("SELECT code, rate FROM tax_codes")}


def check_tax_code(conn: sqlite3.Connection, code: str) -> None:
    """A row's `taxCode` must be a code of the account (an empty one is left as it is)."""
    if code and conn.execute("SELECT 1 FROM tax_codes WHERE code = ?", (code,)).fetchone() is None:
        raise BadRequest(f"Unknown taxCode: {code}", code=UNKNOWN_TAX_CODE)


def check_tax_code_id(conn: sqlite3.Connection, tax_code_id: int | None) -> None:
    if tax_code_id and conn.execute(
        "SELECT 1 FROM tax_codes WHERE id = ?", (tax_code_id,)
    ).fetchone() is None:
        raise BadRequest(f"Unknown taxCodeId: {tax_code_id}")
