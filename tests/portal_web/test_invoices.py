"""Invoices and credit notes: the list with its filters and totals, a document, its PDF; every
figure checked against sums made here from the ERP's own answers (raw HTTP to the fake)."""

from __future__ import annotations

import html
import io
import re
import sys
import types
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from flask import jsonify, request
from PIL import Image
from pypdf import PdfReader

import portal_web
from portal_web.areas import Area, Role
from portal_web.formatting import format_date
from portal_web.pdf import PdfStyle
from tests.fixtures_erp import DEMO_CREDIT_NOTE_ID, PAID_ORDER_ID
from tests.fixtures_portal import Shopper, serve_portal

TODAY = datetime.now(UTC).date()
ROW = {"productId": 1, "quantity": 2, "net": "100.00", "tax": "20.00", "taxCode": "T1"}
REDUCED = {"productId": 3, "quantity": 1, "net": "40.00", "tax": "2.00", "taxCode": "T5"}


def _day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


@pytest.fixture
def account(fake_erp, make_customer, shopper):
    """A logged-in customer (30 days' terms) with, by invoice date: a paid invoice (200 days
    ago), an invoice 100 days old part paid (overdue by 70 days), one 40 days old unpaid
    (overdue by 10), one of today (not yet due), a credit note against the first, and a
    confirmed order not invoiced yet."""
    customer = make_customer()
    _bill_to(fake_erp, customer)
    confirmed = shopper.portal.erp.reference.status_named("Confirmed").id
    docs = {}
    for name, days_ago, rows in (("paid", 200, [ROW]), ("part", 100, [ROW, REDUCED]),
                                 ("overdue", 40, [REDUCED]), ("new", 0, [ROW])):
        docs[name] = fake_erp.create_sales_order(customer, rows=rows, statusId=confirmed)
        fake_erp.invoice(docs[name], tax_date=_day(days_ago))
    docs["credit"] = fake_erp.create_sales_credit(customer, parent_id=docs["paid"])
    fake_erp.invoice(docs["credit"], tax_date=_day(30))
    docs["draft"] = fake_erp.create_sales_order(customer)
    fake_erp.pay(docs["paid"], "120.00")
    fake_erp.pay(docs["part"], "50.00")
    assert shopper.login(customer).status_code == 200
    return customer, docs


def _bill_to(fake_erp, customer: int) -> None:
    """Makes the customer's first address its billing address too."""
    book = fake_erp.get(f"/contact-service/contact/{customer}/postal-address").json()
    fake_erp.put(f"/contact-service/contact/{customer}/postal-address",
                 [{"postalAddressId": book["response"][0]["addressId"], "type": "BIL"}])


def _erp_figures(fake_erp, ids) -> dict[int, tuple[Decimal, Decimal, str]]:
    """order id -> (total, paid or refunded, type), from the ERP's own order GET and payment
    search."""
    idset = ",".join(map(str, ids))
    orders = fake_erp.get(f"/order-service/order/{idset}").json()["response"]
    payments = fake_erp.get(f"/accounting-service/customer-payment-search?orderId={idset}")
    paid: dict[int, Decimal] = {}
    for row in payments.json()["response"]["results"]:
        paid[row[5]] = paid.get(row[5], Decimal(0)) + Decimal(row[9])
    out = {}
    for order in orders:
        sign = -1 if order["orderTypeCode"] == "SC" else 1
        out[order["id"]] = (Decimal(order["totalValue"]["total"]),
                            sign * paid.get(order["id"], Decimal(0)), order["orderTypeCode"])
    return out


def _rows(page: str) -> dict[int, list[str]]:
    """document id -> the text of its cells, as the list shows them."""
    found = {}
    for doc_id, row in re.findall(r'<tr id="document-(\d+)">(.*?)</tr>', page, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        found[int(doc_id)] = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells]
    return found


def _money(amount: Decimal) -> str:
    return f"-£{-amount:,.2f}" if amount < 0 else f"£{amount:,.2f}"


