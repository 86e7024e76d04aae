"""What the ERP knows of its integrations: the webhooks it calls (``integration-service``)."""

from __future__ import annotations

from dataclasses import dataclass

from ._table import FromApi, api, boolean, integer


@dataclass(frozen=True)
class Webhook(FromApi):
    """A subscription: the ERP calls ``uri_template`` when ``subscribe_to`` happens."""

    id: int
    subscribe_to: str
    http_method: str
    uri_template: str
    body_template: str
    content_type: str
    id_set_accepted: bool
    quality_of_service: int | None

    _what = "webhook"
    _api = {
        "id": api("id", integer, required=True),
        "subscribe_to": api("subscribeTo", required=True),
        "http_method": api("httpMethod"),
        "uri_template": api("uriTemplate", required=True),
        "body_template": api("bodyTemplate"),
        "content_type": api("contentType"),
        "id_set_accepted": api("idSetAccepted", boolean),
        "quality_of_service": api("qualityOfService", integer),
    }
