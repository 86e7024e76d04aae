"""A circuit breaker: stop calling an ERP that keeps failing, then let one probe decide.

Only failures that say "the ERP is not healthy" count (connection errors, timeouts, 5xx):
throttling and 4xx answers prove the ERP is up. After ``failures`` consecutive failures the
breaker opens and calls fail fast with ErpUnavailable for ``cooldown`` seconds; then exactly
one call goes through (half-open). Its success closes the breaker, its failure reopens it.
The breaker is checked before anything is sent, so a write is never left half-done by it.

``CircuitBreaker`` keeps its state in the process; ``RedisCircuitBreaker`` keeps it in Redis
(``PORTAL_CACHE_URL``), so that every process opens together after ``failures`` failures in
a row seen by any of them, and one probe, from any of them, decides.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from redis import Redis
from redis.exceptions import RedisError

from .errors import ErpUnavailable

log = logging.getLogger(__name__)

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


# State in one hash: state, failures, opened_at, probe_at (Redis server time, seconds), so
# that the processes of several machines agree on when the cooldown ends.
_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) + tonumber(t[2]) / 1e6 "
_ALLOW = _NOW + """
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
if state == 'closed' then return 1 end
local cooldown = tonumber(ARGV[1])
if state == 'open' and now < tonumber(redis.call('HGET', KEYS[1], 'opened_at')) + cooldown then
  return 0
end
local probe = redis.call('HGET', KEYS[1], 'probe_at')
if probe and now < tonumber(probe) + cooldown then return 0 end
redis.call('HSET', KEYS[1], 'state', 'half-open', 'probe_at', now)
return 1
"""
_FAILURE = _NOW + """
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
if state == 'half-open' or failures >= tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[1], 'state', 'open', 'opened_at', now)
  redis.call('HDEL', KEYS[1], 'probe_at')
end
return 1
"""
_STATE = _NOW + """
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
if state == 'open' and now >= tonumber(redis.call('HGET', KEYS[1], 'opened_at')) + tonumber(ARGV[1])
then return 'half-open' end
return state
"""


class RedisCircuitBreaker:
    """The same breaker, its state shared by every process on one Redis.

    When Redis cannot be reached the breaker refuses calls (ErpUnavailable, reason "store"):
    the budget lives there too, and sending without it could exceed the ERP's limit.
    """

    def __init__(self, redis: Redis, key: str, failures: int = 5,
                 cooldown: float = 30.0) -> None:
        self.max_failures = failures
        self.cooldown = cooldown
        self._redis, self._key = redis, key
        self._allow = redis.register_script(_ALLOW)
        self._failure = redis.register_script(_FAILURE)
        self._state = redis.register_script(_STATE)

    @property
    def state(self) -> str:
        try:
            value = self._state(keys=[self._key], args=[self.cooldown])
        except RedisError:
            return OPEN
        return value.decode() if isinstance(value, bytes) else str(value)

    def allow(self) -> bool:
        try:
            return bool(self._allow(keys=[self._key], args=[self.cooldown]))
        except RedisError as e:
            raise ErpUnavailable(f"the shared store (Redis) is unreachable: {e}",
                                 reason="store", sent=False) from e

    def release(self) -> None:
        self._quietly(lambda: self._redis.hdel(self._key, "probe_at"))

    def record_success(self) -> None:
        def close():
            pipe = self._redis.pipeline()
            pipe.hset(self._key, mapping={"state": CLOSED, "failures": 0})
            pipe.hdel(self._key, "probe_at")
            pipe.execute()
        self._quietly(close)

    def record_failure(self) -> None:
        self._quietly(lambda: self._failure(keys=[self._key], args=[self.max_failures]))

    def _quietly(self, action: Callable[[], object]) -> None:
        try:
            action()
        except RedisError as e:
            log.warning("breaker state not shared, Redis failed: %s", e)
