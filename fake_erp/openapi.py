"""The OpenAPI 3 document of the public API, built from small helpers (served at
/_fake/openapi.json; `python -m fake_erp.openapi` rewrites the packaged openapi.json).

It is written for contract tests (schemathesis): every answer the fake can give is documented,
error bodies included, so "no response violates the schema" is a meaningful check.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

from fake_erp.openapi_paths import (
    accounting_service,
    contact_service,
    crm_service,
    integration_service,
    order_service,
    product_service,
    search_paths,
    warehouse_service,
)
from fake_erp.openapi_schemas import SCHEMAS


def _paths() -> dict:
    """The searches first, then each service's paths: the order the packaged openapi.json has."""
    services = (
        contact_service,
        order_service,
        product_service,
        accounting_service,
        warehouse_service,
        crm_service,
        integration_service,
    )
    paths = search_paths()
    for service in services:
        paths.update(service())
    return paths


def build_document(base_path: str = "/public-api/demo") -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Fake ERP (Brightpearl-shaped public API)", "version": "1.0.0"},
        "servers": [{"url": base_path}],
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "appRef": {"type": "apiKey", "in": "header", "name": "brightpearl-app-ref"},
                "accountToken": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "brightpearl-account-token",
                },
            },
        },
        "security": [{"appRef": [], "accountToken": []}],
        "paths": _paths(),
    }


@cache
def load_document() -> dict:
    """The packaged document (kept equal to build_document() by a test)."""
    return json.loads(resources.files("fake_erp").joinpath("openapi.json").read_text())


if __name__ == "__main__":
    Path(__file__).with_name("openapi.json").write_text(
        json.dumps(build_document(), indent=1) + "\n"
    )
