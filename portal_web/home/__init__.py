"""The dashboard: who is logged in, their cart, their latest orders."""

from flask import Blueprint

bp = Blueprint("home", __name__)

from portal_web.home import routes  # noqa: E402,F401  (registers the views on bp)
