"""GET /healthz (the process is up), /readyz (the ERP answers), /metrics (Prometheus text)."""

from __future__ import annotations

from flask import Response, current_app, jsonify
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from portal_web.erp import get_erp
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
    return Response(generate_latest(get_erp().metrics), mimetype=CONTENT_TYPE_LATEST)
