"""Products, price lists and product prices with quantity breaks (docs/erp-contract.md).

Shapes are Brightpearl's as recorded: a product price answers every price list asked for (all
of them without `/price-list/{ids}`), with `quantityPrice: {}` where the product has no price;
an id set naming no product is `404 "No Product Prices Found"`.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3

from fake_erp.backend.idsets import parse_ranges
from fake_erp.backend.queries import ids_in_ranges, rows_by_ids
from fake_erp.backend.reference import WAREHOUSE_ID
from fake_erp.backend.repository import Repository
from fake_erp.backend.search import Column, SearchSpec, contains_clause, idset_clause, run_search
from fake_erp.errors import NotFound

log = logging.getLogger(__name__)

BRAND_ID, PRODUCT_TYPE_ID = 1, 1
SALES_CHANNEL = "Brightpearl"


def _in_price_list(value: str) -> tuple[str, list]:
    """**Extension** `priceListId=N`: only products with a price in list(s) N."""
    parse_ranges(value)
    clause, args = idset_clause("price_list_id", value)
    return f"id IN (SELECT product_id FROM prices WHERE {clause})", args  # noqa: S608


def _every_word(value: str) -> tuple[str, list]:
    """**Extension** `search=text`: every word is in the name or the SKU, in any order."""
    words = value.split()
    if not words:
        return "1=1", []
    clauses, args = [], []
    for word in words:
        name, name_args = contains_clause("name", word)
        sku, sku_args = contains_clause("sku", word)
        clauses.append(f"({name} OR {sku})")
        args += name_args + sku_args
    return "(" + " AND ".join(clauses) + ")", args


# Brightpearl's product-search columns, in its order (recorded answer).
PRODUCT_SEARCH = SearchSpec(
    source="products",
    columns=(
        Column("productId", "id", "IDSET"),
        Column("productName", "name", "SEARCH_STRING"),
        Column("SKU", "sku", "STRING"),
        Column("barcode", "''", "STRING"),
        Column("EAN", "NULL", "STRING"),
        Column("UPC", "NULL", "STRING"),
        Column("ISBN", "NULL", "STRING"),
        Column("MPN", "NULL", "STRING"),
        Column("stockTracked", "1", "BOOLEAN"),
        Column("salesChannelName", f"'{SALES_CHANNEL}'", "STRING"),
        Column("createdOn", "created_on", "PERIOD"),
        Column("updatedOn", "updated_on", "PERIOD"),
        Column("brightpearlCategoryCode", "NULL", "IDSET", sortable=False),
        Column("productGroupId", "NULL", "INTEGER"),
        Column("brandId", str(BRAND_ID), "IDSET"),
        Column("productTypeId", str(PRODUCT_TYPE_ID), "IDSET"),
        Column("productStatus", "status", "STRING"),
        Column("primarySupplierId", "NULL", "IDSET"),
    ),
    extra_filters={"priceListId": _in_price_list, "search": _every_word},
)


class Products:
    def __init__(self, repo: Repository):
        self.repo = repo

    def get_many(self, ids: list[int]) -> list[dict]:
        with self.repo.read() as conn:
            return [product_json(row) for row in _products(conn, ids)]

    def existing_ids(self, ranges: list[tuple[int, int]]) -> list[int]:
        with self.repo.read() as conn:
            return ids_in_ranges(conn, "products", ranges)

    def search(self, params) -> dict:
        with self.repo.read() as conn:
            return run_search(conn, PRODUCT_SEARCH, params)

    def price_lists(self, ids: list[int] | None) -> list[dict]:
        """`GET /price-list/{idset?}`: all lists when no id set is given."""
        with self.repo.read() as conn:
            return [_price_list_json(row) for row in _lists(conn, ids)]

    def prices(self, product_ids: list[int], list_ids: list[int] | None) -> list[dict]:
        """`GET /product-price/{ids}[/price-list/{ids}]`: every list named (all without)."""
        with self.repo.read() as conn:
            products = rows_by_ids(conn, "products", product_ids)
            if not products:
                raise NotFound("No Product Prices Found")
            lists = _lists(conn, list_ids)
            return [_product_prices(conn, row["id"], lists) for row in products]


def _products(conn: sqlite3.Connection, ids: list[int]) -> list[sqlite3.Row]:
    """The products among `ids`, in id order, each with its tax code."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    joined = "products p JOIN tax_codes t ON t.id = p.tax_code_id"
    sql = f"SELECT p.*, t.code AS tax_code FROM {joined} WHERE p.id IN ({marks}) ORDER BY p.id"  # noqa: S608
    return conn.execute(sql, ids).fetchall()


