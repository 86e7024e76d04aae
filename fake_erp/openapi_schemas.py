"""Component schemas of the OpenAPI document and the helpers that build them."""

_STR, _INT, _BOOL = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
_MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2,4}$"}
_NULL_STR = {"type": "string", "nullable": True}
_NULL_INT = {"type": "integer", "nullable": True}
IDSET_PATTERN = r"^[0-9]{1,6}(-[0-9]{1,6})?(,[0-9]{1,6}(-[0-9]{1,6})?){0,3}$"


def _obj(required: list[str] | None = None, **props) -> dict:
    schema = {"type": "object", "properties": props}
    if required:
        schema["required"] = required
    return schema


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _ok(schema: dict) -> dict:
    return _obj(["response"], response=schema)


SCHEMAS = {
    "Error": _obj(
        ["errors"],
        errors={
            "type": "array",
            "minItems": 1,
            "items": _obj(
                ["code", "message"],
                code={"type": "string", "pattern": r"^[A-Z]{4}-\d{3}$"},
                message=_STR,
            ),
        },
    ),
    "Message": _obj(["response"], response=_STR),
    "Created": _ok({"type": "integer", "minimum": 1}),
    "Updated": {"type": "object", "maxProperties": 0},
    "Search": _obj(
        ["response", "reference"],
        reference={"type": "object"},
        response=_obj(
            ["metaData", "results"],
            metaData=_obj(
                [
                    "morePagesAvailable",
                    "resultsAvailable",
                    "resultsReturned",
                    "firstResult",
                    "lastResult",
                    "columns",
                ],
                morePagesAvailable=_BOOL,
                resultsAvailable=_INT,
                resultsReturned=_INT,
                firstResult=_INT,
                lastResult=_INT,
                columns={
                    "type": "array",
                    "items": _obj(
                        ["name", "reportDataType"],
                        name=_STR,
                        sortable=_BOOL,
                        filterable=_BOOL,
                        reportDataType=_STR,
                    ),
                },
            ),
            results={"type": "array", "items": {"type": "array"}},
        ),
    ),
    "Contact": _obj(
        ["contactId", "relationshipToAccount", "financialDetails"],
        contactId=_INT,
        firstName=_STR,
        lastName=_STR,
        organisation=_obj(name=_STR),
        communication={"type": "object"},
        postAddressIds={"type": "object"},
        relationshipToAccount=_obj(["isSupplier", "isStaff"], isSupplier=_BOOL, isStaff=_BOOL),
        financialDetails=_obj(
            priceListId=_NULL_INT, creditLimit=_MONEY, creditTermDays=_INT, currencyId=_INT
        ),
        assignment=_obj(current=_obj(staffOwnerContactId=_NULL_INT)),
    ),
    "Address": _obj(
        ["postalAddressId", "addressLine1"],
        postalAddressId=_INT,
        addressLine1=_STR,
        addressLine2=_STR,
        addressLine3=_STR,
        addressLine4=_STR,
        postalCode=_STR,
        countryIsoCode=_STR,
    ),
    "Order": _obj(
        ["id", "orderTypeCode", "orderStatus", "totalValue", "orderRows", "parties", "invoices"],
        id=_INT,
        orderTypeCode={"type": "string", "enum": ["SO", "SC", "PO", "PC"]},
        reference=_STR,
        externalRef=_NULL_STR,
        orderStatus=_obj(["orderStatusId", "name"], orderStatusId=_INT, name=_STR),
        orderPaymentStatus={
            "type": "string",
            "enum": ["UNPAID", "PARTIALLY_PAID", "PAID", "NOT_APPLICABLE"],
        },
        priceListId=_NULL_INT,
        currency=_obj(orderCurrencyCode=_STR, exchangeRate=_MONEY),
        totalValue=_obj(["net", "taxAmount", "total"], net=_MONEY, taxAmount=_MONEY, total=_MONEY),
        delivery=_obj(deliveryDate=_NULL_STR, shippingMethodId=_NULL_INT),
        invoices={
            "type": "array",
            "items": _obj(invoiceReference=_STR, taxDate=_STR, dueDate=_STR),
        },
        parties={"type": "object"},
        orderRows={
            "type": "object",
            "additionalProperties": _obj(
                ["productId", "quantity"],
                productId=_INT,
                productName=_STR,
                productSku=_STR,
                quantity=_obj(magnitude=_STR),
                productPrice=_obj(value=_MONEY),
            ),
        },
        customFields={"type": "object"},
    ),
    "Product": _obj(
        ["id", "identity", "salesChannels", "status"],
        id=_INT,
        identity=_obj(sku=_STR),
        salesChannels={"type": "array"},
        status=_STR,
    ),
    "PriceList": _obj(
        ["id", "code", "currencyCode", "priceListTypeCode"],
        id=_INT,
        code=_STR,
        name=_obj(text=_STR),
        currencyCode=_STR,
        priceListTypeCode={"type": "string", "enum": ["SELL", "BUY"]},
    ),
    "ProductPrice": _obj(
        ["productId", "priceLists"],
        productId=_INT,
        priceLists={
            "type": "array",
            "items": _obj(
                ["priceListId", "quantityPrice"],
                priceListId=_INT,
                currencyCode=_STR,
                quantityPrice={"type": "object", "additionalProperties": _MONEY},
            ),
        },
    ),
    "OrderStatus": _obj(
        ["statusId", "name", "orderTypeCode", "state"],
        statusId=_INT,
        name=_STR,
        orderTypeCode=_STR,
        state=_STR,
    ),
    "Note": _obj(
        ["noteId", "text", "isPublic"],
        noteId=_INT,
        text=_STR,
        isPublic=_BOOL,
        addedOn=_STR,
        addedBy=_NULL_INT,
    ),
    "GoodsNote": _obj(
        ["orderId", "status", "shipping"],
        orderId=_INT,
        status=_obj(shipped=_BOOL, shippedOn=_NULL_STR),
        shipping=_obj(reference=_STR, shippingMethodId=_NULL_INT),
        orderRows={"type": "object"},
    ),
}
