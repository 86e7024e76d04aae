"""Account details and delivery addresses: shown from the ERP, written to the ERP at once, and
only what a customer may change, only when it is valid, only their own."""

from __future__ import annotations

import html
import re

import pytest

from tests.fixtures_erp import DEMO_CUSTOMER_ID, PLAIN_CUSTOMER_ID


def _contact(fake_erp, contact_id: int) -> dict:
    return fake_erp.get(f"/contact-service/contact/{contact_id}").json()["response"][0]


def _book(fake_erp, contact_id: int) -> list[dict]:
    return fake_erp.get(f"/contact-service/contact/{contact_id}/postal-address").json()[
        "response"]


def _writes(fake_erp) -> list[str]:
    return [k for k in fake_erp.requests()["by_endpoint"] if not k.startswith("GET")]


@pytest.fixture
def billed_customer(fake_erp, make_customer, shopper):
    """A logged-in customer with a billing address, a delivery address, a limit and terms."""
    customer = make_customer(addresses=2, creditLimit=2500, creditTermDays=45)
    first = _book(fake_erp, customer)[0]["addressId"]
    fake_erp.put(f"/contact-service/contact/{customer}/postal-address",
                 [{"postalAddressId": first, "type": "BIL"}])
    fake_erp.patch(f"/contact-service/contact/{customer}", [
        {"op": "replace", "path": "/communication/telephones/PRI", "value": "+44 113 496 0000"}])
    assert shopper.login(customer).status_code == 200
    return customer


def test_account_details_show_what_the_erp_holds(shopper, billed_customer, fake_erp):
    page = html.unescape(shopper.get("/account").text)
    contact = _contact(fake_erp, billed_customer)
    balance = fake_erp.get(f"/accounting-service/contact/{billed_customer}/currency/GBP/balance")
    assert contact["organisation"]["name"] in page
    for value in (contact["firstName"], contact["lastName"],
                  contact["communication"]["emails"]["PRI"]["email"], "+44 113 496 0000"):
        assert f'value="{value}"' in page
    assert "1 Mill Lane" in page and "Leeds LS1 4AB" in page  # the billing address
    assert "Retail (GBP)" in page and "45 days from the invoice date" in page
    assert 'id="credit-limit">£2,500.00<' in page
    assert f'id="balance">£{float(balance.json()["response"] or 0):,.2f}<' in page
    assert "Sarah Collins" in page


def test_the_contact_changes_name_email_and_phone_in_the_erp(shopper, billed_customer, fake_erp):
    answer = shopper.post("/account", {"first_name": "Zoë", "last_name": "O'Brien",
                                       "email": "zoe.obrien@example.com",
                                       "phone": "+353 (1) 555-0100"})
    assert answer.status_code == 200 and "Your details are saved." in answer.text
    contact = _contact(fake_erp, billed_customer)
    assert (contact["firstName"], contact["lastName"]) == ("Zoë", "O'Brien")
    assert contact["communication"]["emails"]["PRI"]["email"] == "zoe.obrien@example.com"
    assert contact["communication"]["telephones"]["PRI"] == "+353 (1) 555-0100"
    assert "Hello, Zoë O&#39;Brien" in shopper.get("/").text  # the session knows the new name


def test_any_other_posted_field_is_ignored(shopper, billed_customer, fake_erp):
    before = _contact(fake_erp, billed_customer)
    fake_erp.reset()
    shopper.post("/account", {
        "first_name": "Ann", "last_name": "Lee", "email": "ann@example.com", "phone": "",
        "company_name": "Evil Corp", "organisation": "Evil Corp", "credit_limit": "999999",
        "creditLimit": "999999", "price_list_id": "3", "priceListId": "3", "currencyId": "2",
        "path": "/financialDetails/creditLimit", "contactId": str(DEMO_CUSTOMER_ID)})
    after = _contact(fake_erp, billed_customer)
    assert after["organisation"] == before["organisation"]
    assert after["financialDetails"] == before["financialDetails"]
    assert after["firstName"] == "Ann" and "telephones" not in after["communication"] or \
        after["communication"]["telephones"] == {}
    assert _writes(fake_erp) == ["PATCH contact-service/contact/{id}"]
    assert _contact(fake_erp, DEMO_CUSTOMER_ID)["firstName"] == "Claire"


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"first_name": ""}, "first_name", "Enter your first name."),
    ({"last_name": "x" * 33}, "last_name", "At most 32 characters."),
    ({"email": "not-an-email"}, "email", "Enter an email address"),
    ({"email": "a@b.com, c@d.com"}, "email", "Enter an email address"),
    ({"email": "a@b.com\r\nBcc: x@evil.com"}, "email", "Enter an email address"),
    ({"phone": "call me maybe"}, "phone", "Use digits, spaces"),
    ({"phone": "1" * 31}, "phone", "Use digits, spaces"),
    ({"first_name": "Ann\nBcc"}, "first_name", "Use letters, digits and punctuation only."),
])
def test_bad_details_are_a_400_next_to_the_field_and_change_nothing(shopper, billed_customer,
                                                                    fake_erp, form, field,
                                                                    message):
    good = {"first_name": "Ann", "last_name": "Lee", "email": "ann@example.com", "phone": ""}
    before = _contact(fake_erp, billed_customer)
    fake_erp.reset()
    answer = shopper.post("/account", {**good, **form})
    assert answer.status_code == 400
    assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', answer.text, re.S)
    assert message in html.unescape(answer.text.split(f'id="{field}-error"')[1][:200])
    assert _writes(fake_erp) == []
    assert _contact(fake_erp, billed_customer) == before


