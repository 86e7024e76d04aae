"""The one way views and services reach the ERP: the app's single connector client.

Every request runs inside one ERP deadline (`PORTAL_PAGE_DEADLINE_S`): a page that makes several
calls in a row cannot overrun it, and once it has passed the next call fails at once, which the
error handlers turn into the friendly 503 page.
"""

from __future__ import annotations

from contextlib import ExitStack

from flask import current_app, g

from connector import ErpClient


def make_client(settings) -> ErpClient:
    """One client per app: one pooled session, one limiter, one set of caches."""
    return ErpClient(settings.erp)


def get_erp() -> ErpClient:
    return current_app.extensions["erp"]


def get_settings():
    return current_app.extensions["settings"]


def open_page_deadline() -> None:
    """Before each request: the ERP calls it makes share one deadline."""
    scope = ExitStack()
    scope.enter_context(get_erp().deadline(get_settings().page_deadline_s))
    g.erp_deadline = scope


def close_page_deadline(_error=None) -> None:
    """After each request (whatever happened): the scope ends with it."""
    scope = g.pop("erp_deadline", None)
    if scope is not None:
        scope.close()
