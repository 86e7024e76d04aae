"""product-service: products, product-search, price lists and product prices."""

from __future__ import annotations

from fake_erp.routes import (
    backend,
    id_set,
    ok,
    register_idset_get,
    register_search,
    service_blueprint,
)

bp = service_blueprint("product-service")
register_idset_get(
    bp,
    "product",
    lambda: backend().products.get_many,
    options=lambda: backend().products.existing_ids,
)
register_idset_get(bp, "price-list", lambda: backend().products.price_lists)
register_search(bp, "product-search", lambda: backend().products.search)


@bp.get("/price-list")
def all_price_lists():
    return ok(backend().products.price_lists(None))


@bp.get("/product-price/<product_ids>/price-list/<list_ids>")
def product_prices(product_ids: str, list_ids: str):
    return ok(backend().products.prices(id_set(product_ids), id_set(list_ids)))
