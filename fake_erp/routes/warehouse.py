"""warehouse-service: goods-out notes (shipments, their events and tracking references)."""

from __future__ import annotations

from fake_erp.routes import backend, json_body, ok, optional_id_set, service_blueprint, updated

bp = service_blueprint("warehouse-service")


@bp.get("/order/<order_ids>/goods-note/goods-out")
@bp.get("/order/<order_ids>/goods-note/goods-out/<note_ids>")
def goods_out(order_ids: str, note_ids: str | None = None):
    """`*` in the order slot means every order; the note ids are optional (at most 500)."""
    orders = optional_id_set(order_ids)
    return ok(backend().warehouse.goods_out(orders, optional_id_set(note_ids, limit=500)))


@bp.post("/order/<id:order_id>/goods-note/goods-out")
def create_goods_out(order_id: int):
    return ok(backend().warehouse.create_goods_out(order_id, json_body()))


@bp.put("/goods-note/goods-out/<id:note_id>")
def update_shipping(note_id: int):
    backend().warehouse.update_shipping(note_id, json_body())
    return updated()


@bp.post("/goods-note/goods-out/<id:note_id>/event")
def add_events(note_id: int):
    backend().warehouse.add_events(note_id, json_body())
    return updated()
