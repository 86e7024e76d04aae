"""Orders and what they hold: rows, invoices, the delivery address, notes (``order-service``).

Shapes follow Brightpearl's order GET: ``orderRows`` keyed by row id, ``parties`` with the
customer (or supplier), ``delivery`` and ``billing``, and one invoice slot whose reference is
empty until the order is invoiced.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date as Date  # noqa: N812
from datetime import datetime as DateTime  # noqa: N812
from decimal import Decimal
from typing import Any

from .._parse import as_dict, as_list
from ._table import (
    FromApi,
    amount,
    api,
    boolean,
    date,
    datetime,
    decimal,
    integer,
    rate,
    ref_id,
    text,
)

_ADDRESS = {
    "full_name": api("addressFullName"),
    "company_name": api("companyName"),
    "line1": api("addressLine1"),
    "line2": api("addressLine2"),
    "line3": api("addressLine3"),
    "line4": api("addressLine4"),
    "postal_code": api("postalCode"),
    "country": api("countryIsoCode3"),
    "country_iso2": api("countryIsoCode"),
    "country_name": api("country"),
}


@dataclass(frozen=True)
class OrderRow(FromApi):
    id: int
    product_id: int | None
    name: str
    sku: str
    quantity: int | Decimal
    unit_price: Decimal
    net: Decimal
    tax: Decimal
    tax_code: str = ""
    tax_rate: Decimal | None = None

    _what = "order row"
    _api = {
        "id": api("rowId", integer),
        "product_id": api("productId", integer),
        "name": api("productName"),
        "sku": api("productSku"),
        "quantity": api("quantity.magnitude", lambda v, f, w: _whole(amount(v, f, w))),
        "unit_price": api("productPrice.value", amount),
        "net": api("rowValue.rowNet.value", amount),
        "tax": api("rowValue.rowTax.value", amount),
        "tax_code": api("rowValue.taxCode"),
        "tax_rate": api("rowValue.taxRate", decimal),
    }


def _whole(quantity: Decimal) -> int | Decimal:
    """Quantities travel as "2.0000": a whole number becomes an int."""
    return int(quantity) if quantity == quantity.to_integral_value() else quantity


@dataclass(frozen=True)
class Invoice(FromApi):
    reference: str
    tax_date: Date | None
    due_date: Date | None

    _what = "invoice"
    _api = {
        "reference": api("invoiceReference"),
        "tax_date": api("taxDate", date),
        "due_date": api("dueDate", date),
    }


@dataclass(frozen=True)
class DeliveryAddress(FromApi):
    """An order's address. ``country`` is the ISO 3166 alpha-3 code (``GBR``),
    ``country_iso2`` the alpha-2 one and ``country_name`` the ERP's name for it."""

    full_name: str = ""
    company_name: str = ""
    line1: str = ""
    line2: str = ""
    line3: str = ""
    line4: str = ""
    postal_code: str = ""
    country: str = ""
    country_iso2: str = ""
    country_name: str = ""

    _what = "order address"
    _api = _ADDRESS

    @classmethod
    def from_api(cls, data: Any) -> DeliveryAddress | None:
        """None when the order is collected (the party has no ``addressLine1``)."""
        if not isinstance(data, dict) or not data.get("addressLine1"):
            return None
        return super().from_api(data)

    def to_api(self) -> dict:
        """The ``delivery.address`` object of a sales-order POST (alpha-3 country)."""
        return {
            "addressFullName": self.full_name, "companyName": self.company_name,
            "addressLine1": self.line1, "addressLine2": self.line2,
            "addressLine3": self.line3, "addressLine4": self.line4,
            "postalCode": self.postal_code, "countryIsoCode": self.country,
        }


def _rows(value: Any, field: str, what: str) -> tuple[OrderRow, ...]:
    """``orderRows`` is an object keyed by row id; keep the rows in row-id order."""
    rows = as_dict(value or {}, f"{what} {field}")
    keyed = sorted(rows.items(), key=lambda kv: (len(str(kv[0])), str(kv[0])))
    return tuple(OrderRow.from_api({**as_dict(row, "order row"), "rowId": row_id})
                 for row_id, row in keyed)


def _invoices(value: Any, field: str, what: str) -> tuple[Invoice, ...]:
    """The invoices that exist: Brightpearl's slot with an empty reference is not one."""
    items = (Invoice.from_api(i) for i in as_list(value or [], f"{what} {field}"))
    return tuple(i for i in items if i.reference)


