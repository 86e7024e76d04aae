"""Helpers that turn the ERP's JSON into Python values, or fail with ErpProtocolError.

A response that breaks the contract must never surface as a KeyError or a ValueError deep in
the portal: every conversion here names the object and the field that was wrong.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import ErpProtocolError

_MISSING = object()


def as_dict(data: Any, what: str) -> dict:
    """Return ``data`` if it is a JSON object, else fail naming what was expected."""
    if not isinstance(data, dict):
        raise ErpProtocolError(f"{what}: expected a JSON object, got {type(data).__name__}")
    return data


def as_list(data: Any, what: str) -> list:
    """Return ``data`` if it is a JSON array, else fail naming what was expected."""
    if not isinstance(data, list):
        raise ErpProtocolError(f"{what}: expected a JSON array, got {type(data).__name__}")
    return data


def dig(data: Any, *keys: str | int, default: Any = None) -> Any:
    """Follow ``keys`` into nested objects/arrays; ``default`` where anything is missing.

    Optional fields are read this way, so an answer that leaves them out still parses.
    """
    for key in keys:
        if isinstance(data, dict):
            data = data.get(key, _MISSING)
        elif isinstance(data, list) and isinstance(key, int) and -len(data) <= key < len(data):
            data = data[key]
        else:
            return default
        if data is _MISSING or data is None:
            return default
    return data


def require(data: dict, key: str, what: str) -> Any:
    """A field the contract promises: its absence (or null) is a protocol error."""
    value = data.get(key) if isinstance(data, dict) else None
    if value is None:
        raise ErpProtocolError(f"{what}: missing required field {key!r}")
    return value


def to_int(value: Any, field: str, what: str) -> int | None:
    """An integer (ids arrive as numbers or numeric strings); None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ErpProtocolError(f"{what}: field {field!r} is not an integer: {value!r}")
    try:
        return int(value)
    except (TypeError, ValueError) as e:
        raise ErpProtocolError(f"{what}: field {field!r} is not an integer: {value!r}") from e


def req_int(data: dict, key: str, what: str) -> int:
    """A required integer field."""
    return to_int(require(data, key, what), key, what)  # type: ignore[return-value]


def to_decimal(value: Any, field: str, what: str) -> Decimal | None:
    """Money and quantities travel as strings ("12.5000"); never go through float."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ErpProtocolError(f"{what}: field {field!r} is not a number: {value!r}")
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError) as e:
        raise ErpProtocolError(f"{what}: field {field!r} is not a number: {value!r}") from e
    if not result.is_finite():
        raise ErpProtocolError(f"{what}: field {field!r} is not a finite number: {value!r}")
    return result


def to_datetime(value: Any, field: str, what: str) -> datetime | None:
    """An ISO 8601 timestamp (with offset; a trailing Z is accepted)."""
    if value is None or value == "":
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as e:
        raise ErpProtocolError(f"{what}: field {field!r} is not a timestamp: {value!r}") from e


def to_date(value: Any, field: str, what: str) -> date | None:
    """A date, given either as YYYY-MM-DD or as a full ISO timestamp (its date part)."""
    if value is None or value == "":
        return None
    text = str(value)
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError as e:
        raise ErpProtocolError(f"{what}: field {field!r} is not a date: {value!r}") from e


def to_bool(value: Any) -> bool:
    """Booleans may arrive as JSON booleans or as "true"/"false" strings."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def to_text(value: Any) -> str:
    """Optional text: None becomes the empty string so templates need no checks."""
    return "" if value is None else str(value)


def money(value: Decimal | int | str) -> str:
    """Format money or a quantity for the ERP: a plain decimal string, never a float."""
    return format(Decimal(str(value)), "f")
