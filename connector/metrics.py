"""Prometheus metrics of ERP calls, on a registry owned by the client.

A registry per client (``erp.metrics``) rather than the global default keeps tests and
several clients in one process from colliding; the portal exposes it on /metrics.
Endpoints are labelled by path template (ids replaced by ``{id}``) to bound cardinality.
"""

from __future__ import annotations

import re

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

_ID_SEGMENT = re.compile(r"^[0-9][0-9,\-]*$")


def endpoint_of(method: str, path: str) -> str:
    """``GET order-service/order/1-200`` → ``GET order-service/order/{id}``."""
    parts = [("{id}" if _ID_SEGMENT.match(p) else p) for p in path.strip("/").split("/")]
    return f"{method} {'/'.join(parts)}"


class ErpMetrics:
    """Calls, retries, throttles, latency, breaker state and the read cache of one client."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        self.calls = Counter(
            "erp_requests", "HTTP requests sent to the ERP, by outcome",
            ["endpoint", "outcome"], registry=self.registry,
        )
        self.retries = Counter(
            "erp_retries", "Retries of ERP requests, by reason",
            ["endpoint", "reason"], registry=self.registry,
        )
        self.throttles = Counter(
            "erp_throttled", "Throttled (503 too many requests) ERP answers",
            ["endpoint"], registry=self.registry,
        )
        self.latency = Histogram(
            "erp_request_seconds", "Latency of single ERP requests",
            ["endpoint"], registry=self.registry,
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.paced = Counter(
            "erp_paced_seconds", "Seconds spent waiting for the rate limit before sending",
            registry=self.registry,
        )
        self.breaker_open = Gauge(
            "erp_breaker_open", "1 while the circuit breaker is open", registry=self.registry,
            multiprocess_mode="max",  # any worker that sees it open (portal serve --workers)
        )
        self.cache = Counter(
            "erp_cache_reads", "GETs answered from the read cache (hit, stale) or not (miss)",
            ["kind", "outcome"], registry=self.registry,
        )
        self.invalidated = Counter(
            "erp_cache_invalidated", "Cached answers dropped by writes and ERP webhooks",
            registry=self.registry,
        )
        self.over_share = Counter(
            "erp_refused_over_share", "Calls refused because their caller spent its share",
            ["who"], registry=self.registry,
        )

    def value(self, name: str, **labels: str) -> float:
        """A sample's current value (0 when never set); handy in tests and the bench."""
        return self.registry.get_sample_value(name, labels or None) or 0.0
