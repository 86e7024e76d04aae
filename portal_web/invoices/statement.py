"""The statement of account: every open item, oldest first, with a running balance and ageing.

Open items are the invoices not fully paid and the credit notes not fully used or refunded
(`erp.ledger.entries(open_only=True)`: 3 ERP requests for up to 200 of them). The ageing sorts
what is owed by how far past its due date it is; a credit note is due to the customer at once, so
it counts (negative) in "Not yet due". The buckets add up to the closing balance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from connector.models import LedgerEntry

# (label, first day overdue, last day overdue or None)
BUCKETS = (("Not yet due", 0, 0), ("1–30 days", 1, 30), ("31–60 days", 31, 60),
           ("61–90 days", 61, 90), ("Over 90 days", 91, None))


@dataclass(frozen=True)
class StatementLine:
    entry: LedgerEntry
    balance: Decimal  # the running balance once this item is counted
    days_overdue: int


@dataclass(frozen=True)
class Bucket:
    label: str
    amount: Decimal


@dataclass(frozen=True)
class Statement:
    """The open items of one currency (a customer normally has one)."""

    currency_code: str
    today: date
    lines: list[StatementLine]
    ageing: list[Bucket]

    @property
    def total(self) -> Decimal:
        return self.lines[-1].balance if self.lines else Decimal(0)

    @property
    def overdue(self) -> Decimal:
        return sum((b.amount for b in self.ageing[1:]), Decimal(0))


def statements(erp, profile, today: date) -> list[Statement]:
    """The customer's statements, one per currency with open items (one, empty, when none)."""
    entries = [e for e in erp.ledger.entries(profile.contact_id, open_only=True) if e.is_open]
    entries.sort(key=lambda e: (e.tax_date or date.min, e.id))
    currencies = list(dict.fromkeys(e.currency_code for e in entries))
    if not currencies:
        return [Statement(profile.currency_code or "", today, [], _ageing([], today))]
    return [statement_of([e for e in entries if e.currency_code == code], code, today)
            for code in currencies]


def statement_of(entries: list[LedgerEntry], currency_code: str, today: date) -> Statement:
    """The statement of open `entries` (oldest first), all in `currency_code`."""
    lines, balance = [], Decimal(0)
    for entry in entries:
        balance += entry.balance
        lines.append(StatementLine(entry, balance, entry.days_overdue(today)))
    return Statement(currency_code, today, lines, _ageing(entries, today))


def _ageing(entries: list[LedgerEntry], today: date) -> list[Bucket]:
    sums = [Decimal(0)] * len(BUCKETS)
    for entry in entries:
        days = entry.days_overdue(today)
        index = next(i for i, (_, low, high) in enumerate(BUCKETS)
                     if low <= days and (high is None or days <= high))
        sums[index] += entry.balance
    return [Bucket(label, amount) for (label, _, _), amount in zip(BUCKETS, sums, strict=True)]
