"""Invoices, credit notes and statements as PDF documents an accounts department accepts.

Built with the shared layout (`portal_web.pdf`, fpdf2: pure Python, no system libraries beyond
the DejaVu fonts, a 50-line invoice in well under 100 ms) from the same data the pages show, and
written with the same functions (`portal_web.formatting`), so a PDF's totals are the page's,
character for character. Nothing here reaches the ERP or a request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from connector.models import LedgerEntry
from portal_web.formatting import address_lines, format_date, format_money, format_percent
from portal_web.invoices.statement import Statement
from portal_web.pdf import Column, Party, PdfDocument, PdfStyle, render_pdf
from portal_web.taxes import TaxLine

LINE_COLUMNS = (Column("Product", 44), Column("Quantity", 12, "RIGHT"),
                Column("Unit price", 16, "RIGHT"), Column("Tax rate", 11, "RIGHT"),
                Column("Net", 17, "RIGHT"))
PAYMENT_COLUMNS = (Column("Date", 25), Column("Reference", 40), Column("Method", 15),
                   Column("Amount", 20, "RIGHT"))
TAX_COLUMNS = (Column("Tax", 50), Column("Rate", 14, "RIGHT"), Column("Net", 18, "RIGHT"),
               Column("Tax", 18, "RIGHT"))
STATEMENT_COLUMNS = (Column("Date", 15), Column("Document", 22), Column("Due", 15),
                     Column("Amount", 16, "RIGHT"), Column("Outstanding", 16, "RIGHT"),
                     Column("Balance", 16, "RIGHT"))


@dataclass(frozen=True)
class Paper:
    """Who sells, how to write, what paper: from the portal's settings."""

    seller: Party
    style: PdfStyle
    locale: str


def invoice_pdf(entry: LedgerEntry, taxes: list[TaxLine], buyer: Party, paper: Paper) -> bytes:
    return render_pdf(invoice_document(entry, taxes, buyer, paper), paper.style)


def invoice_document(entry: LedgerEntry, taxes: list[TaxLine], buyer: Party,
                     paper: Paper) -> PdfDocument:
    """The invoice (or credit note) as the detail page shows it: lines, tax by rate, totals,
    payments and what is still due."""
    money = _money(entry.currency_code, paper.locale)
    order = entry.order
    rate = _rate(paper.locale)
    rows = tuple((row.name + (f" ({row.sku})" if row.sku else ""), str(row.quantity),
                  money(row.unit_price), rate(row.tax_rate), money(row.net))
                 for row in order.rows)
    totals = (("Net", money(order.net)),
              *((f"{t.label} on {money(t.net)}", money(t.tax)) for t in taxes),
              ("Total", money(order.total)),
              ("Refunded" if entry.is_credit else "Paid", money(entry.paid)),
              ("Credit remaining" if entry.is_credit else "Amount due", money(entry.outstanding)))
    tables = [("Tax by rate", TAX_COLUMNS, tuple(
        (t.label, rate(t.rate), money(t.net), money(t.tax)) for t in taxes))]
    if entry.payments:
        tables.append(("Refunds" if entry.is_credit else "Payments", PAYMENT_COLUMNS, tuple(
            (format_date(p.payment_date, paper.locale), p.transaction_ref, p.method_code,
             money(abs(p.amount))) for p in entry.payments)))
    return PdfDocument(
        title="Credit note" if entry.is_credit else "Invoice", number=entry.number,
        seller=paper.seller, buyer=buyer,
        columns=LINE_COLUMNS, rows=rows, facts=_invoice_facts(entry, paper.locale),
        totals=totals, extra_tables=tuple(tables), notes=_invoice_notes(entry, paper.locale))


def statement_pdf(statement: Statement, buyer: Party, paper: Paper) -> bytes:
    return render_pdf(statement_document(statement, buyer, paper), paper.style)


def statement_document(statement: Statement, buyer: Party, paper: Paper) -> PdfDocument:
    """Every open item with its running balance, the ageing, and the balance due."""
    money = _money(statement.currency_code, paper.locale)
    day = _day(paper.locale)
    rows = tuple((day(line.entry.tax_date), line.entry.number,
                  "" if line.entry.is_credit else day(line.entry.due_date),
                  money(line.entry.sign * line.entry.amount), money(line.entry.balance),
                  money(line.balance)) for line in statement.lines)
    ageing = tuple(Column(b.label, 20, "RIGHT") for b in statement.ageing)
    return PdfDocument(
        title="Statement of account", number="", seller=paper.seller, buyer=buyer,
        columns=STATEMENT_COLUMNS, rows=rows,
        facts=(("Date", day(statement.today)), ("Currency", statement.currency_code)),
        totals=(("Overdue", money(statement.overdue)), ("Balance due", money(statement.total))),
        extra_tables=(("Ageing", ageing, (tuple(money(b.amount) for b in statement.ageing),)),),
        notes=() if statement.lines else ("Nothing is outstanding on your account.",))


def buyer_party(address, fallback: str, locale: str) -> Party:
    """The buyer as billed: the company (else the person), then the person and the address;
    `fallback` names the buyer when the ERP has no billing address."""
    if address is None:
        return Party(fallback)
    person, company = address.full_name, address.company_name
    lines = ((person,) if company and person else ()) + tuple(address_lines(address, locale))
    return Party(company or person, lines)


def _invoice_facts(entry: LedgerEntry, locale: str) -> tuple[tuple[str, str], ...]:
    day = _day(locale)
    facts = [("Date", day(entry.tax_date))]
    if not entry.is_credit:
        facts.append(("Due", day(entry.due_date)))
    if not entry.is_credit:
        facts.append(("Order", f"#{entry.order.id}"))
    elif entry.order.parent_order_id:
        facts.append(("Credit for order", f"#{entry.order.parent_order_id}"))
    if entry.order.reference:
        facts.append(("Your reference", entry.order.reference))
    facts.append(("Currency", entry.currency_code))
    return tuple(facts)


def _invoice_notes(entry: LedgerEntry, locale: str) -> tuple[str, ...]:
    if entry.is_credit:
        return ("This credit note reduces what you owe; any credit remaining is used against "
                "your next invoices or refunded.",)
    if not entry.is_open:
        return ("Paid in full. Thank you.",)
    return (f"Please pay {format_money(entry.outstanding, entry.currency_code, locale)} by "
            f"{format_date(entry.due_date, locale)}, quoting {entry.number}.",)


def _money(currency_code: str, locale: str):
    return lambda amount: format_money(amount, currency_code, locale)


def _day(locale: str):
    return lambda value: format_date(value, locale) if isinstance(value, date) else ""


def _rate(locale: str):
    return lambda rate: "" if rate is None else format_percent(rate, locale)
