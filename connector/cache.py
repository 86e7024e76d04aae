"""The read cache's store: ERP answers by request, with their tags, in memory.

An entry is *fresh* for its kind's time to live, then *stale* (kept, and served only when the
ERP cannot answer) until ``keep`` seconds after it was fetched. Values are the ERP's answers
as JSON text, decoded anew for each caller, so no caller can change what another one reads.

``seq`` counts invalidations: a load notes it before asking the ERP and stores its answer
only if no invalidation ran meanwhile (else a write that landed during the load would be
hidden by the older answer until the entry expires). The Redis store (``redis_store.py``)
keeps the same contract for every process that shares it.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """One cached answer: its JSON text, when it was fetched and until when it is fresh."""

    text: str
    fetched_at: float
    fresh_until: float

    def fresh(self, now: float) -> bool:
        return now < self.fresh_until


class MemoryStore:
    """The cache of one process, shared by its threads (the default without PORTAL_CACHE_URL)."""

    shared = False

    def __init__(self, *, max_entries: int = 20_000,
                 clock: Callable[[], float] = time.time) -> None:
        self.max_entries = max_entries
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[Entry, float, frozenset[str]]] = {}
        self._tagged: dict[str, set[str]] = {}
        self._seq = 0

    def now(self) -> float:
        """The clock entries are dated by (wall time: shared stores compare it across
        processes)."""
        return self._clock()

    def get(self, key: str) -> Entry | None:
        """The entry, fresh or stale; None when absent or past its keep time."""
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if found[1] <= self._clock():
                self._drop(key)
                return None
            return found[0]

    def get_many(self, keys: list[str]) -> dict[str, Entry | None]:
        return {key: self.get(key) for key in keys}

    def seq(self) -> int:
        with self._lock:
            return self._seq

    def put(self, key: str, text: str, *, ttl: float, keep: float, tags: frozenset[str],
            seq: int) -> bool:
        """Store an answer fetched now, unless an invalidation ran since ``seq`` was read."""
        now = self._clock()
        with self._lock:
            if seq != self._seq:
                return False
            if key not in self._entries and len(self._entries) >= self.max_entries:
                self._evict(now)
            self._drop(key)
            self._entries[key] = (Entry(text, now, now + ttl), now + max(keep, ttl), tags)
            for tag in tags:
                self._tagged.setdefault(tag, set()).add(key)
            return True

    def put_many(self, items: list[tuple[str, str, frozenset[str]]], *, ttl: float,
                 keep: float, seq: int) -> None:
        """``put`` for several (key, text, tags) fetched together."""
        for key, text, tags in items:
            self.put(key, text, ttl=ttl, keep=keep, tags=tags, seq=seq)

    def invalidate(self, tags: Iterable[str]) -> int:
        """Drop every entry carrying one of ``tags``; the number dropped."""
        with self._lock:
            self._seq += 1
            keys = set().union(*(self._tagged.get(tag, ()) for tag in tags))
            for key in keys:
                self._drop(key)
            return len(keys)

    def clear(self) -> None:
        with self._lock:
            self._seq += 1
            self._entries.clear()
            self._tagged.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def _drop(self, key: str) -> None:
        found = self._entries.pop(key, None)
        if found is None:
            return
        for tag in found[2]:
            keys = self._tagged.get(tag)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._tagged[tag]

    def _evict(self, now: float) -> None:
        """Make room: entries past their keep time first, then the oldest stored."""
        for key in [k for k, (_, keep_until, _) in self._entries.items() if keep_until <= now]:
            self._drop(key)
        while len(self._entries) >= self.max_entries:
            self._drop(next(iter(self._entries)))


class Parsed:
    """Answers already decoded and turned into models, by (their entries, parser).

    A cached catalog page reads half a dozen answers; decoding their JSON and building their
    models again on every view was most of the portal's own time. A parser's result is
    shared by every caller until the entry is fetched again, so parsers must return values
    nobody can change (frozen models in tuples or read-only mappings).
    """

    def __init__(self, max_entries: int = 2048) -> None:
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._values: OrderedDict[tuple, object] = OrderedDict()

    def get(self, memo: tuple, decode: Callable[[], object],
            parse: Callable[[object], object]) -> object:
        """``parse(decode())``, once per ``memo`` (the entries' keys and fetch times, and the
        parser: an entry fetched again is parsed again)."""
        with self._lock:
            if memo in self._values:
                self._values.move_to_end(memo)
                return self._values[memo]
        value = parse(decode())
        with self._lock:
            self._values[memo] = value
            while len(self._values) > self.max_entries:
                self._values.popitem(last=False)
        return value
