"""Money on the server: `Decimal` only, rounded to the currency's minor unit with ROUND_HALF_UP.

DESIGN.md: round per line, then sum. Prices reach the portal in the price list's currency and are
shown in the customer's, converted with the ERP's exchange rates (units per one base unit).
Writing amounts for people is `portal_web.formatting`'s, which rounds with `round_money` too.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# ISO 4217 minor units that are not 2 (the common case).
_MINOR_UNITS = {
    **dict.fromkeys(("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX",
                     "UYI", "VND", "VUV", "XAF", "XOF", "XPF"), 0),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
    **dict.fromkeys(("CLF", "UYW"), 4),
}


def quantum(currency_code: str) -> Decimal:
    """The smallest amount of the currency: Decimal('0.01') for most."""
    return Decimal(1).scaleb(-_MINOR_UNITS.get(currency_code.upper(), 2))


def round_money(amount: Decimal, currency_code: str) -> Decimal:
    """Rounds half up to the currency's minor unit."""
    return amount.quantize(quantum(currency_code), rounding=ROUND_HALF_UP)


def convert(amount: Decimal, rate_from: Decimal, rate_to: Decimal) -> Decimal:
    """Converts between two currencies given each one's rate against the base currency.

    Not rounded: callers round once, at the end, so conversion error does not compound.
    """
    if rate_from == rate_to:
        return amount
    return amount / rate_from * rate_to
