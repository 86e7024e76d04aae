"""What the connector returns: frozen dataclasses built from the ERP's JSON.

Why dataclasses and not pydantic: the models are read-only views of answers whose shape is
pinned by our own contract (docs/erp-contract.md), so we need a handful of explicit
conversions (money strings to Decimal, nested Brightpearl objects flattened), not a
validation framework. The standard library keeps the connector's dependencies to requests,
tenacity, limits and prometheus-client, makes the conversions visible in one place, and lets
every contract breach raise ErpProtocolError with a message naming the field, instead of a
third-party validation error the portal would have to know about.

Each model has ``from_api(data)``: unknown extra fields are ignored, missing optional fields
get a neutral value, and a missing required field raises ErpProtocolError.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ._inputs import AddressInput, NewOrderRow, NewPayment, NewSalesOrder
from ._orders import (
    DeliveryAddress,
    Invoice,
    Order,
    OrderNote,
    OrderRow,
    Payment,
    Shipment,
    Task,
)
from ._parse import (
    as_dict,
    dig,
    req_int,
    require,
    to_bool,
    to_decimal,
    to_int,
    to_text,
)
from .errors import ErpProtocolError
from .paging import Page

__all__ = [
    "AddressInput", "Contact", "Currency", "DeliveryAddress", "Invoice", "NewOrderRow",
    "NewPayment", "NewSalesOrder", "Order", "OrderNote", "OrderRow", "OrderStatus", "Page",
    "Payment", "PostalAddress", "PriceBreak", "PriceList", "Product", "ProductPrice",
    "Shipment", "Task",
]


@dataclass(frozen=True)
class Contact:
    id: int
    first_name: str
    last_name: str
    company_name: str
    email: str
    phone: str
    is_supplier: bool
    is_staff: bool
    price_list_id: int | None
    currency_id: int | None
    credit_limit: Decimal | None
    credit_term_days: int | None
    owner_id: int | None
    address_ids: dict[str, int] = field(default_factory=dict, hash=False)

    @property
    def is_customer(self) -> bool:
        """The contract: a customer is a contact that is neither supplier nor staff."""
        return not (self.is_supplier or self.is_staff)

    @property
    def display_name(self) -> str:
        """The company for a business customer, else the person's name."""
        return self.company_name or f"{self.first_name} {self.last_name}".strip()

    @classmethod
    def from_api(cls, data: dict) -> Contact:
        what = "contact"
        as_dict(data, what)
        fin = dig(data, "financialDetails", default={})
        rel = dig(data, "relationshipToAccount", default={})
        ids = dig(data, "postAddressIds", default={})
        return cls(
            id=req_int(data, "contactId", what),
            first_name=to_text(data.get("firstName")),
            last_name=to_text(data.get("lastName")),
            company_name=to_text(dig(data, "organisation", "name")),
            email=to_text(dig(data, "communication", "emails", "PRI", "email")),
            phone=to_text(dig(data, "communication", "telephones", "PRI")),
            is_supplier=to_bool(dig(rel, "isSupplier")),
            is_staff=to_bool(dig(rel, "isStaff")),
            price_list_id=to_int(dig(fin, "priceListId"), "priceListId", what),
            currency_id=to_int(dig(fin, "currencyId"), "currencyId", what),
            credit_limit=to_decimal(dig(fin, "creditLimit"), "creditLimit", what),
            credit_term_days=to_int(dig(fin, "creditTermDays"), "creditTermDays", what),
            owner_id=to_int(dig(data, "assignment", "current", "staffOwnerContactId"),
                            "staffOwnerContactId", what),
            address_ids={k: int(v) for k, v in as_dict(ids, what).items() if v is not None},
        )


@dataclass(frozen=True)
class PostalAddress:
    id: int
    line1: str
    line2: str
    line3: str
    line4: str
    postal_code: str
    country: str
    types: tuple[str, ...] = ()

    @classmethod
    def from_api(cls, data: dict) -> PostalAddress:
        what = "postal address"
        as_dict(data, what)
        key = next((k for k in ("postalAddressId", "addressId", "id") if k in data), None)
        if key is None:
            raise ErpProtocolError(f"{what}: missing required field 'postalAddressId'")
        return cls(
            id=req_int(data, key, what),
            line1=to_text(data.get("addressLine1")),
            line2=to_text(data.get("addressLine2")),
            line3=to_text(data.get("addressLine3")),
            line4=to_text(data.get("addressLine4")),
            postal_code=to_text(data.get("postalCode")),
            country=to_text(data.get("countryIsoCode")),
            types=tuple(str(t) for t in data.get("types") or ()),
        )


@dataclass(frozen=True)
class Product:
    id: int
    sku: str
    name: str
    description: str
    status: str

    @classmethod
    def from_api(cls, data: dict) -> Product:
        what = "product"
        as_dict(data, what)
        channel = dig(data, "salesChannels", 0, default={})
        return cls(
            id=req_int(data, "id", what),
            sku=to_text(dig(data, "identity", "sku")),
            name=to_text(dig(channel, "productName")),
            description=to_text(dig(channel, "description", "text")),
            status=to_text(data.get("status")),
        )


@dataclass(frozen=True)
class PriceList:
    id: int
    code: str
    name: str
    currency_code: str
    type_code: str

    @classmethod
    def from_api(cls, data: dict) -> PriceList:
        what = "price list"
        as_dict(data, what)
        name = data.get("name")
        return cls(
            id=req_int(data, "id", what),
            code=to_text(data.get("code")),
            name=to_text(dig(name, "text") if isinstance(name, dict) else name),
            currency_code=to_text(data.get("currencyCode")),
            type_code=to_text(data.get("priceListTypeCode")),
        )


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
    def from_api(cls, data: dict) -> ProductPrice:
        """``data``: ``{productId, priceListId, currencyCode, quantityPrice}`` (one list)."""
        what = "product price"
        prices = as_dict(require(data, "quantityPrice", what), what)
        breaks = sorted((
            PriceBreak(to_int(q, "quantityPrice", what), to_decimal(p, "quantityPrice", what))
            for q, p in prices.items() if p is not None
        ), key=lambda brk: brk.min_quantity)
        if not breaks:
            raise ErpProtocolError(f"{what}: no quantity price for product {data.get('productId')}")
        return cls(
            product_id=req_int(data, "productId", what),
            price_list_id=req_int(data, "priceListId", what),
            currency_code=to_text(data.get("currencyCode")),
            breaks=tuple(breaks),
        )


@dataclass(frozen=True)
class Currency:
    id: int
    code: str
    symbol: str
    rate: Decimal
    is_default: bool

    @classmethod
    def from_api(cls, data: dict) -> Currency:
        what = "currency"
        as_dict(data, what)
        return cls(
            id=req_int(data, "id", what),
            code=str(require(data, "code", what)),
            symbol=to_text(data.get("symbol")),
            rate=to_decimal(data.get("exchangeRate"), "exchangeRate", what) or Decimal(1),
            is_default=to_bool(data.get("isDefault")),
        )


@dataclass(frozen=True)
class OrderStatus:
    id: int
    name: str
    order_type: str
    state: str

    @classmethod
    def from_api(cls, data: dict) -> OrderStatus:
        what = "order status"
        as_dict(data, what)
        return cls(
            id=req_int(data, "statusId", what),
            name=str(require(data, "name", what)),
            order_type=to_text(data.get("orderTypeCode")),
            state=to_text(data.get("state")),
        )
