"""Pytest plugin: the portal served over real HTTP against the fake ERP, and a scripted shopper.

`portal` serves a fresh app for each test on werkzeug's threaded server, on a free loopback port
shared by the tests of a module (the issue asks for tests over real HTTP); `module_portal` is one
app for a whole module; `shopper` is a requests session that keeps cookies and sends the CSRF
token of the last page it saw, as a person's browser would.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import logging
import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, replace
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
import requests
from flask import session
from werkzeug.serving import make_server

from connector import ErpSettings
from portal_web import create_app
from portal_web.auth.services import invite
from portal_web.auth.user import Profile
from portal_web.hooks import start_session
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


def settings_for(erp_base_url: str, **changes) -> Settings:
    """The settings of a portal under test, on the fake ERP at `erp_base_url`.

    The fair shares of the ERP budget are lifted (tests make many requests as one contact);
    the tests of the shares set their own (`portal_with(erp={"contact_share": 5})`).
    """
    erp = ErpSettings(base_url=erp_base_url, deadline=3.0, contact_share=0, login_share=0,
                      login_reserve=0)
    settings = Settings(env="test", erp=erp,
                        secret_key="test-secret-key-" + "x" * 32, login_rate="1000/minute",
                        public_url="http://portal.test")
    return replace(settings, **changes)


@pytest.fixture
def portal_settings(fake_erp) -> Settings:
    return settings_for(fake_erp.base_url)


class _Mount:
    """The WSGI app of a shared test server: the app of the test being run."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


@pytest.fixture(scope="module")
def _portal_server():
    """One server per test module: starting and stopping one per test cost most of a second."""
    mount = _Mount()
    with _serving(mount) as url:
        yield url, mount


@pytest.fixture
def portal(portal_settings, _portal_server):
    """A fresh app (fresh caches, breaker and limits) for this test, on the module's server."""
    url, mount = _portal_server
    app = create_app(portal_settings)
    mount.app = app
    try:
        yield LivePortal(url, app, portal_settings)
    finally:
        mount.app = None
        app.extensions["erp"].close()


@pytest.fixture(scope="module")
def module_portal(erp_server):
    """One app for a whole module (the access matrix), with its caches warm from test to test.

    Its ERP budget is lifted: the module's tests together make more calls than a minute's 180,
    and the fake ERP's own window is reset by every test's `fake_erp`.
    """
    settings = settings_for(erp_server.base_url)
    yield from serve_portal(replace(settings, erp=replace(settings.erp, budget_per_minute=10**6)))


def serve_portal(settings: Settings, erp=None):
    """Serves a fresh app (fresh caches) on its own server until the generator is closed;
    `erp` replaces its connector client (a test's own, on a clock it moves)."""
    app = create_app(settings, erp=erp)
    with _serving(app) as url:
        try:
            yield LivePortal(url, app, settings)
        finally:
            app.extensions["erp"].close()


