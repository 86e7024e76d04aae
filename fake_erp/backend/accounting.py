"""Currencies, exchange rates, balances and customer payments (docs/erp-contract.md, "Money").

The `(transactionRef, paymentMethodCode)` pair is unique when a reference is given (a table
constraint, checked in the same transaction as the insert): a repeat is `400 PAYC-007` and
records nothing. A RECEIPT is money in, a PAYMENT money out (a refund). Each order's paid amount
and `orderPaymentStatus` follow its payments, as Brightpearl computes them: receipts pay a sales
order, refunds pay out a sales credit.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from fake_erp.backend import values as v
from fake_erp.backend.orders import payment_status, touch_order
from fake_erp.backend.repository import Repository
from fake_erp.backend.search import Column, SearchSpec, run_search
from fake_erp.errors import BadRequest, Conflict

log = logging.getLogger(__name__)

PAYMENT_TYPES = {"RECEIPT": 1, "PAYMENT": -1}  # the sign of each type on the customer's balance
RATE_ACTIVE_FROM = "2026-01-01T00:00:00.000+0000"

# Brightpearl's columns, in its order (currency-search documented, payments recorded).
CURRENCY_SEARCH = SearchSpec(
    source="currencies",
    columns=(
        Column("id", "id", "IDSET"),
        Column("title", "title", "STRING"),
        Column("code", "code", "STRING"),
        Column("symbol", "symbol", "STRING"),
        Column("exchangeRate", "rate", "MONEY"),
        Column("isDefault", "is_default", "BOOLEAN"),
        Column("exchangeRateVarianceNominalCode", "NULL", "STRING"),
    ),
)
_AMOUNT_PAID = "(CASE payment_type WHEN 'PAYMENT' THEN '-' || amount ELSE amount END)"
PAYMENT_SEARCH = SearchSpec(
    source="(SELECT p.*, c.id AS currency_id FROM payments p"
    " JOIN currencies c ON c.code = p.currency_code) AS payments",
    columns=(
        Column("paymentId", "id", "IDSET"),
        Column("transactionRef", "transaction_ref", "STRING", sortable=False),
        Column("transactionCode", "transaction_code", "STRING", sortable=False),
        Column("paymentMethodCode", "method_code", "STRING", sortable=False),
        Column("paymentType", "payment_type", "STRING", sortable=False),
        Column("orderId", "order_id", "IDSET", sortable=False),
        Column("currencyId", "currency_id", "IDSET", sortable=False),
        Column("currencyCode", "currency_code", "STRING", sortable=False),
        Column("amountAuthorized", "'0.00'", "MONEY", sortable=False),
        Column("amountPaid", _AMOUNT_PAID, "MONEY", sortable=False),
        Column("expires", "NULL", "PERIOD", sortable=False),
        Column("paymentDate", "payment_date", "PERIOD"),
        Column("createdOn", "created_on", "PERIOD"),
        Column("journalId", "journal_id", "IDSET"),
    ),
)


class Accounting:
    def __init__(self, repo: Repository):
        self.repo = repo

    def currency_search(self, params) -> dict:
        with self.repo.read() as conn:
            return run_search(conn, CURRENCY_SEARCH, params)

    def exchange_rates(self) -> list[dict]:
        """`GET /exchange-rate`: the rates of the non-base currencies (the base is always 1)."""
        with self.repo.read() as conn:
            rows = conn.execute("SELECT * FROM currencies WHERE is_default = 0 ORDER BY id")
            return [
                {
                    "currencyId": row["id"],
                    "rateActiveFrom": RATE_ACTIVE_FROM,
                    "rate": float(row["rate"]),
                    "addedById": 1,
                }
                for row in rows
            ]

    def payment_search(self, params) -> dict:
        with self.repo.read() as conn:
            return run_search(conn, PAYMENT_SEARCH, params)

    def balance(self, contact_id: int, currency_code: str) -> str | None:
        """Invoiced SO − invoiced SC − receipts + refunds, for one contact and currency; null
        when there is nothing (Brightpearl does not check the contact or the currency)."""
        with self.repo.read() as conn:
            invoiced = conn.execute(
                "SELECT type_code, total FROM orders WHERE contact_id = ? AND currency_code = ?"
                " AND invoice_reference IS NOT NULL AND type_code IN ('SO', 'SC')",
                (contact_id, currency_code),
            ).fetchall()
            paid = conn.execute(
                "SELECT payment_type, amount FROM payments WHERE contact_id = ?"
                " AND currency_code = ?",
                (contact_id, currency_code),
            ).fetchall()
        if not invoiced and not paid:
            return None
        owed = sum(
            (Decimal(r["total"]) * (1 if r["type_code"] == "SO" else -1) for r in invoiced),
            Decimal(0),
        )
        owed -= sum(
            (Decimal(r["amount"]) * PAYMENT_TYPES[r["payment_type"]] for r in paid), Decimal(0)
        )
        return v.money2(owed)

    def record_payment(self, body) -> int:
        """`POST /customer-payment`: money in or out against a sales order or credit."""
        payment = _parse_payment(body)
        with self.repo.write() as conn:
            order = conn.execute(
                "SELECT * FROM orders WHERE id = ?", (payment["order_id"],)
            ).fetchone()
            if order is None or order["type_code"] not in ("SO", "SC"):
                raise BadRequest(f"orderId {payment['order_id']} is not a sales order or credit")
            rate = conn.execute(
                "SELECT rate FROM currencies WHERE code = ?", (payment["currency_code"],)
            ).fetchone()
            if rate is None:
                raise BadRequest(f"Unknown currencyIsoCode: {payment['currency_code']}")
            if (
                payment["transaction_ref"] is not None
                and conn.execute(
                    "SELECT 1 FROM payments WHERE transaction_ref = ? AND method_code = ?",
                    (payment["transaction_ref"], payment["method_code"]),
                ).fetchone()
            ):
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
        "INSERT INTO payments (transaction_ref, transaction_code, method_code, payment_type,"
        " order_id, contact_id, currency_code, exchange_rate, amount, payment_date, journal_ref,"
        " created_on, journal_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " (SELECT COALESCE(MAX(journal_id), 3000) + 1 FROM payments))",
        (
            p["transaction_ref"],
            p.get("transaction_code"),
            p["method_code"],
            p["payment_type"],
            p["order_id"],
            p["contact_id"],
            p["currency_code"],
            v.rate6(p["exchange_rate"]),
            v.money2(p["amount"]),
            p["payment_date"],
            p["journal_ref"],
            p.get("created_on") or v.now_iso(),
        ),
    ).lastrowid
    order = conn.execute(
        "SELECT type_code, total, paid FROM orders WHERE id = ?", (p["order_id"],)
    ).fetchone()
    paid = Decimal(order["paid"]) + Decimal(p["amount"]) * paid_sign(
        order["type_code"], p["payment_type"]
    )
    conn.execute(
        "UPDATE orders SET paid = ?, payment_status = ? WHERE id = ?",
        (v.money(paid), payment_status(Decimal(order["total"]), paid), p["order_id"]),
    )
    touch_order(conn, p["order_id"])
    return payment_id


def paid_sign(type_code: str, payment_type: str) -> int:
    """How a payment moves what an order has paid: a receipt pays a sales order (a refund takes
    it back); a refund pays out a sales credit (a receipt takes it back)."""
    sign = PAYMENT_TYPES[payment_type]
    return -sign if type_code == "SC" else sign


def _parse_payment(body) -> dict:
    """The fields of Brightpearl's POST; paymentMethodCode, paymentType, orderId,
    currencyIsoCode and paymentDate are required (AUTH, CAPTURE and VOID are not served)."""
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object")
    payment_type = v.str_field(body, "paymentType", required=True)
    if payment_type not in PAYMENT_TYPES:
        raise BadRequest("paymentType must be RECEIPT or PAYMENT")
    amount = v.money_field(body, "amountPaid") or Decimal(0)
    if amount <= 0:
        raise BadRequest("amountPaid must be positive")
    rate = v.money_field(body, "exchangeRate")
    if rate is not None and rate <= 0:
        raise BadRequest("exchangeRate must be positive")
    return {
        "transaction_ref": v.str_field(body, "transactionRef", max_len=64),
        "transaction_code": v.str_field(body, "transactionCode", max_len=64),
        "method_code": v.str_field(body, "paymentMethodCode", required=True, max_len=36),
        "payment_type": payment_type,
        "order_id": v.int_field(body, "orderId", required=True),
        "currency_code": v.str_field(body, "currencyIsoCode", required=True, max_len=3).upper(),
        "exchange_rate": rate,
        "amount": amount,
        "payment_date": v.date_field(body, "paymentDate", required=True),
        "journal_ref": (v.str_field(body, "journalRef", max_len=10000) or "")[:255],
    }
