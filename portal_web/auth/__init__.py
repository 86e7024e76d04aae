"""Logging in with a link, logging out, and the pages a visitor without a session sees."""

from portal_web.areas import Area, Role

bp = Area("auth", __name__, role=Role.ANYONE)


@bp.record_once
def _per_app_state(state) -> None:
    """Each app keeps its own copy of recently read grants (`auth.attempts`)."""
    from portal_web.auth.attempts import RecentGrants

    state.app.extensions["recent_grants"] = RecentGrants()


@bp.record_once
def _favicon(state) -> None:
    """Browsers ask for /favicon.ico on every first page view, signed in or not: it is served
    by the (public) static endpoint, never answered with the sign-in page."""
    state.app.add_url_rule("/favicon.ico", endpoint="static",
                           defaults={"filename": "favicon.ico"})


from portal_web.auth import routes  # noqa: E402,F401  (registers the views on bp)
