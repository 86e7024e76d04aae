"""The read cache in Redis (``PORTAL_CACHE_URL=redis://…``): one cache for every process.

Same contract as ``cache.MemoryStore``: entries are hashes (``t`` the JSON text, ``f`` when
fetched, ``u`` fresh until) that Redis itself expires after the keep time; each tag is a set
of entry keys; ``seq`` counts invalidations. Storing and invalidating are Lua scripts, so a
store that raced an invalidation is refused atomically, whichever process made either.

Redis keeps nothing that matters: the ERP is the only record, so a Redis that is lost or
unreachable costs ERP requests, never data. Its errors are logged and the cache then acts as
empty (misses go to the ERP).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable

from redis import Redis
from redis.exceptions import RedisError

from .cache import Entry

log = logging.getLogger(__name__)

_PUT = """
if tonumber(redis.call('GET', KEYS[2]) or '0') ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 't', ARGV[2], 'f', ARGV[3], 'u', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
for i = 7, #ARGV do
  local tag = ARGV[6] .. ARGV[i]
  redis.call('SADD', tag, KEYS[1])
  if redis.call('PTTL', tag) < tonumber(ARGV[5]) then redis.call('PEXPIRE', tag, ARGV[5]) end
end
return 1
"""
_INVALIDATE = """
redis.call('INCR', KEYS[1])
local dropped = 0
for i = 2, #ARGV do
  local tag = ARGV[1] .. ARGV[i]
  for _, key in ipairs(redis.call('SMEMBERS', tag)) do
    dropped = dropped + redis.call('DEL', key)
  end
  redis.call('DEL', tag)
end
return dropped
"""


class RedisStore:
    """The read cache of every process that shares one Redis (and namespace)."""

    shared = True

    def __init__(self, redis: Redis, namespace: str, *,
                 clock: Callable[[], float] = time.time) -> None:
        self._redis = redis
        self._ns = namespace
        self._clock = clock
        self._put = redis.register_script(_PUT)
        self._invalidate = redis.register_script(_INVALIDATE)

    def _entry_key(self, key: str) -> str:
        return f"{self._ns}:e:{key}"

    def now(self) -> float:
        """The clock entries are dated by (wall time: shared stores compare it across
        processes)."""
        return self._clock()

    def get(self, key: str) -> Entry | None:
        return self.get_many([key])[key]

    def get_many(self, keys: list[str]) -> dict[str, Entry | None]:
        """Every key's entry (or None), in one round trip."""
        pipe = self._redis.pipeline(transaction=False)
        for key in keys:
            pipe.hmget(self._entry_key(key), "t", "f", "u")
        try:
            found = pipe.execute()
        except RedisError as e:
            log.warning("cache read skipped, Redis failed: %s", e)
            return dict.fromkeys(keys)
        return {key: None if text is None else Entry(text.decode("utf-8"), float(fetched),
                                                     float(fresh_until))
                for key, (text, fetched, fresh_until) in zip(keys, found, strict=True)}

    def seq(self) -> int:
        try:
            return int(self._redis.get(f"{self._ns}:seq") or 0)
        except RedisError as e:
            log.warning("cache read skipped, Redis failed: %s", e)
            return -1  # no store will match it

    def put(self, key: str, text: str, *, ttl: float, keep: float, tags: frozenset[str],
            seq: int) -> bool:
        return self.put_many([(key, text, tags)], ttl=ttl, keep=keep, seq=seq) == 1

    def put_many(self, items: list[tuple[str, str, frozenset[str]]], *, ttl: float,
                 keep: float, seq: int) -> int:
        """Store answers fetched now (each refused if an invalidation ran since ``seq``),
        in one round trip; how many were stored."""
        now = self._clock()
        keep_ms = max(int(max(keep, ttl) * 1000), 1)
        pipe = self._redis.pipeline(transaction=False)
        for key, text, tags in items:
            self._put(keys=[self._entry_key(key), f"{self._ns}:seq"],
                      args=[seq, text, repr(now), repr(now + ttl), keep_ms, f"{self._ns}:t:",
                            *sorted(tags)], client=pipe)
        try:
            return sum(int(stored) for stored in pipe.execute())
        except RedisError as e:
            log.warning("cache write skipped, Redis failed: %s", e)
            return 0

    def invalidate(self, tags: Iterable[str]) -> int:
        try:
            return int(self._invalidate(keys=[f"{self._ns}:seq"],
                                        args=[f"{self._ns}:t:", *sorted(tags)]))
        except RedisError as e:
            # The entries stay until their time to live ends (a Redis that cannot be written
            # is usually not read either: then every read is a miss).
            log.error("cache invalidation failed, Redis failed: %s", e)
            return 0

    def clear(self) -> None:
        """Drop this namespace's entries and tags (tests, and ``portal cache clear``)."""
        self._redis.incr(f"{self._ns}:seq")
        for key in self._redis.scan_iter(match=f"{self._ns}:[et]:*", count=500):
            self._redis.delete(key)

    def __len__(self) -> int:
        return sum(1 for _ in self._redis.scan_iter(match=f"{self._ns}:e:*", count=500))
