"""Turning a cart into one ERP sales order, exactly once, and telling the account manager.

DESIGN.md: the order is created in status Confirmed with prices computed here from ERP data (never
from the form), and a task is created for the customer's account manager.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from connector.constants import OrderType, SalesStatus
from connector.errors import ErpError
from connector.models import DeliveryAddress, NewOrderRow, NewSalesOrder
from portal_web.cart.services import Cart, price_cart

log = logging.getLogger(__name__)
PICKUP = "pickup"


class CheckoutError(ValueError):
    """The cart cannot be ordered as it is; the message tells the customer what to change."""


@dataclass(frozen=True)
class AddressChoice:
    value: str  # an ERP postal address id, or "pickup"
    label: str


def address_book(erp, contact_id: int) -> dict[str, object]:
    """The customer's own addresses in the ERP, by form value: what checkout may deliver to."""
    return {str(a.id): a for a in erp.addresses.for_contact(contact_id)}


def address_choices(book: dict[str, object]) -> list[AddressChoice]:
    """One choice per address; "Pickup at vendor's location" only when there is none (MRPeasy)."""
    if not book:
        return [AddressChoice(PICKUP, "Pickup at vendor's location")]
    return [AddressChoice(value, _one_line(a)) for value, a in book.items()]


def place_order(erp, profile, book, cart: Cart, address, po_number: str) -> int:
    """Creates the order (or finds the one this same cart already created) and returns its id.

    `address` is one of the customer's ERP addresses (from `address_book`), or None for pickup.
    """
    priced = price_cart(erp, book, cart)
    if not priced.lines:
        raise CheckoutError("Your cart is empty.")
    if priced.unavailable:
        names = ", ".join(line.name for line in priced.unavailable)
        raise CheckoutError(f"Remove what can no longer be ordered first: {names}.")
    status = erp.reference.status_named(SalesStatus.CONFIRMED,
                                       order_type=OrderType.SALES_ORDER.code)
    order = NewSalesOrder(
        customer_id=profile.contact_id,
        external_ref=cart.external_ref(profile.contact_id, str(address.id if address else PICKUP),
                                       po_number),
        status_id=status.id,
        price_list_id=book.price_list_id,
        currency_code=book.currency.code,
        rows=[NewOrderRow(line.product_id, line.quantity, line.total) for line in priced.lines],
        customer_ref=po_number or None,
        delivery_address=_delivery(profile, address),
    )
    order_id = erp.orders.create_sales_order(order)
    log.info("order %s placed by contact %s (%s)", order_id, profile.contact_id, order.external_ref)
    _notify_account_manager(erp, profile, order_id)
    return order_id


def _delivery(profile, address) -> DeliveryAddress | None:
    if address is None:
        return None
    return DeliveryAddress(full_name=profile.name, company_name=profile.company,
                           line1=address.line1, line2=address.line2, line3=address.line3,
                           line4=address.line4, postal_code=address.postal_code,
                           country=address.country)


def _notify_account_manager(erp, profile, order_id: int) -> None:
    """One task per order: a retried checkout finds the task the first attempt made.

    The order is placed whatever happens here, so a failure is logged, not shown as an error.
    """
    if profile.owner_id is None:
        log.warning("order %s: contact %s has no account manager to tell", order_id,
                    profile.contact_id)
        return
    try:
        if next(erp.tasks.search(orderId=order_id), None) is None:
            erp.tasks.create(profile.owner_id, f"New portal order from {profile.company}",
                             order_id=order_id, due_date=date.today() + timedelta(days=1))
    except ErpError as e:
        if next(_quiet_search(erp, order_id), None) is None:
            log.error("order %s: could not create the account manager's task: %s", order_id, e)


def _quiet_search(erp, order_id: int):
    try:
        yield from erp.tasks.search(orderId=order_id)
    except ErpError:
        return


def _one_line(address) -> str:
    parts = (address.line1, address.line2, address.line3, address.line4, address.postal_code,
             address.country)
    return ", ".join(p for p in parts if p)
