"""The transport's read cache: keys, kinds and their times to live, invalidation, stale answers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from responses import matchers

from connector import ErpNotFound, ErpUnavailable
from connector.tags import cache_key, changed, kind_of, named_in, tags_of, written

from .conftest import UNAVAILABLE, order_json, search_body, url

ORDER_5, ORDER_6 = url("order-service/order/5"), url("order-service/order/6")
STATUSES = url("order-service/order-status")
SEARCH = url("order-service/order-search")


def _order(mocked, order_id: int = 5, **extra) -> None:
    mocked.get(url(f"order-service/order/{order_id}"),
               json={"response": [order_json(order_id, **extra)]})


def _search(mocked, contact_id: int, order_ids: list[int]) -> None:
    mocked.get(SEARCH, json=search_body(["orderId"], [[i] for i in order_ids]),
               match=[matchers.query_param_matcher({"contactId": str(contact_id)},
                                                   strict_match=False)])


def test_a_read_twice_costs_one_request_and_another_key_another(erp, mocked):
    _order(mocked, 5)
    _order(mocked, 6)
    assert erp.orders.get(5) == erp.orders.get(5)
    erp.orders.get(6)
    assert len(mocked.calls) == 2


def test_the_key_is_the_whole_request_so_two_contacts_never_share_an_answer(erp, mocked):
    _search(mocked, 7, [1, 2])
    _search(mocked, 8, [3])
    assert list(erp.orders.search_ids(contactId=7)) == [1, 2]
    assert list(erp.orders.search_ids(contactId=8)) == [3]
    assert list(erp.orders.search_ids(contactId=7)) == [1, 2]  # from the cache
    assert len(mocked.calls) == 2
    assert cache_key("order-service/order-search", {"b": 2, "a": 1}) == cache_key(
        "order-service/order-search", {"a": 1, "b": 2})


@pytest.mark.parametrize(("path", "kind"), [
    ("order-service/order-status", "reference"), ("product-service/price-list", "reference"),
    ("accounting-service/currency-search", "reference"), ("product-service/product/1-24",
                                                          "product"),
    ("product-service/product-search", "price"), ("product-service/product-price/3/price-list/2",
                                                   "price"),
    ("order-service/order/5", "document"), ("contact-service/contact/7/postal-address",
                                            "document"),
    ("warehouse-service/order/5/goods-note/goods-out", "document"),
    ("order-service/invoice-search", "document"),  # a resource added tomorrow is cached too
    ("contact-service/contact/7/custom-field", ""), ("integration-service/webhook", ""),
])
def test_each_kind_of_data_is_known_by_its_path(path, kind):
    assert kind_of(path) == kind


def test_tags_name_the_ids_and_the_collections_a_path_reads():
    assert tags_of("warehouse-service/order/5-6/goods-note/goods-out") == {
        "order:5", "order:6", "order:*", "goods-out-note:?", "goods-out-note:*"}
    assert tags_of("order-service/order-search") == {"order:?", "order:*"}
    assert [n.type for n in named_in("accounting-service/contact/7/currency/GBP/balance")] == [
        "contact", "balance"]


def test_a_change_drops_its_objects_and_every_list_that_may_hold_them():
    assert changed("order", [5]) == {"order:5", "order:?", "balance:*"}
    assert changed("sales-order", [9]) == changed("order", [9])
    assert written("order-service/order/5/status") >= {"order:5", "order:?"}
    assert written("order-service/sales-order", 12) >= {"order:12", "order:?"}
    assert "order:*" in written("accounting-service/customer-payment", 3)


def test_a_write_drops_what_its_path_names_and_nothing_else(erp, mocked):
    _order(mocked, 5)
    _order(mocked, 6)
    mocked.put(url("order-service/order/5/status"), json={})
    _order(mocked, 5, reference="changed")
    erp.orders.get(5), erp.orders.get(6)
    erp.orders.set_status(5, 4)
    assert erp.orders.get(5).reference == "changed"  # read again after the write
    erp.orders.get(6)  # still cached
    assert len(mocked.calls) == 4


def test_an_event_from_the_erp_drops_what_it_names(erp, mocked):
    _order(mocked, 5)
    _order(mocked, 5, reference="shipped")
    erp.orders.get(5)
    assert erp.invalidate("order", [5]) == 1
    assert erp.orders.get(5).reference == "shipped"


def test_each_kind_lives_for_its_own_time(make_erp, mocked_any, clock):
    erp = make_erp(document_ttl=30, reference_ttl=300)
    mocked = mocked_any
    _order(mocked, 5)
    mocked.get(STATUSES, json={"response": []})
    erp.orders.get(5), erp.reference.statuses()
    clock.now += 31
    erp.orders.get(5), erp.reference.statuses()  # the order again, the statuses cached
    assert [c.request.url for c in mocked.calls] == [ORDER_5, STATUSES, ORDER_5]


def test_a_load_overtaken_by_an_invalidation_is_not_stored(erp, mocked):
    def answer_while_the_order_changes(request):
        erp.invalidate("order", [5])  # the webhook arrives while the old answer travels
        return 200, {}, '{"response": [{"id": 5, "orderTypeCode": "SO", "reference": "old"}]}'

    mocked.add_callback("GET", ORDER_5, callback=answer_while_the_order_changes)
    _order(mocked, 5, reference="new")
    assert erp.orders.get(5).reference == "old"
    assert erp.orders.get(5).reference == "new"  # the old answer was not kept


def test_custom_fields_are_never_cached(erp, mocked):
    for _ in range(2):
        mocked.get(url("contact-service/contact/7/custom-field"), json={"response": {}})
    erp.contacts.custom_fields(7), erp.contacts.custom_fields(7)
    assert len(mocked.calls) == 2


def test_the_erp_down_serves_a_recent_answer_and_says_how_old(make_erp, mocked, clock):
    erp = make_erp(document_ttl=30, stale_ttl=900, breaker_failures=100)
    _order(mocked, 5)
    erp.orders.get(5)
    fetched = clock.now
    clock.now += 60
    for _ in range(3):
        mocked.get(ORDER_5, status=503, json=UNAVAILABLE)
    with erp.scope(who="contact:7") as log:
        assert erp.orders.get(5).id == 5
    assert log.stale_since == fetched and log.stale_reason == "server"


def test_past_the_stale_time_the_failure_is_the_answer(make_erp, mocked, clock):
    erp = make_erp(document_ttl=30, stale_ttl=120, breaker_failures=100)
    _order(mocked, 5)
    erp.orders.get(5)
    clock.now += 121
    for _ in range(3):
        mocked.get(ORDER_5, status=503, json=UNAVAILABLE)
    with pytest.raises(ErpUnavailable):
        erp.orders.get(5)


def test_a_write_reads_the_erp_and_never_acts_on_a_stale_answer(make_erp, mocked, clock):
    erp = make_erp(breaker_failures=100)
    _order(mocked, 5)
    mocked.get(STATUSES, json={"response": []})
    erp.orders.get(5), erp.reference.statuses()
    _order(mocked, 5, reference="fresh")
    with erp.scope(fresh=True):
        assert erp.orders.get(5).reference == "fresh"  # a document: from the ERP
        erp.reference.statuses()  # reference data: still from the cache
    assert len(mocked.calls) == 3
    for _ in range(3):
        mocked.get(ORDER_5, status=503, json=UNAVAILABLE)
    with erp.scope(fresh=True), pytest.raises(ErpUnavailable):
        erp.orders.get(5)


def test_with_the_budget_spent_a_stale_answer_is_served_at_once(make_erp, mocked, clock):
    erp = make_erp(budget_per_minute=1, document_ttl=30)
    _order(mocked, 5)
    erp.orders.get(5)
    clock.now += 31
    with erp.scope(who="contact:7") as log:
        assert erp.orders.get(5).id == 5
    assert log.stale_reason == "throttled" and clock.sleeps == []  # no wait for the budget
    assert len(mocked.calls) == 1


def test_the_open_breaker_serves_stale_answers_without_a_slot(make_erp, mocked, clock):
    erp = make_erp(breaker_failures=1, breaker_cooldown=30, document_ttl=5)
    _order(mocked, 5)
    erp.orders.get(5)
    mocked.get(ORDER_6, status=503, json=UNAVAILABLE)
    with pytest.raises(ErpUnavailable):
        erp.orders.get(6)  # opens the breaker (one failure)
    clock.now += 6  # the order is stale, the breaker still open
    with erp.scope() as log:
        assert erp.orders.get(5).id == 5
    assert log.stale_reason == "breaker" and log.requests == 0


def test_the_scope_log_counts_requests_and_hits(erp, mocked):
    _order(mocked, 5)
    with erp.scope(who="contact:7") as log:
        erp.orders.get(5), erp.orders.get(5), erp.orders.get(5)
    assert (log.requests, log.hits, log.stale_since) == (1, 2, None)


def _orders(mocked, path_ids: str, ids: list[int]) -> None:
    mocked.get(url(f"order-service/order/{path_ids}"),
               json={"response": [order_json(i) for i in ids]})


def test_an_order_seen_in_a_list_is_not_fetched_again_for_its_own_page(erp, mocked):
    _orders(mocked, "5-6", [5, 6])
    assert [o.id for o in erp.orders.get_many([5, 6])] == [5, 6]
    assert erp.orders.get(6).id == 6
    assert len(mocked.calls) == 1


def test_an_id_set_asks_the_erp_only_for_the_ids_it_does_not_hold(erp, mocked):
    _orders(mocked, "5-6", [5, 6])
    _orders(mocked, "7", [7])
    erp.orders.get_many([5, 6])
    assert [o.id for o in erp.orders.get_many([5, 6, 7])] == [5, 6, 7]
    assert [c.request.url for c in mocked.calls] == [url("order-service/order/5-6"),
                                                     url("order-service/order/7")]


def test_an_id_the_erp_left_out_is_known_to_be_absent(erp, mocked):
    _orders(mocked, "5,99", [5])
    erp.orders.get_many([5, 99])
    with pytest.raises(ErpNotFound):
        erp.orders.get(99)
    assert len(mocked.calls) == 1


def test_notes_of_several_orders_are_kept_per_order(erp, mocked):
    note = {"orderId": 5, "status": {"shipped": True}, "shipping": {"reference": "1Z5"}}
    mocked.get(url("warehouse-service/order/5-6/goods-note/goods-out"),
               json={"response": {"11": note}})
    both = erp.shipments.for_orders([5, 6])
    assert [s.tracking_reference for s in both[5]] == ["1Z5"] and both[6] == []
    assert erp.shipments.for_orders([6]) == {6: []}
    assert [s.id for s in erp.shipments.for_orders([5])[5]] == [11]
    assert len(mocked.calls) == 1


def test_prices_are_kept_per_product_and_list(erp, mocked):
    def price(product_id):
        return {"productId": product_id, "priceLists": [
            {"priceListId": 2, "currencyCode": "GBP", "quantityPrice": {"1": "9.50"}}]}

    mocked.get(url("product-service/product-price/5-6/price-list/2"),
               json={"response": [price(5), price(6)]})
    erp.catalog.prices([5, 6], 2)
    assert erp.catalog.prices([6], 2)[6].unit_price(1) == Decimal("9.50")
    assert len(mocked.calls) == 1


def test_a_change_to_one_object_drops_only_its_part(erp, mocked):
    _orders(mocked, "5-6", [5, 6])
    _orders(mocked, "5", [5])
    erp.orders.get_many([5, 6])
    erp.invalidate("order", [5])
    erp.orders.get_many([5, 6])
    assert [c.request.url for c in mocked.calls] == [url("order-service/order/5-6"), ORDER_5]


def test_an_answer_of_a_form_that_does_not_split_is_kept_whole(erp, mocked):
    mocked.get(url("order-service/order/5-6/custom-field"), json={"response": {"PCF_X": 1}})
    transport = erp._transport
    assert transport.call("GET", "order-service/order/5-6/custom-field") == {"PCF_X": 1}
    mocked.get(url("order-service/order/5-6/note"), json={"response": "a text"})
    for _ in range(2):
        assert transport.call("GET", "order-service/order/5-6/note") == "a text"
    assert len(mocked.calls) == 2  # the custom fields: never cached; the notes: once
