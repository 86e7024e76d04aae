"""order-service: orders, order-search, sales/purchase order creation, status, notes, fields."""

from __future__ import annotations

from flask import request

from fake_erp.routes import (
    backend,
    id_set,
    json_body,
    ok,
    register_idset_get,
    register_search,
    service_blueprint,
    updated,
)

bp = service_blueprint("order-service")
register_idset_get(
    bp,
    "order",
    lambda: (
        lambda ids: backend().orders.get_many(
            ids, custom_fields="customFields" in request.args.get("includeOptional", "").split(",")
        )
    ),
    options=lambda: backend().orders.existing_ids,
)
register_search(bp, "order-search", lambda: backend().orders.search)


def _app_ref() -> str:
    return request.headers.get("brightpearl-app-ref", "")


@bp.post("/sales-order")
def create_sales_order():
    return ok(backend().orders.create(json_body(), type_code="SO", app_ref=_app_ref()))


@bp.post("/purchase-order")
def create_purchase_order():
    return ok(backend().orders.create(json_body(), type_code="PO", app_ref=_app_ref()))


@bp.get("/order-status")
def order_statuses():
    return ok(backend().orders.statuses())


@bp.put("/order/<id:order_id>/status")
def set_status(order_id: int):
    backend().orders.set_status(order_id, json_body())
    return updated()


@bp.post("/order/<id:order_id>/note")
def add_note(order_id: int):
    return ok(backend().orders.add_note(order_id, json_body()))


@bp.get("/order/<id:order_id>/note")
def notes(order_id: int):
    return ok(backend().orders.notes(order_id))


@bp.get("/order/<id:order_id>/custom-field")
def custom_fields(order_id: int):
    return ok(backend().orders.custom_fields(order_id))


@bp.patch("/order/<id:order_id>/custom-field")
def patch_custom_fields(order_id: int):
    backend().orders.patch_custom_fields(order_id, json_body())
    return updated()


__all__ = ["bp", "id_set"]
