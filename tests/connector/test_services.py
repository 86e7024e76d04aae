"""Services: the requests each call makes (batching, paging, caching) and what it returns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from responses import matchers

from connector import ErpNotFound
from connector.models import AddressInput

from .conftest import order_json, search_body, url

ORDER_COLUMNS = ["orderId", "orderTypeId", "contactId", "orderStatusId"]


def _product(pid: int) -> dict:
    return {"id": pid, "identity": {"sku": f"SKU-{pid}"},
            "salesChannels": [{"productName": f"Product {pid}", "description": {"text": "d"}}],
            "status": "LIVE"}


def test_get_many_chunks_450_ids_into_3_gets(erp, mocked):
    for idset in ("1-200", "201-400", "401-450"):
        lo, hi = map(int, idset.split("-"))
        mocked.get(url(f"order-service/order/{idset}"),
                   json={"response": [order_json(i) for i in range(lo, hi + 1) if i != 300]})
    orders = erp.orders.get_many(reversed(range(1, 451)))
    assert len(mocked.calls) == 3
    assert [o.id for o in orders][:3] == [450, 449, 448] and len(orders) == 449  # 300 unknown


def test_order_get_of_an_unknown_id_is_not_found(erp, mocked):
    mocked.get(url("order-service/order/9"), json={"response": []})
    with pytest.raises(ErpNotFound):
        erp.orders.get(9)


def test_search_ids_is_lazy_and_pages_500_at_a_time(erp, mocked):
    rows = [[i, 1, 7, 3] for i in range(1, 1201)]
    for first in (1, 501, 1001):
        mocked.get(url("order-service/order-search"),
                   json=search_body(ORDER_COLUMNS, rows[first - 1:first + 499], total=1200,
                                    first=first),
                   match=[matchers.query_param_matcher({
                       "contactId": "7", "orderTypeId": "1-2", "pageSize": "500",
                       "firstResult": str(first)})])
    ids = erp.orders.search_ids(contactId=7, orderTypeId=[1, 2])
    assert len(mocked.calls) == 0  # nothing fetched before iteration
    assert next(ids) == 1 and len(mocked.calls) == 1
    assert len(list(ids)) == 1199 and len(mocked.calls) == 3


def test_search_rows_are_mapped_by_column_name(erp, mocked):
    columns = ["orderStatusId", "orderId"]  # not the usual order
    mocked.get(url("order-service/order-search"), json=search_body(columns, [[3, 42]]))
    assert list(erp.orders.search_ids()) == [42]


def test_orders_page_is_one_search_and_one_get(erp, mocked):
    mocked.get(url("order-service/order-search"),
               json=search_body(ORDER_COLUMNS, [[12, 1, 7, 3], [11, 1, 7, 3]], total=42,
                                first=21),
               match=[matchers.query_param_matcher({
                   "contactId": "7", "createdOn": "2026-07-01/", "pageSize": "20",
                   "firstResult": "21", "sort": "createdOn.DESC"})])
    mocked.get(url("order-service/order/11-12"),
               json={"response": [order_json(11), order_json(12)]})
    page = erp.orders.page(page=2, contactId=7, createdOn=(date(2026, 7, 1), None))
    assert [o.id for o in page.items] == [12, 11]
    assert page.total == 42 and page.pages == 3 and page.has_next
    assert len(mocked.calls) == 2


def test_a_repeated_catalog_search_is_answered_from_the_cache(erp, mocked):
    columns = ["productId", "productName"]
    mocked.get(url("product-service/product-search"),
               json=search_body(columns, [[5, "a"], [6, "b"]], total=2),
               match=[matchers.query_param_matcher({
                   "priceListId": "2", "search": "bolt", "pageSize": "24",
                   "firstResult": "1"})])
    mocked.get(url("product-service/product/5-6"),
               json={"response": [_product(5), _product(6)]})
    page = erp.catalog.search(2, text="bolt")
    again = erp.catalog.search(2, text="bolt")
    assert [p.sku for p in page.items] == ["SKU-5", "SKU-6"] and again.items == page.items
    assert len(mocked.calls) == 2  # the second search asked the ERP nothing


def test_prices_only_for_products_priced_in_the_list(erp, mocked):
    mocked.get(url("product-service/product-price/5-7/price-list/2"), json={"response": [
        {"productId": 5, "priceLists": [{"priceListId": 2, "currencyCode": "GBP",
                                         "quantityPrice": {"1": "10.00"}}]},
        {"productId": 6, "priceLists": []},
    ]})
    prices = erp.catalog.prices([5, 6, 7], 2)
    assert list(prices) == [5] and prices[5].unit_price(3) == Decimal("10.00")


def test_reference_data_is_cached_for_its_ttl(make_erp, mocked, clock):
    erp = make_erp(reference_ttl=300)
    statuses = {"response": [{"statusId": 1, "name": "Draft", "orderTypeCode": "SO",
                              "state": "DRAFT"},
                             {"statusId": 2, "name": "Quote", "orderTypeCode": "SO",
                              "state": "QUOTE"}]}
    mocked.get(url("order-service/order-status"), json=statuses)
    mocked.get(url("order-service/order-status"), json=statuses)
    assert erp.reference.status_named("quote").id == 2
    assert erp.reference.statuses()[0].name == "Draft"
    assert len(mocked.calls) == 1
    clock.now += 301
    erp.reference.statuses()
    assert len(mocked.calls) == 2
    with pytest.raises(ErpNotFound):
        erp.reference.status_named("Quote", order_type="PO")


def test_currencies_and_price_lists(erp, mocked):
    mocked.get(url("accounting-service/currency-search"), json=search_body(
        ["id", "code", "symbol", "exchangeRate", "isDefault"],
        [[1, "GBP", "£", "1.0000", True], [2, "EUR", "€", "1.1500", False]]))
    mocked.get(url("product-service/price-list"), json={"response": [
        {"id": 2, "code": "TRADE", "name": {"text": "Trade"}, "currencyCode": "GBP",
         "priceListTypeCode": "SELL"}]})
    assert erp.reference.currency("eur").rate == Decimal("1.15")
    assert erp.reference.price_lists()[2].name == "Trade"


def test_shipments_keyed_by_every_order(erp, mocked):
    mocked.get(url("warehouse-service/order/1-2/goods-note/goods-out"), json={"response": {
        "31": {"orderId": 1, "status": {"shipped": True, "shippedOn": "2026-07-03T09:00:00Z"},
               "shipping": {"reference": "TRACK1", "shippingMethodId": 4}}}})
    shipments = erp.shipments.for_orders([2, 1])
    assert shipments[2] == [] and shipments[1][0].tracking_reference == "TRACK1"


def test_balance_is_decimal(erp, mocked):
    mocked.get(url("accounting-service/contact/7/currency/GBP/balance"),
               json={"response": "150.00"})
    assert erp.accounting.balance(7, "gbp") == Decimal("150.00")


def test_contact_update_sends_json_patch(erp, mocked):
    mocked.patch(url("contact-service/contact/7"), json={}, match=[matchers.json_params_matcher([
        {"op": "replace", "path": "/firstName", "value": "Ann"},
        {"op": "replace", "path": "/communication/emails/PRI/email", "value": "a@x.test"}])])
    erp.contacts.update(7, first_name="Ann", email="a@x.test")
    with pytest.raises(ValueError, match="nickname"):
        erp.contacts.update(7, nickname="x")


def test_custom_fields_set_and_remove(erp, mocked):
    path = url("contact-service/contact/7/custom-field")
    mocked.get(path, json={"response": {"PCF_PORTAL": "hash"}})
    mocked.patch(path, json={}, match=[matchers.json_params_matcher(
        [{"op": "add", "path": "/PCF_PORTAL", "value": "new"}])])
    mocked.patch(path, json={}, match=[matchers.json_params_matcher(
        [{"op": "remove", "path": "/PCF_PORTAL"}])])
    assert erp.contacts.custom_fields(7) == {"PCF_PORTAL": "hash"}
    erp.contacts.set_custom_field(7, "PCF_PORTAL", "new")
    erp.contacts.set_custom_field(7, "PCF_PORTAL", None)


def test_address_create_is_post_then_link(erp, mocked):
    address = AddressInput("1 Road", line3="Leeds", postal_code="LS1", country="GBR")
    mocked.post(url("contact-service/postal-address"), json={"response": 55},
                match=[matchers.json_params_matcher(address.to_api())])
    mocked.put(url("contact-service/contact/7/postal-address"), json={},
               match=[matchers.json_params_matcher([{"postalAddressId": 55, "type": "DEL"}])])
    created = erp.addresses.create(7, address)
    assert created.id == 55 and created.line3 == "Leeds" and created.types == ("DEL",)


def test_tasks_create_and_search(erp, mocked):
    mocked.post(url("crm-service/task"), json={"response": 3}, match=[
        matchers.json_params_matcher({"assignedToContactId": 4, "subject": "Call back",
                                      "orderId": 12, "dueDate": "2026-07-10"})])
    mocked.get(url("crm-service/task-search"), json=search_body(
        ["taskId", "assignedToContactId", "subject", "orderId", "dueDate"],
        [[3, 4, "Call back", 12, "2026-07-10"]]))
    assert erp.tasks.create(4, "Call back", order_id=12, due_date=date(2026, 7, 10)) == 3
    [task] = list(erp.tasks.search(assignedToContactId=4))
    assert task.due_date == date(2026, 7, 10)


def test_payments_iterator(erp, mocked):
    mocked.get(url("accounting-service/customer-payment-search"), json=search_body(
        ["paymentId", "transactionRef", "paymentMethodCode", "paymentType", "orderId",
         "contactId", "currencyCode", "amountPaid", "paymentDate"],
        [[1, "pi_1", "STRIPE", "RECEIPT", 12, 7, "GBP", "12.5000", "2026-07-01"]]))
    [payment] = list(erp.accounting.payments(contactId=7))
    assert payment.amount == Decimal("12.5") and payment.order_id == 12


def test_contacts_search_and_get_many(erp, mocked):
    mocked.get(url("contact-service/contact-search"),
               json=search_body(["contactId", "primaryEmail"], [[7, "a@x"], [8, "b@x"]]),
               match=[matchers.query_param_matcher({"isCustomer": "true", "pageSize": "500",
                                                    "firstResult": "1"})])
    mocked.get(url("contact-service/contact/7-8"), json={"response": [{"contactId": 8},
                                                                      {"contactId": 7}]})
    ids = list(erp.contacts.search(isCustomer=True))
    assert [c.id for c in erp.contacts.get_many(ids)] == [7, 8]


def test_brightpearls_404s_for_unknown_ids_mean_none_found(erp, mocked):
    not_found = {"errors": [{"code": "CMNC-404", "message": "No Contact Found"}]}
    mocked.get(url("contact-service/contact/98-99"), json=not_found, status=404)
    mocked.get(url("product-service/product-price/98-99/price-list/2"), status=404,
               json={"errors": [{"code": "CMNC-404", "message": "No Product Prices Found"}]})
    assert erp.contacts.get_many([98, 99]) == []
    assert erp.catalog.prices([98, 99], 2) == {}


def test_prices_skip_lists_where_the_product_has_no_price(erp, mocked):
    mocked.get(url("product-service/product-price/5-6/price-list/2"), json={"response": [
        {"productId": 5, "priceLists": [{"priceListId": 2, "currencyCode": "EUR", "currencyId": 2,
                                         "quantityPrice": {}}]},
        {"productId": 6, "priceLists": [{"priceListId": 2, "currencyCode": "EUR", "currencyId": 2,
                                         "quantityPrice": {"1": "4.0000"}}]},
    ]})
    assert list(erp.catalog.prices([5, 6], 2)) == [6]


def test_a_null_balance_is_nothing_owed(erp, mocked):
    mocked.get(url("accounting-service/contact/7/currency/GBP/balance"), json={"response": None})
    assert erp.accounting.balance(7, "GBP") == Decimal(0)


def test_several_values_of_a_one_value_column_are_filtered_by_the_connector(erp, mocked):
    """orderStatusId is an INTEGER column: Brightpearl filters it on one value, so a list of
    statuses reads the contact's rows (500 a request) and the connector keeps the wanted ones."""
    rows = [[i, 1, 7, 3 + i % 4] for i in range(1, 31)]  # statuses 3, 4, 5, 6 in turn
    mocked.get(url("order-service/order-search"), json=search_body(ORDER_COLUMNS, rows),
               match=[matchers.query_param_matcher({
                   "contactId": "7", "pageSize": "500", "firstResult": "1",
                   "sort": "createdOn.DESC"})])
    wanted = [r[0] for r in rows if r[3] in (4, 5)]  # 16 of the 30
    mocked.get(url(f"order-service/order/{_idset(wanted[5:10])}"),
               json={"response": [order_json(i) for i in sorted(wanted[5:10])]})
    page = erp.orders.page(page=2, page_size=5, contactId=7, orderStatusId=[4, 5])
    assert [o.id for o in page.items] == wanted[5:10]
    assert page.total == len(wanted) == 16 and page.pages == 4
    assert len(mocked.calls) == 2


def _idset(ids: list[int]) -> str:
    from connector.idsets import format_idset

    return format_idset(ids)


def test_a_patch_brightpearl_cannot_apply_is_not_retried(erp, mocked):
    """Brightpearl answers an inapplicable JSON Patch with 500 CMNC-044: a form error, not an
    outage, so one call and a protocol error (not three calls and "unavailable")."""
    from connector import ErpProtocolError

    mocked.patch(url("contact-service/contact/7"), status=500, json={"errors": [
        {"code": "CMNC-044", "message": "Invalid patch operation (add) for given path (/x)"}]})
    with pytest.raises(ErpProtocolError, match="CMNC-044|Invalid patch"):
        erp.contacts.update(7, first_name="Ann")
    assert len(mocked.calls) == 1
