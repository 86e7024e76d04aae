"""Component schemas of the OpenAPI document and the helpers that build them."""

STR, INT, BOOL = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2,4}$"}
_NULL_STR = {"type": "string", "nullable": True}
_NULL_INT = {"type": "integer", "nullable": True}
IDSET_PATTERN = r"^[0-9]{1,6}(-[0-9]{1,6})?(,[0-9]{1,6}(-[0-9]{1,6})?){0,3}$"


def obj(required: list[str] | None = None, **props) -> dict:
    schema = {"type": "object", "properties": props}
    if required:
        schema["required"] = required
    return schema


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def ok(schema: dict) -> dict:
    """Brightpearl wraps every successful answer as {"response": ...}."""
    return obj(["response"], response=schema)


SCHEMAS = {
    "Error": obj(
        ["errors"],
        errors={
            "type": "array",
            "minItems": 1,
            "items": obj(
                ["code", "message"],
                code={"type": "string", "pattern": r"^[A-Z]{4}-\d{3}$"},
                message=STR,
            ),
        },
    ),
    "Message": obj(["response"], response=STR),
    "Created": ok({"type": "integer", "minimum": 1}),
    "Updated": {"type": "object", "maxProperties": 0},
    "Search": obj(
        ["response", "reference"],
        reference={"type": "object"},
        response=obj(
            ["metaData", "results"],
            metaData=obj(
                [
                    "morePagesAvailable",
                    "resultsAvailable",
                    "resultsReturned",
                    "firstResult",
                    "lastResult",
                    "columns",
                ],
                morePagesAvailable=BOOL,
                resultsAvailable=INT,
                resultsReturned=INT,
                firstResult=INT,
                lastResult=INT,
                columns={
                    "type": "array",
                    "items": obj(
                        ["name", "reportDataType"],
                        name=STR,
                        sortable=BOOL,
                        filterable=BOOL,
                        reportDataType=STR,
                    ),
                },
            ),
            results={"type": "array", "items": {"type": "array"}},
        ),
    ),
    "Contact": obj(
        ["contactId", "relationshipToAccount", "financialDetails"],
        contactId=INT,
        firstName=STR,
        lastName=STR,
        organisation=obj(name=STR),
        communication={"type": "object"},
        postAddressIds={"type": "object"},
        relationshipToAccount=obj(["isSupplier", "isStaff"], isSupplier=BOOL, isStaff=BOOL),
        financialDetails=obj(
            priceListId=_NULL_INT, creditLimit=MONEY, creditTermDays=INT, currencyId=INT
        ),
        assignment=obj(current=obj(staffOwnerContactId=_NULL_INT)),
    ),
    "Address": obj(
        ["postalAddressId", "addressLine1"],
        postalAddressId=INT,
        addressLine1=STR,
        addressLine2=STR,
        addressLine3=STR,
        addressLine4=STR,
        postalCode=STR,
        countryIsoCode=STR,
    ),
    "Order": obj(
        ["id", "orderTypeCode", "orderStatus", "totalValue", "orderRows", "parties", "invoices"],
        id=INT,
        orderTypeCode={"type": "string", "enum": ["SO", "SC", "PO", "PC"]},
        reference=STR,
        externalRef=_NULL_STR,
        orderStatus=obj(["orderStatusId", "name"], orderStatusId=INT, name=STR),
        orderPaymentStatus={
            "type": "string",
            "enum": ["UNPAID", "PARTIALLY_PAID", "PAID", "NOT_APPLICABLE"],
        },
        priceListId=_NULL_INT,
        currency=obj(orderCurrencyCode=STR, exchangeRate=MONEY),
        totalValue=obj(["net", "taxAmount", "total"], net=MONEY, taxAmount=MONEY, total=MONEY),
        delivery=obj(deliveryDate=_NULL_STR, shippingMethodId=_NULL_INT),
        invoices={
            "type": "array",
            "items": obj(invoiceReference=STR, taxDate=STR, dueDate=STR),
        },
        parties={"type": "object"},
        orderRows={
            "type": "object",
            "additionalProperties": obj(
                ["productId", "quantity"],
                productId=INT,
                productName=STR,
                productSku=STR,
                quantity=obj(magnitude=STR),
                productPrice=obj(value=MONEY),
            ),
        },
        customFields={"type": "object"},
    ),
    "Product": obj(
        ["id", "identity", "salesChannels", "status"],
        id=INT,
        identity=obj(sku=STR),
        salesChannels={"type": "array"},
        status=STR,
    ),
    "PriceList": obj(
        ["id", "code", "currencyCode", "priceListTypeCode"],
        id=INT,
        code=STR,
        name=obj(text=STR),
        currencyCode=STR,
        priceListTypeCode={"type": "string", "enum": ["SELL", "BUY"]},
    ),
    "ProductPrice": obj(
        ["productId", "priceLists"],
        productId=INT,
        priceLists={
            "type": "array",
            "items": obj(
                ["priceListId", "quantityPrice"],
                priceListId=INT,
                currencyCode=STR,
                quantityPrice={"type": "object", "additionalProperties": MONEY},
            ),
        },
    ),
    "OrderStatus": obj(
        ["statusId", "name", "orderTypeCode", "state"],
        statusId=INT,
        name=STR,
        orderTypeCode=STR,
        state=STR,
    ),
    "Note": obj(
        ["noteId", "text", "isPublic"],
        noteId=INT,
        text=STR,
        isPublic=BOOL,
        addedOn=STR,
        addedBy=_NULL_INT,
    ),
    "GoodsNote": obj(
        ["orderId", "status", "shipping"],
        orderId=INT,
        status=obj(shipped=BOOL, shippedOn=_NULL_STR),
        shipping=obj(reference=STR, shippingMethodId=_NULL_INT),
        orderRows={"type": "object"},
    ),
}
