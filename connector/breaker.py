"""A circuit breaker: stop calling an ERP that keeps failing, then let one probe decide.

Only failures that say "the ERP is not healthy" count (connection errors, timeouts, 5xx):
throttling and 4xx answers prove the ERP is up. After ``failures`` consecutive failures the
breaker opens and calls fail fast with ErpUnavailable for ``cooldown`` seconds; then exactly
one call goes through (half-open). Its success closes the breaker, its failure reopens it.
The breaker is checked before anything is sent, so a write is never left half-done by it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half-open"


class CircuitBreaker:
    """Consecutive-failure breaker shared by every thread of one client."""

    def __init__(
        self, failures: int = 5, cooldown: float = 30.0, *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = failures
        self.cooldown = cooldown
        self._clock = clock
        self._lock = threading.Lock()
        self._state = CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._probe_started: float | None = None

    @property
    def state(self) -> str:
        """closed, open or half-open (open turns half-open once the cooldown is over)."""
        with self._lock:
            if self._state == OPEN and self._clock() >= self._opened_at + self.cooldown:
                return HALF_OPEN
            return self._state

    def allow(self) -> bool:
        """May a request be sent now? In half-open state, True for exactly one caller.

        Ask before queueing for a rate-limit slot: a refused call then costs no slot and no wait.
        """
        with self._lock:
            if self._state == CLOSED:
                return True
            now = self._clock()
            if self._state == OPEN and now < self._opened_at + self.cooldown:
                return False
            # Half-open: one probe at a time; a probe that never reported (its thread died)
            # is given up after a cooldown so the breaker cannot stay stuck.
            if self._probe_started is not None and now < self._probe_started + self.cooldown:
                return False
            self._state = HALF_OPEN
            self._probe_started = now
            return True

    def release(self) -> None:
        """A call that ``allow`` let through sent nothing after all (no rate-limit slot in time).

        If it was the half-open probe, the next caller may probe at once instead of waiting
        for a cooldown; in any other state this changes nothing.
        """
        with self._lock:
            if self._state == HALF_OPEN:
                self._probe_started = None

    def record_success(self) -> None:
        """The ERP answered (any answer but a failure): close and forget past failures."""
        with self._lock:
            self._state = CLOSED
            self._failures = 0
            self._probe_started = None

    def record_failure(self) -> None:
        """A failure: count it, open after too many in a row, reopen after a failed probe."""
        with self._lock:
            self._failures += 1
            if self._state == HALF_OPEN or self._failures >= self.max_failures:
                self._state = OPEN
                self._opened_at = self._clock()
                self._probe_started = None
