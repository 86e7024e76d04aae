"""My orders, order details, reorder and the confirmation after checkout."""

from portal_web.areas import Area, Nav, Role

bp = Area("orders", __name__, role=Role.CUSTOMER,
          nav=(Nav("My orders", "index", order=30),))

from portal_web.orders import routes  # noqa: E402,F401  (registers the views on bp)
