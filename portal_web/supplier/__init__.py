"""The supplier portal: a supplier's own purchase orders, to acknowledge, ship and discuss."""

from portal_web.areas import Area, Nav, Role

bp = Area("supplier", __name__, role=Role.SUPPLIER, landing="index",
          nav=(Nav("Purchase orders", "index", order=10),))


@bp.record_once
def _per_app_state(state) -> None:
    """One lock per purchase order, in the storage the login limit uses (`portal_web.locks`)."""
    from portal_web.locks import KeyLocks

    settings = state.app.extensions["settings"]
    state.app.extensions["po_locks"] = KeyLocks(settings.rate_limit_storage)


from portal_web.supplier import routes  # noqa: E402,F401  (registers the views on bp)
