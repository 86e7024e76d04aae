"""The shape and types of a sales (or purchase) order POST body, checked before any write.

Brightpearl's `POST /sales-order` fields (docs/erp-contract.md): `customer{id, address?}` (or a
top-level `customerId`), `billing{address?}`, `ref`, `externalRef`, `placedOn`, `statusId`,
`warehouseId`, `staffOwnerId`, `priceListId`, `currency{code, exchangeRate?}`, `parentId` (the
order a sales credit credits),
`delivery{date, address, shippingMethodId}` and `rows[{productId, quantity, net, tax, taxCode}]`.
"""

from __future__ import annotations

from decimal import Decimal

from fake_erp.backend import values as v
from fake_erp.backend.countries import country
from fake_erp.errors import BadRequest

ADDRESS_FIELDS = (
    "addressFullName",
    "companyName",
    "addressLine1",
    "addressLine2",
    "addressLine3",
    "addressLine4",
    "postalCode",
    "countryIsoCode",
    "telephone",
    "mobileTelephone",
    "fax",
    "email",
)
MAX_ROWS = 500
_CENT = Decimal("0.01")


def parse_order(body, type_code: str) -> dict:
    """Validate the POST body's shape and types before touching the database."""
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object")
    delivery = v.obj(body, "delivery")
    currency = v.obj(body, "currency")
    rows = v.field(body, "rows", list, default=[])
    if len(rows) > MAX_ROWS:
        raise BadRequest(f"At most {MAX_ROWS} rows per order")
    return {
        "contact_id": _party_id(body, type_code),
        "reference": v.str_field(body, "ref", max_len=200) or "",
        "external_ref": v.str_field(body, "externalRef", max_len=200),
        "placed_on": v.date_field(body, "placedOn"),
        "status_id": v.int_field(body, "statusId"),
        "warehouse_id": v.int_field(body, "warehouseId"),
        "owner_id": v.int_field(body, "staffOwnerId"),
        "parent_id": v.int_field(body, "parentId"),
        "price_list_id": v.int_field(body, "priceListId"),
        "currency_code": v.str_field(currency, "code", max_len=3),
        "exchange_rate": v.money_field(currency, "exchangeRate"),
        "delivery_date": v.date_field(delivery, "date"),
        "shipping_method_id": v.int_field(delivery, "shippingMethodId"),
        "address": parse_address(v.obj(delivery, "address"), "delivery.address"),
        "billing": parse_address(v.obj(v.obj(body, "billing"), "address"), "billing.address"),
        "rows": [_parse_row(row) for row in rows],
    }


def _party_id(body: dict, type_code: str) -> int:
    """`customer.id` (or `customerId`) of a sale; `supplier.id` of a purchase."""
    if type_code in ("PO", "PC"):
        return v.int_field(v.obj(body, "supplier", required=True), "id", required=True)
    customer_id = v.int_field(v.obj(body, "customer"), "id")
    customer_id = customer_id if customer_id is not None else v.int_field(body, "customerId")
    if customer_id is None:
        raise BadRequest("customer.id is required")
    return customer_id


def parse_address(address: dict, where: str) -> dict | None:
    """An address of the order (alpha-3 country), or None when none is given."""
    if not address:
        return None
    out = {name: (v.str_field(address, name, max_len=200) or "") for name in ADDRESS_FIELDS}
    if not out["addressLine1"]:
        raise BadRequest(f"{where}.addressLine1 is required")
    if out["countryIsoCode"]:
        out["countryIsoCode"] = country(out["countryIsoCode"], f"{where}.countryIsoCode").iso3
    return out


def _parse_row(row) -> dict:
    product_id = v.int_field(row, "productId", required=True)
    quantity = v.field(row, "quantity", (int, str), required=True)
    try:
        quantity = int(str(quantity).strip())
    except ValueError:
        raise BadRequest(
            "rows[].quantity must be a whole number (products are stock-tracked)"
        ) from None
    if not 1 <= quantity <= 10**9:
        raise BadRequest("rows[].quantity must be at least 1")
    return {
        "product_id": product_id,
        "quantity": quantity,
        "net": _cents(row, "net"),
        "tax": _cents(row, "tax"),
        "tax_code": v.str_field(row, "taxCode", max_len=20) or "",
    }


def _cents(row: dict, name: str) -> Decimal:
    """A row's net or tax: Brightpearl takes at most two decimals."""
    amount = v.money_field(row, name, required=True)
    if amount != amount.quantize(_CENT):
        raise BadRequest(f"rows[].{name} has more than two decimals")
    return amount
