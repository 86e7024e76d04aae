"""What runs around every request: who is logged in, whether they still may be, and headers.

Every answer says what it cost in a `Server-Timing` header (the portal's own time, the time
spent waiting on the ERP, ERP requests, cache hits), and a page that shows data the cache kept
while the ERP could not answer says so, with the time it was fetched (`stale_note`).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime

from babel.dates import format_time
from flask import abort, g, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user

from connector.errors import ErpUnavailable
from portal_web.areas import Role, landing_for, menu_for, role_of
from portal_web.auth import services as access
from portal_web.auth.user import PortalUser, Profile
from portal_web.cart.services import Cart
from portal_web.erp import close_page_scope, get_erp, get_settings, open_page_scope
from portal_web.extensions import login_manager

log = logging.getLogger(__name__)

_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def register(app) -> None:
    login_manager.user_loader(_load_user)
    login_manager.unauthorized_handler(_unauthorized)
    app.before_request(open_page_scope)  # first: every ERP call of the request is inside it
    app.teardown_request(close_page_scope)
    app.before_request(_require_role)
    app.before_request(_recheck_access)
    app.after_request(_security_headers)
    app.after_request(_server_timing)
    app.context_processor(_template_globals)


def start_session(profile: Profile) -> None:
    """A fresh session for a new login: nothing of the visitor's earlier session is kept."""
    session.clear()
    session.permanent = True
    session["profile"] = profile.to_session()
    session["checked_at"] = time.time()
    login_user(PortalUser(profile))


def end_session(*, signed_out: bool = False) -> None:
    """Ends this browser's session; `signed_out` makes the next page say "You are signed out"."""
    logout_user()
    session.clear()
    if signed_out:
        session["signed_out"] = True


def _load_user(user_id: str):
    profile = Profile.from_session(session.get("profile") or {})
    if profile is None or str(profile.contact_id) != user_id:
        return None
    return PortalUser(profile)


def _unauthorized():
    return redirect(url_for("auth.signed_out"))


def _require_role():
    """Deny by default: an endpoint serves only the role its area declares (portal_web/areas.py).

    A visitor without a session is sent to sign in; a logged-in person of another role gets the
    404 of an unknown address, so a supplier cannot even tell which customer pages exist.
    """
    if request.endpoint is None:  # no such route: Flask's own 404 or 405 follows
        return None if current_user.is_authenticated else _unauthorized()
    role = role_of(request.endpoint)
    if role is Role.ANYONE:
        return None
    if not current_user.is_authenticated:
        return _unauthorized()
    if role is None or role.value != current_user.profile.role:
        abort(404)
    return None


def _recheck_access():
    """Ends a session within a minute of its link being revoked or its contact logging out."""
    if not current_user.is_authenticated or role_of(request.endpoint) is Role.ANYONE:
        return None
    if time.time() - session.get("checked_at", 0) < get_settings().access_recheck_s:
        return None
    try:
        verdict = access.recheck(get_erp(), current_user.profile)
    except ErpUnavailable:
        log.warning("access re-check skipped: the ERP is unavailable")
        return None
    if verdict.profile is None:
        log.info("session of contact %s ended: %s", current_user.contact_id,
                 "logged out" if verdict.signed_out else "access revoked")
        end_session(signed_out=verdict.signed_out)
        return redirect(url_for("auth.signed_out" if verdict.signed_out else "auth.ended"))
    session["profile"] = verdict.profile.to_session()
    session["checked_at"] = time.time()
    return None


def _security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", _CSP)
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    if not get_settings().development and request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if current_user.is_authenticated:
        headers.setdefault("Cache-Control", "no-store")
    return response


def _server_timing(response):
    """What the answer cost: the portal's own time, the ERP's, ERP requests and cache hits."""
    log, started = g.get("erp_log"), g.get("page_started")
    if log is None or started is None:
        return response
    total_ms = (time.perf_counter() - started) * 1000
    erp_ms = log.erp_seconds * 1000
    response.headers["Server-Timing"] = (
        f'app;dur={max(total_ms - erp_ms, 0.0):.1f};desc="portal", '
        f'erp;dur={erp_ms:.1f};desc="ERP", erp-requests;desc="{log.requests}", '
        f'cache-hits;desc="{log.hits}"')
    return response


@dataclass(frozen=True)
class StaleNote:
    """The page shows answers kept from `as_of` (a time), because the ERP `busy` or down."""

    as_of: str
    busy: bool


def stale_note() -> StaleNote | None:
    """Read when the page is drawn: after its ERP calls, so it knows whether any was stale."""
    log = g.get("erp_log")
    if log is None or log.stale_since is None:
        return None
    as_of = format_time(datetime.fromtimestamp(log.stale_since), "short",
                        locale=get_settings().locale)
    return StaleNote(as_of, busy=log.stale_reason in ("throttled", "share"))


def _template_globals():
    """The menu and home link of the logged-in person's role (none for visitors)."""
    if not current_user.is_authenticated:
        return {"menu": [], "home_url": None, "cart_count": 0, "portal_name": "Customer portal",
                "stale_note": stale_note}
    role = Role(current_user.profile.role)
    landing = landing_for(role)
    cart_count = Cart.from_session(session).count if role is Role.CUSTOMER else 0
    return {"menu": menu_for(role), "home_url": url_for(landing) if landing else None,
            "cart_count": cart_count, "stale_note": stale_note,
            "portal_name": "Supplier portal" if role is Role.SUPPLIER else "Customer portal"}