def test_addresses_list_the_book_and_keep_the_billing_address_for_the_account_manager(
        shopper, billed_customer, fake_erp):
    book = _book(fake_erp, billed_customer)
    billing, delivery = book[0]["addressId"], book[1]["addressId"]
    page = shopper.get("/addresses").text
    assert f'href="/addresses/{delivery}/edit"' in page
    assert f'href="/addresses/{billing}/edit"' not in page
    assert "Your account manager changes your billing address." in page
    assert shopper.get(f"/addresses/{billing}/edit").status_code == 200
    refused = shopper.post(f"/addresses/{billing}/edit", {
        "line1": "Elsewhere", "city": "York", "postal_code": "YO1 1AA", "country": "GBR"})
    assert refused.status_code == 403
    assert _book(fake_erp, billed_customer)[0]["addressLine1"] == "1 Mill Lane"


def _address(**changes) -> dict:
    return {"line1": "5 Rue de la Paix", "line2": "", "city": "Paris", "region": "",
            "postal_code": "75002", "country": "FRA", **changes}


def test_a_new_address_is_saved_in_the_erp_as_a_delivery_address(shopper, billed_customer,
                                                                   fake_erp):
    form = shopper.get("/addresses/new").text
    assert '<option value="GBR" selected>United Kingdom</option>' in form  # the billing country
    assert '<option value="FRA" >France</option>' in form
    answer = shopper.post("/addresses/new", _address())
    assert answer.url.endswith("/addresses") and "The address is saved" in answer.text
    added = _book(fake_erp, billed_customer)[-1]
    assert (added["addressLine1"], added["addressLine3"], added["postalCode"],
            added["countryIsoCode"], added["types"]) == (
        "5 Rue de la Paix", "Paris", "75002", "FRA", ["DEL"])
    assert "75002 Paris" in answer.text and "France" in answer.text


def test_checkout_offers_the_new_address_at_once_and_delivers_to_it(shopper, billed_customer,
                                                                     fake_erp):
    from tests.portal_web.conftest import product_ids_on

    product_id = product_ids_on(shopper.get("/catalog").text)[0]
    shopper.post("/cart/items", {"product_id": product_id, "quantity": 1})
    added = shopper.post("/addresses/new?next=cart", _address())
    assert added.url.endswith("/cart")
    new_id = _book(fake_erp, billed_customer)[-1]["addressId"]
    assert f'value="{new_id}"' in added.text and "5 Rue de la Paix" in added.text
    placed = shopper.post("/cart/checkout", {"address_id": str(new_id)})
    order_id = int(re.search(r"/orders/(\d+)/placed", placed.url).group(1))
    delivery = fake_erp.get(f"/order-service/order/{order_id}").json()["response"][0][
        "parties"]["delivery"]
    assert (delivery["addressLine1"], delivery["countryIsoCode3"]) == ("5 Rue de la Paix", "FRA")


@pytest.mark.parametrize(("changes", "field"), [
    ({"line1": ""}, "line1"), ({"city": " "}, "city"), ({"postal_code": ""}, "postal_code"),
    ({"country": ""}, "country"), ({"country": "XYZ"}, "country"),
    ({"line1": "x" * 101}, "line1"), ({"postal_code": "1" * 21}, "postal_code"),
])
def test_a_bad_address_is_a_400_next_to_the_field_and_saves_nothing(shopper, billed_customer,
                                                                    fake_erp, changes, field):
    fake_erp.reset()
    answer = shopper.post("/addresses/new", _address(**changes))
    assert answer.status_code == 400
    assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', answer.text, re.S)
    assert _writes(fake_erp) == []


def test_a_country_the_erp_refuses_is_a_clear_message_and_saves_nothing(shopper,
                                                                        billed_customer,
                                                                        fake_erp):
    before = _book(fake_erp, billed_customer)
    answer = shopper.post("/addresses/new", _address(country="MLT"))  # the fake knows 44
    assert answer.status_code == 400
    assert "Our order system did not accept this address" in answer.text
    assert _book(fake_erp, billed_customer) == before


def test_the_same_address_sent_twice_is_added_once(shopper, billed_customer, fake_erp):
    shopper.post("/addresses/new", _address())
    again = shopper.post("/addresses/new", _address(line1="  5 rue de la paix "))
    assert "already in your addresses" in again.text
    assert [a["addressLine1"] for a in _book(fake_erp, billed_customer)].count(
        "5 Rue de la Paix") == 1


def test_editing_a_delivery_address_changes_it_in_the_erp(shopper, billed_customer, fake_erp):
    delivery = _book(fake_erp, billed_customer)[1]["addressId"]
    form = shopper.get(f"/addresses/{delivery}/edit").text
    assert 'value="2 Mill Lane"' in form
    shopper.post(f"/addresses/{delivery}/edit", _address(line1="7 Quai Voltaire"))
    changed = next(a for a in _book(fake_erp, billed_customer) if a["addressId"] == delivery)
    assert (changed["addressLine1"], changed["countryIsoCode"]) == ("7 Quai Voltaire", "FRA")


def test_another_contacts_address_is_a_404_and_stays_as_it_was(shopper, billed_customer,
                                                               fake_erp):
    theirs = _book(fake_erp, PLAIN_CUSTOMER_ID)[0]
    assert shopper.get(f"/addresses/{theirs['addressId']}/edit").status_code == 404
    answer = shopper.post(f"/addresses/{theirs['addressId']}/edit", _address())
    assert answer.status_code == 404
    assert _book(fake_erp, PLAIN_CUSTOMER_ID)[0] == theirs


def test_only_the_cart_is_a_place_to_return_to(shopper, billed_customer):
    answer = shopper.post("/addresses/new?next=https://evil.example/", _address(),
                          allow_redirects=False)
    assert answer.headers["Location"] == "/addresses"
