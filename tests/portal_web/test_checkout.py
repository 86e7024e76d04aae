"""Checkout writes one ERP sales order, field by field, exactly once, and tells the manager."""

import html
import re
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from tests.fixtures_erp import DEFAULT_PRICE_LIST_ID, EUR_PRICE_LIST_ID, STAFF_IDS
from tests.fixtures_portal import Shopper
from tests.portal_web.conftest import product_ids_on


def _orders_of(erp, contact_id) -> list[int]:
    return list(erp.orders.search_ids(contactId=contact_id, orderTypeId=1))


def _fill_cart(shopper, quantities=(3, 12)) -> list[int]:
    ids = product_ids_on(shopper.get("/catalog").text)[:len(quantities)]
    for product_id, quantity in zip(ids, quantities, strict=True):
        shopper.post("/cart/items", {"product_id": product_id, "quantity": quantity})
    return ids


def _address_value(shopper) -> str:
    return re.search(r'name="address_id"[^>]*value="([^"]+)"',
                     shopper.get("/cart").text).group(1)


def test_the_order_is_written_to_the_erp_field_by_field(shopper, make_customer):
    contact_id = make_customer(price_list=EUR_PRICE_LIST_ID, currency="GBP", addresses=2)
    shopper.login(contact_id)
    erp = shopper.portal.erp
    ids = _fill_cart(shopper, (3, 12))
    address_id = _address_value(shopper)
    placed = shopper.post("/cart/checkout", {"address_id": address_id, "po_number": "PO-7781"})
    assert placed.status_code == 200
    order_id = int(re.search(r"/orders/(\d+)/placed$", placed.url).group(1))
    assert f"order #{order_id} is placed" in placed.text

    order = erp.orders.get(order_id)
    assert order.type_code == "SO" and order.customer_id == contact_id
    assert order.status_name == "Confirmed"
    assert order.reference == "PO-7781"
    assert order.external_ref.startswith(f"portal-{contact_id}-")
    assert order.price_list_id == EUR_PRICE_LIST_ID and order.currency_code == "GBP"
    address = erp.addresses.get(int(address_id))
    assert (order.delivery_address.line1, order.delivery_address.postal_code) == (
        address.line1, address.postal_code)
    prices = erp.catalog.prices(ids, EUR_PRICE_LIST_ID)
    eur, gbp = erp.reference.currency("EUR"), erp.reference.currency("GBP")
    expected = {}
    for product_id, quantity in zip(ids, (3, 12), strict=True):
        unit = (prices[product_id].unit_price(quantity) / eur.rate * gbp.rate).quantize(
            Decimal("0.01"), rounding="ROUND_HALF_UP")
        expected[product_id] = (quantity, unit * quantity)
    assert {r.product_id: (int(r.quantity), r.net) for r in order.rows} == expected
    assert order.net == sum(net for _, net in expected.values())


def test_a_task_tells_the_account_manager_of_the_order(shopper, make_customer):
    contact_id = make_customer(owner=STAFF_IDS[1])
    shopper.login(contact_id)
    _fill_cart(shopper, (1,))
    placed = shopper.post("/cart/checkout", {"address_id": _address_value(shopper)})
    order_id = int(placed.url.rsplit("/", 2)[1])
    tasks = list(shopper.portal.erp.tasks.search(orderId=order_id))
    assert [(t.assigned_to, t.order_id) for t in tasks] == [(STAFF_IDS[1], order_id)]
    assert "New portal order" in tasks[0].subject


def test_the_cart_is_empty_after_the_order(shopper, customer):
    _fill_cart(shopper)
    page = shopper.post("/cart/checkout", {"address_id": _address_value(shopper)})
    assert 'aria-label="0 products in the cart"' in page.text
    assert "Your cart is empty" in shopper.get("/cart").text


