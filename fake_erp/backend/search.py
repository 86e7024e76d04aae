"""The generic search engine behind every `*-search` route (docs/erp-contract.md, "Searches").

A search is declared as a `SearchSpec` (a FROM clause and its columns, as Brightpearl lists them
in `metaData.columns`); this module turns the query parameters into SQL filters, sorting and
paging, and shapes the Brightpearl answer (`metaData`, `results` as arrays in column order, and
`reference` maps for the ids the page shows).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from fake_erp.backend.idsets import parse_ranges
from fake_erp.backend.values import parse_moment
from fake_erp.errors import BadColumn, BadFilter, BadIdSet, BadPaging

log = logging.getLogger(__name__)

MAX_PAGE_SIZE = 500
_RESERVED = {"pageSize", "firstResult", "sort", "columns"}

# Brightpearl's reportDataType per kind. MONEY is ours: amounts that Brightpearl reports as
# STRING; they filter and sort by exact decimal value (never through a float).
REPORT_TYPE = {
    "IDSET": "IDSET",
    "INTEGER": "INTEGER",
    "STRING": "STRING",
    "SEARCH_STRING": "SEARCH_STRING",
    "PERIOD": "PERIOD",
    "BOOLEAN": "BOOLEAN",
    "MONEY": "STRING",
}


@dataclass(frozen=True)
class Column:
    """One search column: its name, its SQL, its kind, and what Brightpearl says of it."""

    name: str
    sql: str
    kind: str
    sortable: bool = True
    reference: str | None = None  # the name of its map in `reference`, e.g. orderStatusNames


ReferenceLoader = Callable[[sqlite3.Connection], dict]
ExtraFilter = Callable[[str], tuple[str, list]]


@dataclass(frozen=True)
class SearchSpec:
    source: str
    columns: tuple[Column, ...]
    extra_filters: Mapping[str, ExtraFilter] = field(default_factory=dict)
    references: Mapping[str, ReferenceLoader] = field(default_factory=dict)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def run_search(conn: sqlite3.Connection, spec: SearchSpec, params: Mapping[str, str]) -> dict:
    """Answer one search request: filters, then count, sort and one page."""
    page_size, first = _paging(params)
    selected = _selected_columns(spec, params.get("columns"))
    where, args = _where(spec, params)
    order, sorting = _order_by(spec, params.get("sort"))
    total = conn.execute(f"SELECT COUNT(*) FROM {spec.source} WHERE {where}", args).fetchone()[0]  # noqa: S608
    select = ", ".join(c.sql for c in selected)
    rows = conn.execute(
        f"SELECT {select} FROM {spec.source} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",  # noqa: S608
        [*args, page_size, first - 1],
    ).fetchall()
    results = [[_out(col, value) for col, value in zip(selected, row, strict=True)] for row in rows]
    meta = {
        "morePagesAvailable": first - 1 + len(results) < total,
        "resultsAvailable": total,
        "resultsReturned": len(results),
    }
    if results:  # Brightpearl leaves both out of an empty answer
        meta.update(firstResult=first, lastResult=first - 1 + len(results))
    meta["columns"] = [column_meta(c) for c in selected]
    meta["sorting"] = [{"filterable": column_meta(c), "direction": d} for c, d in sorting]
    return {
        "metaData": meta,
        "results": results,
        "reference": _references(conn, spec, selected, results),
    }


def column_meta(column: Column) -> dict:
    return {
        "name": column.name,
        "sortable": column.sortable,
        "filterable": True,
        "reportDataType": REPORT_TYPE[column.kind],
        "referenceData": [column.reference] if column.reference else [],
        "isFreeTextSearchable": False,
        "required": False,
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


def _order_by(spec: SearchSpec, text: str | None) -> tuple[str, list[tuple[Column, str]]]:
    """`sort=col.ASC|col.DESC` (also `col|DESC`, and comma-separated terms); ties break on the
    id column, in the direction of the first term, so newest first stays newest first."""
    sorting: list[tuple[Column, str]] = []
    for part in (text or "").split(","):
        if not part.strip():
            continue
        name, _, direction = part.strip().replace("|", ".").partition(".")
        column = spec.column(name)
        direction = (direction or "ASC").upper()
        if column is None or not column.sortable or direction not in ("ASC", "DESC"):
            raise BadColumn(f"Unknown or unsortable column: {part.strip()}")
        sorting.append((column, direction))
    id_column = spec.columns[0]
    tie = sorting[0][1] if sorting else "ASC"
    terms = [f"{_sort_key(column)} {direction}" for column, direction in sorting]
    terms.append(f"{id_column.sql} {tie}")
    return ", ".join(terms), sorting or [(id_column, "ASC")]


def _sort_key(column: Column) -> str:
    return f"{column.sql} COLLATE decimal" if column.kind == "MONEY" else column.sql


def _where(spec: SearchSpec, params: Mapping[str, str]) -> tuple[str, list]:
    clauses, args = ["1=1"], []
    for name, value in params.items():
        if name in _RESERVED:
            continue
        if name in spec.extra_filters:
            clause, extra = _extra(name, spec.extra_filters[name], value)
        elif (column := spec.column(name)) is not None:
            clause, extra = _filter(column, value)
        else:
            raise BadFilter(name, value, "a known column or filter")
        clauses.append(clause)
        args.extend(extra)
    return " AND ".join(clauses), args


def _extra(name: str, build: ExtraFilter, value: str) -> tuple[str, list]:
    try:
        return build(value)
    except (ValueError, BadIdSet):
        raise BadFilter(name, value, "its filter type") from None


def _filter(column: Column, value: str) -> tuple[str, list]:
    """One column filter as SQL; a value that does not parse is the documented 500 CMNC-018."""
    try:
        return _FILTERS[column.kind](column, value)
    except (ValueError, BadIdSet, InvalidOperation):
        raise BadFilter(column.name, value, REPORT_TYPE[column.kind]) from None


def idset_clause(sql: str, value: str) -> tuple[str, list]:
    """An ID-set filter as ranges (never expanded: `1-100000` stays one BETWEEN)."""
    ranges = parse_ranges(value)
    return "(" + " OR ".join(f"{sql} BETWEEN ? AND ?" for _ in ranges) + ")", [
        bound for pair in ranges for bound in pair
    ]


def contains_clause(sql: str, text: str) -> tuple[str, list]:
    """Case-insensitive substring match (Brightpearl's SEARCH_STRING)."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"LOWER({sql}) LIKE ? ESCAPE '\\'", [f"%{escaped}%"]


def _period(column: Column, value: str) -> tuple[str, list]:
    """`from/to` (either side may be empty); a single date means that whole day."""
    low, sep, high = value.partition("/")
    if not sep:
        low = value
        high = parse_moment(value)[:10] + "T23:59:59+00:00"
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


def _money(column: Column, value: str) -> tuple[str, list]:
    """An exact amount: `100` matches `100.00`, compared as decimals, never as floats."""
    amount = Decimal(value.strip())
    if not amount.is_finite():
        raise ValueError(value)
    return f"{column.sql} = ? COLLATE decimal", [str(amount)]


def _integer(column: Column, value: str) -> tuple[str, list]:
    """One whole number: an ID set is for IDSET columns only (`3-5` cannot be parsed as an
    INTEGER; a client filters on several values of such a column itself)."""
    if not value.strip().isdigit() or len(value.strip()) > 18:
        raise ValueError(value)
    return f"{column.sql} = ?", [int(value)]


_FILTERS = {
    "INTEGER": _integer,
    "IDSET": lambda c, v: idset_clause(c.sql, v),
    "STRING": lambda c, v: (f"{c.sql} = ?", [v]),
    "SEARCH_STRING": lambda c, v: contains_clause(c.sql, v),
    "PERIOD": _period,
    "BOOLEAN": _boolean,
    "MONEY": _money,
}


def _out(column: Column, value):
    if column.kind == "BOOLEAN":
        return bool(value)
    return value


def _references(conn, spec: SearchSpec, selected: list[Column], results: list[list]) -> dict:
    """For each selected column with reference data, the names of the ids on this page only."""
    out = {}
    for index, column in enumerate(selected):
        if column.reference is None or column.reference not in spec.references:
            continue
        names = spec.references[column.reference](conn)
        shown = {str(row[index]) for row in results if row[index] is not None}
        out[column.reference] = {key: names[key] for key in sorted(shown, key=int) if key in names}
    return out
