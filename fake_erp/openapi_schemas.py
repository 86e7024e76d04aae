"""Component schemas of the OpenAPI document and the helpers that build them."""

STR, INT, BOOL = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2,4}$"}
_NULL_STR = {"type": "string", "nullable": True}
_NULL_INT = {"type": "integer", "nullable": True}
IDSET_PATTERN = r"^[0-9]{1,6}(-[0-9]{1,6})?(,[0-9]{1,6}(-[0-9]{1,6})?){0,3}$"
MONEY2 = {"type": "string", "pattern": r"^-?\d+\.\d{2}$"}  # totals: two decimals
RATE = {"type": "string", "pattern": r"^\d+\.\d{6}$"}  # exchange rates: six decimals
NUMBER = {"type": "number"}


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


_COLUMN = obj(
    ["name", "sortable", "filterable", "reportDataType", "referenceData"],
    name=STR,
    sortable=BOOL,
    filterable=BOOL,
    reportDataType={
        "type": "string",
        "enum": ["IDSET", "INTEGER", "STRING", "SEARCH_STRING", "PERIOD", "BOOLEAN"],
    },
    referenceData={"type": "array", "items": STR},
)
_PARTY = obj(
    ["contactId", "addressFullName", "countryId"],
    contactId=INT,
    addressFullName=STR,
    companyName=STR,
    addressLine1=STR,
    postalCode=STR,
    country=STR,
    countryId=INT,
    countryIsoCode={"type": "string", "pattern": "^[A-Z]{2}$"},
    countryIsoCode3={"type": "string", "pattern": "^[A-Z]{3}$"},
    email=STR,
)

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
    "Webhook": obj(
        ["id", "subscribeTo", "httpMethod", "uriTemplate", "idSetAccepted",
         "qualityOfService"],
        id=INT, subscribeTo=STR, httpMethod=STR, uriTemplate=STR, bodyTemplate=STR,
        contentType=STR, idSetAccepted=BOOL, qualityOfService=INT,
    ),
    "Updated": {"type": "object", "maxProperties": 0},
    "Search": obj(
        ["response", "reference"],
        reference={"type": "object"},
        response=obj(
            ["metaData", "results"],
            metaData=obj(
                ["morePagesAvailable", "resultsAvailable", "resultsReturned", "columns", "sorting"],
                morePagesAvailable=BOOL,
                resultsAvailable=INT,
                resultsReturned=INT,
                firstResult=INT,
                lastResult=INT,
                columns={"type": "array", "items": _COLUMN},
                sorting={
                    "type": "array",
                    "items": obj(
                        ["filterable", "direction"],
                        filterable=_COLUMN,
                        direction={"type": "string", "enum": ["ASC", "DESC"]},
                    ),
                },
            ),
            results={"type": "array", "items": {"type": "array"}},
        ),
    ),
    "Contact": obj(
        ["contactId", "relationshipToAccount", "financialDetails", "postAddressIds"],
        contactId=INT,
        firstName=STR,
        lastName=STR,
        organisation=obj(organisationId=INT, name=STR),
        communication={"type": "object"},
        postAddressIds=obj(DEF=INT, BIL=INT, DEL=INT),
        relationshipToAccount=obj(["isSupplier", "isStaff"], isSupplier=BOOL, isStaff=BOOL),
        financialDetails=obj(
            ["nominalCode", "creditLimit", "creditTermDays", "currencyId", "discountPercentage"],
            priceListId=INT,
            nominalCode=STR,
            creditLimit=NUMBER,
            creditTermDays=INT,
            currencyId=INT,
            discountPercentage=NUMBER,
            creditTermTypeId=INT,
            taxCodeId=INT,
        ),
        assignment=obj(current=obj(staffOwnerContactId=INT)),
    ),
    "Contacts": obj(
        ["response", "pagination", "sorting"],
        response={"type": "array", "items": {"$ref": "#/components/schemas/Contact"}},
        pagination=obj(
            ["morePagesAvailable", "resultsReturned", "firstResult", "lastResult"],
            morePagesAvailable=BOOL,
            resultsReturned=INT,
            firstResult=INT,
            lastResult=INT,
        ),
        sorting={"type": "array"},
    ),
    "Address": obj(
        ["addressId", "addressLine1", "countryIsoCode", "countryIsoCode2", "countryId"],
        addressId=INT,
        contactId=INT,
        addressLine1=STR,
        addressLine2=STR,
        addressLine3=STR,
        addressLine4=STR,
        postalCode=STR,
        countryIsoCode={"type": "string", "pattern": "^[A-Z]{3}$"},
        countryIsoCode2={"type": "string", "pattern": "^[A-Z]{2}$"},
        countryId=INT,
        types={"type": "array", "items": {"type": "string", "enum": ["DEF", "BIL", "DEL"]}},
    ),
    "Order": obj(
        [
            "id",
            "orderTypeCode",
            "orderStatus",
            "totalValue",
            "orderRows",
            "parties",
            "invoices",
            "currency",
            "version",
            "warehouseId",
        ],
        id=INT,
        parentOrderId=INT,
        orderTypeCode={"type": "string", "enum": ["SO", "SC", "PO", "PC"]},
        reference=STR,
        externalRef=STR,
        version=INT,
        orderStatus=obj(["orderStatusId", "name"], orderStatusId=INT, name=STR),
        orderPaymentStatus={
            "type": "string",
            "enum": ["UNPAID", "PARTIALLY_PAID", "PAID", "NOT_APPLICABLE"],
        },
        shippingStatusCode={"type": "string", "enum": ["NST", "SNS", "SPS", "ASS"]},
        priceListId=INT,
        currency=obj(
            ["orderCurrencyCode", "exchangeRate"],
            accountingCurrencyCode=STR,
            orderCurrencyCode=STR,
            exchangeRate=RATE,
            fixedExchangeRate=BOOL,
        ),
        totalValue=obj(
            ["net", "taxAmount", "total"],
            net=MONEY2,
            taxAmount=MONEY2,
            baseNet=MONEY2,
            baseTaxAmount=MONEY2,
            baseTotal=MONEY2,
            total=MONEY2,
        ),
        delivery=obj(["shippingMethodId"], deliveryDate=STR, shippingMethodId=INT),
        invoices={
            "type": "array",
            "minItems": 1,
            "items": obj(["invoiceReference"], invoiceReference=STR, taxDate=STR, dueDate=STR),
        },
        parties=obj(
            ["delivery", "billing"],
            customer=_PARTY,
            supplier=_PARTY,
            delivery={"type": "object"},
            billing=_PARTY,
        ),
        orderRows={
            "type": "object",
            "additionalProperties": obj(
                ["productId", "quantity", "rowValue", "orderRowSequence"],
                orderRowSequence=STR,
                productId=INT,
                productName=STR,
                productSku=STR,
                quantity=obj(magnitude=MONEY),
                productPrice=obj(currencyCode=STR, value=MONEY),
                rowValue=obj(
                    ["rowNet", "rowTax"],
                    taxRate=MONEY,
                    taxCode=STR,
                    rowNet=obj(value=MONEY),
                    rowTax=obj(value=MONEY),
                ),
            ),
        },
        customFields={"type": "object"},
    ),
    "SalesOrder": obj(
        ["id", "customer", "rows", "total", "currency", "statusId"],
        id=INT,
        customerId=INT,
        customer=obj(["id"], id=INT, address={"type": "object"}),
        ref=STR,
        statusId=INT,
        currency=obj(code=STR, exchangeRate=RATE),
        rows={
            "type": "array",
            "items": obj(
                ["productId", "quantity", "net", "tax"],
                productId=INT,
                quantity=MONEY,
                net=MONEY,
                tax=MONEY,
            ),
        },
        total=obj(["net", "tax", "gross"], net=MONEY2, tax=MONEY2, gross=MONEY2),
    ),
    "Product": obj(
        ["id", "identity", "salesChannels", "status", "financialDetails"],
        id=INT,
        identity=obj(sku=STR),
        financialDetails=obj(
            ["taxable", "taxCode"],
            taxable=BOOL,
            taxCode=obj(["id", "code"], id=INT, code=STR),
        ),
        salesChannels={"type": "array"},
        status=STR,
    ),
    "PriceList": obj(
        ["id", "code", "currencyCode", "currencyId", "priceListTypeCode"],
        id=INT,
        code=STR,
        name=obj(text=STR),
        currencyCode=STR,
        currencySymbol=STR,
        currencyId=INT,
        priceListTypeCode={"type": "string", "enum": ["SELL", "BUY"]},
        gross=BOOL,
    ),
    "ProductPrice": obj(
        ["productId", "priceLists"],
        productId=INT,
        priceLists={
            "type": "array",
            "items": obj(
                ["priceListId", "currencyCode", "currencyId", "quantityPrice"],
                priceListId=INT,
                currencyCode=STR,
                currencyId=INT,
                quantityPrice={"type": "object", "additionalProperties": MONEY},
            ),
        },
    ),
    "TaxCode": obj(
        ["id", "code", "description"],
        id=INT,
        code=STR,
        description=STR,
        rate={"type": "number", "exclusiveMinimum": True, "minimum": 0},
    ),
    "OrderStatus": obj(
        ["statusId", "name", "orderTypeCode", "state"],
        statusId=INT,
        name=STR,
        orderTypeCode=STR,
        state={"type": "string", "enum": ["draft", "open", "closed", "cancelled"]},
    ),
    "Note": obj(
        ["noteId", "text", "isPublic", "contactId"],
        noteId=INT,
        contactId=INT,
        text=STR,
        isPublic=BOOL,
        addedOn=STR,
        addedBy=INT,
        orderStatusId=INT,
    ),
    "GoodsNote": obj(
        ["orderId", "status", "shipping", "orderRows", "events", "sequence", "lastEventVersion"],
        orderId=INT,
        warehouseId=INT,
        status=obj(
            ["shipped", "packed", "picked", "printed"],
            shipped=BOOL,
            packed=BOOL,
            picked=BOOL,
            printed=BOOL,
            shippedOn=STR,
        ),
        shipping=obj(
            ["reference", "shippingMethodId"],
            reference=STR,
            shippingMethodId=INT,
            boxes=INT,
            weight=STR,
        ),
        orderRows={"type": "object", "additionalProperties": {"type": "array"}},
        sequence=INT,
        events={
            "type": "array",
            "items": obj(["occured", "eventCode"], occured=STR, eventOwnerId=INT, eventCode=STR),
        },
        lastEventVersion=INT,
    ),
}
