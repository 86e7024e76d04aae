"""The paths of the OpenAPI document: one function per ERP service, plus the search endpoints.

The searches are kept in one table and listed first, then each service's paths;
`python -m fake_erp.openapi` writes the packaged openapi.json in that (insertion) order.
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
_ORDER_PATCH = {
    "type": "array",
    "minItems": 1,
    "items": obj(
        ["op", "path", "value"],
        op={"type": "string", "enum": ["replace"]},
        path={"type": "string", "enum": ["/delivery/deliveryDate"]},
        value={"type": "string", "format": "date"},
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
        _query("sort", {"type": "string", "enum": ["createdOn.DESC", "orderId.ASC"]}),
    ],
    "/order-service/sales-order-search": [
        _query("customerId", {"type": "integer", "minimum": 1}),
        _query("customerRef", STR),
    ],
    "/product-service/product-search": [
        _query("priceListId", {"type": "integer", "minimum": 1}),
        _query("search", STR),
        _query("productStatus", STR),
    ],
    "/accounting-service/currency-search": [_query("code", STR)],
    "/accounting-service/customer-payment-search": [_query("transactionRef", STR)],
    "/crm-service/task-search": [
        _query("orderId", {"type": "integer", "minimum": 1}),
        _query("reference", STR),
    ],
    "/order-service/order-note-search": [
        _query("orderId", {"type": "integer", "minimum": 1}),
        _query("contactId", {"type": "integer", "minimum": 1}),
        _query("noteText", STR),
    ],
}
_ADDRESS = obj(
    ["addressLine1"],
    addressLine1={"type": "string", "minLength": 1},
    addressLine2=STR,
    addressLine3=STR,
    addressLine4=STR,
    postalCode=STR,
    countryIsoCode={"type": "string", "enum": ["GBR", "FRA", "USA"]},
)


def _custom_fields() -> dict:
    param = _path_param("id")
    fields = ok({"type": "object"})
    return {
        "get": _op("Custom fields", fields, 404, params=[param]),
        "patch": _op("Patch custom fields", fields, 400, 404, 500, params=[param], body=_PATCH),
    }


def search_paths() -> dict:
    return {
        path: {"get": _op("Search", ref("Search"), 400, 500, params=[*params, *_PAGING])}
        for path, params in _SEARCHES.items()
    }


def _optional_idset(path: str, summary: str, schema: dict, *errors: int, params=()) -> dict:
    """`GET path` and `GET path/{idset}`: Brightpearl makes the id set optional there."""
    by_ids = [_path_param("idset", idset=True), *params]
    return {
        path: {"get": _op(summary, schema, *errors, params=list(params))},
        f"{path}/{{idset}}": {"get": _op(summary, schema, 400, *errors, params=by_ids)},
    }


def contact_service() -> dict:
    new_contact = obj(
        ["lastName"],
        firstName=STR,
        lastName={"type": "string", "minLength": 1},
        organisation=obj(name=STR),
    )
    rename = obj(
        ["op", "path", "value"],
        op={"type": "string", "enum": ["replace"]},
        path={"type": "string", "enum": ["/firstName", "/lastName"]},
        value=STR,
    )
    address_book = ok({"type": "array", "items": ref("Address")})
    contacts = ref("Contacts")
    contact_paths = _optional_idset("/contact-service/contact", "Contacts", contacts, 404)
    contact_paths["/contact-service/contact"].update(_create("Create a contact", new_contact))
    contact_paths["/contact-service/contact/{idset}"]["patch"] = _op(
        "Change a contact",
        ok(ref("Contact")),
        400,
        404,
        500,
        params=[_path_param("idset")],
        body={"type": "array", "minItems": 1, "items": rename},
    )
    return {
        **contact_paths,
        "/contact-service/contact/{id}/custom-field": _custom_fields(),
        "/contact-service/contact/{id}/postal-address": {
            "get": _op("Address book", address_book, 404, params=[_path_param("id")])
        },
        "/contact-service/postal-address": _create("Create an address", _ADDRESS),
        "/contact-service/postal-address/{idset}": _by_idset("Addresses", "Address"),
    }


def order_service() -> dict:
    oid = _path_param("id")
    include = _query("includeOptional", {"type": "string", "enum": ["customFields"]})
    new_note = obj(["text"], text={"type": "string", "minLength": 1}, isPublic=BOOL,
                   addedBy={"type": "integer", "minimum": 1, "maximum": 10})
    order_fields = {
        "customer": obj(["id"], id={"type": "integer", "minimum": 1}),
        "ref": STR,
        "externalRef": STR,
        "rows": {"type": "array", "maxItems": 5, "items": _ROW},
    }
    new_order = obj(["customer", "rows"], **order_fields)
    new_credit = obj(["customer", "rows"], **order_fields, parentId=INT)
    new_status = obj(["orderStatusId"], orderStatusId=INT, orderNote=new_note)
    # If-Match (an extension): the order's version the caller read; another one is a 412.
    if_match = {"name": "If-Match", "in": "header", "required": False,
                "schema": {"type": "string", "pattern": "^[0-9]{1,3}$"}}
    by_idset = [_path_param("idset", idset=True), include]
    notes = _list_of("Note")
    return {
        "/order-service/order/{idset}": {
            "get": _op("Orders", _list_of("Order"), 400, params=by_idset),
            "patch": _op("Change an order's reference or delivery date", ok(ref("Order")), 400,
                         404, 500, params=[_path_param("idset")], body=_ORDER_PATCH),
        },
        "/order-service/sales-order/{idset}": _by_idset("Sales orders", "SalesOrder"),
        **_optional_idset("/order-service/order-status", "Order statuses", _list_of("OrderStatus")),
        "/order-service/sales-order": _create("Create a sales order", new_order),
        "/order-service/sales-credit": _create("Create a sales credit", new_credit),
        "/order-service/order/{id}/status": {
            "put": _op("Change status", ref("Updated"), 400, 404, 412, params=[oid, if_match],
                       body=new_status)
        },
        "/order-service/order/{id}/note": {
            "get": _op("Notes", notes, 404, params=[oid]),
            "post": _op("Add a note", ref("Created"), 400, 404, params=[oid], body=new_note),
        },
        "/order-service/order/{id}/note/{idset}": {
            "get": _op("Notes", notes, 400, 404, params=[oid, _path_param("idset", idset=True)])
        },
        "/order-service/order/{id}/custom-field": _custom_fields(),
    }


def product_service() -> dict:
    products = _path_param("products", idset=True)
    lists = _path_param("lists", idset=True)
    prices = _list_of("ProductPrice")
    return {
        "/product-service/product/{idset}": _by_idset("Products", "Product"),
        **_optional_idset("/product-service/price-list", "Price lists", _list_of("PriceList")),
        "/product-service/product-price/{products}": {
            "get": _op("Prices in every list", prices, 400, 404, params=[products])
        },
        "/product-service/product-price/{products}/price-list/{lists}": {
            "get": _op("Prices", prices, 400, 404, params=[products, lists])
        },
    }


def accounting_service() -> dict:
    rate = obj(
        ["currencyId", "rate"],
        currencyId=INT,
        rateActiveFrom=STR,
        rate={"type": "number"},
        addedById=INT,
    )
    code = {
        "name": "code",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "enum": ["GBP", "EUR", "USD"]},
    }
    required = [
        "paymentMethodCode",
        "paymentType",
        "orderId",
        "currencyIsoCode",
        "amountPaid",
        "paymentDate",
    ]
    payment = obj(
        required,
        transactionRef=STR,
        paymentMethodCode=STR,
        paymentType={"type": "string", "enum": ["RECEIPT", "PAYMENT"]},
        orderId=INT,
        currencyIsoCode=STR,
        amountPaid=MONEY,
        paymentDate={"type": "string", "format": "date"},
    )
    balance = ok({**MONEY, "nullable": True})
    return {
        "/accounting-service/exchange-rate": {
            "get": _op("Exchange rates", ok({"type": "array", "items": rate}))
        },
        "/accounting-service/contact/{id}/currency/{code}/balance": {
            "get": _op("Balance", balance, params=[_path_param("id"), code])
        },
        "/accounting-service/customer-payment": _create("Record a payment", payment),
        **_optional_idset("/accounting-service/tax-code", "Tax codes", _list_of("TaxCode"), 404),
    }


def warehouse_service() -> dict:
    notes = ok({"type": "object", "additionalProperties": ref("GoodsNote")})
    orders = _path_param("idset", idset=True)
    new_note = obj(
        ["warehouses"],
        warehouses={
            "type": "array",
            "minItems": 1,
            "items": obj(["warehouseId"], warehouseId={"type": "integer", "enum": [1]}),
        },
        shippingMethodId=INT,
    )
    shipping = obj(reference=STR, boxes={"type": "integer", "minimum": 0})
    events = obj(
        ["events"],
        events={
            "type": "array",
            "items": obj(
                ["eventCode"], eventCode={"type": "string", "enum": ["PRI", "PIC", "PAC", "SHW"]}
            ),
        },
    )
    note_id = _path_param("id")
    return {
        "/warehouse-service/order/{idset}/goods-note/goods-out": {
            "get": _op("Goods-out notes", notes, 400, params=[orders]),
            "post": _op(
                "Create goods-out notes",
                ok({"type": "array", "items": INT}),
                400,
                404,
                params=[_path_param("idset")],
                body=new_note,
            ),
        },
        "/warehouse-service/order/{idset}/goods-note/goods-out/{notes}": {
            "get": _op(
                "Goods-out notes", notes, 400, params=[orders, _path_param("notes", idset=True)]
            )
        },
        "/warehouse-service/goods-note/goods-out/{id}": {
            "put": _op("Shipping data", ref("Updated"), 400, 404, params=[note_id], body=shipping)
        },
        "/warehouse-service/goods-note/goods-out/{id}/event": {
            "post": _op("Events", ref("Updated"), 400, 404, params=[note_id], body=events)
        },
    }


def crm_service() -> dict:
    new_task = obj(
        ["assignedToContactId", "subject"],
        assignedToContactId=INT,
        subject={"type": "string", "minLength": 1},
        orderId=INT,
        reference={"type": "string", "minLength": 1, "maxLength": 64},
    )
    return {"/crm-service/task": _create("Create a task (extension)", new_task)}


def integration_service() -> dict:
    new_webhook = obj(
        ["subscribeTo", "uriTemplate"],
        subscribeTo={"type": "string", "enum": ["order", "order.modified", "contact",
                                                "goods-out-note.created"]},
        httpMethod={"type": "string", "enum": ["GET", "POST", "PUT", "DELETE"]},
        uriTemplate={"type": "string", "enum": ["http://127.0.0.1:9/hook/${resource-id}"]},
        bodyTemplate=STR,
        contentType=STR,
        idSetAccepted=BOOL,
        qualityOfService={"type": "integer", "enum": [0, 1]},
    )
    idset = [_path_param("idset", idset=True)]
    return {
        "/integration-service/webhook": {
            **_create("Subscribe to a resource event", new_webhook),
            "get": _op("Every webhook", _list_of("Webhook")),
        },
        "/integration-service/webhook/{idset}": {
            "get": _op("Webhooks", _list_of("Webhook"), 400, 404, params=idset),
            "delete": _op("Unsubscribe (one id)", ref("Updated"), 404, params=idset),
        },
    }
