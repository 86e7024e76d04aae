"""The statement of account and the dashboard: open items, running balance, ageing, balance,
credit limit and what is overdue, each against sums made here from the ERP's own answers."""

from __future__ import annotations

import html
import io
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader

TODAY = datetime.now(UTC).date()
ROW = {"productId": 1, "quantity": 1, "net": "100.00", "tax": "20.00", "taxCode": "T1"}
# invoice date (days ago) -> the ageing bucket its outstanding amount falls in (30 days' terms)
AGES = {0: 0, 45: 1, 80: 2, 110: 3, 200: 4}


@pytest.fixture
def ledger(fake_erp, make_customer, shopper):
    """A customer with a limit of £1,000: one open invoice per ageing bucket (the one of 80 days
    part paid), a paid invoice, and a credit note."""
    customer = make_customer(creditLimit=1000)
    ids = {}
    for days in (*AGES, 300):
        ids[days] = fake_erp.create_sales_order(customer, rows=[ROW])
        fake_erp.invoice(ids[days], tax_date=(TODAY - timedelta(days=days)).isoformat())
    fake_erp.pay(ids[80], "20.00")
    fake_erp.pay(ids[300], "120.00")
    ids["credit"] = fake_erp.create_sales_credit(customer, parent_id=ids[300])
    fake_erp.invoice(ids["credit"], tax_date=(TODAY - timedelta(days=5)).isoformat())
    assert shopper.login(customer).status_code == 200
    return customer, ids


def _open_items(fake_erp, ids) -> list[tuple[date, int, Decimal, date]]:
    """(invoice date, id, signed outstanding, due date) of every open item, from the ERP."""
    idset = ",".join(str(i) for i in ids)
    orders = fake_erp.get(f"/order-service/order/{idset}").json()["response"]
    rows = fake_erp.get(f"/accounting-service/customer-payment-search?orderId={idset}").json()
    paid: dict[int, Decimal] = {}
    for row in rows["response"]["results"]:
        paid[row[5]] = paid.get(row[5], Decimal(0)) + Decimal(row[9])
    items = []
    for order in orders:
        total, got = Decimal(order["totalValue"]["total"]), paid.get(order["id"], Decimal(0))
        owed = total - got if order["orderTypeCode"] == "SO" else -(total + got)
        invoice = order["invoices"][0]
        if owed:
            items.append((_day(invoice["taxDate"]), order["id"], owed, _day(invoice["dueDate"])))
    return sorted(items)


def _day(text: str) -> date:
    return datetime.fromisoformat(text).date()


def _money(amount: Decimal) -> str:
    return f"-£{-amount:,.2f}" if amount < 0 else f"£{amount:,.2f}"


def test_the_statement_lists_open_items_oldest_first_with_a_running_balance(shopper, ledger,
                                                                            fake_erp):
    customer, ids = ledger
    page = html.unescape(shopper.get("/statement").text)
    items = _open_items(fake_erp, ids.values())
    shown = re.findall(r'<a href="/invoices/(\d+)">', page.split("statement-lines")[1])
    assert [int(i) for i in shown] == [order_id for _, order_id, _, _ in items]
    running, balances = Decimal(0), []
    for _, _, owed, _ in items:
        running += owed
        balances.append(_money(running))
    cells = re.findall(r"<tr><td>.*?</tr>", page.split("statement-lines")[1], re.S)
    assert [re.findall(r'<td class="num">([^<]+)</td>', c)[-1] for c in cells] == balances
    erp_balance = fake_erp.get(f"/accounting-service/contact/{customer}/currency/GBP/balance")
    assert Decimal(erp_balance.json()["response"]) == running
    assert f'id="balance-GBP">{_money(running)}<' in page


def test_the_ageing_sorts_what_is_owed_by_days_past_due(shopper, ledger, fake_erp):
    _, ids = ledger
    page = html.unescape(shopper.get("/statement").text)
    buckets = [Decimal(0)] * 5
    for _, _, owed, due in _open_items(fake_erp, ids.values()):
        days = max((TODAY - due).days, 0)
        index = 0 if days == 0 else 1 if days <= 30 else 2 if days <= 60 else 3 if days <= 90 \
            else 4
        buckets[index] += owed
    shown = re.findall(r'data-bucket="\d">([^<]+)<', page)
    assert shown == [_money(b) for b in buckets]
    assert buckets[0] == Decimal("108.00")  # today's invoice (£120) less the credit (£12)
    assert f'id="overdue-GBP">{_money(sum(buckets[1:]))}<' in page


def test_the_statement_pdf_prints_the_pages_figures(shopper, ledger):
    page = html.unescape(shopper.get("/statement").text)
    answer = shopper.get("/statement.pdf")
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)
    for amount in re.findall(r'data-bucket="\d">([^<]+)<', page):
        assert amount in text
    balance = re.search(r'id="balance-GBP">([^<]+)<', page).group(1)
    assert f"Balance due {balance}" in text
    assert "Statement of account" in text and "Over 90 days" in text


def test_a_customer_with_nothing_open_gets_an_empty_statement(shopper, customer):
    page = shopper.get("/statement").text
    assert "Nothing is outstanding on your account." in page
    assert 'id="balance-GBP">£0.00<' in page
    text = PdfReader(io.BytesIO(shopper.get("/statement.pdf").content)).pages[0].extract_text()
    assert "Nothing is outstanding on your account." in text


def test_the_dashboard_shows_balance_credit_and_what_is_overdue(shopper, ledger, fake_erp):
    customer, ids = ledger
    page = html.unescape(shopper.get("/").text)
    balance = Decimal(fake_erp.get(
        f"/accounting-service/contact/{customer}/currency/GBP/balance").json()["response"])
    contact = fake_erp.get(f"/contact-service/contact/{customer}").json()["response"][0]
    limit = Decimal(str(contact["financialDetails"]["creditLimit"]))
    overdue = [(owed, due) for _, _, owed, due in _open_items(fake_erp, ids.values())
               if owed > 0 and due < TODAY]
    assert f'id="dash-balance">{_money(balance)}<' in page
    assert f'id="dash-limit">{_money(limit)}<' in page
    assert f'id="dash-available">{_money(max(limit - balance, Decimal(0)))}<' in page
    assert f'id="dash-overdue">{_money(sum(o for o, _ in overdue))}<' in page
    assert f'id="dash-overdue-count">{len(overdue)}<' in page
    assert 'href="/invoices?status=overdue"' in page


def test_the_dashboard_names_the_account_manager_and_counts_open_orders(shopper, make_customer,
                                                                        fake_erp):
    customer = make_customer()
    statuses = {s.name: s.id for s in shopper.portal.erp.reference.statuses()}
    for name in ("Confirmed", "In production", "Delivered", "Draft"):
        fake_erp.create_sales_order(customer, statusId=statuses[name])
    shopper.login(customer)
    page = html.unescape(shopper.get("/").text)
    assert "Sarah Collins" in page and "sarah.collins@example-erp.test" in page
    assert 'id="dash-open-orders">2<' in page  # confirmed and in production
    assert 'id="dash-limit">None set<' in page and 'id="dash-available">—<' in page


def test_over_the_credit_limit_says_by_how_much(shopper, make_customer, fake_erp):
    customer = make_customer(creditLimit=100)
    order_id = fake_erp.create_sales_order(customer, rows=[ROW])
    fake_erp.invoice(order_id)
    shopper.login(customer)
    page = html.unescape(shopper.get("/").text)
    assert 'id="dash-available">£0.00<' in page
    assert "Over your credit limit by £20.00" in page
