"""The customer's account as documents: an invoice or credit note with the payments made on it.

Brightpearl keeps what each order has been paid as customer payments (``customer-payment-search``
by ``orderId``): receipts pay an invoice, refunds (``PAYMENT``, a negative ``amountPaid``) pay out
a credit note. What is paid and what is still outstanding are worked out here from those payments,
so that every page (and the payments package) counts them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..constants import OrderType
from .activity import Payment
from .orders import Order


@dataclass(frozen=True)
class LedgerEntry:
    """An invoiced sales order (an invoice) or sales credit (a credit note), and its payments."""

    order: Order
    payments: tuple[Payment, ...] = ()

    @property
    def id(self) -> int:
        return self.order.id

    @property
    def is_credit(self) -> bool:
        return self.order.type_code == OrderType.SALES_CREDIT.code

    @property
    def number(self) -> str:
        """The invoice (or credit note) reference, e.g. ``INV-000012``."""
        return self.order.invoices[0].reference if self.order.invoices else ""

    @property
    def tax_date(self) -> date | None:
        return self.order.invoices[0].tax_date if self.order.invoices else None

    @property
    def due_date(self) -> date | None:
        return self.order.invoices[0].due_date if self.order.invoices else None

    @property
    def currency_code(self) -> str:
        return self.order.currency_code

    @property
    def amount(self) -> Decimal:
        """The document's total, tax included (positive for credit notes too)."""
        return self.order.total

    @property
    def paid(self) -> Decimal:
        """Received on an invoice, or refunded on a credit note (net of reversals)."""
        received = sum((p.amount for p in self.payments), Decimal(0))
        return -received if self.is_credit else received

    @property
    def outstanding(self) -> Decimal:
        """What is still to be paid (an invoice) or to be used or refunded (a credit note)."""
        return self.amount - self.paid

    @property
    def is_open(self) -> bool:
        return self.outstanding > 0

    @property
    def sign(self) -> int:
        """+1 for an invoice (the customer owes it), -1 for a credit note."""
        return -1 if self.is_credit else 1

    @property
    def balance(self) -> Decimal:
        """What this document adds to what the customer owes: its outstanding amount, signed."""
        return self.sign * self.outstanding

    def days_overdue(self, today: date) -> int:
        """Days past the due date of an open invoice; 0 when not due yet, paid or a credit."""
        if self.is_credit or not self.is_open or self.due_date is None:
            return 0
        return max((today - self.due_date).days, 0)
