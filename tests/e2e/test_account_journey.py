"""A customer's account in a real browser: dashboard, overdue invoices, one invoice and its PDF;
then a new delivery address, and an order delivered to it."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from portal_web.auth.services import invite

pytestmark = pytest.mark.e2e


def test_a_customer_finds_an_overdue_invoice_and_downloads_it(page, portal, make_customer,
                                                              fake_erp, screenshot):
    contact_id = make_customer()
    old = (datetime.now(UTC).date() - timedelta(days=75)).isoformat()
    row = {"productId": 3, "quantity": 4, "net": "80.00", "tax": "4.00", "taxCode": "T5"}
    overdue = fake_erp.create_sales_order(contact_id, rows=[row])
    fake_erp.invoice(overdue, tax_date=old)
    fake_erp.invoice(fake_erp.create_sales_order(contact_id))  # today's: not yet due
    page.goto(invite(portal.erp, contact_id, portal.url).link)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=re.compile("^Hello"))).to_be_visible()
    expect(page.locator("#dash-overdue-count")).to_have_text("1")
    screenshot("dashboard")

    page.get_by_role("link", name="Invoices", exact=True).click()
    expect(page.locator("table.invoices tbody tr")).to_have_count(2)
    page.get_by_label("Status").select_option("overdue")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table.invoices tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Overdue by 45 days")
    screenshot("invoices-overdue")

    number = f"INV-{overdue:06d}"
    rows.first.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", name=f"Invoice {number}")).to_be_visible()
    expect(page.locator("#doc-due")).to_have_text("£84.00")
    expect(page.get_by_role("button", name="Print")).to_be_visible()  # print.js ran (CSP)
    screenshot("invoice")
    pdf_url = page.get_by_role("link", name="Download PDF").get_attribute("href")
    answer = page.request.get(portal.url + pdf_url)  # the browser's own session
    assert answer.ok and answer.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(answer.body())).pages[0].extract_text()
    assert f"Invoice {number}" in text and "£84.00" in text and "Reduced rate : 5% VAT" in text
    page.emulate_media(media="print")
    expect(page.locator("header.topbar")).to_be_hidden()  # the print stylesheet
    screenshot("invoice-print")


def test_a_customer_adds_an_address_and_has_an_order_delivered_there(page, portal,
                                                                     make_customer, screenshot):
    contact_id = make_customer()
    page.goto(invite(portal.erp, contact_id, portal.url).link)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Addresses").click()
    page.get_by_role("link", name="Add a delivery address").click()
    page.get_by_label("Address line 1").fill("12 Rue de la Paix")
    page.get_by_label("Town or city").fill("Paris")
    page.get_by_label("Postal code").fill("75002")
    page.get_by_label("Country").select_option(label="France")
    screenshot("new-address")
    page.get_by_role("button", name="Save the address").click()
    expect(page.locator(".flash")).to_contain_text("The address is saved")
    expect(page.locator(".address-book")).to_contain_text("75002 Paris")
    screenshot("addresses")

    page.get_by_role("link", name="Catalog", exact=True).click()
    page.locator("li.product").first.get_by_role("button", name="Add to cart").click()
    page.get_by_role("link", name=re.compile("^Cart")).click()
    expect(page.locator("#cart-total")).to_be_visible()
    page.get_by_label(re.compile("12 Rue de la Paix")).check()
    screenshot("cart-with-new-address")
    page.get_by_role("button", name="Create order").click()
    expect(page.get_by_role("heading", name=re.compile("is placed"))).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("75002 Paris")
    order_id = int(re.search(r"/orders/(\d+)/placed", page.url).group(1))
    delivered_to = portal.erp.orders.get(order_id).delivery_address
    assert (delivered_to.line1, delivered_to.country) == ("12 Rue de la Paix", "FRA")
    screenshot("placed")
