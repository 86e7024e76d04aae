"""The one retry policy: what is retried, how long it waits, when it gives up."""

from __future__ import annotations

import pytest
import requests
import responses
from responses import matchers

from connector import (
    ErpAuthError,
    ErpConflict,
    ErpNotFound,
    ErpProtocolError,
    ErpThrottled,
    ErpUnavailable,
    ErpValidationError,
)

from .conftest import THROTTLED, UNAVAILABLE, order_json, url

ORDER_URL = url("order-service/order/5")
THROTTLE_HEADERS = {"brightpearl-requests-remaining": "0",
                    "brightpearl-next-throttle-period": "1500"}


@pytest.fixture
def resp_get_order_503_then_200(mocked):
    mocked.get(ORDER_URL, json=UNAVAILABLE, status=503)
    mocked.get(ORDER_URL, json={"response": [order_json(5)]})
    return mocked


def test_503_then_200_is_retried(erp, resp_get_order_503_then_200, clock):
    order = erp.orders.get(5)
    assert order.id == 5
    assert len(resp_get_order_503_then_200.calls) == 2
    assert len(clock.sleeps) == 1 and 0 <= clock.sleeps[0] <= 0.1  # full jitter, base 0.1


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_on_reads_give_up_after_max_attempts(erp, mocked, status):
    for _ in range(3):
        mocked.get(ORDER_URL, json=UNAVAILABLE, status=status)
    with pytest.raises(ErpUnavailable) as info:
        erp.orders.get(5)
    assert info.value.status == status
    assert len(mocked.calls) == 3


@pytest.mark.parametrize(("status", "body", "error"), [
    (400, {"errors": [{"code": "CMNC-400", "message": "bad"}]}, ErpValidationError),
    (401, {"response": "Not authenticated"}, ErpAuthError),
    (404, {"errors": [{"code": "CMNC-404", "message": "No Order Found"}]}, ErpNotFound),
    (405, {"errors": [{"code": "CMNC-405", "message": "Method not allowed"}]}, ErpProtocolError),
    (409, {"errors": [{"code": "X", "message": "conflict"}]}, ErpConflict),
    (412, {"errors": [{"code": "CMNC-412", "message": "changed"}]}, ErpConflict),
    (500, {"errors": [{"code": "CMNC-018", "message": "bad filter"}]}, ErpProtocolError),
])
def test_no_retry_on_4xx_or_cmnc_018(erp, mocked, status, body, error):
    mocked.get(ORDER_URL, json=body, status=status)
    with pytest.raises(error) as info:
        erp.orders.get(5)
    assert info.value.status == status
    assert len(mocked.calls) == 1


def test_validation_error_carries_codes(erp, mocked):
    body = {"errors": [{"code": "ORDC-005", "message": "not a customer"},
                       {"code": "ORDC-006", "message": "no product"}]}
    mocked.get(ORDER_URL, json=body, status=400)
    with pytest.raises(ErpValidationError) as info:
        erp.orders.get(5)
    assert info.value.code == "ORDC-005"
    assert info.value.errors == (("ORDC-005", "not a customer"), ("ORDC-006", "no product"))
    assert "GET order-service/order/5" in str(info.value)


def test_throttled_503_waits_the_period_and_does_not_count_as_an_attempt(erp, mocked, clock):
    for _ in range(4):  # more throttles than max_attempts: they do not count
        mocked.get(ORDER_URL, json=THROTTLED, status=503, headers=THROTTLE_HEADERS)
    mocked.get(ORDER_URL, json={"response": [order_json(5)]})
    assert erp.orders.get(5).id == 5
    assert len(mocked.calls) == 5
    assert sum(clock.sleeps) == pytest.approx(4 * 1.5)


def test_throttled_until_the_deadline_raises_erp_throttled(make_erp, mocked, clock):
    erp = make_erp(deadline=2.0)
    mocked.get(ORDER_URL, json=THROTTLED, status=503, headers=THROTTLE_HEADERS)
    mocked.get(ORDER_URL, json=THROTTLED, status=503, headers=THROTTLE_HEADERS)
    with pytest.raises(ErpThrottled) as info:
        erp.orders.get(5)
    assert info.value.retry_after == pytest.approx(1.5)
    assert len(mocked.calls) == 2  # a second wait of 1.5 s would end after the 2 s deadline
    assert clock.sleeps == [1.5]


