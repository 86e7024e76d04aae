"""My orders and order details: the status table, ownership, tracking, invoices, reorder."""

import re

import pytest

from portal_web.statuses import DEFAULT_STATUS_MAP
from tests.fixtures_erp import DEFAULT_PRICE_LIST_ID, EUR_PRICE_LIST_ID

SO_STATUSES = ["Draft", "Quote", "Confirmed", "Waiting for production", "In production",
               "Ready for shipment", "On hold", "Shipped and invoiced", "Delivered", "Cancelled"]


@pytest.fixture
def place(fake_erp, shopper):
    """Creates a sales order for a customer straight in the ERP, in the named status."""

    def make(customer_id, status="Confirmed", rows=None, **kw) -> int:
        status_id = shopper.portal.erp.reference.status_named(status, order_type="SO").id
        return fake_erp.create_sales_order(customer_id, statusId=status_id, rows=rows, **kw)

    return make


def _listed(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'href="/orders/(\d+)">#', html)]


@pytest.mark.parametrize("status", SO_STATUSES)
def test_each_erp_status_is_shown_with_its_label_or_hidden(shopper, customer, place, status):
    order_id = place(customer, status)
    listed, detail = shopper.get("/orders").text, shopper.get(f"/orders/{order_id}")
    label = DEFAULT_STATUS_MAP.get(status)
    if label is None:
        assert order_id not in _listed(listed)
        assert detail.status_code == 404
    else:
        assert _listed(listed) == [order_id]
        assert f'<span class="status status-{label.lower().replace(" ", "-")}">{label}</span>' \
            in detail.text


def test_orders_are_newest_first_and_filtered_by_label(shopper, customer, place):
    confirmed = [place(customer, "Confirmed") for _ in range(2)]
    in_production = place(customer, "In production")
    delivered = place(customer, "Delivered")
    assert _listed(shopper.get("/orders").text) == [delivered, in_production, *confirmed[::-1]]
    assert _listed(shopper.get("/orders?status=processing").text) == [in_production]
    assert _listed(shopper.get("/orders?status=shipped").text) == [delivered]
    bad = shopper.get("/orders?status=cancelled")
    assert bad.status_code == 400 and "There is no such order status" in bad.text


def test_orders_are_paged(shopper, customer, place):
    ids = [place(customer) for _ in range(23)]
    first, second = shopper.get("/orders").text, shopper.get("/orders?page=2").text
    assert "Page 1 of 2" in first
    assert _listed(first) + _listed(second) == ids[::-1]


def test_shipments_tracking_numbers_and_invoices_are_shown(shopper, customer, place, fake_erp):
    order_id = place(customer, "Shipped and invoiced", delivery={"date": "2026-12-01"})
    fake_erp.ship(order_id, "1Z999AA10123456784")
    invoice = fake_erp.invoice(order_id)
    listed = shopper.get("/orders").text
    assert "1Z999AA10123456784" in listed
    assert "1 Dec 2026" in listed  # the estimated shipping date
    detail = shopper.get(f"/orders/{order_id}").text
    assert "tracking number <strong>1Z999AA10123456784</strong>" in detail
    assert invoice in detail


def test_another_customers_order_is_the_same_404_as_an_unknown_one(shopper, make_customer,
                                                                    place):
    stranger = make_customer()
    theirs = place(stranger)
    shopper.login(make_customer())
    mine = shopper.get(f"/orders/{theirs}")
    unknown = shopper.get("/orders/99999999")
    assert mine.status_code == unknown.status_code == 404
    assert mine.text == unknown.text
    assert shopper.post(f"/orders/{theirs}/reorder").status_code == 404
    assert shopper.get(f"/orders/{theirs}/placed").status_code == 404


def test_purchase_orders_and_credit_notes_are_not_customer_orders(shopper, customer):
    from tests.fixtures_erp import DEMO_CREDIT_NOTE_ID, DEMO_PURCHASE_ORDER_IDS

    for order_id in (DEMO_CREDIT_NOTE_ID, DEMO_PURCHASE_ORDER_IDS[0]):
        assert shopper.get(f"/orders/{order_id}").status_code == 404


def test_order_again_fills_the_cart_at_todays_prices_and_skips_what_is_gone(
        shopper, make_customer, place):
    erp = shopper.portal.erp
    contact_id = make_customer(price_list=EUR_PRICE_LIST_ID, currency="GBP")
    in_list = erp.catalog.search(EUR_PRICE_LIST_ID, page_size=500).items
    listed_ids = {p.id for p in in_list}
    gone = next(p for p in erp.catalog.search(DEFAULT_PRICE_LIST_ID, page_size=500).items
                if p.id not in listed_ids)
    kept = in_list[0]
    order_id = place(contact_id, "Delivered", rows=[
        {"productId": kept.id, "quantity": 4, "net": "1.00", "tax": "0"},
        {"productId": gone.id, "quantity": 2, "net": "1.00", "tax": "0"}])
    shopper.login(contact_id)
    cart = shopper.post(f"/orders/{order_id}/reorder")
    assert cart.url.endswith("/cart")
    assert f"No longer available to order: {gone.name}." in cart.text
    assert f"Added to your cart at today&#39;s prices: {kept.name}." in cart.text
    assert re.findall(r'<tr id="line-(\d+)"', cart.text) == [str(kept.id)]
    assert 'value="4"' in re.search(rf'<tr id="line-{kept.id}".*?</tr>', cart.text, re.S).group(0)
    price = erp.catalog.prices([kept.id], EUR_PRICE_LIST_ID)[kept.id].unit_price(4)
    shown = re.search(rf'<tr id="line-{kept.id}".*?<td class="num">([^<]+)</td>', cart.text,
                      re.S).group(1)
    assert shown != "£1.00" or price == 1  # today's price, not the old row's


def test_the_dashboard_shows_the_latest_orders(shopper, customer, place):
    ids = [place(customer) for _ in range(7)]
    page = shopper.get("/")
    assert page.status_code == 200
    assert _listed(page.text) == ids[::-1][:5]
