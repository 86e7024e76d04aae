"""The read cache in front of the transport: every GET goes through ``CachedReads.read``.

* A fresh entry costs no request; a ``parse`` that returns values nobody can change is run
  once per cached answer (``cache.Parsed``).
* Concurrent misses of one key share one request (``flights.py``).
* An ID-set GET (``order/3-7``) is kept per id (``idset_split.py``) and asks the ERP only for
  the ids it does not hold fresh.
* When the ERP cannot answer (down, throttled, the budget or the caller's share spent, the
  breaker open), a stale entry is served instead, and the call scope says how old it is. A
  caller with a stale entry at hand never waits for the budget.
* In a ``fresh`` scope (the portal serving a write) documents and prices are read from the
  ERP and nothing stale is ever served; reference data and product details still come from
  the cache while fresh (``tags.STABLE_KINDS``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from .cache import Entry, MemoryStore, Parsed
from .context import CallScope
from .errors import ErpUnavailable
from .flights import Flights
from .idset_split import IdSetPath, join, split
from .metrics import ErpMetrics
from .tags import STABLE_KINDS, cache_key, kind_of, query_of, tags_of

log = logging.getLogger(__name__)

Parse = Callable[[Any], Any]
Send = Callable[[str, "dict | None", bool], Any]  # (path, params, no_wait) -> the answer


def as_is(answer: Any) -> Any:
    """The decoded JSON itself (decoded anew for each caller: a caller may change it)."""
    return answer


@dataclass(frozen=True)
class CachePolicy:
    """How long each kind of answer stays fresh (0: not cached), and how long it is kept
    after that to be served stale when the ERP cannot answer."""

    ttls: dict[str, float]
    keep: float


@dataclass
class _Read:
    """One GET being answered: where, for whom, and whether the cache may answer it."""

    path: str
    params: dict | None
    parse: Parse
    kind: str
    scope: CallScope
    usable: bool  # False in a fresh scope for documents and prices


class CachedReads:
    def __init__(self, *, send: Send, store: MemoryStore, policy: CachePolicy,
                 flights: Flights, metrics: ErpMetrics, scope: Callable[[], CallScope],
                 deadline: Callable[[], float]) -> None:
        self._send, self.store, self.policy = send, store, policy
        self.flights, self.metrics = flights, metrics
        self._scope, self._deadline = scope, deadline
        self._parsed = Parsed()

    def read(self, path: str, params: dict | None, parse: Parse) -> Any:
        kind = kind_of(path)
        scope = self._scope()
        if self.policy.ttls.get(kind, 0.0) <= 0:
            with scope.log.waiting():
                return parse(self._send(path, params, False))
        read = _Read(path, params, parse, kind, scope,
                     usable=not (scope.fresh and kind not in STABLE_KINDS))
        shape = IdSetPath.of(path)
        return self._read_one(read) if shape is None else self._read_many(read, shape)

    # -- one key ----------------------------------------------------------------------------

    def _read_one(self, read: _Read) -> Any:
        key = cache_key(read.path, read.params)
        entry = self.store.get(key)
        if read.usable and entry is not None and entry.fresh(self.store.now()):
            return self._hit(read, [(key, entry)])
        fallback = None if read.scope.fresh else entry  # a write never acts on stale data
        with read.scope.log.waiting():
            try:
                text = self.flights.run(
                    key, lambda: self._load(read, read.path, fallback is not None),
                    deadline_at=self._deadline())
            except ErpUnavailable as e:
                if fallback is None:
                    raise
                return self._stale(read, [(key, fallback)], e)
        return read.parse(json.loads(text))

    def _load(self, read: _Read, path: str, no_wait: bool) -> str:
        """Ask the ERP and keep its answer, unless an invalidation ran meanwhile."""
        seq = self.store.seq()
        self.metrics.cache.labels(read.kind, "miss").inc()
        text = _dumps(self._send(path, read.params, no_wait))
        self.store.put(cache_key(path, read.params), text, ttl=self.policy.ttls[read.kind],
                       keep=self.policy.keep, tags=tags_of(path), seq=seq)
        return text

    # -- an ID set, per id ------------------------------------------------------------------

    def _read_many(self, read: _Read, shape: IdSetPath) -> Any:
        whole_key = cache_key(read.path, read.params)  # an answer that would not split
        query = query_of(read.params)
        keys = [whole_key] + [f"GET {shape.path_of_one(i)}?{query}" for i in shape.ids]
        found = self.store.get_many(keys)
        now = self.store.now()
        whole = found[whole_key]
        if read.usable and whole is not None and whole.fresh(now):
            return self._hit(read, [(whole_key, whole)])
        parts = dict(zip(shape.ids, keys[1:], strict=True))
        missing = [i for i in shape.ids
                   if not (read.usable and found[parts[i]] and found[parts[i]].fresh(now))]
        if not missing:
            return self._hit(read, [(parts[i], found[parts[i]]) for i in shape.ids])
        stale_ok = not read.scope.fresh and all(found[parts[i]] for i in missing)
        with read.scope.log.waiting():
            try:
                loaded = self.flights.run(
                    cache_key(shape.path_of(missing), read.params),
                    lambda: self._load_many(read, shape, missing, stale_ok),
                    deadline_at=self._deadline())
            except ErpUnavailable as e:
                if not stale_ok:
                    raise
                return self._stale(read, [(parts[i], found[parts[i]]) for i in shape.ids], e)
        if isinstance(loaded, str):  # it did not split: what was asked was the whole set
            return read.parse(json.loads(loaded))
        texts = {i: loaded.get(i) or found[parts[i]].text for i in shape.ids}
        return read.parse(join([json.loads(texts[i]) for i in shape.ids]))

    def _load_many(self, read: _Read, shape: IdSetPath, ids: list[int],
                   no_wait: bool) -> dict[int, str] | str:
        """The missing ids' parts, kept per id; an answer that does not split is kept whole
        (and, if it was not for the whole set, the whole set is asked for and kept)."""
        seq = self.store.seq()
        self.metrics.cache.labels(read.kind, "miss").inc()
        path = shape.path_of(ids)
        answer = self._send(path, read.params, no_wait)
        parts = split(replace(shape, ids=tuple(ids)), answer)
        if parts is None:
            if len(ids) < len(shape.ids):
                return self._load(read, shape.path_of(shape.ids), no_wait)
            text = _dumps(answer)
            self.store.put(cache_key(path, read.params), text, ttl=self.policy.ttls[read.kind],
                           keep=self.policy.keep, tags=tags_of(path), seq=seq)
            return text
        texts = {i: _dumps(part) for i, part in parts.items()}
        self.store.put_many([(cache_key(shape.path_of_one(i), read.params), text,
                              tags_of(shape.path_of_one(i))) for i, text in texts.items()],
                            ttl=self.policy.ttls[read.kind], keep=self.policy.keep, seq=seq)
        return texts

    # -- answers from entries ---------------------------------------------------------------

    def _hit(self, read: _Read, entries: list[tuple[str, Entry]]) -> Any:
        read.scope.log.hit()
        self.metrics.cache.labels(read.kind, "hit").inc()
        return self._from_entries(read, entries)

    def _stale(self, read: _Read, entries: list[tuple[str, Entry]],
               error: ErpUnavailable) -> Any:
        """Serve stale entries in place of a failed read, and mark the scope stale."""
        read.scope.log.stale(min(e.fetched_at for _, e in entries), error.reason)
        self.metrics.cache.labels(read.kind, "stale").inc()
        log.info("ERP read answered from the cache's stale entries (%s): GET %s",
                 error.reason, read.path)
        return self._from_entries(read, entries)

    def _from_entries(self, read: _Read, entries: list[tuple[str, Entry]]) -> Any:
        """Cached answers, joined: decoded for this caller, or parsed once for all callers."""
        def decoded() -> Any:
            values = [json.loads(entry.text) for _, entry in entries]
            return values[0] if len(values) == 1 else join(values)

        if read.parse is as_is:
            return decoded()
        memo = (tuple((key, entry.fetched_at) for key, entry in entries), read.parse)
        return self._parsed.get(memo, decoded, read.parse)


def _dumps(answer: Any) -> str:
    return json.dumps(answer, separators=(",", ":"))
