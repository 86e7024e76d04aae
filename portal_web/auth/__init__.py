"""Logging in with a link, logging out, and the pages a visitor without a session sees."""

from portal_web.areas import Area, Role

bp = Area("auth", __name__, role=Role.ANYONE)

from portal_web.auth import routes  # noqa: E402,F401  (registers the views on bp)
