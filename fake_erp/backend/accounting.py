"""Currencies, exchange rates, balances and customer payments (erp-api.md "Money").

The `(transactionRef, paymentMethodCode)` pair is unique (a table constraint, checked in the
same transaction as the insert): a repeat is `400 PAYC-007` and records nothing.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from fake_erp.backend import values as v
from fake_erp.backend.orders import payment_status
from fake_erp.backend.repository import Repository
from fake_erp.errors import BadRequest, Conflict, NotFound
from fake_erp.search import Column, SearchSpec, run_search

log = logging.getLogger(__name__)

CURRENCY_SEARCH = SearchSpec(
    source="currencies",
    columns=(
        Column("id", "id", "INTEGER"),
        Column("code", "code", "STRING"),
        Column("symbol", "symbol", "STRING"),
        Column("exchangeRate", "rate", "DECIMAL"),
        Column("isDefault", "is_default", "BOOLEAN"),
    ),
)

PAYMENT_SEARCH = SearchSpec(
    source="payments",
    columns=(
        Column("paymentId", "id", "INTEGER"),
        Column("transactionRef", "transaction_ref", "STRING"),
        Column("paymentMethodCode", "method_code", "STRING"),
        Column("paymentType", "payment_type", "STRING"),
        Column("orderId", "order_id", "INTEGER"),
        Column("contactId", "contact_id", "INTEGER"),
        Column("currencyCode", "currency_code", "STRING"),
        Column("amountPaid", "amount", "DECIMAL"),
        Column("paymentDate", "payment_date", "DATETIME"),
    ),
)


class Accounting:
    def __init__(self, repo: Repository):
        self.repo = repo

    def currency_search(self, params) -> dict:
        with self.repo.read() as conn:
            return run_search(conn, CURRENCY_SEARCH, params)

    def exchange_rates(self) -> list[dict]:
        with self.repo.read() as conn:
            rows = conn.execute("SELECT code, rate FROM currencies ORDER BY id").fetchall()
        return [{"currencyCode": row["code"], "rate": row["rate"]} for row in rows]

    def payment_search(self, params) -> dict:
        with self.repo.read() as conn:
            return run_search(conn, PAYMENT_SEARCH, params)

    def balance(self, contact_id: int, currency_code: str) -> str:
        """Invoiced SO totals − invoiced SC totals − receipts, for one contact and currency."""
        with self.repo.read() as conn:
            if not conn.execute("SELECT 1 FROM contacts WHERE id = ?", (contact_id,)).fetchone():
                raise NotFound("No Contact Found")
            if not conn.execute(
                "SELECT 1 FROM currencies WHERE code = ?", (currency_code,)
            ).fetchone():
                raise NotFound("No Currency Found")
            invoiced = conn.execute(
                "SELECT type_code, total FROM orders WHERE contact_id = ? AND currency_code = ?"
                " AND invoice_reference IS NOT NULL AND type_code IN ('SO', 'SC')",
                (contact_id, currency_code),
            ).fetchall()
            paid = conn.execute(
                "SELECT amount FROM payments WHERE contact_id = ? AND currency_code = ?"
                " AND payment_type = 'RECEIPT'",
                (contact_id, currency_code),
            ).fetchall()
        owed = sum(
            (Decimal(r["total"]) * (1 if r["type_code"] == "SO" else -1) for r in invoiced),
            Decimal(0),
        )
        owed -= sum((Decimal(r["amount"]) for r in paid), Decimal(0))
        return str(owed.quantize(Decimal("0.01")))

    def record_payment(self, body) -> int:
        """`POST /customer-payment`: a receipt against a sales order of the contact."""
        payment = _parse_payment(body)
        with self.repo.write() as conn:
            order = conn.execute(
                "SELECT * FROM orders WHERE id = ?", (payment["order_id"],)
            ).fetchone()
            if order is None or order["type_code"] != "SO":
                raise BadRequest(f"orderId {payment['order_id']} is not a sales order")
            if payment["contact_id"] not in (None, order["contact_id"]):
                raise BadRequest("The order does not belong to that contact")
            rate = conn.execute(
                "SELECT rate FROM currencies WHERE code = ?", (payment["currency_code"],)
            ).fetchone()
            if rate is None:
                raise BadRequest(f"Unknown currencyIsoCode: {payment['currency_code']}")
            if conn.execute(
                "SELECT 1 FROM payments WHERE transaction_ref = ? AND method_code = ?",
                (payment["transaction_ref"], payment["method_code"]),
            ).fetchone():
                raise Conflict("transactionRef already used", code="PAYC-007")
            values = {
                **payment,
                "contact_id": order["contact_id"],
                "exchange_rate": payment["exchange_rate"] or rate[0],
            }
            payment_id = insert_payment(conn, values)
        log.info("recorded payment %s on order %s", payment_id, payment["order_id"])
        return payment_id


def insert_payment(conn, p: dict) -> int:
    """Store a payment and bring its order's paid amount and payment status up to date."""
    payment_id = conn.execute(
        "INSERT INTO payments (transaction_ref, method_code, payment_type, order_id, contact_id,"
        " currency_code, exchange_rate, amount, payment_date, journal_ref) VALUES (?, ?, ?, ?, ?,"
        " ?, ?, ?, ?, ?)",
        (
            p["transaction_ref"],
            p["method_code"],
            p["payment_type"],
            p["order_id"],
            p["contact_id"],
            p["currency_code"],
            v.money(p["exchange_rate"]),
            v.money(p["amount"]),
            p["payment_date"],
            p["journal_ref"],
        ),
    ).lastrowid
    order = conn.execute(
        "SELECT type_code, total, paid FROM orders WHERE id = ?", (p["order_id"],)
    ).fetchone()
    paid = Decimal(order["paid"]) + Decimal(p["amount"])
    conn.execute(
        "UPDATE orders SET paid = ?, payment_status = ?, updated_on = ? WHERE id = ?",
        (
            v.money(paid),
            payment_status(order["type_code"], Decimal(order["total"]), paid),
            v.now_iso(),
            p["order_id"],
        ),
    )
    return payment_id


def _parse_payment(body) -> dict:
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object")
    payment_type = v.str_field(body, "paymentType") or "RECEIPT"
    if payment_type != "RECEIPT":
        raise BadRequest("paymentType must be RECEIPT")
    amount = v.money_field(body, "amountPaid", required=True)
    if amount <= 0:
        raise BadRequest("amountPaid must be positive")
    rate = v.money_field(body, "exchangeRate")
    if rate is not None and rate <= 0:
        raise BadRequest("exchangeRate must be positive")
    return {
        "transaction_ref": v.str_field(body, "transactionRef", required=True, max_len=200),
        "method_code": v.str_field(body, "paymentMethodCode", required=True, max_len=50),
        "payment_type": payment_type,
        "order_id": v.int_field(body, "orderId", required=True),
        "contact_id": v.int_field(body, "contactId"),
        "currency_code": (v.str_field(body, "currencyIsoCode", required=True, max_len=3)).upper(),
        "exchange_rate": rate,
        "amount": amount,
        "payment_date": v.date_field(body, "paymentDate") or v.now_iso(),
        "journal_ref": v.str_field(body, "journalRef", max_len=200) or "",
    }
