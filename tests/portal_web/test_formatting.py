"""Money, dates, countries and addresses are written by plain functions, the same in any page or
PDF, with no request and no ERP; the pages use them as filters."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from connector.models import DeliveryAddress, PostalAddress
from portal_web.formatting import (
    address_lines,
    country_alpha2,
    country_name,
    format_date,
    format_money,
)


@pytest.mark.parametrize(("amount", "code", "locale", "text"), [
    (Decimal("1234.5"), "GBP", "en_GB", "£1,234.50"),
    (Decimal("-3"), "EUR", "en_GB", "-€3.00"),
    (Decimal("1234.5"), "EUR", "de_DE", "1.234,50\xa0€"),
    (Decimal("38.1"), "USD", "en_GB", "US$38.10"),  # en_GB names the dollar
    (Decimal("38.1"), "USD", "en_US", "$38.10"),
    (Decimal("1234.5"), "JPY", "en_GB", "JP¥1,235"),  # no minor unit: no decimals
    (Decimal("7"), "KWD", "en_GB", "KWD7.000"),  # three decimals
    (12, "GBP", "en_GB", "£12.00"),
])
def test_money_is_written_in_the_locale_with_the_currencys_decimals(amount, code, locale, text):
    assert format_money(amount, code, locale) == text


def test_money_is_rounded_half_up_as_the_totals_are_not_half_even_as_babel_would():
    assert format_money(Decimal("2.345"), "GBP") == "£2.35"
    assert format_money(Decimal("2.355"), "GBP") == "£2.36"
    assert format_money(Decimal("0.5"), "JPY") == "JP¥1"


def test_money_is_never_a_float():
    with pytest.raises(TypeError, match="Decimal"):
        format_money(1.1, "GBP")


@pytest.mark.parametrize(("value", "locale", "text"), [
    (date(2026, 12, 1), "en_GB", "1 Dec 2026"),
    (datetime(2026, 12, 1, 23, 30, tzinfo=UTC), "en_GB", "1 Dec 2026"),
    (date(2026, 12, 1), "de_DE", "01.12.2026"),
    (None, "en_GB", ""),
])
def test_dates_are_written_in_the_locale(value, locale, text):
    assert format_date(value, locale) == text


@pytest.mark.parametrize(("code", "alpha2", "name"), [
    ("GB", "GB", "United Kingdom"), ("GBR", "GB", "United Kingdom"),
    ("gbr", "GB", "United Kingdom"),
    ("DEU", "DE", "Germany"), ("USA", "US", "United States"), ("FR", "FR", "France"),
    ("XYZ", "XYZ", "XYZ"), ("", "", ""),
])
def test_countries_are_named_from_alpha_2_or_alpha_3_codes(code, alpha2, name):
    assert country_alpha2(code) == alpha2
    assert country_name(code) == name


def test_country_names_follow_the_locale():
    assert country_name("DEU", "de_DE") == "Deutschland"


@pytest.mark.parametrize(("country", "lines"), [
    ("GBR", ["Unit 4", "Mill Lane", "Leeds LS1 4AB", "West Yorkshire", "United Kingdom"]),
    ("FRA", ["Unit 4", "Mill Lane", "LS1 4AB Leeds", "West Yorkshire", "France"]),
    ("US", ["Unit 4", "Mill Lane", "Leeds, West Yorkshire LS1 4AB", "United States"]),
])
def test_an_address_puts_the_postal_code_with_the_city_as_its_country_writes_it(country, lines):
    address = PostalAddress(1, "Unit 4", "Mill Lane", "Leeds", "West Yorkshire", "LS1 4AB",
                            country)
    assert address_lines(address) == lines


def test_an_address_without_a_country_has_no_country_line():
    assert address_lines(DeliveryAddress(line1="1 High St", line3="Leeds")) == ["1 High St",
                                                                              "Leeds"]


def test_order_pages_write_addresses_dates_and_money_with_the_filters(shopper, customer,
                                                                      fake_erp):
    confirmed = shopper.portal.erp.reference.status_named("Confirmed").id
    order_id = fake_erp.create_sales_order(
        customer, statusId=confirmed, currency={"code": "GBP"},
        rows=[{"productId": 1, "quantity": 2, "net": "2468.50", "tax": "0"}],
        delivery={"date": "2026-12-01", "address": {
            "addressFullName": "Ann", "addressLine1": "12 Rue de la Paix", "addressLine3": "Paris",
            "postalCode": "75002", "countryIsoCode": "FRA"}})
    page = shopper.get(f"/orders/{order_id}").text
    delivery = re.search(r"<dt>Delivery</dt><dd>(.*?)</dd>", page).group(1)
    assert delivery == "12 Rue de la Paix<br>75002 Paris<br>France"
    assert "<dd>1 Dec 2026</dd>" in page
    assert '<td class="num total">£2,468.50</td>' in page
    assert "£1,234.25" in page  # the unit price

