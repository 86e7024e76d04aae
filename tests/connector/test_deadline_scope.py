"""`with erp.deadline(s):` one deadline shared by every call made inside (the portal's page)."""

from __future__ import annotations

import json
import threading

import pytest

from connector import ErpUnavailable

from .conftest import UNAVAILABLE, order_json, url

ORDER_URL = url("order-service/order/5")


def _answer_after(clock, seconds: float, body: dict, status: int = 200):
    """A `responses` callback that takes `seconds` of the fake clock to answer `body`."""
    def answer(request):
        clock.now += seconds
        return status, {}, json.dumps(body)
    return answer


@pytest.fixture
def resp_get_order_three_times_in_4_s_each(mocked, clock):
    """Orders 5, 6 and 7 (three requests: the read cache would answer a repeat)."""
    for order_id in (5, 6, 7):
        mocked.add_callback("GET", url(f"order-service/order/{order_id}"), callback=_answer_after(
            clock, 4.0, {"response": [order_json(order_id)]}))
    return mocked


def test_calls_inside_a_scope_end_by_its_deadline_not_each_by_their_own(
        erp, resp_get_order_three_times_in_4_s_each):
    mocked = resp_get_order_three_times_in_4_s_each
    with erp.deadline(10.0):
        erp.orders.get(5)
        erp.orders.get(6)  # each call alone fits in its own 8 s: three in a row do not
        with pytest.raises(ErpUnavailable) as late:
            erp.orders.get(7)  # sent with the 2 s left, cut off when they run out
        with pytest.raises(ErpUnavailable) as after:
            erp.orders.get(8)
    assert late.value.reason == "timeout"
    assert after.value.reason == "deadline" and not after.value.sent
    assert len(mocked.calls) == 3  # the fourth was never sent


def test_outside_a_scope_each_call_keeps_its_own_deadline(
        erp, resp_get_order_three_times_in_4_s_each):
    with erp.deadline(10.0):
        erp.orders.get(5)
    erp.orders.get(6)
    erp.orders.get(7)
    assert len(resp_get_order_three_times_in_4_s_each.calls) == 3


def test_retries_stop_at_the_scopes_deadline(erp, mocked, clock):
    mocked.add_callback("GET", ORDER_URL, callback=_answer_after(clock, 1.0, UNAVAILABLE, 503))
    with erp.deadline(1.0), pytest.raises(ErpUnavailable):
        erp.orders.get(5)
    assert len(mocked.calls) == 1  # alone, the call had 7 s left for two more attempts


def test_nested_scopes_keep_the_earlier_deadline(erp, clock):
    transport = erp._transport.scopes
    with erp.deadline(5.0) as outer:
        assert outer == clock.now + 5.0
        with erp.deadline(60.0) as inner:
            assert inner == outer  # an inner scope cannot extend the page's deadline
        with erp.deadline(1.0) as inner:
            assert inner == clock.now + 1.0
        assert transport.deadline_from_now() == outer
    assert transport.deadline_from_now() == clock.now + 8.0


def test_a_scope_belongs_to_the_thread_that_opened_it(erp, clock):
    seen = []
    with erp.deadline(1.0):
        scopes = erp._transport.scopes
        worker = threading.Thread(target=lambda: seen.append(scopes.deadline_from_now()))
        worker.start()
        worker.join()
    assert seen == [clock.now + 8.0]


@pytest.mark.parametrize("seconds", [0, -1, True, "10"])
def test_a_scope_needs_a_positive_number_of_seconds(erp, seconds):
    with pytest.raises(ValueError, match="above 0"):
        erp.deadline(seconds).__enter__()

