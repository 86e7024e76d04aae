"""The cart: product ids and quantities in the signed session cookie, priced on every view.

Only ids and quantities are kept: prices always come fresh from the ERP, and the cart survives an
ERP outage because it never needed the ERP to exist.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from portal_web.cart.forms import MAX_QUANTITY
from portal_web.catalog.services import is_orderable

MAX_LINES = 100  # keeps the cookie well under browsers' 4 KB limit


class CartFull(ValueError):
    """The cart has as many different products as it can hold."""


@dataclass
class Cart:
    cart_id: str
    items: dict[int, int] = field(default_factory=dict)

    @classmethod
    def from_session(cls, session) -> Cart:
        data = session.get("cart") or {}
        items = {int(k): int(v) for k, v in (data.get("items") or {}).items()}
        return cls(data.get("id") or secrets.token_hex(8), items)

    def save(self, session) -> None:
        session["cart"] = {"id": self.cart_id, "items": {str(k): v for k, v in self.items.items()}}

    @property
    def count(self) -> int:
        """The number of different products: what the navigation bar shows."""
        return len(self.items)

    def add(self, product_id: int, quantity: int) -> int:
        """Adds to what is there (capped at the maximum); returns the new quantity."""
        if product_id not in self.items and len(self.items) >= MAX_LINES:
            raise CartFull(f"A cart holds at most {MAX_LINES} different products.")
        self.items[product_id] = min(self.items.get(product_id, 0) + quantity, MAX_QUANTITY)
        return self.items[product_id]

    def set(self, product_id: int, quantity: int) -> None:
        """Sets a line's quantity; 0 removes it."""
        if quantity <= 0:
            self.items.pop(product_id, None)
        else:
            self.items[product_id] = quantity

    def clear(self) -> None:
        self.items.clear()
        self.cart_id = secrets.token_hex(8)

    def external_ref(self, contact_id: int, *details: str) -> str:
        """The ERP order's `externalRef`: the same cart, sent twice, names the same order.

        A double click, a refresh or a retried request sends the same cart (same id, contents and
        checkout choices) and so the same reference, which the ERP refuses to use twice; a changed
        cart is a different order.
        """
        content = repr((sorted(self.items.items()), details)).encode()
        return f"portal-{contact_id}-{self.cart_id}-{hashlib.sha256(content).hexdigest()[:12]}"


@dataclass(frozen=True)
class CartLine:
    product_id: int
    name: str
    sku: str
    quantity: int
    unit_price: Decimal | None  # None: no longer orderable (out of the list, or discontinued)
    total: Decimal | None

    @property
    def available(self) -> bool:
        return self.unit_price is not None


@dataclass(frozen=True)
class PricedCart:
    lines: list[CartLine]
    total: Decimal

    @property
    def unavailable(self) -> list[CartLine]:
        return [line for line in self.lines if not line.available]


def price_cart(erp, book, cart: Cart) -> PricedCart:
    """Prices every line at today's price for its quantity: two ERP calls, whatever the size."""
    ids = list(cart.items)
    products = erp.catalog.products(ids) if ids else {}
    prices = erp.catalog.prices(ids, book.price_list_id) if ids else {}
    lines = []
    for product_id, quantity in cart.items.items():
        product, price = products.get(product_id), prices.get(product_id)
        unit = book.unit_price(price, quantity) if is_orderable(product, price) else None
        total = book.line_total(price, quantity) if unit is not None else None
        lines.append(CartLine(product_id, product.name if product else f"Product {product_id}",
                              product.sku if product else "", quantity, unit, total))
    total = sum((line.total for line in lines if line.total is not None), Decimal(0))
    return PricedCart(lines, total)
