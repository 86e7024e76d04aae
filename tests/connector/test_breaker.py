"""The circuit breaker: open after consecutive failures, one probe, then close or reopen."""

from __future__ import annotations

import threading

import pytest

from connector import ErpNotFound, ErpUnavailable
from connector.breaker import CLOSED, HALF_OPEN, OPEN, CircuitBreaker

from .conftest import THROTTLED, UNAVAILABLE, url

PING = url("order-service/order-status")


def test_opens_after_consecutive_failures_only(clock):
    breaker = CircuitBreaker(3, 30.0, clock=clock)
    breaker.record_failure()
    breaker.record_failure()
    breaker.record_success()  # not consecutive any more
    breaker.record_failure()
    breaker.record_failure()
    assert breaker.state == CLOSED
    breaker.record_failure()
    assert breaker.state == OPEN and not breaker.allow()


def test_half_open_lets_exactly_one_probe_through(clock):
    breaker = CircuitBreaker(1, 30.0, clock=clock)
    breaker.record_failure()
    clock.now += 30.0
    assert breaker.state == HALF_OPEN
    results = []
    threads = [threading.Thread(target=lambda: results.append(breaker.allow()))
               for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 1


def test_failed_probe_reopens_and_successful_probe_closes(clock):
    breaker = CircuitBreaker(1, 30.0, clock=clock)
    breaker.record_failure()
    clock.now += 30.0
    assert breaker.allow()
    breaker.record_failure()
    assert breaker.state == OPEN and not breaker.allow()
    clock.now += 30.0
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state == CLOSED and breaker.allow() and breaker.allow()


def test_client_fails_fast_while_open_then_probes(make_erp, mocked, clock):
    erp = make_erp(breaker_failures=3, breaker_cooldown=30.0, max_attempts=3)
    for _ in range(3):
        mocked.get(PING, json=UNAVAILABLE, status=503)
    with pytest.raises(ErpUnavailable):
        erp.ping()  # three attempts, three failures: open
    with pytest.raises(ErpUnavailable) as info:
        erp.ping()
    assert info.value.reason == "breaker"
    assert len(mocked.calls) == 3  # the second ping sent nothing
    clock.now += 30.0
    mocked.get(PING, json={"response": []})
    erp.ping()  # the probe succeeds: closed again
    assert erp.breaker.state == CLOSED
    assert len(mocked.calls) == 4


def test_throttling_and_4xx_do_not_open_the_breaker(make_erp, mocked):
    erp = make_erp(breaker_failures=2)
    mocked.get(PING, json=THROTTLED, status=503,
               headers={"brightpearl-next-throttle-period": "10"})
    mocked.get(PING, json=THROTTLED, status=503,
               headers={"brightpearl-next-throttle-period": "10"})
    mocked.get(PING, json={"errors": [{"code": "CMNC-404", "message": "no"}]}, status=404)
    with pytest.raises(ErpNotFound):
        erp.ping()
    assert erp.breaker.state == CLOSED


def test_a_refused_call_takes_no_slot_of_the_budget_and_no_wait(make_erp, mocked, clock):
    erp = make_erp(breaker_failures=1, breaker_cooldown=30.0, budget_per_minute=3,
                   max_attempts=1)
    mocked.get(PING, json=UNAVAILABLE, status=503)
    with pytest.raises(ErpUnavailable):
        erp.ping()  # one failure: open (and one of the three slots spent)
    for _ in range(10):
        with pytest.raises(ErpUnavailable) as info:
            erp.ping()
        assert info.value.reason == "breaker"
    assert clock.sleeps == []  # refused at once, never queued for the limiter's probe slot
    clock.now += 30.0
    for _ in range(2):
        mocked.get(PING, json={"response": []})
    erp.ping()  # the probe closes the breaker
    erp.ping()  # and the budget still has this slot: the ten refusals spent none of it
    assert len(mocked.calls) == 3


def test_while_the_probe_is_out_other_calls_are_refused_at_once(make_erp, mocked, clock):
    erp = make_erp(breaker_failures=1, breaker_cooldown=30.0, max_attempts=1)
    mocked.get(PING, json=UNAVAILABLE, status=503)
    with pytest.raises(ErpUnavailable):
        erp.ping()
    clock.now += 30.0
    assert erp.breaker.allow()  # another thread's probe is out,
    erp.limiter.acquire(clock() + 10)  # and it holds the limiter's slot until its answer
    with pytest.raises(ErpUnavailable) as info:
        erp.ping()
    assert info.value.reason == "breaker"
    assert clock.sleeps == [] and len(mocked.calls) == 1


def test_a_probe_that_never_gets_a_slot_hands_the_probe_to_the_next_call(make_erp, mocked,
                                                                        clock):
    erp = make_erp(breaker_failures=1, breaker_cooldown=30.0, max_attempts=1, deadline=1.0)
    mocked.get(PING, json=UNAVAILABLE, status=503)
    with pytest.raises(ErpUnavailable):
        erp.ping()
    clock.now += 30.0
    erp.limiter.block(5.0)  # the ERP throttled us: no slot within this call's deadline
    with pytest.raises(ErpUnavailable) as info:
        erp.ping()
    assert info.value.reason == "throttled"
    clock.now += 5.0
    mocked.get(PING, json={"response": []})
    erp.ping()  # this call may probe: the throttled one sent nothing and gave the probe back
    assert erp.breaker.state == CLOSED
