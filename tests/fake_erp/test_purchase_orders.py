"""Purchase orders as the supplier portal needs them: the appended status, the header PATCH
(the promised delivery date), and demo POs for every supplier in every status."""

from __future__ import annotations

import json

from fake_erp.backend.reference import ORDER_STATUSES
from tests.fixtures_erp import (
    DEMO_PARTLY_SHIPPED_PO_ID,
    DEMO_PURCHASE_ORDER_IDS,
    DEMO_SUPPLIER_ID,
    SIZES,
    STAFF_IDS,
)

PO_STATUSES = ["Draft PO", "Sent to supplier", "Acknowledged", "Shipped by supplier",
               "Received", "Cancelled PO", "Partly shipped by supplier"]


def _order(fake_erp, order_id: int) -> dict:
    return fake_erp.get(f"/order-service/order/{order_id}?includeOptional=customFields").json()[
        "response"][0]


def test_partly_shipped_is_appended_so_every_earlier_status_keeps_its_id(fake_erp):
    statuses = fake_erp.get("/order-service/order-status").json()["response"]
    assert [s["name"] for s in statuses][:20] == [name for name, *_ in ORDER_STATUSES[:20]]
    by_name = {s["name"]: s for s in statuses}
    partly = by_name["Partly shipped by supplier"]
    assert (partly["statusId"], partly["orderTypeCode"], partly["state"]) == (21, "PO", "open")
    assert by_name["Purchase credit complete"]["statusId"] == 20


def test_patch_replaces_the_delivery_date_and_answers_the_order(fake_erp):
    order_id = fake_erp.post("/order-service/purchase-order", {
        "supplier": {"id": DEMO_SUPPLIER_ID},
        "rows": [{"productId": 3, "quantity": 5, "net": "50.00", "tax": "0"}]}).json()["response"]
    before = _order(fake_erp, order_id)
    answer = fake_erp.patch(f"/order-service/order/{order_id}", [
        {"op": "replace", "path": "/delivery/deliveryDate", "value": "2027-02-03"}])
    assert answer.status_code == 200
    assert answer.json()["response"]["delivery"]["deliveryDate"].startswith("2027-02-03")
    after = _order(fake_erp, order_id)
    assert after["delivery"]["deliveryDate"].startswith("2027-02-03")
    assert after["version"] == before["version"] + 1


def test_patch_refuses_other_paths_bad_dates_and_unknown_orders(fake_erp):
    path = f"/order-service/order/{DEMO_PURCHASE_ORDER_IDS[1]}"
    other = fake_erp.patch(path, [{"op": "replace", "path": "/orderStatus", "value": 3}])
    assert (other.status_code, other.json()["errors"][0]["code"]) == (500, "CMNC-044")
    add = fake_erp.patch(path, [{"op": "add", "path": "/delivery/deliveryDate",
                                 "value": "2027-01-01"}])
    assert add.status_code == 500  # Brightpearl: `add` where a value is already
    bad = fake_erp.patch(path, [{"op": "replace", "path": "/delivery/deliveryDate",
                                 "value": "soon"}])
    assert bad.status_code == 400
    unknown = fake_erp.patch("/order-service/order/999999", [
        {"op": "replace", "path": "/delivery/deliveryDate", "value": "2027-01-01"}])
    assert unknown.status_code == 404


def test_every_supplier_has_a_purchase_order_in_every_status(fake_erp):
    seeded = len(STAFF_IDS) + SIZES.customers + SIZES.suppliers  # tests add contacts after them
    suppliers = [row[0] for row in fake_erp.get(
        "/contact-service/contact-search?isSupplier=true&columns=contactId").json()[
        "response"]["results"] if row[0] <= seeded]
    assert len(suppliers) == SIZES.suppliers
    names = {s["statusId"]: s["name"] for s in
             fake_erp.get("/order-service/order-status").json()["response"]}
    for supplier in suppliers:
        rows = fake_erp.get("/order-service/order-search", params={
            "contactId": supplier, "orderTypeId": 2, "columns": "orderStatusId",
            "pageSize": 500}).json()["response"]["results"]
        assert {names[row[0]] for row in rows} >= set(PO_STATUSES), supplier


def test_demo_purchase_orders_are_priced_in_the_suppliers_currency_for_the_buyers_warehouse(
        fake_erp):
    supplier = fake_erp.get("/contact-service/contact/6").json()["response"][0]
    for order_id in (*DEMO_PURCHASE_ORDER_IDS, DEMO_PARTLY_SHIPPED_PO_ID):
        order = _order(fake_erp, order_id)
        assert order["parties"]["supplier"]["contactId"] == DEMO_SUPPLIER_ID
        assert order["currency"]["orderCurrencyCode"] == "GBP"  # the demo supplier's
        assert order["parties"]["delivery"]["companyName"] == "Northwind Components Ltd"
        owner = order["assignment"]["current"]["staffOwnerContactId"]
        buyer = fake_erp.get(f"/contact-service/contact/{owner}").json()["response"][0]
        assert buyer["relationshipToAccount"]["isStaff"]
        assert buyer["communication"]["emails"]["PRI"]["email"]
        assert buyer["communication"]["telephones"]["PRI"]
        assert all(row["productPrice"]["value"] != "0.0000" for row in order["orderRows"].values())
    assert supplier["financialDetails"]["currencyId"] == 1
    euro_po = next(o for o in (_order(fake_erp, i) for i in range(DEMO_PARTLY_SHIPPED_PO_ID,
                                                                  SIZES.orders + 1))
                   if o["currency"]["orderCurrencyCode"] != "GBP")
    assert euro_po["currency"]["orderCurrencyCode"] in ("EUR", "USD")


def test_a_partly_shipped_po_records_part_of_its_lines_in_a_public_note(fake_erp):
    order = _order(fake_erp, DEMO_PARTLY_SHIPPED_PO_ID)
    assert order["orderStatus"]["name"] == "Partly shipped by supplier"
    notes = fake_erp.get(f"/order-service/order/{order['id']}/note").json()["response"]
    shipments = [n for n in notes if n["text"].startswith("Supplier portal: shipment ")]
    assert len(shipments) == 1 and shipments[0]["isPublic"]
    record = json.loads(shipments[0]["text"].splitlines()[-1].removeprefix("portal-record: "))
    ordered = {row_id: int(float(row["quantity"]["magnitude"]))
               for row_id, row in order["orderRows"].items()}
    shipped = {row_id: int(quantity) for row_id, quantity in record["lines"].items()}
    assert set(shipped) <= set(ordered) and shipped
    assert sum(shipped.values()) < sum(ordered.values())
    assert order["customFields"]["PCF_SUPTRACK"] == record["tracking"]
    assert order["customFields"]["PCF_SUPREF"].startswith("SUP-")


def test_a_sent_po_has_no_supplier_reference_and_a_received_one_was_shipped_in_full(fake_erp):
    by_status = {_order(fake_erp, i)["orderStatus"]["name"]: i for i in DEMO_PURCHASE_ORDER_IDS}
    assert "PCF_SUPREF" not in _order(fake_erp, by_status["Sent to supplier"])["customFields"]
    received = _order(fake_erp, by_status["Received"])
    notes = fake_erp.get(f"/order-service/order/{received['id']}/note").json()["response"]
    record = json.loads(next(n for n in notes if "shipment" in n["text"].splitlines()[0])[
        "text"].splitlines()[-1].removeprefix("portal-record: "))
    assert {k: int(v) for k, v in record["lines"].items()} == {
        k: int(float(r["quantity"]["magnitude"])) for k, r in received["orderRows"].items()}
