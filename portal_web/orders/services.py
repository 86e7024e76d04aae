"""Orders as the customer may see them: their own sales orders, in the statuses of the table."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort

from connector.constants import OrderType
from connector.errors import ErpNotFound
from portal_web.cart.services import Cart, CartFull
from portal_web.catalog.services import is_orderable
from portal_web.statuses import StatusTable

PAGE_SIZE = 20


def status_table(erp, settings) -> StatusTable:
    return StatusTable.build(erp.reference.statuses(), settings.status_map)


def orders_page(erp, table: StatusTable, contact_id: int, status_slug: str, page: int,
                page_size: int = PAGE_SIZE):
    """One page of the customer's visible orders, newest first, with their shipments.

    Costs one search, one GET of the orders and one GET of their goods-out notes, whatever the
    number of orders. An unknown status slug is a ValueError.
    """
    status_ids = table.ids_for(status_slug) if status_slug else table.visible_ids
    if status_slug and not status_ids:
        raise ValueError("There is no such order status.")
    found = erp.orders.page(page=page, page_size=page_size, sort="createdOn.DESC",
                            contactId=contact_id,
                            orderTypeId=OrderType.SALES_ORDER.type_id, orderStatusId=status_ids)
    shipments = erp.shipments.for_orders([o.id for o in found.items]) if found.items else {}
    return found, shipments


def get_order_or_404(erp, table: StatusTable, order_id: int, contact_id: int):
    """Load, check: another customer's order, a hidden status and an unknown id look the same."""
    try:
        order = erp.orders.get(order_id)
    except ErpNotFound:
        abort(404)
    if (order.type_code != OrderType.SALES_ORDER.code or order.customer_id != contact_id
            or table.label(order.status_id) is None):
        abort(404)
    return order


@dataclass(frozen=True)
class Reorder:
    added: list[str]
    skipped: list[str]


def reorder(erp, book, order, cart: Cart) -> Reorder:
    """Puts the order's products back in the cart at today's prices, skipping what is gone."""
    ids = [row.product_id for row in order.rows if row.product_id]
    prices = erp.catalog.prices(ids, book.price_list_id) if ids else {}
    products = erp.catalog.products(ids) if ids else {}
    added, skipped = [], []
    for row in order.rows:
        quantity = int(row.quantity)
        orderable = is_orderable(products.get(row.product_id), prices.get(row.product_id))
        if not orderable or quantity < 1:
            skipped.append(row.name)
            continue
        try:
            cart.add(row.product_id, quantity)
        except CartFull:
            skipped.append(row.name)
            continue
        added.append(row.name)
    return Reorder(added, skipped)


def tracking_numbers(shipments) -> list[str]:
    return [s.tracking_reference for s in shipments if s.tracking_reference]
