"""Reference data: price lists, currencies, order statuses, tax codes (cached for
``reference_ttl``).

The portal resolves statuses and currencies by name on nearly every page, and prices every cart
with the tax codes; the transport's read cache keeps these lists for ``reference_ttl`` (their
kind, ``tags.REFERENCE``), so they are fetched once per TTL, never per request, and parsed once
per fetch: what they return is shared by every caller and read-only (a read-only mapping, a
tuple).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .._parse import as_list
from ..constants import OrderType
from ..errors import ErpNotFound
from ..models import Currency, OrderStatus, PriceList, TaxCode
from ..paging import SEARCH_PAGE_SIZE, parse_search, search_params
from ._base import Service

_CURRENCIES = "accounting-service/currency-search"


class ReferenceService(Service):
    service = ""

    def _path(self, path: str) -> str:  # this service spans several ERP services
        return path

    def price_lists(self) -> Mapping[int, PriceList]:
        """Every price list by id."""
        return self._get("product-service/price-list", parse=_price_lists)

    def currencies(self) -> Mapping[int, Currency]:
        """Every currency by id (an account has a handful: one search page holds them)."""
        params = search_params({}, pageSize=SEARCH_PAGE_SIZE, firstResult=1)
        return self._get(_CURRENCIES, params, parse=_currencies)

    def currency(self, code: str) -> Currency:
        """The currency with ISO ``code``; ErpNotFound when the ERP has none."""
        for currency in self.currencies().values():
            if currency.code.upper() == code.upper():
                return currency
        raise ErpNotFound(f"No currency {code!r}")

    def statuses(self) -> tuple[OrderStatus, ...]:
        """Every order status, of every order type, in the ERP's order."""
        return self._get("order-service/order-status", parse=_statuses)

    def status_named(self, name: str,
                     order_type: str = OrderType.SALES_ORDER.code) -> OrderStatus:
        """The status called ``name`` (case-insensitive) of an order type; else ErpNotFound."""
        for status in self.statuses():
            if status.order_type == order_type and status.name.lower() == name.lower():
                return status
        raise ErpNotFound(f"No {order_type} order status named {name!r}")

    def tax_codes(self) -> Mapping[int, TaxCode]:
        """Every tax code by id (``accounting-service/tax-code``)."""
        return self._get("accounting-service/tax-code", parse=_tax_codes)

    def tax_code(self, code: str) -> TaxCode:
        """The tax code written ``code`` (``T1``) on order rows; ErpNotFound when unknown."""
        for tax_code in self.tax_codes().values():
            if tax_code.code == code:
                return tax_code
        raise ErpNotFound(f"No tax code {code!r}")


def _price_lists(answer: Any) -> Mapping[int, PriceList]:
    lists = map(PriceList.from_api, as_list(answer, "price lists"))
    return MappingProxyType({p.id: p for p in lists})


def _currencies(answer: Any) -> Mapping[int, Currency]:
    rows = parse_search(answer, _CURRENCIES).rows
    return MappingProxyType({c.id: c for c in map(Currency.from_api, rows)})


def _tax_codes(answer: Any) -> Mapping[int, TaxCode]:
    codes = map(TaxCode.from_api, as_list(answer, "tax codes"))
    return MappingProxyType({t.id: t for t in codes})


def _statuses(answer: Any) -> tuple[OrderStatus, ...]:
    return tuple(OrderStatus.from_api(item) for item in as_list(answer, "order statuses"))
