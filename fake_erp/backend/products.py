"""Products, price lists and product prices with quantity breaks (erp-api.md, "Products")."""

from __future__ import annotations

import logging
import sqlite3

from fake_erp.backend.contacts import ids_in_ranges, rows_by_ids
from fake_erp.backend.repository import Repository
from fake_erp.idsets import parse_ranges
from fake_erp.search import Column, SearchSpec, idset_clause, run_search

log = logging.getLogger(__name__)


def _in_price_list(value: str) -> tuple[str, list]:
    """**Extension** `priceListId=N`: only products with a price in list(s) N."""
    parse_ranges(value)
    clause, args = idset_clause("price_list_id", value)
    return f"id IN (SELECT product_id FROM prices WHERE {clause})", args  # noqa: S608


def _name_or_sku(value: str) -> tuple[str, list]:
    """**Extension** `search=text`: name or SKU contains the text (case-insensitive)."""
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return "(LOWER(name) LIKE ? ESCAPE '\\' OR LOWER(sku) LIKE ? ESCAPE '\\')", [pattern, pattern]


PRODUCT_SEARCH = SearchSpec(
    source="products",
    columns=(
        Column("productId", "id", "INTEGER"),
        Column("productName", "name", "STRING"),
        Column("SKU", "sku", "STRING"),
        Column("productStatus", "status", "STRING"),
        Column("createdOn", "created_on", "DATETIME"),
        Column("updatedOn", "updated_on", "DATETIME"),
    ),
    extra_filters={"priceListId": _in_price_list, "search": _name_or_sku},
)


class Products:
    def __init__(self, repo: Repository):
        self.repo = repo

    def get_many(self, ids: list[int]) -> list[dict]:
        with self.repo.read() as conn:
            return [_product_json(row) for row in rows_by_ids(conn, "products", ids)]

    def existing_ids(self, ranges: list[tuple[int, int]]) -> list[int]:
        with self.repo.read() as conn:
            return ids_in_ranges(conn, "products", ranges)

    def search(self, params) -> dict:
        with self.repo.read() as conn:
            return run_search(conn, PRODUCT_SEARCH, params)

    def price_lists(self, ids: list[int] | None) -> list[dict]:
        """`GET /price-list/{idset?}`: all lists when no id set is given."""
        with self.repo.read() as conn:
            if ids is None:
                rows = conn.execute("SELECT * FROM price_lists ORDER BY id").fetchall()
            else:
                rows = rows_by_ids(conn, "price_lists", ids)
            return [_price_list_json(row) for row in rows]

    def prices(self, product_ids: list[int], list_ids: list[int]) -> list[dict]:
        """One entry per known product; `priceLists` holds only lists it has a price in."""
        with self.repo.read() as conn:
            products = rows_by_ids(conn, "products", product_ids)
            lists = {row["id"]: row for row in rows_by_ids(conn, "price_lists", list_ids)}
            return [_product_prices(conn, row["id"], lists) for row in products]


def _product_json(row: sqlite3.Row) -> dict:
    return {
        "id": row["id"],
        "identity": {"sku": row["sku"]},
        "salesChannels": [
            {"productName": row["name"], "description": {"text": row["description"]}}
        ],
        "status": row["status"],
        "createdOn": row["created_on"],
        "updatedOn": row["updated_on"],
    }


def _price_list_json(row: sqlite3.Row) -> dict:
    return {
        "id": row["id"],
        "code": row["code"],
        "name": {"text": row["name"]},
        "currencyCode": row["currency_code"],
        "priceListTypeCode": row["type_code"],
    }


def _product_prices(conn: sqlite3.Connection, product_id: int, lists: dict) -> dict:
    entries = []
    if lists:
        marks = ",".join("?" * len(lists))
        rows = conn.execute(
            f"SELECT price_list_id, min_qty, price FROM prices WHERE product_id = ?"  # noqa: S608
            f" AND price_list_id IN ({marks}) ORDER BY price_list_id, min_qty",
            [product_id, *lists],
        ).fetchall()
        breaks: dict[int, dict] = {}
        for row in rows:
            breaks.setdefault(row["price_list_id"], {})[str(row["min_qty"])] = row["price"]
        entries = [
            {
                "priceListId": list_id,
                "currencyCode": lists[list_id]["currency_code"],
                "quantityPrice": quantity_price,
            }
            for list_id, quantity_price in breaks.items()
        ]
    return {"productId": product_id, "priceLists": entries}
