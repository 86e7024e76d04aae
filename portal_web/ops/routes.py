"""GET /healthz (the process is up), /readyz (the ERP answers), /metrics (Prometheus text).

/metrics is not public: it wants `PORTAL_METRICS_TOKEN` as a bearer token when that is set,
and otherwise answers loopback clients only (anyone else gets the 404 of an unknown address).
Behind a proxy on the same machine, set `PORTAL_PROXY_COUNT` (the client's address is then
the proxy's `X-Forwarded-For`) or a token. With several worker processes it adds up all of
them (prometheus_client's multiprocess mode, set up by `portal serve`).
"""

from __future__ import annotations

import hmac
import ipaddress
import os

from flask import Response, abort, current_app, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from portal_web.erp import get_erp, get_settings
from portal_web.extensions import csrf
from portal_web.ops import bp

csrf.exempt(bp)


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Ready when the ERP answers: a load balancer stops sending traffic while it does not."""
    reason = current_app.extensions["readiness"].reason_unready()
    if reason:
        return jsonify(status="unavailable", reason=reason), 503
    return jsonify(status="ready")


@bp.get("/metrics")
def metrics():
    if not _may_read_metrics():
        abort(404)
    return Response(generate_latest(_registry()), mimetype=CONTENT_TYPE_LATEST)


def _may_read_metrics() -> bool:
    token = get_settings().metrics_token
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


def _registry():
    """Every worker's metrics when `portal serve` runs several; else this client's."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not folder:
        return get_erp().metrics
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=folder)
    return registry