def test_the_list_shows_each_document_with_amounts_and_status_from_the_erp(shopper, account,
                                                                         fake_erp):
    customer, docs = account
    page = shopper.get("/invoices").text
    rows = _rows(page)
    assert list(rows) == [docs["new"], docs["credit"], docs["overdue"], docs["part"],
                          docs["paid"]]  # newest first; the draft is not invoiced
    figures = _erp_figures(fake_erp, rows)
    for doc_id, cells in rows.items():
        total, paid, kind = figures[doc_id]
        sign = -1 if kind == "SC" else 1
        assert cells[5:8] == [_money(sign * total), _money(sign * paid),
                              _money(sign * (total - paid))]
    assert rows[docs["paid"]][8] == "Paid"
    assert rows[docs["part"]][8] == "Overdue by 70 days"
    assert rows[docs["overdue"]][8] == "Overdue by 10 days"
    assert rows[docs["new"]][8] == "Unpaid"
    assert rows[docs["credit"]][8] == "Credit available"
    owed = sum(-(t - p) if k == "SC" else t - p for t, p, k in figures.values())
    totals = re.search(r'<tr class="totals" id="totals-GBP">(.*?)</tr>', page, re.S).group(1)
    assert _money(owed) in totals
    balance = fake_erp.get(f"/accounting-service/contact/{customer}/currency/GBP/balance")
    assert Decimal(balance.json()["response"]) == owed


def test_only_open_invoices_can_be_chosen_to_pay(shopper, account):
    _, docs = account
    page = shopper.get("/invoices").text
    chosen = {int(i) for i in re.findall(r'name="invoice_ids" value="(\d+)"', page)}
    assert chosen == {docs["new"], docs["overdue"], docs["part"]}
    assert 'type="hidden" name="csrf_token"' in page.split('class="pay-choice"')[1]


@pytest.mark.parametrize(("query", "wanted"), [
    ("type=credit", ["credit"]),
    ("type=invoice&status=paid", ["paid"]),
    ("status=part-paid", ["part"]),
    ("status=overdue", ["overdue", "part"]),
    ("status=unpaid", ["new", "credit", "overdue"]),
    ("status=paid", ["paid"]),
])
def test_filters_by_type_and_status_show_their_documents_and_totals(shopper, account, fake_erp,
                                                                    query, wanted):
    _, docs = account
    page = shopper.get(f"/invoices?{query}").text
    ids = [docs[name] for name in wanted]
    assert list(_rows(page)) == ids
    figures = _erp_figures(fake_erp, ids)
    owed = sum(-(t - p) if k == "SC" else t - p for t, p, k in figures.values())
    amount = sum(-t if k == "SC" else t for t, _, k in figures.values())
    totals = re.search(r'<tr class="totals" id="totals-GBP">(.*?)</tr>', page, re.S).group(1)
    shown = re.findall(r'<td class="num[^"]*">([^<]+)</td>', totals)
    assert (html.unescape(shown[0]), html.unescape(shown[2])) == (_money(amount), _money(owed))


def test_the_date_range_and_the_number_narrow_the_list(shopper, account):
    _, docs = account
    ranged = shopper.get(f"/invoices?from={_day(120)}&to={_day(30)}").text
    assert list(_rows(ranged)) == [docs["credit"], docs["overdue"], docs["part"]]
    number = f"INV-{docs['overdue']:06d}"
    assert list(_rows(shopper.get(f"/invoices?q={number.lower()}").text)) == [docs["overdue"]]
    none = shopper.get("/invoices?q=NO-SUCH").text
    assert "No invoices or credit notes match this filter." in none


@pytest.mark.parametrize(("query", "field", "message"), [
    ("type=quote", "type", "Choose invoices, credit notes or both."),
    ("status=lost", "status", "Choose a status from the list."),
    ("from=2026-13-01", "from", "Enter a date as YYYY-MM-DD"),
    ("from=2026-05-01&to=2026-04-01", "to", "The end date must not be before the start date."),
    ("q=" + "9" * 41, "q", "at most 40 characters"),
    ("q=%3Cscript%3E", "q", "letters, digits"),
    ("page=0", "page", "The page number must be a whole number from 1."),
])
def test_a_filter_it_cannot_use_is_a_400_with_the_message_next_to_it(shopper, account, query,
                                                                     field, message):
    page = shopper.get(f"/invoices?{query}")
    assert page.status_code == 400
    assert message in html.unescape(page.text)
    if field != "page":
        assert re.search(rf'id="{field}" name="{field}"[^>]*aria-invalid="true"', page.text)
    assert "<script>" not in page.text and _rows(page.text) == {}