def _lists(conn: sqlite3.Connection, ids: list[int] | None) -> list[sqlite3.Row]:
    sql = (
        "SELECT p.*, c.id AS currency_id, c.symbol FROM price_lists p"
        " JOIN currencies c ON c.code = p.currency_code"
    )
    if ids is None:
        return conn.execute(sql + " ORDER BY p.id").fetchall()
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return conn.execute(f"{sql} WHERE p.id IN ({marks}) ORDER BY p.id", ids).fetchall()  # noqa: S608


def product_json(row: sqlite3.Row) -> dict:
    """A product as Brightpearl's GET answers it (the fields the fake can fill)."""
    text = {"languageCode": "en", "format": "HTML_FRAGMENT"}
    return {
        "id": row["id"],
        "brandId": BRAND_ID,
        "productTypeId": PRODUCT_TYPE_ID,
        "identity": {"sku": row["sku"], "barcode": ""},
        "featured": False,
        "stock": {
            "stockTracked": True,
            "weight": {"magnitude": 0.0},
            "dimensions": {"length": 0.0, "height": 0.0, "width": 0.0, "volume": 0.0},
        },
        "financialDetails": {
            "taxable": True,
            "taxCode": {"id": row["tax_code_id"], "code": row["tax_code"]},
        },
        "salesChannels": [
            {
                "salesChannelName": SALES_CHANNEL,
                "productName": row["name"],
                "productCondition": "new",
                "categories": [],
                "description": {**text, "text": row["description"]},
                "shortDescription": {**text, "text": ""},
            }
        ],
        "composition": {"bundle": False},
        "createdOn": row["created_on"],
        "updatedOn": row["updated_on"],
        "warehouses": {
            str(WAREHOUSE_ID): {
                "defaultLocationId": 0,
                "overflowLocationId": 0,
                "reorderLevel": 0,
                "reorderQuantity": 0,
            }
        },
        "nominalCodeStock": "1001",
        "nominalCodePurchases": "5000",
        "nominalCodeSales": "4000",
        "seasonIds": [],
        "reporting": {},
        "status": row["status"],
        "salesPopupMessage": "",
        "warehousePopupMessage": "",
        "version": int(dt.datetime.fromisoformat(row["updated_on"]).timestamp() * 1000),
    }


def _price_list_json(row: sqlite3.Row) -> dict:
    return {
        "id": row["id"],
        "name": {"languageCode": "en", "text": row["name"], "format": "PLAINTEXT"},
        "code": row["code"],
        "currencyCode": row["currency_code"],
        "currencySymbol": row["symbol"],
        "currencyId": row["currency_id"],
        "priceListTypeCode": row["type_code"],
        "gross": False,
    }


def _product_prices(conn: sqlite3.Connection, product_id: int, lists: list[sqlite3.Row]) -> dict:
    breaks: dict[int, dict] = {row["id"]: {} for row in lists}
    if lists:
        marks = ",".join("?" * len(lists))
        rows = conn.execute(
            f"SELECT price_list_id, min_qty, price FROM prices WHERE product_id = ?"  # noqa: S608
            f" AND price_list_id IN ({marks}) ORDER BY price_list_id, min_qty",
            [product_id, *breaks],
        ).fetchall()
        for row in rows:
            breaks[row["price_list_id"]][str(row["min_qty"])] = row["price"]
    entries = [
        {
            "priceListId": row["id"],
            "currencyCode": row["currency_code"],
            "currencyId": row["currency_id"],
            "quantityPrice": breaks[row["id"]],
        }
        for row in lists
    ]
    return {"productId": product_id, "priceLists": entries}
