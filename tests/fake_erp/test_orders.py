"""Orders: GET shape, search, atomic creation, uniqueness, status, notes, custom fields."""

from __future__ import annotations

import pytest

from tests.fixtures_erp import (
    DEMO_CUSTOMER_ID,
    DEMO_ORDER_BY_STATUS,
    DEMO_PURCHASE_ORDER_IDS,
    DEMO_SUPPLIER_ID,
    EXPIRED_QUOTE_ID,
    PLAIN_CUSTOMER_ID,
)

ROW = {"productId": 1, "quantity": "4", "net": "40.00", "tax": "8.00", "taxCode": "T1"}


def _status_ids(fake_erp) -> dict[str, int]:
    statuses = fake_erp.get("/order-service/order-status").json()["response"]
    return {s["name"]: s["statusId"] for s in statuses}


def test_order_status_list_follows_the_contract(fake_erp):
    statuses = fake_erp.get("/order-service/order-status").json()["response"]
    so = [(s["name"], s["state"]) for s in statuses if s["orderTypeCode"] == "SO"]
    assert so[:3] == [("Draft", "draft"), ("Quote", "draft"), ("Confirmed", "open")]
    assert ("Cancelled", "cancelled") in so
    assert {s["orderTypeCode"] for s in statuses} >= {"SO", "SC", "PO"}


def test_demo_orders_cover_every_sales_status(fake_erp):
    orders = fake_erp.get("/order-service/order/1-10").json()["response"]
    assert {o["orderStatus"]["name"]: o["id"] for o in orders} == DEMO_ORDER_BY_STATUS
    assert {o["parties"]["customer"]["contactId"] for o in orders} == {DEMO_CUSTOMER_ID}


def test_order_get_shape_rows_keyed_by_id_and_four_decimal_money(fake_erp):
    order = fake_erp.get("/order-service/order/8").json()["response"][0]
    assert order["orderTypeCode"] == "SO"
    assert order["invoices"][0]["invoiceReference"] == "INV-000008"
    assert order["orderPaymentStatus"] == "PAID"
    for value in order["totalValue"].values():
        assert len(value.split(".")[1]) == 2  # totals: two decimals, as recorded
    row_id, row = next(iter(order["orderRows"].items()))
    assert row_id.isdigit() and row["quantity"]["magnitude"].endswith(".0000")
    assert {"rowNet", "rowTax"} <= set(row["rowValue"])


def test_include_optional_custom_fields_shows_quote_validity(fake_erp):
    plain = fake_erp.get(f"/order-service/order/{EXPIRED_QUOTE_ID}").json()["response"][0]
    assert "customFields" not in plain
    order = fake_erp.get(f"/order-service/order/{EXPIRED_QUOTE_ID}?includeOptional=customFields")
    valid_to = order.json()["response"][0]["customFields"]["PCF_VALIDTO"]
    assert valid_to < "2026-10-01"


def test_order_get_of_only_unknown_ids_is_an_empty_list(fake_erp):
    assert fake_erp.get("/order-service/order/900000-900010").json() == {"response": []}


def test_sales_order_post_stores_the_order_with_all_rows(fake_erp):
    statuses = _status_ids(fake_erp)
    order_id = fake_erp.create_sales_order(
        PLAIN_CUSTOMER_ID,
        ref="PO-123",
        externalRef="portal-test-1",
        statusId=statuses["Confirmed"],
        rows=[ROW, {**ROW, "productId": 2, "quantity": 1, "net": "9.99", "tax": "2.00"}],
        delivery={
            "date": "2026-12-01",
            "address": {
                "addressFullName": "Tom Baker",
                "addressLine1": "3 Quay",
                "countryIsoCode": "GBR",
            },
        },
    )
    order = fake_erp.get(f"/order-service/order/{order_id}").json()["response"][0]
    assert order["orderStatus"] == {"orderStatusId": statuses["Confirmed"], "name": "Confirmed"}
    assert order["totalValue"] == {
        "net": "49.99",
        "taxAmount": "10.00",
        "baseNet": "49.99",
        "baseTaxAmount": "10.00",
        "baseTotal": "59.99",
        "total": "59.99",
    }
    assert order["priceListId"] == 1 and order["currency"]["orderCurrencyCode"] == "GBP"
    assert order["delivery"]["deliveryDate"].startswith("2026-12-01")
    assert order["parties"]["delivery"]["addressLine1"] == "3 Quay"
    rows = list(order["orderRows"].values())
    assert [r["productPrice"]["value"] for r in rows] == ["10.0000", "9.9900"]
    assert (
        order["invoices"][0]["invoiceReference"] == "" and order["orderPaymentStatus"] == "UNPAID"
    )


