"""GET shows "Continue", POST logs in; a wrong or revoked link gets one polite page for both."""

from __future__ import annotations

import logging

from flask import redirect, render_template, request, url_for

from portal_web.auth import bp, services
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
    if not login_limiter.hit(f"login:{request.remote_addr}"):
        log.warning("login attempts over the limit from %s", request.remote_addr)
        return render_template("auth/too_many.html"), 429
    profile = services.redeem(get_erp(), token)
    if profile is None:
        log.info("login refused: wrong or revoked link")
        return render_template("auth/invalid.html"), 404
    start_session(profile)
    log.info("contact %s logged in", profile.contact_id)
    return redirect(url_for("catalog.index"))


@bp.post("/logout")
def logout():
    end_session()  # CSRFProtect has checked the token already
    return redirect(url_for("auth.signed_out"))


@bp.get("/signed-out")
def signed_out():
    """What a visitor without a session sees instead of any page of the portal."""
    return render_template("auth/signed_out.html"), 401


@bp.get("/access-ended")
def ended():
    return render_template("auth/ended.html"), 403
