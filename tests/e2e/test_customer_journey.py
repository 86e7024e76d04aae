"""A customer's first visit, in a real browser: link, catalog, cart, order, My orders, reorder."""

import re

import pytest
from playwright.sync_api import expect

from portal_web.auth.services import invite

pytestmark = pytest.mark.e2e


def test_a_customer_orders_and_orders_again(page, portal, make_customer, screenshot):
    contact_id = make_customer(addresses=2)
    link = invite(portal.erp, contact_id, portal.url).link
    dialogs = []
    page.on("dialog", lambda d: dialogs.append(d.message))

    page.goto(link)
    expect(page.get_by_role("heading", name="Welcome to the customer portal")).to_be_visible()
    screenshot("continue")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{portal.url}/")  # a customer lands on the dashboard
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Catalog").click()
    screenshot("catalog")

    page.get_by_label("Search by name or SKU").fill("steel")
    page.get_by_role("button", name="Search").click()
    cards = page.locator("li.product")
    expect(cards.first).to_be_visible()
    names = [cards.nth(i).locator("h2").inner_text() for i in range(2)]
    screenshot("search")
    for i in range(2):
        cards.nth(i).get_by_role("button", name="Add to cart").click()
        expect(page.locator(".flash")).to_contain_text("Added 1 ×")
    expect(page.locator(".badge")).to_have_text("2")

    page.get_by_role("link", name=re.compile("^Cart")).click()
    quantity = page.get_by_label(f"Quantity of {names[0]}")
    quantity.fill("3")
    page.locator("form.qty").first.get_by_role("button", name="Update").click()
    expect(page.get_by_label(f"Quantity of {names[0]}")).to_have_value("3")
    screenshot("cart")

    page.get_by_role("radio").nth(1).check()
    page.get_by_label("Your PO number (optional)").fill("PO-E2E-1")
    page.get_by_role("button", name="Create order").click()
    expect(page.get_by_role("heading", name=re.compile("is placed"))).to_be_visible()
    order_id = re.search(r"/orders/(\d+)/placed", page.url).group(1)
    screenshot("placed")

    page.get_by_role("link", name="My orders").first.click()
    row = page.locator("table.orders tbody tr").first
    expect(row).to_contain_text(f"#{order_id}")
    expect(row).to_contain_text("Ordered")
    expect(row).to_contain_text("PO-E2E-1")
    screenshot("my-orders")

    row.get_by_role("link", name=f"#{order_id}").click()
    expect(page.get_by_role("heading", name=f"Order #{order_id}")).to_be_visible()
    screenshot("order")
    page.get_by_role("button", name="Order again").click()
    expect(page).to_have_url(f"{portal.url}/cart")
    expect(page.locator(".flash").first).to_contain_text("Added to your cart at today's prices")
    expect(page.get_by_label(f"Quantity of {names[0]}")).to_have_value("3")
    expect(page.get_by_label(f"Quantity of {names[1]}")).to_have_value("1")
    screenshot("reorder")
    assert dialogs == []


def test_the_pages_work_from_the_keyboard(page, portal, make_customer):
    link = invite(portal.erp, make_customer(), portal.url).link
    page.goto(link)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.get_by_role("button", name="Continue").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{portal.url}/")
    page.goto(f"{portal.url}/catalog")
    page.get_by_label("Quantity").first.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".badge")).to_have_text("1")


def test_pages_fit_a_phone_screen_without_sideways_scrolling(page, portal, make_customer,
                                                             fake_erp, screenshot):
    contact_id = make_customer()
    fake_erp.create_sales_order(contact_id, statusId=portal.erp.reference.status_named(
        "Confirmed").id)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(invite(portal.erp, contact_id, portal.url).link)
    page.get_by_role("button", name="Continue").click()
    page.goto(f"{portal.url}/catalog")
    page.locator("li.product").first.get_by_role("button", name="Add to cart").click()
    for path in ("/catalog", "/cart", "/orders", "/", "/invoices", "/statement", "/account",
                 "/addresses", "/addresses/new"):
        page.goto(portal.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
        screenshot(f"phone-{path.strip('/') or 'dashboard'}")