@contextlib.contextmanager
def _serving(wsgi_app):
    """werkzeug's threaded server on a free loopback port; it stops within 50 ms.

    `serve_forever` notices a shutdown only between two polls of its socket: werkzeug's default
    poll of 0.5 s made every stop cost half a second.
    """
    server = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
    server.daemon_threads = True  # a request still waiting on a hanging ERP never blocks the stop
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


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

    def login(self, contact_id: int, *, follow: bool = True) -> requests.Response:
        """Logs in with a fresh link; `follow=False` stops at the redirect to the landing page
        (which costs the ERP requests of the dashboard)."""
        link = invite(self.portal.erp, contact_id, self.portal.url).link
        answer = self.open_link(link, follow=follow)
        if not follow:
            self.csrf = None  # the login's token died with the session it started
        return answer

    def sign_in_as(self, contact_id: int) -> None:
        """Starts the session the portal's login would, without a link: the profile is built
        from the ERP and the session started with `hooks.start_session` (the code a real login
        runs). For areas under test that the app does not register (test_areas.py); everyone
        else, customers and suppliers, logs in with `login`.
        """
        app, erp = self.portal.app, self.portal.erp
        profile = Profile.from_contact(erp.contacts.get(contact_id), erp.reference.currencies(),
                                       fingerprint="signed-in-by-a-test")
        headers = {"User-Agent": self.session.headers["User-Agent"]}
        with app.test_request_context(headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"}):
            start_session(profile)
            cookie = app.session_interface.get_signing_serializer(app).dumps(dict(session))
        host = urlsplit(self.portal.url).hostname  # as the portal's own Set-Cookie would store it
        self.session.cookies.set(app.config["SESSION_COOKIE_NAME"], cookie, domain=host, path="/")

    def open_link(self, link: str, *, follow: bool = True) -> requests.Response:
        path = link.removeprefix(self.portal.url)
        self.get(path)
        return self.post(path, allow_redirects=follow)

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
def shopper(portal):
    shopper = Shopper(portal)
    yield shopper
    shopper.session.close()


@pytest.fixture(autouse=True)
def _quiet_werkzeug():
    """The test server's access log would drown the output of a failing test."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


@pytest.fixture
def make_customer(fake_erp, portal):
    """Creates a customer: `price_list` (id or None), `currency` (ISO code), `addresses` (count),
    `tax_code` (the id of its own tax code, or None: its products' codes apply)."""

    def make(*, price_list=None, currency="GBP", addresses=1, owner=STAFF_IDS[0],
             tax_code=None, **financial) -> int:
        currency_id = portal.erp.reference.currency(currency).id
        contact_id = fake_erp.create_customer(
            financialDetails={"priceListId": price_list, "currencyId": currency_id,
                              "taxCodeId": tax_code, **financial},
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


WAREHOUSE = {"addressFullName": "Goods In", "companyName": "Northwind Components Ltd",
             "addressLine1": "Unit 4, Canal Wharf", "addressLine3": "Leeds",
             "postalCode": "LS11 5PS", "countryIsoCode": "GBR"}


@pytest.fixture
def make_supplier(fake_erp, portal):
    """Creates a supplier contact (billing in `currency`) whose buyer is staff `owner`."""

    def make(*, currency="GBP", owner=STAFF_IDS[2]) -> int:
        return fake_erp.create_supplier(
            financialDetails={"currencyId": portal.erp.reference.currency(currency).id},
            assignment={"current": {"staffOwnerContactId": owner}})

    return make


@pytest.fixture
def make_quote(fake_erp, portal):
    """A quote of `customer_id` in the ERP: `valid_to` (a date, or None for no date), `status`
    (a status name), `rows` (sales-order POST rows: net and tax are the row's totals)."""
    in_a_month = dt.date.today() + dt.timedelta(days=30)

    def make(customer_id, *, valid_to=in_a_month, status="Quote", rows=None, **kw) -> int:
        status_id = portal.erp.reference.status_named(status, order_type="SO").id
        rows = rows or [{"productId": 1, "quantity": 4, "net": "40.00", "tax": "8.00"},
                        {"productId": 2, "quantity": 1, "net": "15.50", "tax": "0.00"}]
        quote_id = fake_erp.create_sales_order(customer_id, statusId=status_id, rows=rows, **kw)
        if valid_to is not None:
            answer = fake_erp.patch(f"/order-service/order/{quote_id}/custom-field", [
                {"op": "add", "path": "/PCF_VALIDTO", "value": valid_to.isoformat()}])
            assert answer.status_code == 200, answer.text
        return quote_id

    return make


@pytest.fixture
def make_purchase_order(fake_erp, portal):
    """Creates a purchase order of `supplier` in the status named `status`, owned by the buyer
    `owner`, for the warehouse; `lines` are (product id, quantity, unit cost) triples."""

    def make(supplier: int, *, status="Sent to supplier", lines=((1, 10, "5.00"),),
             owner=STAFF_IDS[2], ref=None, delivery_date="2026-12-15") -> int:
        status_id = portal.erp.reference.status_named(status, order_type="PO").id
        rows = [{"productId": p, "quantity": q, "net": str(Decimal(cost) * q), "tax": "0"}
                for p, q, cost in lines]
        return fake_erp.create_purchase_order(
            supplier, rows=rows, statusId=status_id, staffOwnerId=owner,
            ref=ref or f"PO-T{next(_po_numbers)}",
            delivery={"date": delivery_date, "address": WAREHOUSE})

    return make


_po_numbers = itertools.count(1)


NO_SHARES = {"PORTAL_ERP_CONTACT_SHARE": "0", "PORTAL_ERP_LOGIN_SHARE": "0",
             "PORTAL_ERP_LOGIN_RESERVE": "0"}


@contextlib.contextmanager
def gunicorn_portal(erp_base_url: str, log_path, *, workers: int = 2, **env):
    """`portal serve` as operators run it (gunicorn, `workers` processes); yields its URL.

    Everything it logs goes to `log_path`. The fair shares of the ERP budget are lifted, as in
    `settings_for` (split between workers, a contact's share is spent by a login and its
    dashboard); a test of the shares passes its own.
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    env = {"PORTAL_ERP_BASE_URL": erp_base_url, "PORTAL_PUBLIC_URL": url,
           "PATH": "/usr/bin:/bin", "PORTAL_ENV": "development",
           "PORTAL_WEBHOOKS": "off",  # a test that wants them says so (none may outlive it)
           **NO_SHARES, **env}
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


__all__ = ["WAREHOUSE", "LivePortal", "Shopper", "gunicorn_portal", "serve_portal",
           "settings_for"]
