"""Models of orders and what hangs off them (rows, invoices, notes, shipments, payments, tasks).

Kept apart from models.py only to keep modules short; import them from ``connector.models``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from ._parse import (
    as_dict,
    dig,
    req_int,
    require,
    to_bool,
    to_date,
    to_datetime,
    to_decimal,
    to_int,
    to_text,
)

_ZERO = Decimal(0)


@dataclass(frozen=True)
class OrderRow:
    id: int
    product_id: int | None
    name: str
    sku: str
    quantity: int | Decimal
    unit_price: Decimal
    net: Decimal
    tax: Decimal

    @classmethod
    def from_api(cls, data: dict, row_id: int | str | None = None) -> OrderRow:
        """``data`` is one value of ``orderRows`` (an object keyed by row id)."""
        what = f"order row {row_id}"
        as_dict(data, what)
        qty = to_decimal(dig(data, "quantity", "magnitude"), "quantity", what) or _ZERO
        return cls(
            id=to_int(row_id if row_id is not None else data.get("id"), "rowId", what) or 0,
            product_id=to_int(data.get("productId"), "productId", what),
            name=to_text(data.get("productName")),
            sku=to_text(data.get("productSku")),
            quantity=int(qty) if qty == qty.to_integral_value() else qty,
            unit_price=to_decimal(dig(data, "productPrice", "value"), "productPrice", what)
            or _ZERO,
            net=to_decimal(dig(data, "rowValue", "rowNet", "value"), "rowNet", what) or _ZERO,
            tax=to_decimal(dig(data, "rowValue", "rowTax", "value"), "rowTax", what) or _ZERO,
        )


@dataclass(frozen=True)
class Invoice:
    reference: str
    tax_date: date | None
    due_date: date | None

    @classmethod
    def from_api(cls, data: dict) -> Invoice:
        what = "invoice"
        as_dict(data, what)
        return cls(
            reference=to_text(data.get("invoiceReference")),
            tax_date=to_date(data.get("taxDate"), "taxDate", what),
            due_date=to_date(data.get("dueDate"), "dueDate", what),
        )


@dataclass(frozen=True)
class DeliveryAddress:
    full_name: str = ""
    company_name: str = ""
    line1: str = ""
    line2: str = ""
    line3: str = ""
    line4: str = ""
    postal_code: str = ""
    country: str = ""

    @classmethod
    def from_api(cls, data: dict | None) -> DeliveryAddress | None:
        """None when the order is collected (the contract: no ``addressLine1``)."""
        if not isinstance(data, dict) or not data.get("addressLine1"):
            return None
        return cls(
            full_name=to_text(data.get("addressFullName")),
            company_name=to_text(data.get("companyName")),
            line1=to_text(data.get("addressLine1")),
            line2=to_text(data.get("addressLine2")),
            line3=to_text(data.get("addressLine3")),
            line4=to_text(data.get("addressLine4")),
            postal_code=to_text(data.get("postalCode")),
            country=to_text(data.get("countryIsoCode")),
        )

    def to_api(self) -> dict:
        """The ``delivery.address`` object of a sales-order POST."""
        return {
            "addressFullName": self.full_name, "companyName": self.company_name,
            "addressLine1": self.line1, "addressLine2": self.line2,
            "addressLine3": self.line3, "addressLine4": self.line4,
            "postalCode": self.postal_code, "countryIsoCode": self.country,
        }


@dataclass(frozen=True)
class Order:
    id: int
    type_code: str
    reference: str
    external_ref: str
    status_id: int | None
    status_name: str
    payment_status: str
    placed_on: datetime | None
    created_on: datetime | None
    updated_on: datetime | None
    price_list_id: int | None
    currency_code: str
    exchange_rate: Decimal
    net: Decimal
    tax: Decimal
    total: Decimal
    delivery_date: date | None
    invoices: tuple[Invoice, ...]
    customer_id: int | None
    supplier_id: int | None
    delivery_address: DeliveryAddress | None
    rows: tuple[OrderRow, ...]
    owner_id: int | None

    @property
    def contact_id(self) -> int | None:
        """The other party: the customer of a sale, the supplier of a purchase."""
        return self.customer_id if self.customer_id is not None else self.supplier_id

    @classmethod
    def from_api(cls, data: dict) -> Order:
        as_dict(data, "order")
        order_id = req_int(data, "id", "order")
        what = f"order {order_id}"
        return cls(
            id=order_id,
            type_code=str(require(data, "orderTypeCode", what)),
            reference=to_text(data.get("reference")),
            external_ref=to_text(data.get("externalRef")),
            status_id=to_int(dig(data, "orderStatus", "orderStatusId"), "orderStatusId", what),
            status_name=to_text(dig(data, "orderStatus", "name")),
            payment_status=to_text(data.get("orderPaymentStatus")),
            placed_on=to_datetime(data.get("placedOn"), "placedOn", what),
            created_on=to_datetime(data.get("createdOn"), "createdOn", what),
            updated_on=to_datetime(data.get("updatedOn"), "updatedOn", what),
            price_list_id=to_int(data.get("priceListId"), "priceListId", what),
            currency_code=to_text(dig(data, "currency", "orderCurrencyCode")),
            exchange_rate=to_decimal(dig(data, "currency", "exchangeRate"), "exchangeRate", what)
            or Decimal(1),
            **_totals(data, what),
            delivery_date=to_date(dig(data, "delivery", "deliveryDate"), "deliveryDate", what),
            invoices=tuple(Invoice.from_api(i) for i in data.get("invoices") or ()),
            customer_id=to_int(dig(data, "parties", "customer", "contactId"), "customer", what),
            supplier_id=to_int(dig(data, "parties", "supplier", "contactId"), "supplier", what),
            delivery_address=DeliveryAddress.from_api(dig(data, "parties", "delivery")),
            rows=_rows(data, what),
            owner_id=to_int(dig(data, "assignment", "current", "staffOwnerContactId"),
                            "staffOwnerContactId", what),
        )


def _totals(data: dict, what: str) -> dict[str, Decimal]:
    """``totalValue{net, taxAmount, total}`` as Decimals (zero when absent)."""
    values = dig(data, "totalValue", default={})
    return {
        "net": to_decimal(dig(values, "net"), "net", what) or _ZERO,
        "tax": to_decimal(dig(values, "taxAmount"), "taxAmount", what) or _ZERO,
        "total": to_decimal(dig(values, "total"), "total", what) or _ZERO,
    }


def _rows(data: dict, what: str) -> tuple[OrderRow, ...]:
    """``orderRows`` is an object keyed by row id; keep the rows in row-id order."""
    rows = as_dict(data.get("orderRows") or {}, f"{what} orderRows")
    keyed = sorted(rows.items(), key=lambda kv: (len(str(kv[0])), str(kv[0])))
    return tuple(OrderRow.from_api(row, row_id) for row_id, row in keyed)


@dataclass(frozen=True)
class OrderNote:
    id: int
    text: str
    is_public: bool
    added_on: datetime | None
    added_by: int | None

    @classmethod
    def from_api(cls, data: dict) -> OrderNote:
        what = "order note"
        as_dict(data, what)
        return cls(
            id=req_int(data, "noteId", what),
            text=to_text(data.get("text")),
            is_public=to_bool(data.get("isPublic")),
            added_on=to_datetime(data.get("addedOn"), "addedOn", what),
            added_by=to_int(data.get("addedBy"), "addedBy", what),
        )


@dataclass(frozen=True)
class Shipment:
    id: int
    order_id: int
    shipped: bool
    shipped_on: datetime | None
    tracking_reference: str
    shipping_method_id: int | None

    @classmethod
    def from_api(cls, data: dict) -> Shipment:
        """``data`` is one goods-out note with its key added as ``noteId``."""
        what = "goods-out note"
        as_dict(data, what)
        return cls(
            id=req_int(data, "noteId", what),
            order_id=req_int(data, "orderId", what),
            shipped=to_bool(dig(data, "status", "shipped")),
            shipped_on=to_datetime(dig(data, "status", "shippedOn"), "shippedOn", what),
            tracking_reference=to_text(dig(data, "shipping", "reference")),
            shipping_method_id=to_int(dig(data, "shipping", "shippingMethodId"),
                                      "shippingMethodId", what),
        )


@dataclass(frozen=True)
class Payment:
    id: int
    transaction_ref: str
    method_code: str
    payment_type: str
    order_id: int | None
    contact_id: int | None
    currency_code: str
    amount: Decimal
    payment_date: date | None

    @classmethod
    def from_api(cls, data: dict) -> Payment:
        """``data`` is a customer-payment-search row mapped by column name."""
        what = "customer payment"
        as_dict(data, what)
        return cls(
            id=req_int(data, "paymentId", what),
            transaction_ref=to_text(data.get("transactionRef")),
            method_code=to_text(data.get("paymentMethodCode")),
            payment_type=to_text(data.get("paymentType")),
            order_id=to_int(data.get("orderId"), "orderId", what),
            contact_id=to_int(data.get("contactId"), "contactId", what),
            currency_code=to_text(data.get("currencyCode")),
            amount=to_decimal(data.get("amountPaid"), "amountPaid", what) or _ZERO,
            payment_date=to_date(data.get("paymentDate"), "paymentDate", what),
        )


@dataclass(frozen=True)
class Task:
    id: int
    assigned_to: int | None
    subject: str
    order_id: int | None
    due_date: date | None

    @classmethod
    def from_api(cls, data: dict) -> Task:
        """``data`` is a task-search row mapped by column name."""
        what = "task"
        as_dict(data, what)
        return cls(
            id=req_int(data, "taskId", what),
            assigned_to=to_int(data.get("assignedToContactId"), "assignedToContactId", what),
            subject=to_text(data.get("subject")),
            order_id=to_int(data.get("orderId"), "orderId", what),
            due_date=to_date(data.get("dueDate"), "dueDate", what),
        )
