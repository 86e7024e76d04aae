"""What the invoices page lists: `?type=&status=&from=&to=&q=&page=`, read and checked.

A value the page cannot use is a `FilterError` naming the field and saying what is expected;
the page then answers 400 with the message next to that field, and lists nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from connector.models import LedgerEntry
from portal_web.paging import parse_page

TYPES = {"invoice": "Invoices", "credit": "Credit notes"}
STATUSES = {"unpaid": "Unpaid", "overdue": "Overdue", "part-paid": "Part paid", "paid": "Paid"}
OPEN_STATUSES = frozenset({"unpaid", "overdue", "part-paid"})  # the ERP can narrow to these
MAX_NUMBER = 40
_NUMBER = re.compile(r"^[\w\-/. ]*$")


class FilterError(ValueError):
    """A filter the page cannot use: `field` is the form field the message goes next to."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class InvoiceFilter:
    type: str = ""  # "", "invoice" or "credit"
    status: str = ""  # "", or a key of STATUSES
    date_from: date | None = None
    date_to: date | None = None
    number: str = ""  # part of the document's number, any case
    page: int = 1

    @classmethod
    def from_args(cls, args) -> InvoiceFilter:
        """The filter of a request's query arguments; FilterError for a value it cannot use."""
        kind, status = args.get("type", ""), args.get("status", "")
        if kind not in ("", *TYPES):
            raise FilterError("type", "Choose invoices, credit notes or both.")
        if status not in ("", *STATUSES):
            raise FilterError("status", "Choose a status from the list.")
        date_from, date_to = _date(args, "from"), _date(args, "to")
        if date_from and date_to and date_from > date_to:
            raise FilterError("to", "The end date must not be before the start date.")
        try:
            page = parse_page(args.get("page"))
        except ValueError as e:
            raise FilterError("page", str(e)) from None
        return cls(kind, status, date_from, date_to, _number(args.get("q", "")), page)

    def args(self) -> dict[str, str]:
        """The query arguments that give this filter again (for the pager's links)."""
        values = {"type": self.type, "status": self.status, "q": self.number,
                  "from": self.date_from.isoformat() if self.date_from else "",
                  "to": self.date_to.isoformat() if self.date_to else ""}
        return {k: v for k, v in values.items() if v}

    def matches(self, entry: LedgerEntry, today: date) -> bool:
        """What the ERP could not filter: the status, and the number typed in."""
        if self.number and self.number.lower() not in entry.number.lower():
            return False
        return not self.status or self.status in status_keys(entry, today)


def status_keys(entry: LedgerEntry, today: date) -> set[str]:
    """Which of the page's statuses a document is in (an overdue invoice is also unpaid or
    part paid; a credit note counts as paid once refunded, as unpaid while it can be used)."""
    if not entry.is_open:
        return {"paid"}
    keys = {"part-paid" if entry.paid > 0 else "unpaid"}
    if entry.days_overdue(today):
        keys.add("overdue")
    return keys


def _date(args, name: str) -> date | None:
    raw = args.get(name, "")
    if not raw:
        return None
    try:
        if len(raw) != 10:
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise FilterError(name, "Enter a date as YYYY-MM-DD, for example 2026-10-01.") from None


def _number(raw: str) -> str:
    text = raw.strip()
    if len(text) > MAX_NUMBER:
        raise FilterError("q", f"A document number has at most {MAX_NUMBER} characters.")
    if not _NUMBER.match(text):
        raise FilterError("q", "A document number has letters, digits, - / and . only.")
    return text
