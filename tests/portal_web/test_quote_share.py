"""Sharing a quote by email: a real SMTP server receives the mail (PDF attached, no injected
header); the signed link shows that quote without a login and nothing else, and dies once the
quote is accepted or expired; a failing mail server records nothing (issue 9)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from portal_web.quotes.sharing import share_token

TODAY = dt.date.today()


def _share(shopper, quote_id, recipients="ann@buyer.example, bob@buyer.example",
           message="Please have a look.", submission="g" * 20):
    return shopper.post(f"/quotes/{quote_id}/share", {
        "recipients": recipients, "message": message, "submission": submission})


def _link(received) -> str:
    text = received.message.get_body(("plain",)).get_content()
    return re.search(r"http://portal\.test(/shared/quotes/\S+)", text).group(1)


def _share_notes(erp, quote_id):
    return [n for n in erp.orders.notes(quote_id) if n.text.startswith("Shared with")]


def test_each_recipient_gets_the_quote_with_its_pdf_and_a_link(shopper, customer, make_quote,
                                                              mailbox):
    quote = make_quote(customer)
    answer = _share(shopper, quote)
    assert answer.status_code == 200
    assert "The quote was sent to ann@buyer.example, bob@buyer.example." in answer.text
    (received,) = mailbox.messages
    assert set(received.rcpt_tos) == {"ann@buyer.example", "bob@buyer.example"}
    message = received.message
    assert re.fullmatch(rf"Quote #{quote} from Test Company \d+ Ltd", message["Subject"])
    assert message.get_content_type() == "multipart/mixed"
    assert message.get_body(("html",)) is not None
    assert "Please have a look." in message.get_body(("plain",)).get_content()
    (pdf,) = [part for part in message.iter_attachments()]
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_filename() == f"quote-{quote}.pdf"
    text = PdfReader(io.BytesIO(pdf.get_content())).pages[0].extract_text()
    assert f"Quote #{quote}" in text
    assert re.match(r"Test Customer\d+ <test\d+@customer\.example>", message["Reply-To"])
    (note,) = _share_notes(shopper.portal.erp, quote)
    assert re.fullmatch(r"Shared with ann@buyer\.example, bob@buyer\.example by Test "
                        r"Customer\d+\.", note.text)
    assert note.is_public and note.added_by == customer


def test_the_shared_link_shows_the_quote_without_a_login_and_nothing_else(shopper, customer,
                                                                         make_quote, mailbox,
                                                                         fake_erp):
    quote = make_quote(customer)
    fake_erp.post(f"/order-service/order/{quote}/note",
                  {"text": "A private word from staff", "isPublic": True, "addedBy": 1})
    _share(shopper, quote)
    link = _link(mailbox.messages[0])
    from tests.fixtures_portal import Shopper

    stranger = Shopper(shopper.portal)
    page = stranger.get(link)
    assert page.status_code == 200
    assert f"Quote #{quote}" in page.text and "£63.50" in page.text
    for hidden in ("A private word from staff", "Log out", 'href="/orders', 'href="/quotes',
                   'href="/catalog', "Accept and order", "Share this quote"):
        assert hidden not in page.text, hidden
    assert page.headers["Cache-Control"] == "no-store"
    pdf = stranger.get(link + ".pdf")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("change", ["accepted", "expired", "declined"])
def test_the_shared_link_dies_once_the_quote_is_no_longer_active(shopper, customer, make_quote,
                                                                mailbox, fake_erp, change):
    quote = make_quote(customer)
    _share(shopper, quote)
    link = _link(mailbox.messages[0])
    if change == "accepted":
        shopper.post(f"/quotes/{quote}/convert", {"po_number": "", "submission": "h" * 20})
    elif change == "declined":
        shopper.post(f"/quotes/{quote}/decline", {"reason": "", "submission": "h" * 20})
    else:
        fake_erp.patch(f"/order-service/order/{quote}/custom-field", [
            {"op": "replace", "path": "/PCF_VALIDTO",
             "value": (TODAY - dt.timedelta(days=1)).isoformat()}])
        shopper.portal.erp.invalidate("order", [quote])  # the ERP's webhook (off in tests)
    from tests.fixtures_portal import Shopper

    assert Shopper(shopper.portal).get(link).status_code == 404
    assert Shopper(shopper.portal).get(link + ".pdf").status_code == 404


def test_a_forged_or_foreign_token_is_a_404(shopper, customer, make_customer, make_quote):
    quote = make_quote(customer)
    secret = shopper.portal.settings.secret_key
    other = make_customer()
    for token in (share_token("another-secret-key-" + "y" * 30, quote, customer),
                  share_token(secret, quote, other),  # signed, but not that contact's quote
                  share_token(secret, quote, customer)[:-2] + "xx", "4." + "A" * 43):
        assert shopper.get(f"/shared/quotes/{token}").status_code == 404
    assert shopper.get(f"/shared/quotes/{share_token(secret, quote, customer)}").ok


def test_a_company_name_with_a_line_break_adds_no_header(shopper, make_customer, make_quote,
                                                         mailbox, fake_erp):
    contact = make_customer()
    fake_erp.patch(f"/contact-service/contact/{contact}", [
        {"op": "replace", "path": "/organisation/name",
         "value": "Evil Ltd\r\nBcc: thief@evil.example"}])
    shopper.sign_in_as(contact)  # an invitation refuses such a name: the session is started
    quote = make_quote(contact)
    answer = _share(shopper, quote, recipients="ann@buyer.example",
                    message="Hi\r\nBcc: thief2@evil.example")
    assert answer.status_code == 200
    (received,) = mailbox.messages
    assert received.rcpt_tos == ("ann@buyer.example",)
    assert received.message["Bcc"] is None
    assert received.message["Subject"] == f"Quote #{quote} from Evil Ltd Bcc: thief@evil.example"
    assert "thief" not in "".join(f"{k}: {v}" for k, v in received.message.items()
                                  if k != "Subject")


@pytest.mark.parametrize(("recipients", "message"), [
    ("", "Enter at least one email address."),
    ("a@x.example b@x.example c@x.example d@x.example e@x.example f@x.example",
     "Share with at most 5 addresses at a time."),
    ("ann@buyer.example, not-an-address", "Not an email address: not-an-address."),
    ("ann@buyer.example\r\nBcc: thief@evil.example", "Not an email address"),
])
def test_bad_addresses_are_refused_and_nothing_is_sent(shopper, customer, make_quote, mailbox,
                                                      fake_erp, recipients, message):
    quote = make_quote(customer)
    answer = _share(shopper, quote, recipients=recipients)
    assert answer.status_code == 400 and message in answer.text
    assert mailbox.messages == [] and _share_notes(shopper.portal.erp, quote) == []


def test_a_failing_mail_server_records_nothing_and_says_so(shopper, customer, make_quote,
                                                           mailbox):
    from portal_web.mail import Mailer, SmtpServer
    from tests.fixtures_mail import free_port

    dead = SmtpServer.from_url(f"smtp://127.0.0.1:{free_port()}")  # nothing listens there
    shopper.portal.app.extensions["mailer"] = Mailer(dead, "portal@portal.test")
    from tests import fixtures_mail

    fixtures_mail._ALLOWED.add((dead.host, dead.port))
    quote = make_quote(customer)
    try:
        answer = _share(shopper, quote)
    finally:
        fixtures_mail._ALLOWED.discard((dead.host, dead.port))
    assert answer.status_code == 503
    assert "We could not send the email just now: nothing was sent." in answer.text
    assert _share_notes(shopper.portal.erp, quote) == []
    shopper.portal.app.extensions["mailer"] = Mailer(SmtpServer.from_url(mailbox.url),
                                                     "portal@portal.test")
    again = _share(shopper, quote)  # the same form, sent again once the server is back
    assert "The quote was sent to" in again.text and len(mailbox.messages) == 1


def test_an_expired_quote_cannot_be_shared(shopper, customer, make_quote, mailbox):
    quote = make_quote(customer, valid_to=TODAY - dt.timedelta(days=1))
    answer = _share(shopper, quote)
    assert answer.status_code == 409 and "Only an active quote can be shared." in answer.text
    assert mailbox.messages == []


def test_shares_are_limited_per_contact(portal_with, make_customer, make_quote, mailbox):
    from portal_web.mail import Mailer, SmtpServer
    from tests.fixtures_portal import Shopper

    portal = portal_with(share_rate="3/hour", smtp_url=mailbox.url)
    shopper = Shopper(portal)
    contact = make_customer()
    shopper.login(contact)
    quote = make_quote(contact)
    assert isinstance(portal.app.extensions["mailer"], Mailer)
    assert portal.app.extensions["mailer"].server == SmtpServer.from_url(mailbox.url)
    assert "was sent" in _share(shopper, quote, submission="i" * 20).text  # 2 emails
    refused = _share(shopper, quote, submission="j" * 20)  # 2 more: over 3 an hour
    assert refused.status_code == 429 and "try again later" in refused.text
    assert len(mailbox.messages) == 1


def test_the_same_share_form_sent_twice_sends_one_mail(shopper, customer, make_quote, mailbox):
    quote = make_quote(customer)
    _share(shopper, quote)
    _share(shopper, quote)
    assert len(mailbox.messages) == 1 and len(_share_notes(shopper.portal.erp, quote)) == 1