def _address(value: Any, _field: str, _what: str) -> DeliveryAddress | None:
    return DeliveryAddress.from_api(value)


def _custom_fields(value: Any, field: str, what: str) -> dict[str, object]:
    """``customFields`` (only with ``includeOptional=customFields``): ``{"PCF_SUPREF": ...}``."""
    return dict(as_dict(value or {}, f"{what} {field}"))


@dataclass(frozen=True)
class Order(FromApi):
    id: int
    type_code: str
    reference: str
    external_ref: str
    status_id: int | None
    status_name: str
    payment_status: str
    placed_on: DateTime | None
    created_on: DateTime | None
    updated_on: DateTime | None
    price_list_id: int | None
    currency_code: str
    exchange_rate: Decimal
    net: Decimal
    tax: Decimal
    total: Decimal
    delivery_date: Date | None
    invoices: tuple[Invoice, ...]
    customer_id: int | None
    supplier_id: int | None
    delivery_address: DeliveryAddress | None
    rows: tuple[OrderRow, ...]
    owner_id: int | None
    billing_address: DeliveryAddress | None = None
    shipping_status: str = ""
    version: int | None = None
    # Only read when asked for (``get(..., custom_fields=True)``); empty otherwise.
    custom_fields: dict[str, object] = dataclass_field(default_factory=dict, compare=False)
    parent_order_id: int | None = None  # a credit note's: the order it credits
    customer_company: str = ""  # parties.customer.companyName (the buyer, even without address)

    _what = "order"
    _api = {
        "id": api("id", integer, required=True),
        "type_code": api("orderTypeCode", text, required=True),
        "reference": api("reference"),
        "external_ref": api("externalRef"),
        "status_id": api("orderStatus.orderStatusId", integer),
        "status_name": api("orderStatus.name"),
        "payment_status": api("orderPaymentStatus"),
        "placed_on": api("placedOn", datetime),
        "created_on": api("createdOn", datetime),
        "updated_on": api("updatedOn", datetime),
        "price_list_id": api("priceListId", integer),
        "currency_code": api("currency.orderCurrencyCode"),
        "exchange_rate": api("currency.exchangeRate", rate),
        "net": api("totalValue.net", amount),
        "tax": api("totalValue.taxAmount", amount),
        "total": api("totalValue.total", amount),
        "delivery_date": api("delivery.deliveryDate", date),
        "invoices": api("invoices", _invoices),
        "customer_id": api("parties.customer.contactId", integer),
        "supplier_id": api("parties.supplier.contactId", integer),
        "delivery_address": api("parties.delivery", _address),
        "rows": api("orderRows", _rows),
        "owner_id": api("assignment.current.staffOwnerContactId", ref_id),
        "billing_address": api("parties.billing", _address),
        "shipping_status": api("shippingStatusCode"),
        "version": api("version", integer),
        "custom_fields": api("customFields", _custom_fields),
        "parent_order_id": api("parentOrderId", ref_id),
        "customer_company": api("parties.customer.companyName"),
    }

    @property
    def contact_id(self) -> int | None:
        """The other party: the customer of a sale, the supplier of a purchase."""
        return self.customer_id if self.customer_id is not None else self.supplier_id


@dataclass(frozen=True)
class OrderNote(FromApi):
    """A note on an order. ``contact_id`` is the order's contact, ``added_by`` who wrote it
    (a staff member, or the customer when the portal wrote it for them); ``order_id`` is known
    from a search row (the GET of one order's notes does not repeat it)."""

    id: int
    text: str
    is_public: bool
    added_on: DateTime | None
    added_by: int | None
    contact_id: int | None = None
    order_status_id: int | None = None
    order_id: int | None = None

    _what = "order note"
    _api = {
        "id": api("noteId", integer, required=True),
        "text": api("text"),
        "is_public": api("isPublic", boolean),
        "added_on": api("addedOn", datetime),
        "added_by": api("addedBy", ref_id),
        "contact_id": api("contactId", integer),
        "order_status_id": api("orderStatusId", integer),
        "order_id": api("orderId", integer),
    }

    @classmethod
    def from_search_row(cls, row: dict) -> OrderNote:
        """A row of ``order-note-search``, whose columns name two fields otherwise."""
        return cls.from_api({**row, "text": row.get("noteText"), "addedOn": row.get("dateAdded")})
