"""Turning a cart into one ERP sales order, exactly once, and telling the account manager.

The order is created in status Confirmed with prices and tax computed here from ERP data (never
from the form): each row carries its tax code and tax (portal_web/taxes.py). A task is created
for the customer's account manager (docs/portal.md, "Prices and orders").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from connector.constants import OrderType, SalesStatus
from connector.errors import ErpError, ErpUnavailable
from connector.models import DeliveryAddress, NewOrderRow, NewSalesOrder
from portal_web.cart.services import Cart, price_cart
from portal_web.customer import as_order_address
from portal_web.formatting import address_lines

log = logging.getLogger(__name__)
PICKUP = "pickup"


class CheckoutError(ValueError):
    """The cart cannot be ordered as it is; the message tells the customer what to change."""


class OrderMayExist(Exception):
    """The order's POST may have reached the ERP, and whether it did could not be learned.

    Never "nothing was ordered": the customer is told to look at My orders. Sending the same
    cart again is safe (its reference names the cart) and finds the order if it exists.
    """


@dataclass(frozen=True)
class Placed:
    """The order a checkout ended with; `created` False: this cart had been ordered already."""

    order_id: int
    created: bool


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


def place_order(erp, profile, book, cart: Cart, address, po_number: str) -> Placed:
    """Creates the order, or finds the one this same cart already created.

    `address` is one of the customer's ERP addresses (from `address_book`), or None for pickup.
    Only the request that created the order tells the account manager, so concurrent
    submissions of one cart make one task; so does the first resubmission after a checkout
    whose outcome was lost (`cart.pending`), since the request that made that order never
    got as far as the task.
    """
    order = _new_order(erp, profile, book, cart, address, po_number)
    try:
        written = erp.orders.create_sales_order(order)
    except ErpUnavailable as e:
        if e.ambiguous:
            log.warning("order %s of contact %s may have been placed: %s", order.external_ref,
                        profile.contact_id, e)
            raise OrderMayExist(order.external_ref) from e
        raise
    placed = Placed(int(written), written.created)
    log.info("order %s %s for contact %s (%s)", placed.order_id,
             "placed" if placed.created else "found again", profile.contact_id,
             order.external_ref)
    if placed.created or cart.pending:
        _notify_account_manager(erp, profile, placed.order_id)
    return placed


def _new_order(erp, profile, book, cart: Cart, address, po_number: str) -> NewSalesOrder:
    """The sales order for this cart, priced here from ERP data (never from the form)."""
    priced = price_cart(erp, book, cart)
    if not priced.lines:
        raise CheckoutError("Your cart is empty.")
    if priced.unavailable:
        names = ", ".join(line.name for line in priced.unavailable)
        raise CheckoutError(f"Remove what can no longer be ordered first: {names}.")
    status = erp.reference.status_named(SalesStatus.CONFIRMED,
                                       order_type=OrderType.SALES_ORDER.code)
    return NewSalesOrder(
        customer_id=profile.contact_id,
        external_ref=cart.external_ref(profile.contact_id),
        status_id=status.id,
        price_list_id=book.price_list_id,
        currency_code=book.currency.code,
        rows=[NewOrderRow(line.product_id, line.quantity, line.total, line.tax, line.tax_code.code)
              for line in priced.lines],
        customer_ref=po_number or None,
        delivery_address=_delivery(profile, address),
    )


def _delivery(profile, address) -> DeliveryAddress | None:
    return as_order_address(profile, address) if address is not None else None


def _notify_account_manager(erp, profile, order_id: int) -> None:
    """One task per order; the search spares a second one when a retry races the first.

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
    """The address on one line, as it is written in its country (`75002 Paris, France`)."""
    return ", ".join(address_lines(address))
