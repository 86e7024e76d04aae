"""Products, price lists and prices with quantity breaks (``product-service``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .._parse import as_dict, to_decimal, to_int
from ..errors import ErpProtocolError
from ._table import FromApi, api, boolean, integer, ref_id, text


def _taxable(value: Any, _field: str, _what: str) -> bool:
    """Absent means taxable (Brightpearl's default for a product)."""
    return True if value is None else boolean(value)


def _list_name(value: Any, _field: str, _what: str) -> str:
    """A price list's name is ``{"text": ...}`` (older answers give a plain string)."""
    return text(value.get("text") if isinstance(value, dict) else value)


@dataclass(frozen=True)
class Product(FromApi):
    """``tax_code_id``: the product's tax code (``financialDetails.taxCode``), which decides its
    rows' tax unless the customer carries a code of its own."""

    id: int
    sku: str
    name: str
    description: str
    status: str
    tax_code_id: int | None = None
    taxable: bool = True

    _what = "product"
    _api = {
        "id": api("id", integer, required=True),
        "sku": api("identity.sku"),
        "name": api("salesChannels.0.productName"),
        "description": api("salesChannels.0.description.text"),
        "status": api("status"),
        "tax_code_id": api("financialDetails.taxCode.id", ref_id),
        "taxable": api("financialDetails.taxable", _taxable),
    }


@dataclass(frozen=True)
class PriceList(FromApi):
    id: int
    code: str
    name: str
    currency_code: str
    type_code: str

    _what = "price list"
    _api = {
        "id": api("id", integer, required=True),
        "code": api("code"),
        "name": api("name", _list_name),
        "currency_code": api("currencyCode"),
        "type_code": api("priceListTypeCode"),
    }


@dataclass(frozen=True)
class PriceBreak:
    min_quantity: int
    price: Decimal


@dataclass(frozen=True)
class ProductPrice:
    product_id: int
    price_list_id: int
    currency_code: str
    breaks: tuple[PriceBreak, ...]

    def unit_price(self, quantity: int) -> Decimal:
        """The price of the largest break not above ``quantity`` (the first break below it)."""
        best = self.breaks[0]
        for brk in self.breaks:
            if brk.min_quantity <= quantity:
                best = brk
        return best.price

    @classmethod
    def from_api(cls, data: dict) -> ProductPrice | None:
        """``data``: ``{productId, priceListId, currencyCode, quantityPrice}`` (one list).
        None when ``quantityPrice`` is empty: Brightpearl lists every price list of a product,
        with ``{}`` where it has no price in it."""
        what = "product price"
        prices = as_dict(data.get("quantityPrice") or {}, what)
        breaks = sorted((
            PriceBreak(to_int(q, "quantityPrice", what), to_decimal(p, "quantityPrice", what))
            for q, p in prices.items() if p is not None
        ), key=lambda brk: brk.min_quantity)
        if not breaks:
            return None
        if data.get("productId") is None or data.get("priceListId") is None:
            raise ErpProtocolError(f"{what}: missing required field 'productId' or 'priceListId'")
        return cls(
            product_id=to_int(data["productId"], "productId", what),
            price_list_id=to_int(data["priceListId"], "priceListId", what),
            currency_code=text(data.get("currencyCode")),
            breaks=tuple(breaks),
        )
