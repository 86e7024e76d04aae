"""What runs around every request: who is logged in, whether they still may be, and headers."""

from __future__ import annotations

import logging
import time

from flask import redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user

from connector.errors import ErpError, ErpUnavailable
from portal_web.auth import services as access
from portal_web.auth.user import PortalUser, Profile
from portal_web.cart.services import Cart
from portal_web.erp import get_erp, get_settings
from portal_web.extensions import login_manager
from portal_web.money import format_money

log = logging.getLogger(__name__)

# Everything else needs a logged-in customer: access is denied unless a route is listed here.
PUBLIC_ENDPOINTS = {"auth.login", "auth.redeem", "auth.ended", "auth.signed_out", "static",
                    "ops.healthz", "ops.readyz", "ops.metrics"}

_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def register(app) -> None:
    login_manager.user_loader(_load_user)
    login_manager.unauthorized_handler(_unauthorized)
    app.before_request(_require_login)
    app.before_request(_recheck_access)
    app.after_request(_security_headers)
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


def _require_login():
    if request.endpoint in PUBLIC_ENDPOINTS or current_user.is_authenticated:
        return None
    return _unauthorized()


def _recheck_access():
    """Ends a session within a minute of its link being revoked or its contact logging out."""
    if not current_user.is_authenticated or request.endpoint in PUBLIC_ENDPOINTS:
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


def _template_globals():
    cart = Cart.from_session(session) if current_user.is_authenticated else None
    return {"cart_count": cart.count if cart else 0, "money": _money}


def _money(amount, currency_code: str) -> str:
    """Formats an amount with its currency's symbol (from the cached currency list)."""
    try:
        symbol = get_erp().reference.currency(currency_code).symbol
    except (ErpError, KeyError, LookupError):
        symbol = None
    return format_money(amount, currency_code, symbol)
