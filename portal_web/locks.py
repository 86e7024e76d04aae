"""One request at a time per key (a purchase order), in one process or across all of them.

Brightpearl keeps no unique key on order notes, so a write that must happen once (a supplier's
shipment) is guarded by looking it up before writing it (docs/connector.md, "Safe writes").
Two requests doing so at the same moment (a double click) could both find nothing and both
write; holding a lock per purchase order around "read, check, write" closes that gap, and also
keeps two different shipments of one order from each passing the "not more than is left" check
against the same figures.

The lock is a moving-window limit of one hit per `hold_s` in the `limits` storage the portal
already uses for login attempts (`PORTAL_RATE_LIMIT_STORAGE`): taking it is one atomic hit,
releasing it clears the key, and a holder that died frees it after `hold_s`. With `memory://`
it covers the threads of one process; with `redis://` every worker and machine.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator

from limits import RateLimitItemPerSecond, storage, strategies

log = logging.getLogger(__name__)


class Busy(Exception):
    """The key stayed held by another request for longer than this one could wait."""


class KeyLocks:
    def __init__(self, storage_uri: str, *, hold_s: int = 30, poll_s: float = 0.02,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._limiter = strategies.MovingWindowRateLimiter(storage.storage_from_string(
            storage_uri))
        self._limit = RateLimitItemPerSecond(1, hold_s)
        self._poll, self._clock, self._sleep = poll_s, clock, sleep

    @contextlib.contextmanager
    def hold(self, key: str, *, wait_s: float) -> Iterator[None]:
        """Runs the block while holding `key`, after waiting up to `wait_s` for it; else Busy."""
        give_up = self._clock() + wait_s
        while not self._limiter.hit(self._limit, key):
            if self._clock() >= give_up:
                log.warning("lock %s still held after %.1f s", key, wait_s)
                raise Busy(key)
            self._sleep(self._poll)
        try:
            yield
        finally:
            self._limiter.clear(self._limit, key)
