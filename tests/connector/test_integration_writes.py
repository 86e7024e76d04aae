"""Safe writes and batching against a private fake ERP (its data is ours to fill)."""

from __future__ import annotations

import collections
import math
from decimal import Decimal

import pytest

from connector.models import NewOrderRow, NewSalesOrder
from fake_erp.seed import SeedSizes
from fake_erp.server import start_server
from tests.fixtures_erp import FakeErpControl

from .live import NO_THROTTLE, live_client, run_calls

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def private_erp():
    """A fake ERP of our own holding exactly 1,000 orders (nobody else's tests see it)."""
    server = start_server(":memory:", seed=11,
                          sizes=SeedSizes(products=40, customers=4, suppliers=1, orders=1000))
    control = FakeErpControl(server)
    yield control
    control.http.close()
    server.stop()


@pytest.fixture
def fresh_erp(private_erp):
    private_erp.reset()
    yield private_erp
    private_erp.reset()


def test_1000_orders_cost_2_searches_and_5_gets(fresh_erp):
    fresh_erp.set_faults(throttle_per_minute=NO_THROTTLE)
    with live_client(fresh_erp.base_url) as erp:
        fresh_erp.reset()
        fresh_erp.set_faults(throttle_per_minute=NO_THROTTLE)
        ids = list(erp.orders.search_ids())
        orders = erp.orders.get_many(ids)
    counts = fresh_erp.requests()
    print(f"\n{len(orders)} orders fetched with {counts['total']} requests: "
          f"{counts['by_endpoint']}")
    assert len(orders) == 1000 and [o.id for o in orders] == ids
    assert counts["by_endpoint"] == {"GET order-service/order-search": math.ceil(1000 / 500),
                                     "GET order-service/order/{id}": math.ceil(1000 / 200)}


def test_100_orders_with_commit_then_fail_give_exactly_100(fresh_erp):
    customer = fresh_erp.create_customer()
    fresh_erp.set_faults(commit_then_fail_rate=0.5, throttle_per_minute=NO_THROTTLE)
    refs = [f"itest-{customer}-{n}" for n in range(100)]

    def create(n: int) -> int:
        order = NewSalesOrder(customer_id=customer, external_ref=refs[n], status_id=None,
                              price_list_id=1, currency_code="GBP",
                              rows=[NewOrderRow(1, 1, Decimal("10.00"))])
        return erp.orders.create_sales_order(order)

    # The breaker would rightly open on a 50% failure rate; this test is about duplicates.
    with live_client(fresh_erp.base_url, breaker_failures=1000) as erp:
        outcome = run_calls(create, range(100), threads=8)
        by_endpoint = fresh_erp.requests()["by_endpoint"]
        fresh_erp.set_faults(commit_then_fail_rate=0.0)
        stored = erp.orders.get_many(erp.orders.search_ids(contactId=customer))
    per_ref = collections.Counter(o.external_ref for o in stored)
    print(f"\ncommit_then_fail 0.5: {len(outcome.results)} creations ok, {len(stored)} orders "
          f"stored; POSTs {by_endpoint.get('POST order-service/sales-order')}, lookups "
          f"{by_endpoint.get('GET order-service/order-search')}")
    assert outcome.errors == []
    assert len(stored) == 100 and set(per_ref) == set(refs) and max(per_ref.values()) == 1
    assert sorted(outcome.results) == sorted(o.id for o in stored)
