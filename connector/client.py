"""``ErpClient``: the one object the portal holds to talk to the ERP.

Keyword-only options, checked at once: a wrong setting fails when the portal starts, with a
message naming it, not on the first customer's click. The client owns everything stateful
(session, limiter, breaker, caches, metrics); there are no module globals.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
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
    OrderService,
    ReferenceService,
    ShipmentService,
    TaskService,
)

# Environment variable → (option, type) for ``from_env``; all prefixed ``PORTAL_ERP_``.
_ENV_OPTIONS: dict[str, tuple[str, type]] = {
    "CONNECT_TIMEOUT": ("connect_timeout", float), "READ_TIMEOUT": ("read_timeout", float),
    "DEADLINE": ("deadline", float), "MAX_ATTEMPTS": ("max_attempts", int),
    "POOL_SIZE": ("pool_size", int), "REFERENCE_TTL": ("reference_ttl", float),
    "PRODUCT_TTL": ("product_ttl", float), "BREAKER_FAILURES": ("breaker_failures", int),
    "BREAKER_COOLDOWN": ("breaker_cooldown", float),
    "BUDGET_PER_MINUTE": ("budget_per_minute", int), "LIMITER_STORAGE": ("limiter_storage", str),
    "BACKOFF_BASE": ("backoff_base", float), "BACKOFF_MAX": ("backoff_max", float),
}


class ErpClient:
    """The ERP, as services: ``erp.orders``, ``erp.contacts``, ``erp.catalog``, ..."""

    def __init__(
        self, *, base_url: str, app_ref: str, account_token: str,
        connect_timeout: float = 3.05, read_timeout: float = 10.0, deadline: float = 8.0,
        max_attempts: int = 3, pool_size: int = 16, reference_ttl: float = 300.0,
        product_ttl: float = 300.0, breaker_failures: int = 5, breaker_cooldown: float = 30.0,
        limiter: Limiter | None = None, budget_per_minute: int = 180,
        limiter_storage: str = "memory://", backoff_base: float = 0.5, backoff_max: float = 4.0,
        max_response_bytes: int = 20 * 1024 * 1024,
        metrics_registry: CollectorRegistry | None = None,
        _sleep: Callable[[float], None] = time.sleep, _clock: Callable[[], float] = time.monotonic,
    ) -> None:
        _check_url(base_url)
        _check_text(app_ref=app_ref, account_token=account_token)
        _check_positive(connect_timeout=connect_timeout, read_timeout=read_timeout,
                        deadline=deadline, max_attempts=max_attempts, pool_size=pool_size,
                        breaker_failures=breaker_failures, budget_per_minute=budget_per_minute,
                        max_response_bytes=max_response_bytes)
        _check_not_negative(reference_ttl=reference_ttl, product_ttl=product_ttl,
                            breaker_cooldown=breaker_cooldown, backoff_base=backoff_base,
                            backoff_max=backoff_max)
        if limiter is not None and not isinstance(limiter, Limiter):
            raise ValueError("limiter must be a connector.pacing.Limiter (or None)")
        self.base_url = base_url.rstrip("/")
        self.erp_metrics = ErpMetrics(metrics_registry)
        self.metrics = self.erp_metrics.registry
        self.limiter = limiter or Limiter(budget_per_minute, storage_uri=limiter_storage,
                                          clock=_clock, sleep=_sleep)
        self.breaker = CircuitBreaker(breaker_failures, breaker_cooldown, clock=_clock)
        self._transport = Transport(
            base_url=base_url, app_ref=app_ref, account_token=account_token,
            connect_timeout=connect_timeout, read_timeout=read_timeout, deadline=deadline,
            max_attempts=max_attempts, pool_size=pool_size, limiter=self.limiter,
            breaker=self.breaker, metrics=self.erp_metrics, backoff_base=backoff_base,
            backoff_max=backoff_max, max_response_bytes=max_response_bytes,
            sleep=_sleep, clock=_clock)
        self._make_services(reference_ttl, product_ttl, _clock)

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

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> ErpClient:
        """Build a client from ``PORTAL_ERP_*`` variables (``os.environ`` by default)."""
        env = os.environ if environ is None else environ
        options: dict[str, Any] = {}
        for var, option in (("BASE_URL", "base_url"), ("APP_REF", "app_ref"),
                            ("TOKEN", "account_token")):
            value = env.get(f"PORTAL_ERP_{var}", "").strip()
            if not value:
                raise ValueError(f"PORTAL_ERP_{var} is not set: it is required to reach the ERP")
            options[option] = value
        for var, (option, kind) in _ENV_OPTIONS.items():
            raw = env.get(f"PORTAL_ERP_{var}", "").strip()
            if raw:
                try:
                    options[option] = kind(raw)
                except ValueError as e:
                    raise ValueError(f"PORTAL_ERP_{var}={raw!r} is not a valid "
                                     f"{kind.__name__}") from e
        return cls(**{**options, **overrides})


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
