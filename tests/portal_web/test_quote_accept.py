"""Accepting a quote turns it into an order exactly once: one status change, one note, one task,
whatever the clicks, the tabs or the ERP's lost answers (issue 9), over real HTTP."""

from __future__ import annotations

import datetime as dt
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from portal_web.auth.services import invite

TODAY = dt.date.today()


def _accept(shopper, quote_id, po="PO-77", submission="e" * 20):
    return shopper.post(f"/quotes/{quote_id}/convert", {"po_number": po,
                                                        "submission": submission})


def _effects(erp, quote_id):
    """(status name, the portal's acceptance notes, tasks) of the quote in the ERP."""
    notes = [n for n in erp.orders.notes(quote_id)
             if n.text.startswith("Accepted in the portal by")]
    return erp.orders.get(quote_id).status_name, notes, list(erp.tasks.search(orderId=quote_id))


def test_accepting_confirms_the_quote_at_its_prices_with_a_note_and_a_task(shopper, customer,
                                                                         make_quote):
    quote = make_quote(customer)
    before = shopper.portal.erp.orders.get(quote)
    answer = _accept(shopper, quote)
    assert answer.status_code == 200
    assert answer.url.endswith(f"/quotes/{quote}/accepted")
    assert f"quote #{quote} is now order #{quote}" in answer.text
    status, notes, tasks = _effects(shopper.portal.erp, quote)
    assert status == "Confirmed"
    assert len(notes) == 1 and notes[0].added_by == customer and notes[0].is_public
    assert re.fullmatch(r"Accepted in the portal by Test Customer\d+, PO PO-77\.", notes[0].text)
    assert [(t.assigned_to, t.reference) for t in tasks] == [(1, f"portal-quote-{quote}-accepted")]
    after = shopper.portal.erp.orders.get(quote)
    assert (after.rows, after.total) == (before.rows, before.total)  # no repricing


def test_an_accepted_quote_is_in_my_orders_as_ordered_and_listed_as_accepted(shopper, customer,
                                                                            make_quote):
    quote = make_quote(customer)
    _accept(shopper, quote, po="")
    row = re.search(rf'<tr>\s*<td><a href="/orders/{quote}">#{quote}</a>.*?</tr>',
                    shopper.get("/orders").text, re.S)
    assert row and "Ordered" in row.group(0)
    quotes = shopper.get("/quotes").text
    assert f'href="/orders/{quote}">order #{quote}</a>' in quotes
    page = shopper.get(f"/quotes/{quote}").text
    assert "Accepted on" in page and "Accept and order" not in page


def test_a_lost_answer_from_the_erp_still_accepts_once(shopper, customer, make_quote, fake_erp):
    """commit_then_fail_rate 1.0: every write is stored, then answered with a 503."""
    quote = make_quote(customer)
    fake_erp.set_faults(commit_then_fail_rate=1.0)
    answer = _accept(shopper, quote)
    fake_erp.set_faults(commit_then_fail_rate=0.0)
    assert answer.status_code == 200 and f"is now order #{quote}" in answer.text
    status, notes, tasks = _effects(shopper.portal.erp, quote)
    assert (status, len(notes), len(tasks)) == ("Confirmed", 1, 1)
    puts = fake_erp.requests()["by_endpoint"].get("PUT order-service/order/{id}/status")
    assert puts == 1


def test_two_concurrent_accepts_change_the_status_once_with_one_note_and_one_task(
        shopper, customer, make_quote, fake_erp):
    quote = make_quote(customer)
    shopper.get(f"/quotes/{quote}")  # a CSRF token for both tabs
    shopper.portal.erp.reference.statuses()  # warm: both requests go straight to the quote
    fake_erp.reset()
    fake_erp.set_faults(latency_ms=150)  # both read the quote before either changes it
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda n: _accept(shopper, quote, submission=f"{n}" * 20),
                                range(2)))
    fake_erp.set_faults(latency_ms=0)
    assert [a.status_code for a in answers] == [200, 200]
    assert sum("had already been accepted" in a.text for a in answers) == 1
    assert fake_erp.requests()["by_endpoint"]["PUT order-service/order/{id}/status"] == 2
    status, notes, tasks = _effects(shopper.portal.erp, quote)
    assert (status, len(notes), len(tasks)) == ("Confirmed", 1, 1)


