"""Reference data: price lists, currencies, order statuses (cached for ``reference_ttl``).

The portal resolves statuses and currencies by name on nearly every page; the transport's
read cache keeps these lists for ``reference_ttl`` (their kind, ``tags.REFERENCE``), so they
are fetched once per TTL, never per request.
"""

from __future__ import annotations

from ..constants import OrderType
from ..errors import ErpNotFound
from ..models import Currency, OrderStatus, PriceList
from ._base import Service


class ReferenceService(Service):
    service = ""

    def _path(self, path: str) -> str:  # this service spans several ERP services
        return path

    def price_lists(self) -> dict[int, PriceList]:
        """Every price list by id."""
        return self._load_price_lists()

    def currencies(self) -> dict[int, Currency]:
        """Every currency by id."""
        return self._load_currencies()

    def currency(self, code: str) -> Currency:
        """The currency with ISO ``code``; ErpNotFound when the ERP has none."""
        for currency in self.currencies().values():
            if currency.code.upper() == code.upper():
                return currency
        raise ErpNotFound(f"No currency {code!r}")

    def statuses(self) -> list[OrderStatus]:
        """Every order status, of every order type, in the ERP's order."""
        return self._load_statuses()

    def status_named(self, name: str,
                     order_type: str = OrderType.SALES_ORDER.code) -> OrderStatus:
        """The status called ``name`` (case-insensitive) of an order type; else ErpNotFound."""
        for status in self.statuses():
            if status.order_type == order_type and status.name.lower() == name.lower():
                return status
        raise ErpNotFound(f"No {order_type} order status named {name!r}")

    def _load_price_lists(self) -> dict[int, PriceList]:
        items = self._get_list("product-service/price-list", "price lists")
        return {p.id: p for p in map(PriceList.from_api, items)}

    def _load_currencies(self) -> dict[int, Currency]:
        rows = self._search("accounting-service/currency", {})
        return {c.id: c for c in map(Currency.from_api, rows)}

    def _load_statuses(self) -> list[OrderStatus]:
        items = self._get_list("order-service/order-status", "order statuses")
        return [OrderStatus.from_api(item) for item in items]
