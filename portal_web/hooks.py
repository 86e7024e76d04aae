"""What runs around every request: who is logged in, whether they still may be, and headers."""

from __future__ import annotations

import logging
import time

from flask import abort, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user

from connector.errors import ErpUnavailable
from portal_web.areas import Role, landing_for, menu_for, role_of
from portal_web.auth import services as access
from portal_web.auth.user import PortalUser, Profile
from portal_web.cart.services import Cart
from portal_web.erp import close_page_deadline, get_erp, get_settings, open_page_deadline
from portal_web.extensions import login_manager

log = logging.getLogger(__name__)

_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def register(app) -> None:
    login_manager.user_loader(_load_user)
    login_manager.unauthorized_handler(_unauthorized)
    app.before_request(open_page_deadline)  # first: every ERP call of the request is inside it
    app.teardown_request(close_page_deadline)
    app.before_request(_require_role)
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


def _template_globals():
    """The menu and home link of the logged-in person's role (none for visitors)."""
    if not current_user.is_authenticated:
        return {"menu": [], "home_url": None, "cart_count": 0, "portal_name": "Customer portal"}
    role = Role(current_user.profile.role)
    landing = landing_for(role)
    cart_count = Cart.from_session(session).count if role is Role.CUSTOMER else 0
    return {"menu": menu_for(role), "home_url": url_for(landing) if landing else None,
            "cart_count": cart_count,
            "portal_name": "Supplier portal" if role is Role.SUPPLIER else "Customer portal"}
