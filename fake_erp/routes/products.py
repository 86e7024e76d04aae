"""product-service: products, product-search, price lists and product prices."""

from __future__ import annotations

from fake_erp.backend.idsets import MAX_IDS_PER_GET, get_uris, parse_ranges
from fake_erp.errors import BadIdSet
from fake_erp.routes import (
    backend,
    id_set,
    ok,
    optional_id_set,
    register_idset_get,
    register_search,
    service_blueprint,
)

bp = service_blueprint("product-service")
EVERY_ID = [(1, 10**12)]  # `*` in the products slot
register_idset_get(
    bp,
    "product",
    lambda: backend().products.get_many,
    options=lambda: backend().products.existing_ids,
)
register_idset_get(bp, "price-list", lambda: backend().products.price_lists, optional=True)
register_search(bp, "product-search", lambda: backend().products.search)


@bp.get("/product-price/<product_ids>", provide_automatic_options=False)
@bp.get("/product-price/<product_ids>/price-list", provide_automatic_options=False)
@bp.get("/product-price/<product_ids>/price-list/<list_ids>", provide_automatic_options=False)
def product_prices(product_ids: str, list_ids: str | None = None):
    """Every price list of the products named (`*`: all, at most 200), or only those named."""
    if product_ids.strip() == "*":
        ids = backend().products.existing_ids(EVERY_ID)
        if len(ids) > MAX_IDS_PER_GET:
            raise BadIdSet(f"Too many ids in one request: {len(ids)} (at most {MAX_IDS_PER_GET})")
    else:
        ids = id_set(product_ids)
    return ok(backend().products.prices(ids, optional_id_set(list_ids)))


@bp.route("/product-price/<product_ids>", methods=["OPTIONS"])
@bp.route("/product-price/<product_ids>/price-list/<list_ids>", methods=["OPTIONS"])
def product_price_uris(product_ids: str, list_ids: str | None = None):
    ranges = EVERY_ID if product_ids.strip() == "*" else parse_ranges(product_ids)
    uris = get_uris("product-price", backend().products.existing_ids(ranges))
    suffix = f"/price-list/{list_ids}" if list_ids else ""
    return ok({"getUris": [uri + suffix for uri in uris]})
