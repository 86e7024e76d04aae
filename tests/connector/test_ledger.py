"""Tax codes, and invoices and credit notes with their payments: what each call asks the ERP and
what it makes of the answers (``responses``; the same runs against the fake in
test_integration_reads.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from responses import matchers

from connector import ErpNotFound
from connector.models import Contact, Product

from .conftest import order_json, search_body, url

ORDER_COLUMNS = ["orderId", "orderTypeId", "contactId", "orderPaymentStatusId"]
PAYMENT_COLUMNS = ["paymentId", "transactionRef", "paymentMethodCode", "paymentType", "orderId",
                   "currencyCode", "amountPaid", "paymentDate"]


def _invoiced(order_id: int, *, type_code: str = "SO", total: str = "120.00",
              due: str = "2026-08-01", contact: int = 7) -> dict:
    return order_json(order_id, orderTypeCode=type_code,
                      totalValue={"net": "100.00", "taxAmount": "20.00", "total": total},
                      parties={"customer": {"contactId": contact}},
                      invoices=[{"invoiceReference": f"INV-{order_id}",
                                 "taxDate": "2026-07-02T00:00:00+00:00",
                                 "dueDate": f"{due}T00:00:00+00:00"}])


def _payment(payment_id: int, order_id: int, amount: str, kind: str = "RECEIPT") -> list:
    return [payment_id, f"ref-{payment_id}", "BACS", kind, order_id, "GBP", amount, "2026-07-10"]


def test_tax_codes_are_cached_and_a_missing_rate_is_zero(erp, mocked):
    mocked.get(url("accounting-service/tax-code"), json={"response": [
        {"id": 1, "code": "T0", "description": "Zero rated"},
        {"id": 2, "code": "T1", "description": "Standard rate : 20% VAT", "rate": 20}]})
    codes = erp.reference.tax_codes()
    assert codes[1].rate == Decimal(0) and codes[2].rate == Decimal(20)
    assert erp.reference.tax_code("T1").id == 2
    with pytest.raises(ErpNotFound):
        erp.reference.tax_code("T9")
    assert len(mocked.calls) == 1


def test_products_and_contacts_carry_their_tax_codes():
    product = Product.from_api({"id": 3, "financialDetails": {
        "taxable": True, "taxCode": {"id": 5, "code": "T5"}}})
    assert (product.tax_code_id, product.taxable) == (5, True)
    assert Product.from_api({"id": 4}).tax_code_id is None
    assert Contact.from_api({"contactId": 7, "financialDetails": {"taxCodeId": 0}}).tax_code_id \
        is None
    assert Contact.from_api({"contactId": 7, "financialDetails": {"taxCodeId": 3}}).tax_code_id \
        == 3


def test_entries_are_one_search_one_get_and_one_payment_search(erp, mocked):
    mocked.get(url("order-service/order-search"),
               json=search_body(ORDER_COLUMNS, [[12, 1, 7, 3], [15, 3, 7, 2]]),
               match=[matchers.query_param_matcher({
                   "contactId": "7", "orderTypeId": "1,3", "taxDate": "1970-01-01/",
                   "sort": "taxDate.DESC", "pageSize": "500", "firstResult": "1"})])
    mocked.get(url("order-service/order/12,15"), json={"response": [
        _invoiced(12), _invoiced(15, type_code="SC", total="30.00")]})
    mocked.get(url("accounting-service/customer-payment-search"),
               json=search_body(PAYMENT_COLUMNS, [_payment(1, 12, "50.00"),
                                                  _payment(2, 15, "-10.00", "PAYMENT")]),
               match=[matchers.query_param_matcher({
                   "orderId": "12,15", "pageSize": "500", "firstResult": "1"})])
    invoice, credit = erp.ledger.entries(7)
    assert (invoice.number, invoice.paid, invoice.outstanding, invoice.balance) == (
        "INV-12", Decimal(50), Decimal(70), Decimal(70))
    assert (credit.is_credit, credit.paid, credit.outstanding, credit.balance) == (
        True, Decimal(10), Decimal(20), Decimal(-20))
    assert len(mocked.calls) == 3


def test_open_invoices_ask_for_unpaid_and_part_paid_and_list_the_earliest_due_first(erp,
                                                                                   mocked):
    mocked.get(url("order-service/order-search"),
               json=search_body(ORDER_COLUMNS, [[20, 1, 7, 2], [21, 1, 7, 3], [22, 1, 7, 1]]))
    mocked.get(url("order-service/order/20-21"), json={"response": [
        _invoiced(20, due="2026-09-01"), _invoiced(21, due="2026-08-01")]})
    mocked.get(url("accounting-service/customer-payment-search"),
               json=search_body(PAYMENT_COLUMNS, [_payment(3, 21, "20.00")]))
    found = erp.ledger.open_invoices(7)
    assert [(e.id, e.outstanding) for e in found] == [(21, Decimal(100)), (20, Decimal(120))]
    assert "orderPaymentStatusId" not in mocked.calls[0].request.url  # two values: read here


def test_a_document_of_another_contact_is_left_out_of_a_contacts_entries(erp, mocked):
    mocked.get(url("order-service/order-search"), json=search_body(ORDER_COLUMNS, [[12, 1, 7, 2]]))
    mocked.get(url("order-service/order/12"), json={"response": [_invoiced(12, contact=8)]})
    mocked.get(url("accounting-service/customer-payment-search"),
               json=search_body(PAYMENT_COLUMNS, []))
    assert erp.ledger.entries(7) == []


def test_an_order_not_invoiced_is_not_an_entry(erp, mocked):
    mocked.get(url("order-service/order/9"), json={"response": [order_json(9)]})
    with pytest.raises(ErpNotFound):
        erp.ledger.entry(9)
    assert len(mocked.calls) == 1  # no payment search for nothing


def test_payments_of_many_orders_are_searched_200_orders_at_a_time(erp, mocked):
    for idset in ("1-200", "201-250"):
        mocked.get(url("accounting-service/customer-payment-search"),
                   json=search_body(PAYMENT_COLUMNS, [_payment(int(idset[0]), 1, "5.00")]),
                   match=[matchers.query_param_matcher({
                       "orderId": idset, "pageSize": "500", "firstResult": "1"})])
    found = erp.accounting.payments_for(range(1, 251))
    assert len(found) == 250 and [p.amount for p in found[1]] == [Decimal(5), Decimal(5)]
    assert len(mocked.calls) == 2


def test_days_overdue_count_only_for_open_invoices(erp, mocked):
    mocked.get(url("order-service/order/12"), json={"response": [_invoiced(12)]})
    mocked.get(url("accounting-service/customer-payment-search"),
               json=search_body(PAYMENT_COLUMNS, []))
    entry = erp.ledger.entry(12)
    assert entry.days_overdue(date(2026, 8, 11)) == 10
    assert entry.days_overdue(date(2026, 7, 30)) == 0
