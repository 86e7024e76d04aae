"""Contract tests written from ../shared/brightpearl-reference.md and the recorded answers it
cites, never from the fake's own output: each field list below is Brightpearl's. A fake that
drifts from them fails here. What the fake leaves out is listed with its reason
(docs/erp-contract.md has the same list); anything else it sends must be a documented extension.
"""

from __future__ import annotations

import pytest

from tests.fixtures_erp import DEMO_CUSTOMER_ID, DEMO_ORDER_BY_STATUS, DEMO_PURCHASE_ORDER_IDS

SHIPPED_ORDER = DEMO_ORDER_BY_STATUS["Shipped and invoiced"]

# Reference §5.1, recorded contact GET (customer/get/simple_get.yml).
CONTACT = {
    "contactId",
    "isPrimaryContact",
    "salutation",
    "firstName",
    "lastName",
    "postAddressIds",
    "communication",
    "contactStatus",
    "relationshipToAccount",
    "marketingDetails",
    "financialDetails",
    "assignment",
    "organisation",
    "tradeStatus",
    "createdByid",
    "createdOn",
    "updatedOn",
    "contactTags",
    "aliases",
    "companyId",
}
FINANCIAL_DETAILS = {
    "priceListId",
    "nominalCode",
    "creditLimit",
    "creditTermDays",
    "currencyId",
    "discountPercentage",
    "creditTermTypeId",
    "taxCodeId",
}
PAGINATION = {"morePagesAvailable", "resultsReturned", "firstResult", "lastResult"}
# §5.2 postal-address GET.
POSTAL_ADDRESS = {
    "addressId",
    "contactId",
    "addressLine1",
    "addressLine2",
    "addressLine3",
    "addressLine4",
    "postalCode",
    "countryIsoCode",
    "countryIsoCode2",
    "countryId",
}
# §5.3, recorded order GET (order_get_one.yml).
ORDER = {
    "id",
    "parentOrderId",
    "orderTypeCode",
    "reference",
    "version",
    "state",
    "orderStatus",
    "tax",
    "orderPaymentStatus",
    "stockStatusCode",
    "allocationStatusCode",
    "shippingStatusCode",
    "placedOn",
    "createdOn",
    "updatedOn",
    "closedOn",
    "createdById",
    "priceListId",
    "priceModeCode",
    "delivery",
    "invoices",
    "currency",
    "totalValue",
    "assignment",
    "parties",
    "orderRows",
    "warehouseId",
    "acknowledged",
    "costPriceListId",
    "historicalOrder",
    "originalInvoiceDate",
    "orderWeighting",
}
ORDER_LEFT_OUT = {"state", "tax", "originalInvoiceDate"}  # no tax engine, no re-invoicing
ORDER_EXTENSIONS = {"externalRef", "customFields"}  # erp-api.md; present when set or asked for
ORDER_CURRENCY = {
    "accountingCurrencyCode",
    "orderCurrencyCode",
    "exchangeRate",
    "fixedExchangeRate",
}
TOTAL_VALUE = {"net", "taxAmount", "baseNet", "baseTaxAmount", "baseTotal", "total"}
ASSIGNMENT = {"staffOwnerContactId", "projectId", "channelId", "leadSourceId", "teamId"}
PARTY = {
    "contactId",
    "addressFullName",
    "companyName",
    "addressLine1",
    "addressLine2",
    "addressLine3",
    "addressLine4",
    "postalCode",
    "country",
    "telephone",
    "mobileTelephone",
    "fax",
    "email",
    "countryId",
    "countryIsoCode",
    "countryIsoCode3",
}
ORDER_ROW = {
    "orderRowSequence",
    "productId",
    "productName",
    "productSku",
    "quantity",
    "itemCost",
    "productPrice",
    "discountPercentage",
    "rowValue",
    "nominalCode",
    "composition",
    "clonedFromId",
}
ROW_VALUE = {"taxRate", "taxCode", "taxCalculator", "rowNet", "rowTax", "taxClassId"}
ROW_VALUE_LEFT_OUT = {"taxClassId"}  # the fake has no tax classes
# §5.3 order-status GET (order_status_get.yml).
ORDER_STATUS = {
    "statusId",
    "name",
    "orderTypeCode",
    "sortOrder",
    "disabled",
    "visible",
    "color",
    "remindAfterDays",
    "alertEmails",
    "emailContent",
    "batchProcess",
    "state",
}
# §5.3 order notes.
NOTE = {"noteId", "contactId", "text", "isPublic", "addedOn", "addedBy", "orderStatusId"}
# §5.8, recorded goods-out GET (goods_out_note/get/all_for_order.yml).
GOODS_OUT = {
    "orderId",
    "warehouseId",
    "transfer",
    "priority",
    "status",
    "shipping",
    "releaseDate",
    "createdOn",
    "createdBy",
    "orderRows",
    "sequence",
    "events",
    "lastEventVersion",
}
SHIPPED_STATUS = {
    "shipped",
    "packed",
    "picked",
    "printed",
    "pickedOn",
    "packedOn",
    "shippedOn",
    "printedOn",
    "pickedById",
    "packedById",
    "shippedById",
    "printedById",
}
EVENT = {"occured", "eventOwnerId", "eventCode"}
# §5.5, recorded product GET (product_get_one.yml), price list and product price.
PRODUCT = {
    "id",
    "brandId",
    "productTypeId",
    "identity",
    "featured",
    "stock",
    "financialDetails",
    "salesChannels",
    "composition",
    "createdOn",
    "updatedOn",
    "warehouses",
    "nominalCodeStock",
    "nominalCodePurchases",
    "nominalCodeSales",
    "seasonIds",
    "reporting",
    "status",
    "salesPopupMessage",
    "warehousePopupMessage",
    "version",
}
PRICE_LIST = {
    "id",
    "name",
    "code",
    "currencyCode",
    "currencySymbol",
    "currencyId",
    "priceListTypeCode",
    "gross",
}
PRICE_IN_LIST = {"priceListId", "currencyCode", "currencyId", "quantityPrice"}
# §5.6 exchange-rate GET.
EXCHANGE_RATE = {"currencyId", "rateActiveFrom", "rate", "addedById"}

