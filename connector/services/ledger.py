"""A customer's invoices and credit notes with what has been paid on them (``erp.ledger``).

Brightpearl has no invoice resource: an invoice is a sales order that has been invoiced (it has
an invoice reference and a tax date), a credit note an invoiced sales credit. Their payments are
customer payments searched by ``orderId``. A list costs one order search (per 500 documents),
one order GET (per 200) and one payment search (per 200 documents), whatever their number of
rows or payments: never one request per document.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time

from ..constants import OrderType, PaymentStatus
from ..errors import ErpNotFound
from ..models import LedgerEntry
from .accounting import AccountingService
from .orders import OrderService

DOCUMENT_TYPES = (OrderType.SALES_ORDER, OrderType.SALES_CREDIT)
# Brightpearl sets an order's tax date when it invoices it: a tax date since the epoch is
# "invoiced". (The GET's invoice reference is checked too, so a stray tax date shows nothing.)
_INVOICED_SINCE = date(1970, 1, 1)
_OPEN = (PaymentStatus.UNPAID.status_id, PaymentStatus.PARTIALLY_PAID.status_id)


class LedgerService:
    """Invoices and credit notes as ``LedgerEntry`` objects (a document and its payments)."""

    def __init__(self, orders: OrderService, accounting: AccountingService) -> None:
        self._orders = orders
        self._accounting = accounting

    def entries(self, contact_id: int, *, types: Iterable[OrderType] = DOCUMENT_TYPES,
                invoiced_from: date | None = None, invoiced_to: date | None = None,
                open_only: bool = False) -> list[LedgerEntry]:
        """The contact's invoiced documents of those types, newest first (tax date, then id).

        ``invoiced_from``/``invoiced_to`` bound the tax date (both days included);
        ``open_only`` keeps the unpaid and part-paid ones (the ERP filters by payment status).
        """
        last = datetime.combine(invoiced_to, time(23, 59, 59), UTC) if invoiced_to else None
        filters = {"contactId": int(contact_id),
                   "orderTypeId": [t.type_id for t in types],
                   "taxDate": (invoiced_from or _INVOICED_SINCE, last)}
        if open_only:
            filters["orderPaymentStatusId"] = list(_OPEN)
        ids = list(self._orders.search_ids(sort="taxDate.DESC", **filters))
        return [e for e in self.for_orders(ids) if e.order.contact_id == int(contact_id)]

    def open_invoices(self, contact_id: int) -> list[LedgerEntry]:
        """The contact's invoices with something still to pay, the earliest due first.

        Computed from the ERP on every call (the payments package checks what a customer may
        pay against it), never from a cache.
        """
        invoices = self.entries(contact_id, types=(OrderType.SALES_ORDER,), open_only=True)
        return sorted((e for e in invoices if e.is_open),
                      key=lambda e: (e.due_date or date.max, e.id))

    def for_orders(self, order_ids: Iterable[int]) -> list[LedgerEntry]:
        """The invoiced documents among ``order_ids``, in that order, with their payments.

        Orders that are not invoiced sales orders or credits are left out (ownership is the
        caller's to check: ``entry.order.customer_id``).
        """
        orders = [o for o in self._orders.get_many(order_ids) if _is_document(o)]
        if not orders:
            return []
        payments = self._accounting.payments_for(o.id for o in orders)
        return [LedgerEntry(o, tuple(payments.get(o.id, ()))) for o in orders]

    def entry(self, order_id: int) -> LedgerEntry:
        """One invoice or credit note with its payments; ErpNotFound for anything else."""
        found = self.for_orders([order_id])
        if not found:
            raise ErpNotFound(f"No invoice or credit note {order_id}")
        return found[0]


def _is_document(order) -> bool:
    return bool(order.invoices) and order.type_code in {t.code for t in DOCUMENT_TYPES}
