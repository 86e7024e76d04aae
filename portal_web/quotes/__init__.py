"""Quotes: the customer's quotes from the ERP, to read, discuss, share, accept or decline."""

from portal_web.areas import Area, Nav, Role

bp = Area("quotes", __name__, role=Role.CUSTOMER, nav=(Nav("Quotes", "index", order=35),))

from portal_web.quotes import routes  # noqa: E402,F401  (registers the views on bp)
