"""What a reviewer found in the fake (issue 12), each pinned by a test, and the fixes of issue 7
that are the fake's: multi-word product search, coherent demo data, goods-out writes."""

from __future__ import annotations

import re
import sqlite3

import pytest
import requests

from fake_erp.backend import Backend
from fake_erp.backend.repository import SchemaMismatch
from fake_erp.seed import seed
from tests.fixtures_erp import AUTH_HEADERS, DEMO_CUSTOMER_ID, EUR_PRICE_LIST_ID, SEED, SIZES


def test_an_id_set_is_counted_after_duplicates_are_removed(fake_erp):
    answer = fake_erp.get("/order-service/order/1-200,1-200,5")
    assert answer.status_code == 200 and len(answer.json()["response"]) == 200


def test_unauthenticated_requests_are_not_counted_and_add_no_window(fresh_server):
    bad = {"brightpearl-app-ref": "portal", "brightpearl-account-token": "wrong"}
    for n in range(30):
        answer = requests.get(
            f"{fresh_server.url}/public-api/acct{n}/order-service/order/1", headers=bad, timeout=5
        )
        assert answer.status_code == 401
        assert answer.headers["brightpearl-requests-remaining"] == "200"
    ok = requests.get(
        f"{fresh_server.base_url}/order-service/order/1", headers=AUTH_HEADERS, timeout=5
    )
    assert ok.headers["brightpearl-requests-remaining"] == "199"
    assert len(fresh_server.app.extensions["fake_erp"].throttle._hits) == 1  # one window


def test_money_filters_compare_exact_decimals_not_floats(fake_erp):
    order_id = fake_erp.create_sales_order(fake_erp.create_customer())  # the demo's ledger kept
    body = {
        "transactionRef": f"exact-{order_id}",
        "paymentMethodCode": "BACS",
        "paymentType": "RECEIPT",
        "orderId": order_id,
        "currencyIsoCode": "GBP",
        "amountPaid": "10.00",
        "paymentDate": "2026-11-01",
    }
    assert fake_erp.post("/accounting-service/customer-payment", body).status_code == 200

    def found(amount: str) -> int:
        params = {"orderId": order_id, "amountPaid": amount}
        answer = fake_erp.get("/accounting-service/customer-payment-search", params=params)
        return answer.json()["response"]["metaData"]["resultsAvailable"]

    assert found("10") == found("10.00") == 1
    assert found("10.0000000000000001") == 0  # equal as floats, not as amounts


def _name_of(fake_erp, product_id: int) -> str:
    product = fake_erp.get(f"/product-service/product/{product_id}").json()["response"][0]
    return product["salesChannels"][0]["productName"]


def test_product_search_matches_every_word_in_any_order(fake_erp):
    """Issue 7: "valve bracket" found nothing; every word must match, in any order."""
    words = _name_of(fake_erp, 7).lower().split()
    query = f"{words[-1]} {words[-2]}"  # the last two words of the name, swapped
    found = fake_erp.get("/product-service/product-search", params={"search": query})
    assert 7 in [row[0] for row in found.json()["response"]["results"]]


def test_product_search_finds_nothing_when_one_word_is_missing(fake_erp):
    name = _name_of(fake_erp, 7)
    found = fake_erp.get(
        "/product-service/product-search", params={"search": f"{name.split()[-1]} zzqx"}
    )
    assert found.json()["response"]["results"] == []
    sku = fake_erp.get("/product-service/product/7").json()["response"][0]["identity"]["sku"]
    by_sku = fake_erp.get(
        "/product-service/product-search", params={"search": f"{sku} {name.split()[0]}"}
    )
    assert [row[0] for row in by_sku.json()["response"]["results"]] == [7]


# What the demo data's countries look like: postal code pattern, towns, currency.
POSTCODES = {
    "GBR": r"^[A-Z]{1,2}\d{1,2} \d[A-Z]{2}$",
    "FRA": r"^\d{5}$",
    "DEU": r"^\d{5}$",
    "ESP": r"^\d{5}$",
    "USA": r"^\d{5}$",
    "NLD": r"^\d{4} [A-Z]{2}$",
    "IRL": r"^[A-Z]\d{2} [A-Z0-9]{4}$",
}
FRENCH_DEPARTMENTS = {"Lyon": "69", "Lille": "59", "Nantes": "44"}
EURO_COUNTRIES = {"FRA", "DEU", "ESP", "NLD", "IRL"}


