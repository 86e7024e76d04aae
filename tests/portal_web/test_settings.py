"""One settings reader: the names operators set are the names production reads, and no other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from connector.client import ENV_VARIABLES
from portal_web.erp import make_client
from portal_web.settings import SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]
READERS = ("portal_web/settings.py", "connector/client.py", "portal_web/cli.py")


def test_the_portals_client_honours_every_erp_variable():
    env = {"PORTAL_ERP_BASE_URL": "http://erp.test/public-api/acme", "PORTAL_ERP_TOKEN": "t0k",
           "PORTAL_ERP_CONNECT_TIMEOUT_S": "1.5", "PORTAL_ERP_READ_TIMEOUT_S": "4",
           "PORTAL_ERP_DEADLINE_S": "6", "PORTAL_ERP_MAX_ATTEMPTS": "2",
           "PORTAL_REFERENCE_TTL_S": "30", "PORTAL_PRODUCT_TTL_S": "0",
           "PORTAL_ERP_BREAKER_FAILURES": "9", "PORTAL_ERP_BUDGET_PER_MINUTE": "60"}
    settings = load_settings(env)
    with make_client(settings) as erp:
        transport = erp._transport
        assert erp.base_url == "http://erp.test/public-api/acme"
        assert (transport.connect_timeout, transport.read_timeout) == (1.5, 4.0)
        assert (transport.deadline, transport.max_attempts) == (6.0, 2)
        ttls = transport.policy.ttls
        assert (ttls["reference"], ttls["product"]) == (30.0, 0.0)
        assert erp.breaker.max_failures == 9 and erp.limiter._item.amount == 60
        assert erp.settings == settings.erp
    assert "t0k" not in repr(settings)


@pytest.mark.parametrize(("environ", "named"), [
    ({"PORTAL_ERP_CONNECT_TIMEOUT_S": "soon"}, "PORTAL_ERP_CONNECT_TIMEOUT_S"),
    ({"PORTAL_ERP_BUDGET_PER_MINUTE": "0"}, "PORTAL_ERP_BUDGET_PER_MINUTE"),
    ({"PORTAL_PAGE_DEADLINE_S": "0"}, "PORTAL_PAGE_DEADLINE_S"),
    ({"PORTAL_PAGE_DEADLINE_S": "30"}, "PORTAL_PAGE_DEADLINE_S"),  # gunicorn would kill first
    ({"PORTAL_LOCALE": "xx_NOWHERE"}, "PORTAL_LOCALE"),
    ({"PORTAL_SMTP_URL": "mail.example:25"}, "PORTAL_SMTP_URL"),
    ({"PORTAL_SMTP_URL": "smtp://mail.example:port"}, "PORTAL_SMTP_URL"),
    ({"PORTAL_MAIL_FROM": "a@b.example, c@d.example"}, "PORTAL_MAIL_FROM"),
    ({"PORTAL_MAIL_FROM": "Portal <a@b.example>\r\nBcc: x@y.example"}, "PORTAL_MAIL_FROM"),
    ({"PORTAL_QUOTE_STATUSES": " , "}, "PORTAL_QUOTE_STATUSES"),
    ({"PORTAL_SHARE_RATE": "lots"}, "PORTAL_SHARE_RATE"),
    ({"PORTAL_CACHE_URL": "memcached://127.0.0.1"}, "PORTAL_CACHE_URL"),
    ({"PORTAL_STALE_TTL_S": "-1"}, "PORTAL_STALE_TTL_S"),
    ({"PORTAL_WEBHOOKS": "maybe"}, "PORTAL_WEBHOOKS"),
    ({"PORTAL_WEBHOOK_SECRET": "short"}, "PORTAL_WEBHOOK_SECRET"),
    ({"PORTAL_WEBHOOK_SECRET": "x" * 31 + "/"}, "PORTAL_WEBHOOK_SECRET"),
])
def test_a_bad_setting_stops_the_start_naming_it(environ, named):
    with pytest.raises(SettingsError, match=named):
        load_settings(environ)


def test_the_page_deadline_and_locale_are_read():
    settings = load_settings({"PORTAL_PAGE_DEADLINE_S": "12.5", "PORTAL_LOCALE": "de_DE"})
    assert (settings.page_deadline_s, settings.locale) == (12.5, "de_DE")


@pytest.mark.parametrize("doc", ["README.md", "docs/connector.md", "docs/portal.md"])
def test_every_variable_the_docs_name_is_read_by_the_code(doc):
    named = set(re.findall(r"\bPORTAL_[A-Z0-9_]*[A-Z0-9]\b", (ROOT / doc).read_text()))
    source = "".join((ROOT / path).read_text() for path in READERS)
    ignored = sorted(name for name in named if f'"{name}"' not in source)
    assert ignored == [], f"{doc} documents variables nothing reads"


def test_every_erp_variable_is_documented_for_operators():
    documented = (ROOT / "docs/connector.md").read_text()
    assert [name for name in ENV_VARIABLES if name not in documented] == []


def test_the_quote_and_mail_settings_are_read():
    settings = load_settings({
        "PORTAL_QUOTE_STATUSES": "Quote, Estimate", "PORTAL_QUOTE_DECLINED_STATUS": "Lost",
        "PORTAL_SMTP_URL": "smtps://ann:pw@mail.example", "PORTAL_SHARE_RATE": "5/hour",
        "PORTAL_MAIL_FROM": "Northwind <portal@northwind.example>"})
    assert settings.quote_statuses == ("Quote", "Estimate")
    assert settings.quote_declined_status == "Lost"
    assert settings.smtp_url == "smtps://ann:pw@mail.example"
    assert settings.mail_from == "Northwind <portal@northwind.example>"
    assert settings.share_rate == "5/hour"


def test_an_in_memory_share_limit_is_split_between_workers():
    from portal_web.settings import Settings, per_process

    assert per_process(Settings(share_rate="20/hour"), 2).share_rate == "10 per 1 hour"


def test_with_webhooks_documents_and_prices_are_cached_longer_unless_set():
    with_hooks = load_settings({}).erp
    without = load_settings({"PORTAL_WEBHOOKS": "off"}).erp
    told = load_settings({"PORTAL_DOCUMENT_TTL_S": "20"}).erp
    assert (with_hooks.document_ttl, with_hooks.price_ttl) == (300.0, 600.0)
    assert (without.document_ttl, without.price_ttl) == (30.0, 120.0)
    assert (told.document_ttl, told.price_ttl) == (20.0, 600.0)


def test_the_webhook_secret_is_derived_from_the_secret_key_unless_set():
    key = {"PORTAL_SECRET_KEY": "3f9a1c7e5b2d8f604a1e9c3b7d5f2a8e6c4b0d19"}
    derived, again = load_settings(key), load_settings(dict(key))
    told = load_settings({"PORTAL_WEBHOOK_SECRET": "s" * 40})
    assert derived.erp_webhook_secret == again.erp_webhook_secret != told.erp_webhook_secret
    assert len(derived.erp_webhook_secret) == 64 and told.erp_webhook_secret == "s" * 40


def test_a_cache_url_shares_the_login_limit_too():
    settings = load_settings({"PORTAL_CACHE_URL": "redis://127.0.0.1:6379/2"})
    assert settings.rate_limit_storage == "redis://127.0.0.1:6379/2"
