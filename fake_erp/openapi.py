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

from fake_erp.openapi_schemas import (
    _BOOL,
    _INT,
    _MONEY,
    _STR,
    IDSET_PATTERN,
    SCHEMAS,
    _obj,
    _ok,
    _ref,
)


def _list_of(name: str) -> dict:
    return _ok({"type": "array", "items": _ref(name)})


def _responses(ok: dict, *errors: int) -> dict:
    """200 plus every error the gate can add (401, 503) and the operation's own errors."""
    error = {"application/json": {"schema": _ref("Error")}}
    out = {
        "200": {"description": "OK", "content": {"application/json": {"schema": ok}}},
        "401": {
            "description": "Not authenticated",
            "content": {"application/json": {"schema": _ref("Message")}},
        },
        "503": {
            "description": "Throttled or unavailable",
            "content": {
                "application/json": {"schema": {"anyOf": [_ref("Message"), _ref("Error")]}}
            },
        },
    }
    for status in errors:
        out[str(status)] = {"description": "Brightpearl error", "content": error}
    return out


def _path_param(name: str, *, idset: bool = False) -> dict:
    schema = (
        {"type": "string", "pattern": IDSET_PATTERN}
        if idset
        else {"type": "integer", "minimum": 1, "maximum": 999999}
    )
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _query(name: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema}


_PAGING = [
    _query("pageSize", {"type": "integer", "minimum": 1, "maximum": 500}),
    _query("firstResult", {"type": "integer", "minimum": 1, "maximum": 100000}),
]


def _body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _op(summary: str, ok: dict, *errors: int, params=(), body=None) -> dict:
    operation = {
        "summary": summary,
        "parameters": list(params),
        "responses": _responses(ok, *errors),
    }
    if body is not None:
        operation["requestBody"] = _body(body)
    return operation


_PATCH = {
    "type": "array",
    "minItems": 1,
    "items": _obj(
        ["op", "path"],
        op={"type": "string", "enum": ["add", "replace", "remove"]},
        path=_STR,
        value={},
    ),
}
_ROW = _obj(
    ["productId", "quantity", "net", "tax"],
    productId=_INT,
    quantity={"type": "integer", "minimum": 1},
    net=_MONEY,
    tax=_MONEY,
    taxCode=_STR,
)
_SEARCHES = {
    "/contact-service/contact-search": [
        _query("isCustomer", {"type": "boolean"}),
        _query("primaryEmail", _STR),
    ],
    "/order-service/order-search": [
        _query("contactId", {"type": "integer", "minimum": 1}),
        _query("orderStatusId", {"type": "integer", "minimum": 1}),
        _query("externalRef", _STR),
    ],
    "/product-service/product-search": [
        _query("priceListId", {"type": "integer", "minimum": 1}),
        _query("search", _STR),
    ],
    "/accounting-service/currency-search": [],
    "/accounting-service/customer-payment-search": [_query("transactionRef", _STR)],
    "/crm-service/task-search": [_query("orderId", {"type": "integer", "minimum": 1})],
}