@pytest.fixture(scope="module")
def demo_data():
    """The demo data alone (the session's server also holds what other tests create)."""
    backend = Backend()
    seed(backend, SEED, SIZES)
    yield backend
    backend.close()


def test_demo_addresses_agree_with_their_country(demo_data):
    with demo_data.repo.read() as conn:
        rows = conn.execute("SELECT * FROM addresses").fetchall()
    for row in rows:
        assert re.match(POSTCODES[row["country"]], row["postal_code"]), dict(row)
        if row["country"] == "FRA":
            assert row["postal_code"].startswith(FRENCH_DEPARTMENTS[row["line3"]])
        if row["country"] != "ESP":
            assert "Calle" not in row["line1"] + row["line2"]


def test_demo_customers_pay_in_their_countrys_currency(demo_data):
    with demo_data.repo.read() as conn:
        rows = conn.execute(
            "SELECT c.id, c.currency_id, c.price_list_id, a.country FROM contacts c"
            " JOIN addresses a ON a.contact_id = c.id"
            " WHERE c.is_staff = 0 AND c.is_supplier = 0 GROUP BY c.id"
        ).fetchall()
    for row in rows:
        expected = 2 if row["country"] in EURO_COUNTRIES else {"GBR": 1, "USA": 3}[row["country"]]
        assert row["currency_id"] == expected, dict(row)
    demo = next(r for r in rows if r["id"] == DEMO_CUSTOMER_ID)
    assert (demo["country"], demo["currency_id"], demo["price_list_id"]) == (
        "GBR",
        1,
        EUR_PRICE_LIST_ID,
    )


def test_demo_order_addresses_are_the_customers_own(fake_erp):
    order = fake_erp.get("/order-service/order/3").json()["response"][0]
    book = fake_erp.get(f"/contact-service/contact/{DEMO_CUSTOMER_ID}/postal-address").json()
    lines = {(a["addressLine1"], a["postalCode"]) for a in book["response"]}
    delivery = order["parties"]["delivery"]
    if delivery:
        assert (delivery["addressLine1"], delivery["postalCode"]) in lines
    billing = order["parties"]["billing"]
    assert (billing["addressLine1"], billing["postalCode"]) in lines


def test_a_postal_address_takes_a_three_letter_country_code(fake_erp):
    answer = fake_erp.post(
        "/contact-service/postal-address", {"addressLine1": "1 Quay", "countryIsoCode": "GB"}
    )
    assert answer.status_code == 400
    assert "3-letter ISO 3166" in answer.json()["errors"][0]["message"]
    created = fake_erp.post(
        "/contact-service/postal-address", {"addressLine1": "1 Quay", "countryIsoCode": "FRA"}
    ).json()["response"]
    address = fake_erp.get(f"/contact-service/postal-address/{created}").json()["response"][0]
    assert (address["countryIsoCode"], address["countryIsoCode2"]) == ("FRA", "FR")


def test_goods_out_writes_set_tracking_and_events(fake_erp):
    order_id = fake_erp.create_sales_order()
    body = {"warehouses": [{"warehouseId": 1, "products": []}], "shippingMethodId": 2}
    (note_id,) = fake_erp.post(
        f"/warehouse-service/order/{order_id}/goods-note/goods-out", body
    ).json()["response"]
    path = f"/warehouse-service/goods-note/goods-out/{note_id}"
    assert fake_erp.put(path, {"reference": "1ZTRACK", "boxes": 2}).json() == {}
    event = {"events": [{"eventCode": "SHW", "occured": "2026-11-02T10:00:00Z"}]}
    assert fake_erp.post(f"{path}/event", event).json() == {}
    note = fake_erp.get(f"/warehouse-service/order/{order_id}/goods-note/goods-out").json()[
        "response"
    ][str(note_id)]
    assert note["shipping"]["reference"] == "1ZTRACK" and note["shipping"]["boxes"] == 2
    assert all(note["status"][step] for step in ("printed", "picked", "packed", "shipped"))
    again = fake_erp.post(f"{path}/event", {"events": [{"eventCode": "PAC"}]})
    assert again.status_code == 400  # nothing follows a shipment


def test_a_database_of_another_schema_is_refused_with_a_clear_message(tmp_path):
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaMismatch, match="delete it and seed again"):
        Backend(str(db))
