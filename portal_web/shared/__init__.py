"""Public pages that a signed link opens without a login: a quote shared by email."""

from portal_web.areas import Area, Role

bp = Area("shared", __name__, role=Role.ANYONE)

from portal_web.shared import routes  # noqa: E402,F401  (registers the views on bp)
