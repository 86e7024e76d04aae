"""Models: tolerant of missing optional and extra fields, strict on required ones."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from connector import ErpProtocolError
from connector.models import (
    Contact,
    Currency,
    NewOrderRow,
    NewSalesOrder,
    Order,
    Page,
    PostalAddress,
    PriceBreak,
    ProductPrice,
)
from connector.models import DeliveryAddress as Delivery

from .conftest import order_json

FULL_ORDER = order_json(
    12, orderPaymentStatus="PARTIALLY_PAID", placedOn="2026-07-01T10:00:00+00:00",
    createdOn="2026-07-01T10:00:00Z", priceListId=2,
    currency={"orderCurrencyCode": "EUR", "exchangeRate": "1.1500"},
    delivery={"deliveryDate": "2026-07-09T00:00:00+00:00", "shippingMethodId": 3},
    invoices=[{"invoiceReference": "INV-000123", "taxDate": "2026-07-02", "dueDate": None}],
    parties={"customer": {"contactId": 7},
             "delivery": {"addressFullName": "Ann", "addressLine1": "1 Road",
                          "postalCode": "AB1", "countryIsoCode": "GB"}},
    orderRows={"10": {"productId": 1001, "productName": "Bolt", "productSku": "B-1",
                      "quantity": {"magnitude": "2.0000"}, "productPrice": {"value": "9.5000"},
                      "rowValue": {"rowNet": {"value": "19.0000"}, "rowTax": {"value": "3.8"}}},
               "9": {"productId": 1002, "quantity": {"magnitude": "1.5"}}},
    assignment={"current": {"staffOwnerContactId": 3}}, somethingNew={"x": 1},
)


def test_full_order_parses_with_decimal_money():
    order = Order.from_api(FULL_ORDER)
    assert order.total == Decimal("12.0000") and isinstance(order.net, Decimal)
    assert order.exchange_rate == Decimal("1.1500") and order.currency_code == "EUR"
    assert order.placed_on == datetime(2026, 7, 1, 10, tzinfo=UTC)
    assert order.delivery_date == date(2026, 7, 9)
    assert order.invoices[0].reference == "INV-000123" and order.invoices[0].due_date is None
    assert [r.id for r in order.rows] == [9, 10]
    assert order.rows[1].quantity == 2 and order.rows[0].quantity == Decimal("1.5")
    assert order.rows[1].unit_price == Decimal("9.5")
    assert order.delivery_address.line1 == "1 Road" and order.contact_id == 7
    assert order.owner_id == 3


def test_minimal_order_gets_neutral_values():
    order = Order.from_api({"id": 1, "orderTypeCode": "PO",
                            "parties": {"supplier": {"contactId": 9}}})
    assert order.rows == () and order.invoices == () and order.delivery_address is None
    assert order.total == Decimal(0) and order.placed_on is None
    assert order.contact_id == 9 and order.customer_id is None


@pytest.mark.parametrize("missing", ["id", "orderTypeCode"])
def test_missing_required_order_field_is_a_protocol_error(missing):
    data = dict(FULL_ORDER)
    del data[missing]
    with pytest.raises(ErpProtocolError, match=missing):
        Order.from_api(data)


@pytest.mark.parametrize(("field", "value"), [
    ("totalValue", {"total": "twelve"}), ("placedOn", "yesterday"), ("orderRows", [1, 2]),
    ("priceListId", "two"),
])
def test_malformed_values_are_protocol_errors_not_key_errors(field, value):
    with pytest.raises(ErpProtocolError):
        Order.from_api({**FULL_ORDER, field: value})


def test_not_an_object_is_a_protocol_error():
    with pytest.raises(ErpProtocolError):
        Order.from_api(["not", "an", "order"])


def test_contact_parses_nested_brightpearl_shape():
    contact = Contact.from_api({
        "contactId": 7, "firstName": "Ann", "lastName": "Lee",
        "organisation": {"name": "Acme"},
        "communication": {"emails": {"PRI": {"email": "ann@acme.test"}},
                          "telephones": {"PRI": "0123"}},
        "postAddressIds": {"DEF": 1, "BIL": 1, "DEL": 2},
        "relationshipToAccount": {"isSupplier": False, "isStaff": False},
        "financialDetails": {"priceListId": None, "creditLimit": "500.00", "currencyId": 1},
    })
    assert contact.is_customer and contact.display_name == "Acme"
    assert contact.credit_limit == Decimal("500.00") and contact.price_list_id is None
    assert contact.address_ids == {"DEF": 1, "BIL": 1, "DEL": 2}
    assert contact.email == "ann@acme.test" and contact.phone == "0123"


def test_contact_without_company_shows_the_person():
    contact = Contact.from_api({"contactId": 8, "firstName": "Bo", "lastName": "Ek",
                                "relationshipToAccount": {"isSupplier": True}})
    assert contact.display_name == "Bo Ek" and not contact.is_customer


def test_price_breaks_apply_the_largest_not_above_quantity():
    price = ProductPrice.from_api({"productId": 1, "priceListId": 2, "currencyCode": "GBP",
                                   "quantityPrice": {"10": "9.50", "1": "10.00", "50": "9.00"}})
    assert price.breaks[0] == PriceBreak(1, Decimal("10.00"))
    assert [price.unit_price(q) for q in (1, 9, 10, 49, 50, 500)] == [
        Decimal("10.00"), Decimal("10.00"), Decimal("9.50"), Decimal("9.50"),
        Decimal("9.00"), Decimal("9.00")]


def test_currency_rate_is_decimal():
    currency = Currency.from_api({"id": 2, "code": "EUR", "symbol": "€", "exchangeRate": "1.15",
                                  "isDefault": False})
    assert currency.rate == Decimal("1.15")


def test_new_sales_order_body_has_row_totals_as_strings():
    order = NewSalesOrder(
        customer_id=7, external_ref="x-1", status_id=None, price_list_id=None,
        currency_code="GBP", rows=[NewOrderRow(1001, 3, Decimal("30"), Decimal("6"))],
        customer_ref="PO-9", delivery_address=Delivery(full_name="Ann", line1="1 Road"),
        delivery_date=date(2026, 8, 1))
    body = order.to_api()
    assert body["rows"] == [{"productId": 1001, "quantity": "3", "net": "30", "tax": "6",
                             "taxCode": "T0"}]
    assert body["ref"] == "PO-9" and body["delivery"]["date"] == "2026-08-01"
    assert body["delivery"]["address"]["addressLine1"] == "1 Road"
    assert "statusId" not in body and "priceListId" not in body


def test_new_sales_order_needs_a_reference():
    with pytest.raises(ValueError, match="external_ref"):
        NewSalesOrder(7, "", 1, 1, "GBP", [])


def test_page_arithmetic():
    page = Page(items=[1, 2], total=45, page=2, page_size=20)
    assert page.pages == 3 and page.has_next and page.has_previous
    assert Page([], 0, 1, 20).pages == 1 and not Page([], 0, 1, 20).has_next


def test_an_invoice_slot_without_a_reference_is_not_an_invoice():
    order = Order.from_api({**FULL_ORDER, "invoices": [
        {"invoiceReference": "", "taxDate": "2026-07-01T00:00:00.000-06:00"}]})
    assert order.invoices == ()


def test_order_parties_carry_both_iso_codes_and_the_country_name():
    party = {"addressFullName": "Ann", "addressLine1": "1 Road", "country": "United Kingdom",
             "countryId": 222, "countryIsoCode": "GB", "countryIsoCode3": "GBR"}
    order = Order.from_api({**FULL_ORDER, "parties": {"customer": {"contactId": 7, **party},
                                                      "delivery": party, "billing": party}})
    address = order.delivery_address
    assert (address.country, address.country_iso2, address.country_name) == (
        "GBR", "GB", "United Kingdom")
    assert order.billing_address.line1 == "1 Road"
    assert address.to_api()["countryIsoCode"] == "GBR"  # what a sales-order POST takes


def test_postal_address_reads_brightpearls_addressid_and_codes():
    address = PostalAddress.from_api({"addressId": 5, "contactId": 7, "addressLine1": "1 Road",
                                      "countryIsoCode": "GBR", "countryIsoCode2": "GB",
                                      "countryId": 222})
    assert (address.id, address.contact_id, address.country, address.country_iso2) == (
        5, 7, "GBR", "GB")
    with pytest.raises(ErpProtocolError, match="addressId"):
        PostalAddress.from_api({"postalAddressId": 5})


def test_an_empty_quantity_price_means_no_price_in_that_list():
    assert ProductPrice.from_api({"productId": 1, "priceListId": 2, "quantityPrice": {}}) is None


def test_contact_without_an_owner_and_with_numbers_for_money():
    contact = Contact.from_api({"contactId": 9, "assignment": {"current": {}},
                                "financialDetails": {"creditLimit": 2500.5, "nominalCode": "1100",
                                                     "discountPercentage": 0.0}})
    assert contact.owner_id is None and contact.credit_limit == Decimal("2500.5")
    assert contact.nominal_code == "1100" and contact.discount_percentage == Decimal("0.0")


def test_a_wrong_value_names_the_object_and_the_field():
    with pytest.raises(ErpProtocolError, match="contact: field 'creditTermDays'"):
        Contact.from_api({"contactId": 9, "financialDetails": {"creditTermDays": "soon"}})