def test_deadline_stops_retries_and_shrinks_the_read_timeout(make_erp, mocked_any, clock):
    erp = make_erp(deadline=1.0, backoff_base=0.3, backoff_max=0.3, max_attempts=10)
    timeouts = []

    def slow_failure(request):
        timeouts.append(request.req_kwargs["timeout"])
        clock.now += min(0.3, request.req_kwargs["timeout"][1])  # 0.3 s, or time out
        return (503, {}, '{"errors": [{"code": "CMNC-503", "message": "down"}]}')

    mocked_any.add_callback(responses.GET, ORDER_URL, callback=slow_failure)
    with pytest.raises(ErpUnavailable):
        erp.orders.get(5)
    assert clock.now - 1000.0 <= 1.0 + 1e-9  # nothing ran past the deadline
    assert timeouts[0] == (1.0, 1.0)
    assert all(read <= 1.0 for _, read in timeouts) and timeouts[-1][1] < timeouts[0][1]


def test_read_timeout_on_a_read_is_retried(erp, mocked):
    mocked.get(ORDER_URL, body=requests.ReadTimeout("read timed out"))
    mocked.get(ORDER_URL, json={"response": [order_json(5)]})
    assert erp.orders.get(5).id == 5


def test_connection_error_is_retried_then_typed(erp, mocked):
    for _ in range(3):
        mocked.get(ORDER_URL, body=requests.ConnectionError("connection reset"))
    with pytest.raises(ErpUnavailable) as info:
        erp.orders.get(5)
    assert info.value.reason == "dropped"
    assert isinstance(info.value.__cause__, requests.ConnectionError)


def test_redirect_is_not_followed(erp, mocked):
    mocked.get(ORDER_URL, status=302, headers={"Location": "http://evil.test/steal"})
    with pytest.raises(ErpProtocolError, match="redirect"):
        erp.orders.get(5)
    assert len(mocked.calls) == 1


@pytest.mark.parametrize("body", ["<html>oops</html>", '{"response": [', ""])
def test_bad_json_is_a_protocol_error(erp, mocked, body):
    mocked.get(ORDER_URL, body=body, status=200)
    with pytest.raises(ErpProtocolError):
        erp.orders.get(5)


def test_html_502_from_a_proxy_is_unavailable_not_protocol(erp, mocked):
    for _ in range(3):
        mocked.get(ORDER_URL, body="<html>Bad gateway</html>", status=502)
    with pytest.raises(ErpUnavailable):
        erp.orders.get(5)


def test_oversized_answer_is_refused(make_erp, mocked):
    erp = make_erp(max_response_bytes=1000)
    mocked.get(ORDER_URL, json={"response": [order_json(5, reference="x" * 5000)]})
    with pytest.raises(ErpProtocolError, match="large"):
        erp.orders.get(5)


def test_auth_headers_sent_and_token_never_in_reprs_or_logs(erp, mocked, caplog):
    mocked.get(ORDER_URL, json=UNAVAILABLE, status=503)
    mocked.get(ORDER_URL, json={"response": [order_json(5)]},
               match=[matchers.header_matcher({"brightpearl-app-ref": "portal",
                                               "brightpearl-account-token": "secret-token"})])
    with caplog.at_level("DEBUG"):
        erp.orders.get(5)
    assert "secret-token" not in caplog.text
    assert "secret-token" not in repr(erp) + repr(erp._transport)
    retry_lines = [r for r in caplog.records if "retry" in r.getMessage()]
    assert len(retry_lines) == 1
    assert "GET order-service/order/5" in retry_lines[0].getMessage()
    assert "attempt=1" in retry_lines[0].getMessage()


def test_generic_write_is_not_retried_after_it_may_have_been_sent(erp, mocked):
    mocked.put(url("order-service/order/5/status"), json=UNAVAILABLE, status=503)
    with pytest.raises(ErpUnavailable) as info:
        erp.orders.set_status(5, 4)
    assert info.value.ambiguous
    assert len(mocked.calls) == 1


def test_generic_write_is_retried_after_a_connect_failure(erp, mocked):
    mocked.put(url("order-service/order/5/status"),
               body=requests.ConnectTimeout("connect timed out"))
    mocked.put(url("order-service/order/5/status"), json={},
               match=[matchers.json_params_matcher({"orderStatusId": 4})])
    erp.orders.set_status(5, 4)
    assert len(mocked.calls) == 2


def test_throttled_write_is_resent_as_nothing_was_done(erp, mocked):
    body = {"orderStatusId": 4, "orderNote": {"text": "ok", "isPublic": False}}
    mocked.put(url("order-service/order/5/status"), json=THROTTLED, status=503,
               headers=THROTTLE_HEADERS)
    mocked.put(url("order-service/order/5/status"), json={},
               match=[matchers.json_params_matcher(body)])
    erp.orders.set_status(5, 4, note="ok", public=False)
    assert len(mocked.calls) == 2
