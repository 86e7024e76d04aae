"""The catalog: the products of the customer's price list, at their prices, in their currency."""

from flask import Blueprint

bp = Blueprint("catalog", __name__)

from portal_web.catalog import routes  # noqa: E402,F401  (registers the views on bp)
