"""`load_document`: a sales order, quote, credit note or purchase order, only for its own contact,
in the statuses its area shows; any other case is the same 404. Read from the fake ERP."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import NotFound

from connector.constants import OrderType, SalesStatus, StatusState
from portal_web.auth.user import Profile
from portal_web.documents import DocumentRule, document_page, load_document
from tests.fixtures_erp import (
    DEMO_CREDIT_NOTE_ID,
    DEMO_CUSTOMER_ID,
    DEMO_ORDER_BY_STATUS,
    DEMO_PURCHASE_ORDER_IDS,
    DEMO_SUPPLIER_ID,
    PLAIN_CUSTOMER_ID,
)


def _profile(contact_id: int, role: str) -> Profile:
    return Profile(contact_id, role, "Someone", "Some Ltd", None, "GBP", None, "f" * 16)


CUSTOMER = _profile(DEMO_CUSTOMER_ID, "customer")
OTHER_CUSTOMER = _profile(PLAIN_CUSTOMER_ID, "customer")
SUPPLIER = _profile(DEMO_SUPPLIER_ID, "supplier")


def _rule(erp, order_type: OrderType, *states: str) -> DocumentRule:
    """The statuses of `order_type` in `states` (all of them when none is named)."""
    ids = {s.id for s in erp.reference.statuses()
           if s.order_type == order_type.code and (not states or s.state in states)}
    return DocumentRule(order_type, frozenset(ids))


def _refused(erp, rule, document_id, profile) -> bool:
    try:
        load_document(erp, rule, document_id, profile)
    except NotFound:
        return True
    return False


def test_a_customer_opens_their_own_sales_order_in_a_shown_status(portal):
    rule = _rule(portal.erp, OrderType.SALES_ORDER, StatusState.OPEN)
    order_id = DEMO_ORDER_BY_STATUS["Confirmed"]
    order = load_document(portal.erp, rule, order_id, CUSTOMER)
    assert order.id == order_id and order.customer_id == CUSTOMER.contact_id


@pytest.mark.parametrize(("document_id", "profile", "why"), [
    (DEMO_ORDER_BY_STATUS["Confirmed"], OTHER_CUSTOMER, "another customer's"),
    (DEMO_ORDER_BY_STATUS["Confirmed"], SUPPLIER, "a supplier opening a sale"),
    (DEMO_ORDER_BY_STATUS["Draft"], CUSTOMER, "a status the area does not show"),
    (DEMO_CREDIT_NOTE_ID, CUSTOMER, "a credit note is not a sales order"),
    (DEMO_PURCHASE_ORDER_IDS[0], CUSTOMER, "a purchase order is not a sales order"),
    (99_999_999, CUSTOMER, "an id the ERP does not know"),
])
def test_every_other_sales_order_is_the_same_404(portal, document_id, profile, why):
    rule = _rule(portal.erp, OrderType.SALES_ORDER, StatusState.OPEN)
    assert _refused(portal.erp, rule, document_id, profile), why


def test_a_quote_is_a_sales_order_in_a_quote_status(portal):
    quote = portal.erp.reference.status_named(SalesStatus.QUOTE)  # a quote is known by name
    quotes = DocumentRule(OrderType.SALES_ORDER, frozenset({quote.id}))
    orders = _rule(portal.erp, OrderType.SALES_ORDER, StatusState.OPEN)
    quote_id = DEMO_ORDER_BY_STATUS["Quote"]
    assert load_document(portal.erp, quotes, quote_id, CUSTOMER).status_name == "Quote"
    assert _refused(portal.erp, orders, quote_id, CUSTOMER)
    assert _refused(portal.erp, quotes, DEMO_ORDER_BY_STATUS["Confirmed"], CUSTOMER)


def test_a_credit_note_is_its_customers(portal):
    credits = _rule(portal.erp, OrderType.SALES_CREDIT)
    assert load_document(portal.erp, credits, DEMO_CREDIT_NOTE_ID, CUSTOMER).type_code == "SC"
    assert _refused(portal.erp, credits, DEMO_CREDIT_NOTE_ID, OTHER_CUSTOMER)


def test_a_purchase_order_is_its_suppliers_and_no_customers(portal):
    purchases = _rule(portal.erp, OrderType.PURCHASE_ORDER)
    po_id = DEMO_PURCHASE_ORDER_IDS[0]
    assert load_document(portal.erp, purchases, po_id, SUPPLIER).supplier_id == DEMO_SUPPLIER_ID
    assert _refused(portal.erp, purchases, po_id, CUSTOMER)
    another_supplier = next(i for i in portal.erp.contacts.search(isSupplier=True)
                            if i != DEMO_SUPPLIER_ID)
    assert _refused(portal.erp, purchases, po_id, _profile(another_supplier, "supplier"))


def test_a_list_shows_what_its_detail_pages_open_and_a_filter_never_widens_it(portal):
    erp = portal.erp
    rule = _rule(erp, OrderType.SALES_ORDER, StatusState.OPEN)
    listed = document_page(erp, rule, CUSTOMER, page=1, page_size=50).items
    assert listed and all(rule.shows(order, CUSTOMER) for order in listed)
    quote_status = erp.reference.status_named("Quote").id
    narrowed = document_page(erp, rule, CUSTOMER, page=1, page_size=50,
                             status_ids=[quote_status])
    assert narrowed.items == [] and narrowed.total == 0
    assert document_page(erp, rule, SUPPLIER, page=1, page_size=50).total == 0


def test_suppliers_list_their_own_purchase_orders(portal):
    rule = _rule(portal.erp, OrderType.PURCHASE_ORDER)
    listed = document_page(portal.erp, rule, SUPPLIER, page=1, page_size=200).items
    assert set(DEMO_PURCHASE_ORDER_IDS) <= {o.id for o in listed}
    assert all(o.supplier_id == DEMO_SUPPLIER_ID and o.type_code == "PO" for o in listed)
