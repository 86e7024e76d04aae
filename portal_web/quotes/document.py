"""A quote's figures as the page and the PDF print them: rows, tax by rate, totals.

The PDF uses the shared layout of `portal_web/pdf.py` (the one invoices use), built from the same
`Quote` the page shows, with amounts written by `portal_web.formatting`. Nothing is recomputed
from a price list: a quote is printed at the prices the ERP quoted.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from portal_web.formatting import address_lines, format_date, format_money
from portal_web.pdf import Column, Party, PdfDocument, render_pdf
from portal_web.quotes.model import Quote

COLUMNS = (Column("Product", 46), Column("SKU", 16), Column("Quantity", 10, "RIGHT"),
           Column("Unit price", 14, "RIGHT"), Column("Total", 14, "RIGHT"))


@dataclass(frozen=True)
class TaxLine:
    rate: Decimal  # percent
    net: Decimal
    tax: Decimal

    @property
    def percent(self) -> str:
        """'20', '5.5': the rate without trailing zeros (nor an exponent)."""
        return format(self.rate.normalize(), "f")


def tax_by_rate(quote: Quote) -> list[TaxLine]:
    """Net and tax per tax rate, highest rate first (the ERP's row rates, else tax ÷ net)."""
    lines: dict[Decimal, list[Decimal]] = {}
    for row in quote.order.rows:
        rate = row.tax_rate if row.tax_rate is not None else (
            row.tax / row.net * 100 if row.net else Decimal(0))
        sums = lines.setdefault(rate.quantize(Decimal("0.01")), [Decimal(0)] * 2)
        sums[0] += row.net
        sums[1] += row.tax
    return [TaxLine(rate, net, tax) for rate, (net, tax) in sorted(lines.items(), reverse=True)]


def quote_pdf(quote: Quote, *, seller: Party, style, locale: str) -> bytes:
    """The quote as a PDF in the portal's document style."""
    order, code = quote.order, quote.order.currency_code

    def money(amount) -> str:
        return format_money(amount, code, locale)

    rows = tuple((r.name, r.sku, str(r.quantity), money(r.unit_price), money(r.net))
                 for r in order.rows)
    taxes = tuple((f"Tax {line.percent}% on {money(line.net)}", money(line.tax))
                  for line in tax_by_rate(quote))
    document = PdfDocument(
        title="Quote", number=f"#{order.id}", seller=seller, buyer=_buyer(quote, locale),
        buyer_heading="Quote for", columns=COLUMNS, rows=rows,
        facts=(("Date", format_date(order.placed_on, locale)),
               ("Valid until", format_date(quote.valid_until, locale) or "Not stated"),
               ("Currency", code), ("Your reference", order.reference or "—")),
        totals=(("Net", money(order.net)), *taxes, ("Total", money(order.total))),
        notes=("Prices as quoted. To accept this quote, open it in the customer portal.",))
    return render_pdf(document, style)


def _buyer(quote: Quote, locale: str) -> Party:
    """The customer as billed: the order's billing address (its company, else the person)."""
    address = quote.order.billing_address
    if address is None:
        return Party(quote.order.customer_company)
    name = address.company_name or address.full_name or quote.order.customer_company
    return Party(name, tuple(address_lines(address, locale)))
