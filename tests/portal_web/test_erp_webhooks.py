"""The ERP's webhooks: a change made in the ERP reaches the customer's page within 5 s, however
long the cached answer had left to live; the address refuses a wrong secret (issue 13)."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
import requests

from portal_web.cli import main
from portal_web.webhooks.services import BODY_TEMPLATE, SUBSCRIPTIONS, install, webhook_address
from tests.fixtures_erp import AUTH_HEADERS
from tests.fixtures_portal import Shopper

SECRET = "w" * 8 + "ebhook-secret-for-the-tests-0123456789"


@pytest.fixture
def hooked(portal_with, fake_erp):
    """A portal the fake ERP calls back (its own address), subscriptions removed afterwards."""
    portal = portal_with(webhook_secret=SECRET, public_url="http://127.0.0.1:1")
    portal.settings = replace(portal.settings, public_url=portal.url)
    install(portal.erp, portal.settings)
    yield portal
    _remove_subscriptions(fake_erp, portal.url)


def _remove_subscriptions(fake_erp, url: str) -> None:
    hooks = fake_erp.get("/integration-service/webhook").json().get("response", [])
    for hook in hooks:
        if hook["uriTemplate"].startswith(url):
            fake_erp.http.delete(f"{fake_erp.base_url}/integration-service/webhook/{hook['id']}",
                                 headers=AUTH_HEADERS, timeout=5)


def _within(seconds: float, shown) -> float:
    """How long until `shown()` is true (polled every 50 ms), failing after `seconds`."""
    started = time.monotonic()
    while not shown():
        assert time.monotonic() - started < seconds, f"not shown within {seconds} s"
        time.sleep(0.05)
    return time.monotonic() - started


def _order_page(hooked, make_customer, fake_erp, shopper) -> tuple[int, str]:
    customer = make_customer()
    confirmed = hooked.erp.reference.status_named("Confirmed").id
    order_id = fake_erp.create_sales_order(customer, statusId=confirmed)
    shopper.login(customer)
    page = shopper.get(f"/orders/{order_id}")
    assert page.status_code == 200 and "Ordered" in page.text
    return order_id, f"/orders/{order_id}"


def test_a_status_changed_in_the_erp_shows_on_the_page_within_5_s(hooked, make_customer,
                                                                  fake_erp):
    shopper = Shopper(hooked)
    order_id, path = _order_page(hooked, make_customer, fake_erp, shopper)
    ready = hooked.erp.reference.status_named("Ready for shipment").id
    assert shopper.get(path).headers["Server-Timing"].count('erp-requests;desc="0"')  # cached
    fake_erp.put(f"/order-service/order/{order_id}/status", {"orderStatusId": ready})
    _within(5.0, lambda: "Ready for shipment" in shopper.get(path).text)


def test_a_shipment_made_by_an_ops_command_shows_within_5_s(hooked, make_customer, fake_erp):
    shopper = Shopper(hooked)
    order_id, path = _order_page(hooked, make_customer, fake_erp, shopper)
    fake_erp.ship(order_id, "1ZWEBHOOK42")
    _within(5.0, lambda: "1ZWEBHOOK42" in shopper.get(path).text)


def test_the_address_refuses_a_wrong_secret_and_drops_nothing(hooked, shopper, customer,
                                                              fake_erp):
    shopper.get("/orders")
    cached = len(hooked.erp.cache)
    event = {"accountCode": "demo", "resourceType": "order", "id": "1-100000",
             "fullEvent": "order.modified"}
    for secret in ("wrong", SECRET[:-1], SECRET + "x", "é" * 40):
        answer = shopper.session.post(f"{hooked.url}/erp/webhooks/{secret}", json=event,
                                      timeout=5)
        assert answer.status_code == 404 and answer.json()["errors"]
    assert len(hooked.erp.cache) == cached


@pytest.mark.parametrize("body", [None, [], {"resourceType": "order"},
                                  {"resourceType": "Order!", "id": "5"},
                                  {"resourceType": "order", "id": "five"}])
def test_a_body_that_is_not_an_event_is_refused_in_json(hooked, body):
    answer = requests.post(webhook_address(hooked.settings), json=body, timeout=5)
    assert answer.status_code == 400 and answer.json()["errors"][0]["message"]


def test_an_event_of_another_account_changes_nothing(hooked):
    answer = requests.post(webhook_address(hooked.settings), timeout=5, json={
        "accountCode": "someone-else", "resourceType": "order", "id": "5"})
    assert answer.status_code == 200 and "ignored" in answer.json()


def test_with_webhooks_off_the_address_is_unknown(portal_with):
    portal = portal_with(webhooks=False, webhook_secret=SECRET)
    answer = requests.post(f"{portal.url}/erp/webhooks/{SECRET}", timeout=5,
                           json={"resourceType": "order", "id": "5"})
    assert answer.status_code == 404


def test_install_is_idempotent_and_replaces_an_older_address(portal, fake_erp, capsys,
                                                             monkeypatch):
    url = "http://127.0.0.1:7"
    monkeypatch.setenv("PORTAL_ERP_BASE_URL", fake_erp.base_url)
    monkeypatch.setenv("PORTAL_PUBLIC_URL", url)
    monkeypatch.setenv("PORTAL_WEBHOOK_SECRET", "o" * 40)
    try:
        assert main(["webhooks", "install"]) == 0
        monkeypatch.setenv("PORTAL_WEBHOOK_SECRET", SECRET)
        assert main(["webhooks", "install"]) == 0
        assert main(["webhooks", "install"]) == 0
        out = capsys.readouterr().out.splitlines()
        hooks = [h for h in fake_erp.get("/integration-service/webhook").json()["response"]
                 if h["uriTemplate"].startswith(url)]
    finally:
        _remove_subscriptions(fake_erp, url)
    n = len(SUBSCRIPTIONS)
    assert out == [f"ERP webhooks at {url}/erp/webhooks/<secret>: {n} added, 0 already there, "
                   f"0 removed",
                   f"ERP webhooks at {url}/erp/webhooks/<secret>: {n} added, 0 already there, "
                   f"{n} removed",
                   f"ERP webhooks at {url}/erp/webhooks/<secret>: 0 added, {n} already there, "
                   f"0 removed"]
    assert sorted(h["subscribeTo"] for h in hooks) == sorted(SUBSCRIPTIONS)
    assert {h["uriTemplate"] for h in hooks} == {f"{url}/erp/webhooks/{SECRET}"}
    assert {h["bodyTemplate"] for h in hooks} == {BODY_TEMPLATE}
    assert SECRET not in "".join(out)
