"""The cart (kept in the session, so it survives an ERP outage) and checkout."""

from flask import session

from portal_web.areas import Area, Badge, Nav, Role


def _badge() -> Badge:
    """The menu's count of different products in the cart (from the session: no ERP call)."""
    from portal_web.cart.services import Cart

    count = Cart.from_session(session).count
    return Badge(count, f"{count} products in the cart")


bp = Area("cart", __name__, role=Role.CUSTOMER, nav=(Nav("Cart", "view", order=20, badge=_badge),))

from portal_web.cart import routes  # noqa: E402,F401  (registers the views on bp)
