"""A supplier acknowledges a purchase order, ships it (in parts), comments: each exactly once.

Every write here is one of two kinds (docs/connector.md, "Safe writes"): the record, a public
note carrying a reference chosen before the first attempt (found again, never written twice,
after a lost answer), and values set from it (the supplier's reference, the promised date, the
status, the last tracking number), which are compared with what the order holds and set only
when they differ, and read back after a lost answer. The buyer's task carries the record's
reference too, so a retry that finds the record makes the task only if it is missing.

The caller holds the purchase order's lock (`portal_web.locks`) from loading it to the end, so
two requests never decide on the same figures.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from connector.constants import OrderType, PurchaseStatus
from connector.errors import ErpNotFound
from portal_web.supplier.forms import (
    FormErrors,
    read_acknowledgement,
    read_comment,
    read_shipment,
)
from portal_web.supplier.records import (
    MAX_NOTE_LENGTH,
    Acknowledgement,
    Comment,
    Shipment,
    acknowledgement_text,
    comment_text,
    reference,
    shipment_text,
    shipped_units,
)
from portal_web.supplier.services import SUPPLIER_REF, TRACKING, LoadedPurchaseOrder

log = logging.getLogger(__name__)


class NotNow(Exception):
    """The PO's status does not allow this now (shipped in full, received...); says why."""


@dataclass(frozen=True)
class Outcome:
    message: str
    recorded: bool  # False: the same had been recorded before, nothing new was written


def acknowledge(erp, po: LoadedPurchaseOrder, form, profile, today: date) -> Outcome:
    """The supplier's reference and promised date (and line dates): Acknowledged, a note, a task.

    The same promise as the latest acknowledgement changes nothing; another date is a new note
    and a new task.
    """
    order = po.order
    if not po.is_open:
        raise NotNow("This purchase order can no longer be acknowledged.")
    wanted = read_acknowledgement(form, [row.id for row in order.rows], today)
    latest = po.history.acknowledgement
    ack = Acknowledgement(
        reference("acknowledgement", order.id, wanted.supplier_ref, wanted.promised,
                  sorted(wanted.lines.items()), latest.ref if latest else ""),
        wanted.supplier_ref, wanted.promised,
        latest.requested if latest else order.delivery_date, wanted.lines)
    repeat = latest is not None and latest.same_promise(ack)
    ack = latest if repeat else ack
    text = _checked(acknowledgement_text(ack, profile.company, {r.id: r for r in order.rows}))
    _set_promise(erp, order, ack)
    created = not repeat and _write(erp, order.id, ack.ref, text)
    _tell_buyer(erp, order, ack.ref, created, f"{profile.company} acknowledged, delivery "
                f"promised for {ack.promised:%d %b %Y}")
    if repeat:
        return Outcome("This acknowledgement had already been recorded: nothing changed.", False)
    return Outcome(f"Acknowledged: delivery promised for {ack.promised:%d %b %Y}. The buyer "
                   f"has been told.", True)


def ship(erp, po: LoadedPurchaseOrder, form, profile, today: date) -> Outcome:
    """A shipment of some units of some lines: a note with its record, the tracking number,
    the status (Partly shipped, or Shipped once nothing is left) and a task for the buyer."""
    order = po.order
    wanted = read_shipment(form, [row.id for row in order.rows],
                           order.placed_on.date() if order.placed_on else None, today)
    shipment = Shipment(
        reference("shipment", order.id, wanted.shipped_on, wanted.carrier, wanted.tracking,
                  sorted(wanted.lines.items()), wanted.token),
        wanted.shipped_on, wanted.carrier, wanted.tracking, wanted.lines)
    repeat = po.history.has(shipment.ref)
    if not repeat:
        if not po.is_open:
            raise NotNow("This purchase order can no longer be shipped.")
        _check_left(shipment, po.remaining())
    text = _checked(shipment_text(shipment, profile.company, {r.id: r for r in order.rows}))
    created = not repeat and _write(erp, order.id, shipment.ref, text)
    shipments = po.history.shipments + ([] if repeat else [shipment])
    complete = _set_shipped(erp, order, shipments)
    what = "everything" if complete else "part of the order"
    _tell_buyer(erp, order, shipment.ref, created, f"{profile.company} shipped {what} by "
                f"{shipment.carrier}, tracking {shipment.tracking}")
    if repeat:
        return Outcome("This shipment had already been recorded: it was not recorded again.",
                       False)
    now = "everything has now shipped" if complete else "part of the order has now shipped"
    return Outcome(f"Shipment recorded: {now}. The buyer has been told.", True)