def test_a_refresh_after_accepting_does_nothing_more(shopper, customer, make_quote, fake_erp):
    quote = make_quote(customer)
    _accept(shopper, quote)
    fake_erp.reset()
    again = _accept(shopper, quote)
    assert "had already been accepted: nothing was ordered twice" in again.text
    assert "PUT order-service/order/{id}/status" not in fake_erp.requests()["by_endpoint"]
    status, notes, tasks = _effects(shopper.portal.erp, quote)
    assert (status, len(notes), len(tasks)) == ("Confirmed", 1, 1)


@pytest.mark.parametrize(("valid_to", "status", "message"), [
    (TODAY - dt.timedelta(days=1), "Quote", "This quote expired on"),
    (TODAY + dt.timedelta(days=9), "Declined", "This quote is declined"),
])
def test_a_quote_that_is_not_active_cannot_be_accepted(shopper, customer, make_quote, fake_erp,
                                                       valid_to, status, message):
    quote = make_quote(customer, valid_to=valid_to, status=status)
    fake_erp.reset()
    answer = _accept(shopper, quote)
    assert answer.status_code == 409 and message in answer.text
    assert [k for k in fake_erp.requests()["by_endpoint"] if not k.startswith("GET")] == []
    assert shopper.portal.erp.orders.get(quote).status_name == status


def test_a_quote_valid_until_today_can_still_be_accepted(shopper, customer, make_quote):
    quote = make_quote(customer, valid_to=TODAY)
    assert f"is now order #{quote}" in _accept(shopper, quote).text


def test_a_bad_po_number_is_refused_and_changes_nothing(shopper, customer, make_quote, fake_erp):
    quote = make_quote(customer)
    fake_erp.reset()
    answer = _accept(shopper, quote, po="x" * 41)
    assert answer.status_code == 400 and "A PO number has at most 40 characters." in answer.text
    assert [k for k in fake_erp.requests()["by_endpoint"] if not k.startswith("GET")] == []


def test_another_customers_quote_is_a_404_on_every_route_and_nothing_changes(
        shopper, customer, make_customer, make_quote, fake_erp):
    theirs = make_quote(make_customer())
    fake_erp.reset()
    for path in (f"/quotes/{theirs}", f"/quotes/{theirs}.pdf", f"/quotes/{theirs}/accepted"):
        assert shopper.get(path).status_code == 404, path
    forms = {"convert": {"po_number": ""}, "decline": {"reason": ""},
             "comments": {"text": "mine now"}, "share": {"recipients": "a@b.example"}}
    for action, form in forms.items():
        answer = shopper.post(f"/quotes/{theirs}/{action}", {**form, "submission": "f" * 20})
        assert answer.status_code == 404, action
    assert [k for k in fake_erp.requests()["by_endpoint"] if not k.startswith("GET")] == []
    assert shopper.portal.erp.orders.get(theirs).status_name == "Quote"


def test_concurrent_accepts_through_two_gunicorn_workers_make_one_note_and_one_task(
        fake_erp, portal, make_customer, make_quote, tmp_path):
    """Per-process state cannot be what guards it: the ERP's If-Match does, across workers."""
    from tests.fixtures_portal import gunicorn_portal

    contact = make_customer()
    quote = make_quote(contact)
    with gunicorn_portal(fake_erp.base_url, tmp_path / "portal.log", workers=2) as url:
        link = invite(portal.erp, contact, url).link
        browser = requests.Session()
        token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get(link).text).group(1)
        browser.post(link, data={"csrf_token": token})
        page = browser.get(f"{url}/quotes/{quote}").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        fake_erp.set_faults(latency_ms=150)

        def accept(n):
            with requests.Session() as tab:  # its own connection: either worker may take it
                tab.cookies.update(browser.cookies)
                return tab.post(f"{url}/quotes/{quote}/convert", timeout=20, data={
                    "csrf_token": token, "po_number": "", "submission": f"{n}" * 20})

        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(accept, range(4)))
        fake_erp.set_faults(latency_ms=0)
    assert [a.status_code for a in answers] == [200] * 4
    status, notes, tasks = _effects(portal.erp, quote)
    assert (status, len(notes), len(tasks)) == ("Confirmed", 1, 1)