def test_a_customer_without_an_address_picks_up_at_the_vendor(shopper, make_customer):
    contact_id = make_customer(addresses=0)
    shopper.login(contact_id)
    _fill_cart(shopper, (2,))
    cart = shopper.get("/cart").text
    assert "Pickup at vendor&#39;s location" in cart
    placed = shopper.post("/cart/checkout", {"address_id": "pickup"})
    order = shopper.portal.erp.orders.get(int(placed.url.rsplit("/", 2)[1]))
    assert order.delivery_address is None
    assert "Pickup at vendor's location" in placed.text


def test_pickup_and_other_customers_addresses_are_refused(shopper, make_customer):
    stranger = make_customer(addresses=1)
    their_address = shopper.portal.erp.addresses.for_contact(stranger)[0].id
    contact_id = make_customer(addresses=1)
    shopper.login(contact_id)
    _fill_cart(shopper, (1,))
    for choice in ("pickup", str(their_address), "", "abc"):
        page = shopper.post("/cart/checkout", {"address_id": choice})
        assert page.status_code == 400, choice
        assert 'class="field-error" id="address-error"' in page.text
    assert _orders_of(shopper.portal.erp, contact_id) == []


def test_a_bad_po_number_is_refused_next_to_its_field(shopper, customer):
    _fill_cart(shopper, (1,))
    address = _address_value(shopper)
    for bad in ("P" * 41, "PO\x07"):
        page = shopper.post("/cart/checkout", {"address_id": address, "po_number": bad})
        assert page.status_code == 400
        assert 'id="po-error"' in page.text
    assert _orders_of(shopper.portal.erp, customer) == []


def test_an_empty_cart_cannot_be_ordered(shopper, customer):
    page = shopper.post("/cart/checkout", {"address_id": "1"})
    assert page.status_code == 400
    assert _orders_of(shopper.portal.erp, customer) == []


def _submit_at_once(shopper, times: int) -> list:
    """The cart's checkout form sent `times` times at once, all with the same cookies."""
    form = {"address_id": _address_value(shopper), "csrf_token": shopper.csrf}
    cookies = shopper.session.cookies.copy()

    def submit(_):
        return shopper.session.post(shopper.portal.url + "/cart/checkout", data=form,
                                    cookies=cookies, timeout=30)

    with ThreadPoolExecutor(times) as pool:
        return list(pool.map(submit, range(times)))


def test_a_double_click_creates_one_order(shopper, customer):
    _fill_cart(shopper)
    answers = _submit_at_once(shopper, 2)
    assert [a.status_code for a in answers] == [200, 200]
    assert len(_orders_of(shopper.portal.erp, customer)) == 1
    assert {a.url for a in answers} == {answers[0].url}


def test_a_resent_checkout_after_success_finds_the_same_order(shopper, customer):
    _fill_cart(shopper)
    form = {"address_id": _address_value(shopper), "csrf_token": shopper.csrf}
    before = shopper.session.cookies.copy()
    first = shopper.post("/cart/checkout", form)
    shopper.session.cookies = before  # the browser never saw the answer and sends it again
    again = shopper.post("/cart/checkout", form)
    assert first.url == again.url
    assert len(_orders_of(shopper.portal.erp, customer)) == 1


def test_every_write_failing_after_commit_still_gives_one_order_and_a_confirmation(
        shopper, customer, fake_erp):
    _fill_cart(shopper)
    address = _address_value(shopper)
    fake_erp.set_faults(commit_then_fail_rate=1.0)
    placed = shopper.post("/cart/checkout", {"address_id": address, "po_number": "PO-CTF"})
    fake_erp.set_faults(commit_then_fail_rate=0.0)
    assert placed.status_code == 200
    assert "is placed" in placed.text
    orders = _orders_of(shopper.portal.erp, customer)
    assert len(orders) == 1
    assert len(list(shopper.portal.erp.tasks.search(orderId=orders[0]))) == 1


def test_an_erp_outage_at_checkout_keeps_the_cart(shopper, customer, fake_erp):
    ids = _fill_cart(shopper)
    address = _address_value(shopper)
    fake_erp.set_faults(error_rate=1.0, error_status=503)
    down = shopper.post("/cart/checkout", {"address_id": address})
    fake_erp.set_faults(error_rate=0.0)
    assert down.status_code == 503
    assert set(product_ids_on(shopper.get("/catalog").text)) >= set(ids)
    assert f'id="line-{ids[0]}"' in shopper.get("/cart").text
    assert _orders_of(shopper.portal.erp, customer) == []


