"""Endpoints for operators and load balancers: liveness, readiness, metrics."""

from portal_web.areas import Area, Role

bp = Area("ops", __name__, role=Role.ANYONE)

from portal_web.ops import routes  # noqa: E402,F401  (registers the views on bp)
