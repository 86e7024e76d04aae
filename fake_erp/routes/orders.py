"""order-service: orders, sales orders, searches, creation, statuses, notes, custom fields."""

from __future__ import annotations

from flask import request

from fake_erp.routes import (
    backend,
    json_body,
    ok,
    optional_id_set,
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
register_idset_get(
    bp,
    "sales-order",
    lambda: backend().orders.sales_orders,
    options=lambda: backend().orders.existing_sales_order_ids,
)
register_idset_get(bp, "order-status", lambda: backend().orders.statuses, optional=True)
register_search(bp, "order-search", lambda: backend().orders.search)
register_search(bp, "sales-order-search", lambda: backend().orders.sales_order_search)
register_search(bp, "order-note-search", lambda: backend().orders.note_search)


def _app_ref() -> str:
    return request.headers.get("brightpearl-app-ref", "")


@bp.post("/sales-order")
def create_sales_order():
    return ok(backend().orders.create(json_body(), type_code="SO", app_ref=_app_ref()))


@bp.post("/sales-credit")
def create_sales_credit():
    """Brightpearl's sales-credit POST mirrors the sales order's; `parentId` names the order it
    credits."""
    return ok(backend().orders.create(json_body(), type_code="SC", app_ref=_app_ref()))


@bp.post("/purchase-order")
def create_purchase_order():
    return ok(backend().orders.create(json_body(), type_code="PO", app_ref=_app_ref()))


@bp.patch("/order/<id:order_id>")
def patch_order(order_id: int):
    return ok(backend().orders.patch(order_id, json_body()))


@bp.put("/order/<id:order_id>/status")
def set_status(order_id: int):
    backend().orders.set_status(order_id, json_body(), if_match=request.headers.get("If-Match"))
    return updated()


@bp.post("/order/<id:order_id>/note")
def add_note(order_id: int):
    return ok(backend().orders.add_note(order_id, json_body()))


@bp.get("/order/<id:order_id>/note")
@bp.get("/order/<id:order_id>/note/<idset>")
def notes(order_id: int, idset: str | None = None):
    return ok(backend().orders.notes(order_id, optional_id_set(idset)))


@bp.get("/order/<id:order_id>/custom-field")
def custom_fields(order_id: int):
    return ok(backend().orders.custom_fields(order_id))


@bp.patch("/order/<id:order_id>/custom-field")
def patch_custom_fields(order_id: int):
    return ok(backend().orders.patch_custom_fields(order_id, json_body()))
