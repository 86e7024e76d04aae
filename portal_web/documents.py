"""The one way to load an ERP document a page names by id: load, check, or the same 404.

Sales orders, quotes (sales orders in a quote status), credit notes and purchase orders are all
ERP orders. An area states which ones it shows with a `DocumentRule` (the order type, and the
statuses its table lets people see); `load_document` then answers the document only when the ERP
says it is of that type, in one of those statuses, and belongs to the logged-in contact (as
customer for sales documents, as supplier for purchases). Every other case, an unknown id
included, is the same 404: a page never tells whether someone else's document exists. Lists go
through `document_page`, with the same rule, so a list never shows what its detail page hides.
Invoices and credit notes (invoiced sales orders and credits, with their payments) load through
`load_ledger_entry`, the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort

from connector.constants import OrderType
from connector.errors import ErpNotFound
from connector.models import LedgerEntry, Order, Page

# Which party of a document is its owner, by type: the ERP's `parties.customer|supplier`.
_OWNER_ROLE = {
    OrderType.SALES_ORDER: "customer", OrderType.SALES_CREDIT: "customer",
    OrderType.PURCHASE_ORDER: "supplier", OrderType.PURCHASE_CREDIT: "supplier",
}


@dataclass(frozen=True)
class DocumentRule:
    """What an area shows: documents of one type, in these ERP status ids only."""

    order_type: OrderType
    status_ids: frozenset[int]

    @property
    def owner_role(self) -> str:
        """The role (`Profile.role`) of the party that owns such documents."""
        return _OWNER_ROLE[self.order_type]

    def shows(self, order: Order, profile) -> bool:
        """True when `profile` may see `order` under this rule."""
        owner = order.customer_id if self.owner_role == "customer" else order.supplier_id
        return (profile.role == self.owner_role and owner == profile.contact_id
                and order.type_code == self.order_type.code
                and order.status_id in self.status_ids)


def load_document(erp, rule: DocumentRule, document_id: int, profile, *,
                  custom_fields: bool = False) -> Order:
    """The document, or a 404 alike for unknown, another's, another type or a hidden status.

    One ERP request (the order GET; `custom_fields` come with it when asked for).
    """
    try:
        order = erp.orders.get(document_id, custom_fields=custom_fields)
    except ErpNotFound:
        abort(404)
    if not rule.shows(order, profile):
        abort(404)
    return order


def document_page(erp, rule: DocumentRule, profile, *, page: int, page_size: int,
                  status_ids=None, sort: str = "createdOn.DESC", **filters) -> Page[Order]:
    """One page of the contact's documents under `rule`: one search and one GET.

    `status_ids` narrows the rule's statuses (a filter on the list); it never widens them, and
    nor do `filters` (other search columns, such as `customerRef`), which may not name the
    rule's own columns.
    """
    wanted = _wanted(rule, profile, status_ids, filters)
    if not wanted:
        return Page([], 0, page, page_size)
    return erp.orders.page(page=page, page_size=page_size, sort=sort,
                           **_rule_filters(rule, profile, wanted), **filters)


class TooManyDocuments(Exception):
    """More documents match than a caller asked to take at once (an export's limit)."""


def all_documents(erp, rule: DocumentRule, profile, *, limit: int, status_ids=None,
                  sort: str = "createdOn.DESC", custom_fields: bool = False,
                  **filters) -> list[Order]:
    """Every document of the contact under `rule` (what an export holds), newest first.

    ⌈n/500⌉ searches and ⌈n/200⌉ GETs; TooManyDocuments past `limit`. Each document is also
    checked with the rule, as `load_document` checks one.
    """
    wanted = _wanted(rule, profile, status_ids, filters)
    if not wanted:
        return []
    ids = []
    for order_id in erp.orders.search_ids(sort=sort, **_rule_filters(rule, profile, wanted),
                                          **filters):
        if len(ids) == limit:
            raise TooManyDocuments(limit)
        ids.append(order_id)
    orders = erp.orders.get_many(ids, custom_fields=custom_fields) if ids else []
    return [order for order in orders if rule.shows(order, profile)]


def _wanted(rule: DocumentRule, profile, status_ids, filters) -> frozenset[int]:
    """The statuses a list may show: none for a contact of another role."""
    clash = set(filters) & {"contactId", "orderTypeId", "orderStatusId"}
    if clash:
        raise ValueError(f"the rule decides {', '.join(sorted(clash))}, not the caller")
    if profile.role != rule.owner_role:
        return frozenset()
    return rule.status_ids if status_ids is None else rule.status_ids & frozenset(status_ids)


def _rule_filters(rule: DocumentRule, profile, wanted) -> dict:
    return {"contactId": profile.contact_id, "orderTypeId": rule.order_type.type_id,
            "orderStatusId": sorted(wanted)}


def load_ledger_entry(erp, entry_id: int, profile) -> LedgerEntry:
    """An invoice or credit note of the logged-in customer with its payments, or a 404 alike for
    unknown, another customer's, or an order that is not invoiced.

    Two ERP requests (the order GET, its payments).
    """
    try:
        entry = erp.ledger.entry(entry_id)
    except ErpNotFound:
        abort(404)
    if profile.role != "customer" or entry.order.customer_id != profile.contact_id:
        abort(404)
    return entry
