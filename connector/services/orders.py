"""Orders (``order-service``): sales and purchase orders, credits, quotes, notes, statuses."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .._parse import as_list, to_int
from ..models import NewSalesOrder, Order, OrderNote, Page
from ..written import WrittenId
from ._base import CustomFieldsMixin, Service, new_id_from


class OrderService(CustomFieldsMixin, Service):
    service = "order-service"
    _custom_field_resource = "order"

    def get(self, order_id: int, *, custom_fields: bool = False) -> Order:
        """One order (with its ``custom_fields`` when asked: the same one request);
        ErpNotFound when the ERP does not know it."""
        return Order.from_api(self._get_one("order", order_id, "order",
                                            params=_optional(custom_fields)))

    def get_many(self, ids: Iterable[int], *, custom_fields: bool = False) -> list[Order]:
        """Orders in the order of ``ids`` (unknown ids left out), ceil(n/200) requests."""
        wanted = [int(i) for i in ids]
        found = self._get_many("order", wanted, "order", params=_optional(custom_fields))
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
                   public: bool = True, *, author_id: int | None = None,
                   if_version: int | None = None) -> None:
        """Move an order to another status, optionally with a note (written with the change,
        in the same request). ``if_version`` (the order's ``version`` as read) makes it
        conditional: when the order changed since, nothing is done and ErpConflict is raised.
        Never resent after an ambiguous failure: the caller re-reads the order."""
        body: dict[str, Any] = {"orderStatusId": int(status_id)}
        if note:
            body["orderNote"] = _note_body(note, public, author_id)
        headers = {"If-Match": str(int(if_version))} if if_version is not None else None
        self._write("PUT", f"order/{int(order_id)}/status", body, headers=headers)

    def add_note(self, order_id: int, text: str, public: bool = True, *,
                 author_id: int | None = None) -> int:
        """Add a note to an order (``author_id``: who wrote it); returns the note's id."""
        answer = self._write("POST", f"order/{int(order_id)}/note",
                             _note_body(text, public, author_id))
        return new_id_from(answer, "order note POST")

    def notes(self, order_id: int) -> list[OrderNote]:
        """An order's notes, oldest first (as the ERP lists them)."""
        items = as_list(self._get(f"order/{int(order_id)}/note"), "order notes")
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
