"""Prices as a customer sees them: their price list, converted into their currency.

The MRPeasy document's rules: a customer sees the products of the price list assigned to them, or
of the default selling list when none is; prices are shown in the customer's currency, converted
with the ERP's exchange rate when the list is in another one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from connector.models import Currency, ProductPrice
from portal_web.formatting import DEFAULT_LOCALE, format_money
from portal_web.money import convert, round_money


@dataclass(frozen=True)
class PriceBook:
    """Everything needed to price a product for one customer, computed on the server."""

    price_list_id: int
    list_currency: Currency
    currency: Currency
    locale: str = DEFAULT_LOCALE  # how its amounts are written
    tax_code_id: int | None = None  # the customer's own tax code, which replaces the products'

    def unit_price(self, price: ProductPrice, quantity: int) -> Decimal:
        """The unit price for this quantity (its quantity break), in the customer's currency."""
        return self._convert(price.unit_price(quantity))

    def line_total(self, price: ProductPrice, quantity: int) -> Decimal:
        return round_money(self.unit_price(price, quantity) * quantity, self.currency.code)

    def breaks(self, price: ProductPrice) -> list[tuple[int, Decimal]]:
        """(minimum quantity, unit price) for each break, in the customer's currency."""
        return [(b.min_quantity, self._convert(b.price)) for b in price.breaks]

    def format(self, amount: Decimal) -> str:
        return format_money(amount, self.currency.code, self.locale)

    def _convert(self, amount: Decimal) -> Decimal:
        converted = convert(amount, self.list_currency.rate, self.currency.rate)
        return round_money(converted, self.currency.code)


def price_book(erp, *, price_list_id: int | None, currency_code: str | None,
               default_price_list_id: int | None, locale: str = DEFAULT_LOCALE,
               tax_code_id: int | None = None) -> PriceBook:
    """The customer's price book, from reference data the connector caches (no call when warm)."""
    lists = erp.reference.price_lists()
    if price_list_id in lists:
        list_id = price_list_id
    else:
        list_id = _default_list(lists, default_price_list_id, erp)
    price_list = lists[list_id]
    list_currency = erp.reference.currency(price_list.currency_code)
    currency = erp.reference.currency(currency_code) if currency_code else list_currency
    return PriceBook(list_id, list_currency, currency, locale, tax_code_id)


def _default_list(lists, configured: int | None, erp) -> int:
    """The configured default list, else the first selling list in the base currency."""
    if configured is not None and configured in lists:
        return configured
    base = next((c.code for c in erp.reference.currencies().values() if c.is_default), None)
    selling = sorted(i for i, pl in lists.items() if pl.type_code == "SELL")
    in_base = [i for i in selling if lists[i].currency_code == base]
    if not (in_base or selling):
        raise LookupError("the ERP has no selling price list")
    return (in_base or selling)[0]
