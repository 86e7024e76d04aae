"""``ErpClient``: the one object the portal holds to talk to the ERP.

Keyword-only options, checked at once: a wrong setting fails when the portal starts, with a
message naming it, not on the first customer's click. The client owns everything stateful
(session, limiter, breaker, caches, metrics); there are no module globals.

With ``cache_url`` (``PORTAL_CACHE_URL=redis://…``) the read cache, the request budget and
the breaker's state live in that Redis, shared by every process that names it; without, in
the process.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from prometheus_client import CollectorRegistry
from redis import Redis

from ._transport import Transport
from .breaker import CircuitBreaker, RedisCircuitBreaker
from .cache import MemoryStore
from .context import CallLog
from .metrics import ErpMetrics
from .pacing import Limiter, Shares
from .parallel import Parallel
from .reads import CachePolicy
from .redis_store import RedisStore
from .services import (
    AccountingService,
    AddressService,
    CatalogService,
    ContactService,
    LedgerService,
    OrderService,
    ReferenceService,
    ShipmentService,
    TaskService,
    WebhookService,
)
from .tags import DOCUMENT, PRICE, PRODUCT, REFERENCE, changed


@dataclass(frozen=True)
class ErpSettings:
    """How to reach the ERP and how patiently: every option of an ``ErpClient`` but the objects.

    The defaults reach the local fake ERP (``fake-erp serve``). Checked when made: a bad value
    raises ValueError naming the option.
    """

    base_url: str = "http://127.0.0.1:8081/public-api/demo"
    app_ref: str = "portal"
    account_token: str = field(default="dev-token", repr=False)  # the fake ERP's default
    connect_timeout: float = 3.05
    read_timeout: float = 10.0
    deadline: float = 8.0
    max_attempts: int = 3
    pool_size: int = 16
    reference_ttl: float = 300.0
    product_ttl: float = 300.0
    price_ttl: float = 120.0  # prices and catalog searches
    document_ttl: float = 30.0  # a contact's orders, documents, lists, addresses, details
    stale_ttl: float = 900.0  # how long an answer may be served stale when the ERP cannot
    cache_url: str = ""  # redis://host: one cache, budget and breaker for every process
    breaker_failures: int = 5
    breaker_cooldown: float = 30.0
    budget_per_minute: int = 180  # of the ERP's 200/min, leaving room for other clients
    limiter_storage: str = "memory://"  # redis://host shares the budget between processes
    contact_share: int = 45  # requests a minute one contact's pages may cost (0: no limit)
    login_share: int = 45  # requests a minute all login attempts together may cost
    login_reserve: int = 36  # requests of each minute login attempts may never take
    backoff_base: float = 0.5
    backoff_max: float = 4.0
    max_response_bytes: int = 20 * 1024 * 1024

    def __post_init__(self) -> None:
        _check_url(self.base_url)
        _check_cache_url(self.cache_url)
        _check_text(app_ref=self.app_ref, account_token=self.account_token,
                    limiter_storage=self.limiter_storage)
        _check_positive(connect_timeout=self.connect_timeout, read_timeout=self.read_timeout,
                        deadline=self.deadline, max_attempts=self.max_attempts,
                        pool_size=self.pool_size, breaker_failures=self.breaker_failures,
                        budget_per_minute=self.budget_per_minute,
                        max_response_bytes=self.max_response_bytes)
        _check_not_negative(reference_ttl=self.reference_ttl, product_ttl=self.product_ttl,
                            price_ttl=self.price_ttl, document_ttl=self.document_ttl,
                            stale_ttl=self.stale_ttl, contact_share=self.contact_share,
                            login_share=self.login_share, login_reserve=self.login_reserve,
                            breaker_cooldown=self.breaker_cooldown,
                            backoff_base=self.backoff_base, backoff_max=self.backoff_max)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ErpSettings:
        """The one reader of the ERP's settings (``ENV_VARIABLES``; ``os.environ`` by default).

        Unset or empty variables keep the defaults; a bad value raises ValueError naming the
        variable.
        """
        env = os.environ if environ is None else environ
        options: dict[str, Any] = {}
        for variable, option in ENV_VARIABLES.items():
            raw = env.get(variable, "").strip()
            if not raw:
                continue
            value = _parse(variable, raw, type(getattr(cls, option)))
            try:
                cls(**{option: value})  # checks this value alone, to name its variable
            except ValueError as e:
                raise ValueError(f"{variable}={raw!r}: {e}") from None
            options[option] = value
        return cls(**options)


# Environment variable -> ErpSettings field: the names operators set (README "Configuration").
ENV_VARIABLES: dict[str, str] = {
    "PORTAL_ERP_BASE_URL": "base_url", "PORTAL_ERP_APP_REF": "app_ref",
    "PORTAL_ERP_TOKEN": "account_token",
    "PORTAL_ERP_CONNECT_TIMEOUT_S": "connect_timeout", "PORTAL_ERP_READ_TIMEOUT_S": "read_timeout",
    "PORTAL_ERP_DEADLINE_S": "deadline", "PORTAL_ERP_MAX_ATTEMPTS": "max_attempts",
    "PORTAL_ERP_POOL_SIZE": "pool_size", "PORTAL_REFERENCE_TTL_S": "reference_ttl",
    "PORTAL_PRODUCT_TTL_S": "product_ttl", "PORTAL_ERP_BREAKER_FAILURES": "breaker_failures",
    "PORTAL_ERP_BREAKER_COOLDOWN_S": "breaker_cooldown",
    "PORTAL_ERP_BUDGET_PER_MINUTE": "budget_per_minute",
    "PORTAL_ERP_LIMITER_STORAGE": "limiter_storage",
    "PORTAL_ERP_BACKOFF_BASE_S": "backoff_base", "PORTAL_ERP_BACKOFF_MAX_S": "backoff_max",
    "PORTAL_ERP_MAX_RESPONSE_BYTES": "max_response_bytes",
    "PORTAL_PRICE_TTL_S": "price_ttl", "PORTAL_DOCUMENT_TTL_S": "document_ttl",
    "PORTAL_STALE_TTL_S": "stale_ttl", "PORTAL_CACHE_URL": "cache_url",
    "PORTAL_ERP_CONTACT_SHARE": "contact_share", "PORTAL_ERP_LOGIN_SHARE": "login_share",
    "PORTAL_ERP_LOGIN_RESERVE": "login_reserve",
}


def _parse(variable: str, raw: str, kind: type) -> Any:
    """Text from the environment as the type of the field's default."""
    if kind is str:
        return raw
    try:
        return kind(raw)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ValueError(f"{variable}={raw!r} is not {what}") from None


