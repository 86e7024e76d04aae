"""The generic search engine behind every `*-search` route (docs/erp-contract.md, "Searches").

A search is declared as a `SearchSpec` (a FROM clause and its columns); this module turns the
query parameters into SQL filters, sorting and paging, and shapes the Brightpearl answer
(`metaData`, `results` as arrays in column order, `reference`).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from fake_erp.backend.values import parse_moment
from fake_erp.errors import BadColumn, BadFilter, BadIdSet, BadPaging
from fake_erp.idsets import parse_ranges

log = logging.getLogger(__name__)

MAX_PAGE_SIZE = 500
_RESERVED = {"pageSize", "firstResult", "sort", "columns"}
# Columns matched exactly rather than as a substring (docs/erp-contract.md).
_EXACT = {"externalRef", "customerRef", "transactionRef"}


@dataclass(frozen=True)
class Column:
    name: str
    sql: str
    kind: str  # INTEGER, IDSET, STRING, DATETIME, BOOLEAN, DECIMAL


ExtraFilter = Callable[[str], tuple[str, list]]


@dataclass(frozen=True)
class SearchSpec:
    source: str
    columns: tuple[Column, ...]
    extra_filters: Mapping[str, ExtraFilter] = field(default_factory=dict)
    reference: Callable[[sqlite3.Connection, list[list]], dict] | None = None

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def run_search(conn: sqlite3.Connection, spec: SearchSpec, params: Mapping[str, str]) -> dict:
    """Answer one search request: filters, then count, sort and one page."""
    page_size, first = _paging(params)
    selected = _selected_columns(spec, params.get("columns"))
    where, args = _where(spec, params)
    order = _order_by(spec, params.get("sort"))
    total = conn.execute(f"SELECT COUNT(*) FROM {spec.source} WHERE {where}", args).fetchone()[0]  # noqa: S608
    select = ", ".join(c.sql for c in selected)
    rows = conn.execute(
        f"SELECT {select} FROM {spec.source} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",  # noqa: S608
        [*args, page_size, first - 1],
    ).fetchall()
    results = [[_out(col, value) for col, value in zip(selected, row, strict=True)] for row in rows]
    return {
        "metaData": {
            "morePagesAvailable": first - 1 + len(results) < total,
            "resultsAvailable": total,
            "resultsReturned": len(results),
            "firstResult": first,
            "lastResult": first - 1 + len(results),
            "columns": [_column_meta(c) for c in selected],
        },
        "results": results,
        "reference": spec.reference(conn, results) if spec.reference else {},
    }


def _paging(params: Mapping[str, str]) -> tuple[int, int]:
    try:
        page_size = int(params.get("pageSize", MAX_PAGE_SIZE))
        first = int(params.get("firstResult", 1))
    except ValueError:
        raise BadPaging("pageSize and firstResult must be integers") from None
    if not 1 <= page_size <= MAX_PAGE_SIZE or not 1 <= first < 2**62:
        raise BadPaging(f"pageSize must be 1..{MAX_PAGE_SIZE} and firstResult at least 1")
    return page_size, first


def _selected_columns(spec: SearchSpec, text: str | None) -> list[Column]:
    if not text:
        return list(spec.columns)
    selected = []
    for name in text.split(","):
        column = spec.column(name.strip())
        if column is None:
            raise BadColumn(f"Unknown column: {name.strip()}")
        selected.append(column)
    return selected


def _order_by(spec: SearchSpec, text: str | None) -> str:
    """`sort=col.ASC|col.DESC` (comma-separated allowed); ties break on the id column, in the
    direction of the first sort term (docs/erp-contract.md): newest first stays newest first."""
    terms, tie = [], "ASC"
    for part in (text or "").split(","):
        if not part.strip():
            continue
        name, _, direction = part.strip().partition(".")
        column = spec.column(name)
        direction = (direction or "ASC").upper()
        if column is None or direction not in ("ASC", "DESC"):
            raise BadColumn(f"Unknown sort: {part.strip()}")
        key = f"CAST({column.sql} AS REAL)" if column.kind == "DECIMAL" else column.sql
        terms.append(f"{key} {direction}")
        tie = direction if len(terms) == 1 else tie
    terms.append(f"{spec.columns[0].sql} {tie}")
    return ", ".join(terms)


def _where(spec: SearchSpec, params: Mapping[str, str]) -> tuple[str, list]:
    clauses, args = ["1=1"], []
    for name, value in params.items():
        if name in _RESERVED:
            continue
        if name in spec.extra_filters:
            clause, extra = _extra(spec.extra_filters[name], value)
        elif (column := spec.column(name)) is not None:
            clause, extra = _filter(column, value)
        else:
            raise BadFilter(f"Unknown search filter: {name}")
        clauses.append(clause)
        args.extend(extra)
    return " AND ".join(clauses), args


def _extra(build: ExtraFilter, value: str) -> tuple[str, list]:
    try:
        return build(value)
    except (ValueError, BadIdSet):
        raise BadFilter(f"Cannot parse filter value: {value!r}") from None


def _filter(column: Column, value: str) -> tuple[str, list]:
    """One column filter as SQL; a value that does not parse is the documented 500 CMNC-018."""
    try:
        return _FILTERS[column.kind](column, value)
    except (ValueError, BadIdSet, InvalidOperation):
        raise BadFilter(f"Cannot parse filter {column.name}={value!r}") from None


def idset_clause(sql: str, value: str) -> tuple[str, list]:
    """An ID-set filter as ranges (never expanded: `1-100000` stays one BETWEEN)."""
    ranges = parse_ranges(value)
    return "(" + " OR ".join(f"{sql} BETWEEN ? AND ?" for _ in ranges) + ")", [
        bound for pair in ranges for bound in pair
    ]


def _string(column: Column, value: str) -> tuple[str, list]:
    if column.name in _EXACT:
        return f"{column.sql} = ?", [value]
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"LOWER({column.sql}) LIKE ? ESCAPE '\\'", [f"%{escaped.lower()}%"]


def _date_range(column: Column, value: str) -> tuple[str, list]:
    low, sep, high = value.partition("/")
    if not sep:
        low = high = value  # a single date means that day
        high = parse_moment(high)[:10] + "T23:59:59+00:00"
    clauses, args = [], []
    if low.strip():
        clauses.append(f"{column.sql} >= ?")
        args.append(parse_moment(low))
    if high.strip():
        clauses.append(f"{column.sql} <= ?")
        args.append(high if not sep else parse_moment(high))
    return "(" + (" AND ".join(clauses) or "1=1") + ")", args


def _boolean(column: Column, value: str) -> tuple[str, list]:
    lowered = value.strip().lower()
    if lowered not in ("true", "false"):
        raise ValueError(value)
    return f"{column.sql} = ?", [1 if lowered == "true" else 0]


def _decimal(column: Column, value: str) -> tuple[str, list]:
    amount = Decimal(value.strip())
    if not amount.is_finite():
        raise ValueError(value)
    return f"CAST({column.sql} AS REAL) = ?", [float(amount)]


_FILTERS = {
    "INTEGER": lambda c, v: idset_clause(c.sql, v),
    "IDSET": lambda c, v: idset_clause(c.sql, v),
    "STRING": _string,
    "DATETIME": _date_range,
    "BOOLEAN": _boolean,
    "DECIMAL": _decimal,
}


def _out(column: Column, value):
    if column.kind == "BOOLEAN":
        return bool(value)
    return value


def _column_meta(column: Column) -> dict:
    return {
        "name": column.name,
        "sortable": True,
        "filterable": True,
        "reportDataType": column.kind,
    }
