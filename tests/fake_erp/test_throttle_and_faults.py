"""Throttling, the `/_fake/` control plane and each injected fault."""

from __future__ import annotations

import threading
import time

import pytest
import requests

from tests.fixtures_erp import AUTH_HEADERS, DEMO_CUSTOMER_ID

THROTTLED = {
    "response": "You have sent too many requests. Please wait before sending another request"
}


def test_every_answer_carries_both_throttle_headers(fake_erp):
    first = fake_erp.get("/order-service/order/1")
    second = fake_erp.get("/order-service/order/999999/note")
    assert int(first.headers["brightpearl-requests-remaining"]) == 199
    assert int(second.headers["brightpearl-requests-remaining"]) == 198
    assert 0 < int(second.headers["brightpearl-next-throttle-period"]) <= 60_000
    assert (
        "brightpearl-requests-remaining"
        not in requests.get(fake_erp.url + "/_fake/faults", timeout=5).headers
    )


def test_over_the_cap_is_a_throttled_503_until_the_window_passes(fake_erp):
    fake_erp.set_faults(throttle_per_minute=3, throttle_window_s=1.0)
    answers = [fake_erp.get("/order-service/order/1") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 503]
    assert answers[3].json() == THROTTLED
    assert answers[2].headers["brightpearl-requests-remaining"] == "0"
    wait_ms = int(answers[3].headers["brightpearl-next-throttle-period"])
    assert 0 < wait_ms <= 1000
    time.sleep(wait_ms / 1000 + 0.05)
    assert fake_erp.get("/order-service/order/1").status_code == 200


def test_faults_post_changes_only_named_keys_and_refuses_bad_values(fake_erp):
    assert fake_erp.set_faults(latency_ms=1)["error_rate"] == 0.0
    assert fake_erp.set_faults(error_status=500)["latency_ms"] == 1
    for bad in ({"latency_ms": -1}, {"error_rate": 2}, {"nope": 1}, {"hang_s": "long"}, [1]):
        answer = requests.post(fake_erp.url + "/_fake/faults", json=bad, timeout=5)
        assert answer.status_code == 400 and answer.json()["errors"][0]["code"] == "CMNC-400"
    assert fake_erp.faults()["latency_ms"] == 1


def test_reset_clears_faults_and_the_request_log_but_not_data(fake_erp):
    order_id = fake_erp.create_sales_order()
    fake_erp.set_faults(error_rate=1.0)
    fake_erp.reset()
    assert fake_erp.faults()["error_rate"] == 0.0
    assert fake_erp.requests() == {"total": 0, "by_endpoint": {}}
    assert fake_erp.get(f"/order-service/order/{order_id}").json()["response"][0]["id"] == order_id


def test_request_log_counts_by_endpoint_with_ids_replaced(fake_erp):
    fake_erp.get("/order-service/order/1-3")
    fake_erp.get("/order-service/order/7")
    fake_erp.get("/order-service/order-search?pageSize=1")
    assert fake_erp.requests() == {
        "total": 3,
        "by_endpoint": {"GET order-service/order/{id}": 2, "GET order-service/order-search": 1},
    }


def test_latency_delays_public_api_requests_only(fake_erp):
    fake_erp.set_faults(latency_ms=300)
    started = time.monotonic()
    fake_erp.get("/order-service/order/1")
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    fake_erp.faults()
    assert time.monotonic() - started < 0.25


def test_error_rate_answers_the_configured_status(fake_erp):
    fake_erp.set_faults(error_rate=1.0)
    answer = fake_erp.get("/order-service/order/1")
    assert answer.status_code == 503
    assert answer.json() == {
        "errors": [{"code": "CMNC-503", "message": "Service temporarily unavailable"}]
    }
    assert "brightpearl-requests-remaining" in answer.headers
    fake_erp.set_faults(error_status=502)
    assert fake_erp.get("/order-service/order/1").status_code == 502


def test_a_hanging_request_does_not_block_others(fake_erp):
    fake_erp.set_faults(hang_rate=1.0, hang_s=1.0)
    with pytest.raises(requests.Timeout):
        requests.get(
            fake_erp.base_url + "/order-service/order/1", headers=AUTH_HEADERS, timeout=0.3
        )
    fake_erp.set_faults(hang_rate=0.0)
    started = time.monotonic()
    assert fake_erp.get("/order-service/order/1").status_code == 200
    assert time.monotonic() - started < 0.5


def test_reset_wakes_hanging_requests(fake_erp):
    fake_erp.set_faults(hang_rate=1.0, hang_s=30)
    result = {}

    def call():
        result["status"] = requests.get(
            fake_erp.base_url + "/order-service/order/1", headers=AUTH_HEADERS, timeout=10
        ).status_code

    caller = threading.Thread(target=call)
    caller.start()
    time.sleep(0.2)
    fake_erp.reset()
    caller.join(timeout=5)
    assert result == {"status": 200}


def test_commit_then_fail_stores_the_write_but_answers_503(fake_erp):
    fake_erp.set_faults(commit_then_fail_rate=1.0)
    answer = fake_erp.post(
        "/order-service/sales-order",
        {
            "customer": {"id": DEMO_CUSTOMER_ID},
            "externalRef": "ambiguous-1",
            "rows": [{"productId": 1, "quantity": 1, "net": "1.00", "tax": "0.20"}],
        },
    )
    assert answer.status_code == 503 and answer.json()["errors"][0]["code"] == "CMNC-503"
    assert fake_erp.get("/order-service/order/1").status_code == 200  # reads are not affected
    found = fake_erp.get("/order-service/order-search?externalRef=ambiguous-1").json()["response"]
    assert found["metaData"]["resultsAvailable"] == 1


def test_control_plane_answers_loopback_only(erp_server):
    from fake_erp.app import create_app

    app = create_app(erp_server.backend)
    client = app.test_client()
    assert client.get("/_fake/faults", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 403
    assert client.get("/_fake/faults").status_code == 200
    remote = create_app(erp_server.backend, {"allow_remote_control": True}).test_client()
    assert remote.get("/_fake/faults", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200


def test_ops_endpoints_refuse_unknown_orders(fake_erp):
    assert (
        requests.post(fake_erp.url + "/_fake/orders/999999/invoice", timeout=5).status_code == 404
    )
    answer = requests.post(fake_erp.url + "/_fake/orders/1/ship", json={"tracking": ""}, timeout=5)
    assert answer.status_code == 400
