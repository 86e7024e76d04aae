"""Quotes: the list, a quote's page with its conversation, its PDF, comments and declining,
over real HTTP against the fake ERP (accepting has tests of its own: test_quote_accept.py)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

TODAY = dt.date.today()


def _listed(html: str) -> list[tuple[int, str]]:
    """(quote id, state label) of each row of the quotes table, in order."""
    rows = re.findall(r'href="/quotes/(\d+)">#\d+</a>.*?<span class="status status-[a-z]+">(\w+)',
                      html, re.S)
    return [(int(i), label) for i, label in rows]


def _accept_note(fake_erp, order_id, author):
    fake_erp.post(f"/order-service/order/{order_id}/note",
                  {"text": "Accepted in the portal by Test Customer.", "isPublic": True,
                   "addedBy": author})


def test_the_list_shows_active_then_expired_accepted_and_declined(shopper, customer, make_quote,
                                                                   fake_erp):
    later = make_quote(customer, valid_to=TODAY + dt.timedelta(days=60))
    sooner = make_quote(customer, valid_to=TODAY + dt.timedelta(days=3))
    expired = make_quote(customer, valid_to=TODAY - dt.timedelta(days=1))
    declined = make_quote(customer, status="Declined")
    accepted = make_quote(customer, status="Confirmed")
    _accept_note(fake_erp, accepted, customer)
    make_quote(customer, status="Confirmed")  # an order never quoted: not in the list
    make_quote(customer, status="Draft")  # a draft is no quote
    page = shopper.get("/quotes")
    assert page.status_code == 200
    assert _listed(page.text) == [(sooner, "Active"), (later, "Active"), (expired, "Expired"),
                                  (accepted, "Accepted"), (declined, "Declined")]
    assert f'href="/orders/{accepted}">order #{accepted}</a>' in page.text


def test_the_dashboard_lists_the_quotes_to_answer_soonest_to_expire_first(shopper, customer,
                                                                         make_quote):
    later = make_quote(customer, valid_to=TODAY + dt.timedelta(days=60))
    sooner = make_quote(customer, valid_to=TODAY + dt.timedelta(days=3))
    expired = make_quote(customer, valid_to=TODAY - dt.timedelta(days=1))
    declined = make_quote(customer, status="Declined")
    block = re.search(r'<section class="card" aria-labelledby="quotes-title">.*?</section>',
                      shopper.get("/").text, re.S).group(0)
    shown = [int(i) for i in re.findall(r'href="/quotes/(\d+)"', block)]
    assert shown == [sooner, later]
    assert expired not in shown and declined not in shown
    assert "valid until " in block and 'href="/quotes"' in block


def test_the_dashboard_says_when_no_quote_waits(shopper, customer):
    assert "No quotes are waiting for your answer." in shopper.get("/").text


def test_the_list_filters_by_state_and_refuses_an_unknown_one(shopper, customer, make_quote):
    active = make_quote(customer)
    make_quote(customer, valid_to=TODAY - dt.timedelta(days=10))
    assert _listed(shopper.get("/quotes?state=active").text) == [(active, "Active")]
    bad = shopper.get("/quotes?state=everything")
    assert bad.status_code == 400 and "There is no such quote status." in bad.text


def test_the_list_pages_twenty_at_a_time(shopper, customer, make_quote, fake_erp):
    fake_erp.set_faults(throttle_per_minute=100_000)
    ids = [make_quote(customer, valid_to=TODAY + dt.timedelta(days=n)) for n in range(1, 23)]
    assert [i for i, _ in _listed(shopper.get("/quotes").text)] == ids[:20]
    assert [i for i, _ in _listed(shopper.get("/quotes?page=2").text)] == ids[20:]
    assert shopper.get("/quotes?page=3").status_code == 404


def test_a_quote_page_shows_rows_tax_by_rate_totals_and_validity(shopper, customer, make_quote):
    quote = make_quote(customer, valid_to=dt.date(2031, 5, 17))
    page = shopper.get(f"/quotes/{quote}").text
    assert "17 May 2031" in page
    assert "Tax 20% on £40.00" in page and "Tax 0% on £15.50" in page
    assert "£63.50" in page  # 40 + 8 + 15.50
    assert "Accept and order" in page and "Share this quote" in page
    assert "Sarah Collins" in page  # the account manager


def test_the_conversation_shows_staff_and_customer_oldest_first_escaped(shopper, customer,
                                                                       make_quote, fake_erp):
    quote = make_quote(customer)
    fake_erp.post(f"/order-service/order/{quote}/note",
                  {"text": "First, from staff", "isPublic": True, "addedBy": 1})
    fake_erp.post(f"/order-service/order/{quote}/note",
                  {"text": "private <b>staff</b> note", "isPublic": False, "addedBy": 1})
    shopper.post(f"/quotes/{quote}/comments", {"text": "<script>alert(1)</script> thanks",
                                               "submission": "s" * 20})
    page = shopper.get(f"/quotes/{quote}").text
    thread = page[page.index('<ol class="thread">'):]
    assert thread.index("First, from staff") < thread.index("&lt;script&gt;alert(1)")
    assert "Sarah Collins" in thread and "Test Customer" in thread
    assert "<script>alert(1)" not in page and "private" not in page


def test_a_comment_is_a_public_note_by_the_customer_and_a_task(shopper, customer, make_quote,
                                                               fake_erp):
    quote = make_quote(customer)
    answer = shopper.post(f"/quotes/{quote}/comments",
                          {"text": "Can you do 10 more?", "submission": "a" * 20})
    assert answer.status_code == 200 and "Your comment was added" in answer.text
    notes = shopper.portal.erp.orders.notes(quote)
    assert [(n.text, n.added_by, n.is_public) for n in notes] == [
        ("Can you do 10 more?", customer, True)]
    tasks = list(shopper.portal.erp.tasks.search(orderId=quote))
    assert len(tasks) == 1 and tasks[0].assigned_to == 1


def test_the_same_comment_form_sent_twice_makes_one_note_and_one_task(shopper, customer,
                                                                     make_quote):
    quote = make_quote(customer)
    for _ in range(2):
        shopper.post(f"/quotes/{quote}/comments", {"text": "Twice?", "submission": "b" * 20})
    assert len(shopper.portal.erp.orders.notes(quote)) == 1
    assert len(list(shopper.portal.erp.tasks.search(orderId=quote))) == 1


@pytest.mark.parametrize(("text", "message"), [
    ("", "Write a comment first."),
    ("   ", "Write a comment first."),
    ("x" * 2001, "A comment has at most 2000 characters."),
    ("Accepted in the portal by me", "cannot begin with the words the portal uses"),
    ("bell\x07", "cannot hold control characters"),
])
def test_a_bad_comment_is_refused_with_a_message_and_writes_nothing(shopper, customer,
                                                                   make_quote, fake_erp, text,
                                                                   message):
    quote = make_quote(customer)
    fake_erp.reset()
    answer = shopper.post(f"/quotes/{quote}/comments", {"text": text, "submission": "c" * 20})
    assert answer.status_code == 400 and message in answer.text
    assert [k for k in fake_erp.requests()["by_endpoint"] if not k.startswith("GET")] == []


def test_declining_moves_the_quote_with_a_note_and_a_task(shopper, customer, make_quote):
    quote = make_quote(customer)
    answer = shopper.post(f"/quotes/{quote}/decline",
                          {"reason": "Too expensive", "submission": "d" * 20})
    assert answer.status_code == 200 and "You declined this quote" in answer.text
    erp = shopper.portal.erp
    assert erp.orders.get(quote).status_name == "Declined"
    (note,) = erp.orders.notes(quote)
    assert re.fullmatch(r"Declined in the portal by Test Customer\d+: Too expensive", note.text)
    assert note.added_by == customer and note.is_public
    assert len(list(erp.tasks.search(orderId=quote))) == 1
    assert _listed(shopper.get("/quotes").text) == [(quote, "Declined")]


def test_an_expired_quote_is_read_only_and_asks_for_a_new_one(shopper, customer, make_quote):
    quote = make_quote(customer, valid_to=TODAY - dt.timedelta(days=2))
    page = shopper.get(f"/quotes/{quote}").text
    expired_on = (TODAY - dt.timedelta(days=2)).strftime("%-d %b %Y")
    assert f"Expired on {expired_on}" in page
    assert "Accept and order" not in page and "Share this quote" not in page
    assert "Ask for a new quote" in page


def test_the_pdf_is_the_quote_in_the_document_style(shopper, customer, make_quote):
    quote = make_quote(customer, valid_to=dt.date(2031, 5, 17))
    answer = shopper.get(f"/quotes/{quote}.pdf")
    assert answer.headers["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)
    for expected in (f"Quote #{quote}", "Valid until", "17 May 2031", "£63.50",
                     "Northwind Components Ltd", "Test Company"):
        assert expected in text


@pytest.mark.parametrize("status", ["Draft", "Confirmed", "Cancelled"])
def test_an_order_that_is_no_quote_is_a_404_on_the_quote_pages(shopper, customer, make_quote,
                                                               status):
    order = make_quote(customer, status=status)
    for path in (f"/quotes/{order}", f"/quotes/{order}.pdf", f"/quotes/{order}/accepted"):
        assert shopper.get(path).status_code == 404
