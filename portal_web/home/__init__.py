"""The dashboard: the account, what is owed and overdue, the latest orders (blocks.py)."""

from portal_web.areas import Area, Role

bp = Area("home", __name__, role=Role.CUSTOMER, landing="dashboard")

from portal_web.home import routes  # noqa: E402,F401  (registers the views on bp)
