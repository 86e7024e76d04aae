"""Fixtures for the portal's integration tests: fresh customers in the fake ERP, logged in."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from connector import ErpClient
from tests.fixtures_portal import serve_portal

_CSV = re.compile(r'name="product_id" value="(\d+)"')


@pytest.fixture
def customer(make_customer, shopper) -> int:
    """A logged-in customer on the default price list, in GBP, with one address.

    The login stops at its redirect: the dashboard it leads to would cache the customer's
    (empty) lists, and what the test then makes in the ERP would wait for their time to live
    (the tests run without the ERP's webhooks)."""
    contact_id = make_customer()
    assert shopper.login(contact_id, follow=False).status_code == 302
    return contact_id


@pytest.fixture
def supplier(make_supplier, shopper) -> int:
    """A logged-in supplier (billing in GBP), through their own login link (stopping at its
    redirect, as `customer` does)."""
    contact_id = make_supplier()
    assert shopper.login(contact_id, follow=False).status_code == 302
    return contact_id


def product_ids_on(html: str) -> list[int]:
    return [int(i) for i in _CSV.findall(html)]


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.fixture
def portal_with(portal_settings):
    """Serves a portal with other settings for the test: `portal_with(login_rate="3/minute")`;
    `erp={"deadline": 1.0}` changes the ERP's settings; `wall=clock` dates its cached answers
    by a clock the test moves."""
    servers = []

    def serve(*, erp=None, wall=None, **changes):
        if erp:
            changes["erp"] = replace(portal_settings.erp, **erp)
        settings = replace(portal_settings, **changes)
        client = ErpClient(settings.erp, _wall=wall) if wall else None
        servers.append(serve_portal(settings, erp=client))
        return next(servers[-1])

    yield serve
    for server in servers:
        server.close()

