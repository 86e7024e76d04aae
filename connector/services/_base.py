"""What every service shares: a path prefix, and GET/search/batch helpers over the transport.

Services hold no state of their own: the transport (session, limiter, breaker) and the
caches belong to the client and are handed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .._parse import as_dict, as_list, to_int
from .._transport import Transport
from ..errors import ErpNotFound, ErpProtocolError
from ..idsets import chunked_idsets
from ..paging import SEARCH_PAGE_SIZE, SearchResult, iter_search, parse_search, search_params

# Search columns whose filter takes an ID set (Brightpearl's IDSET type). Every other column
# takes one value: a list of values for it is applied by the connector to the rows it reads.
IDSET_COLUMNS = {
    "order": frozenset({"orderId", "orderTypeId", "parentOrderId", "warehouseId"}),
    "contact": frozenset({"contactId"}),
    "product": frozenset({"productId", "brightpearlCategoryCode", "brandId", "productTypeId",
                          "primarySupplierId"}),
    "customer-payment": frozenset({"paymentId", "orderId", "currencyId", "journalId"}),
    "accounting-service/currency": frozenset({"id"}),
    "task": frozenset({"taskId"}),
    "order-note": frozenset({"orderId", "noteId", "contactId", "addedBy", "orderStatusId"}),
}
_MANY = (list, set, frozenset, range)


def split_filters(resource: str, filters: Mapping[str, Any]) -> tuple[dict, dict[str, set]]:
    """(what the ERP filters, what the connector filters): a list for a column that takes one
    value is kept back (a one-item list is sent as that value)."""
    idsets = IDSET_COLUMNS.get(resource, frozenset())
    server, local = {}, {}
    for name, value in filters.items():
        if isinstance(value, _MANY) and name not in idsets:
            wanted = {int(v) for v in value}
            if len(wanted) == 1:
                server[name] = next(iter(wanted))
            else:
                local[name] = wanted
        else:
            server[name] = value
    return server, local


def _wanted(row: dict, local: dict[str, set]) -> bool:
    return all(to_int(row.get(name), name, "search row") in ids for name, ids in local.items())


def new_id_from(value: Any, what: str) -> int:
    """A create answers ``{"response": 322}``: the new id, or a protocol error."""
    new_id = to_int(value, "response", what) if not isinstance(value, dict | list) else None
    if new_id is None:
        raise ErpProtocolError(f"{what}: expected the new id, got {value!r:.80}")
    return new_id


class Service:
    """Base of the per-area services; ``service`` is the ERP service of its paths."""

    service = ""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def _path(self, path: str) -> str:
        return f"{self.service}/{path}"

    def _get(self, path: str, params: dict | None = None, **kw: Any) -> Any:
        return self._transport.call("GET", self._path(path), params=params, **kw)

    def _write(self, method: str, path: str, body: Any = None, **kw: Any) -> Any:
        return self._transport.call(method, self._path(path), body=body, **kw)

    def _get_list(self, path: str, what: str) -> list:
        """A GET whose answer must be a JSON array."""
        return as_list(self._get(path), what)

    def _get_one(self, resource: str, object_id: int, what: str, params: dict | None = None,
                 **kw: Any) -> dict:
        """``GET resource/{id}``: the one object, ErpNotFound when the ERP has none."""
        items = self._get(f"{resource}/{int(object_id)}", params, **kw)
        if isinstance(items, dict):
            items = [items]
        items = as_list(items, what)
        if not items:
            raise ErpNotFound(f"No {what} {object_id}", status=404,
                              path=self._path(f"{resource}/{object_id}"), method="GET")
        return as_dict(items[0], what)

    def _get_many(self, resource: str, ids: Iterable[int], what: str,
                  params: dict | None = None) -> list[dict]:
        """``GET resource/{idset}`` in chunks of 200: ceil(n/200) requests for n ids.

        Brightpearl answers an id set naming none of its objects with ``[]`` for some resources
        (orders) and a 404 for others (contacts, product prices): both mean "none of these".
        """
        found: list[dict] = []
        for idset in chunked_idsets(ids):
            try:
                answer = self._get(f"{resource}/{idset}", params)
            except ErpNotFound:
                continue
            found.extend(as_dict(item, what) for item in as_list(answer, what))
        return found

    def _search(self, resource: str, filters: Mapping[str, Any], *,
                sort: str | None = None, **kw: Any) -> Iterator[dict[str, Any]]:
        """Every row of ``{resource}-search``, 500 a request, lazily."""
        server, local = split_filters(resource, filters)
        rows = iter_search(lambda params: self._get(f"{resource}-search", params, **kw),
                           self._path(f"{resource}-search"), server, sort=sort,
                           page_size=SEARCH_PAGE_SIZE)
        return (row for row in rows if _wanted(row, local))

    def _search_page(self, resource: str, filters: Mapping[str, Any], *, page: int,
                     page_size: int, sort: str | None = None, **kw: Any) -> SearchResult:
        """One page of ``{resource}-search`` (``page`` is 1-based). With a filter the ERP
        cannot apply (several values of a one-value column), every matching row is read
        (500 a request) and the page is cut here."""
        if page < 1 or not 1 <= page_size <= SEARCH_PAGE_SIZE:
            raise ValueError(f"page must be >= 1 and page_size in 1..{SEARCH_PAGE_SIZE}")
        server, local = split_filters(resource, filters)
        first = (page - 1) * page_size
        if local:
            rows = list(self._search(resource, filters, sort=sort, **kw))
            return SearchResult(rows=rows[first:first + page_size], total=len(rows),
                                more=first + page_size < len(rows))
        params = search_params(server, pageSize=page_size, firstResult=first + 1, sort=sort)
        return parse_search(self._get(f"{resource}-search", params, **kw),
                            self._path(f"{resource}-search"))


class CustomFieldsMixin:
    """``GET|PATCH {resource}/{id}/custom-field`` for contacts and orders."""

    _custom_field_resource = ""

    def custom_fields(self, object_id: int, **kw: Any) -> dict[str, object]:
        """The object's custom fields (``{"PCF_PORTAL": ...}``; absent keys are absent)."""
        data = self._get(f"{self._custom_field_resource}/{int(object_id)}/custom-field", **kw)
        return dict(as_dict(data or {}, "custom fields"))

    def set_custom_field(self, object_id: int, name: str, value: object, *,
                         verify: bool = False) -> None:
        """Set one custom field with JSON Patch; ``value=None`` removes it.

        ``verify``: after an ambiguous failure the fields are read back, and the write counts
        as done when the field holds the value (else it is sent again: setting a value twice
        is harmless). Without it such a failure is raised, as for any write.
        """
        op = ({"op": "remove", "path": f"/{name}"} if value is None
              else {"op": "add", "path": f"/{name}", "value": value})

        def holds(deadline_at: float) -> int | None:
            fields = self.custom_fields(object_id, deadline_at=deadline_at)
            return int(object_id) if fields.get(name) == value else None

        self._write("PATCH", f"{self._custom_field_resource}/{int(object_id)}/custom-field",
                    [op], lookup=holds if verify else None)
