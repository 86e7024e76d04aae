"""The declarative field table behind every model's ``from_api``.

A model lists, per attribute, where the value sits in the ERP's JSON and how to convert it::

    _api = {"id": api("contactId", integer, required=True),
            "price_list_id": api("financialDetails.priceListId", integer)}

``FromApi.from_api`` walks the table: optional fields that are absent get a neutral value, a
required one that is absent (or null) raises ErpProtocolError naming it, and a value of the
wrong form raises ErpProtocolError naming the object and the field (never a KeyError).
Why a table in the standard library rather than msgspec or cattrs: the conversions are few
(money strings to Decimal, ids, dates, nested paths), each must fail with our error class, and
a table keeps every mapping visible in one line per field without a dependency to learn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from .._parse import (
    as_dict,
    dig,
    to_bool,
    to_date,
    to_datetime,
    to_decimal,
    to_int,
    to_text,
)
from ..errors import ErpProtocolError

Converter = Callable[[Any, str, str], Any]


@dataclass(frozen=True)
class Src:
    """Where one attribute comes from: a dotted path (list indexes as numbers) and a converter."""

    path: tuple[str | int, ...]
    convert: Converter
    required: bool = False

    @property
    def name(self) -> str:
        return str(self.path[-1]) if self.path else "response"


def api(path: str, convert: Converter | None = None, *, required: bool = False) -> Src:
    """``api("salesChannels.0.productName")``: a path into the answer and its converter."""
    keys = tuple(int(k) if k.isdigit() else k for k in path.split(".")) if path else ()
    return Src(keys, convert or text, required)


class FromApi:
    """Mixin of the frozen dataclasses built from ERP answers through their ``_api`` table."""

    _what: ClassVar[str] = "object"
    _api: ClassVar[dict[str, Src]] = {}

    @classmethod
    def from_api(cls, data: Any):
        as_dict(data, cls._what)
        values = {}
        for attribute, src in cls._api.items():
            raw = dig(data, *src.path) if src.path else data
            if raw is None and src.required:
                raise ErpProtocolError(f"{cls._what}: missing required field {src.name!r}")
            values[attribute] = src.convert(raw, src.name, cls._what)
        return cls(**values)


# Converters: (raw value, field name, object name) -> Python value.
def text(value: Any, _field: str = "", _what: str = "") -> str:
    return to_text(value)


def integer(value: Any, field: str, what: str) -> int | None:
    return to_int(value, field, what)


def ref_id(value: Any, field: str, what: str) -> int | None:
    """An id where Brightpearl writes 0 for "none" (owners, parents): 0 becomes None."""
    return to_int(value, field, what) or None


def decimal(value: Any, field: str, what: str) -> Decimal | None:
    return to_decimal(value, field, what)


def amount(value: Any, field: str, what: str) -> Decimal:
    """Money that is zero when absent (totals, row values)."""
    return to_decimal(value, field, what) or Decimal(0)


def rate(value: Any, field: str, what: str) -> Decimal:
    """An exchange rate: 1 when absent."""
    return to_decimal(value, field, what) or Decimal(1)


def boolean(value: Any, _field: str = "", _what: str = "") -> bool:
    return to_bool(value)


def date(value: Any, field: str, what: str):
    return to_date(value, field, what)


def datetime(value: Any, field: str, what: str):
    return to_datetime(value, field, what)


def id_map(value: Any, field: str, what: str) -> dict[str, int]:
    """``{"DEF": 4, "BIL": 4}``: ids by key, nulls left out."""
    items = as_dict(value or {}, f"{what} {field}")
    return {str(k): to_int(v, field, what) for k, v in items.items() if v is not None}


def strings(value: Any, _field: str = "", _what: str = "") -> tuple[str, ...]:
    return tuple(str(item) for item in value or ())
