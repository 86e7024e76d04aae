"""Brightpearl's request throttle: N requests per rolling window per account (erp-api.md).

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
    """A rolling-window counter per account; thread-safe."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._hits: dict[str, collections.deque] = collections.defaultdict(collections.deque)

    def take(self, account: str, cap: int, window_s: float) -> ThrottleState:
        """Count one request if the window has room; refused requests are not counted."""
        with self._lock:
            now = self._clock()
            hits = self._hits[account]
            while hits and hits[0] <= now - window_s:
                hits.popleft()
            allowed = len(hits) < cap
            if allowed:
                hits.append(now)
            oldest = hits[0] if hits else now
            next_ms = (
                max(0, int((oldest + window_s - now) * 1000)) if hits else int(window_s * 1000)
            )
            if not allowed:
                log.info("throttled account %s (%s in %ss)", account, cap, window_s)
            return ThrottleState(allowed, max(0, cap - len(hits)), next_ms)

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()
