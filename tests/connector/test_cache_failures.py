"""A failing load of the reference cache fails its waiters too, at once, instead of one by one.

Issue 7: with the ERP hanging, concurrent pages that all needed the (cold) order statuses waited
for each other's load in turn: the fifth waited five deadlines, and the breaker, which opens
after five failures, took that long to open.
"""

from __future__ import annotations

import threading
import time

import pytest

from connector import ErpUnavailable
from connector.cache import TTLCache


def test_callers_waiting_for_a_failing_load_share_its_failure():
    cache = TTLCache(60)
    release = threading.Event()
    loads, errors = [], []

    def hanging_erp():
        loads.append(threading.current_thread().name)
        release.wait(10)
        raise ErpUnavailable("ERP read timed out", reason="timeout")

    def page():
        try:
            cache.get_or_load("statuses", hanging_erp)
        except ErpUnavailable as e:
            errors.append(e)

    threads = [threading.Thread(target=page, name=f"page-{n}") for n in range(6)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 10
    while cache.waiting("statuses") < 5:  # five pages wait for the first one's load
        assert time.monotonic() < deadline, "the pages never queued for the load"
        time.sleep(0.001)
    release.set()
    for thread in threads:
        thread.join(10)
    assert len(loads) == 1  # one request to the hanging ERP, not six one after another
    assert len(errors) == 6 and {e.reason for e in errors} == {"timeout"}
    assert len({id(e) for e in errors}) == 6  # each thread raises its own copy


def test_after_a_failed_load_the_next_caller_loads_again():
    cache = TTLCache(60)
    with pytest.raises(ErpUnavailable):
        cache.get_or_load("statuses", lambda: (_ for _ in ()).throw(ErpUnavailable("down")))
    assert cache.get_or_load("statuses", lambda: ["Confirmed"]) == ["Confirmed"]
    assert cache.waiting("statuses") == 0
