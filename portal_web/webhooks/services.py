"""The portal's subscriptions to the ERP's webhooks, and the events they bring.

`install` is idempotent: at `portal serve`'s start (and by hand, `portal webhooks install`)
it makes sure the ERP calls this portal's address once for every resource whose data the
portal caches, removes this portal's subscriptions at other addresses (an older secret) and
duplicates, and leaves everything else alone. An event the ERP refuses (Brightpearl's
INTC-064: a resource it cannot subscribe to) is reported, not fatal: those resources rely on
their cache times to live.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from connector.errors import ErpValidationError
from connector.idsets import parse_idset

# The resources the portal reads, subscribed whole (every event of each).
SUBSCRIPTIONS = ("order", "sales-order", "goods-out-note", "contact", "postal-address",
                 "product", "product-price", "customer-payment")
BODY_TEMPLATE = ('{"accountCode": "${account-code}", "resourceType": "${resource-type}", '
                 '"id": "${resource-id}", "fullEvent": "${full-event}", '
                 '"raisedOn": "${raised-on}"}')
_RESOURCE = re.compile(r"^[a-z][a-z-]{0,60}$")
MAX_IDS = 10_000


class BadEvent(ValueError):
    """A webhook body that is not an event (the ERP is told with a 400 and does not retry)."""


@dataclass(frozen=True)
class Event:
    resource_type: str
    ids: tuple[int, ...]
    full_event: str
    id_text: str


def parse_event(body, account: str) -> Event | None:
    """The event of a webhook body (`BODY_TEMPLATE` filled in); None for another account."""
    if not isinstance(body, dict):
        raise BadEvent("the body must be a JSON object")
    resource_type, id_text = body.get("resourceType"), body.get("id")
    if not isinstance(resource_type, str) or not _RESOURCE.match(resource_type):
        raise BadEvent("resourceType must name a resource, such as order")
    try:
        ids = tuple(parse_idset(str(id_text), limit=MAX_IDS))
    except ValueError:
        raise BadEvent("id must be an ID set, such as 5 or 5-9,12") from None
    if body.get("accountCode") not in (None, account):
        return None
    return Event(resource_type, ids, str(body.get("fullEvent") or resource_type), str(id_text))


def webhook_address(settings) -> str:
    return f"{settings.public_url}/erp/webhooks/{settings.erp_webhook_secret}"


@dataclass
class Installed:
    """What `install` did."""

    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    removed: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)


def install(erp, settings) -> Installed:
    """Subscribe this portal's address to `SUBSCRIPTIONS`, once each (idempotent)."""
    address, ours = webhook_address(settings), f"{settings.public_url}/erp/webhooks/"
    done = Installed()
    for webhook in erp.webhooks.list():
        if not webhook.uri_template.startswith(ours):
            continue  # another integration's
        if _is_current(webhook, address) and webhook.subscribe_to not in done.kept:
            done.kept.append(webhook.subscribe_to)
        else:
            erp.webhooks.delete(webhook.id)
            done.removed += 1
    for event in SUBSCRIPTIONS:
        if event in done.kept:
            continue
        try:
            erp.webhooks.create(subscribe_to=event, uri_template=address,
                                body_template=BODY_TEMPLATE)
        except ErpValidationError as e:
            done.refused.append((event, e.message))
        else:
            done.added.append(event)
    return done


def _is_current(webhook, address: str) -> bool:
    return (webhook.uri_template == address and webhook.subscribe_to in SUBSCRIPTIONS
            and webhook.body_template == BODY_TEMPLATE and webhook.http_method == "POST"
            and webhook.id_set_accepted and webhook.quality_of_service == 1)
