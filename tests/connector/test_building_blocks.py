"""ID sets, filter formats and client options (the read cache: test_read_cache.py)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from connector import ErpClient, ErpSettings
from connector.client import ENV_VARIABLES
from connector.idsets import chunked_idsets, format_idset, parse_idset
from connector.paging import format_filter


@pytest.mark.parametrize(("ids", "text"), [
    ([1, 2, 3, 4, 5], "1-5"), ([8, 1, 2, 3, 10, 11, 12, 5, 5], "1-3,5,8,10-12"), ([7], "7"),
])
def test_format_idset(ids, text):
    assert format_idset(ids) == text


@pytest.mark.parametrize(("text", "ids"), [
    ("1-3,7", [1, 2, 3, 7]), ("5", [5]), ("2.4", [2, 4]),
])
def test_parse_idset(text, ids):
    assert parse_idset(text) == ids


@pytest.mark.parametrize("text", ["", "a", "3-1", "1-", "1,,2", "1-999999"])
def test_parse_idset_refuses_what_is_not_one(text):
    with pytest.raises(ValueError):
        parse_idset(text, limit=500)


def test_chunks_hold_at_most_200_ids():
    assert list(chunked_idsets(range(1, 451))) == ["1-200", "201-400", "401-450"]
    assert list(chunked_idsets([])) == []


@pytest.mark.parametrize(("value", "text"), [
    ([3, 4, 5], "3-5"), ((date(2026, 7, 1), None), "2026-07-01/"),
    ((None, datetime(2026, 7, 2, 12, 0)), "/2026-07-02T12:00:00"), (True, "true"), (7, "7"),
])
def test_filter_formats(value, text):
    assert format_filter(value) == text


@pytest.mark.parametrize(("option", "value"), [
    ("base_url", "erp.test"), ("app_ref", ""), ("deadline", 0), ("max_attempts", -1),
    ("pool_size", "16"), ("breaker_cooldown", -1), ("limiter", object()),
])
def test_bad_option_fails_at_once_naming_it(option, value):
    options = dict(base_url="http://erp.test/public-api/demo", app_ref="portal",
                   account_token="t")
    with pytest.raises(ValueError, match=option):
        ErpClient(**{**options, option: value})


def test_options_are_keyword_only():
    with pytest.raises(TypeError):
        ErpClient("http://erp.test/public-api/demo", "portal", "t")  # type: ignore[misc]


def test_from_env_reads_the_variables_operators_set():
    env = {"PORTAL_ERP_BASE_URL": "http://erp.test/public-api/demo", "PORTAL_ERP_APP_REF": "p",
           "PORTAL_ERP_TOKEN": "tok", "PORTAL_ERP_DEADLINE_S": "2.5",
           "PORTAL_ERP_MAX_ATTEMPTS": "2", "PORTAL_REFERENCE_TTL_S": "60",
           "PORTAL_ERP_CONNECT_TIMEOUT_S": "1.5"}
    with ErpClient.from_env(env) as erp:
        assert erp._transport.deadline == 2.5 and erp._transport.max_attempts == 2
        assert erp._transport.connect_timeout == 1.5
        assert erp._transport.policy.ttls["reference"] == 60
        assert "tok" not in repr(erp) and "tok" not in repr(erp.settings)


def test_from_env_without_variables_reaches_the_local_fake_erp():
    assert ErpSettings.from_env({}) == ErpSettings()
    assert ErpSettings().base_url == "http://127.0.0.1:8081/public-api/demo"


def test_every_setting_has_one_variable_and_every_variable_a_setting():
    assert sorted(ENV_VARIABLES.values()) == sorted(ErpSettings.__dataclass_fields__)
    assert all(name.startswith("PORTAL_") for name in ENV_VARIABLES)


@pytest.mark.parametrize(("env", "name"), [
    ({"PORTAL_ERP_BASE_URL": "erp.test"}, "PORTAL_ERP_BASE_URL"),
    ({"PORTAL_ERP_POOL_SIZE": "many"}, "PORTAL_ERP_POOL_SIZE"),
    ({"PORTAL_ERP_DEADLINE_S": "0"}, "PORTAL_ERP_DEADLINE_S"),
    ({"PORTAL_ERP_BACKOFF_MAX_S": "-1"}, "PORTAL_ERP_BACKOFF_MAX_S"),
])
def test_from_env_names_the_bad_variable(env, name):
    with pytest.raises(ValueError, match=name):
        ErpClient.from_env(env)


def test_an_unknown_option_is_refused_by_name():
    with pytest.raises(ValueError, match="deadline_s"):
        ErpClient(deadline_s=3)
