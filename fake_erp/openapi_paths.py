"""The paths of the OpenAPI document: one function per ERP service, plus the search endpoints.

The searches are kept in one table and listed first, and each service keeps its paths in the
order they always had: `python -m fake_erp.openapi` writes the packaged openapi.json in
insertion order, so merging them in this order leaves that file byte-for-byte unchanged.
"""

from __future__ import annotations

from fake_erp.openapi_schemas import BOOL, IDSET_PATTERN, INT, MONEY, STR, obj, ok, ref


def _list_of(name: str) -> dict:
    return ok({"type": "array", "items": ref(name)})


def _responses(schema: dict, *errors: int) -> dict:
    """200 plus every error the gate can add (401, 503) and the operation's own errors."""
    error = {"application/json": {"schema": ref("Error")}}
    out = {
        "200": {"description": "OK", "content": {"application/json": {"schema": schema}}},
        "401": {
            "description": "Not authenticated",
            "content": {"application/json": {"schema": ref("Message")}},
        },
        "503": {
            "description": "Throttled or unavailable",
            "content": {"application/json": {"schema": {"anyOf": [ref("Message"), ref("Error")]}}},
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


def _op(summary: str, schema: dict, *errors: int, params=(), body=None) -> dict:
    operation = {
        "summary": summary,
        "parameters": list(params),
        "responses": _responses(schema, *errors),
    }
    if body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": body}},
        }
    return operation


def _create(summary: str, body: dict) -> dict:
    """A POST that answers the new record's id."""
    return {"post": _op(summary, ref("Created"), 400, body=body)}


def _by_idset(summary: str, name: str) -> dict:
    """A GET of the records an idset names (such as 1-3,7)."""
    return {"get": _op(summary, _list_of(name), 400, params=[_path_param("idset", idset=True)])}


_PAGING = [
    _query("pageSize", {"type": "integer", "minimum": 1, "maximum": 500}),
    _query("firstResult", {"type": "integer", "minimum": 1, "maximum": 100000}),
]
_PATCH = {
    "type": "array",
    "minItems": 1,
    "items": obj(
        ["op", "path"],
        op={"type": "string", "enum": ["add", "replace", "remove"]},
        path=STR,
        value={},
    ),
}
_ROW = obj(
    ["productId", "quantity", "net", "tax"],
    productId=INT,
    quantity={"type": "integer", "minimum": 1},
    net=MONEY,
    tax=MONEY,
    taxCode=STR,
)
_SEARCHES = {
    "/contact-service/contact-search": [
        _query("isCustomer", {"type": "boolean"}),
        _query("primaryEmail", STR),
    ],
    "/order-service/order-search": [
        _query("contactId", {"type": "integer", "minimum": 1}),
        _query("orderStatusId", {"type": "integer", "minimum": 1}),
        _query("externalRef", STR),
    ],
    "/product-service/product-search": [
        _query("priceListId", {"type": "integer", "minimum": 1}),
        _query("search", STR),
    ],
    "/accounting-service/currency-search": [],
    "/accounting-service/customer-payment-search": [_query("transactionRef", STR)],
    "/crm-service/task-search": [_query("orderId", {"type": "integer", "minimum": 1})],
}


def _custom_fields() -> dict:
    param = _path_param("id")
    return {
        "get": _op("Custom fields", ok({"type": "object"}), 404, params=[param]),
        "patch": _op("Patch custom fields", ref("Updated"), 400, 404, params=[param], body=_PATCH),
    }


def search_paths() -> dict:
    return {
        path: {"get": _op("Search", ref("Search"), 400, 500, params=[*params, *_PAGING])}
        for path, params in _SEARCHES.items()
    }


def contact_service() -> dict:
    new_contact = obj(
        ["lastName"],
        firstName=STR,
        lastName={"type": "string", "minLength": 1},
        organisation=obj(name=STR),
    )
    new_address = obj(
        ["addressLine1"], addressLine1={"type": "string", "minLength": 1}, postalCode=STR
    )
    address_book = ok({"type": "array", "items": ref("Address")})
    return {
        "/contact-service/contact": _create("Create a contact", new_contact),
        "/contact-service/contact/{idset}": _by_idset("Contacts", "Contact"),
        "/contact-service/contact/{id}/custom-field": _custom_fields(),
        "/contact-service/contact/{id}/postal-address": {
            "get": _op("Address book", address_book, 404, params=[_path_param("id")])
        },
        "/contact-service/postal-address": _create("Create an address", new_address),
        "/contact-service/postal-address/{idset}": _by_idset("Addresses", "Address"),
    }


def order_service() -> dict:
    oid = _path_param("id")
    include = _query("includeOptional", {"type": "string", "enum": ["customFields"]})
    new_order = obj(
        ["customer", "rows"],
        customer=obj(["id"], id={"type": "integer", "minimum": 1}),
        ref=STR,
        externalRef=STR,
        rows={"type": "array", "maxItems": 5, "items": _ROW},
    )
    new_status = obj(["orderStatusId"], orderStatusId=INT)
    new_note = obj(["text"], text={"type": "string", "minLength": 1}, isPublic=BOOL)
    by_idset = [_path_param("idset", idset=True), include]
    return {
        "/order-service/order/{idset}": {
            "get": _op("Orders", _list_of("Order"), 400, params=by_idset)
        },
        "/order-service/order-status": {"get": _op("Order statuses", _list_of("OrderStatus"))},
        "/order-service/sales-order": _create("Create a sales order", new_order),
        "/order-service/order/{id}/status": {
            "put": _op("Change status", ref("Updated"), 400, 404, params=[oid], body=new_status)
        },
        "/order-service/order/{id}/note": {
            "get": _op("Notes", _list_of("Note"), 404, params=[oid]),
            "post": _op("Add a note", ref("Created"), 400, 404, params=[oid], body=new_note),
        },
        "/order-service/order/{id}/custom-field": _custom_fields(),
    }


def product_service() -> dict:
    ids = [_path_param("products", idset=True), _path_param("lists", idset=True)]
    return {
        "/product-service/product/{idset}": _by_idset("Products", "Product"),
        "/product-service/price-list": {"get": _op("Price lists", _list_of("PriceList"))},
        "/product-service/product-price/{products}/price-list/{lists}": {
            "get": _op("Prices", _list_of("ProductPrice"), 400, params=ids)
        },
    }


def accounting_service() -> dict:
    rate = obj(["currencyCode", "rate"], currencyCode=STR, rate=MONEY)
    code = {
        "name": "code",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "enum": ["GBP", "EUR", "USD"]},
    }
    required = ["transactionRef", "paymentMethodCode", "orderId", "currencyIsoCode", "amountPaid"]
    payment = obj(
        required,
        transactionRef=STR,
        paymentMethodCode=STR,
        paymentType={"type": "string", "enum": ["RECEIPT"]},
        orderId=INT,
        currencyIsoCode=STR,
        amountPaid=MONEY,
    )
    return {
        "/accounting-service/exchange-rate": {
            "get": _op("Exchange rates", ok({"type": "array", "items": rate}))
        },
        "/accounting-service/contact/{id}/currency/{code}/balance": {
            "get": _op("Balance", ok(MONEY), 404, params=[_path_param("id"), code])
        },
        "/accounting-service/customer-payment": _create("Record a payment", payment),
    }


def warehouse_service() -> dict:
    notes = ok({"type": "object", "additionalProperties": ref("GoodsNote")})
    return {
        "/warehouse-service/order/{idset}/goods-note/goods-out": {
            "get": _op("Goods-out notes", notes, 400, params=[_path_param("idset", idset=True)])
        },
    }


def crm_service() -> dict:
    new_task = obj(
        ["assignedToContactId", "subject"],
        assignedToContactId=INT,
        subject={"type": "string", "minLength": 1},
        orderId=INT,
    )
    return {"/crm-service/task": _create("Create a task (extension)", new_task)}
