"""Contacts, custom fields, postal addresses and the address book over real HTTP."""

from __future__ import annotations

from tests.fixtures_erp import (
    DEMO_CUSTOMER_ID,
    DEMO_SUPPLIER_ID,
    EUR_PRICE_LIST_ID,
    PLAIN_CUSTOMER_ID,
    STAFF_IDS,
)


def test_contact_get_has_the_fields_the_portal_reads(fake_erp):
    contact = fake_erp.get(f"/contact-service/contact/{DEMO_CUSTOMER_ID}").json()["response"][0]
    assert contact["financialDetails"]["priceListId"] == EUR_PRICE_LIST_ID
    assert contact["financialDetails"]["currencyId"] == 1
    assert contact["relationshipToAccount"] == {"isSupplier": False, "isStaff": False}
    assert contact["assignment"]["current"]["staffOwnerContactId"] in STAFF_IDS
    assert set(contact["postAddressIds"]) == {"DEF", "BIL", "DEL"}
    assert "@" in contact["communication"]["emails"]["PRI"]["email"]


def test_contact_id_set_leaves_unknown_ids_out(fake_erp):
    answer = fake_erp.get("/contact-service/contact/1-3,999999")
    assert [c["contactId"] for c in answer.json()["response"]] == [1, 2, 3]
    assert all(c["relationshipToAccount"]["isStaff"] for c in answer.json()["response"])


def test_contact_search_filters_by_role_and_email_substring(fake_erp):
    suppliers = fake_erp.get("/contact-service/contact-search?isSupplier=true&columns=contactId")
    assert suppliers.json()["response"]["results"][0] == [DEMO_SUPPLIER_ID]
    email = fake_erp.get(f"/contact-service/contact/{PLAIN_CUSTOMER_ID}").json()["response"][0][
        "communication"
    ]["emails"]["PRI"]["email"]
    found = fake_erp.get(
        "/contact-service/contact-search", params={"primaryEmail": email[:6].upper()}
    )
    ids = [row[0] for row in found.json()["response"]["results"]]
    assert PLAIN_CUSTOMER_ID in ids


def test_contact_post_creates_a_customer_with_its_financial_details(fake_erp):
    contact_id = fake_erp.create_customer(
        financialDetails={"priceListId": 3, "currencyId": 3, "creditLimit": "500"}
    )
    contact = fake_erp.get(f"/contact-service/contact/{contact_id}").json()["response"][0]
    assert contact["financialDetails"]["creditLimit"] == 500  # a JSON number, as recorded
    assert contact["financialDetails"]["currencyId"] == 3
    search = fake_erp.get(
        f"/contact-service/contact-search?contactId={contact_id}&columns=isCustomer"
    )
    assert search.json()["response"]["results"] == [[True]]


def test_contact_post_refuses_wrong_types_and_unknown_references(fake_erp):
    before = fake_erp.get("/contact-service/contact-search?pageSize=1").json()
    for body in (
        {"firstName": 5},
        {"lastName": "X", "financialDetails": {"priceListId": 999}},
        {"lastName": "X", "assignment": {"current": {"staffOwnerContactId": DEMO_CUSTOMER_ID}}},
        [1, 2],
        {},
    ):
        answer = fake_erp.post("/contact-service/contact", body)
        assert answer.status_code == 400
        assert answer.json()["errors"][0]["code"] == "CMNC-400"
    after = fake_erp.get("/contact-service/contact-search?pageSize=1").json()
    assert (
        after["response"]["metaData"]["resultsAvailable"]
        == before["response"]["metaData"]["resultsAvailable"]
    )


def test_contact_patch_replaces_named_fields(fake_erp):
    contact_id = fake_erp.create_customer()
    answer = fake_erp.patch(
        f"/contact-service/contact/{contact_id}",
        [
            {"op": "replace", "path": "/firstName", "value": "Ann"},
            {"op": "replace", "path": "/financialDetails/priceListId", "value": EUR_PRICE_LIST_ID},
        ],
    )
    assert answer.status_code == 200 and answer.json()["response"]["firstName"] == "Ann"
    contact = fake_erp.get(f"/contact-service/contact/{contact_id}").json()["response"][0]
    assert contact["firstName"] == "Ann"
    assert contact["financialDetails"]["priceListId"] == EUR_PRICE_LIST_ID


