"""Endpoints for operators and load balancers: liveness, readiness, metrics."""

from flask import Blueprint

bp = Blueprint("ops", __name__)

from portal_web.ops import routes  # noqa: E402,F401  (registers the views on bp)
