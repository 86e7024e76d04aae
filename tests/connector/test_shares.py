"""Fair shares of the ERP budget: one contact, or a flood of login attempts, cannot spend
everyone's (issue 13: one customer looping searches got 178 pages in 40 s while every page of
another customer failed)."""

from __future__ import annotations

import pytest

from connector import ErpOverShare, ErpThrottled, Limiter
from connector.pacing import Shares

from .conftest import order_json, url


def _limiter(clock, budget=180, **shares) -> Limiter:
    """A limiter that has heard from the ERP: plenty left (no probe to wait for)."""
    limiter = Limiter(budget, shares=Shares(**shares), clock=clock, sleep=clock.sleep)
    limiter.observe(200, 60_000)
    return limiter


def test_a_contact_over_its_share_is_refused_at_once_and_others_are_not(clock):
    limiter = _limiter(clock, contact=2)
    for _ in range(2):
        limiter.acquire(clock() + 10, who="contact:7")
    with pytest.raises(ErpOverShare):
        limiter.acquire(clock() + 10, who="contact:7")
    assert limiter.acquire(clock() + 10, who="contact:8") == 0
    assert clock.sleeps == []  # refused, never queued


def test_login_attempts_share_a_small_pool_of_their_own(clock):
    limiter = _limiter(clock, login=3)
    for _ in range(3):
        limiter.acquire(clock() + 10, who="login")
    with pytest.raises(ErpOverShare):
        limiter.acquire(clock() + 10, who="login")
    limiter.acquire(clock() + 10, who="contact:7")  # logged-in pages still have theirs


def test_login_attempts_never_take_the_reserve_kept_for_logged_in_pages(clock):
    limiter = _limiter(clock, 10, login=100, reserve=7)
    for _ in range(3):
        limiter.acquire(clock() + 10, who="contact:7")
    with pytest.raises(ErpOverShare, match="logged-in"):
        limiter.acquire(clock() + 10, who="login")
    limiter.acquire(clock() + 10, who="contact:8")


def test_a_caller_that_will_not_wait_is_told_at_once(clock):
    limiter = _limiter(clock, 1)
    limiter.acquire(clock() + 10)
    with pytest.raises(ErpThrottled):
        limiter.acquire(clock() + 100, wait=False)
    assert clock.sleeps == []


def test_a_call_over_its_share_is_not_retried_and_another_contact_is_served(make_erp, mocked):
    erp = make_erp(contact_share=1)
    for order_id in (5, 6):
        mocked.get(url(f"order-service/order/{order_id}"),
                   json={"response": [order_json(order_id)]})
    with erp.scope(who="contact:7"):
        erp.orders.get(5)
        with pytest.raises(ErpOverShare):
            erp.orders.get(6)
        erp.orders.get(5)  # what it has seen still comes from the cache
    with erp.scope(who="contact:8"):
        erp.orders.get(6)
    assert len(mocked.calls) == 2
    assert erp.erp_metrics.value("erp_refused_over_share_total", who="contact") == 1
