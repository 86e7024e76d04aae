"""Pytest plugin: the portal served over real HTTP against the fake ERP, and a scripted shopper.

`portal` starts the app under werkzeug's threaded server on a free loopback port (the issue asks
for tests over real HTTP); `shopper` is a requests session that keeps cookies and sends the CSRF
token of the last page it saw, as a person's shopper would.
"""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import pytest
import requests
from werkzeug.serving import make_server

from portal_web import create_app
from portal_web.auth.services import invite
from portal_web.settings import Settings
from tests.fixtures_erp import STAFF_IDS

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class LivePortal:
    url: str
    app: object
    settings: Settings

    @property
    def erp(self):
        """The portal's own connector client (tests use it to read what the ERP holds)."""
        return self.app.extensions["erp"]


@pytest.fixture
def portal_settings(fake_erp) -> Settings:
    return Settings(env="test", erp_base_url=fake_erp.base_url, erp_deadline_s=3.0,
                    secret_key="test-secret-key-" + "x" * 32, login_rate="1000/minute",
                    public_url="http://portal.test")


@pytest.fixture
def portal(portal_settings):
    yield from serve_portal(portal_settings)


def serve_portal(settings: Settings):
    """Serves a fresh app (fresh caches) until the test ends."""
    app = create_app(settings)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    live = LivePortal(f"http://127.0.0.1:{server.server_port}", app, settings)
    try:
        yield live
    finally:
        server.shutdown()
        thread.join(timeout=5)
        app.extensions["erp"].close()


class Shopper:
    """Cookies, the last CSRF token seen, and paths relative to the portal."""

    def __init__(self, portal: LivePortal):
        self.portal = portal
        self.session = requests.Session()
        self.csrf = None

    def get(self, path: str, **kw) -> requests.Response:
        return self._seen(self.session.get(self.portal.url + path, timeout=30, **kw))

    def post(self, path: str, data=None, *, csrf: bool = True, **kw) -> requests.Response:
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.csrf or self._fresh_token())
        return self._seen(self.session.post(self.portal.url + path, data=data, timeout=30, **kw))

    def login(self, contact_id: int) -> requests.Response:
        link = invite(self.portal.erp, contact_id, self.portal.url).link
        return self.open_link(link)

    def open_link(self, link: str) -> requests.Response:
        path = link.removeprefix(self.portal.url)
        self.get(path)
        return self.post(path)

    def _fresh_token(self) -> str:
        """The "Continue" page always carries a form and asks nothing of the ERP."""
        self.get("/login/token-for-csrf")
        return self.csrf

    def _seen(self, response: requests.Response) -> requests.Response:
        match = _CSRF.search(response.text) if "html" in response.headers.get(
            "Content-Type", "") else None
        if match:
            self.csrf = match.group(1)
        return response


@pytest.fixture
def shopper(portal) -> Shopper:
    return Shopper(portal)


@pytest.fixture(autouse=True)
def _quiet_werkzeug():
    """The test server's access log would drown the output of a failing test."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


@pytest.fixture
def make_customer(fake_erp, portal):
    """Creates a customer: `price_list` (id or None), `currency` (ISO code), `addresses` (count)."""

    def make(*, price_list=None, currency="GBP", addresses=1, owner=STAFF_IDS[0]) -> int:
        currency_id = portal.erp.reference.currency(currency).id
        contact_id = fake_erp.create_customer(
            financialDetails={"priceListId": price_list, "currencyId": currency_id},
            assignment={"current": {"staffOwnerContactId": owner}})
        for n in range(addresses):
            address_id = fake_erp.post("/contact-service/postal-address", {
                "addressLine1": f"{n + 1} Mill Lane", "addressLine3": "Leeds",
                "postalCode": f"LS{n + 1} 4AB", "countryIsoCode": "GBR"}).json()["response"]
            answer = fake_erp.put(f"/contact-service/contact/{contact_id}/postal-address",
                                  [{"postalAddressId": address_id, "type": "DEL"}])
            assert answer.status_code == 200, answer.text
        return contact_id

    return make


@contextlib.contextmanager
def gunicorn_portal(erp_base_url: str, log_path, *, workers: int = 2, **env):
    """`portal serve` as operators run it (gunicorn, `workers` processes); yields its URL.

    Everything it logs goes to `log_path`.
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    env = {"PORTAL_ERP_BASE_URL": erp_base_url, "PORTAL_PUBLIC_URL": url,
           "PATH": "/usr/bin:/bin", "PORTAL_ENV": "development", **env}
    with open(log_path, "w") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "portal_web.cli", "serve", "--port", str(port),
             "--workers", str(workers)], env=env, stdout=log_file, stderr=subprocess.STDOUT)
        try:
            _wait_until_up(url)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)


def _wait_until_up(url: str) -> None:
    for _ in range(150):
        try:
            if requests.get(f"{url}/healthz", timeout=1).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise AssertionError(f"portal serve did not start at {url}")


__all__ = ["LivePortal", "Shopper", "gunicorn_portal", "serve_portal"]
