"""`order-search` and `sales-order-search`: Brightpearl's columns, in its order, with its types.

The order-search columns and types are those of a recorded answer; the sales-order-search ones
are its documented list and types (its status columns are codes, not ids). Both share the SQL.
"""

from __future__ import annotations

import sqlite3

from fake_erp.backend.reference import (
    ORDER_TYPE_IDS,
    ORDER_TYPE_NAMES,
    PAYMENT_STATUS_IDS,
    SHIPPING_STATUSES,
    STOCK_STATUS_NAMES,
)
from fake_erp.backend.search import Column, SearchSpec

_SHIPPED = "EXISTS (SELECT 1 FROM goods_notes g WHERE g.order_id = orders.id AND g.shipped_on)"
TYPE_ID = (
    "(CASE type_code "
    + " ".join(f"WHEN '{code}' THEN {type_id}" for code, type_id in ORDER_TYPE_IDS.items())
    + " END)"
)
PAYMENT_STATUS_ID = (
    "(CASE payment_status "
    + " ".join(f"WHEN '{name}' THEN {i}" for name, i in PAYMENT_STATUS_IDS.items())
    + " END)"
)
STOCK_STATUS_ID = f"(CASE WHEN {_SHIPPED} THEN 3 ELSE 1 END)"
SHIPPING_STATUS_ID = (
    f"(CASE WHEN type_code IN ('SC', 'PC') THEN 1 WHEN {_SHIPPED} THEN 4 ELSE 2 END)"
)
# sales-order-search reports the status codes themselves (documented as STRING columns).
STOCK_STATUS_CODE = f"(CASE WHEN {_SHIPPED} THEN 'SOA' ELSE 'SON' END)"
SHIPPING_STATUS_CODE = f"(CASE WHEN {_SHIPPED} THEN 'ASS' ELSE 'SNS' END)"
_OWNER = "COALESCE(owner_id, 0)"


def _status_names(conn: sqlite3.Connection) -> dict:
    rows = conn.execute("SELECT id, name FROM order_statuses")
    return {str(row["id"]): row["name"] for row in rows}


REFERENCES = {
    "orderTypeNames": lambda _conn: {str(k): v for k, v in ORDER_TYPE_NAMES.items()},
    "orderStatusNames": _status_names,
    "orderStockStatusNames": lambda _conn: {str(k): v for k, v in STOCK_STATUS_NAMES.items()},
    "orderPaymentStatusNames": lambda _conn: {str(v): k for k, v in PAYMENT_STATUS_IDS.items()},
    "orderShippingStatusNames": lambda _conn: {str(k): v[1] for k, v in SHIPPING_STATUSES.items()},
}

ORDER_SEARCH = SearchSpec(
    source="orders",
    columns=(
        Column("orderId", "id", "IDSET"),
        Column("orderTypeId", TYPE_ID, "IDSET", reference="orderTypeNames"),
        Column("contactId", "contact_id", "INTEGER"),
        Column("orderStatusId", "status_id", "INTEGER", reference="orderStatusNames"),
        Column("orderStockStatusId", STOCK_STATUS_ID, "INTEGER", reference="orderStockStatusNames"),
        Column("createdOn", "created_on", "PERIOD"),
        Column("createdById", _OWNER, "INTEGER"),
        Column("customerRef", "reference", "STRING"),
        Column(
            "orderPaymentStatusId",
            PAYMENT_STATUS_ID,
            "INTEGER",
            reference="orderPaymentStatusNames",
        ),
        Column("updatedOn", "updated_on", "PERIOD"),
        Column("parentOrderId", "COALESCE(parent_order_id, 0)", "IDSET"),
        Column(
            "orderShippingStatusId",
            SHIPPING_STATUS_ID,
            "INTEGER",
            reference="orderShippingStatusNames",
        ),
        Column("externalRef", "external_ref", "STRING"),
        Column("installedIntegrationInstanceId", "NULL", "INTEGER"),
        Column("warehouseId", "warehouse_id", "IDSET"),
        Column("staffOwnerContactId", _OWNER, "INTEGER"),
        Column("taxDate", "tax_date", "PERIOD"),
        Column("departmentId", "0", "INTEGER"),
        Column("deliveryDate", "delivery_date", "PERIOD"),
    ),
    references=REFERENCES,
)

SALES_ORDER_SEARCH = SearchSpec(
    source="(SELECT * FROM orders WHERE type_code = 'SO') AS orders",
    columns=(
        Column("salesOrderId", "id", "IDSET"),
        Column("customerId", "contact_id", "INTEGER"),
        Column("orderStatusId", "status_id", "INTEGER", reference="orderStatusNames"),
        Column("orderStockStatus", STOCK_STATUS_CODE, "STRING"),
        Column("createdOn", "created_on", "PERIOD"),
        Column("createdById", _OWNER, "INTEGER"),
        Column("customerRef", "reference", "STRING"),
        Column("orderPaymentStatus", "payment_status", "STRING"),
        Column("updatedOn", "updated_on", "PERIOD"),
        Column("orderShippingStatus", SHIPPING_STATUS_CODE, "STRING"),
        Column("externalRef", "external_ref", "STRING"),
        Column("installedIntegrationInstanceId", "NULL", "INTEGER"),
        Column("warehouseId", "warehouse_id", "IDSET"),
        Column("staffOwnerId", _OWNER, "INTEGER"),
        Column("taxDate", "tax_date", "PERIOD"),
        Column("channelId", "0", "INTEGER"),
        Column("deliveryDate", "delivery_date", "PERIOD"),
    ),
    references=REFERENCES,
)
