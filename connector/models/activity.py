"""What happens around orders: shipments, payments and CRM tasks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date  # noqa: N812
from datetime import datetime as DateTime  # noqa: N812
from decimal import Decimal

from ._table import FromApi, amount, api, boolean, date, datetime, integer


@dataclass(frozen=True)
class Shipment(FromApi):
    """A goods-out note (``data`` has its key added as ``noteId``)."""

    id: int
    order_id: int
    shipped: bool
    shipped_on: DateTime | None
    tracking_reference: str
    shipping_method_id: int | None
    packed: bool = False
    warehouse_id: int | None = None

    _what = "goods-out note"
    _api = {
        "id": api("noteId", integer, required=True),
        "order_id": api("orderId", integer, required=True),
        "shipped": api("status.shipped", boolean),
        "shipped_on": api("status.shippedOn", datetime),
        "tracking_reference": api("shipping.reference"),
        "shipping_method_id": api("shipping.shippingMethodId", integer),
        "packed": api("status.packed", boolean),
        "warehouse_id": api("warehouseId", integer),
    }


@dataclass(frozen=True)
class Payment(FromApi):
    """A customer-payment-search row mapped by column name. ``contact_id`` is not a column of
    Brightpearl's search (it is None unless an answer carries it)."""

    id: int
    transaction_ref: str
    method_code: str
    payment_type: str
    order_id: int | None
    contact_id: int | None
    currency_code: str
    amount: Decimal
    payment_date: Date | None
    journal_id: int | None = None

    _what = "customer payment"
    _api = {
        "id": api("paymentId", integer, required=True),
        "transaction_ref": api("transactionRef"),
        "method_code": api("paymentMethodCode"),
        "payment_type": api("paymentType"),
        "order_id": api("orderId", integer),
        "contact_id": api("contactId", integer),
        "currency_code": api("currencyCode"),
        "amount": api("amountPaid", amount),
        "payment_date": api("paymentDate", date),
        "journal_id": api("journalId", integer),
    }


@dataclass(frozen=True)
class Task(FromApi):
    """A task-search row mapped by column name (crm-service, an extension). ``reference`` is
    the unique reference its creator gave it (empty when none)."""

    id: int
    assigned_to: int | None
    subject: str
    order_id: int | None
    due_date: Date | None
    reference: str = ""

    _what = "task"
    _api = {
        "id": api("taskId", integer, required=True),
        "assigned_to": api("assignedToContactId", integer),
        "subject": api("subject"),
        "order_id": api("orderId", integer),
        "due_date": api("dueDate", date),
        "reference": api("reference"),
    }
