"""The one way views and services reach the ERP: the app's single connector client.

Every request runs inside one ERP deadline (`PORTAL_PAGE_DEADLINE_S`): a page that makes several
calls in a row cannot overrun it, and once it has passed the next call fails at once, which the
error handlers turn into the friendly 503 page.

It also runs in one call scope (`erp.scope`): its calls spend the logged-in contact's share of
the ERP budget (login attempts spend the login pool's), a request that may write (any method
but GET/HEAD/OPTIONS) reads from the ERP rather than the cache, and the scope's log says what
the page cost (the Server-Timing header) and whether it shows stale data (the note).
"""

from __future__ import annotations

import time
from contextlib import ExitStack

from flask import current_app, g, request
from flask_login import current_user

from connector import ErpClient

_READ_ONLY = frozenset({"GET", "HEAD", "OPTIONS"})
LOGIN_ENDPOINT = "auth.redeem"  # its anonymous attempts share the login pool


def make_client(settings) -> ErpClient:
    """One client per app: one pooled session, one limiter, one set of caches."""
    return ErpClient(settings.erp)


def get_erp() -> ErpClient:
    return current_app.extensions["erp"]


def get_settings():
    return current_app.extensions["settings"]


def open_page_scope() -> None:
    """Before each request: the ERP calls it makes share one deadline and one call scope."""
    erp, scope = get_erp(), ExitStack()
    g.page_started = time.perf_counter()
    scope.enter_context(erp.deadline(get_settings().page_deadline_s))
    g.erp_log = scope.enter_context(erp.scope(who=_who(),
                                              fresh=request.method not in _READ_ONLY))
    g.erp_scope = scope


def close_page_scope(_error=None) -> None:
    """After each request (whatever happened): the scope ends with it."""
    scope = g.pop("erp_scope", None)
    if scope is not None:
        scope.close()


def _who() -> str | None:
    """Whose share of the ERP budget the request spends."""
    if current_user.is_authenticated:
        return f"contact:{current_user.contact_id}"
    return "login" if request.endpoint == LOGIN_ENDPOINT else None
