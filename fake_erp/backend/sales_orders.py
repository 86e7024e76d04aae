"""`GET /sales-order/{idset}`: the flatter model of a sales order (the fields of its POST).

Built from the same rows as the order GET. Brightpearl documents this model only through its
POST and third-party clients, so the fields follow those (docs/erp-contract.md).
"""

from __future__ import annotations

import json
from decimal import Decimal

from fake_erp.backend import values as v
from fake_erp.backend.order_input import ADDRESS_FIELDS
from fake_erp.backend.order_views import NOMINAL_CODE, load_orders, status_codes


def sales_orders_json(conn, ids: list[int]) -> list[dict]:
    """Each sales order among `ids` (other order types are left out), in id order."""
    loaded = load_orders(conn, ids)
    return [_sales_order(order, loaded) for order in loaded["orders"] if order["type_code"] == "SO"]


def _sales_order(order, loaded: dict) -> dict:
    billing = _address(json.loads(order["billing"] or "{}"))
    codes = status_codes("SO", order["id"] in loaded["shipped"])
    status = loaded["statuses"].get(order["status_id"])
    return {
        "id": order["id"],
        "customerId": order["contact_id"],
        "customer": {"id": order["contact_id"], "address": billing},
        "billing": {"contactId": order["contact_id"], "address": billing},
        "ref": order["reference"],
        "externalRef": order["external_ref"] or "",
        "placedOn": order["placed_on"],
        "taxDate": order["tax_date"] or order["placed_on"],
        "statusId": order["status_id"],
        "warehouseId": order["warehouse_id"],
        "staffOwnerId": order["owner_id"] or 0,
        "priceListId": order["price_list_id"],
        "priceModeCode": "EXC",
        "currency": {
            "code": order["currency_code"],
            "fixedExchangeRate": False,
            "exchangeRate": v.rate6(order["exchange_rate"]),
        },
        "delivery": _delivery(order),
        "rows": [_row(row) for row in loaded["rows"].get(order["id"], {}).items()],
        "total": _total(order),
        "orderPaymentStatus": order["payment_status"],
        **codes,
        "createdBy": order["owner_id"] or 0,
        "createdOn": order["created_on"],
        "updatedOn": order["updated_on"],
        "isCanceled": status is not None and status["state"] == "cancelled",
    }


def _address(stored: dict) -> dict:
    return {name: stored.get(name, "") for name in ADDRESS_FIELDS}


def _delivery(order) -> dict:
    delivery = {"shippingMethodId": order["shipping_method_id"] or 0}
    if order["delivery"]:
        delivery["address"] = _address(json.loads(order["delivery"]))
    if order["delivery_date"]:
        delivery["date"] = order["delivery_date"]
    return delivery


def _row(item: tuple[str, dict]) -> dict:
    row_id, row = item
    return {
        "id": int(row_id),
        "productId": row["productId"],
        "name": row["productName"],
        "sku": row["productSku"],
        "quantity": row["quantity"]["magnitude"],
        "taxCode": row["rowValue"]["taxCode"],
        "net": row["rowValue"]["rowNet"]["value"],
        "tax": row["rowValue"]["rowTax"]["value"],
        "nominalCode": NOMINAL_CODE["SO"],
        "productPrice": row["productPrice"]["value"],
        "discountPercentage": row["discountPercentage"],
        "sequence": int(row["orderRowSequence"]),
        "bundleChild": False,
        "bundleParent": False,
        "taxCalculator": row["rowValue"]["taxCalculator"],
    }


def _total(order) -> dict:
    rate = Decimal(order["exchange_rate"]) or Decimal(1)
    net, tax, total = (Decimal(order[k]) for k in ("net", "tax", "total"))
    return {
        "net": v.money2(net),
        "tax": v.money2(tax),
        "gross": v.money2(total),
        "baseNet": v.money2(net / rate),
        "baseTax": v.money2(tax / rate),
        "baseGross": v.money2(total / rate),
    }
