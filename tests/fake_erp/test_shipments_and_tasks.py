"""Goods-out notes (shipments, tracking numbers) and CRM tasks."""

from __future__ import annotations

from tests.fixtures_erp import DEMO_ORDER_BY_STATUS, STAFF_IDS


def test_shipped_demo_order_has_a_tracking_number(fake_erp):
    order_id = DEMO_ORDER_BY_STATUS["Shipped and invoiced"]
    notes = fake_erp.get(f"/warehouse-service/order/{order_id}/goods-note/goods-out").json()[
        "response"
    ]
    (note,) = notes.values()
    assert note["orderId"] == order_id and note["status"]["shipped"] is True
    assert note["shipping"]["reference"].startswith("1Z")
    assert note["orderRows"]


def test_goods_out_for_orders_without_notes_is_empty(fake_erp):
    order_id = fake_erp.create_sales_order()
    assert fake_erp.get(f"/warehouse-service/order/{order_id}/goods-note/goods-out").json() == {
        "response": {}
    }


def test_goods_out_post_and_ops_ship_add_notes(fake_erp):
    order_id = fake_erp.create_sales_order()
    created = fake_erp.post(
        f"/warehouse-service/order/{order_id}/goods-note/goods-out",
        {"warehouses": [{"warehouseId": 1, "products": []}], "shippingMethodId": 2},
    )
    shipped = fake_erp.ship(order_id, "TRACK-123")
    notes = fake_erp.get(f"/warehouse-service/order/{order_id}/goods-note/goods-out").json()[
        "response"
    ]
    assert set(notes) == {str(created.json()["response"][0]), str(shipped)}
    assert notes[str(shipped)]["shipping"]["reference"] == "TRACK-123"
    assert notes[str(shipped)]["status"]["shippedOn"]
    missing = fake_erp.post(
        "/warehouse-service/order/999999/goods-note/goods-out", {"warehouses": [{"warehouseId": 1}]}
    )
    assert missing.status_code == 404


def test_tasks_are_created_and_searched(fake_erp):
    order_id = fake_erp.create_sales_order()
    task_id = fake_erp.post(
        "/crm-service/task",
        {
            "assignedToContactId": STAFF_IDS[1],
            "subject": f"New portal order {order_id}",
            "orderId": order_id,
            "dueDate": "2026-12-01",
        },
    ).json()["response"]
    found = fake_erp.get(f"/crm-service/task-search?orderId={order_id}").json()["response"][
        "results"
    ]
    assert found[0][:4] == [task_id, STAFF_IDS[1], f"New portal order {order_id}", order_id]
    assert found[0][4].startswith("2026-12-01")


def test_bad_tasks_are_refused(fake_erp):
    for body in (
        {"subject": "x"},
        {"assignedToContactId": 1, "subject": ""},
        {"assignedToContactId": 999999, "subject": "x"},
        {"assignedToContactId": 1, "subject": "x", "orderId": 999999},
        {"assignedToContactId": 1, "subject": "x", "dueDate": "2026-13-45"},
    ):
        assert fake_erp.post("/crm-service/task", body).status_code == 400, body
