"""Readiness, asked of the ERP at most once every few seconds per process.

`/readyz` is public (load balancers call it without a session), so an uncached check would let
anyone spend the portal's ERP budget, and with it the customers' pages, by calling it in a loop.
"""

from __future__ import annotations

import threading
import time

from connector.errors import ErpError

CHECK_EVERY_S = 5.0


class Readiness:
    def __init__(self, erp, every_s: float | None = None, clock=time.monotonic):
        self._erp, self._every, self._clock = erp, every_s, clock
        self._lock = threading.Lock()
        self._checked_at = None
        self._reason = None

    def reason_unready(self) -> str | None:
        """None when the ERP answered at the last check, else the error's name."""
        with self._lock:
            now = self._clock()
            every = CHECK_EVERY_S if self._every is None else self._every
            if self._checked_at is None or now - self._checked_at >= every:
                self._reason = self._check()
                self._checked_at = now
            return self._reason

    def _check(self) -> str | None:
        try:
            self._erp.ping()
        except ErpError as e:
            return type(e).__name__
        return None
