"""A hanging ERP and a busy portal: one ERP request per key at a time, its failure handed to
every waiting page at once (issue 13: six waiters each retried in turn, 0.5, 1.0 … 3.0 s, and
the fifth could pass gunicorn's timeout); /metrics is not public."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.fixtures_portal import Shopper

TOKEN = "m" * 12 + "etrics-token-for-the-tests-0123456789"


def test_pages_missing_one_key_share_one_request_and_its_failure(portal_with, make_customer,
                                                                 fake_erp):
    portal = portal_with(erp={"deadline": 1.0})
    customer = make_customer()
    shopper = Shopper(portal)
    shopper.login(customer)  # after the dashboard, so that the order is in no cached answer
    order_id = fake_erp.create_sales_order(
        customer, statusId=portal.erp.reference.status_named("Confirmed").id)
    fake_erp.reset()
    fake_erp.set_faults(hang_rate=1.0, hang_s=10)

    def page(_):
        started = time.monotonic()
        return shopper.get(f"/orders/{order_id}").status_code, time.monotonic() - started

    with ThreadPoolExecutor(6) as pool:
        pages = list(pool.map(page, range(6)))
    asked = fake_erp.requests()["by_endpoint"]
    fake_erp.reset()  # wakes the hanging requests
    assert [status for status, _ in pages] == [503] * 6
    assert max(elapsed for _, elapsed in pages) < 2.0  # one deadline, not six in turn
    assert asked == {"GET order-service/order/{id}": 1,
                     "GET warehouse-service/order/{id}/goods-note/goods-out": 1}
    shopper.session.close()


def test_metrics_want_the_token_when_one_is_set(portal_with):
    portal = portal_with(metrics_token=TOKEN)
    assert requests.get(f"{portal.url}/metrics", timeout=5).status_code == 404
    wrong = requests.get(f"{portal.url}/metrics", timeout=5,
                         headers={"Authorization": "Bearer " + TOKEN[:-1]})
    right = requests.get(f"{portal.url}/metrics", timeout=5,
                         headers={"Authorization": f"Bearer {TOKEN}"})
    assert wrong.status_code == 404
    assert right.status_code == 200 and "erp_requests" in right.text


def test_without_a_token_metrics_answer_loopback_clients_only(portal):
    assert requests.get(f"{portal.url}/metrics", timeout=5).status_code == 200
    client = portal.app.test_client()
    remote = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert remote.status_code == 404
