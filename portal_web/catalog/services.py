"""One page of the catalog: a search, the products on it, and their prices (three ERP calls)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

PAGE_SIZE = 24
MAX_QUERY = 100
LIVE = "LIVE"  # Brightpearl's status of a product on sale; discontinued ones are not sold


def is_orderable(product, price) -> bool:
    """A product a customer may order: priced in their list and still on sale."""
    return product is not None and price is not None and product.status in (LIVE, "")


@dataclass(frozen=True)
class ProductCard:
    product_id: int
    name: str
    sku: str
    description: str
    unit_price: Decimal
    breaks: list[tuple[int, Decimal]]  # only when there is more than one


@dataclass(frozen=True)
class CatalogPage:
    cards: list[ProductCard]
    page: object  # connector.models.Page (its items are the products)
    query: str


def catalog_page(erp, book, query: str, page: int) -> CatalogPage:
    """The products of the customer's price list matching `query` (name or SKU), priced."""
    found = erp.catalog.search(book.price_list_id, text=query or None, page=page,
                               page_size=PAGE_SIZE, status=LIVE)
    ids = [p.id for p in found.items]
    prices = erp.catalog.prices(ids, book.price_list_id) if ids else {}
    cards = []
    for product in found.items:
        price = prices.get(product.id)
        if price is None:  # its price was removed between the search and now
            continue
        breaks = book.breaks(price)
        cards.append(ProductCard(product.id, product.name, product.sku, product.description,
                                 book.unit_price(price, 1), breaks if len(breaks) > 1 else []))
    return CatalogPage(cards, found, query)


def parse_page(raw: str | None) -> int:
    """`?page=`: a whole number from 1; anything else is a ValueError with a message."""
    if raw in (None, ""):
        return 1
    if not raw.isdigit() or len(raw) > 6 or not 1 <= int(raw) <= 100_000:
        raise ValueError("The page number must be a whole number from 1.")
    return int(raw)


def parse_query(raw: str | None) -> str:
    query = (raw or "").strip()
    if len(query) > MAX_QUERY:
        raise ValueError(f"Search for at most {MAX_QUERY} characters.")
    return query
