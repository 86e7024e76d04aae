"""GET shows "Continue", POST logs in; a wrong or revoked link gets one polite page for both."""

from __future__ import annotations

import logging

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from connector.errors import ErpError
from portal_web.areas import Role, landing_for
from portal_web.auth import bp, services
from portal_web.auth.attempts import attempt_key
from portal_web.erp import get_erp
from portal_web.extensions import login_limiter
from portal_web.hooks import end_session, start_session

log = logging.getLogger(__name__)


@bp.get("/login/<token>")
def login(token: str):
    """Asks nothing of the ERP: opening a link must not log anyone in or cost anything."""
    return render_template("auth/continue.html")


@bp.post("/login/<token>")
def redeem(token: str):
    """Failed attempts are limited per client address and contact (`auth.attempts`)."""
    key = attempt_key(request.remote_addr, token)
    over = not login_limiter.allows(key)
    if over and not current_app.extensions["recent_grants"].may_match(get_erp(), token):
        log.warning("login attempts over the limit from %s", request.remote_addr)
        return render_template("auth/too_many.html"), 429
    profile = services.redeem(get_erp(), token)
    if profile is None:
        login_limiter.hit(key)
        log.info("login refused: wrong or revoked link")
        return render_template("auth/invalid.html"), 404
    start_session(profile)
    log.info("contact %s logged in", profile.contact_id)
    return redirect(url_for(landing_for(Role(profile.role))))


@bp.post("/logout")
def logout():
    """Ends this session and every other of the contact's, copies of its cookie included."""
    if not current_user.is_authenticated:  # nothing to end: a stale tab, or a second click
        return redirect(url_for("auth.signed_out"))
    contact_id = current_user.contact_id  # CSRFProtect has checked the token already
    try:
        services.end_all_sessions(get_erp(), contact_id)
        everywhere = True
    except ErpError as e:
        log.warning("logout of contact %s: other sessions not ended: %s", contact_id, e)
        everywhere = False
    end_session(signed_out=True)
    if not everywhere:
        flash("We could not reach our order system to end your sessions on other devices. "
              "This one is closed.", "warning")
    return redirect(url_for("auth.signed_out"))


@bp.get("/signed-out")
def signed_out():
    """Right after a logout, "You are signed out"; for any other visitor without a session,
    the sign-in page instead of the page they asked for (401)."""
    if session.pop("signed_out", False):
        return render_template("auth/signed_out.html", just_signed_out=True)
    return render_template("auth/signed_out.html"), 401


@bp.get("/access-ended")
def ended():
    return render_template("auth/ended.html"), 403
