"""``ErpClient``: the one object the portal holds to talk to the ERP.

Keyword-only options, checked at once: a wrong setting fails when the portal starts, with a
message naming it, not on the first customer's click. The client owns everything stateful
(session, limiter, breaker, caches, metrics); there are no module globals.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from prometheus_client import CollectorRegistry

from ._transport import Transport
from .breaker import CircuitBreaker
from .cache import TTLCache
from .metrics import ErpMetrics
from .pacing import Limiter
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
)


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
    breaker_failures: int = 5
    breaker_cooldown: float = 30.0
    budget_per_minute: int = 180  # of the ERP's 200/min, leaving room for other clients
    limiter_storage: str = "memory://"  # redis://host shares the budget between processes
    backoff_base: float = 0.5
    backoff_max: float = 4.0
    max_response_bytes: int = 20 * 1024 * 1024

    def __post_init__(self) -> None:
        _check_url(self.base_url)
        _check_text(app_ref=self.app_ref, account_token=self.account_token,
                    limiter_storage=self.limiter_storage)
        _check_positive(connect_timeout=self.connect_timeout, read_timeout=self.read_timeout,
                        deadline=self.deadline, max_attempts=self.max_attempts,
                        pool_size=self.pool_size, breaker_failures=self.breaker_failures,
                        budget_per_minute=self.budget_per_minute,
                        max_response_bytes=self.max_response_bytes)
        _check_not_negative(reference_ttl=self.reference_ttl, product_ttl=self.product_ttl,
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
        **options: Any,
    ) -> None:
        settings = _with_options(settings or ErpSettings(), options)
        if limiter is not None and not isinstance(limiter, Limiter):
            raise ValueError("limiter must be a connector.pacing.Limiter (or None)")
        s = self.settings = settings
        self.base_url = s.base_url.rstrip("/")
        self.erp_metrics = ErpMetrics(metrics_registry)
        self.metrics = self.erp_metrics.registry
        self.limiter = limiter or Limiter(s.budget_per_minute, storage_uri=s.limiter_storage,
                                          clock=_clock, sleep=_sleep)
        self.breaker = CircuitBreaker(s.breaker_failures, s.breaker_cooldown, clock=_clock)
        self._transport = Transport(
            base_url=s.base_url, app_ref=s.app_ref, account_token=s.account_token,
            connect_timeout=s.connect_timeout, read_timeout=s.read_timeout, deadline=s.deadline,
            max_attempts=s.max_attempts, pool_size=s.pool_size, limiter=self.limiter,
            breaker=self.breaker, metrics=self.erp_metrics, backoff_base=s.backoff_base,
            backoff_max=s.backoff_max, max_response_bytes=s.max_response_bytes,
            sleep=_sleep, clock=_clock)
        self._make_services(s.reference_ttl, s.product_ttl, _clock)

    def _make_services(self, reference_ttl: float, product_ttl: float,
                       clock: Callable[[], float]) -> None:
        t = self._transport
        self.reference_cache = TTLCache(reference_ttl, clock=clock)
        self.product_cache = TTLCache(product_ttl, clock=clock)
        self.contacts = ContactService(t)
        self.addresses = AddressService(t)
        self.catalog = CatalogService(t, products=self.product_cache)
        self.reference = ReferenceService(t, cache=self.reference_cache)
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
        """Close the pooled connections."""
        self._transport.close()

    def ping(self) -> None:
        """One cheap, uncached GET; raises an ErpError when the ERP does not answer."""
        self._transport.call("GET", "order-service/order-status")

    def deadline(self, seconds: float) -> AbstractContextManager[float]:
        """``with erp.deadline(10):`` every call made inside ends within those seconds in all.

        Each call still keeps its own ``deadline`` when that comes first. The scope follows the
        thread (or asyncio task) that opened it; scopes nest, the earlier deadline winning.
        Once it has passed, a call raises ErpUnavailable (reason "deadline") without sending.
        """
        return self._transport.deadline_scope(seconds)

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
