"""The shape and types of an order POST body, checked before the database is touched."""

from __future__ import annotations

from fake_erp.backend import values as v
from fake_erp.errors import BadRequest

_DELIVERY_FIELDS = (
    "addressFullName",
    "companyName",
    "addressLine1",
    "addressLine2",
    "addressLine3",
    "addressLine4",
    "postalCode",
    "countryIsoCode",
)


def parse_order(body, type_code: str) -> dict:
    """Validate the POST body's shape and types before touching the database."""
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object")
    party = "supplier" if type_code == "PO" else "customer"
    delivery = v.obj(body, "delivery")
    rows = v.field(body, "rows", list, default=[])
    if len(rows) > 500:
        raise BadRequest("At most 500 rows per order")
    return {
        "contact_id": v.int_field(v.obj(body, party, required=True), "id", required=True),
        "reference": v.str_field(body, "ref", max_len=200) or "",
        "external_ref": v.str_field(body, "externalRef", max_len=200),
        "status_id": v.int_field(body, "statusId"),
        "price_list_id": v.int_field(body, "priceListId"),
        "currency_code": v.str_field(v.obj(body, "currency"), "code", max_len=3),
        "delivery_date": v.date_field(delivery, "date"),
        "shipping_method_id": v.int_field(delivery, "shippingMethodId"),
        "address": _delivery_address(v.obj(delivery, "address")),
        "rows": [_parse_row(row) for row in rows],
    }


def _delivery_address(address: dict) -> dict | None:
    if not address:
        return None
    out = {name: (v.str_field(address, name, max_len=200) or "") for name in _DELIVERY_FIELDS}
    if not out["addressLine1"]:
        raise BadRequest("delivery.address.addressLine1 is required")
    return out


def _parse_row(row) -> dict:
    product_id = v.int_field(row, "productId", required=True)
    quantity = v.field(row, "quantity", (int, str), required=True)
    try:
        quantity = int(str(quantity).strip())
    except ValueError:
        raise BadRequest("rows[].quantity must be a whole number") from None
    if not 1 <= quantity <= 10**9:
        raise BadRequest("rows[].quantity must be at least 1")
    net = v.money_field(row, "net", required=True)
    tax = v.money_field(row, "tax", required=True)
    return {
        "product_id": product_id,
        "quantity": quantity,
        "net": net,
        "tax": tax,
        "tax_code": v.str_field(row, "taxCode", max_len=20) or "",
    }
