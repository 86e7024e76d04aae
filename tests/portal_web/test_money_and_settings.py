"""Pure rules: money rounding, conversion, status labels, login tokens, settings that fail fast."""

from decimal import Decimal

import pytest

from connector.models import Currency, PriceBreak, ProductPrice
from portal_web.auth.tokens import Grant, make_token, new_grant, parse_token
from portal_web.money import round_money
from portal_web.pricing import PriceBook
from portal_web.settings import Settings, SettingsError, load_settings, per_process
from portal_web.statuses import DEFAULT_STATUS_MAP, StatusTable


def _currency(code, rate, symbol=""):
    return Currency(id=1, code=code, symbol=symbol, rate=Decimal(rate), is_default=rate == "1")


def test_money_rounds_half_up_to_the_minor_unit():
    assert round_money(Decimal("2.345"), "GBP") == Decimal("2.35")
    assert round_money(Decimal("2.344"), "GBP") == Decimal("2.34")
    assert round_money(Decimal("1234.5"), "JPY") == Decimal("1235")


def test_price_book_converts_from_the_list_currency_and_applies_breaks():
    price = ProductPrice(product_id=5, price_list_id=2, currency_code="EUR",
                         breaks=(PriceBreak(1, Decimal("11.70")), PriceBreak(10, Decimal("9.36"))))
    book = PriceBook(2, _currency("EUR", "1.17"), _currency("USD", "1.27", "$"))
    assert book.unit_price(price, 1) == Decimal("12.70")  # 11.70 / 1.17 * 1.27
    assert book.unit_price(price, 10) == Decimal("10.16")
    assert book.line_total(price, 3) == Decimal("38.10")
    assert book.breaks(price) == [(1, Decimal("12.70")), (10, Decimal("10.16"))]
    assert book.format(Decimal("38.1")) == "US$38.10"  # en_GB: the dollar is named


def test_status_table_maps_names_to_labels_and_hides_the_rest():
    from connector.models import OrderStatus

    statuses = [OrderStatus(i, name, "SO", "OPEN") for i, name in enumerate(
        ["Draft", "Quote", "Confirmed", "In production", "Delivered", "Cancelled"], start=1)]
    statuses.append(OrderStatus(20, "Confirmed", "PO", "OPEN"))
    table = StatusTable.build(statuses, DEFAULT_STATUS_MAP)
    assert table.label(3) == "Ordered"
    assert table.label(4) == "Processing"
    assert table.label(5) == "Shipped"
    assert table.label(1) is None and table.label(6) is None and table.label(20) is None
    assert table.ids_for("shipped") == [5]
    assert table.choices() == [("ordered", "Ordered"), ("processing", "Processing"),
                               ("shipped", "Shipped")]


def test_a_grant_matches_only_its_own_secret():
    secret, grant = new_grant()
    assert grant.matches(secret)
    assert not grant.matches(secret[:-1] + ("A" if secret[-1] != "A" else "B"))
    assert Grant.parse(grant.serialise()) == grant
    for stored in ("", None, "v1:short:x", "v2:" + "a" * 64 + ":x"):
        assert Grant.parse(stored) is None


def test_tokens_parse_only_in_their_own_shape():
    secret, _ = new_grant()
    assert parse_token(make_token(42, secret)) == (42, secret)
    for bad in ("", "42", "42.", "0." + secret, "x." + secret, "42." + secret + "x", "../etc"):
        assert parse_token(bad) is None


def test_secrets_have_at_least_128_bits():
    secret, _ = new_grant()
    assert len(secret) * 6 >= 128


@pytest.mark.parametrize("environ, named", [
    ({"PORTAL_ENV": "staging"}, "PORTAL_ENV"),
    ({"PORTAL_ERP_BASE_URL": "ftp://x"}, "PORTAL_ERP_BASE_URL"),
    ({"PORTAL_ERP_DEADLINE_S": "soon"}, "PORTAL_ERP_DEADLINE_S"),
    ({"PORTAL_DEFAULT_PRICE_LIST_ID": "-1"}, "PORTAL_DEFAULT_PRICE_LIST_ID"),
    ({"PORTAL_ENV": "production"}, "PORTAL_SECRET_KEY"),
    ({"PORTAL_STATUS_MAP": "/nonexistent.json"}, "PORTAL_STATUS_MAP"),
    ({"PORTAL_LOGIN_RATE": "ten"}, "PORTAL_LOGIN_RATE"),
])
def test_a_bad_setting_fails_at_start_naming_it(environ, named):
    with pytest.raises(SettingsError, match=named):
        load_settings(environ)


def test_the_status_map_can_be_replaced_from_a_file(tmp_path):
    path = tmp_path / "map.json"
    path.write_text('{"Confirmed": "Received", "Delivered": "Done"}')
    settings = load_settings({"PORTAL_STATUS_MAP": str(path)})
    assert settings.status_map == {"Confirmed": "Received", "Delivered": "Done"}


@pytest.mark.parametrize("key", ["a" * 32, "ab" * 16, "password" * 4,
                                 "0123456789abcdef" * 2, "too-short-but-random-Xq3"])
def test_a_secret_key_of_low_randomness_is_refused(key):
    """Issue 7: a key such as 32 × "a" was accepted, and signs cookies anyone can forge."""
    for env in ("production", "development"):
        with pytest.raises(SettingsError, match="PORTAL_SECRET_KEY"):
            load_settings({"PORTAL_ENV": env, "PORTAL_SECRET_KEY": key})


def test_random_secret_keys_are_accepted():
    import secrets

    for _ in range(200):
        for key in (secrets.token_hex(16), secrets.token_urlsafe(32)):
            assert load_settings({"PORTAL_ENV": "production",
                                  "PORTAL_SECRET_KEY": key}).secret_key == key


def test_an_in_memory_login_limit_is_split_between_workers():
    """With `memory://` each worker counts alone: together they allow the configured rate."""
    settings = Settings(login_rate="10/minute")
    assert per_process(settings, 1).login_rate == "10/minute"
    assert per_process(settings, 2).login_rate == "5 per 1 minute"
    assert per_process(settings, 64).login_rate == "1 per 1 minute"
    shared = Settings(login_rate="10/minute", rate_limit_storage="redis://127.0.0.1:6379")
    assert per_process(shared, 4).login_rate == "10/minute"
