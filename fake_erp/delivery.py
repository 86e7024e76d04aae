"""The server's delivery thread: drains the webhooks' outbox to the subscribers.

It wakes when the server's own writes raise events, and every ``POLL_S`` for the events ops
commands (another process, the same database) wrote to the outbox. Each delivery fills the
subscription's templates with Brightpearl's variables and is sent with its method and
content type; a failure is tried again later (``RETRY_BASE_S`` doubling, capped at
``RETRY_MAX_S``) unless the quality of service says not to, and given up after
``MAX_ATTEMPTS`` (logged). Sending happens outside the database lock.
"""

from __future__ import annotations

import logging
import threading
import time

import requests

from fake_erp.backend.webhooks import Webhooks, is_loopback

log = logging.getLogger(__name__)

POLL_S = 0.2
RETRY_BASE_S = 0.5
RETRY_MAX_S = 60.0
MAX_ATTEMPTS = 10
VERSION = "fake-erp-1.0"


class Deliverer:
    """One thread per server; ``wake()`` after raising events, ``stop()`` at shutdown."""

    def __init__(self, webhooks: Webhooks, account: str, *, allow_remote: bool = False,
                 poll_s: float = POLL_S) -> None:
        self._webhooks, self._account = webhooks, account
        self._allow_remote, self._poll_s = allow_remote, poll_s
        self._wake, self._stopped = threading.Event(), threading.Event()
        self._http = requests.Session()
        self._http.trust_env = False
        self._thread = threading.Thread(target=self._run, name="fake-erp-webhooks",
                                        daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopped.set()
        self._wake.set()
        self._thread.join(timeout=10)
        self._http.close()

    def _run(self) -> None:
        while not self._stopped.is_set():
            self._wake.wait(self._poll_s)
            self._wake.clear()
            try:
                self.drain()
            except Exception:  # the thread must outlive one bad delivery or a locked file
                log.exception("webhook delivery round failed")

    def drain(self) -> int:
        """Fan out the outbox and send what is due; the number of deliveries sent."""
        self._webhooks.fan_out()
        sent = 0
        for delivery in self._webhooks.due(time.time()):
            if self._stopped.is_set():
                break
            self._send(delivery)
            sent += 1
        return sent

    def _send(self, delivery: dict) -> None:
        values = self._variables(delivery)
        uri = _fill(delivery["uri_template"], values)
        if not self._allow_remote and not is_loopback(uri):
            log.warning("webhook %s dropped: %s is not a loopback address",
                        delivery["webhook_id"], uri)
            self._webhooks.delivered(delivery["id"])
            return
        status = self._request(delivery, uri, values)
        if status is not None and 200 <= status < 300:
            self._webhooks.delivered(delivery["id"])
        elif self._retried(delivery, status):
            wait = min(RETRY_BASE_S * 2 ** delivery["attempts"], RETRY_MAX_S)
            self._webhooks.retry_later(delivery["id"], time.time() + wait)
        else:
            log.warning("webhook %s: %s of %s given up after %d attempts (status %s)",
                        delivery["webhook_id"], delivery["full_event"],
                        delivery["resource_ids"], delivery["attempts"] + 1, status)
            self._webhooks.delivered(delivery["id"])

    def _request(self, delivery: dict, uri: str, values: dict) -> int | None:
        body, headers = None, {}
        if delivery["http_method"] in ("POST", "PUT") and delivery["body_template"]:
            body = _fill(delivery["body_template"], values).encode("utf-8")
            headers["Content-Type"] = delivery["content_type"] or "text/plain"
        try:
            answer = self._http.request(delivery["http_method"], uri, data=body,
                                        headers=headers, timeout=(1.0, 5.0),
                                        allow_redirects=False)
        except requests.RequestException as e:
            log.info("webhook %s to %s failed: %s", delivery["webhook_id"], uri,
                     type(e).__name__)
            return None
        answer.close()
        return answer.status_code

    @staticmethod
    def _retried(delivery: dict, status: int | None) -> bool:
        """QoS 1: retried unless a 4xx; QoS 0: retried only on a 503 (Brightpearl's rules)."""
        if delivery["attempts"] + 1 >= MAX_ATTEMPTS:
            return False
        if delivery["qos"] == 1:
            return status is None or not 400 <= status < 500
        return status == 503

    def _variables(self, delivery: dict) -> dict[str, str]:
        lifecycle = delivery["full_event"].split(".")[1]
        return {"account-code": self._account, "resource-type": delivery["resource_type"],
                "resource-id": delivery["resource_ids"], "lifecycle-event": lifecycle,
                "full-event": delivery["full_event"], "raised-on": delivery["raised_on"],
                "brightpearl-version": VERSION}


def _fill(template: str, values: dict[str, str]) -> str:
    """Brightpearl's ``${name}`` template variables."""
    for name, value in values.items():
        template = template.replace("${" + name + "}", value)
    return template
