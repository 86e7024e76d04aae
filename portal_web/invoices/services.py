"""Invoices and credit notes as the customer sees them: lists with totals, a document, a status.

Everything is read from the ERP at once (`erp.ledger`): a list reads every document its filter
matches (3 requests for up to 200), so that its totals are those of the whole filter, not of one
page; the status filter, the number search and the paging are applied here. Amounts are signed as
they count on the account: an invoice adds to what the customer owes, a credit note takes off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from connector.constants import OrderType
from connector.errors import ErpNotFound
from connector.models import LedgerEntry, Order, Page
from portal_web.invoices.filters import OPEN_STATUSES, InvoiceFilter
from portal_web.paging import check_page
from portal_web.taxes import TaxLine, tax_by_rate

PAGE_SIZE = 20
_TYPES = {"": (OrderType.SALES_ORDER, OrderType.SALES_CREDIT),
          "invoice": (OrderType.SALES_ORDER,), "credit": (OrderType.SALES_CREDIT,)}


@dataclass(frozen=True)
class Status:
    """A document's status as the page writes it, and the CSS class that colours it."""

    label: str
    css: str


def status_of(entry: LedgerEntry, today: date) -> Status:
    """Paid, part paid, unpaid or overdue by N days (refunded, part refunded or available for a
    credit note)."""
    if entry.is_credit:
        if not entry.is_open:
            return Status("Refunded", "paid")
        return Status("Part refunded" if entry.paid > 0 else "Credit available", "credit")
    if not entry.is_open:
        return Status("Paid", "paid")
    days = entry.days_overdue(today)
    if days:
        return Status(f"Overdue by {days} day{'s' if days != 1 else ''}", "overdue")
    return Status("Part paid" if entry.paid > 0 else "Unpaid", "unpaid")


@dataclass
class Totals:
    """The sums of a list, in one currency, signed as they count on the account."""

    currency_code: str
    amount: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    outstanding: Decimal = Decimal(0)

    def add(self, entry: LedgerEntry) -> None:
        self.amount += entry.sign * entry.amount
        self.paid += entry.sign * entry.paid
        self.outstanding += entry.balance


@dataclass(frozen=True)
class InvoiceList:
    page: Page[LedgerEntry]
    totals: list[Totals] = field(default_factory=list)  # one per currency, in order of use


def invoice_list(erp, profile, wanted: InvoiceFilter, today: date,
                 page_size: int = PAGE_SIZE) -> InvoiceList:
    """One page of the customer's documents matching `wanted`, newest first, with the totals of
    every document the filter matches. A page past the last raises PastLastPage."""
    entries = erp.ledger.entries(profile.contact_id, types=_TYPES[wanted.type],
                                 invoiced_from=wanted.date_from, invoiced_to=wanted.date_to,
                                 open_only=wanted.status in OPEN_STATUSES)
    matched = [e for e in entries if wanted.matches(e, today)]
    totals: dict[str, Totals] = {}
    for entry in matched:
        totals.setdefault(entry.currency_code, Totals(entry.currency_code)).add(entry)
    first = (wanted.page - 1) * page_size
    page = Page(matched[first:first + page_size], len(matched), wanted.page, page_size)
    return InvoiceList(check_page(page), list(totals.values()))


def tax_lines(erp, entry: LedgerEntry) -> list[TaxLine]:
    """The document's tax by rate, from its rows' codes (descriptions from the cached codes)."""
    rows = [(row.tax_code, _rate(row), row.net, row.tax) for row in entry.order.rows]
    return tax_by_rate(rows, erp.reference.tax_codes())


def _rate(row) -> Decimal:
    """The row's rate as the ERP gives it; else the one its amounts imply."""
    if row.tax_rate is not None:
        return row.tax_rate
    if not row.net:
        return Decimal(0)
    return (row.tax / row.net * 100).quantize(Decimal("0.01"))


def today() -> date:
    """Today in UTC: the ERP's dates are UTC dates."""
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class DocumentView:
    """What the detail page and the PDF show of one invoice or credit note."""

    entry: LedgerEntry
    status: Status
    taxes: list[TaxLine]
    order_visible: bool  # the invoice's order has a page in My orders
    parent: Order | None = None  # a credit note's order, when it is the customer's


def document_view(erp, entry: LedgerEntry, profile, visible_status_ids, on: date) -> DocumentView:
    """The document with its status and tax by rate; a credit note's order is read too (one
    more request) to link it, and shown only when it is the same customer's."""
    parent = None
    if entry.is_credit and entry.order.parent_order_id:
        try:
            parent = erp.orders.get(entry.order.parent_order_id)
        except ErpNotFound:
            parent = None
        if parent is not None and parent.customer_id != profile.contact_id:
            parent = None
    return DocumentView(entry, status_of(entry, on), tax_lines(erp, entry),
                        entry.order.status_id in visible_status_ids, parent)
