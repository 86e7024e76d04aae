"""The cart (kept in the session, so it survives an ERP outage) and checkout."""

from flask import Blueprint

bp = Blueprint("cart", __name__)

from portal_web.cart import routes  # noqa: E402,F401  (registers the views on bp)