def test_contact_patch_with_a_bad_op_changes_nothing(fake_erp):
    contact_id = fake_erp.create_customer(firstName="Keep")
    answer = fake_erp.patch(
        f"/contact-service/contact/{contact_id}",
        [
            {"op": "replace", "path": "/firstName", "value": "Lost"},
            {"op": "move", "path": "/lastName", "from": "/firstName"},
        ],
    )
    assert answer.status_code == 500 and answer.json()["errors"] == [
        {"code": "CMNC-044", "message": "Invalid patch operation (move) for given path (/lastName)"}
    ]
    assert (
        fake_erp.get(f"/contact-service/contact/{contact_id}").json()["response"][0]["firstName"]
        == "Keep"
    )
    assert (
        fake_erp.patch(
            "/contact-service/contact/999999",
            [{"op": "replace", "path": "/firstName", "value": "X"}],
        ).status_code
        == 404
    )


def test_custom_fields_add_replace_remove(fake_erp):
    contact_id = fake_erp.create_customer()
    path = f"/contact-service/contact/{contact_id}/custom-field"
    assert fake_erp.get(path).json() == {"response": {}}
    added = fake_erp.patch(path, [{"op": "add", "path": "/PCF_PORTAL", "value": "hash|2026"}])
    assert added.json() == {"response": {"PCF_PORTAL": "hash|2026"}}  # the fields afterwards
    assert fake_erp.get(path).json()["response"] == {"PCF_PORTAL": "hash|2026"}
    fake_erp.patch(path, [{"op": "remove", "path": "/PCF_PORTAL"}])
    assert fake_erp.get(path).json()["response"] == {}
    bad = fake_erp.patch(path, [{"op": "add", "path": "/firstName", "value": "x"}])
    assert bad.status_code == 500 and bad.json()["errors"][0]["code"] == "CMNC-044"
    assert fake_erp.get("/contact-service/contact/999999/custom-field").status_code == 404


def test_postal_addresses_create_read_replace_and_link(fake_erp):
    contact_id = fake_erp.create_customer()
    book = f"/contact-service/contact/{contact_id}/postal-address"
    assert fake_erp.get(book).json()["response"] == []
    first = fake_erp.post(
        "/contact-service/postal-address",
        {
            "addressLine1": "1 Mill Lane",
            "addressLine3": "Leeds",
            "postalCode": "LS1 1AA",
            "countryIsoCode": "GBR",
        },
    ).json()["response"]
    second = fake_erp.post("/contact-service/postal-address", {"addressLine1": "2 Quay"}).json()[
        "response"
    ]
    fake_erp.put(
        book, [{"postalAddressId": first, "type": "DEF"}, {"postalAddressId": first, "type": "BIL"}]
    )
    fake_erp.put(book, [{"postalAddressId": second, "type": "DEL"}])
    fake_erp.put(
        f"/contact-service/postal-address/{second}",
        {"addressLine1": "2 Quay", "addressLine3": "York"},
    )
    entries = fake_erp.get(book).json()["response"]
    assert [(e["addressId"], e["types"]) for e in entries] == [
        (first, ["DEF", "BIL"]),
        (second, ["DEL"]),
    ]
    assert (
        fake_erp.get(f"/contact-service/postal-address/{second}").json()["response"][0][
            "addressLine3"
        ]
        == "York"
    )
    contact = fake_erp.get(f"/contact-service/contact/{contact_id}").json()["response"][0]
    assert contact["postAddressIds"] == {"DEF": first, "BIL": first, "DEL": second}


def test_postal_address_bad_input_is_refused(fake_erp):
    assert (
        fake_erp.post("/contact-service/postal-address", {"addressLine2": "x"}).status_code == 400
    )
    assert fake_erp.post("/contact-service/postal-address", {"addressLine1": 12}).status_code == 400
    assert (
        fake_erp.put("/contact-service/postal-address/999999", {"addressLine1": "x"}).status_code
        == 404
    )
    link = fake_erp.put(
        f"/contact-service/contact/{PLAIN_CUSTOMER_ID}/postal-address",
        [{"postalAddressId": 1, "type": "HOME"}],
    )
    assert link.status_code == 400


def test_demo_customer_has_several_addresses(fake_erp):
    entries = fake_erp.get(f"/contact-service/contact/{DEMO_CUSTOMER_ID}/postal-address").json()[
        "response"
    ]
    assert len(entries) == 3
    assert entries[0]["types"] == ["DEF", "BIL"] and entries[1]["types"] == ["DEL"]
