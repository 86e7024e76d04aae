"""A small TTL cache for reference data and products, safe to share between threads.

Only one fetch runs at a time per key: when fifty requests want the price lists at once,
the ERP sees one request, not fifty (the budget is 200 requests a minute for everyone).
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from typing import Any

_MISS = object()


class TTLCache:
    """Values expire ``ttl`` seconds after they were stored; ``ttl=0`` disables caching."""

    def __init__(
        self, ttl: float, *, clock: Callable[[], float] = time.monotonic,
        max_entries: int = 50_000,
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._data: dict[Hashable, tuple[float, Any]] = {}
        self._lock = threading.Lock()
        self._key_locks: dict[Hashable, threading.Lock] = {}
        self._flights: dict[Hashable, _Flight] = {}

    def get(self, key: Hashable) -> Any:
        """The cached value, or the ``MISS`` sentinel when absent or expired."""
        with self._lock:
            entry = self._data.get(key)
            if entry is None or entry[0] <= self._clock():
                return _MISS
            return entry[1]

    def put(self, key: Hashable, value: Any) -> None:
        """Store ``value``; when full, drop expired entries, then the oldest ones."""
        if self.ttl <= 0:
            return
        with self._lock:
            if len(self._data) >= self.max_entries:
                self._evict()
            self._data[key] = (self._clock() + self.ttl, value)

    def clear(self) -> None:
        """Forget everything (tests, or after the ERP's reference data changed)."""
        with self._lock:
            self._data.clear()

    def get_or_load(self, key: Hashable, load: Callable[[], Any]) -> Any:
        """The cached value, else ``load()`` once: concurrent callers wait for that load.

        They share its outcome, a failure too: with the ERP hanging, fifty waiting pages get
        the first load's timeout together, instead of loading again one after another (the
        fiftieth after fifty deadlines).
        """
        value = self.get(key)
        if value is not _MISS:
            return value
        with self._lock:
            flight = self._flights.get(key)
            leader = flight is None
            if leader:
                flight = self._flights[key] = _Flight()
            else:
                flight.waiters += 1
        if not leader:
            return flight.outcome()
        try:
            value = self.get(key)  # a flight that ended just before this one began
            if value is _MISS:
                value = load()
                self.put(key, value)
        except BaseException as e:
            flight.land(error=e)
            raise
        else:
            flight.land(value=value)
            return value
        finally:
            with self._lock:
                del self._flights[key]

    def waiting(self, key: Hashable) -> int:
        """How many callers wait for the load of ``key`` now (0 when none runs)."""
        with self._lock:
            flight = self._flights.get(key)
            return flight.waiters if flight else 0

    def get_many(
        self, keys: Iterable[Hashable], load_many: Callable[[list], dict],
    ) -> dict[Hashable, Any]:
        """Cached values for ``keys``; the missing ones loaded with one ``load_many`` call.

        Keys ``load_many`` does not return are simply absent (unknown ids).
        """
        keys = list(dict.fromkeys(keys))
        found = {k: v for k in keys if (v := self.get(k)) is not _MISS}
        missing = [k for k in keys if k not in found]
        if not missing:
            return found
        locks = [self._key_lock(k) for k in sorted(missing, key=repr)]
        for lock in locks:
            lock.acquire()
        try:
            still = []
            for k in missing:  # another thread may have loaded some while we waited
                value = self.get(k)
                if value is _MISS:
                    still.append(k)
                else:
                    found[k] = value
            if still:
                loaded = load_many(still)
                for k, v in loaded.items():
                    self.put(k, v)
                    found[k] = v
        finally:
            for lock in reversed(locks):
                lock.release()
        return found

    def _key_lock(self, key: Hashable) -> threading.Lock:
        with self._lock:
            return self._key_locks.setdefault(key, threading.Lock())

    def _evict(self) -> None:
        now = self._clock()
        for k in [k for k, (exp, _) in self._data.items() if exp <= now]:
            del self._data[k]
        while len(self._data) >= self.max_entries:
            del self._data[next(iter(self._data))]


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

    def outcome(self) -> Any:
        """The load's value; its error raised again (a copy per caller, each with its own
        traceback) when it failed."""
        self._done.wait()
        if self._error is not None:
            raise copy.copy(self._error) from self._error
        return self._value


MISS = _MISS
