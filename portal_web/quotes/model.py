"""What a quote is, as the portal sees it (docs/portal.md, "Quotes").

A quote is an ERP sales order in a quote status (`PORTAL_QUOTE_STATUSES`, default "Quote"),
valid until the date in its custom field `PCF_VALIDTO`: active up to and including that day,
expired after it. A quote the customer declined moves to the declined status
(`PORTAL_QUOTE_DECLINED_STATUS`). A quote the customer accepted becomes the order itself (status
Confirmed), so nothing in its status says it was a quote: the portal knows it by the public note
it wrote when it was accepted ("Accepted in the portal by ..."), which Brightpearl's
order-note-search finds by contact and text, without a database of the portal's own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from connector.constants import OrderType, SalesStatus
from connector.models import Order, OrderNote
from portal_web.documents import DocumentRule

VALID_TO_FIELD = "PCF_VALIDTO"
# The notes the portal writes when it closes a quote: how it recognises them later.
ACCEPTED_PREFIX = "Accepted in the portal by "
DECLINED_PREFIX = "Declined in the portal by "
RESERVED_PREFIXES = (ACCEPTED_PREFIX, DECLINED_PREFIX)


class QuoteState(Enum):
    """Where a quote stands; the list shows them in this order."""

    ACTIVE = ("active", "Active", 0)
    EXPIRED = ("expired", "Expired", 1)
    ACCEPTED = ("accepted", "Accepted", 2)
    DECLINED = ("declined", "Declined", 3)

    def __init__(self, slug: str, label: str, rank: int) -> None:
        self.slug, self.label, self.rank = slug, label, rank

    @classmethod
    def from_slug(cls, slug: str) -> QuoteState:
        """The state named in `?state=`; ValueError with the message to show otherwise."""
        for state in cls:
            if state.slug == slug:
                return state
        raise ValueError("There is no such quote status.")


@dataclass(frozen=True)
class QuoteStatuses:
    """The ERP status ids quotes use, resolved by name (ids differ between ERP accounts)."""

    quote_ids: frozenset[int]
    declined_id: int | None
    confirmed_id: int | None  # None: the ERP has no Confirmed status, quotes cannot be accepted

    @property
    def rule(self) -> DocumentRule:
        """Sales orders still in a quote status, or declined: what the quote pages open."""
        ids = self.quote_ids | ({self.declined_id} if self.declined_id else set())
        return DocumentRule(OrderType.SALES_ORDER, frozenset(ids))


def quote_statuses(erp, settings) -> QuoteStatuses:
    """From the ERP's status list (cached by the connector): no request once warm."""
    sales = {s.name: s.id for s in erp.reference.statuses()
             if s.order_type == OrderType.SALES_ORDER.code}
    return QuoteStatuses(
        quote_ids=frozenset(sales[name] for name in settings.quote_statuses if name in sales),
        declined_id=sales.get(settings.quote_declined_status),
        confirmed_id=sales.get(SalesStatus.CONFIRMED),
    )


def today() -> dt.date:
    """The portal's today, in UTC like the ERP's dates."""
    return dt.datetime.now(dt.UTC).date()


def valid_until(order: Order) -> dt.date | None:
    """`PCF_VALIDTO` as a date (a date-time counts as its day); None when absent or unreadable."""
    value = order.custom_fields.get(VALID_TO_FIELD)
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class Quote:
    """A quote with its state; `closing_note` is the portal's note that accepted or declined
    it (None for open quotes, or one declined by staff)."""

    order: Order
    state: QuoteState
    valid_until: dt.date | None
    closing_note: OrderNote | None = None

    @property
    def id(self) -> int:
        return self.order.id

    @property
    def is_active(self) -> bool:
        return self.state is QuoteState.ACTIVE


def classify(order: Order, statuses: QuoteStatuses, accepted: OrderNote | None = None,
             on: dt.date | None = None) -> Quote | None:
    """The quote this order is, or None when it is no quote (any more) to the portal.

    `accepted` is the portal's acceptance note of the order, if it has one.
    """
    until = valid_until(order)
    if order.status_id in statuses.quote_ids:
        expired = until is not None and until < (on or today())
        return Quote(order, QuoteState.EXPIRED if expired else QuoteState.ACTIVE, until)
    if order.status_id == statuses.declined_id:
        return Quote(order, QuoteState.DECLINED, until)
    if accepted is not None:
        return Quote(order, QuoteState.ACCEPTED, until, accepted)
    return None


def closing_note(notes, contact_id: int, prefix: str) -> OrderNote | None:
    """The first public note the portal wrote for `contact_id` starting with `prefix`."""
    return next((n for n in notes if n.is_public and n.added_by == contact_id
                 and n.text.startswith(prefix)), None)


def accept_text(name: str, po_number: str) -> str:
    return f"{ACCEPTED_PREFIX}{name}" + (f", PO {po_number}." if po_number else ".")


def decline_text(name: str, reason: str) -> str:
    return f"{DECLINED_PREFIX}{name}" + (f": {reason}" if reason else ".")
