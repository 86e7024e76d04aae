"""POST /erp/webhooks/<secret>: an event from the ERP; the cached answers it names are dropped."""

from __future__ import annotations

import hmac
import logging

from flask import jsonify, request

from portal_web.erp import get_erp, get_settings
from portal_web.extensions import csrf
from portal_web.webhooks import bp
from portal_web.webhooks.services import BadEvent, parse_event

log = logging.getLogger(__name__)

csrf.exempt(bp)


@bp.post("/erp/webhooks/<secret>")
def receive(secret: str):
    """Answers at once (the ERP waits for it); costs no ERP request."""
    settings = get_settings()
    expected = settings.erp_webhook_secret.encode()
    if not settings.webhooks or not hmac.compare_digest(secret.encode(), expected):
        return _error(404, "No such address")
    try:
        event = parse_event(request.get_json(silent=True), account_of(settings))
    except BadEvent as e:
        log.warning("ERP webhook refused: %s", e)
        return _error(400, str(e))
    if event is None:
        return jsonify(ignored="an event of another ERP account")
    dropped = get_erp().invalidate(event.resource_type, event.ids)
    log.info("ERP event %s of %s %s: %d cached answers dropped", event.full_event,
             event.resource_type, event.id_text, dropped)
    return jsonify(resourceType=event.resource_type, ids=len(event.ids), dropped=dropped)


def account_of(settings) -> str:
    """The account code, the last segment of the ERP's base URL (`…/public-api/demo`)."""
    return settings.erp.base_url.rstrip("/").rpartition("/")[2]


def _error(status: int, message: str):
    return jsonify(errors=[{"code": str(status), "message": message}]), status
