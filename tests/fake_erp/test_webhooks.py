"""Webhooks (integration-service): Brightpearl's subscriptions, and events delivered at least once
for changes made through the API and through the ops commands (issue 13)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from fake_erp.backend import Backend
from fake_erp.events import events_for
from fake_erp.seed import SeedSizes
from fake_erp.server import start_server
from tests.fixtures_erp import DEMO_CUSTOMER_ID

BODY = ('{"accountCode": "${account-code}", "resourceType": "${resource-type}", '
        '"id": "${resource-id}", "lifecycleEvent": "${lifecycle-event}", '
        '"fullEvent": "${full-event}", "raisedOn": "${raised-on}", '
        '"brightpearlVersion": "${brightpearl-version}"}')


class Receiver:
    """A loopback HTTP server that records what it is sent and answers `statuses` in turn."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.statuses: list[int] = []
        self._arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                with receiver._arrived:
                    receiver.received.append({"path": self.path, "status": status,
                                              "type": self.headers.get("Content-Type"),
                                              "body": json.loads(body or b"{}")})
                    receiver._arrived.notify_all()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()

    def wait_for(self, count: int, timeout: float = 5.0) -> list[dict]:
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.received) >= count, timeout)
        return list(self.received)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture
def subscribe(fake_erp):
    """Subscribes for the test; every subscription made is deleted afterwards."""
    made = []

    def make(event: str, url: str, **fields) -> int:
        answer = fake_erp.post("/integration-service/webhook", {
            "subscribeTo": event, "httpMethod": "POST", "uriTemplate": url,
            "bodyTemplate": BODY, "contentType": "application/json", "qualityOfService": 1,
            **fields})
        assert answer.status_code == 200, answer.text
        made.append(answer.json()["response"])
        return made[-1]

    yield make
    for webhook_id in made:
        fake_erp.http.delete(f"{fake_erp.base_url}/integration-service/webhook/{webhook_id}",
                             headers={"brightpearl-app-ref": "portal",
                                      "brightpearl-account-token": "dev-token"}, timeout=5)


def _confirmed_order(fake_erp) -> int:
    return fake_erp.create_sales_order(DEMO_CUSTOMER_ID, statusId=3)


def test_a_subscription_reads_back_in_brightpearls_form(fake_erp, subscribe, receiver):
    webhook_id = subscribe("order.modified.order-status", f"{receiver.url}/hook",
                           idSetAccepted=True)
    answer = fake_erp.get(f"/integration-service/webhook/{webhook_id}").json()["response"]
    assert answer == [{"id": webhook_id, "subscribeTo": "order.modified.order-status",
                       "httpMethod": "POST", "uriTemplate": f"{receiver.url}/hook",
                       "bodyTemplate": BODY, "contentType": "application/json",
                       "idSetAccepted": True, "qualityOfService": 1}]


@pytest.mark.parametrize(("method", "path", "status", "message"), [
    ("get", "/integration-service/webhook/99999", 404, "No webhooks available in ID Set 99999"),
    ("delete", "/integration-service/webhook/99999", 404, "Cannot find webhook: 99999"),
])
def test_unknown_webhooks_are_brightpearls_404s(fake_erp, method, path, status, message):
    answer = fake_erp.http.request(method, fake_erp.base_url + path, timeout=5, headers={
        "brightpearl-app-ref": "portal", "brightpearl-account-token": "dev-token"})
    assert answer.status_code == status
    assert answer.json()["errors"][0]["message"] == message


@pytest.mark.parametrize(("fields", "code"), [
    ({"subscribeTo": "invalid-resource"}, "INTC-064"),
    ({"subscribeTo": "order.exploded"}, "INTC-064"),
    ({"uriTemplate": "http://hooks.example.com/x"}, "INTC-065"),
    ({"uriTemplate": "not a uri"}, "CMNC-400"),
    ({"qualityOfService": 2}, "CMNC-400"),
])
def test_a_bad_subscription_is_refused_and_nothing_is_stored(fake_erp, fields, code):
    before = fake_erp.get("/integration-service/webhook").json()["response"]
    answer = fake_erp.post("/integration-service/webhook", {
        "subscribeTo": "order", "uriTemplate": "http://127.0.0.1:9/x", **fields})
    assert answer.status_code == 400 and answer.json()["errors"][0]["code"] == code
    assert fake_erp.get("/integration-service/webhook").json()["response"] == before


def test_a_status_change_through_the_api_is_delivered_with_brightpearls_variables(
        fake_erp, subscribe, receiver):
    order_id = _confirmed_order(fake_erp)
    subscribe("order.modified.order-status", f"{receiver.url}/erp/${{resource-type}}")
    assert fake_erp.put(f"/order-service/order/{order_id}/status",
                        {"orderStatusId": 4}).status_code == 200
    [delivery] = receiver.wait_for(1)
    assert delivery["path"] == "/erp/order" and delivery["type"] == "application/json"
    body = delivery["body"]
    assert {k: body[k] for k in ("accountCode", "resourceType", "id", "lifecycleEvent",
                                 "fullEvent")} == {
        "accountCode": "demo", "resourceType": "order", "id": str(order_id),
        "lifecycleEvent": "modified", "fullEvent": "order.modified.order-status"}
    assert body["raisedOn"].startswith("20") and body["brightpearlVersion"]


