"""The supplier's three forms, read field by field: only these fields are read (an extra field,
a price or a status, is never looked at), and every error is a message for the field it is about.

Field names: acknowledge `supplier_ref`, `promised`, `date-<row id>` (optional per line);
ship `shipped_on`, `carrier`, `tracking`, `qty-<row id>`; comment `text`; ship and comment also
`form_token`, the random value the page put in the form, which makes a resubmission of the same
form (a double click, a retry) the same shipment or comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

MAX_UNITS = 999_999
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_LINE_BREAKS = re.compile(r"\r\n|\r|\x85|\u2028|\u2029")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FAR_AHEAD = timedelta(days=2 * 366)


class FormErrors(ValueError):
    """What is wrong with a form: field name -> message (the page shows each by its field)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class AcknowledgeForm:
    supplier_ref: str
    promised: date
    lines: dict[int, date] = field(default_factory=dict)


@dataclass(frozen=True)
class ShipForm:
    shipped_on: date
    carrier: str
    tracking: str
    lines: dict[int, int]  # row id -> units, only lines with units
    token: str


@dataclass(frozen=True)
class CommentForm:
    text: str
    token: str


def read_acknowledgement(form, row_ids, today: date) -> AcknowledgeForm:
    """`row_ids`: the order's rows, the only ones a line date may name."""
    errors: dict[str, str] = {}
    supplier_ref = _one_line(form, "supplier_ref", "your order reference", 40, errors)
    latest = today + FAR_AHEAD
    promised = _date(form, "promised", errors, required=True, not_before=today,
                     not_after=latest, what="the delivery date")
    lines = {}
    for row_id in row_ids:
        day = _date(form, f"date-{row_id}", errors, required=False, not_before=today,
                    not_after=latest, what="the line's date")
        if day is not None:
            lines[row_id] = day
    if errors:
        raise FormErrors(errors)
    return AcknowledgeForm(supplier_ref, promised, lines)


def read_shipment(form, row_ids, placed_on: date | None, today: date) -> ShipForm:
    """`row_ids`: the order's rows, the only ones a quantity may name. Whether that many are
    left to ship is checked against the order's records (`fulfilment`), not here."""
    errors: dict[str, str] = {}
    shipped_on = _date(form, "shipped_on", errors, required=True, what="the ship date",
                       not_before=placed_on, not_after=today)
    carrier = _one_line(form, "carrier", "the carrier", 60, errors)
    tracking = _one_line(form, "tracking", "the tracking number", 60, errors)
    lines = {row_id: units for row_id in row_ids if (units := _units(form, row_id, errors))}
    if not lines and not any(k.startswith("qty-") for k in errors):
        errors["lines"] = "Enter how many units of at least one line you shipped."
    token = _token(form, errors)
    if errors:
        raise FormErrors(errors)
    return ShipForm(shipped_on, carrier, tracking, lines, token)


def read_comment(form) -> CommentForm:
    errors: dict[str, str] = {}
    text = _LINE_BREAKS.sub("\n", form.get("text", "")).strip()
    if not text:
        errors["text"] = "Write your comment first."
    elif len(text) > 2000:
        errors["text"] = "A comment has at most 2,000 characters."
    elif _CONTROL.search(text):
        errors["text"] = "A comment cannot hold control characters."
    token = _token(form, errors)
    if errors:
        raise FormErrors(errors)
    return CommentForm(text, token)


def _one_line(form, name: str, what: str, longest: int, errors: dict) -> str:
    value = form.get(name, "").strip()
    if not value:
        errors[name] = f"Enter {what}."
    elif len(value) > longest:
        errors[name] = f"{what[0].upper()}{what[1:]} has at most {longest} characters."
    elif _CONTROL.search(value) or _LINE_BREAKS.search(value) or "\n" in value or "\t" in value:
        errors[name] = f"{what[0].upper()}{what[1:]} must be one line of plain text."
    return value


def _date(form, name: str, errors: dict, *, required: bool, what: str,
          not_before: date | None, not_after: date) -> date | None:
    raw = form.get(name, "").strip()
    if not raw:
        if required:
            errors[name] = f"Enter {what}."
        return None
    try:
        day = date.fromisoformat(raw) if _DATE.match(raw) else None
    except ValueError:
        day = None
    if day is None:
        errors[name] = f"Enter {what} as a date (YYYY-MM-DD)."
    elif not_before is not None and day < not_before:
        errors[name] = f"{what[0].upper()}{what[1:]} cannot be before {not_before:%d %b %Y}."
    elif not_after is not None and day > not_after:
        errors[name] = f"{what[0].upper()}{what[1:]} cannot be after {not_after:%d %b %Y}."
    return day


def _units(form, row_id: int, errors: dict) -> int:
    """Units of one line: empty is none; else a whole number."""
    name = f"qty-{row_id}"
    raw = form.get(name, "").strip()
    if not raw:
        return 0
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(MAX_UNITS)):
        errors[name] = "Enter a whole number of units."
        return 0
    return int(raw)


def _token(form, errors: dict) -> str:
    token = form.get("form_token", "")
    if not _TOKEN.match(token):
        errors["form"] = "This form has expired. Reload the page and fill it in again."
    return token
