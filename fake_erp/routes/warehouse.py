"""warehouse-service: goods-out notes (shipments and their tracking numbers)."""

from __future__ import annotations

from fake_erp.routes import backend, id_set, json_body, ok, service_blueprint

bp = service_blueprint("warehouse-service")


@bp.get("/order/<idset>/goods-note/goods-out")
def goods_out(idset: str):
    return ok(backend().warehouse.goods_out(id_set(idset)))


@bp.post("/order/<id:order_id>/goods-note/goods-out")
def create_goods_out(order_id: int):
    return ok(backend().warehouse.create_goods_out(order_id, json_body()))
