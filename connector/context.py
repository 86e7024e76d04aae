"""What the caller is doing while it makes ERP calls: for whom, and whether it writes.

The portal opens one ``CallScope`` per web request (``erp.scope(who=..., fresh=...)``):

* ``who`` is whose share of the ERP budget the calls spend: ``contact:7`` for a logged-in
  contact, ``login`` for a login attempt, None for the system (commands, start-up);
* ``fresh``: the request writes, so its reads go to the ERP instead of the cache (a write
  never acts on cached data) and a failed read is never answered from a stale entry;
* its ``CallLog`` counts what the calls did (ERP requests, cache hits, the time spent
  waiting on the ERP) and remembers the oldest stale answer given, for the page to say so.

It lives in a context variable, so it follows the thread or task that opened it, and the
copies ``erp.parallel`` hands to its threads share the same log.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field, replace


@dataclass
class CallLog:
    """What one scope's ERP calls did; safe to update from several threads."""

    requests: int = 0           # HTTP requests sent to the ERP
    hits: int = 0               # answers served from the cache
    stale_since: float | None = None  # wall time the oldest stale answer was fetched
    stale_reason: str | None = None   # why it was stale: the ERP's error reason
    erp_seconds: float = 0.0    # wall time during which at least one ERP call was waited on
    _clock: Callable[[], float] = field(default=time.perf_counter, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _active: int = field(default=0, repr=False)
    _busy_since: float = field(default=0.0, repr=False)

    def waiting(self) -> _Waiting:
        """``with log.waiting():`` around a wait on the ERP (concurrent waits count once)."""
        return _Waiting(self)

    def sent(self) -> None:
        with self._lock:
            self.requests += 1

    def hit(self) -> None:
        with self._lock:
            self.hits += 1

    def stale(self, fetched_at: float, reason: str) -> None:
        with self._lock:
            if self.stale_since is None or fetched_at < self.stale_since:
                self.stale_since, self.stale_reason = fetched_at, reason

    def _begin(self) -> None:
        with self._lock:
            if self._active == 0:
                self._busy_since = self._clock()
            self._active += 1

    def _end(self) -> None:
        with self._lock:
            self._active -= 1
            if self._active == 0:
                self.erp_seconds += self._clock() - self._busy_since


class _Waiting:
    def __init__(self, log: CallLog) -> None:
        self._log = log

    def __enter__(self) -> None:
        self._log._begin()

    def __exit__(self, *exc: object) -> None:
        self._log._end()


@dataclass(frozen=True)
class CallScope:
    """For whom the calls are made, whether they serve a write, and their log."""

    who: str | None = None
    fresh: bool = False
    log: CallLog = field(default_factory=CallLog)


class Scopes:
    """A client's context variables: the deadline scope and the call scope.

    Per client (the deadline is on the client's clock), and followed by the thread or asyncio
    task that opened them (and the copies ``erp.parallel`` hands to its threads).
    """

    def __init__(self, clock: Callable[[], float], call_deadline: float) -> None:
        self._clock, self._call_deadline = clock, call_deadline
        self._deadline: ContextVar[float | None] = ContextVar(f"erp_deadline_{id(self)}",
                                                              default=None)
        self._calls: ContextVar[CallScope | None] = ContextVar(f"erp_calls_{id(self)}",
                                                               default=None)

    def deadline_from_now(self) -> float:
        """When a call starting now must end: its own deadline, or the scope's if earlier."""
        own = self._clock() + self._call_deadline
        scope = self._deadline.get()
        return own if scope is None else min(own, scope)

    @contextlib.contextmanager
    def deadline(self, seconds: float) -> Iterator[float]:
        """Every call made inside shares one deadline, ``seconds`` from now (nested: the
        earlier). Yields the deadline, on the client's clock."""
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds <= 0:
            raise ValueError(f"a deadline scope needs seconds above 0, not {seconds!r}")
        outer = self._deadline.get()
        at = self._clock() + seconds
        token = self._deadline.set(at if outer is None else min(outer, at))
        try:
            yield self._deadline.get()
        finally:
            self._deadline.reset(token)

    @contextlib.contextmanager
    def calls(self, *, who: str | None = None, fresh: bool = False) -> Iterator[CallLog]:
        """Calls made inside spend ``who``'s share and, when ``fresh``, read the ERP rather
        than the cache; yields their log."""
        token = self._calls.set(CallScope(who, fresh))
        try:
            yield self._calls.get().log
        finally:
            self._calls.reset(token)

    @contextlib.contextmanager
    def fresh(self) -> Iterator[None]:
        """Reads inside go to the ERP (a safe write's lookup of its reference)."""
        token = self._calls.set(replace(self.current(), fresh=True))
        try:
            yield
        finally:
            self._calls.reset(token)

    def current(self) -> CallScope:
        """The scope calls are made in now (a throwaway one outside any)."""
        return self._calls.get() or CallScope()
