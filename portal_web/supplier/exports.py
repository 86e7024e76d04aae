"""What the two CSV downloads hold: the list as filtered, and one purchase order's lines.

Amounts are plain decimals in the PO's currency (a column of their own), dates ISO 8601: what a
spreadsheet sorts and sums. `portal_web.spreadsheet` neutralises every cell.
"""

from __future__ import annotations

from portal_web.supplier.services import SUPPLIER_REF, LoadedPurchaseOrder

LIST_COLUMNS = ("PO number", "Reference", "Your reference", "Ordered on", "Delivery date",
                "Status", "Lines", "Currency", "Net", "Tax", "Total")
LINE_COLUMNS = ("PO number", "SKU", "Product", "Ordered", "Shipped", "Left to ship",
                "Unit cost", "Line total", "Currency", "Promised by")


def list_rows(orders, table):
    for order in orders:
        yield (order.id, order.reference, order.custom_fields.get(SUPPLIER_REF, ""),
               _day(order.placed_on), _day(order.delivery_date), table.label(order.status_id),
               len(order.rows), order.currency_code, order.net, order.tax, order.total)


def line_rows(po: LoadedPurchaseOrder):
    for line in po.lines():
        row = line.row
        yield (po.order.id, row.sku, row.name, line.ordered, line.shipped, line.remaining,
               row.unit_price, row.net, po.order.currency_code, _day(line.promised))


def _day(value) -> str:
    if value is None:
        return ""
    return (value.date() if hasattr(value, "date") else value).isoformat()