def _paths() -> dict:
    oid, cid = _path_param("id"), _path_param("id")
    paths = {
        path: {"get": _op("Search", _ref("Search"), 400, 500, params=[*params, *_PAGING])}
        for path, params in _SEARCHES.items()
    }
    paths.update(
        {
            "/contact-service/contact": {
                "post": _op(
                    "Create a contact",
                    _ref("Created"),
                    400,
                    body=_obj(
                        ["lastName"],
                        firstName=_STR,
                        lastName={"type": "string", "minLength": 1},
                        organisation=_obj(name=_STR),
                    ),
                )
            },
            "/contact-service/contact/{idset}": {
                "get": _op(
                    "Contacts", _list_of("Contact"), 400, params=[_path_param("idset", idset=True)]
                )
            },
            "/contact-service/contact/{id}/custom-field": {
                "get": _op("Custom fields", _ok({"type": "object"}), 404, params=[cid]),
                "patch": _op(
                    "Patch custom fields", _ref("Updated"), 400, 404, params=[cid], body=_PATCH
                ),
            },
            "/contact-service/contact/{id}/postal-address": {
                "get": _op(
                    "Address book",
                    _ok({"type": "array", "items": _ref("Address")}),
                    404,
                    params=[cid],
                )
            },
            "/contact-service/postal-address": {
                "post": _op(
                    "Create an address",
                    _ref("Created"),
                    400,
                    body=_obj(
                        ["addressLine1"],
                        addressLine1={"type": "string", "minLength": 1},
                        postalCode=_STR,
                    ),
                )
            },
            "/contact-service/postal-address/{idset}": {
                "get": _op(
                    "Addresses", _list_of("Address"), 400, params=[_path_param("idset", idset=True)]
                )
            },
            "/order-service/order/{idset}": {
                "get": _op(
                    "Orders",
                    _list_of("Order"),
                    400,
                    params=[
                        _path_param("idset", idset=True),
                        _query("includeOptional", {"type": "string", "enum": ["customFields"]}),
                    ],
                )
            },
            "/order-service/order-status": {"get": _op("Order statuses", _list_of("OrderStatus"))},
            "/order-service/sales-order": {
                "post": _op(
                    "Create a sales order",
                    _ref("Created"),
                    400,
                    body=_obj(
                        ["customer", "rows"],
                        customer=_obj(["id"], id={"type": "integer", "minimum": 1}),
                        ref=_STR,
                        externalRef=_STR,
                        rows={"type": "array", "maxItems": 5, "items": _ROW},
                    ),
                )
            },
            "/order-service/order/{id}/status": {
                "put": _op(
                    "Change status",
                    _ref("Updated"),
                    400,
                    404,
                    params=[oid],
                    body=_obj(["orderStatusId"], orderStatusId=_INT),
                )
            },
            "/order-service/order/{id}/note": {
                "get": _op("Notes", _list_of("Note"), 404, params=[oid]),
                "post": _op(
                    "Add a note",
                    _ref("Created"),
                    400,
                    404,
                    params=[oid],
                    body=_obj(["text"], text={"type": "string", "minLength": 1}, isPublic=_BOOL),
                ),
            },
            "/order-service/order/{id}/custom-field": {
                "get": _op("Custom fields", _ok({"type": "object"}), 404, params=[oid]),
                "patch": _op(
                    "Patch custom fields", _ref("Updated"), 400, 404, params=[oid], body=_PATCH
                ),
            },
            "/product-service/product/{idset}": {
                "get": _op(
                    "Products", _list_of("Product"), 400, params=[_path_param("idset", idset=True)]
                )
            },
            "/product-service/price-list": {"get": _op("Price lists", _list_of("PriceList"))},
            "/product-service/product-price/{products}/price-list/{lists}": {
                "get": _op(
                    "Prices",
                    _list_of("ProductPrice"),
                    400,
                    params=[_path_param("products", idset=True), _path_param("lists", idset=True)],
                )
            },
            "/accounting-service/exchange-rate": {
                "get": _op(
                    "Exchange rates",
                    _ok(
                        {
                            "type": "array",
                            "items": _obj(["currencyCode", "rate"], currencyCode=_STR, rate=_MONEY),
                        }
                    ),
                )
            },
            "/accounting-service/contact/{id}/currency/{code}/balance": {
                "get": _op(
                    "Balance",
                    _ok(_MONEY),
                    404,
                    params=[
                        cid,
                        {
                            "name": "code",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "enum": ["GBP", "EUR", "USD"]},
                        },
                    ],
                )
            },
            "/accounting-service/customer-payment": {
                "post": _op(
                    "Record a payment",
                    _ref("Created"),
                    400,
                    body=_obj(
                        [
                            "transactionRef",
                            "paymentMethodCode",
                            "orderId",
                            "currencyIsoCode",
                            "amountPaid",
                        ],
                        transactionRef=_STR,
                        paymentMethodCode=_STR,
                        paymentType={"type": "string", "enum": ["RECEIPT"]},
                        orderId=_INT,
                        currencyIsoCode=_STR,
                        amountPaid=_MONEY,
                    ),
                )
            },
            "/warehouse-service/order/{idset}/goods-note/goods-out": {
                "get": _op(
                    "Goods-out notes",
                    _ok({"type": "object", "additionalProperties": _ref("GoodsNote")}),
                    400,
                    params=[_path_param("idset", idset=True)],
                )
            },
            "/crm-service/task": {
                "post": _op(
                    "Create a task (extension)",
                    _ref("Created"),
                    400,
                    body=_obj(
                        ["assignedToContactId", "subject"],
                        assignedToContactId=_INT,
                        subject={"type": "string", "minLength": 1},
                        orderId=_INT,
                    ),
                )
            },
        }
    )
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
