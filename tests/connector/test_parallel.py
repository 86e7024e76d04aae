"""``erp.parallel``: independent reads of one page at once, in the page's scopes."""

from __future__ import annotations

import json
import threading

import pytest

from connector import ErpNotFound

from .conftest import order_json, url


def _both_in_flight(barrier: threading.Barrier, body: dict):
    """A callback that answers only once the other read is in flight too (else it fails)."""
    def answer(request):
        barrier.wait(timeout=5)
        return 200, {}, json.dumps(body)
    return answer


def test_independent_reads_are_in_flight_at_once_and_share_the_page_log(erp, mocked_any):
    barrier = threading.Barrier(2)
    mocked_any.add_callback("GET", url("order-service/order/5"),
                            callback=_both_in_flight(barrier, {"response": [order_json(5)]}))
    mocked_any.add_callback("GET", url("warehouse-service/order/5/goods-note/goods-out"),
                            callback=_both_in_flight(barrier, {"response": {}}))
    with erp.scope(who="contact:7") as log:
        order, shipments = erp.parallel(lambda: erp.orders.get(5),
                                        lambda: erp.shipments.for_orders([5]))
    assert order.id == 5 and shipments == {5: []}
    assert log.requests == 2


def test_each_read_keeps_the_callers_deadline_scope(erp, clock):
    with erp.deadline(3.0):
        deadlines = erp.parallel(erp._transport.scopes.deadline_from_now,
                                 erp._transport.scopes.deadline_from_now)
    assert deadlines == [clock.now + 3.0, clock.now + 3.0]


def test_the_first_failure_is_raised_once_every_read_has_ended(erp, mocked_any):
    ended = []
    mocked_any.get(url("order-service/order/5"), status=404,
                   json={"errors": [{"code": "CMNC-404", "message": "No order"}]})
    with pytest.raises(ErpNotFound):
        erp.parallel(lambda: erp.orders.get(5), lambda: ended.append("second"))
    assert ended == ["second"]


def test_nested_use_from_a_reader_thread_runs_in_turn(erp):
    inner = erp.parallel(lambda: erp.parallel(lambda: 1, lambda: 2), lambda: 3)
    assert inner == [[1, 2], 3]