def comment(erp, po: LoadedPurchaseOrder, form, profile) -> Outcome:
    """The supplier's words as a public note, and a task for the buyer to read them."""
    wanted = read_comment(form)
    order = po.order
    note = Comment(reference("comment", order.id, wanted.text, wanted.token), wanted.text,
                   profile.company)
    repeat = po.history.has(note.ref)
    created = not repeat and _write(erp, order.id, note.ref, _checked(comment_text(note)))
    _tell_buyer(erp, order, note.ref, created, f"a comment from {profile.company}")
    if repeat:
        return Outcome("This comment had already been sent.", False)
    return Outcome("Comment sent to the buyer.", True)


def _check_left(shipment: Shipment, remaining: dict[int, int]) -> None:
    """More than is left on a line is refused for that line, and nothing is written."""
    errors = {f"qty-{row_id}": (f"Only {remaining.get(row_id, 0)} left to ship on this line: "
                                f"you cannot ship {units}.")
              for row_id, units in shipment.lines.items() if units > remaining.get(row_id, 0)}
    if errors:
        raise FormErrors(errors)


def _checked(text: str) -> str:
    """A note the ERP takes; checked before anything is written."""
    if len(text) > MAX_NOTE_LENGTH:
        raise FormErrors({"form": "This is too much to record at once: record fewer lines."})
    return text


def _write(erp, order_id: int, ref: str, text: str) -> bool:
    """The record's note, once; True when this request wrote it."""
    return erp.orders.add_note(order_id, text, public=True, reference=ref).created


def _set_promise(erp, order, ack: Acknowledgement) -> None:
    """The PO as promised: the supplier's reference, the delivery date, Acknowledged (from
    Sent to supplier only: a partly shipped order stays so). Only what differs is written."""
    if order.custom_fields.get(SUPPLIER_REF) != ack.supplier_ref:
        erp.orders.set_custom_field(order.id, SUPPLIER_REF, ack.supplier_ref, verify=True)
    if order.delivery_date != ack.promised:
        erp.orders.set_delivery_date(order.id, ack.promised)
    if order.status_name == PurchaseStatus.SENT:
        _set_status(erp, order, PurchaseStatus.ACKNOWLEDGED)


def _set_shipped(erp, order, shipments: list[Shipment]) -> bool:
    """The last tracking number and the status the shipments make; True: nothing is left."""
    shipped = shipped_units(shipments)
    complete = all(shipped.get(row.id, 0) >= int(row.quantity) for row in order.rows)
    if shipments and order.custom_fields.get(TRACKING) != shipments[-1].tracking:
        erp.orders.set_custom_field(order.id, TRACKING, shipments[-1].tracking, verify=True)
    if order.status_name in (PurchaseStatus.SENT, PurchaseStatus.ACKNOWLEDGED,
                             PurchaseStatus.PARTLY_SHIPPED):
        _set_status(erp, order, PurchaseStatus.SHIPPED if complete
                    else PurchaseStatus.PARTLY_SHIPPED)
    return complete


def _set_status(erp, order, name: str) -> None:
    try:
        status = erp.reference.status_named(name, order_type=OrderType.PURCHASE_ORDER.code)
    except ErpNotFound:  # an account without that status: the order keeps its own
        log.warning("PO %s: the ERP has no status %r; left as %r", order.id, name,
                    order.status_name)
        return
    if status.id != order.status_id:
        erp.orders.set_status(order.id, status.id, verify=True)


def _tell_buyer(erp, order, ref: str, created: bool, what: str) -> None:
    """A task for the PO's owner naming the record. The task carries the record's reference,
    which the ERP keeps unique, so it is made at most once. On a repeat (`created` False) the
    task is looked for first: the usual repeat then writes nothing, and one whose first try
    stopped between the note and the task gets its task now."""
    if order.owner_id is None:
        log.warning("PO %s has no owner to tell of %s", order.id, ref)
        return
    if not created and erp.tasks.find_by_reference(ref) is not None:
        return
    label = f"PO #{order.id}" + (f" ({order.reference})" if order.reference else "")
    erp.tasks.create(order.owner_id, f"{label}: {what} [{ref}]", order_id=order.id,
                     due_date=date.today() + timedelta(days=1), reference=ref)


__all__ = ["FormErrors", "NotNow", "Outcome", "acknowledge", "comment", "ship"]
