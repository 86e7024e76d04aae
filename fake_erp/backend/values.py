"""Money, time and request-body checks shared by the backend areas.

Brightpearl sends money as strings with four decimals and timestamps as ISO 8601 with an offset;
we store both as text in that form (UTC), so SQL can compare timestamps as strings.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from fake_erp.errors import BadRequest

FOUR_PLACES = Decimal("0.0001")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def money(value: Decimal | int | str) -> str:
    """A money string with four decimals: how rows and prices travel, and how we store money."""
    return str(Decimal(value).quantize(FOUR_PLACES))


def money2(value: Decimal | int | str) -> str:
    """Two decimals: order totals and payment amounts travel so ("9.09")."""
    return str(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def rate6(value: Decimal | int | str) -> str:
    """Six decimals: exchange rates travel so ("1.165000")."""
    return str(Decimal(value).quantize(Decimal("0.000001")))


def json_number(text: str) -> int | float:
    """A stored amount as the JSON number Brightpearl sends for a contact's credit limit
    (`0`, `2500.5`). Amounts under 10^12 with four decimals survive the trip exactly: a client
    reading `Decimal(str(value))` gets the same digits back."""
    amount = Decimal(text)
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def now_iso() -> str:
    return iso(dt.datetime.now(dt.UTC))


def iso(moment: dt.datetime) -> str:
    """Normalise a datetime to the stored form: UTC, seconds, `+00:00`."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def parse_moment(text: str) -> str:
    """Parse a date or an ISO timestamp into the stored form; ValueError if it is neither."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("empty date")
    text = text.strip()
    try:
        if _DATE_ONLY.match(text):
            return iso(dt.datetime.fromisoformat(text + "T00:00:00+00:00"))
        return iso(dt.datetime.fromisoformat(text.replace("z", "Z")))
    except OverflowError as e:
        raise ValueError(str(e)) from e


def field(body: dict, name: str, kind: type | tuple, *, required: bool = False, default=None):
    """One field of a JSON object, type-checked; a wrong type is a 400 CMNC-400."""
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object")
    value = body.get(name)
    if value is None:
        if required:
            raise BadRequest(f"{name} is required")
        return default
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        raise BadRequest(f"{name} has the wrong type")
    if not isinstance(value, kinds):
        raise BadRequest(f"{name} has the wrong type")
    return value


def obj(body: dict, name: str, *, required: bool = False) -> dict:
    """A nested JSON object (an empty dict when absent and optional)."""
    return field(body, name, dict, required=required, default={})


def int_field(body: dict, name: str, *, required: bool = False) -> int | None:
    value = field(body, name, int, required=required)
    if value is not None and not -(2**62) < value < 2**62:
        raise BadRequest(f"{name} is out of range")
    return value


def str_field(body: dict, name: str, *, required: bool = False, max_len: int = 1000) -> str | None:
    value = field(body, name, str, required=required)
    if value is not None:
        if required and not value.strip():
            raise BadRequest(f"{name} must not be empty")
        if len(value) > max_len or "\x00" in value:
            raise BadRequest(f"{name} is too long or contains a NUL")
    return value


def money_field(body: dict, name: str, *, required: bool = False) -> Decimal | None:
    """A money amount: a decimal string (or a number); NaN, infinity and huge values refused."""
    value = field(body, name, (str, int, float), required=required)
    if value is None:
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise BadRequest(f"{name} is not a number") from None
    if not amount.is_finite() or abs(amount) >= Decimal("1e12"):
        raise BadRequest(f"{name} is not a finite amount")
    return amount.quantize(FOUR_PLACES)


def date_field(body: dict, name: str, *, required: bool = False) -> str | None:
    """A date (`YYYY-MM-DD`) or ISO timestamp, stored normalised."""
    value = field(body, name, str, required=required)
    if value is None:
        return None
    try:
        return parse_moment(value)
    except ValueError:
        raise BadRequest(f"{name} is not a date") from None


def row_to_dict(row: Any) -> dict:
    return dict(row) if row is not None else {}
