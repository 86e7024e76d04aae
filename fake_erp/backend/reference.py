"""Reference data every database has, seeded or not: statuses, currencies, default price lists.

Status names, order and states follow docs/erp-contract.md; ids are assigned in that order.
"""

from __future__ import annotations

import sqlite3

ORDER_TYPE_IDS = {"SO": 1, "PO": 2, "SC": 3, "PC": 4}

ORDER_STATUSES = [
    ("Draft", "SO", "DRAFT"),
    ("Quote", "SO", "QUOTE"),
    ("Confirmed", "SO", "OPEN"),
    ("Waiting for production", "SO", "OPEN"),
    ("In production", "SO", "OPEN"),
    ("Ready for shipment", "SO", "OPEN"),
    ("On hold", "SO", "OPEN"),
    ("Shipped and invoiced", "SO", "CLOSED"),
    ("Delivered", "SO", "CLOSED"),
    ("Cancelled", "SO", "CANCELLED"),
    ("Credit pending", "SC", "OPEN"),
    ("Credit complete", "SC", "CLOSED"),
    ("Draft PO", "PO", "DRAFT"),
    ("Sent to supplier", "PO", "OPEN"),
    ("Acknowledged", "PO", "OPEN"),
    ("Shipped by supplier", "PO", "OPEN"),
    ("Received", "PO", "CLOSED"),
    ("Cancelled PO", "PO", "CANCELLED"),
    ("Purchase credit pending", "PC", "OPEN"),
    ("Purchase credit complete", "PC", "CLOSED"),
]

# exchangeRate: units of this currency one GBP buys (docs/erp-contract.md, "Currencies").
CURRENCIES = [
    (1, "GBP", "£", "1.0000", 1),
    (2, "EUR", "€", "1.1650", 0),
    (3, "USD", "$", "1.2710", 0),
]

PRICE_LISTS = [
    (1, "SELL", "Retail (GBP)", "GBP", "SELL"),
    (2, "TRADE-EUR", "Trade (EUR)", "EUR", "SELL"),
    (3, "WHOLESALE-USD", "Wholesale (USD)", "USD", "SELL"),
    (4, "COST", "Cost (GBP)", "GBP", "BUY"),
]
DEFAULT_PRICE_LIST_ID = 1


def install(conn: sqlite3.Connection) -> None:
    """Insert the reference rows into an empty database (a no-op when they exist)."""
    if conn.execute("SELECT COUNT(*) FROM order_statuses").fetchone()[0]:
        return
    conn.executemany(
        "INSERT INTO order_statuses (id, name, type_code, state) VALUES (?, ?, ?, ?)",
        [(i, *status) for i, status in enumerate(ORDER_STATUSES, start=1)],
    )
    conn.executemany("INSERT INTO currencies VALUES (?, ?, ?, ?, ?)", CURRENCIES)
    conn.executemany("INSERT INTO price_lists VALUES (?, ?, ?, ?, ?)", PRICE_LISTS)


def status_id(name: str) -> int:
    """The id of a status by name (ids are fixed by the order of ORDER_STATUSES)."""
    return next(i for i, s in enumerate(ORDER_STATUSES, start=1) if s[0] == name)
