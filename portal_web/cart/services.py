"""The cart: product ids and quantities in the signed session cookie, priced on every view.

Only ids and quantities are kept: prices always come fresh from the ERP, and the cart survives an
ERP outage because it never needed the ERP to exist.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from connector.models import TaxCode
from portal_web.cart.forms import MAX_QUANTITY
from portal_web.catalog.services import is_orderable
from portal_web.taxes import TaxLine, row_tax, tax_by_rate, tax_code_for

MAX_LINES = 100  # keeps the cookie well under browsers' 4 KB limit


class CartFull(ValueError):
    """The cart has as many different products as it can hold."""


@dataclass
class Cart:
    """`pending`: a checkout of this cart ended without knowing whether the order was placed."""

    cart_id: str
    items: dict[int, int] = field(default_factory=dict)
    pending: bool = False

    @classmethod
    def from_session(cls, session) -> Cart:
        data = session.get("cart") or {}
        items = {int(k): int(v) for k, v in (data.get("items") or {}).items()}
        return cls(data.get("id") or secrets.token_hex(8), items, bool(data.get("pending")))

    def save(self, session) -> None:
        data = {"id": self.cart_id, "items": {str(k): v for k, v in self.items.items()}}
        if self.pending:
            data["pending"] = True
        session["cart"] = data

    @property
    def count(self) -> int:
        """The number of different products: what the navigation bar shows."""
        return len(self.items)

    def add(self, product_id: int, quantity: int) -> Added:
        """Adds to what is there, up to the most one line may hold."""
        if product_id not in self.items and len(self.items) >= MAX_LINES:
            raise CartFull(f"A cart holds at most {MAX_LINES} different products.")
        before = self.items.get(product_id, 0)
        self.items[product_id] = min(before + quantity, MAX_QUANTITY)
        return Added(self.items[product_id] - before, self.items[product_id],
                     capped=before + quantity > MAX_QUANTITY)

    def set(self, product_id: int, quantity: int) -> None:
        """Sets a line's quantity; 0 removes it."""
        if quantity <= 0:
            self.items.pop(product_id, None)
        else:
            self.items[product_id] = quantity

    def clear(self) -> None:
        """After an order: a new, empty cart with a new id (so a new order reference)."""
        self.items.clear()
        self.cart_id = secrets.token_hex(8)
        self.pending = False

    def external_ref(self, contact_id: int) -> str:
        """The ERP order's `externalRef`: it names this cart, so a cart is ordered at most once.

        The id changes only when a checkout succeeds. Any resubmission of the same cart (a
        double click, a refresh, a retry after a timeout, even with another PO number or
        other quantities) sends the same reference; the ERP refuses to use it twice, and the
        connector turns that refusal into a lookup that finds the first order.
        """
        return f"portal-{contact_id}-{self.cart_id}"


@dataclass(frozen=True)
class Added:
    """What `Cart.add` did: `added` units, now `total`; `capped` when the maximum stopped it."""

    added: int
    total: int
    capped: bool


NOT_ORDERABLE = "No longer available to order: please remove it."
NO_TAX_CODE = ("Its tax is not set up in our order system, so it cannot be ordered online: "
               "please remove it and ask your account manager.")


@dataclass(frozen=True)
class CartLine:
    """One product of the cart, priced; `problem` says why it cannot be ordered (else None)."""

    product_id: int
    name: str
    sku: str
    quantity: int
    unit_price: Decimal | None  # None: it cannot be ordered (see `problem`)
    total: Decimal | None  # net: quantity × unit price
    tax: Decimal | None = None
    tax_code: TaxCode | None = None
    problem: str | None = None

    @property
    def available(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class PricedCart:
    """Net, tax by rate and the total to pay, of the lines that can be ordered."""

    lines: list[CartLine]
    taxes: list[TaxLine] = field(default_factory=list)

    @property
    def net(self) -> Decimal:
        return sum((line.total for line in self.lines if line.available), Decimal(0))

    @property
    def tax(self) -> Decimal:
        return sum((t.tax for t in self.taxes), Decimal(0))

    @property
    def total(self) -> Decimal:
        """What the customer will pay: net plus tax."""
        return self.net + self.tax

    @property
    def unavailable(self) -> list[CartLine]:
        return [line for line in self.lines if not line.available]


def price_cart(erp, book, cart: Cart) -> PricedCart:
    """Prices every line at today's price for its quantity, and taxes it with the ERP's tax
    codes: two ERP calls, whatever the size (products and tax codes are cached)."""
    ids = list(cart.items)
    products = erp.catalog.products(ids) if ids else {}
    prices = erp.catalog.prices(ids, book.price_list_id) if ids else {}
    codes = erp.reference.tax_codes() if ids else {}
    lines = [_line(book, codes, product_id, quantity, products.get(product_id),
                   prices.get(product_id)) for product_id, quantity in cart.items.items()]
    taxed = [(line.tax_code.code, line.tax_code.rate, line.total, line.tax)
             for line in lines if line.available]
    return PricedCart(lines, tax_by_rate(taxed, codes))


def _line(book, codes, product_id: int, quantity: int, product, price) -> CartLine:
    name = product.name if product else f"Product {product_id}"
    sku = product.sku if product else ""
    if not is_orderable(product, price):
        return CartLine(product_id, name, sku, quantity, None, None, problem=NOT_ORDERABLE)
    code = tax_code_for(product.tax_code_id, book.tax_code_id, codes)
    if code is None:
        return CartLine(product_id, name, sku, quantity, None, None, problem=NO_TAX_CODE)
    net = book.line_total(price, quantity)
    return CartLine(product_id, name, sku, quantity, book.unit_price(price, quantity), net,
                    row_tax(net, code, book.currency.code), code)
