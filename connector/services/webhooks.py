"""The ERP's webhooks (``integration-service/webhook``): what it calls when data changes.

The portal subscribes to the resources it caches and drops what an event names; see
``portal_web/webhooks``. Never cached (``tags._NEVER_CACHED``).
"""

from __future__ import annotations

from .._parse import as_dict
from ..errors import ErpNotFound
from ..models import Webhook
from ._base import Service, new_id_from


class WebhookService(Service):
    service = "integration-service"

    def list(self) -> list[Webhook]:
        """Every webhook of the account (an account without any answers none)."""
        try:
            items = self._get_list("webhook", "webhooks")
        except ErpNotFound:
            return []
        return [Webhook.from_api(as_dict(item, "webhook")) for item in items]

    def create(self, *, subscribe_to: str, uri_template: str, body_template: str,
               content_type: str = "application/json", http_method: str = "POST",
               id_set_accepted: bool = True, quality_of_service: int = 1) -> int:
        """Subscribe to an event (``order.modified``) or all of a resource's (``order``)."""
        body = {"subscribeTo": subscribe_to, "httpMethod": http_method,
                "uriTemplate": uri_template, "bodyTemplate": body_template,
                "contentType": content_type, "idSetAccepted": id_set_accepted,
                "qualityOfService": quality_of_service}
        return new_id_from(self._write("POST", "webhook", body), "webhook POST")

    def delete(self, webhook_id: int) -> None:
        self._write("DELETE", f"webhook/{int(webhook_id)}")
