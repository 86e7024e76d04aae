"""The OpenAPI document: kept in sync with its builder, and fuzzed with schemathesis against a
server of its own (no server error but Brightpearl's documented 500s, no schema violation)."""

from __future__ import annotations

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from fake_erp.openapi import build_document, load_document
from fake_erp.seed import SeedSizes
from fake_erp.server import start_server
from tests.fixtures_erp import AUTH_HEADERS


@pytest.fixture(scope="module")
def fuzzed_server():
    server = start_server(
        ":memory:",
        seed=1,
        throttle_per_minute=1_000_000,
        sizes=SeedSizes(products=40, customers=6, suppliers=2, orders=60),
    )
    yield server
    server.stop()


def test_packaged_document_matches_its_builder_and_is_served(fuzzed_server):
    assert load_document() == build_document()
    served = requests.get(f"{fuzzed_server.url}/_fake/openapi.json", timeout=5).json()
    assert served == load_document()


# Brightpearl really answers 500 for an unparseable search filter (CMNC-018) and for a JSON
# Patch op it cannot apply (CMNC-044): those two are expected.
REAL_500_CODES = ('"CMNC-018"', '"CMNC-044"')


def not_a_server_error_but_cmnc_018(ctx, response, case):
    """Any 500 but the two Brightpearl documents is a bug of the fake."""
    if response.status_code == 500 and any(code in response.text for code in REAL_500_CODES):
        return None
    return not_a_server_error(ctx, response, case)


# Loaded from the packaged document at import (pytest 9 and schemathesis' lazy fixture loader
# do not get along); the server's base URL is given per call.
schema = schemathesis.openapi.from_dict(load_document())


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_public_api_conforms_to_its_openapi_document(case, fuzzed_server):
    response = case.call(base_url=fuzzed_server.base_url, headers=AUTH_HEADERS)
    case.validate_response(
        response, checks=[not_a_server_error_but_cmnc_018, response_schema_conformance]
    )
