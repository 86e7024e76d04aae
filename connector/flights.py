"""One ERP request per key at a time: concurrent misses for one key share one load.

The first caller (the leader) loads; the others wait for its outcome and get it all at once,
a failure too: with the ERP hanging, six waiting pages get the leader's timeout together
instead of each loading again after the one before failed (0.5, 1.0 … 3.0 s, the last one
past gunicorn's timeout). A waiter waits no longer than its own deadline. A flight lives only
while its load runs, so the table never holds more keys than loads in progress.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from typing import Any

from .errors import ErpUnavailable


class Flights:
    """The loads in progress of one client, by key."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._flights: dict[str, _Flight] = {}

    def run(self, key: str, load: Callable[[], Any], *, deadline_at: float) -> Any:
        """``load()``'s value, or the value of the load of ``key`` already in progress."""
        with self._lock:
            flight = self._flights.get(key)
            leader = flight is None
            if leader:
                flight = self._flights[key] = _Flight()
            else:
                flight.waiters += 1
        if not leader:
            return flight.outcome(max(deadline_at - self._clock(), 0.0), key)
        try:
            value = load()
        except BaseException as e:
            flight.land(error=e)
            raise
        else:
            flight.land(value=value)
            return value
        finally:
            with self._lock:
                del self._flights[key]

    def waiting(self, key: str) -> int:
        """How many callers wait for the load of ``key`` now (0 when none runs)."""
        with self._lock:
            flight = self._flights.get(key)
            return flight.waiters if flight else 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._flights)


class _Flight:
    """One load in progress: the callers that wait for it get its value or its error."""

    def __init__(self) -> None:
        self.waiters = 0
        self._done = threading.Event()
        self._value: Any = None
        self._error: BaseException | None = None

    def land(self, *, value: Any = None, error: BaseException | None = None) -> None:
        self._value, self._error = value, error
        self._done.set()

    def outcome(self, timeout: float, key: str) -> Any:
        """The load's value; its error raised again (a copy per caller, each with its own
        traceback) when it failed; ErpUnavailable when it does not land within ``timeout``."""
        if not self._done.wait(timeout):
            raise ErpUnavailable(f"the ERP request already made for {key} did not answer "
                                 f"before this call's deadline", reason="deadline", sent=False)
        if self._error is not None:
            raise copy.copy(self._error) from self._error
        return self._value
