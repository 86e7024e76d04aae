"""Pacing: the ERP's headers slow us down before its cap, and our own budget holds."""

from __future__ import annotations

import pytest

from connector import ErpThrottled, Limiter

from .conftest import url

PING = url("order-service/order-status")


def _headers(remaining: int, period_ms: int) -> dict:
    return {"brightpearl-requests-remaining": str(remaining),
            "brightpearl-next-throttle-period": str(period_ms)}


def test_low_remaining_waits_for_the_window_to_reset(erp, mocked, clock):
    mocked.get(PING, json={"response": []}, headers=_headers(5, 4000))
    mocked.get(PING, json={"response": []}, headers=_headers(4, 3900))
    mocked.get(PING, json={"response": []}, headers=_headers(3, 3800))
    mocked.get(PING, json={"response": []}, headers=_headers(2, 3700))
    mocked.get(PING, json={"response": []}, headers=_headers(200, 60000))
    for _ in range(4):
        erp.ping()
    assert clock.sleeps == []  # plenty left so far
    erp.ping()  # only 2 left (the reserve): wait for the window before sending
    assert clock.sleeps == [pytest.approx(3.7)]


def test_concurrent_callers_spend_the_remaining_count_locally(clock):
    limiter = Limiter(180, clock=clock, sleep=clock.sleep, reserve=2)
    limiter.observe(5, 2000)
    for _ in range(3):  # 5 → 2 without any answer in between
        assert limiter.acquire(clock() + 10) == 0
    assert limiter.acquire(clock() + 10) == pytest.approx(2.0)


def test_throttle_blocks_every_caller_for_the_period(clock):
    limiter = Limiter(180, clock=clock, sleep=clock.sleep)
    limiter.block(1.5)
    assert limiter.acquire(clock() + 10) == pytest.approx(1.5)


def test_a_wait_past_the_deadline_raises_at_once(clock):
    limiter = Limiter(180, clock=clock, sleep=clock.sleep)
    limiter.block(5.0)
    with pytest.raises(ErpThrottled) as info:
        limiter.acquire(clock() + 1.0)
    assert info.value.retry_after == pytest.approx(5.0)
    assert clock.sleeps == []


def test_server_period_is_capped_at_a_minute(clock):
    limiter = Limiter(180, clock=clock, sleep=clock.sleep)
    limiter.block(86400)
    assert limiter.acquire(clock() + 100) == pytest.approx(60.0)


def test_own_budget_is_a_moving_window(make_erp, mocked, clock):
    erp = make_erp(budget_per_minute=3)
    for _ in range(3):
        mocked.get(PING, json={"response": []})
    for _ in range(3):
        erp.ping()
    with pytest.raises(ErpThrottled):  # the 4th would wait ~60 s, past the 8 s deadline
        erp.ping()
    assert len(mocked.calls) == 3


def test_limiter_storage_is_pluggable_by_uri():
    limiter = Limiter(10, storage_uri="memory://", key="acct-demo")
    assert limiter.acquire(float("inf")) == 0


def test_a_shared_limiter_can_be_passed_in(make_erp):
    shared = Limiter(50)
    a, b = make_erp(limiter=shared), make_erp(limiter=shared)
    assert a.limiter is b.limiter is shared


def test_after_the_window_moves_one_request_learns_the_count_first(clock):
    limiter = Limiter(180, clock=clock, sleep=clock.sleep, reserve=2)
    limiter.observe(2, 1000)
    assert limiter.acquire(clock() + 10) == pytest.approx(1.0)  # waits for the window
    # This caller is now the probe; a second one waits for its answer (polling briefly).
    waits = []
    limiter._sleep = lambda s: (waits.append(s), limiter.observe(9, 1000), clock.sleep(s))
    assert limiter.acquire(clock() + 10) > 0
    assert len(waits) == 1  # one short poll, then the probe's news (9 left) let it go