def test_pages_of_twenty_and_a_page_past_the_last(shopper, make_customer, fake_erp):
    customer = make_customer()
    fake_erp.set_faults(throttle_per_minute=100_000)
    ids = [fake_erp.create_sales_order(customer) for _ in range(23)]
    for order_id in ids:
        fake_erp.invoice(order_id)
    shopper.login(customer)
    first, second = shopper.get("/invoices").text, shopper.get("/invoices?page=2").text
    assert len(_rows(first)) == 20 and len(_rows(second)) == 3
    assert set(_rows(first)) | set(_rows(second)) == set(ids)
    assert "Total of the 23 documents listed" in second  # the filter's totals, on every page
    past = shopper.get("/invoices?page=9&type=invoice")
    assert past.status_code == 404 and "There is no page 9" in past.text
    assert "page=2" in past.text and "type=invoice" in past.text


def test_an_invoice_shows_lines_tax_by_rate_payments_and_what_is_due(shopper, account,
                                                                     fake_erp):
    _, docs = account
    page = html.unescape(shopper.get(f"/invoices/{docs['part']}").text)
    assert f"Invoice INV-{docs['part']:06d}" in page
    assert "Standard rate : 20% VAT <span class=\"muted\">on £100.00</span>" in page
    assert "Reduced rate : 5% VAT <span class=\"muted\">on £40.00</span>" in page
    assert re.search(r'id="doc-net">£140.00<', page) and re.search(r'id="doc-total">£162.00<',
                                                                     page)
    assert re.search(r'id="doc-paid">£50.00<', page) and re.search(r'id="doc-due">£112.00<', page)
    assert "Overdue by 70 days" in page
    assert format_date(TODAY - timedelta(days=70)) in page  # the due date
    assert f'href="/orders/{docs["part"]}"' in page  # the order it belongs to
    order_page = shopper.get(f"/orders/{docs['part']}").text
    assert f'href="/invoices/{docs["part"]}"' in order_page  # and the order links its invoice


def test_a_credit_note_links_the_invoice_it_credits(shopper, account):
    _, docs = account
    page = shopper.get(f"/invoices/{docs['credit']}").text
    assert f"Credit note SC-{docs['credit']:06d}" in page
    assert f'<a href="/invoices/{docs["paid"]}">Invoice INV-{docs["paid"]:06d}</a>' in page
    assert "Credit remaining" in page and "Credit available" in page


def test_another_customers_invoice_and_credit_note_are_404s_like_unknown_ids(shopper, account,
                                                                            fake_erp):
    for doc_id in (PAID_ORDER_ID, DEMO_CREDIT_NOTE_ID, 99_999_999):
        for path in (f"/invoices/{doc_id}", f"/invoices/{doc_id}.pdf"):
            answer = shopper.get(path)
            assert answer.status_code == 404 and "We could not find that page" in answer.text


def test_an_order_not_invoiced_yet_has_no_invoice_page(shopper, account):
    _, docs = account
    assert shopper.get(f"/invoices/{docs['draft']}").status_code == 404


def _pdf_text(answer) -> str:
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/pdf"
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)


def _figures(page: str) -> list[str]:
    """Every amount and the labels of the totals, as the page writes them."""
    return [html.unescape(a) for a in re.findall(r"-?£[\d,]+\.\d\d", page)]


def test_an_invoice_pdf_prints_what_its_page_shows(shopper, account, portal):
    _, docs = account
    page = html.unescape(shopper.get(f"/invoices/{docs['part']}").text)
    text = _pdf_text(shopper.get(f"/invoices/{docs['part']}.pdf"))
    foot = page.split("<tfoot>")[1].split("</tfoot>")[0]
    for label, amount in re.findall(r'<th scope="row" colspan="4">([^<]+?)\s*(?:<span[^>]*>'
                                    r'[^<]*</span>)?</th><td class="num[^"]*"[^>]*>([^<]+)<',
                                    foot):
        assert label in text and amount in text, (label, amount)
    assert portal.settings.seller.name in text and portal.settings.seller.tax_number in text
    assert f"Invoice INV-{docs['part']:06d}" in text and "Amount due" in text
    assert "Bill to" in text and "Mill Lane" in text


def test_a_credit_note_pdf_and_its_name(shopper, account):
    _, docs = account
    answer = shopper.get(f"/invoices/{docs['credit']}.pdf")
    text = _pdf_text(answer)
    assert f"Credit note SC-{docs['credit']:06d}" in text and "Credit remaining" in text
    assert f'filename="SC-{docs["credit"]:06d}.pdf"' in answer.headers["Content-Disposition"]


