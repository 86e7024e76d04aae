"""Helpers of the integration tests: connector clients on the real fake ERP, run in threads."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from connector import ErpClient
from tests.fixtures_erp import ACCOUNT_TOKEN, APP_REF

NO_THROTTLE = 1_000_000  # the fake's cap, raised for tests that are not about throttling


def live_client(base_url: str, **options) -> ErpClient:
    """A client with test-sized backoff: retries are real, but waits are milliseconds."""
    defaults = dict(base_url=base_url, app_ref=APP_REF, account_token=ACCOUNT_TOKEN,
                    budget_per_minute=NO_THROTTLE, backoff_base=0.01, backoff_max=0.05,
                    breaker_cooldown=0.5, deadline=5.0)
    return ErpClient(**{**defaults, **options})


@dataclass
class Outcome:
    """What happened to each call of a load run."""

    durations: list[float] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)
    results: list[object] = field(default_factory=list)

    @property
    def success_rate(self) -> float:
        return len(self.results) / max(len(self.results) + len(self.errors), 1)


def run_calls(call: Callable[[int], object], items: Iterable[int], threads: int = 8) -> Outcome:
    """Run ``call(item)`` for every item on a thread pool; time and collect each outcome."""
    outcome = Outcome()

    def one(item: int) -> None:
        started = time.monotonic()
        try:
            outcome.results.append(call(item))
        except Exception as e:  # collected and checked by the test
            outcome.errors.append(e)
        finally:
            outcome.durations.append(time.monotonic() - started)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, items))
    return outcome
