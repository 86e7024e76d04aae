"""Money on the server: `Decimal` only, rounded to the currency's minor unit with ROUND_HALF_UP.

DESIGN.md: round per line, then sum. Prices reach the portal in the price list's currency and are
shown in the customer's, converted with the ERP's exchange rates (units per one base unit).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# ISO 4217 minor units that are not 2 (the common case).
_MINOR_UNITS = {"JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0, "BHD": 3, "KWD": 3, "OMR": 3}


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


def format_money(amount: Decimal, currency_code: str, symbol: str | None = None) -> str:
    """'£1,234.50' when the symbol is known, else '1,234.50 GBP'."""
    places = -quantum(currency_code).as_tuple().exponent
    text = f"{round_money(amount, currency_code):,.{places}f}"
    if symbol:
        return f"-{symbol}{text[1:]}" if text.startswith("-") else f"{symbol}{text}"
    return f"{text} {currency_code}"
