"""Tax codes, credit notes against invoices, payment terms and each order's payment status."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from tests.fixtures_erp import (
    DEMO_CREDIT_LIMIT,
    DEMO_CREDIT_NOTE_ID,
    DEMO_CUSTOMER_ID,
    PAID_ORDER_ID,
    TAX_EXEMPT,
    TAX_REVERSE_CHARGE,
)


def _order(fake_erp, order_id: int) -> dict:
    return fake_erp.get(f"/order-service/order/{order_id}").json()["response"][0]


def test_tax_codes_are_served_as_brightpearl_lists_them(fake_erp):
    codes = fake_erp.get("/accounting-service/tax-code").json()["response"]
    by_code = {c["code"]: c for c in codes}
    assert by_code["T1"] == {"id": 2, "code": "T1", "description": "Standard rate : 20% VAT",
                             "rate": 20}
    assert "rate" not in by_code["T0"] and "rate" not in by_code["T2"]  # zero: left out
    assert by_code["T5"]["rate"] == 5
    assert fake_erp.get("/accounting-service/tax-code/2,5").json()["response"] == [
        by_code["T1"], by_code["T5"]]
    assert fake_erp.get("/accounting-service/tax-code/99").status_code == 404


def test_products_carry_their_tax_code_and_rows_their_codes_rate(fake_erp):
    products = fake_erp.get("/product-service/product/1-20").json()["response"]
    codes = {p["financialDetails"]["taxCode"]["code"] for p in products}
    assert codes == {"T0", "T1", "T5"}
    row = {"productId": 3, "quantity": 2, "net": "10.00", "tax": "0.50", "taxCode": "T5"}
    order = _order(fake_erp, fake_erp.create_sales_order(rows=[row]))
    value = next(iter(order["orderRows"].values()))["rowValue"]
    assert (value["taxCode"], Decimal(value["taxRate"])) == ("T5", 5)
    assert value["rowTax"]["value"] == "0.50"


def test_a_row_with_an_unknown_tax_code_is_refused_and_nothing_is_created(fake_erp):
    before = fake_erp.get("/order-service/order-search?pageSize=1").json()["response"]
    row = {"productId": 1, "quantity": 1, "net": "10.00", "tax": "2.00", "taxCode": "T99"}
    answer = fake_erp.post("/order-service/sales-order",
                           {"customer": {"id": DEMO_CUSTOMER_ID}, "rows": [row]})
    assert answer.status_code == 400 and "taxCode" in answer.json()["errors"][0]["message"]
    after = fake_erp.get("/order-service/order-search?pageSize=1").json()["response"]
    assert after["metaData"]["resultsAvailable"] == before["metaData"]["resultsAvailable"]


def test_a_contact_carries_its_own_tax_code_when_it_has_one(fake_erp):
    exempt = fake_erp.create_customer(financialDetails={"taxCodeId": TAX_EXEMPT})
    plain = fake_erp.create_customer()
    contacts = fake_erp.get(f"/contact-service/contact/{exempt},{plain}").json()["response"]
    assert [c["financialDetails"]["taxCodeId"] for c in contacts] == [TAX_EXEMPT, 0]
    fake_erp.patch(f"/contact-service/contact/{plain}", [
        {"op": "replace", "path": "/financialDetails/taxCodeId", "value": TAX_REVERSE_CHARGE}])
    changed = fake_erp.get(f"/contact-service/contact/{plain}").json()["response"][0]
    assert changed["financialDetails"]["taxCodeId"] == TAX_REVERSE_CHARGE
    bad = fake_erp.post("/contact-service/contact", {
        "lastName": "X", "financialDetails": {"taxCodeId": 99}})
    assert bad.status_code == 400


def test_a_sales_credit_names_the_order_it_credits(fake_erp):
    customer = fake_erp.create_customer()
    invoice = fake_erp.create_sales_order(customer)
    credit = fake_erp.create_sales_credit(customer, parent_id=invoice)
    found = _order(fake_erp, credit)
    assert found["orderTypeCode"] == "SC" and found["parentOrderId"] == invoice
    assert found["orderStatus"]["name"] == "Credit pending"
    assert fake_erp.invoice(credit) == f"SC-{credit:06d}"
    search = fake_erp.get(f"/order-service/order-search?parentOrderId={invoice}").json()
    assert [row[0] for row in search["response"]["results"]] == [credit]


def test_a_credit_against_another_customers_order_is_refused(fake_erp):
    mine, theirs = fake_erp.create_customer(), fake_erp.create_customer()
    their_order = fake_erp.create_sales_order(theirs)
    answer = fake_erp.post("/order-service/sales-credit", {
        "customer": {"id": mine}, "parentId": their_order,
        "rows": [{"productId": 1, "quantity": 1, "net": "1.00", "tax": "0.20"}]})
    assert answer.status_code == 400


def test_payment_status_follows_receipts_on_invoices_and_refunds_on_credits(fake_erp):
    customer = fake_erp.create_customer()
    invoice = fake_erp.create_sales_order(customer)  # 24.00 in all
    credit = fake_erp.create_sales_credit(customer, parent_id=invoice)  # 12.00
    fake_erp.pay(invoice, "10.00")
    assert _order(fake_erp, invoice)["orderPaymentStatus"] == "PARTIALLY_PAID"
    fake_erp.pay(invoice, "14.00")
    assert _order(fake_erp, invoice)["orderPaymentStatus"] == "PAID"
    fake_erp.pay(credit, "12.00", payment_type="PAYMENT")  # the credit refunded
    assert _order(fake_erp, credit)["orderPaymentStatus"] == "PAID"
    search = fake_erp.get(f"/accounting-service/customer-payment-search?orderId={credit}").json()
    assert [row[9] for row in search["response"]["results"]] == ["-12.00"]


def test_the_demo_customer_has_terms_a_credit_limit_and_a_credit_note(fake_erp):
    contact = fake_erp.get(f"/contact-service/contact/{DEMO_CUSTOMER_ID}").json()["response"][0]
    assert contact["financialDetails"]["creditLimit"] == DEMO_CREDIT_LIMIT
    assert contact["financialDetails"]["creditTermDays"] == 30
    credit = _order(fake_erp, DEMO_CREDIT_NOTE_ID)
    assert credit["parentOrderId"] == PAID_ORDER_ID
    assert credit["orderPaymentStatus"] == "UNPAID"
    invoice = credit["invoices"][0]
    days = (_day(invoice["dueDate"]) - _day(invoice["taxDate"])).days
    assert days == 30


def _day(text: str):
    return datetime.fromisoformat(text).date()
