"""The customer's account details (name, email and phone they may change) and delivery addresses."""

from portal_web.areas import Area, Nav, Role

bp = Area("account", __name__, role=Role.CUSTOMER,
          nav=(Nav("Addresses", "addresses", order=50), Nav("Account", "details", order=60)))

from portal_web.account import addresses, routes  # noqa: E402,F401  (registers the views on bp)
