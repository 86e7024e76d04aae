"""Reads against the real fake ERP under injected 503s, hangs and throttling."""

from __future__ import annotations

import collections
import time

import pytest

from connector import ErpError

from .live import NO_THROTTLE, live_client, run_calls

pytestmark = pytest.mark.slow


def test_reads_survive_10_percent_503s(fake_erp):
    fake_erp.set_faults(error_rate=0.1, error_status=503, throttle_per_minute=NO_THROTTLE)
    with live_client(fake_erp.base_url) as erp:
        outcome = run_calls(lambda i: erp.orders.get(i % 300 + 1), range(1000), threads=8)
        attempts = fake_erp.requests()["total"]
    print(f"\n10% 503s: {len(outcome.results)}/1000 reads ok "
          f"({outcome.success_rate:.1%}), {attempts} ERP requests")
    assert all(isinstance(e, ErpError) for e in outcome.errors)
    assert outcome.success_rate >= 0.995


def test_no_read_outlives_the_deadline_under_503s_and_hangs(fake_erp):
    fake_erp.set_faults(error_rate=0.3, error_status=503, hang_rate=0.05, hang_s=3,
                        throttle_per_minute=NO_THROTTLE)
    deadline = 1.5
    with live_client(fake_erp.base_url, deadline=deadline) as erp:
        outcome = run_calls(lambda i: erp.orders.get(i % 300 + 1), range(200), threads=16)
    kinds = collections.Counter(type(e).__name__ + ":" + getattr(e, "reason", "")
                                for e in outcome.errors)
    print(f"\n30% 503s + 5% hangs: {outcome.success_rate:.1%} of 200 reads ok, "
          f"slowest {max(outcome.durations):.2f}s (deadline {deadline}s), failures {dict(kinds)}")
    assert all(isinstance(e, ErpError) for e in outcome.errors)
    assert max(outcome.durations) <= deadline + 0.25


def test_a_burst_never_lets_a_throttled_answer_reach_the_caller(fake_erp):
    fake_erp.set_faults(throttle_per_minute=10, throttle_window_s=2)
    with live_client(fake_erp.base_url, deadline=8.0) as erp:
        started = time.monotonic()
        outcome = run_calls(lambda i: erp.orders.get(i % 300 + 1), range(40), threads=4)
        throttled = erp.metrics.get_sample_value(
            "erp_throttled_total", {"endpoint": "GET order-service/order/{id}"}) or 0
    print(f"\nthrottle 10 per 2s, burst of 40 reads: {len(outcome.results)} ok, "
          f"{len(outcome.errors)} errors, {throttled:.0f} throttled answers from the fake, "
          f"{fake_erp.requests()['total']} requests, slowest call {max(outcome.durations):.2f}s, "
          f"in {time.monotonic() - started:.1f}s")
    assert outcome.errors == []
    assert max(outcome.durations) < 4.0  # waits are fair: nobody starves behind the others
