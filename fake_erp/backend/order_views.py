"""How an order looks on `GET /order/{idset}`: Brightpearl's recorded shape (docs/erp-contract.md).

Totals travel with two decimals, rows with four, exchange rates with six; parties carry the
country as name, id, alpha-2 (`countryIsoCode`) and alpha-3 (`countryIsoCode3`). A batch of
orders is loaded with its rows, statuses, contacts and notes in a few queries.
"""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal

from fake_erp.backend import values as v
from fake_erp.backend.countries import country_fields
from fake_erp.backend.custom_fields import read_fields
from fake_erp.backend.order_input import ADDRESS_FIELDS
from fake_erp.backend.queries import rows_by_ids
from fake_erp.backend.reference import COST_PRICE_LIST_ID

BASE_CURRENCY = "GBP"
NOMINAL_CODE = {"SO": "4000", "SC": "4000", "PO": "5000", "PC": "5000"}


def load_orders(conn: sqlite3.Connection, ids: list[int]) -> dict:
    """Everything the views need of the orders among `ids`, in a few queries."""
    orders = rows_by_ids(conn, "orders", ids)
    order_ids = [o["id"] for o in orders]
    return {
        "orders": orders,
        "statuses": {r["id"]: r for r in conn.execute("SELECT * FROM order_statuses")},
        "contacts": {
            r["id"]: r
            for r in rows_by_ids(conn, "contacts", sorted({o["contact_id"] for o in orders}))
        },
        "rows": _rows_by_order(conn, order_ids),
        "shipped": _shipped(conn, order_ids),
    }


def orders_json(conn: sqlite3.Connection, ids: list[int], *, custom_fields: bool) -> list[dict]:
    """The GET shape of each existing order among `ids`, in id order."""
    loaded = load_orders(conn, ids)
    out = []
    for order in loaded["orders"]:
        data = order_json(order, loaded)
        if custom_fields:
            data["customFields"] = read_fields(conn, "order_fields", "order_id", order["id"])
        out.append(data)
    return out


def order_json(order: sqlite3.Row, loaded: dict) -> dict:
    """One order in Brightpearl's field order: its header, then its money, parties and rows."""
    status = loaded["statuses"].get(order["status_id"])
    out = _header(order, status, shipped=order["id"] in loaded["shipped"])
    out.update(
        createdById=order["owner_id"] or 0,
        priceListId=order["price_list_id"],
        priceModeCode="EXC",
        delivery=_delivery(order),
        invoices=[_invoice(order)],
        currency=_currency(order),
        totalValue=_totals(order),
        assignment={"current": _assignment(order)},
        parties=_parties(order, loaded["contacts"].get(order["contact_id"])),
        orderRows=loaded["rows"].get(order["id"], {}),
        warehouseId=order["warehouse_id"],
        acknowledged=0,
        costPriceListId=COST_PRICE_LIST_ID,
        historicalOrder=False,
        orderWeighting=100,
    )
    if order["external_ref"] is not None:
        out["externalRef"] = order["external_ref"]
    return out


def _header(order: sqlite3.Row, status, *, shipped: bool) -> dict:
    out = {
        "id": order["id"],
        "parentOrderId": order["parent_order_id"] or 0,
        "orderTypeCode": order["type_code"],
        "reference": order["reference"],
        "version": order["version"],
        "orderStatus": {
            "orderStatusId": order["status_id"],
            "name": status["name"] if status else "",
        },
        "orderPaymentStatus": order["payment_status"],
        **status_codes(order["type_code"], shipped),
        "placedOn": order["placed_on"],
        "createdOn": order["created_on"],
        "updatedOn": order["updated_on"],
    }
    if status is not None and status["state"] == "closed":
        out["closedOn"] = order["updated_on"]
    return out


def status_codes(type_code: str, shipped: bool) -> dict:
    """Stock, allocation and shipping status codes, from whether the goods have gone."""
    if type_code in ("SC", "PC"):
        return {
            "stockStatusCode": f"{type_code}N",
            "allocationStatusCode": "ANR",
            "shippingStatusCode": "NST",
        }
    sales = type_code == "SO"
    return {
        "stockStatusCode": f"{type_code}{'A' if shipped else 'N'}",
        "allocationStatusCode": ("AAA" if shipped else "ANA") if sales else "ANR",
        "shippingStatusCode": "ASS" if shipped else "SNS",
    }


def _delivery(order) -> dict:
    delivery = {"shippingMethodId": order["shipping_method_id"] or 0}
    if order["delivery_date"]:
        delivery = {"deliveryDate": order["delivery_date"], **delivery}
    return delivery


def _invoice(order) -> dict:
    """Brightpearl lists one invoice slot; its reference is "" until the order is invoiced."""
    return {
        "invoiceReference": order["invoice_reference"] or "",
        "taxDate": order["tax_date"] or order["placed_on"],
        "dueDate": order["due_date"] or order["placed_on"],
    }


