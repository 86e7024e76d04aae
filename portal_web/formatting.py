"""How money, dates, countries and addresses are written: plain functions, the same everywhere.

They need neither a request nor the ERP (Babel's CLDR data holds symbols, month and country
names), so PDFs and emails made outside a request write exactly what pages write; `register`
makes them Jinja filters (`{{ order.total|money(order.currency_code) }}`, `{{ d|date }}`,
`{{ address|address_lines }}`, `{{ code|country }}`) in the portal's locale (`PORTAL_LOCALE`).

Amounts are rounded by `portal_web.money.round_money` (half up, to the currency's minor unit),
the portal's one rounding rule, before Babel writes them: Babel never rounds on its own.
"""

from __future__ import annotations

import unicodedata
from copy import copy
from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.core import get_global
from babel.dates import format_date as _babel_date
from babel.numbers import format_percent as _babel_percent

from portal_web.money import quantum, round_money

DEFAULT_LOCALE = "en_GB"

# Where the postal code comes before the city on the same line ("75001 Paris"); elsewhere after
# it ("Leeds LS1 4AB"), and in these, after the region too ("Austin, TX 78701").
_POSTCODE_FIRST = frozenset({
    "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IS",
    "IT", "LI", "LT", "LU", "LV", "MC", "NL", "NO", "PL", "PT", "RO", "RS", "SE", "SI", "SK", "SM",
    "TR"})
_REGION_WITH_CITY = frozenset({"US", "CA", "AU"})


@lru_cache(maxsize=32)
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def format_money(amount: Decimal | int, currency_code: str, locale: str = DEFAULT_LOCALE) -> str:
    """'£1,234.50' (en_GB), '1.234,50 €' (de_DE), 'JP¥1,235': the currency's minor unit."""
    if not isinstance(amount, Decimal | int) or isinstance(amount, bool):
        raise TypeError(f"money is a Decimal, not {type(amount).__name__}")
    code = currency_code.upper()
    rounded = round_money(Decimal(amount), code)
    if rounded == 0:  # before the cache, where -0.00 and 0.00 are one key
        rounded = abs(rounded)  # a negative zero (a credit note's nothing) is written £0.00
    return _format_rounded(rounded, code, locale)


@lru_cache(maxsize=8192)
def _format_rounded(amount: Decimal, code: str, locale: str) -> str:
    """Babel's formatting takes ~60 µs an amount, and a catalog page shows dozens: the same
    prices recur on every page and for every customer of a list, so each is written once."""
    places = -quantum(code).as_tuple().exponent
    pattern = copy(_locale(locale).currency_formats["standard"])
    pattern.frac_prec = (places, places)  # as many decimals as round_money keeps, no more
    return pattern.apply(amount, _locale(locale), currency=code, currency_digits=False)


def format_percent(rate: Decimal | int, locale: str = DEFAULT_LOCALE) -> str:
    """A tax rate given in percent (`Decimal(20)`, `Decimal("17.5")`) as '20%', '17.5%'."""
    return _babel_percent(Decimal(rate) / 100, "#,##0.##%", locale=_locale(locale))


def format_date(value: date | None, locale: str = DEFAULT_LOCALE) -> str:
    """'1 Dec 2026' (en_GB), '01.12.2026' (de_DE); a datetime is written as its date."""
    if value is None:
        return ""
    return _babel_date(value, format="medium", locale=_locale(locale))


def country_alpha2(code: str) -> str:
    """ISO 3166 alpha-2 from alpha-2 or alpha-3 ('GBR' -> 'GB', as Brightpearl's addresses hold);
    an unknown code comes back as it was given (upper case)."""
    code = (code or "").strip().upper()
    if len(code) == 2:
        return code
    replacements = get_global("territory_aliases").get(code) or ()
    return replacements[0] if len(code) == 3 and replacements else code


# Alpha-3 codes CLDR maps to a territory that no address is in: codes ISO withdrew (East
# Germany, Burma, Zaire, metropolitan France, East Timor, South Yemen), the European Union and
# "Unknown Region". Never offered, never written.
_WITHDRAWN_ALPHA3 = frozenset({"DDR", "BUR", "ZAR", "FXX", "TMP", "YMD", "QUU", "ZZZ"})


@lru_cache(maxsize=8)
def countries(locale: str = DEFAULT_LOCALE) -> tuple[tuple[str, str], ...]:
    """Every country as (ISO 3166 alpha-3 code, name in the locale), by name: what address forms
    offer (Brightpearl stores alpha-3 codes)."""
    alpha3 = {}
    for code, targets in get_global("territory_aliases").items():
        if len(code) == 3 and code.isalpha() and code not in _WITHDRAWN_ALPHA3 \
                and len(targets) == 1 and len(targets[0]) == 2:
            alpha3.setdefault(targets[0], code)
    names = _locale(locale).territories
    found = [(alpha3[iso2], names[iso2]) for iso2 in names if iso2 in alpha3]
    return tuple(sorted(found, key=lambda pair: _sort_key(pair[1])))


def _sort_key(name: str) -> str:
    """Côte d’Ivoire sorts with the Cs (accents set aside), as people look for it."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def country_name(code: str, locale: str = DEFAULT_LOCALE) -> str:
    """'United Kingdom' for 'GB' or 'GBR' (in the locale's language); unknown codes as given."""
    return _locale(locale).territories.get(country_alpha2(code), (code or "").strip())


def address_lines(address, locale: str = DEFAULT_LOCALE) -> list[str]:
    """The lines of a postal or delivery address as it is written in its country.

    `address` has line1..line4 (street, street 2, city, region), postal_code and country.
    """
    country = country_alpha2(address.country)
    city, region, postal = address.line3, address.line4, address.postal_code
    if country in _REGION_WITH_CITY:
        place = _joined(", ".join(p for p in (city, region) if p), postal)
        region = ""
    elif country in _POSTCODE_FIRST:
        place = _joined(postal, city)
    else:
        place = _joined(city, postal)
    country_line = country_name(address.country, locale) if address.country else ""
    return [line for line in (address.line1, address.line2, place, region, country_line) if line]


def _joined(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def register(app) -> None:
    """The functions as Jinja filters, in the portal's locale."""
    locale = app.extensions["settings"].locale
    app.add_template_filter(lambda amount, code: format_money(amount, code, locale), "money")
    app.add_template_filter(lambda value: format_date(value, locale), "date")
    app.add_template_filter(lambda code: country_name(code, locale), "country")
    app.add_template_filter(lambda address: address_lines(address, locale), "address_lines")
    app.add_template_filter(lambda rate: format_percent(rate, locale), "percent")