class ErpClient:
    """The ERP, as services: ``erp.orders``, ``erp.contacts``, ``erp.catalog``, ...

    Made from ``ErpSettings`` (``ErpClient(settings)``), from keyword options that override
    them (``ErpClient(base_url=..., deadline=2.0)``), or from the environment (``from_env``).
    """

    def __init__(
        self, settings: ErpSettings | None = None, /, *, limiter: Limiter | None = None,
        metrics_registry: CollectorRegistry | None = None,
        _sleep: Callable[[float], None] = time.sleep, _clock: Callable[[], float] = time.monotonic,
        _wall: Callable[[], float] = time.time, **options: Any,
    ) -> None:
        settings = _with_options(settings or ErpSettings(), options)
        if limiter is not None and not isinstance(limiter, Limiter):
            raise ValueError("limiter must be a connector.pacing.Limiter (or None)")
        s = self.settings = settings
        self.base_url = s.base_url.rstrip("/")
        self.erp_metrics = ErpMetrics(metrics_registry)
        self.metrics = self.erp_metrics.registry
        self._make_shared_state(s, limiter, _clock, _sleep, _wall)
        self._transport = Transport(
            base_url=s.base_url, app_ref=s.app_ref, account_token=s.account_token,
            connect_timeout=s.connect_timeout, read_timeout=s.read_timeout, deadline=s.deadline,
            max_attempts=s.max_attempts, pool_size=s.pool_size, limiter=self.limiter,
            breaker=self.breaker, metrics=self.erp_metrics, backoff_base=s.backoff_base,
            backoff_max=s.backoff_max, max_response_bytes=s.max_response_bytes,
            sleep=_sleep, clock=_clock, store=self.cache, policy=_cache_policy(s))
        self._parallel = Parallel(max(2, s.pool_size // 2))
        self._make_services()

    def _make_shared_state(self, s: ErpSettings, limiter: Limiter | None,
                           clock: Callable[[], float], sleep: Callable[[float], None],
                           wall: Callable[[], float]) -> None:
        """The cache, the budget and the breaker: in Redis with ``cache_url``, else here."""
        self.namespace = "portal:" + hashlib.sha256(self.base_url.encode()).hexdigest()[:12]
        self.redis = Redis.from_url(s.cache_url, socket_timeout=2.0,
                                    socket_connect_timeout=2.0) if s.cache_url else None
        storage = s.limiter_storage
        if self.redis is not None and storage == "memory://":
            storage = s.cache_url
        shares = Shares(s.contact_share, s.login_share, s.login_reserve)
        self.limiter = limiter or Limiter(s.budget_per_minute, storage_uri=storage,
                                          key=self.namespace, shares=shares, clock=clock,
                                          sleep=sleep)
        if self.redis is None:
            self.cache = MemoryStore(clock=wall)
            self.breaker = CircuitBreaker(s.breaker_failures, s.breaker_cooldown, clock=clock)
        else:
            self.cache = RedisStore(self.redis, self.namespace, clock=wall)
            self.breaker = RedisCircuitBreaker(self.redis, f"{self.namespace}:breaker",
                                               s.breaker_failures, s.breaker_cooldown)

    def _make_services(self) -> None:
        t = self._transport
        self.contacts = ContactService(t)
        self.addresses = AddressService(t)
        self.catalog = CatalogService(t)
        self.reference = ReferenceService(t)
        self.webhooks = WebhookService(t)
        self.orders = OrderService(t)
        self.shipments = ShipmentService(t)
        self.accounting = AccountingService(t)
        self.tasks = TaskService(t)
        self.ledger = LedgerService(self.orders, self.accounting)

    def __repr__(self) -> str:  # never shows the token
        return f"<ErpClient {self.base_url}>"

    def __enter__(self) -> ErpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the pooled connections and the parallel readers' threads."""
        self._transport.close()
        self._parallel.close()
        if self.redis is not None:
            self.redis.close()

    def ping(self) -> None:
        """One cheap, uncached GET; raises an ErpError when the ERP does not answer."""
        self._transport.call("GET", "order-service/order-status", cached=False)

    def scope(self, *, who: str | None = None, fresh: bool = False
              ) -> AbstractContextManager[CallLog]:
        """``with erp.scope(who="contact:7", fresh=False) as log:`` for the calls inside.

        ``who`` is whose share of the budget they spend (``contact:<id>``, ``login``, None for
        the system); ``fresh`` makes reads go to the ERP rather than the cache (use it while
        serving a write) and forbids stale answers. ``log`` counts ERP requests, cache hits
        and ERP time, and says when a stale answer was given (``stale_since``).
        """
        return self._transport.scopes.calls(who=who, fresh=fresh)

    def parallel(self, *calls: Callable[[], Any]) -> list[Any]:
        """Run independent reads concurrently, in the caller's scopes; their results in order.

        ``order, notes = erp.parallel(lambda: erp.orders.get(7), lambda: ...)``; the first
        failure is raised once every call has ended.
        """
        return self._parallel.run(*calls)

    def invalidate(self, resource_type: str, ids: Iterable[int] | None = None) -> int:
        """Forget cached answers that objects of a type may be in (``ids`` None: any of them),
        because the ERP says they changed (its webhooks). Returns the entries dropped."""
        return self._transport.invalidate(changed(resource_type, ids))

    def deadline(self, seconds: float) -> AbstractContextManager[float]:
        """``with erp.deadline(10):`` every call made inside ends within those seconds in all.

        Each call still keeps its own ``deadline`` when that comes first. The scope follows the
        thread (or asyncio task) that opened it; scopes nest, the earlier deadline winning.
        Once it has passed, a call raises ErpUnavailable (reason "deadline") without sending.
        """
        return self._transport.scopes.deadline(seconds)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> ErpClient:
        """A client from the ``ENV_VARIABLES`` (``os.environ`` by default) and ``overrides``."""
        return cls(ErpSettings.from_env(environ), **overrides)


def _with_options(settings: ErpSettings, options: dict[str, Any]) -> ErpSettings:
    """``settings`` with keyword options replacing fields; an unknown option is a ValueError."""
    unknown = sorted(set(options) - set(ErpSettings.__dataclass_fields__))
    if unknown:
        raise ValueError(f"unknown ErpClient option(s): {', '.join(unknown)}")
    return replace(settings, **options) if options else settings


def _cache_policy(s: ErpSettings) -> CachePolicy:
    ttls = {REFERENCE: s.reference_ttl, PRODUCT: s.product_ttl, PRICE: s.price_ttl,
            DOCUMENT: s.document_ttl}
    return CachePolicy(ttls=ttls, keep=s.stale_ttl)


def _check_cache_url(cache_url: Any) -> None:
    if cache_url == "":
        return
    scheme = urlsplit(cache_url).scheme if isinstance(cache_url, str) else ""
    if scheme not in ("redis", "rediss", "unix"):
        raise ValueError(f"cache_url must be empty (a cache in each process) or a Redis URL "
                         f"such as redis://127.0.0.1:6379/0, not {cache_url!r}")


def _check_url(base_url: Any) -> None:
    parts = urlsplit(base_url) if isinstance(base_url, str) else None
    if not parts or parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"base_url must be an http(s) URL such as "
                         f"http://127.0.0.1:8081/public-api/demo, not {base_url!r}")


def _check_text(**values: Any) -> None:
    for name, value in values.items():
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{name} must be a non-empty string")


def _check_positive(**values: Any) -> None:
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
            raise ValueError(f"{name} must be a number above 0, not {value!r}")


def _check_not_negative(**values: Any) -> None:
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ValueError(f"{name} must be a number >= 0, not {value!r}")