def _currency(order) -> dict:
    return {
        "accountingCurrencyCode": BASE_CURRENCY,
        "orderCurrencyCode": order["currency_code"],
        "exchangeRate": v.rate6(order["exchange_rate"]),
        "fixedExchangeRate": False,
    }


def _totals(order) -> dict:
    rate = Decimal(order["exchange_rate"]) or Decimal(1)
    net, tax, total = (Decimal(order[k]) for k in ("net", "tax", "total"))
    return {
        "net": v.money2(net),
        "taxAmount": v.money2(tax),
        "baseNet": v.money2(net / rate),
        "baseTaxAmount": v.money2(tax / rate),
        "baseTotal": v.money2(total / rate),
        "total": v.money2(total),
    }


def _assignment(order) -> dict:
    return {
        "staffOwnerContactId": order["owner_id"] or 0,
        "projectId": 0,
        "channelId": 0,
        "leadSourceId": 0,
        "teamId": 0,
    }


def _parties(order, contact) -> dict:
    party = "supplier" if order["type_code"] in ("PO", "PC") else "customer"
    billing = json.loads(order["billing"] or "{}")
    delivery = json.loads(order["delivery"] or "{}")
    if contact is not None:
        billing.setdefault("addressFullName", f"{contact['first_name']} {contact['last_name']}")
        billing.setdefault("companyName", contact["company"])
        billing.setdefault("email", contact["email"])
        billing.setdefault("telephone", contact["phone"])
    return {
        party: party_json(billing, order["contact_id"]),
        "delivery": party_json(delivery) if delivery else {},
        "billing": party_json(billing, order["contact_id"]),
    }


def party_json(address: dict, contact_id: int | None = None) -> dict:
    """One party in Brightpearl's field order; `countryIsoCode` is stored as alpha-3."""
    out = {"contactId": contact_id} if contact_id is not None else {}
    for name in ADDRESS_FIELDS[: ADDRESS_FIELDS.index("countryIsoCode")]:
        out[name] = address.get(name, "")
    country = country_fields(address.get("countryIsoCode", ""))
    if "country" in country:
        out["country"] = country["country"]
    out.update(
        telephone=address.get("telephone", ""),
        mobileTelephone="",
        fax="",
        email=address.get("email", ""),
    )
    out["countryId"] = country.get("countryId", 0)
    if country:
        out.update(
            countryIsoCode=country["countryIsoCode"], countryIsoCode3=country["countryIsoCode3"]
        )
    return out


def _rows_by_order(conn: sqlite3.Connection, order_ids: list[int]) -> dict[int, dict]:
    if not order_ids:
        return {}
    marks = ",".join("?" * len(order_ids))
    result: dict[int, dict] = {}
    for row in conn.execute(
        f"SELECT r.*, o.currency_code, o.type_code, t.rate AS tax_rate FROM order_rows r"  # noqa: S608
        f" JOIN orders o ON o.id = r.order_id LEFT JOIN tax_codes t ON t.code = r.tax_code"
        f" WHERE r.order_id IN ({marks}) ORDER BY r.id",
        order_ids,
    ):
        result.setdefault(row["order_id"], {})[str(row["id"])] = row_json(row)
    return result


def _shipped(conn: sqlite3.Connection, order_ids: list[int]) -> set[int]:
    if not order_ids:
        return set()
    marks = ",".join("?" * len(order_ids))
    rows = conn.execute(
        f"SELECT DISTINCT order_id FROM goods_notes WHERE order_id IN ({marks})"  # noqa: S608
        " AND shipped_on IS NOT NULL",
        order_ids,
    )
    return {row[0] for row in rows}


def _implied_rate(net: Decimal, tax: Decimal) -> Decimal:
    return (tax / net * 100) if net else Decimal(0)


def row_json(row: sqlite3.Row) -> dict:
    """One order row (a value of `orderRows`): quantities and prices with four decimals; the tax
    rate is its tax code's (a row without a known code shows the rate its amounts imply)."""
    currency = row["currency_code"]
    net, tax = Decimal(row["net"]), Decimal(row["tax"])
    rate = Decimal(row["tax_rate"]) if row["tax_rate"] is not None else _implied_rate(net, tax)
    return {
        "orderRowSequence": str(row["sequence"]),
        "productId": row["product_id"],
        "productName": row["product_name"],
        "productSku": row["sku"],
        "quantity": {"magnitude": v.money(row["quantity"])},
        "itemCost": {"currencyCode": currency, "value": row["item_cost"]},
        "productPrice": {"currencyCode": currency, "value": row["unit_price"]},
        "discountPercentage": "0.00",
        "rowValue": {
            "taxRate": v.money(rate),
            "taxCode": row["tax_code"],
            "taxCalculator": "brightpearl",
            "rowNet": {"currencyCode": currency, "value": row["net"]},
            "rowTax": {"currencyCode": currency, "value": v.money2(tax)},
        },
        "nominalCode": NOMINAL_CODE[row["type_code"]],
        "composition": {"bundleParent": False, "bundleChild": False, "parentOrderRowId": 0},
        "clonedFromId": 0,
    }
