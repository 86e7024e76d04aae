"""The catalog: the products of the customer's price list, at their prices, in their currency."""

from portal_web.areas import Area, Nav, Role

bp = Area("catalog", __name__, role=Role.CUSTOMER,
          nav=(Nav("Catalog", "index", order=10),))

from portal_web.catalog import routes  # noqa: E402,F401  (registers the views on bp)
