"""Pages from the read cache (issue 13): never another customer's data, what each page cost in
its Server-Timing header, and independent reads made together."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor

from tests.fixtures_portal import Shopper


def _customer_with_orders(make_customer, fake_erp, portal, count: int) -> tuple[int, list[int]]:
    contact_id = make_customer()
    confirmed = portal.erp.reference.status_named("Confirmed").id
    orders = [fake_erp.create_sales_order(contact_id, statusId=confirmed) for _ in range(count)]
    return contact_id, orders


def _timing(answer) -> dict[str, str]:
    """`Server-Timing` as {metric: dur or desc}."""
    metrics = {}
    for part in answer.headers["Server-Timing"].split(","):
        name, _, params = part.strip().partition(";")
        value = re.search(r'dur=([0-9.]+)|desc="([^"]*)"', params)
        metrics[name] = value.group(1) or value.group(2)
    return metrics


def test_the_same_pages_asked_by_two_customers_at_once_show_each_only_their_own(
        portal, make_customer, fake_erp):
    people = [_customer_with_orders(make_customer, fake_erp, portal, 3) for _ in range(2)]
    shoppers = []
    for contact_id, _ in people:
        shopper = Shopper(portal)
        assert shopper.login(contact_id).status_code == 200
        shoppers.append(shopper)

    def visit(n: int):
        who = n % 2
        orders, shopper = people[who][1], shoppers[who]
        path = ("/", "/orders", f"/orders/{orders[n % 3]}")[n % 3]
        return who, shopper.get(path)

    with ThreadPoolExecutor(8) as pool:
        visits = list(pool.map(visit, range(60)))
    for who, page in visits:
        assert page.status_code == 200
        mine, theirs = people[who][1], people[1 - who][1]
        shown = {int(i) for i in re.findall(r'href="/orders/(\d+)"', page.text)}
        assert shown <= set(mine) and not shown & set(theirs)
        assert f"Test Company {people[1 - who][0]}" not in page.text
    for shopper in shoppers:
        shopper.session.close()


def test_another_customer_naming_a_cached_order_gets_the_404_of_an_unknown_one(
        portal, make_customer, fake_erp, shopper):
    owner, [order_id] = _customer_with_orders(make_customer, fake_erp, portal, 1)
    assert shopper.login(owner).status_code == 200
    assert shopper.get(f"/orders/{order_id}").status_code == 200  # now cached
    stranger = Shopper(portal)
    stranger.login(make_customer())
    assert stranger.get(f"/orders/{order_id}").status_code == 404
    stranger.session.close()


def test_every_answer_says_what_it_cost(shopper, customer, fake_erp):
    shopper.get("/catalog")  # the reference data the catalog needs, cached
    first, again = shopper.get("/catalog?page=2"), shopper.get("/catalog?page=2")
    cold, warm = _timing(first), _timing(again)
    assert set(cold) == {"app", "erp", "erp-requests", "cache-hits"}
    assert int(cold["erp-requests"]) == 3 and float(cold["erp"]) > 0
    assert (warm["erp-requests"], float(warm["erp"])) == ("0", 0.0)
    assert int(warm["cache-hits"]) >= 3  # the search, its products, their prices (and more)
    for path in ("/healthz", "/no-such-page"):
        assert "app;dur=" in shopper.get(path).headers["Server-Timing"]


def test_an_order_and_its_shipments_are_read_together(portal, make_customer, fake_erp, shopper):
    """With 50 ms of ERP latency the order page waits on the ERP for about one read, not two."""
    owner, [order_id, other_id] = _customer_with_orders(make_customer, fake_erp, portal, 2)
    shopper.login(owner, follow=False)  # the dashboard would cache both
    fake_erp.set_faults(latency_ms=50)
    started = time.perf_counter()
    portal.erp.orders.get(other_id)  # one read, as the page would make it
    one_read = time.perf_counter() - started
    page = shopper.get(f"/orders/{order_id}")
    fake_erp.set_faults(latency_ms=0)
    timing = _timing(page)
    assert page.status_code == 200 and timing["erp-requests"] == "2"
    assert float(timing["erp"]) / 1000 <= 1.2 * one_read
