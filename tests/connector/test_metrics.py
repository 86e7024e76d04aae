"""Metrics: calls, retries, throttles and latency per endpoint, on the client's registry."""

from __future__ import annotations

from .conftest import THROTTLED, UNAVAILABLE, order_json, url


def test_calls_retries_throttles_and_latency_are_counted(erp, mocked):
    mocked.get(url("order-service/order/5"), json=UNAVAILABLE, status=503)
    mocked.get(url("order-service/order/5"), json=THROTTLED, status=503,
               headers={"brightpearl-next-throttle-period": "100"})
    mocked.get(url("order-service/order/5"), json={"response": [order_json(5)]})
    erp.orders.get(5)
    m = erp.metrics
    endpoint = "GET order-service/order/{id}"
    assert m.get_sample_value("erp_requests_total", {"endpoint": endpoint, "outcome": "503"}) == 2
    assert m.get_sample_value("erp_requests_total", {"endpoint": endpoint, "outcome": "200"}) == 1
    assert m.get_sample_value("erp_retries_total",
                              {"endpoint": endpoint, "reason": "server 503"}) == 1
    assert m.get_sample_value("erp_retries_total",
                              {"endpoint": endpoint, "reason": "throttled 503"}) == 1
    assert m.get_sample_value("erp_throttled_total", {"endpoint": endpoint}) == 1
    assert m.get_sample_value("erp_request_seconds_count", {"endpoint": endpoint}) == 3


def test_each_client_has_its_own_registry(make_erp):
    assert make_erp().metrics is not make_erp().metrics