# §4: search columns in Brightpearl's order, with their recorded types.
SEARCH_COLUMNS = {
    "order-service/order-search": [
        ("orderId", "IDSET"),
        ("orderTypeId", "IDSET"),
        ("contactId", "INTEGER"),
        ("orderStatusId", "INTEGER"),
        ("orderStockStatusId", "INTEGER"),
        ("createdOn", "PERIOD"),
        ("createdById", "INTEGER"),
        ("customerRef", "STRING"),
        ("orderPaymentStatusId", "INTEGER"),
        ("updatedOn", "PERIOD"),
        ("parentOrderId", "IDSET"),
        ("orderShippingStatusId", "INTEGER"),
        ("externalRef", "STRING"),
        ("installedIntegrationInstanceId", "INTEGER"),
        ("warehouseId", "IDSET"),
        ("staffOwnerContactId", "INTEGER"),
        ("taxDate", "PERIOD"),
        ("departmentId", "INTEGER"),
        ("deliveryDate", "PERIOD"),
    ],
    "contact-service/contact-search": [
        ("contactId", "IDSET"),
        ("primaryEmail", "SEARCH_STRING"),
        ("secondaryEmail", "SEARCH_STRING"),
        ("tertiaryEmail", "SEARCH_STRING"),
        ("firstName", "SEARCH_STRING"),
        ("lastName", "SEARCH_STRING"),
        ("isSupplier", "BOOLEAN"),
        ("companyName", "SEARCH_STRING"),
        ("isStaff", "BOOLEAN"),
        ("isCustomer", "BOOLEAN"),
        ("createdOn", "PERIOD"),
        ("updatedOn", "PERIOD"),
        ("lastContactedOn", "PERIOD"),
        ("lastOrderedOn", "PERIOD"),
        ("nominalCode", "INTEGER"),
        ("isPrimary", "BOOLEAN"),
        ("pri", "STRING"),
        ("sec", "STRING"),
        ("mob", "STRING"),
        ("exactCompanyName", "STRING"),
        ("title", "STRING"),
    ],
    "product-service/product-search": [
        ("productId", "IDSET"),
        ("productName", "SEARCH_STRING"),
        ("SKU", "STRING"),
        ("barcode", "STRING"),
        ("EAN", "STRING"),
        ("UPC", "STRING"),
        ("ISBN", "STRING"),
        ("MPN", "STRING"),
        ("stockTracked", "BOOLEAN"),
        ("salesChannelName", "STRING"),
        ("createdOn", "PERIOD"),
        ("updatedOn", "PERIOD"),
        ("brightpearlCategoryCode", "IDSET"),
        ("productGroupId", "INTEGER"),
        ("brandId", "IDSET"),
        ("productTypeId", "IDSET"),
        ("productStatus", "STRING"),
        ("primarySupplierId", "IDSET"),
    ],
    "accounting-service/customer-payment-search": [
        ("paymentId", "IDSET"),
        ("transactionRef", "STRING"),
        ("transactionCode", "STRING"),
        ("paymentMethodCode", "STRING"),
        ("paymentType", "STRING"),
        ("orderId", "IDSET"),
        ("currencyId", "IDSET"),
        ("currencyCode", "STRING"),
        ("amountAuthorized", "STRING"),
        ("amountPaid", "STRING"),
        ("expires", "PERIOD"),
        ("paymentDate", "PERIOD"),
        ("createdOn", "PERIOD"),
        ("journalId", "IDSET"),
    ],
    "accounting-service/currency-search": [
        ("id", "IDSET"),
        ("title", "STRING"),
        ("code", "STRING"),
        ("symbol", "STRING"),
        ("exchangeRate", "STRING"),
        ("isDefault", "BOOLEAN"),
        ("exchangeRateVarianceNominalCode", "STRING"),
    ],
}
SALES_ORDER_SEARCH = [
    "salesOrderId",
    "customerId",
    "orderStatusId",
    "orderStockStatus",
    "createdOn",
    "createdById",
    "customerRef",
    "orderPaymentStatus",
    "updatedOn",
    "orderShippingStatus",
    "externalRef",
    "installedIntegrationInstanceId",
    "warehouseId",
    "staffOwnerId",
    "taxDate",
    "channelId",
    "deliveryDate",
]
BAD_PARAM_MESSAGE = "The filter orderStatusId=BAD PARAM cannot be parsed as: INTEGER"  # recorded
COLUMN_META = {
    "name",
    "sortable",
    "filterable",
    "reportDataType",
    "referenceData",
    "isFreeTextSearchable",
    "required",
}


