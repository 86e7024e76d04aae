"""Pacing: keep the portal under its share of the ERP's rate limit, so a burst never hits it.

Three sources of truth are combined:

* our own budget (``budget_per_minute``) in a *moving* window, as the ERP's window rolls;
  it is kept by the ``limits`` library, whose storage is pluggable: ``memory://`` (one
  process) or ``redis://host`` (every process and machine shares one budget);
* fair shares of it (``Shares``): each contact may spend at most ``contact`` requests a
  minute, login attempts together at most ``login``, and login attempts never take the last
  ``reserve`` requests of the window, which are kept for logged-in pages. A caller over its
  share is refused at once (``ErpOverShare``), never queued: others are unaffected;
* what the ERP tells us on every answer: ``brightpearl-requests-remaining`` and
  ``brightpearl-next-throttle-period`` (ms). Other apps share the account's pool, so when
  fewer than ``reserve`` requests remain we wait for the window to reset before sending.
  After a throttled 503 every thread waits the period the ERP named. (These are read by each
  process from its own answers.)

Waiting counts against the caller's deadline: when the wait would outlive it, ``acquire``
raises ErpThrottled at once instead of sleeping in vain; a caller that has an answer to fall
back on (a stale cache entry) asks not to wait at all.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from limits import RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from .errors import ErpOverShare, ErpThrottled

MAX_SERVER_WAIT = 60.0  # never trust a throttle period longer than the ERP's own window
PROBE_WAIT = 1.0  # how long others wait for the answer of the request sent to learn the count
PROBE_POLL = 0.02
LOGIN = "login"  # who: a login attempt (anonymous)
CONTACT = "contact:"  # who: a logged-in contact, "contact:7"


@dataclass(frozen=True)
class Shares:
    """Fair shares of the budget, in requests a minute (0 for a share: no limit)."""

    contact: int = 0
    login: int = 0
    reserve: int = 0


class Limiter:
    """The pacing shared by all threads of a client (or all processes, with shared storage)."""

    def __init__(
        self,
        budget_per_minute: int = 180,
        *,
        storage_uri: str = "memory://",
        key: str = "erp",
        reserve: int = 2,
        shares: Shares = Shares(),
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if budget_per_minute < 1:
            raise ValueError("budget_per_minute must be at least 1")
        self._item = RateLimitItemPerMinute(budget_per_minute)
        self._window = MovingWindowRateLimiter(storage_from_string(storage_uri))
        self._key = key
        self.shares = shares
        self._contact_item = RateLimitItemPerMinute(shares.contact) if shares.contact else None
        self._login_item = RateLimitItemPerMinute(shares.login) if shares.login else None
        self.reserve = reserve
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._gate = threading.Lock()
        self._blocked_until = 0.0
        self._remaining: int | None = None
        self._reset_at = 0.0
        self._probe_until = 0.0  # while set, one request is out to learn the ERP's count

    def acquire(self, deadline_at: float, *, who: str | None = None,
                wait: bool = True) -> float:
        """Block until a request may be sent for ``who``; return the seconds waited.

        Raises ErpOverShare at once when ``who`` has spent its share, and ErpThrottled when
        the wait would end after ``deadline_at`` (our clock), or would be any wait at all
        with ``wait=False``.
        """
        self._take_share(who)
        if not wait:
            deadline_at = min(deadline_at, self._clock())
        # Waiters queue on one gate, so a caller that has waited is served before newcomers
        # (without it, a burst can starve one unlucky caller past its deadline). A caller
        # that will not wait still queues briefly: the gate is held for microseconds when
        # nobody waits for the budget.
        timeout = min(max(deadline_at - self._clock(), 0.0), threading.TIMEOUT_MAX)
        if not wait:
            timeout = PROBE_POLL
        if not self._gate.acquire(timeout=timeout):
            raise ErpThrottled("ERP rate limit: no slot before the deadline")
        try:
            return self._wait_for_slot(deadline_at)
        finally:
            self._gate.release()

    def _take_share(self, who: str | None) -> None:
        """Count the request against ``who``'s share, or refuse it (ErpOverShare)."""
        if who is None:
            return
        if who == LOGIN:
            if self._login_item and not self._window.hit(self._login_item, self._key, LOGIN):
                raise ErpOverShare("login attempts have spent their share of the ERP budget")
            left = self._window.get_window_stats(self._item, self._key).remaining
            if left <= self.shares.reserve:
                raise ErpOverShare("the rest of the ERP budget is kept for logged-in pages")
        elif (who.startswith(CONTACT) and self._contact_item is not None
              and not self._window.hit(self._contact_item, self._key, who)):
            raise ErpOverShare(f"{who} has spent its share of the ERP budget")

    def _wait_for_slot(self, deadline_at: float) -> float:
        waited = 0.0
        while True:
            wait = self._server_wait()
            if wait <= 0:
                wait = self._budget_wait()
                if wait <= 0:
                    return waited
                self._give_back()
            if self._clock() + wait > deadline_at:
                raise ErpThrottled(
                    f"ERP rate limit: next slot in {wait:.2f}s, after the deadline",
                    retry_after=wait,
                )
            self._sleep(wait)
            waited += wait

    def observe(self, remaining: int | None, period_ms: float | None) -> None:
        """Note the ERP's throttle headers from an answer (None, None when there were none)."""
        now = self._clock()
        with self._lock:
            fresh = self._probe_until > now or now >= self._reset_at
            self._probe_until = 0.0
            if remaining is None or period_ms is None:
                return
            if fresh or self._remaining is None:
                self._remaining = remaining
            else:  # answers arrive out of order: the lowest count is the freshest news
                self._remaining = min(self._remaining, remaining)
            self._reset_at = now + min(max(period_ms, 0) / 1000.0, MAX_SERVER_WAIT)

    def release(self) -> None:
        """A slot taken by ``acquire`` but not used (nothing was sent): give it back.

        The ERP's remaining count gets its request back, and if the caller was the probe sent
        to learn that count, the next caller becomes the probe at once instead of waiting
        ``PROBE_WAIT`` for an answer that will never come. (Our own moving-window budget keeps
        the hit: ``limits`` cannot take one back, and this happens only in rare races.)
        """
        with self._lock:
            self._probe_until = 0.0
            if self._remaining is not None:
                self._remaining += 1

    def block(self, seconds: float) -> None:
        """After a throttled 503: nobody sends for ``seconds`` (capped at a minute)."""
        with self._lock:
            until = self._clock() + min(max(seconds, 0.0), MAX_SERVER_WAIT)
            self._blocked_until = max(self._blocked_until, until)
            self._remaining = 0
            self._reset_at = self._blocked_until

    def _server_wait(self) -> float:
        """Seconds to wait per the ERP's headers; else take one of its remaining slots.

        When the ERP's count is unknown (at start, or once its window has moved on) one
        request goes out alone and the others wait briefly for the count it brings back.
        """
        with self._lock:
            now = self._clock()
            if now < self._blocked_until:
                return self._blocked_until - now
            if now >= self._reset_at:
                if now < self._probe_until:
                    return min(self._probe_until - now, PROBE_POLL)
                self._probe_until = now + PROBE_WAIT
                self._remaining = None
                return 0.0
            if self._remaining is None:
                return 0.0
            if self._remaining <= self.reserve:
                return self._reset_at - now
            self._remaining -= 1
            return 0.0

    def _give_back(self) -> None:
        with self._lock:
            if self._remaining is not None:
                self._remaining += 1

    def _budget_wait(self) -> float:
        """0 when our own moving-window budget has room (and take it), else seconds to wait."""
        if self._window.hit(self._item, self._key):
            return 0.0
        stats = self._window.get_window_stats(self._item, self._key)
        return max(stats.reset_time - time.time(), 0.01)
