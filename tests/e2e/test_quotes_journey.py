"""A customer's quote, in a real browser: quotes → open one → comment → share → accept → My
orders shows it as Ordered (issue 9)."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from portal_web.auth.services import invite
from tests.e2e.conftest import SCREENSHOTS

pytestmark = pytest.mark.e2e


def test_a_customer_discusses_shares_and_accepts_a_quote(page, portal, make_customer,
                                                        make_quote, mailbox, screenshot):
    contact_id = make_customer()
    quote = make_quote(contact_id, valid_to=dt.date.today() + dt.timedelta(days=20))
    make_quote(contact_id, valid_to=dt.date.today() - dt.timedelta(days=3))
    dialogs = []
    page.on("dialog", lambda d: dialogs.append(d.message))
    page.goto(invite(portal.erp, contact_id, portal.url).link)
    page.get_by_role("button", name="Continue").click()

    expect(page.locator("#dash-quotes li")).to_have_count(1)  # the active one, on the dashboard
    page.get_by_role("link", name="Quotes", exact=True).click()
    rows = page.locator("table.quotes tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Active")
    expect(rows.nth(1)).to_contain_text("Expired")
    screenshot("quotes")

    rows.first.get_by_role("link", name=f"#{quote}").click()
    expect(page.get_by_role("heading", name=f"Quote #{quote}")).to_be_visible()
    screenshot("quote")

    page.get_by_label("Your comment").fill("Could you deliver in two weeks?")
    page.get_by_role("button", name="Send comment").click()
    expect(page.locator(".flash")).to_contain_text("Your comment was added")
    expect(page.locator("ol.thread li").last).to_contain_text("Could you deliver in two weeks?")

    page.get_by_label("Email addresses").fill("buyer@colleague.example")
    page.get_by_label("Message (optional)").fill("The quote we talked about.")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("sent to buyer@colleague.example")
    assert [m.rcpt_tos for m in mailbox.messages] == [("buyer@colleague.example",)]
    screenshot("shared")
    _the_colleague_opens_the_link(page, portal, mailbox.messages[0], quote)

    page.get_by_label("Your PO number (optional)").fill("PO-BROWSER-9")
    page.get_by_role("button", name="Accept and order").click()
    expect(page.get_by_role("heading", name=re.compile(f"is now order #{quote}"))).to_be_visible()
    screenshot("accepted")

    page.get_by_role("link", name="My orders").first.click()
    row = page.locator("table.orders tbody tr").first
    expect(row).to_contain_text(f"#{quote}")
    expect(row).to_contain_text("Ordered")
    screenshot("my-orders-with-the-quote")
    assert dialogs == []


def _the_colleague_opens_the_link(page, portal, received, quote):
    """In a browser of their own (no session): the quote, and nothing of the account."""
    text = received.message.get_body(("plain",)).get_content()
    path = re.search(r"http://portal\.test(/shared/quotes/\S+)", text).group(1)
    context = page.context.browser.new_context()
    try:
        other = context.new_page()
        other.goto(portal.url + path)
        expect(other.get_by_role("heading", name=f"Quote #{quote}")).to_be_visible()
        expect(other.get_by_role("link", name="My orders")).to_have_count(0)
        other.screenshot(path=str(SCREENSHOTS / "quote-shared-link.png"), full_page=True)
    finally:
        context.close()
