"""Orders (``order-service``): sales and purchase orders, credits, quotes, notes, statuses."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from .._parse import as_list, to_int
from ..models import NewSalesOrder, Order, OrderNote, Page
from ..written import WrittenId
from ._base import CustomFieldsMixin, Service, new_id_from


class OrderService(CustomFieldsMixin, Service):
    service = "order-service"
    _custom_field_resource = "order"

    def get(self, order_id: int, *, custom_fields: bool = False, **kw: Any) -> Order:
        """One order; ErpNotFound when the ERP does not know it. ``custom_fields`` asks for
        them in the same request (``Order.custom_fields``)."""
        return Order.from_api(self._get_one("order", order_id, "order",
                                            _optional(custom_fields), **kw))

    def get_many(self, ids: Iterable[int], *, custom_fields: bool = False) -> list[Order]:
        """Orders in the order of ``ids`` (unknown ids left out), ceil(n/200) requests."""
        wanted = [int(i) for i in ids]
        found = self._get_many("order", wanted, "order", _optional(custom_fields))
        by_id = {o.id: o for o in map(Order.from_api, found)}
        return [by_id[i] for i in dict.fromkeys(wanted) if i in by_id]

    def page(self, page: int = 1, page_size: int = 20, sort: str | None = "createdOn.DESC",
             **filters: Any) -> Page[Order]:
        """One page of orders matching ``filters``: one search and one GET."""
        result = self._search_page("order", filters, page=page, page_size=page_size, sort=sort)
        ids = [i for row in result.rows if (i := _order_id(row)) is not None]
        return Page(self.get_many(ids) if ids else [], result.total, page, page_size)

    def search_ids(self, sort: str | None = None, **filters: Any) -> Iterator[int]:
        """Lazily, the id of every order matching ``filters`` (500 per request)."""
        for row in self._search("order", filters, sort=sort):
            order_id = _order_id(row)
            if order_id is not None:
                yield order_id

    def find_by_external_ref(self, ref: str, *, deadline_at: float | None = None) -> int | None:
        """The order created with this ``externalRef``, if any (an exact match)."""
        result = self._search_page("order", {"externalRef": ref}, page=1, page_size=10,
                                   deadline_at=deadline_at)
        for row in result.rows:
            if str(row.get("externalRef")) == ref:
                return _order_id(row)
        return None

    def create_sales_order(self, order: NewSalesOrder) -> WrittenId:
        """Create a sales order with its rows; returns its id. Safe to retry.

        After an ambiguous failure, or an "externalRef already used" answer, the order is
        looked up by its ``external_ref`` and only resent when the ERP does not have it. The id
        says whether this call created the order (``.created``) or found one already made with
        the same reference, so that what follows an order (the account manager's task) is
        done once.
        """
        answer = self._write(
            "POST", "sales-order", order.to_api(),
            lookup=lambda deadline_at: self.find_by_external_ref(order.external_ref,
                                                                 deadline_at=deadline_at))
        if isinstance(answer, WrittenId):
            return answer
        return WrittenId(new_id_from(answer, "sales-order POST"), created=True)

    def set_status(self, order_id: int, status_id: int, note: str | None = None,
                   public: bool = True, *, verify: bool = False,
                   author_id: int | None = None, if_version: int | None = None) -> None:
        """Move an order to another status, optionally with a note (written with the change,
        in the same request; ``author_id``: who wrote it).

        ``if_version`` (the order's ``version`` as read) makes it conditional: when the order
        changed since, nothing is done and ErpConflict is raised. ``verify``: after an
        ambiguous failure the order is read back, and the change counts as done when the order
        is in that status (a status and its note land together); only for an order not
        already in that status, or the read-back proves nothing. Without either, it is never
        resent after an ambiguous failure: the caller re-reads the order.
        """
        body: dict[str, Any] = {"orderStatusId": int(status_id)}
        if note:
            body["orderNote"] = _note_body(note, public, author_id)
        headers = {"If-Match": str(int(if_version))} if if_version is not None else None

        def landed(deadline_at: float) -> int | None:
            order = self.get(order_id, deadline_at=deadline_at)
            return order.id if order.status_id == int(status_id) else None

        self._write("PUT", f"order/{int(order_id)}/status", body, headers=headers,
                    lookup=landed if verify else None)

    def set_delivery_date(self, order_id: int, day: date) -> None:
        """Set the order's delivery date (``PATCH /order/{id}``). Safe to retry: after an
        ambiguous failure the order is read back, and the date sent again only if it differs."""
        patch = [{"op": "replace", "path": "/delivery/deliveryDate", "value": day.isoformat()}]

        def landed(deadline_at: float) -> int | None:
            order = self.get(order_id, deadline_at=deadline_at)
            return order.id if order.delivery_date == day else None

        self._write("PATCH", f"order/{int(order_id)}", patch, lookup=landed)

    def add_note(self, order_id: int, text: str, public: bool = True, *,
                 reference: str | None = None, author_id: int | None = None) -> int:
        """Add a note to an order (``author_id``: who wrote it); returns the note's id.

        With a ``reference`` (a string the caller chose before the first attempt, which
        ``text`` holds) the note is written once: after an ambiguous failure the order's notes
        are searched for it, and the note is sent again only when none holds it. The id is
        then a ``WrittenId``, whose ``.created`` says whether this call wrote it.
        """
        if reference is not None and reference not in text:
            raise ValueError("add_note: the text must hold the reference it is found by")

        def found(deadline_at: float) -> int | None:
            return self.find_note(order_id, reference, deadline_at=deadline_at)

        answer = self._write("POST", f"order/{int(order_id)}/note",
                             _note_body(text, public, author_id),
                             lookup=found if reference is not None else None)
        if isinstance(answer, WrittenId):
            return answer
        note_id = new_id_from(answer, "order note POST")
        return WrittenId(note_id, created=True) if reference is not None else note_id

    def find_note(self, order_id: int, reference: str, **kw: Any) -> int | None:
        """The first of the order's notes whose text holds ``reference``, if any."""
        return next((n.id for n in self.notes(order_id, **kw) if reference in n.text), None)

    def notes(self, order_id: int, **kw: Any) -> list[OrderNote]:
        """An order's notes, oldest first (as the ERP lists them)."""
        items = as_list(self._get(f"order/{int(order_id)}/note", **kw), "order notes")
        return [OrderNote.from_api(item) for item in items]

    def search_notes(self, **filters: Any) -> Iterator[OrderNote]:
        """Lazily, every note matching ``filters`` (``order-note-search``: ``contactId``,
        ``orderId``, ``noteText`` (a substring), ...), 500 per request."""
        for row in self._search("order-note", filters):
            yield OrderNote.from_search_row(row)


def _optional(custom_fields: bool) -> dict | None:
    return {"includeOptional": "customFields"} if custom_fields else None


def _note_body(text: str, public: bool, author_id: int | None) -> dict[str, Any]:
    body: dict[str, Any] = {"text": text, "isPublic": bool(public)}
    if author_id is not None:
        body["addedBy"] = int(author_id)
    return body


def _order_id(row: dict) -> int | None:
    return to_int(row.get("orderId"), "orderId", "order-search")


def _optional(custom_fields: bool) -> dict | None:
    """Brightpearl's ``includeOptional``: custom fields come only when asked for."""
    return {"includeOptional": "customFields"} if custom_fields else None
