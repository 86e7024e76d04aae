"""A supplier's visit, in a real browser: link, list, open a PO, acknowledge, ship part, ship
the rest, and the list says Shipped."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from portal_web.auth.services import invite

pytestmark = pytest.mark.e2e


def test_a_supplier_acknowledges_and_ships_a_purchase_order_in_two_parts(
        page, portal, make_supplier, make_purchase_order, screenshot):
    supplier = make_supplier(currency="EUR")
    po = make_purchase_order(supplier, lines=((1, 10, "4.50"), (2, 6, "12.00")), ref="PO-E2E-7")
    make_purchase_order(supplier, status="Received")
    dialogs = []
    page.on("dialog", lambda d: dialogs.append(d.message))

    page.goto(invite(portal.erp, supplier, portal.url).link)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{portal.url}/supplier/purchase-orders")
    expect(page.get_by_role("link", name="Supplier portal")).to_be_visible()
    row = page.locator("table.orders tbody tr", has_text="PO-E2E-7")
    expect(row).to_contain_text("New")
    screenshot("supplier-list")

    row.get_by_role("link", name=f"#{po}").click()
    expect(page.get_by_role("heading", name=re.compile(f"Purchase order #{po}"))).to_be_visible()
    screenshot("supplier-po-new")
    promised = (date.today() + timedelta(days=21)).isoformat()
    page.get_by_label("Your order reference").fill("SO-55120")
    page.get_by_label("Promised delivery date").fill(promised)
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(".flash")).to_contain_text("Acknowledged: delivery promised")
    expect(page.locator(".facts")).to_contain_text("SO-55120")
    screenshot("supplier-po-acknowledged")

    names = [n.inner_text() for n in page.locator("table.ship-lines .product-name").all()]
    page.get_by_label("Carrier").fill("DHL Express")
    page.get_by_label("Tracking number").fill("JD0146000012345")
    page.get_by_label(f"Units of {names[0]} shipping now").fill("4")
    page.get_by_role("button", name="Record shipment").click()
    expect(page.locator(".flash")).to_contain_text("part of the order has now shipped")
    expect(page.locator(".facts")).to_contain_text("Partly shipped")
    screenshot("supplier-po-partly-shipped")

    page.get_by_label("Carrier").fill("DPD")
    page.get_by_label("Tracking number").fill("15501234567890")
    page.get_by_label(f"Units of {names[0]} shipping now").fill("6")
    page.get_by_label(f"Units of {names[1]} shipping now").fill("6")
    page.get_by_role("button", name="Record shipment").click()
    expect(page.locator(".flash")).to_contain_text("everything has now shipped")
    expect(page.locator(".shipments li")).to_have_count(2)
    screenshot("supplier-po-shipped")

    page.get_by_role("link", name="Purchase orders").first.click()
    expect(page.locator("table.orders tbody tr", has_text="PO-E2E-7")).to_contain_text("Shipped")
    screenshot("supplier-list-shipped")
    assert dialogs == []
    assert {t.subject.split(":")[0] for t in portal.erp.tasks.search(orderId=po)} == {
        f"PO #{po} (PO-E2E-7)"}


def test_the_supplier_pages_fit_a_phone_screen(page, portal, make_supplier,
                                               make_purchase_order, screenshot):
    supplier = make_supplier()
    po = make_purchase_order(supplier, lines=((1, 10, "4.50"), (2, 6, "12.00"), (3, 1, "99")))
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(invite(portal.erp, supplier, portal.url).link)
    page.get_by_role("button", name="Continue").click()
    for path in ("/supplier/purchase-orders", f"/supplier/purchase-orders/{po}"):
        page.goto(portal.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
        screenshot("phone-" + ("supplier-po" if str(po) in path else "supplier-list"))
