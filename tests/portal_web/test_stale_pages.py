"""Stale pages, said so (issue 13): when the ERP is down or throttled, a page fetched in the last
PORTAL_STALE_TTL_S is served from the cache with a note saying how old it is; writes never act
on stale data and refuse cleanly."""

from __future__ import annotations

import html
import re
import time
from datetime import datetime

import pytest
from babel.dates import format_time

from tests.fixtures_portal import Shopper
from tests.portal_web.conftest import product_ids_on

ERP = {"deadline": 1.0, "backoff_base": 0.01, "backoff_max": 0.02, "stale_ttl": 900.0,
       "document_ttl": 30.0, "price_ttl": 120.0}


class WallClock:
    """The time the portal's cache dates its answers by, moved by the test."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> WallClock:
    return WallClock()


@pytest.fixture
def seen(portal_with, clock, make_customer, fake_erp):
    """A portal, and a customer who has seen an order, My orders and the catalog, with one
    product in the cart; then the pages' answers go stale (reference data stays fresh)."""
    portal = portal_with(erp=ERP, wall=clock)
    shopper, customer = Shopper(portal), make_customer()
    confirmed = portal.erp.reference.status_named("Confirmed").id
    order_id = fake_erp.create_sales_order(customer, statusId=confirmed)
    shopper.login(customer)
    product_id = product_ids_on(shopper.get("/catalog").text)[0]
    shopper.post("/cart/items", {"product_id": product_id, "quantity": 2})
    for path in (f"/orders/{order_id}", "/orders", "/cart"):
        assert shopper.get(path).status_code == 200
    fetched = clock.now
    clock.now += 121  # past every page's time to live, well within the 900 s kept
    yield portal, shopper, order_id, product_id, fetched
    shopper.session.close()


def _note(fetched: float, why: str) -> str:
    as_of = format_time(datetime.fromtimestamp(fetched), "short", locale="en_GB")
    return f"Shown as of {as_of}: our order system is {why}, so this may be out of date."


def test_with_the_erp_down_a_recent_page_is_served_saying_how_old(seen, fake_erp):
    portal, shopper, order_id, _, fetched = seen
    fake_erp.set_faults(error_rate=1.0)
    for path in (f"/orders/{order_id}", "/orders", "/catalog"):
        page = shopper.get(path)
        assert page.status_code == 200, path
        assert _note(fetched, "not answering") in html.unescape(page.text), path
    assert shopper.get("/catalog?page=4").status_code == 503  # never seen: nothing to show
    fake_erp.set_faults(error_rate=0.0)
    portal.erp.breaker.record_success()  # the ERP is back (the breaker's probe would say so)
    assert "Shown as of" not in shopper.get(f"/orders/{order_id}").text


def test_throttled_the_note_says_the_erp_is_busy(seen, fake_erp):
    _, shopper, order_id, _, fetched = seen
    fake_erp.set_faults(throttle_per_minute=1)
    shopper.get("/catalog?page=5")  # the ERP's one request of the window
    page = shopper.get(f"/orders/{order_id}")
    assert page.status_code == 200 and _note(fetched, "busy") in html.unescape(page.text)


def test_past_the_stale_time_the_page_fails_as_before(seen, fake_erp, clock):
    _, shopper, order_id, _, _ = seen
    clock.now += 900
    fake_erp.set_faults(error_rate=1.0)
    assert shopper.get(f"/orders/{order_id}").status_code == 503


def test_writes_never_act_on_stale_data_and_refuse_cleanly(seen, fake_erp):
    _, shopper, order_id, product_id, _ = seen
    shopper.get("/cart")  # the checkout form's CSRF token
    fake_erp.reset()  # the request log from here
    fake_erp.set_faults(error_rate=1.0)
    added = shopper.post("/cart/items", {"product_id": product_id, "quantity": 1})
    checkout = shopper.post("/cart/checkout", {"address_id": "pickup", "po_number": ""})
    assert (added.status_code, checkout.status_code) == (503, 503)
    assert "Shown as of" not in added.text + checkout.text
    fake_erp.set_faults(error_rate=0.0)
    writes = [k for k in fake_erp.requests()["by_endpoint"] if not k.startswith("GET")]
    assert writes == []  # nothing was ordered
    cart = shopper.get("/cart").text
    assert re.search(rf'id="line-{product_id}"', cart) and 'value="2"' in cart  # cart as it was