def assert_fields(
    found: dict, expected: set, *, left_out: set = frozenset(), extensions: set = frozenset()
) -> None:
    """Every field of the reference but those left out on purpose, and nothing undocumented."""
    assert expected - left_out - set(found) == set(), "missing"
    assert set(found) - expected - extensions == set(), "not in the reference"


def _one(fake_erp, path: str):
    answer = fake_erp.get(path)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_contact_get_has_brightpearls_fields_and_pagination(fake_erp):
    answer = _one(fake_erp, f"/contact-service/contact/{DEMO_CUSTOMER_ID}")
    assert set(answer) == {"response", "pagination", "sorting"}
    assert set(answer["pagination"]) == PAGINATION
    assert answer["sorting"] == [{"field": "contactId", "direction": "ASC"}]
    contact = answer["response"][0]
    assert_fields(contact, CONTACT)
    assert_fields(contact["financialDetails"], FINANCIAL_DETAILS)
    assert set(contact["relationshipToAccount"]) == {"isSupplier", "isStaff"}  # no isCustomer
    assert isinstance(contact["financialDetails"]["creditLimit"], int | float)


def test_postal_address_get_has_addressid_and_both_iso_codes(fake_erp):
    contact = _one(fake_erp, f"/contact-service/contact/{DEMO_CUSTOMER_ID}")["response"][0]
    address = _one(fake_erp, f"/contact-service/postal-address/{contact['postAddressIds']['DEF']}")
    (found,) = address["response"]
    assert_fields(found, POSTAL_ADDRESS, left_out={"addressLine2", "addressLine4"})
    assert len(found["countryIsoCode"]) == 3 and len(found["countryIsoCode2"]) == 2


def test_order_get_has_brightpearls_fields_parties_and_rows(fake_erp):
    order = _one(fake_erp, f"/order-service/order/{SHIPPED_ORDER}")["response"][0]
    assert_fields(order, ORDER, left_out=ORDER_LEFT_OUT, extensions=ORDER_EXTENSIONS)
    assert_fields(order["currency"], ORDER_CURRENCY)
    assert_fields(order["totalValue"], TOTAL_VALUE)
    assert_fields(order["assignment"]["current"], ASSIGNMENT)
    assert set(order["parties"]) == {"customer", "delivery", "billing"}
    assert_fields(order["parties"]["customer"], PARTY)
    assert_fields(order["parties"]["billing"], PARTY)
    assert_fields(order["parties"]["delivery"], PARTY - {"contactId"})
    assert order["currency"]["exchangeRate"].count(".") == 1
    assert len(order["currency"]["exchangeRate"].split(".")[1]) == 6
    for row in order["orderRows"].values():
        assert_fields(row, ORDER_ROW)
        assert_fields(row["rowValue"], ROW_VALUE, left_out=ROW_VALUE_LEFT_OUT)
        assert row["quantity"]["magnitude"].endswith(".0000")


def test_purchase_order_names_its_supplier(fake_erp):
    order = _one(fake_erp, f"/order-service/order/{DEMO_PURCHASE_ORDER_IDS[0]}")["response"][0]
    assert set(order["parties"]) == {"supplier", "delivery", "billing"}