def test_sales_order_without_address_is_a_collection_in_draft(fake_erp):
    order_id = fake_erp.create_sales_order(PLAIN_CUSTOMER_ID)
    order = fake_erp.get(f"/order-service/order/{order_id}").json()["response"][0]
    assert "addressLine1" not in order["parties"]["delivery"]
    assert order["orderStatus"]["name"] == "Draft"


def test_repeated_external_ref_is_refused_and_creates_nothing(fake_erp):
    fake_erp.create_sales_order(externalRef="retry-me")
    again = fake_erp.post(
        "/order-service/sales-order",
        {"customer": {"id": DEMO_CUSTOMER_ID}, "externalRef": "retry-me", "rows": [ROW]},
    )
    assert again.status_code == 400 and again.json()["errors"][0]["code"] == "ORDC-014"
    found = fake_erp.get("/order-service/order-search?externalRef=retry-me").json()["response"]
    assert found["metaData"]["resultsAvailable"] == 1


def test_same_external_ref_from_another_app_ref_is_a_different_order(fake_erp):
    fake_erp.create_sales_order(externalRef="shared-ref")
    headers = {"brightpearl-app-ref": "other-app", "brightpearl-account-token": "dev-token"}
    # The fake has one app ref; another one is not authenticated at all.
    other = fake_erp.http.post(
        fake_erp.base_url + "/order-service/sales-order",
        headers=headers,
        json={"customer": {"id": DEMO_CUSTOMER_ID}, "externalRef": "shared-ref"},
    )
    assert other.status_code == 401


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"customer": {"id": DEMO_SUPPLIER_ID}, "rows": [ROW]}, "ORDC-021"),
        ({"customer": {"id": 999999}, "rows": [ROW]}, "ORDC-021"),
        (
            {"customer": {"id": DEMO_CUSTOMER_ID}, "rows": [ROW, {**ROW, "productId": 999999}]},
            "ORDC-023",
        ),
        ({"customer": {"id": DEMO_CUSTOMER_ID}, "rows": [{**ROW, "net": "1.005"}]}, "CMNC-400"),
        ({"customer": {"id": DEMO_CUSTOMER_ID}, "statusId": 13, "rows": [ROW]}, "ORDC-010"),
        ({"customer": {"id": DEMO_CUSTOMER_ID}, "rows": [{**ROW, "quantity": 0}]}, "CMNC-400"),
        ({"customer": {"id": DEMO_CUSTOMER_ID}, "rows": [{**ROW, "net": "ten"}]}, "CMNC-400"),
        ({"customer": {"id": "4"}, "rows": [ROW]}, "CMNC-400"),
        ({"customer": {"id": DEMO_CUSTOMER_ID}, "rows": "none"}, "CMNC-400"),
    ],
)
def test_bad_sales_orders_are_refused_and_create_nothing(fake_erp, body, code):
    before = fake_erp.get("/order-service/order-search?pageSize=1").json()["response"]["metaData"]
    answer = fake_erp.post("/order-service/sales-order", {**body, "externalRef": f"bad-{code}"})
    assert answer.status_code == 400 and answer.json()["errors"][0]["code"] == code
    after = fake_erp.get("/order-service/order-search?pageSize=1").json()["response"]["metaData"]
    assert after["resultsAvailable"] == before["resultsAvailable"]


def test_purchase_order_post_names_a_supplier(fake_erp):
    answer = fake_erp.post(
        "/order-service/purchase-order", {"supplier": {"id": DEMO_SUPPLIER_ID}, "rows": [ROW]}
    )
    order = fake_erp.get(f"/order-service/order/{answer.json()['response']}").json()["response"][0]
    assert (
        order["orderTypeCode"] == "PO"
        and order["parties"]["supplier"]["contactId"] == DEMO_SUPPLIER_ID
    )
    assert order["orderPaymentStatus"] == "UNPAID"  # as recorded for a purchase order
    pos = fake_erp.get(f"/order-service/order/{DEMO_PURCHASE_ORDER_IDS[0]}").json()["response"][0]
    assert pos["parties"]["supplier"]["contactId"] == DEMO_SUPPLIER_ID


