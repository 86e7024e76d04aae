"""Every error becomes a page a person can read, with the right status; never a traceback.

ERP failures are mapped in one place (indico): unavailable → the friendly 503 page (the cart is in
the session, so it is kept), not found → 404, anything else from the ERP → 502, and a visitor
who has spent their share of the ERP budget (`ErpOverShare`) → a polite 429 page.
"""

from __future__ import annotations

import logging

from flask import render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from connector.errors import ErpError, ErpNotFound, ErpOverShare, ErpUnavailable
from portal_web.redaction import redact

log = logging.getLogger(__name__)

_TITLES = {
    400: "That request could not be understood",
    403: "You cannot open this page",
    404: "We could not find that page",
    405: "That is not something this page does",
    413: "That was more than we accept",
    429: "Too many requests",
    500: "Something went wrong on our side",
    502: "Our order system gave an unexpected answer",
    503: "We can't reach our order system",
}


def register(app) -> None:
    app.register_error_handler(ErpOverShare, _over_share)
    app.register_error_handler(ErpUnavailable, _erp_unavailable)
    app.register_error_handler(ErpNotFound, lambda e: _page(404))
    app.register_error_handler(ErpError, _erp_error)
    app.register_error_handler(CSRFError, _csrf)
    app.register_error_handler(HTTPException, lambda e: _page(e.code or 500))
    app.register_error_handler(Exception, _unexpected)


def _page(status: int, message: str | None = None, headers=None):
    title = _TITLES.get(status, "Something went wrong")
    html = render_template("errors/error.html", status=status, title=title, message=message)
    return html, status, headers or {}


def _erp_unavailable(error):
    log.warning("ERP unavailable on %s %s: %s", request.method, redact(request.path), error)
    return _page(503, "Please try again in a minute. Your cart is safe: nothing in it was lost.",
                 {"Retry-After": "60"})


def _over_share(error):
    log.warning("over its share of the ERP budget on %s %s: %s", request.method,
                redact(request.path), error)
    return _page(429, "You are moving faster than our order system can follow. Please wait a "
                      "minute, then carry on: nothing you did was lost.", {"Retry-After": "60"})


def _erp_error(error):
    log.error("ERP error on %s %s: %r", request.method, redact(request.path), error)
    return _page(502, "Please try again in a minute. If it keeps happening, tell your account "
                      "manager.")


def _csrf(error):
    log.info("CSRF check failed on %s %s: %s", request.method, redact(request.path),
             error.description)
    return _page(400, "This form has expired. Go back, reload the page and try again.")


def _unexpected(error):
    log.exception("unexpected error on %s %s", request.method, redact(request.path))
    return _page(500, "We have been told about it. Please try again.")
