"""Products and their prices (``product-service``).

The transport's read cache keeps product details for ``product_ttl`` and prices and searches
for ``price_ttl``; while the portal serves a write (an order) prices are read from the ERP.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from .._parse import as_dict, as_list, to_int
from ..errors import ErpNotFound
from ..idsets import chunked_idsets, unique_ids
from ..models import Page, Product, ProductPrice
from ._base import Service


class CatalogService(Service):
    service = "product-service"

    def search(self, price_list_id: int, text: str | None = None, page: int = 1,
               page_size: int = 24, status: str | None = None) -> Page[Product]:
        """One page of the products priced in a list, optionally matching ``text`` (name or
        SKU) and a product ``status`` (``LIVE``).

        One search and one GET of the page's products (each cached).
        """
        filters = {"priceListId": int(price_list_id), "search": text or None,
                   "productStatus": status or None}
        result = self._search_page("product", filters, page=page, page_size=page_size)
        ids = [i for row in result.rows
               if (i := to_int(row.get("productId"), "productId", "product-search")) is not None]
        products = self.products(ids)
        return Page([products[i] for i in ids if i in products], result.total, page, page_size)

    def products(self, ids: Iterable[int]) -> dict[int, Product]:
        """Products by id; unknown ids are left out. ceil(n/200) requests."""
        found: dict[int, Product] = {}
        for idset in chunked_idsets(unique_ids(ids)):
            try:
                found.update((p.id, p) for p in self._get(f"product/{idset}", parse=_products))
            except ErpNotFound:  # none of these ids (the form of some Brightpearl resources)
                continue
        return found

    def prices(self, product_ids: Iterable[int], price_list_id: int) -> dict[int, ProductPrice]:
        """Each product's quantity breaks in one list (only products priced in it: Brightpearl
        lists the list with an empty ``quantityPrice`` for the others, and answers 404 when it
        knows none of the products)."""
        prices: dict[int, ProductPrice] = {}
        parse = _prices_in(int(price_list_id))
        for idset in chunked_idsets(product_ids):
            try:
                found = self._get(f"product-price/{idset}/price-list/{int(price_list_id)}",
                                  parse=parse)
            except ErpNotFound:
                continue
            prices.update((price.product_id, price) for price in found)
        return prices


def _products(answer: Any) -> tuple[Product, ...]:
    return tuple(Product.from_api(as_dict(item, "product"))
                 for item in as_list(answer, "product"))


@lru_cache(maxsize=64)
def _prices_in(price_list_id: int) -> Callable[[Any], tuple[ProductPrice, ...]]:
    """The parser of price answers for one list (one function per list: the parsed answers
    are kept by parser)."""
    def parse(answer: Any) -> tuple[ProductPrice, ...]:
        found = (_price_in_list(as_dict(entry, "product price"), price_list_id)
                 for entry in as_list(answer, "product prices"))
        return tuple(price for price in found if price is not None)
    return parse


def _price_in_list(entry: dict, price_list_id: int) -> ProductPrice | None:
    """The entry's price in ``price_list_id``, or None when it has none there."""
    for in_list in as_list(entry.get("priceLists") or [], "product price lists"):
        in_list = as_dict(in_list, "product price list")
        if to_int(in_list.get("priceListId"), "priceListId", "product price") == price_list_id:
            return ProductPrice.from_api({**in_list, "productId": entry.get("productId")})
    return None
