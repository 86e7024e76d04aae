"""Tax on order rows: which of the ERP's tax codes applies, the tax of a row, the tax by rate.

The ERP's tax codes decide (issue 8): a row takes its product's tax code, unless the customer
carries a code of its own (exempt, reverse charge), which then applies to every row. A row's tax
is its net times the code's rate, rounded half up to the currency's minor unit (DESIGN.md: round
per line, then sum). Documents show the tax by rate: one line per code, with the net it is on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from connector.models import TaxCode
from portal_web.formatting import format_percent
from portal_web.money import round_money


def tax_code_for(product_tax_code_id: int | None, customer_tax_code_id: int | None,
                 codes: Mapping[int, TaxCode]) -> TaxCode | None:
    """The customer's own code if it has one, else the product's; None when the ERP knows
    neither (such a row cannot be ordered: its tax would be a guess)."""
    wanted = customer_tax_code_id or product_tax_code_id
    return codes.get(wanted) if wanted else None


def row_tax(net: Decimal, code: TaxCode, currency_code: str) -> Decimal:
    return round_money(net * code.rate / 100, currency_code)


@dataclass(frozen=True)
class TaxLine:
    """The tax of one code on a document: at `rate` percent on `net`."""

    code: str
    label: str
    rate: Decimal
    net: Decimal
    tax: Decimal


def tax_by_rate(rows: Iterable[tuple[str, Decimal, Decimal, Decimal]],
                codes: Mapping[int, TaxCode] | None = None) -> list[TaxLine]:
    """One line per tax code of `rows` (each `(code, rate, net, tax)`), highest rate first.

    Labels are the codes' descriptions in the ERP (`Standard rate : 20% VAT`) when `codes`
    knows them, else "Tax at 20%".
    """
    descriptions = {c.code: c.description for c in (codes or {}).values()}
    totals: dict[tuple[str, Decimal], list[Decimal]] = {}
    for code, rate, net, tax in rows:
        sums = totals.setdefault((code, rate), [Decimal(0), Decimal(0)])
        sums[0] += net
        sums[1] += tax
    lines = [TaxLine(code, descriptions.get(code) or f"Tax at {format_percent(rate)}", rate, net,
                     tax)
             for (code, rate), (net, tax) in totals.items()]
    return sorted(lines, key=lambda line: (-line.rate, line.code))
