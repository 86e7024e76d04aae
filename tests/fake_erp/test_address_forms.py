"""Every address form Brightpearl accepts for what the fake serves: optional id sets, `*`,
trailing slashes, both URI prefixes, period-separated id sets, OPTIONS, OAuth bearer tokens."""

from __future__ import annotations

import pytest
import requests

from tests.fixtures_erp import AUTH_HEADERS, DEMO_ORDER_BY_STATUS

SHIPPED_ORDER = DEMO_ORDER_BY_STATUS["Shipped and invoiced"]


@pytest.mark.parametrize(
    ("path", "count"),
    [
        ("/product-service/price-list", 4),
        ("/product-service/price-list/", 4),
        ("/product-service/price-list/2-3", 2),
        ("/order-service/order-status", 21),
        ("/order-service/order-status/3,5", 2),
        ("/order-service/order/1-3.6", 4),  # a period separates an unordered list
    ],
)
def test_id_sets_are_optional_where_brightpearl_makes_them_so(fake_erp, path, count):
    assert len(fake_erp.get(path).json()["response"]) == count


def test_contacts_without_ids_come_a_page_at_a_time(fake_erp):
    first = fake_erp.get("/contact-service/contact?pageSize=5").json()
    assert [c["contactId"] for c in first["response"]] == [1, 2, 3, 4, 5]
    assert first["pagination"]["morePagesAvailable"] is True
    newest = fake_erp.get("/contact-service/contact?pageSize=2&sort=contactId.DESC").json()
    assert newest["response"][0]["contactId"] > newest["response"][1]["contactId"]
    assert fake_erp.get("/contact-service/contact?pageSize=201").status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        f"/warehouse-service/order/{SHIPPED_ORDER}/goods-note/goods-out/",
        f"/warehouse-service/order/*/goods-note/goods-out/{SHIPPED_ORDER}",
    ],
)
def test_goods_out_notes_by_order_star_and_note_ids(fake_erp, path):
    notes = fake_erp.get(path).json()["response"]
    assert [n["orderId"] for n in notes.values()] == [SHIPPED_ORDER]


def test_product_prices_with_and_without_the_price_list_segment(fake_erp):
    every = fake_erp.get("/product-service/product-price/1-2").json()["response"]
    named = fake_erp.get("/product-service/product-price/1-2/price-list/1").json()["response"]
    assert [len(e["priceLists"]) for e in every] == [4, 4]
    assert [[pl["priceListId"] for pl in e["priceLists"]] for e in named] == [[1], [1]]
    assert fake_erp.get("/product-service/product-price/*/price-list/1").status_code == 400


@pytest.mark.parametrize(
    ("path", "first_uri"),
    [
        ("/order-service/sales-order/1-30", "/sales-order/1-14,22-"),  # 15-21: SC and POs
        ("/product-service/product-price/1-300/price-list/2", "/product-price/1-200/price-list/2"),
    ],
)
def test_options_answers_get_uris_for_sales_orders_and_prices(fake_erp, path, first_uri):
    answer = fake_erp.http.options(fake_erp.base_url + path, headers=AUTH_HEADERS, timeout=5)
    assert answer.json()["response"]["getUris"][0].startswith(first_uri)


def test_sales_order_get_is_the_flatter_model(fake_erp):
    (order,) = fake_erp.get(f"/order-service/sales-order/{SHIPPED_ORDER}").json()["response"]
    assert order["customer"]["id"] == order["customerId"] and order["rows"]
    assert set(order["total"]) == {"net", "tax", "gross", "baseNet", "baseTax", "baseGross"}
    assert fake_erp.get("/order-service/sales-order/16").json() == {"response": []}  # a PO


def test_the_older_prefix_and_a_bearer_token_are_accepted(fake_erp):
    old = requests.get(
        f"{fake_erp.url}/2.0.0/demo/product-service/price-list/", headers=AUTH_HEADERS, timeout=5
    )
    assert old.status_code == 200
    bearer = {
        "Authorization": "Bearer dev-token",
        "brightpearl-dev-ref": "any-developer",
        "brightpearl-app-ref": "portal",
    }
    assert requests.get(fake_erp.base_url + "/order-service/order/1", headers=bearer, timeout=5).ok
    no_dev_ref = {k: v for k, v in bearer.items() if k != "brightpearl-dev-ref"}
    answer = requests.get(
        fake_erp.base_url + "/order-service/order/1", headers=no_dev_ref, timeout=5
    )
    assert answer.status_code == 401
