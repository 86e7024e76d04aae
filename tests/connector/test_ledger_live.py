"""The ledger and tax codes against the real fake ERP, over HTTP: what a customer owes, document by
document, adds up to what the ERP says the customer owes."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from connector.constants import OrderType
from tests.fixtures_erp import DEMO_CUSTOMER_ID

from .live import live_client


@pytest.fixture
def erp(fake_erp):
    with live_client(fake_erp.base_url) as client:
        yield client


@pytest.fixture
def account(fake_erp):
    """A new customer with two invoices (one part paid), an uninvoiced order and a credit note."""
    customer = fake_erp.create_customer()
    first, second, draft = (fake_erp.create_sales_order(customer) for _ in range(3))
    credit = fake_erp.create_sales_credit(customer, parent_id=first)
    for order_id in (first, second, credit):
        fake_erp.invoice(order_id)
    fake_erp.pay(first, "10.00")
    return customer, first, second, draft, credit


def test_entries_are_the_invoiced_documents_with_what_is_paid_on_each(erp, fake_erp, account):
    customer, first, second, draft, credit = account
    fake_erp.reset()
    entries = {e.id: e for e in erp.ledger.entries(customer)}
    assert set(entries) == {first, second, credit}  # the draft is not invoiced
    assert (entries[first].paid, entries[first].outstanding) == (Decimal(10), Decimal(14))
    assert entries[credit].balance == Decimal(-12)
    assert fake_erp.requests()["total"] == 3
    owed = sum(e.balance for e in entries.values())
    assert owed == erp.accounting.balance(customer, "GBP") == Decimal(26)


def test_entries_filter_by_type_and_tax_date(erp, account):
    customer, first, second, _, credit = account
    credits = erp.ledger.entries(customer, types=(OrderType.SALES_CREDIT,))
    assert [e.id for e in credits] == [credit]
    today = date.today()
    assert len(erp.ledger.entries(customer, invoiced_from=today, invoiced_to=today)) == 3
    assert erp.ledger.entries(customer, invoiced_to=today - timedelta(days=1)) == []


def test_open_invoices_leave_out_paid_invoices_and_credits(erp, fake_erp, account):
    customer, first, second, _, _ = account
    fake_erp.pay(second, "24.00")
    assert [(e.id, e.outstanding) for e in erp.ledger.open_invoices(customer)] == [
        (first, Decimal(14))]


def test_the_demo_customers_documents_add_up_to_its_balance(erp):
    owed = sum(e.balance for e in erp.ledger.entries(DEMO_CUSTOMER_ID, open_only=True))
    assert owed == erp.accounting.balance(DEMO_CUSTOMER_ID, "GBP") > 0


def test_tax_codes_and_the_products_codes(erp):
    codes = erp.reference.tax_codes()
    assert {c.code: c.rate for c in codes.values()}["T1"] == Decimal(20)
    products = erp.catalog.products(range(1, 11))
    assert {codes[p.tax_code_id].code for p in products.values()} == {"T0", "T1", "T5"}