def test_a_euro_invoice_for_an_accented_company_prints_both(shopper, make_customer, fake_erp):
    customer = make_customer(currency="EUR")
    fake_erp.patch(f"/contact-service/contact/{customer}", [
        {"op": "replace", "path": "/organisation/name", "value": "Société Générale d'Équipement"}])
    order_id = fake_erp.create_sales_order(customer, currency={"code": "EUR"})
    fake_erp.invoice(order_id)
    shopper.login(customer)
    page = html.unescape(shopper.get(f"/invoices/{order_id}").text)
    text = _pdf_text(shopper.get(f"/invoices/{order_id}.pdf"))
    assert "€24.00" in page and "€24.00" in text
    assert "Société Générale d'Équipement" in text


def test_the_pdfs_paper_follows_the_setting(portal_with, make_customer, fake_erp):
    shopper = Shopper(portal_with(pdf=PdfStyle(paper="LETTER")))
    customer = make_customer()
    order_id = fake_erp.create_sales_order(customer)
    fake_erp.invoice(order_id)
    shopper.login(customer)
    answer = shopper.get(f"/invoices/{order_id}.pdf")
    box = PdfReader(io.BytesIO(answer.content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)



def _pay_area() -> Area:
    """What the payments area will declare: a customer page at /pay taking `invoice_ids`."""
    bp = Area("pay", "portal_web.pay", role=Role.CUSTOMER, root_path=str(Path(__file__).parent))

    @bp.route("/pay", methods=["GET", "POST"])
    def index():
        return jsonify(request.form.getlist("invoice_ids"))

    return bp


def test_once_the_payments_area_exists_the_chosen_invoices_are_posted_to_it(
        monkeypatch, portal_settings, make_customer, fake_erp):
    module = types.ModuleType("portal_web.pay")
    module.bp = _pay_area()
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(portal_web, "AREAS", (*portal_web.AREAS, "pay"))
    customer = make_customer()
    ids = [fake_erp.create_sales_order(customer) for _ in range(2)]
    for order_id in ids:
        fake_erp.invoice(order_id)
    served = serve_portal(portal_settings)
    shopper = Shopper(next(served))
    try:
        shopper.login(customer)
        assert 'href="/pay">Pay balance</a>' in shopper.get("/").text
        page = shopper.get("/invoices").text
        assert 'action="/pay"' in page and "Pay the chosen invoices" in page
        chosen = shopper.post("/pay", {"invoice_ids": [str(i) for i in ids]})
        assert sorted(chosen.json()) == sorted(str(i) for i in ids)
        assert "Pay this invoice" in shopper.get(f"/invoices/{ids[0]}").text
    finally:
        served.close()


def test_until_then_there_is_no_button_to_pay(shopper, account):
    page = shopper.get("/invoices").text
    assert "Pay the chosen invoices" not in page and "Pay balance" not in shopper.get("/").text


def test_the_sellers_logo_from_the_settings_is_printed(portal_with, make_customer, fake_erp,
                                                      tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 40), (11, 92, 171)).save(logo)
    shopper = Shopper(portal_with(pdf=PdfStyle(logo=logo)))
    customer = make_customer()
    order_id = fake_erp.create_sales_order(customer)
    fake_erp.invoice(order_id)
    shopper.login(customer)
    with_logo = PdfReader(io.BytesIO(shopper.get(f"/invoices/{order_id}.pdf").content))
    assert len(with_logo.pages[0].images) == 1


def test_an_erp_that_cannot_be_reached_gets_the_friendly_page(portal_with, make_customer,
                                                              fake_erp):
    shopper = Shopper(portal_with(erp={"backoff_base": 0.01, "backoff_max": 0.02}))
    shopper.login(make_customer(), follow=False)  # no page seen: none can be shown stale
    fake_erp.set_faults(error_rate=1.0, error_status=503)
    for path in ("/", "/invoices", "/invoices/1", "/statement", "/statement.pdf", "/account",
                 "/addresses"):
        answer = shopper.get(path)
        assert answer.status_code == 503, path
        assert "We can&#39;t reach our order system" in answer.text
        assert answer.headers["Retry-After"] == "60"
