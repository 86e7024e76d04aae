"""Reading quotes: the list, one quote with its conversation, and the dashboard's open quotes.

Costs (stated in docs/portal.md and pinned in tests/portal_web/test_cost.py): the list makes
three requests (the contact's quotes by status, the portal's acceptance notes of the contact,
one GET of those orders with their custom fields, ⌈n/200⌉ past 200 quotes); a quote's page
three (the order with its custom fields, its notes, the names of the people in them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import abort

from connector.constants import OrderType
from connector.errors import ErpNotFound
from connector.models import OrderNote, Page
from portal_web.erp import get_settings
from portal_web.paging import check_page
from portal_web.quotes.model import (
    ACCEPTED_PREFIX,
    Quote,
    QuoteState,
    QuoteStatuses,
    classify,
    closing_note,
    quote_statuses,
)

PAGE_SIZE = 20


def quotes_page(erp, profile, statuses: QuoteStatuses, state: QuoteState | None,
                page: int, page_size: int = PAGE_SIZE) -> Page[Quote]:
    """One page of the contact's quotes: active (soonest to expire first), expired, accepted,
    declined (newest first within each); `state` keeps only one of them."""
    quotes = [q for q in _all_quotes(erp, profile, statuses) if state in (None, q.state)]
    quotes.sort(key=_list_order)
    first = (page - 1) * page_size
    return check_page(Page(quotes[first:first + page_size], len(quotes), page, page_size))


def open_quotes(erp, profile, limit: int = 5, statuses: QuoteStatuses | None = None
                ) -> list[Quote]:
    """The contact's active quotes, soonest to expire first (for the dashboard): two requests
    (a search and a GET), and the statuses from the connector's cache."""
    if statuses is None:
        statuses = quote_statuses(erp, get_settings())
    orders = _orders_in_quote_statuses(erp, profile, statuses, statuses.quote_ids)
    quotes = [classify(order, statuses) for order in orders]
    return sorted((q for q in quotes if q and q.is_active), key=_list_order)[:limit]


@dataclass(frozen=True)
class Speaker:
    """Who wrote a note, as the conversation shows it."""

    name: str
    is_customer: bool


@dataclass(frozen=True)
class QuotePage:
    quote: Quote
    thread: list[tuple[OrderNote, Speaker]]
    account_manager: str | None


def load_quote(erp, profile, statuses: QuoteStatuses, quote_id: int) -> QuotePage:
    """The contact's quote with its public conversation (oldest first); 404 for anything else:
    unknown, another contact's, not a sales order, or an order that was never a quote."""
    quote, notes = load_with_notes(erp, profile, statuses, quote_id)
    public = [n for n in notes if n.is_public]
    owner = quote.order.owner_id or profile.owner_id
    people = _names(erp, {n.added_by for n in public} | {owner}, profile)
    thread = [(n, people.get(n.added_by, Speaker("Our team", False))) for n in public]
    manager = people[owner].name if owner in people else None
    return QuotePage(quote, thread, manager)


def load_with_notes(erp, profile, statuses: QuoteStatuses,
                    quote_id: int) -> tuple[Quote, list[OrderNote]]:
    """The quote and all its notes: two requests, the same 404 for whatever is not theirs."""
    try:
        order = erp.orders.get(quote_id, custom_fields=True)
    except ErpNotFound:
        abort(404)
    if (profile.role != "customer" or order.customer_id != profile.contact_id
            or order.type_code != OrderType.SALES_ORDER.code):
        abort(404)
    notes = erp.orders.notes(order.id)
    accepted = closing_note(notes, profile.contact_id, ACCEPTED_PREFIX)
    quote = classify(order, statuses, accepted)
    if quote is None:
        abort(404)
    return quote, notes


def _all_quotes(erp, profile, statuses: QuoteStatuses) -> list[Quote]:
    accepted = {n.order_id: n for n in erp.orders.search_notes(
        contactId=profile.contact_id, addedBy=profile.contact_id, noteText=ACCEPTED_PREFIX)
        if n.text.startswith(ACCEPTED_PREFIX) and n.is_public}
    ids = statuses.rule.status_ids
    orders = _orders_in_quote_statuses(erp, profile, statuses, ids, extra=accepted)
    quotes = (classify(order, statuses, accepted.get(order.id)) for order in orders)
    return [q for q in quotes if q is not None]


def _orders_in_quote_statuses(erp, profile, statuses, status_ids, extra=()) -> list:
    """The contact's sales orders in these statuses, plus the `extra` ids, with their custom
    fields: one search (a page of 500 rows) and one GET per 200 orders."""
    if profile.role != "customer" or not status_ids:
        return []
    ids = list(dict.fromkeys([*erp.orders.search_ids(
        contactId=profile.contact_id, orderTypeId=OrderType.SALES_ORDER.type_id,
        orderStatusId=sorted(status_ids)), *extra]))
    if not ids:
        return []
    orders = erp.orders.get_many(ids, custom_fields=True)
    return [o for o in orders if statuses.rule.order_type.code == o.type_code
            and o.customer_id == profile.contact_id]


def _list_order(quote: Quote):
    """Active by expiry (soonest first, undated last); the others newest first."""
    if quote.state is QuoteState.ACTIVE:
        until = quote.valid_until or dt.date.max
        return (quote.state.rank, until.toordinal(), -quote.id)
    placed = quote.order.placed_on or quote.order.created_on
    stamp = placed.timestamp() if placed else 0
    return (quote.state.rank, -stamp, -quote.id)


def _names(erp, contact_ids, profile) -> dict[int, Speaker]:
    """The people of a conversation, in one request: staff by name, the customer as themself."""
    wanted = {i for i in contact_ids if i is not None and i != profile.contact_id}
    people = {c.id: Speaker(f"{c.first_name} {c.last_name}".strip() or c.display_name, False)
              for c in (erp.contacts.get_many(sorted(wanted)) if wanted else [])}
    people[profile.contact_id] = Speaker(profile.name, True)
    return people
