"""Brightpearl's request throttle: N requests per rolling window for the account (erp-api.md).

Every /public-api response carries `brightpearl-requests-remaining` and
`brightpearl-next-throttle-period` (ms until the oldest counted request leaves the window).
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ThrottleState:
    allowed: bool
    remaining: int
    next_period_ms: int

    def headers(self) -> dict[str, str]:
        return {
            "brightpearl-requests-remaining": str(self.remaining),
            "brightpearl-next-throttle-period": str(self.next_period_ms),
        }


class Throttle:
    """The rolling window of the one account the fake serves; thread-safe.

    Only authenticated requests are counted, so the window never holds more than the cap.
    """

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._hits: collections.deque = collections.deque()

    def take(self, cap: int, window_s: float) -> ThrottleState:
        """Count one request if the window has room; refused requests are not counted."""
        with self._lock:
            now = self._expire(window_s)
            allowed = len(self._hits) < cap
            if allowed:
                self._hits.append(now)
            else:
                log.info("throttled (%s in %ss)", cap, window_s)
            return self._state(allowed, cap, window_s, now)

    def peek(self, cap: int, window_s: float) -> ThrottleState:
        """The window as it is, for the headers of an answer that does not count."""
        with self._lock:
            now = self._expire(window_s)
            return self._state(len(self._hits) < cap, cap, window_s, now)

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()

    def _expire(self, window_s: float) -> float:
        now = self._clock()
        while self._hits and self._hits[0] <= now - window_s:
            self._hits.popleft()
        return now

    def _state(self, allowed: bool, cap: int, window_s: float, now: float) -> ThrottleState:
        next_ms = (
            max(0, int((self._hits[0] + window_s - now) * 1000))
            if self._hits
            else int(window_s * 1000)
        )
        return ThrottleState(allowed, max(0, cap - len(self._hits)), next_ms)
