"""Webhooks (``integration-service/webhook``) and the outbox of the events they deliver.

Subscriptions have Brightpearl's fields (``subscribeTo, httpMethod, uriTemplate,
bodyTemplate, contentType, idSetAccepted, qualityOfService``). A change raises events
(``Event``) into the outbox table, in the transaction of the change when an ops command
makes it (``ops.py``), just after it for API writes (the gate in ``app.py``). The server's
delivery thread (``fake_erp/delivery.py``) fans them out to the matching subscriptions and
sends them, retrying what failed: at least once (QoS 1: retried unless the receiver answers
4xx; QoS 0: retried only on 503). An event nobody subscribes to is dropped at once.

A subscription to ``order`` gets every order event; to ``order.modified``, that event and
the more specific ones (``order.modified.order-status``): names are matched at dots.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from fake_erp.backend import values as v
from fake_erp.backend.repository import Repository
from fake_erp.errors import BadRequest, NotFound

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS webhooks (
        id INTEGER PRIMARY KEY, subscribe_to TEXT NOT NULL, http_method TEXT NOT NULL,
        uri_template TEXT NOT NULL, body_template TEXT, content_type TEXT,
        id_set_accepted INTEGER NOT NULL, qos INTEGER NOT NULL, created_on TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS webhook_events (
        id INTEGER PRIMARY KEY, full_event TEXT NOT NULL, resource_type TEXT NOT NULL,
        resource_id INTEGER NOT NULL, raised_on TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS webhook_deliveries (
        id INTEGER PRIMARY KEY, webhook_id INTEGER NOT NULL, full_event TEXT NOT NULL,
        resource_type TEXT NOT NULL, resource_ids TEXT NOT NULL, raised_on TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, next_at REAL NOT NULL)""",
)
# The resource types whose events can be subscribed to (Brightpearl's list, and the fake's).
RESOURCES = frozenset({
    "order", "sales-order", "purchase-order", "sales-credit", "goods-out-note",
    "goods-in-note", "drop-ship-note", "product", "product-price", "contact",
    "postal-address", "customer-payment", "task", "quarantine-release",
})
_EVENT = re.compile(r"^([a-z][a-z-]*)(\.(created|modified|destroyed)(\.[a-z][a-z-]*)?)?$")
_METHODS = ("GET", "POST", "PUT", "DELETE")
_LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


@dataclass(frozen=True)
class Event:
    """A resource event: ``order.modified.order-status`` of order 5."""

    full_event: str
    resource_type: str
    resource_id: int


def is_loopback(uri: str) -> bool:
    host = (urlsplit(uri).hostname or "").lower()
    return host in _LOOPBACK or host.startswith("127.")


