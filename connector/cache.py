"""A small TTL cache for reference data and products, safe to share between threads.

Only one fetch runs at a time per key: when fifty requests want the price lists at once,
the ERP sees one request, not fifty (the budget is 200 requests a minute for everyone).
"""

from __future__ import annotations

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
        """The cached value, else ``load()`` once (concurrent callers wait for it)."""
        value = self.get(key)
        if value is not _MISS:
            return value
        with self._key_lock(key):
            value = self.get(key)
            if value is _MISS:
                value = load()
                self.put(key, value)
            return value

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


MISS = _MISS
