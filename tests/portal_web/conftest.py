"""Fixtures for the portal's integration tests: fresh customers in the fake ERP, logged in."""

from __future__ import annotations

import logging
import re

import pytest

from tests.fixtures_erp import STAFF_IDS

_CSV = re.compile(r'name="product_id" value="(\d+)"')


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
                "postalCode": f"LS{n + 1} 4AB", "countryIsoCode": "GB"}).json()["response"]
            answer = fake_erp.put(f"/contact-service/contact/{contact_id}/postal-address",
                                  [{"postalAddressId": address_id, "type": "DEL"}])
            assert answer.status_code == 200, answer.text
        return contact_id

    return make


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