def test_default_list_prices_are_used_for_a_customer_without_a_list(shopper, customer):
    ids = _fill_cart(shopper, (2,))
    placed = shopper.post("/cart/checkout", {"address_id": _address_value(shopper)})
    order = shopper.portal.erp.orders.get(int(placed.url.rsplit("/", 2)[1]))
    price = shopper.portal.erp.catalog.prices(ids, DEFAULT_PRICE_LIST_ID)[ids[0]]
    assert order.rows[0].net == price.unit_price(2) * 2
    assert order.price_list_id == DEFAULT_PRICE_LIST_ID


def _tasks_of(erp, order_ids) -> list:
    return [t for order_id in order_ids for t in erp.tasks.search(orderId=order_id)]


def test_a_checkout_that_timed_out_is_found_again_not_ordered_twice(portal_with,
                                                                   make_customer, fake_erp):
    """Issue 7: the order POST outlived the deadline, the ERP made the order anyway, and a
    resubmission with another PO number and quantity made a second one."""
    portal = portal_with(erp={"deadline": 1.0})
    shopper = Shopper(portal)
    contact_id = make_customer()
    shopper.login(contact_id)
    ids = _fill_cart(shopper, (3, 12))
    address = _address_value(shopper)
    # Every request takes 0.6 s and every write answers 503 after it is stored: the POST
    # lands, and no lookup fits in what is left of its 1 s deadline.
    fake_erp.set_faults(latency_ms=600, commit_then_fail_rate=1.0)
    lost = shopper.post("/cart/checkout", {"address_id": address, "po_number": "PO-1"})
    fake_erp.set_faults(latency_ms=0, commit_then_fail_rate=0.0)
    erp = portal.erp
    assert len(_orders_of(erp, contact_id)) == 1  # the ERP made it all the same
    assert lost.status_code == 503
    text = html.unescape(lost.text)
    assert "may have been placed" in text and "nothing in it was lost" not in text
    assert 'href="/orders"' in lost.text
    shopper.post(f"/cart/items/{ids[0]}", {"quantity": 4})
    again = shopper.post("/cart/checkout", {"address_id": address, "po_number": "PO-2"})
    orders = _orders_of(erp, contact_id)
    assert len(orders) == 1
    assert again.status_code == 200 and f"/orders/{orders[0]}/placed" in again.url
    assert "already been ordered" in html.unescape(again.text)
    assert 'aria-label="0 products in the cart"' in again.text
    assert len(_tasks_of(erp, orders)) == 1  # the account manager still hears of it, once


def test_ten_concurrent_submissions_make_one_order_and_one_task(portal_with, make_customer,
                                                              fake_erp):
    """Issue 7: ten concurrent submissions of one cart made one order but two to five tasks.

    A race: answers that take 0-100 ms let the requests overtake each other, and three carts
    give it three chances to show (before the fix it showed in about two runs out of three).
    The ERP budget is raised: 30 checkouts in a few seconds are more than a minute's worth.
    """
    fake_erp.set_faults(throttle_per_minute=5000)
    portal = portal_with(erp={"budget_per_minute": 5000})
    shopper = Shopper(portal)
    customer = make_customer()
    shopper.login(customer)
    for _ in range(3):
        _submit_ten_times(shopper, fake_erp)
    orders = _orders_of(portal.erp, customer)
    assert len(orders) == 3
    assert sorted(t.order_id for t in _tasks_of(portal.erp, orders)) == sorted(orders)


def _submit_ten_times(shopper, fake_erp) -> None:
    _fill_cart(shopper)
    fake_erp.set_faults(jitter_ms=100)
    answers = _submit_at_once(shopper, 10)
    fake_erp.set_faults(jitter_ms=0)
    assert {a.status_code for a in answers} == {200}
    assert len({a.url for a in answers}) == 1
