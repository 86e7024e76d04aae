"""Searches: lazy iterators that hide paging, and ``Page`` for one page shown to a user.

Brightpearl searches answer rows as arrays in the order of ``metaData.columns``; rows are
mapped to dicts by column name here, so callers never depend on column positions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from ._parse import as_dict, as_list, dig
from .errors import ErpProtocolError
from .idsets import format_idset

T = TypeVar("T")
SEARCH_PAGE_SIZE = 500  # the ERP's maximum: fewest requests for a full scan


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of results, as a list page in the portal shows it."""

    items: list[T] = field(hash=False)
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least 1, so "page 1 of 1" for an empty list)."""
        return max(1, math.ceil(self.total / self.page_size)) if self.page_size else 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@dataclass(frozen=True)
class SearchResult:
    """One answer of a ``*-search``: rows mapped by column name, and its paging facts."""

    rows: list[dict[str, Any]]
    total: int
    more: bool
    reference: dict = field(default_factory=dict, hash=False)


def format_filter(value: Any) -> str:
    """A filter value as the ERP wants it.

    A list/set/range of ids becomes an ID set (``[3, 4, 5]`` → ``3-5``); a 2-tuple is a date
    range ``from/to`` (ISO; either side may be None); booleans are ``true``/``false``.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        if len(value) != 2:
            raise ValueError(f"a range filter is a (from, to) pair, not {value!r}")
        return "/".join("" if v is None else _iso(v) for v in value)
    if isinstance(value, list | set | frozenset | range):
        return format_idset(value)
    if isinstance(value, date | datetime):
        return _iso(value)
    return str(value)


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


def search_params(filters: Mapping[str, Any], **paging: Any) -> dict[str, str]:
    """Query parameters for a search: the filters (None values dropped) and the paging."""
    params = {k: format_filter(v) for k, v in filters.items() if v is not None}
    params.update({k: str(v) for k, v in paging.items() if v is not None})
    return params


def parse_search(data: Any, what: str) -> SearchResult:
    """Map ``results`` rows by ``metaData.columns``; a malformed answer is a protocol error."""
    data = as_dict(data, what)
    meta = as_dict(data.get("metaData"), f"{what} metaData")
    columns = [dig(c, "name") for c in as_list(meta.get("columns"), f"{what} columns")]
    if any(not isinstance(name, str) for name in columns):
        raise ErpProtocolError(f"{what}: a column has no name")
    rows = []
    for row in as_list(data.get("results", []), f"{what} results"):
        if not isinstance(row, list) or len(row) != len(columns):
            raise ErpProtocolError(f"{what}: a row does not match the {len(columns)} columns")
        rows.append(dict(zip(columns, row, strict=True)))
    total = meta.get("resultsAvailable", len(rows))
    return SearchResult(rows=rows, total=int(total) if str(total).isdigit() else len(rows),
                        more=bool(meta.get("morePagesAvailable")),
                        reference=dig(data, "reference", default={}) or {})


def iter_search(
    fetch: Callable[[dict[str, str]], Any], path: str, filters: Mapping[str, Any],
    *, sort: str | None = None, page_size: int = SEARCH_PAGE_SIZE,
) -> Iterator[dict[str, Any]]:
    """Every row of a search, fetched lazily ``page_size`` at a time.

    ``fetch(params)`` makes one GET of ``path``; nothing is fetched until iteration starts.
    """
    first = 1
    while True:
        params = search_params(filters, pageSize=page_size, firstResult=first, sort=sort)
        result = parse_search(fetch(params), path)
        yield from result.rows
        if not result.more or not result.rows:
            return
        first += len(result.rows)