class Webhooks:
    def __init__(self, repo: Repository):
        self.repo = repo
        with repo.write() as conn:
            for statement in _SCHEMA:
                conn.execute(statement)

    # -- subscriptions (integration-service/webhook) --------------------------------------

    def create(self, body, *, allow_remote: bool = False) -> int:
        """`POST /webhook`; an unknown event is Brightpearl's 400 INTC-064."""
        event = v.str_field(body, "subscribeTo", required=True, max_len=200)
        match = _EVENT.match(event)
        if not match or match.group(1) not in RESOURCES:
            raise BadRequest(f"{event} either does not exist or cannot be subscribed too",
                             code="INTC-064")
        method = (v.str_field(body, "httpMethod", max_len=10) or "POST").upper()
        if method not in _METHODS:
            raise BadRequest(f"httpMethod must be one of {', '.join(_METHODS)}")
        uri = v.str_field(body, "uriTemplate", required=True, max_len=2000)
        if urlsplit(uri).scheme not in ("http", "https") or not urlsplit(uri).hostname:
            raise BadRequest("uriTemplate must be an absolute http(s) URI")
        if not allow_remote and not is_loopback(uri):
            raise BadRequest("this fake ERP delivers webhooks to loopback addresses only "
                             "(fake-erp serve --allow-remote-control)", code="INTC-065")
        row = (event, method, uri, v.str_field(body, "bodyTemplate", max_len=10000),
               v.str_field(body, "contentType", max_len=200),
               int(v.field(body, "idSetAccepted", bool, default=False)),
               _quality_of_service(body), v.now_iso())
        with self.repo.write() as conn:
            return conn.execute(
                "INSERT INTO webhooks (subscribe_to, http_method, uri_template, body_template,"
                " content_type, id_set_accepted, qos, created_on) VALUES (?,?,?,?,?,?,?,?)",
                row).lastrowid

    def get_many(self, ids: list[int] | None) -> list[dict]:
        """`GET /webhook/{idset?}`; none of the ids known: 404."""
        with self.repo.read() as conn:
            rows = conn.execute("SELECT * FROM webhooks ORDER BY id").fetchall()
        found = [_webhook_json(row) for row in rows if ids is None or row["id"] in ids]
        if ids is not None and not found:
            raise NotFound(f"No webhooks available in ID Set {','.join(map(str, ids))}")
        return found

    def delete(self, webhook_id: int) -> None:
        """`DELETE /webhook/{id}`: its pending deliveries go with it."""
        with self.repo.write() as conn:
            if not conn.execute("DELETE FROM webhooks WHERE id = ?", (webhook_id,)).rowcount:
                raise NotFound(f"Cannot find webhook: {webhook_id}")
            conn.execute("DELETE FROM webhook_deliveries WHERE webhook_id = ?", (webhook_id,))

    # -- the outbox -----------------------------------------------------------------------

    def raise_events(self, events: Iterable[Event]) -> int:
        """Record events (inside the caller's transaction when there is one)."""
        events = list(events)
        with self.repo.write() as conn:
            if not events or not conn.execute("SELECT 1 FROM webhooks LIMIT 1").fetchone():
                return 0
            raised_on = v.now_iso()
            conn.executemany(
                "INSERT INTO webhook_events (full_event, resource_type, resource_id, raised_on)"
                " VALUES (?, ?, ?, ?)",
                [(e.full_event, e.resource_type, e.resource_id, raised_on) for e in events])
        return len(events)

    def fan_out(self) -> int:
        """Turn the raised events into deliveries, one per matching subscription (ids
        grouped into one ID set where ``idSetAccepted``); the outbox is then empty."""
        with self.repo.write() as conn:
            events = conn.execute("SELECT * FROM webhook_events ORDER BY id").fetchall()
            if not events:
                return 0
            hooks = conn.execute("SELECT * FROM webhooks").fetchall()
            deliveries = [d for hook in hooks for d in _deliveries_of(hook, events)]
            conn.executemany(
                "INSERT INTO webhook_deliveries (webhook_id, full_event, resource_type,"
                " resource_ids, raised_on, next_at) VALUES (?, ?, ?, ?, ?, ?)",
                [(*d, time.time()) for d in deliveries])
            conn.execute("DELETE FROM webhook_events WHERE id <= ?", (events[-1]["id"],))
        return len(deliveries)

    def due(self, now: float, limit: int = 50) -> list[dict]:
        """Deliveries to send now, with their subscription's fields."""
        with self.repo.read() as conn:
            rows = conn.execute(
                "SELECT d.*, w.http_method, w.uri_template, w.body_template, w.content_type,"
                " w.qos FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id"
                " WHERE d.next_at <= ? ORDER BY d.id LIMIT ?", (now, limit)).fetchall()
        return [dict(row) for row in rows]

    def delivered(self, delivery_id: int) -> None:
        with self.repo.write() as conn:
            conn.execute("DELETE FROM webhook_deliveries WHERE id = ?", (delivery_id,))

    def retry_later(self, delivery_id: int, next_at: float) -> None:
        with self.repo.write() as conn:
            conn.execute("UPDATE webhook_deliveries SET attempts = attempts + 1, next_at = ?"
                         " WHERE id = ?", (next_at, delivery_id))

    def pending(self) -> int:
        """Events and deliveries not sent yet (tests, and a clean shutdown)."""
        with self.repo.read() as conn:
            events = conn.execute("SELECT COUNT(*) FROM webhook_events").fetchone()[0]
            return events + conn.execute("SELECT COUNT(*) FROM webhook_deliveries").fetchone()[0]


def _quality_of_service(body) -> int:
    qos = v.int_field(body, "qualityOfService")
    if qos not in (None, 0, 1):
        raise BadRequest("qualityOfService must be 0 (at most once) or 1 (at least once)")
    return qos or 0


def subscribed(subscription: str, full_event: str) -> bool:
    """``order`` and ``order.modified`` both match ``order.modified.order-status``."""
    return full_event == subscription or full_event.startswith(subscription + ".")


def _deliveries_of(hook, events) -> list[tuple]:
    matching = [e for e in events if subscribed(hook["subscribe_to"], e["full_event"])]
    if not hook["id_set_accepted"]:
        return [(hook["id"], e["full_event"], e["resource_type"], str(e["resource_id"]),
                 e["raised_on"]) for e in matching]
    grouped: dict[tuple[str, str], list] = {}
    for e in matching:
        grouped.setdefault((e["full_event"], e["resource_type"]), []).append(e)
    return [(hook["id"], event, kind, ",".join(str(i) for i in
                                              dict.fromkeys(e["resource_id"] for e in group)),
             group[0]["raised_on"]) for (event, kind), group in grouped.items()]


def _webhook_json(row) -> dict:
    out = {"id": row["id"], "subscribeTo": row["subscribe_to"], "httpMethod": row["http_method"],
           "uriTemplate": row["uri_template"]}
    if row["body_template"] is not None:
        out["bodyTemplate"] = row["body_template"]
    if row["content_type"] is not None:
        out["contentType"] = row["content_type"]
    out["idSetAccepted"] = bool(row["id_set_accepted"])
    out["qualityOfService"] = row["qos"]
    return out