def test_status_change_with_a_note_and_the_wrong_type_refused(fake_erp):
    statuses = _status_ids(fake_erp)
    order_id = fake_erp.create_sales_order()
    answer = fake_erp.put(
        f"/order-service/order/{order_id}/status",
        {
            "orderStatusId": statuses["Confirmed"],
            "orderNote": {"text": "Confirmed by portal", "isPublic": True},
        },
    )
    assert answer.status_code == 200 and answer.json() == {}
    order = fake_erp.get(f"/order-service/order/{order_id}").json()["response"][0]
    assert order["orderStatus"]["name"] == "Confirmed"
    assert (
        fake_erp.get(f"/order-service/order/{order_id}/note").json()["response"][0]["text"]
        == "Confirmed by portal"
    )
    wrong = fake_erp.put(
        f"/order-service/order/{order_id}/status", {"orderStatusId": statuses["Received"]}
    )
    assert wrong.json()["errors"][0]["code"] == "ORDC-010"
    assert (
        fake_erp.put("/order-service/order/999999/status", {"orderStatusId": 3}).status_code == 404
    )


def test_notes_are_added_and_listed_in_order(fake_erp):
    order_id = fake_erp.create_sales_order()
    first = fake_erp.post(
        f"/order-service/order/{order_id}/note", {"text": "one", "isPublic": False}
    )
    fake_erp.post(f"/order-service/order/{order_id}/note", {"text": "two", "isPublic": True})
    notes = fake_erp.get(f"/order-service/order/{order_id}/note").json()["response"]
    assert [(n["text"], n["isPublic"]) for n in notes] == [("one", False), ("two", True)]
    assert notes[0]["noteId"] == first.json()["response"]
    assert (
        fake_erp.post(f"/order-service/order/{order_id}/note", {"isPublic": True}).status_code
        == 400
    )


def test_order_custom_fields_patch_and_get(fake_erp):
    order_id = fake_erp.create_sales_order()
    path = f"/order-service/order/{order_id}/custom-field"
    fake_erp.patch(path, [{"op": "add", "path": "/PCF_VALIDTO", "value": "2027-01-31"}])
    assert fake_erp.get(path).json()["response"] == {"PCF_VALIDTO": "2027-01-31"}


def test_order_search_filters_sort_columns_and_reference(fake_erp):
    answer = fake_erp.get(
        "/order-service/order-search",
        params={
            "contactId": DEMO_CUSTOMER_ID,
            "orderTypeId": "1-2",
            "orderStatusId": "8",
            "columns": "orderId,orderStatusId",
            "sort": "orderId.DESC",
            "pageSize": 5,
        },
    ).json()
    meta = answer["response"]["metaData"]
    assert [c["name"] for c in meta["columns"]] == ["orderId", "orderStatusId"]
    ids = [row[0] for row in answer["response"]["results"]]
    assert ids == sorted(ids, reverse=True) and len(ids) == 5
    assert answer["reference"]["orderStatusNames"] == {"8": "Shipped and invoiced"}


def test_order_search_date_range_and_paging_to_the_last_page(fake_erp):
    params = {
        "createdOn": "2025-01-01T00:00:00Z/2026-10-02T00:00:00Z",
        "columns": "orderId",
        "orderTypeId": "1",
        "pageSize": 100,
    }
    first = fake_erp.get("/order-service/order-search", params=params).json()["response"][
        "metaData"
    ]
    total, seen, start = first["resultsAvailable"], [], 1
    while True:
        page = fake_erp.get(
            "/order-service/order-search", params={**params, "firstResult": start}
        ).json()
        seen += [row[0] for row in page["response"]["results"]]
        if not page["response"]["metaData"]["morePagesAvailable"]:
            break
        start = page["response"]["metaData"]["lastResult"] + 1
    assert len(seen) == total == len(set(seen)) and total > 200
    assert page["response"]["metaData"]["lastResult"] == total


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("pageSize=501", 400, "CMNC-017"),
        ("firstResult=0", 400, "CMNC-017"),
        ("sort=nope.ASC", 400, "CMNC-019"),
        ("columns=orderId,nope", 400, "CMNC-019"),
        ("nope=1", 500, "CMNC-018"),
        ("createdOn=yesterday/", 500, "CMNC-018"),
        ("contactId=a-b", 500, "CMNC-018"),
        ("orderStatusId=3-5", 500, "CMNC-018"),  # an INTEGER column takes one value
    ],
)
def test_order_search_bad_parameters_answer_the_documented_codes(fake_erp, query, status, code):
    answer = fake_erp.get(f"/order-service/order-search?{query}")
    assert answer.status_code == status and answer.json()["errors"][0]["code"] == code
