"""Send one ERP call: pace it, guard it with the breaker, retry it, map its errors.

It holds the one retry policy (HTTP itself is ``_http.py``):

* reads (GET/OPTIONS) are retried after connection errors, timeouts and 502/503/504;
* a throttled 503 is waited out (``brightpearl-next-throttle-period``) for any method, as
  nothing was done; that wait counts against the deadline, not against the attempts;
* a write is retried only when it surely was not sent (connect failure), or when the caller
  gave a ``lookup`` by its own reference: then after an ambiguous failure the next attempt
  first looks the reference up and only resends when the ERP does not have it;
* never a 4xx, never CMNC-018; at most ``max_attempts`` attempts and one ``deadline`` per call,
  with capped exponential backoff and full jitter in between;
* inside a deadline scope (``erp.deadline(seconds)``: the portal opens one per web request)
  every call also ends by the scope's deadline, so several calls in a row cannot outlive the
  page.

GETs go through the read cache first (``reads.py``; ``tags.py`` for keys, kinds and tags).
Every write drops what its path names, whatever its outcome.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from tenacity import Retrying, retry_if_exception, wait_random_exponential

from ._http import ErpHttp
from ._responses import RETRYABLE_STATUS, error_for_response, int_header
from .breaker import CircuitBreaker
from .cache import MemoryStore
from .context import CallScope, Scopes
from .errors import (
    ErpDuplicate,
    ErpOverShare,
    ErpProtocolError,
    ErpThrottled,
    ErpUnavailable,
)
from .flights import Flights
from .metrics import ErpMetrics, endpoint_of
from .pacing import Limiter
from .reads import CachedReads, CachePolicy, as_is
from .tags import written
from .written import WrittenId

log = logging.getLogger(__name__)

READS = frozenset({"GET", "OPTIONS", "HEAD"})
MAX_EXTRA_THROTTLE_ATTEMPTS = 20


@dataclass
class _Call:
    """The state of one call across its attempts."""

    method: str
    path: str
    endpoint: str
    deadline_at: float
    lookup: Callable[[float], Any] | None = None
    headers: dict[str, str] | None = None  # extra request headers (If-Match)
    scope: CallScope = field(default_factory=CallScope)
    no_wait: bool = False      # a stale answer is at hand: never wait for the budget
    failures: int = 0          # attempts that count against max_attempts (not throttles)
    attempts: int = 0
    ambiguous: bool = False    # a previous attempt of a write may have landed


class Transport:
    """One session, limiter, breaker, cache and retry policy: shared by all services."""

    def __init__(
        self, *, base_url: str, app_ref: str, account_token: str, connect_timeout: float,
        read_timeout: float, deadline: float, max_attempts: int, pool_size: int,
        limiter: Limiter, breaker: CircuitBreaker, metrics: ErpMetrics,
        backoff_base: float, backoff_max: float, max_response_bytes: int,
        sleep: Callable[[float], None], clock: Callable[[], float],
        store: MemoryStore | None = None, policy: CachePolicy | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.connect_timeout, self.read_timeout = connect_timeout, read_timeout
        self.deadline, self.max_attempts = deadline, max_attempts
        self.limiter, self.breaker, self.metrics = limiter, breaker, metrics
        self._backoff = wait_random_exponential(multiplier=backoff_base, max=backoff_max)
        self._sleep, self._clock = sleep, clock
        self.http = ErpHttp(base_url=base_url, app_ref=app_ref, account_token=account_token,
                            pool_size=pool_size, connect_timeout=connect_timeout,
                            read_timeout=read_timeout, max_response_bytes=max_response_bytes,
                            clock=clock)
        self.scopes = Scopes(clock, deadline)  # the deadline scope and the call scope
        self.store = store if store is not None else MemoryStore()
        self.policy = policy or CachePolicy(ttls={}, keep=0.0)
        self.flights = Flights(clock)
        self.reads = CachedReads(
            send=lambda path, params, no_wait: self._call("GET", path, params, None, None,
                                                          None, no_wait=no_wait),
            store=self.store, policy=self.policy, flights=self.flights, metrics=metrics,
            scope=self.scopes.current, deadline=self.scopes.deadline_from_now)

    def __repr__(self) -> str:  # never show the token
        return f"<Transport {self.base_url}>"

    def close(self) -> None:
        self.http.close()

    def invalidate(self, tags: frozenset[str]) -> int:
        """Drop the cached answers carrying any of ``tags`` (a change the ERP told us of)."""
        dropped = self.store.invalidate(tags)
        self.metrics.invalidated.inc(dropped)
        return dropped

    def call(self, method: str, path: str, *, params: dict | None = None, body: Any = None,
             lookup: Callable[[float], Any] | None = None,
             deadline_at: float | None = None, cached: bool = True,
             parse: Callable[[Any], Any] | None = None,
             headers: dict[str, str] | None = None) -> Any:
        """Make one logical call and return the ``response`` of the answer (``parse``d).

        A GET is answered from the cache when it can be (``cached=False``: never); a
        ``parse`` that returns values nobody can change is then run once per cached answer.
        ``lookup(deadline_at)`` makes a write safe to retry: it returns the id the ERP already
        has for the write's reference, or None. ``headers`` are added to the request's.
        """
        method = method.upper()
        parse = parse or as_is
        if method == "GET" and cached and deadline_at is None:
            return self.reads.read(path, params, parse)
        with self.scopes.current().log.waiting():
            answer = None
            try:
                answer = self._call(method, path, params, body, lookup, deadline_at,
                                    headers=headers)
                return parse(answer)
            finally:
                if method not in READS:  # whatever the outcome: it may have landed
                    self.invalidate(written(path, answer))

    # -- one logical call -----------------------------------------------------------------

    def _call(self, method: str, path: str, params: dict | None, body: Any,
              lookup: Callable[[float], Any] | None, deadline_at: float | None, *,
              headers: dict[str, str] | None = None, no_wait: bool = False) -> Any:
        latest = self.scopes.deadline_from_now()
        call = _Call(method, path, endpoint_of(method, path),
                     latest if deadline_at is None else min(deadline_at, latest), lookup,
                     headers, self.scopes.current(), no_wait)
        retrying = Retrying(
            retry=retry_if_exception(lambda e: self._should_retry(call, e)),
            wait=lambda rs: self._wait(call, rs),
            stop=lambda rs: self._stop(call, rs),
            before_sleep=lambda rs: self._log_retry(call, rs),
            sleep=self._sleep,
            reraise=True,
        )
        return retrying(self._attempt, call, params, body)

    # -- the policy -----------------------------------------------------------------------

    def _should_retry(self, call: _Call, exc: BaseException) -> bool:
        """Is a failed attempt worth another one? (Whether there is time is ``_stop``'s job.)

        A throttled call waits for its turn, unless a stale answer is at hand; a caller over
        its share is not retried at all (its own pace is the problem).
        """
        if isinstance(exc, ErpOverShare):
            return False
        if isinstance(exc, ErpThrottled):
            return not call.no_wait
        if not isinstance(exc, ErpUnavailable) or exc.reason in ("breaker", "deadline"):
            return False
        if exc.reason == "connect":
            ok = True
        elif call.method in READS:
            ok = exc.status is None or exc.status in RETRYABLE_STATUS
        else:
            ok = call.lookup is not None and exc.ambiguous
        call.failures += int(ok)
        return ok

    def _wait(self, call: _Call, rs: Any) -> float:
        exc = rs.outcome.exception()
        if isinstance(exc, ErpThrottled):
            return max(exc.retry_after, 0.05)
        return self._backoff(SimpleNamespace(attempt_number=max(call.failures, 1)))

    def _stop(self, call: _Call, rs: Any) -> bool:
        if call.failures >= self.max_attempts:
            return True
        if call.attempts >= self.max_attempts + MAX_EXTRA_THROTTLE_ATTEMPTS:
            return True
        return self._clock() + rs.upcoming_sleep >= call.deadline_at

    def _log_retry(self, call: _Call, rs: Any) -> None:
        exc = rs.outcome.exception()
        reason = getattr(exc, "reason", type(exc).__name__)
        if isinstance(exc, ErpUnavailable) and exc.status:
            reason = f"{reason} {exc.status}"
        self.metrics.retries.labels(call.endpoint, reason).inc()
        log.warning("ERP retry: %s %s reason=%s attempt=%d wait=%.2fs", call.method, call.path,
                    reason, call.attempts, rs.upcoming_sleep)

    # -- one attempt ----------------------------------------------------------------------

    def _attempt(self, call: _Call, params: dict | None, body: Any) -> Any:
        call.attempts += 1
        try:
            return self._resolve_or_send(call, params, body)
        except ErpUnavailable as e:
            if call.method not in READS and (call.ambiguous or e.ambiguous):
                # Once a write may have landed it stays "may have landed", whatever ends it
                # (a breaker refusal, the deadline, a failed lookup): never "nothing was done".
                call.ambiguous = e.earlier_attempt_ambiguous = True
            raise

    def _resolve_or_send(self, call: _Call, params: dict | None, body: Any) -> Any:
        """Send, unless an earlier attempt may have landed and the lookup finds its object."""
        if call.ambiguous and call.lookup is not None:
            with self.scopes.fresh():
                found = call.lookup(call.deadline_at)
            if found is not None:
                log.info("ERP write found by its reference after an ambiguous failure: %s %s",
                         call.method, call.path)
                return WrittenId(found, created=True)
        try:
            return self._send(call, params, body)
        except ErpDuplicate:
            if call.lookup is None:
                raise
            with self.scopes.fresh():
                found = call.lookup(call.deadline_at)
            if found is None:
                raise
            return WrittenId(found, created=call.ambiguous)

    def _send(self, call: _Call, params: dict | None, body: Any) -> Any:
        """Check the breaker, pace, exchange once, and map the answer.

        The breaker comes first: while it refuses, a call fails at once, without taking a
        rate-limit slot or queueing behind callers that wait for one.
        """
        if not self.breaker.allow():
            self.metrics.breaker_open.set(1)
            raise ErpUnavailable("ERP circuit breaker open: failing fast", reason="breaker",
                                 sent=False, method=call.method, path=call.path)
        remaining = self._take_slot(call)
        call.scope.log.sent()
        started = self._clock()
        try:
            status, headers, payload = self.http.exchange(
                call.method, call.path, params, body, remaining=remaining,
                deadline_at=call.deadline_at, headers=call.headers)
        except ErpUnavailable as e:
            self.limiter.observe(None, None)
            self._record(call, e.reason, failed=True)
            raise
        except ErpProtocolError:
            self.limiter.observe(None, None)
            self._record(call, "protocol", failed=False)  # it answered: the ERP is up
            raise
        finally:
            self.metrics.latency.labels(call.endpoint).observe(max(self._clock() - started, 0))
        return self._answer(call, status, headers, payload)

    def _take_slot(self, call: _Call) -> float:
        """Wait for a rate-limit slot; the seconds left before the call's deadline.

        A call that ends up sending nothing gives back what it held: the breaker's half-open
        probe and the limiter's slot, so that the next caller does not wait for them.
        """
        try:
            waited = self.limiter.acquire(call.deadline_at, who=call.scope.who,
                                          wait=not call.no_wait)
        except ErpUnavailable as e:
            self.breaker.release()
            if isinstance(e, ErpOverShare):
                self.metrics.over_share.labels(_who_kind(call.scope.who)).inc()
            raise
        if waited:
            self.metrics.paced.inc(waited)
        remaining = call.deadline_at - self._clock()
        if remaining <= 0:
            self.limiter.release()
            self.breaker.release()
            raise ErpUnavailable("ERP call deadline passed", reason="deadline", sent=False,
                                 method=call.method, path=call.path)
        return remaining

    def _answer(self, call: _Call, status: int, headers: Any, payload: Any) -> Any:
        self.limiter.observe(int_header(headers, "brightpearl-requests-remaining"),
                             int_header(headers, "brightpearl-next-throttle-period"))
        period = int_header(headers, "brightpearl-next-throttle-period")
        error = error_for_response(status, payload, method=call.method, path=call.path,
                                   location=headers.get("location"),
                                   retry_after=(period / 1000.0) if period is not None else 1.0)
        if isinstance(error, ErpThrottled):
            self.metrics.throttles.labels(call.endpoint).inc()
            self.limiter.block(error.retry_after)
        failed = isinstance(error, ErpUnavailable) and not isinstance(error, ErpThrottled)
        self._record(call, str(status), failed=failed)
        if error is not None:
            raise error
        if isinstance(payload, dict) and "response" in payload:
            return payload["response"]
        return payload

    def _record(self, call: _Call, outcome: str, *, failed: bool) -> None:
        self.metrics.calls.labels(call.endpoint, outcome).inc()
        if failed:
            self.breaker.record_failure()
        else:
            self.breaker.record_success()
        self.metrics.breaker_open.set(1 if self.breaker.state == "open" else 0)

def _who_kind(who: str | None) -> str:
    """``contact:7`` → ``contact`` (a metric label of bounded cardinality)."""
    return (who or "system").partition(":")[0]
