"""Names for the ERP's constants, so that no caller writes ``orderTypeId=1`` or ``"SO"``.

Order types are fixed by Brightpearl (``orderTypeCode`` ↔ ``orderTypeId``, docs/erp-contract.md).
Status *ids* differ from one ERP account to the next, so statuses are named here and resolved to
ids through ``erp.reference.status_named`` (cached); these are the names the demo ERP seeds and
the portal's documented defaults, which settings may replace.
"""

from __future__ import annotations

from enum import Enum


class OrderType(Enum):
    """An order's type: its code on the order, its id in searches (``orderTypeId``)."""

    SALES_ORDER = ("SO", 1)
    PURCHASE_ORDER = ("PO", 2)
    SALES_CREDIT = ("SC", 3)
    PURCHASE_CREDIT = ("PC", 4)

    def __init__(self, code: str, type_id: int) -> None:
        self.code = code
        self.type_id = type_id

    @classmethod
    def from_code(cls, code: str) -> OrderType:
        """The type whose ``orderTypeCode`` is ``code``; ValueError for any other."""
        for member in cls:
            if member.code == code:
                return member
        raise ValueError(f"unknown order type code {code!r}")


class SalesStatus:
    """Sales-order status names (the demo ERP's; an account may name them otherwise)."""

    DRAFT = "Draft"
    QUOTE = "Quote"
    CONFIRMED = "Confirmed"
    CANCELLED = "Cancelled"


class PurchaseStatus:
    """Purchase-order status names (the demo ERP's)."""

    DRAFT = "Draft PO"
    SENT = "Sent to supplier"
    ACKNOWLEDGED = "Acknowledged"
    PARTLY_SHIPPED = "Partly shipped by supplier"
    SHIPPED = "Shipped by supplier"
    RECEIVED = "Received"
    CANCELLED = "Cancelled PO"


class StatusState:
    """The ``state`` of an order status (``GET order-status``), in Brightpearl's lower case.

    ``draft`` is Brightpearl's recorded value; the others are the demo ERP's. A quote has no
    state of its own: it is a sales order in a draft-state status, known by its name.
    """

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class PaymentType:
    """``paymentType`` of a customer payment: RECEIPT is money in, PAYMENT money out."""

    RECEIPT = "RECEIPT"
    PAYMENT = "PAYMENT"


class PaymentStatus(Enum):
    """An order's ``orderPaymentStatus`` and its id in searches (``orderPaymentStatusId``).

    The names are Brightpearl's; of the ids only NOT_APPLICABLE=5 is recorded, the others are
    the contract's (docs/erp-contract.md, "Searches").
    """

    PAID = ("PAID", 1)
    UNPAID = ("UNPAID", 2)
    PARTIALLY_PAID = ("PARTIALLY_PAID", 3)
    NOT_APPLICABLE = ("NOT_APPLICABLE", 5)

    def __init__(self, code: str, status_id: int) -> None:
        self.code = code
        self.status_id = status_id