def test_order_status_and_notes_have_brightpearls_fields(fake_erp):
    statuses = _one(fake_erp, "/order-service/order-status")["response"]
    assert all(set(s) == ORDER_STATUS for s in statuses)
    one = _one(fake_erp, "/order-service/order-status/1")["response"]
    assert [s["statusId"] for s in one] == [1] and one[0]["state"] == "draft"
    order_id = fake_erp.create_sales_order()
    fake_erp.post(f"/order-service/order/{order_id}/note", {"text": "hello", "isPublic": True})
    (note,) = _one(fake_erp, f"/order-service/order/{order_id}/note")["response"]
    assert set(note) == NOTE


def test_goods_out_note_has_status_events_and_rows_as_lists(fake_erp):
    notes = _one(fake_erp, f"/warehouse-service/order/{SHIPPED_ORDER}/goods-note/goods-out")
    (note,) = notes["response"].values()
    assert_fields(note, GOODS_OUT)
    assert set(note["status"]) == SHIPPED_STATUS
    assert {"reference", "shippingMethodId"} <= set(note["shipping"])
    assert all(set(event) == EVENT for event in note["events"])
    assert [e["eventCode"] for e in note["events"]][0] == "PLA"
    for lines in note["orderRows"].values():
        assert [set(line) for line in lines] == [{"productId", "quantity", "locationId"}]


def test_product_price_list_and_prices_have_brightpearls_fields(fake_erp):
    product = _one(fake_erp, "/product-service/product/1")["response"][0]
    assert_fields(product, PRODUCT)
    assert all(
        set(pl) == PRICE_LIST for pl in _one(fake_erp, "/product-service/price-list")["response"]
    )
    every_list = _one(fake_erp, "/product-service/product-price/1")["response"][0]
    assert set(every_list) == {"productId", "priceLists"}
    lists = [pl["priceListId"] for pl in every_list["priceLists"]]
    assert lists == [pl["id"] for pl in _one(fake_erp, "/product-service/price-list")["response"]]
    assert all(set(pl) == PRICE_IN_LIST for pl in every_list["priceLists"])


def test_exchange_rates_list_the_other_currencies(fake_erp):
    rates = _one(fake_erp, "/accounting-service/exchange-rate")["response"]
    assert rates and all(set(r) == EXCHANGE_RATE for r in rates)
    assert all(isinstance(r["rate"], float) for r in rates)


@pytest.mark.parametrize("path", sorted(SEARCH_COLUMNS))
def test_search_columns_are_brightpearls_in_order_and_type(fake_erp, path):
    meta = _one(fake_erp, f"/{path}?pageSize=1")["response"]["metaData"]
    assert [(c["name"], c["reportDataType"]) for c in meta["columns"]] == SEARCH_COLUMNS[path]
    assert all(set(c) == COLUMN_META for c in meta["columns"])
    assert meta["sorting"][0]["direction"] == "ASC"
    assert meta["sorting"][0]["filterable"]["name"] == SEARCH_COLUMNS[path][0][0]


def test_sales_order_search_has_the_documented_columns(fake_erp):
    meta = _one(fake_erp, "/order-service/sales-order-search?pageSize=1")["response"]["metaData"]
    assert [c["name"] for c in meta["columns"]] == SALES_ORDER_SEARCH


def test_order_search_reference_names_only_the_ids_shown(fake_erp):
    answer = _one(fake_erp, f"/order-service/order-search?orderId={SHIPPED_ORDER}")
    assert set(answer["reference"]) == {
        "orderTypeNames",
        "orderStatusNames",
        "orderPaymentStatusNames",
        "orderStockStatusNames",
        "orderShippingStatusNames",
    }
    assert answer["reference"]["orderTypeNames"] == {"1": "SALES_ORDER"}
    assert answer["reference"]["orderStatusNames"] == {"8": "Shipped and invoiced"}


def test_an_empty_search_has_no_first_or_last_result(fake_erp):
    meta = _one(fake_erp, "/order-service/order-search?externalRef=none-such")["response"][
        "metaData"
    ]
    assert meta["resultsReturned"] == 0
    assert "firstResult" not in meta and "lastResult" not in meta


@pytest.mark.parametrize(
    ("path", "status", "body"),
    [
        ("/order-service/order/999999", 200, {"response": []}),
        (
            "/contact-service/contact/999999",
            404,
            {"errors": [{"code": "CMNC-404", "message": "No Contact Found"}]},
        ),
        (
            "/product-service/product-price/999999",
            404,
            {"errors": [{"code": "CMNC-404", "message": "No Product Prices Found"}]},
        ),
        (
            "/order-service/order-search?orderStatusId=BAD%20PARAM",
            500,
            {
                "errors": [
                    {
                        "code": "CMNC-018",
                        "message": BAD_PARAM_MESSAGE,
                    }
                ]
            },
        ),
    ],
)
def test_unknown_ids_and_bad_filters_answer_as_recorded(fake_erp, path, status, body):
    answer = fake_erp.get(path)
    assert answer.status_code == status and answer.json() == body
