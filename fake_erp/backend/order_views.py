"""How an order looks on `GET /order/{idset}` (erp-api.md "Orders", docs/erp-contract.md).

Loads a batch of orders with their rows, parties and custom fields in a few queries.
"""

from __future__ import annotations

import json
import sqlite3

from fake_erp.backend.contacts import read_fields, rows_by_ids
from fake_erp.backend.reference import ORDER_TYPE_IDS
from fake_erp.search import Column, SearchSpec

_TYPE_CASE = (
    "CASE type_code "
    + " ".join(f"WHEN '{code}' THEN {type_id}" for code, type_id in ORDER_TYPE_IDS.items())
    + " END"
)


def _status_names(conn: sqlite3.Connection, _results) -> dict:
    rows = conn.execute("SELECT id, name FROM order_statuses ORDER BY id")
    return {"orderStatusNames": {str(row["id"]): row["name"] for row in rows}}


ORDER_SEARCH = SearchSpec(
    source="orders",
    columns=(
        Column("orderId", "id", "INTEGER"),
        Column("orderTypeId", _TYPE_CASE, "IDSET"),
        Column("contactId", "contact_id", "INTEGER"),
        Column("orderStatusId", "status_id", "INTEGER"),
        Column("orderPaymentStatus", "payment_status", "STRING"),
        Column("placedOn", "placed_on", "DATETIME"),
        Column("createdOn", "created_on", "DATETIME"),
        Column("updatedOn", "updated_on", "DATETIME"),
        Column("deliveryDate", "delivery_date", "DATETIME"),
        Column("customerRef", "reference", "STRING"),
        Column("externalRef", "external_ref", "STRING"),
        Column("invoiceReference", "invoice_reference", "STRING"),
        Column("taxDate", "tax_date", "DATETIME"),
        Column("totalValue", "total", "DECIMAL"),
        Column("currencyCode", "currency_code", "STRING"),
    ),
    reference=_status_names,
)


def orders_json(conn: sqlite3.Connection, ids: list[int], *, custom_fields: bool) -> list[dict]:
    """The GET shape of each existing order among `ids`, in id order."""
    orders = rows_by_ids(conn, "orders", ids)
    if not orders:
        return []
    statuses = {
        row["id"]: row["name"] for row in conn.execute("SELECT id, name FROM order_statuses")
    }
    contacts = {
        row["id"]: row
        for row in rows_by_ids(conn, "contacts", sorted({o["contact_id"] for o in orders}))
    }
    rows = _rows_by_order(conn, [o["id"] for o in orders])
    out = []
    for order in orders:
        data = _order_json(
            order, statuses, contacts.get(order["contact_id"]), rows.get(order["id"], {})
        )
        if custom_fields:
            data["customFields"] = read_fields(conn, "order_fields", "order_id", order["id"])
        out.append(data)
    return out


def _rows_by_order(conn: sqlite3.Connection, order_ids: list[int]) -> dict[int, dict]:
    marks = ",".join("?" * len(order_ids))
    result: dict[int, dict] = {}
    for row in conn.execute(
        f"SELECT * FROM order_rows WHERE order_id IN ({marks}) ORDER BY id",  # noqa: S608
        order_ids,
    ):
        result.setdefault(row["order_id"], {})[str(row["id"])] = row_json(row)
    return result


def row_json(row: sqlite3.Row) -> dict:
    return {
        "productId": row["product_id"],
        "productName": row["product_name"],
        "productSku": row["sku"],
        "quantity": {"magnitude": str(row["quantity"])},
        "productPrice": {"value": row["unit_price"]},
        "rowValue": {
            "taxCode": row["tax_code"],
            "rowNet": {"value": row["net"]},
            "rowTax": {"value": row["tax"]},
        },
    }


def _order_json(order, statuses: dict, contact, rows: dict) -> dict:
    party = "supplier" if order["type_code"] in ("PO", "PC") else "customer"
    return {
        "id": order["id"],
        "orderTypeCode": order["type_code"],
        "orderTypeId": ORDER_TYPE_IDS[order["type_code"]],
        "reference": order["reference"],
        "externalRef": order["external_ref"],
        "orderStatus": {
            "orderStatusId": order["status_id"],
            "name": statuses.get(order["status_id"]),
        },
        "orderPaymentStatus": order["payment_status"],
        "placedOn": order["placed_on"],
        "createdOn": order["created_on"],
        "updatedOn": order["updated_on"],
        "priceListId": order["price_list_id"],
        "currency": {
            "orderCurrencyCode": order["currency_code"],
            "exchangeRate": order["exchange_rate"],
        },
        "totalValue": {"net": order["net"], "taxAmount": order["tax"], "total": order["total"]},
        "delivery": {
            "deliveryDate": order["delivery_date"],
            "shippingMethodId": order["shipping_method_id"],
        },
        "invoices": _invoices(order),
        "parties": {
            party: _party(order["contact_id"], contact),
            "delivery": json.loads(order["delivery"] or "{}"),
        },
        "orderRows": rows,
        "assignment": {"current": {"staffOwnerContactId": order["owner_id"]}},
    }


def _invoices(order) -> list[dict]:
    if not order["invoice_reference"]:
        return []
    return [
        {
            "invoiceReference": order["invoice_reference"],
            "taxDate": order["tax_date"],
            "dueDate": order["due_date"],
        }
    ]


def _party(contact_id: int, contact) -> dict:
    if contact is None:
        return {"contactId": contact_id, "addressFullName": "", "companyName": "", "email": ""}
    return {
        "contactId": contact_id,
        "addressFullName": f"{contact['first_name']} {contact['last_name']}".strip(),
        "companyName": contact["company"],
        "email": contact["email"],
    }