def test_a_subscription_to_a_resource_gets_all_its_events_and_no_others(
        fake_erp, subscribe, receiver):
    subscribe("order", receiver.url)
    order_id = _confirmed_order(fake_erp)  # sales-order.created: another resource type
    fake_erp.put(f"/order-service/order/{order_id}/status", {"orderStatusId": 4})
    fake_erp.post(f"/order-service/order/{order_id}/note", {"text": "hello"})
    fake_erp.patch(f"/contact-service/contact/{DEMO_CUSTOMER_ID}/custom-field",
                   [{"op": "add", "path": "/PCF_TEST", "value": "x"}])
    receiver.wait_for(2)
    time.sleep(0.3)  # anything else would have arrived by now
    assert [d["body"]["fullEvent"] for d in receiver.received] == [
        "order.modified.order-status", "order.modified"]


def test_a_failed_delivery_is_retried_until_it_succeeds(fake_erp, subscribe, receiver):
    receiver.statuses = [500, 502]
    subscribe("order.modified", receiver.url)
    order_id = _confirmed_order(fake_erp)
    fake_erp.put(f"/order-service/order/{order_id}/status", {"orderStatusId": 5})
    received = receiver.wait_for(3, timeout=10)
    assert [d["status"] for d in received] == [500, 502, 200]
    assert {d["body"]["id"] for d in received} == {str(order_id)}


def test_a_4xx_is_not_retried_at_least_once_and_qos_0_retries_only_503(
        fake_erp, subscribe, receiver):
    receiver.statuses = [404, 500]
    subscribe("order.modified", receiver.url)
    subscribe("order.modified", receiver.url, qualityOfService=0)
    order_id = _confirmed_order(fake_erp)
    fake_erp.put(f"/order-service/order/{order_id}/status", {"orderStatusId": 5})
    receiver.wait_for(2)
    time.sleep(1.0)  # a retry would come after 0.5 s
    assert sorted(d["status"] for d in receiver.received) == [404, 500]


def test_with_id_sets_accepted_one_delivery_carries_every_id(fake_erp, subscribe, receiver):
    subscribe("goods-out-note.created", receiver.url, idSetAccepted=True)
    order_id = _confirmed_order(fake_erp)
    answer = fake_erp.post(f"/warehouse-service/order/{order_id}/goods-note/goods-out", {
        "warehouses": [{"warehouseId": 1, "products": []}]})
    note_ids = answer.json()["response"]
    [delivery] = receiver.wait_for(1)
    assert delivery["body"]["id"] == ",".join(map(str, note_ids))
    assert delivery["body"]["resourceType"] == "goods-out-note"


def test_without_subscriptions_nothing_is_kept(fake_erp):
    backend = fake_erp.server.backend
    fake_erp.put(f"/order-service/order/{_confirmed_order(fake_erp)}/status",
                 {"orderStatusId": 4})
    assert backend.webhooks.pending() == 0


def test_ops_commands_of_another_process_reach_the_subscribers(tmp_path, receiver):
    """`fake-erp order-status` writes the change and its event in one transaction; the running
    server's delivery thread, polling the outbox, sends it."""
    db = tmp_path / "erp.db"
    server = start_server(str(db), seed=3, sizes=SeedSizes(products=20, customers=2,
                                                            suppliers=1, orders=30))
    try:
        server.backend.webhooks.create({"subscribeTo": "order", "uriTemplate": receiver.url,
                                        "bodyTemplate": BODY, "qualityOfService": 1})
        for argv in (["order-status", "3", "In production"], ["ship", "3", "--tracking", "1Z9"]):
            done = subprocess.run([sys.executable, "-m", "fake_erp", *argv, "--db", str(db)],
                                  capture_output=True, text=True, timeout=60)
            assert done.returncode == 0, done.stderr
        received = receiver.wait_for(2)
    finally:
        server.stop()
    assert [(d["body"]["fullEvent"], d["body"]["id"]) for d in received] == [
        ("order.modified.order-status", "3"), ("order.modified.fully-shipped", "3")]


@pytest.mark.parametrize(("method", "path", "answer", "events"), [
    ("POST", "order-service/sales-order", 12, ["sales-order.created 12"]),
    ("PUT", "order-service/order/5/status", None, ["order.modified.order-status 5"]),
    ("PATCH", "contact-service/contact/7/custom-field", {}, ["contact.modified 7"]),
    ("POST", "order-service/order/5/goods-note/goods-out", [8, 9],
     ["order.modified 5", "goods-out-note.created 8", "goods-out-note.created 9"]),
    ("PUT", "warehouse-service/goods-note/goods-out/8", None, ["goods-out-note.modified 8"]),
    ("DELETE", "accounting-service/customer-payment/4", None, ["customer-payment.destroyed 4"]),
    ("POST", "order-service/quote/5/acceptance", 1, ["quote.modified 5"]),  # a route of tomorrow
    ("POST", "integration-service/webhook", 3, []),
])
def test_a_write_raises_the_events_its_path_names(method, path, answer, events):
    raised = events_for(method, path, answer)
    assert [f"{e.full_event} {e.resource_id}" for e in raised] == events


def test_a_nested_write_that_fails_leaves_nothing_and_the_outer_one_goes_on():
    backend = Backend()
    try:
        with backend.repo.write() as conn:
            conn.execute("INSERT INTO tasks (assigned_to, subject, created_on)"
                         " VALUES (1, 'a', 'x')")
            with pytest.raises(ValueError), backend.repo.write() as inner:
                inner.execute("INSERT INTO tasks (assigned_to, subject, created_on)"
                              " VALUES (1, 'b', 'x')")
                raise ValueError("the inner change fails")
        with backend.repo.read() as conn:
            assert [r[0] for r in conn.execute("SELECT subject FROM tasks")] == ["a"]
    finally:
        backend.close()
