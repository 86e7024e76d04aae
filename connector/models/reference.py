"""Reference data: currencies, order statuses and tax codes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ._table import FromApi, amount, api, boolean, integer, text
from ._table import rate as rate_or_one


@dataclass(frozen=True)
class Currency(FromApi):
    id: int
    code: str
    symbol: str
    rate: Decimal
    is_default: bool

    _what = "currency"
    _api = {
        "id": api("id", integer, required=True),
        "code": api("code", text, required=True),
        "symbol": api("symbol"),
        "rate": api("exchangeRate", rate_or_one),
        "is_default": api("isDefault", boolean),
    }


@dataclass(frozen=True)
class OrderStatus(FromApi):
    """``state`` is Brightpearl's (``draft``, ...): a quote is a sales order in a draft-state
    status, told from a draft by the status's name."""

    id: int
    name: str
    order_type: str
    state: str

    _what = "order status"
    _api = {
        "id": api("statusId", integer, required=True),
        "name": api("name", text, required=True),
        "order_type": api("orderTypeCode"),
        "state": api("state"),
    }


@dataclass(frozen=True)
class TaxCode(FromApi):
    """``rate`` is a percentage (``20`` for 20%); Brightpearl leaves it out when it is zero, and
    several codes are at zero for different reasons (zero rated, exempt, reverse charge)."""

    id: int
    code: str
    description: str
    rate: Decimal

    _what = "tax code"
    _api = {
        "id": api("id", integer, required=True),
        "code": api("code", text, required=True),
        "description": api("description"),
        "rate": api("rate", amount),
    }
