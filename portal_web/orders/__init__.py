"""My orders, order details, reorder and the confirmation after checkout."""

from flask import Blueprint

bp = Blueprint("orders", __name__)

from portal_web.orders import routes  # noqa: E402,F401  (registers the views on bp)
