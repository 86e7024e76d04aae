"""One ERP request per key at a time; a failed load is handed to every waiter at once.

Issue 13 (and 7): with the ERP hanging, concurrent pages that all missed one key waited for
each other's load in turn (0.5, 1.0 … 3.0 s: the fifth could pass gunicorn's timeout).
"""

from __future__ import annotations

import threading
import time

import pytest

from connector import ErpUnavailable
from connector.flights import Flights


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.001)


def test_waiters_get_a_failed_load_all_at_once_and_each_its_own_copy():
    flights = Flights()
    release = threading.Event()
    loads, failed_at = [], []

    def hanging_erp():
        loads.append(threading.current_thread().name)
        release.wait(10)
        raise ErpUnavailable("ERP read timed out", reason="timeout")

    def page():
        try:
            flights.run("GET order-service/order-status?", hanging_erp,
                        deadline_at=time.monotonic() + 10)
        except ErpUnavailable as e:
            failed_at.append((time.monotonic(), e))

    threads = [threading.Thread(target=page, name=f"page-{n}") for n in range(6)]
    for thread in threads:
        thread.start()
    _wait_for(lambda: flights.waiting("GET order-service/order-status?") == 5,
              "the pages never queued for the load")
    released = time.monotonic()
    release.set()
    for thread in threads:
        thread.join(10)
    assert len(loads) == 1  # one request to the hanging ERP, not six one after another
    assert len(failed_at) == 6 and {e.reason for _, e in failed_at} == {"timeout"}
    assert max(at for at, _ in failed_at) - released < 0.5  # together, not in turn
    assert len({id(e) for _, e in failed_at}) == 6  # each thread raises its own copy
    assert len(flights) == 0  # nothing is kept once the load has landed


def test_a_waiter_waits_no_longer_than_its_own_deadline():
    flights = Flights()
    release = threading.Event()
    leader = threading.Thread(target=flights.run, args=("k", lambda: release.wait(10)),
                              kwargs={"deadline_at": time.monotonic() + 10})
    leader.start()
    _wait_for(lambda: len(flights) == 1, "the leader never started")
    started = time.monotonic()
    with pytest.raises(ErpUnavailable) as info:
        flights.run("k", lambda: "never called", deadline_at=time.monotonic() + 0.1)
    assert info.value.reason == "deadline" and time.monotonic() - started < 1.0
    release.set()
    leader.join(5)


def test_after_a_failed_load_the_next_caller_loads_again():
    flights = Flights()
    with pytest.raises(ErpUnavailable):
        flights.run("k", lambda: (_ for _ in ()).throw(ErpUnavailable("down")),
                    deadline_at=time.monotonic() + 1)
    assert flights.run("k", lambda: ["Confirmed"], deadline_at=time.monotonic() + 1) == [
        "Confirmed"]
    assert flights.waiting("k") == 0 and len(flights) == 0


def test_concurrent_loads_of_one_key_make_one_call():
    flights = Flights()
    calls = []

    def load():
        calls.append(1)
        time.sleep(0.05)
        return "value"

    results = []
    threads = [threading.Thread(target=lambda: results.append(
        flights.run("k", load, deadline_at=time.monotonic() + 5))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and results == ["value"] * 8
