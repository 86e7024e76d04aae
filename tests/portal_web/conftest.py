"""Fixtures for the portal's integration tests: fresh customers in the fake ERP, logged in."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from tests.fixtures_portal import serve_portal

_CSV = re.compile(r'name="product_id" value="(\d+)"')


@pytest.fixture
def customer(make_customer, shopper) -> int:
    """A logged-in customer on the default price list, in GBP, with one address."""
    contact_id = make_customer()
    assert shopper.login(contact_id).status_code == 200
    return contact_id


def product_ids_on(html: str) -> list[int]:
    return [int(i) for i in _CSV.findall(html)]


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.fixture
def portal_with(portal_settings):
    """Serves a portal with other settings for the test: `portal_with(login_rate="3/minute")`;
    `erp={"deadline": 1.0}` changes the ERP's settings."""
    servers = []

    def serve(*, erp=None, **changes):
        if erp:
            changes["erp"] = replace(portal_settings.erp, **erp)
        servers.append(serve_portal(replace(portal_settings, **changes)))
        return next(servers[-1])

    yield serve
    for server in servers:
        server.close()


@pytest.fixture
def make_quote(fake_erp, portal):
    """A quote of `customer_id` in the ERP: `valid_to` (a date, or None for no date), `status`
    (a status name), `rows` (sales-order POST rows: net and tax are the row's totals)."""
    import datetime as dt

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
