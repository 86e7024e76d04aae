"""Orders and payments carry the caller's reference: never two of them after a retry."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
import requests
from responses import matchers

from connector import ErpDuplicate, ErpUnavailable
from connector.models import NewOrderRow, NewPayment, NewSalesOrder

from .conftest import THROTTLED, UNAVAILABLE, search_body, url

ORDER = NewSalesOrder(customer_id=7, external_ref="cart-42", status_id=1, price_list_id=2,
                      currency_code="GBP",
                      rows=[NewOrderRow(product_id=1001, quantity=2, net=Decimal("19.00"))])
ORDER_BODY = {"customer": {"id": 7}, "externalRef": "cart-42", "currency": {"code": "GBP"},
              "rows": [{"productId": 1001, "quantity": "2", "net": "19.00", "tax": "0",
                        "taxCode": "T0"}],
              "statusId": 1, "priceListId": 2}
ORDER_COLUMNS = ["orderId", "externalRef"]
PAYMENT = NewPayment(transaction_ref="pi_123", method_code="STRIPE", order_id=55,
                     currency_code="GBP", amount=Decimal("12.50"), payment_date=date(2026, 7, 1))
PAYMENT_COLUMNS = ["paymentId", "transactionRef", "paymentMethodCode"]


def _post_order(mocked, **kw):
    mocked.post(url("order-service/sales-order"),
                match=[matchers.json_params_matcher(ORDER_BODY)], **kw)


def _order_lookup(mocked, rows):
    mocked.get(url("order-service/order-search"), json=search_body(ORDER_COLUMNS, rows),
               match=[matchers.query_param_matcher({"externalRef": "cart-42", "pageSize": "10",
                                                    "firstResult": "1"})])


@pytest.fixture
def resp_create_order_timeout_then_found(mocked):
    _post_order(mocked, body=requests.ReadTimeout("read timed out"))
    _order_lookup(mocked, [[901, "cart-42"]])
    return mocked


def test_timeout_after_send_then_lookup_finds_the_order(erp, resp_create_order_timeout_then_found):
    assert erp.orders.create_sales_order(ORDER) == 901
    methods = [c.request.method for c in resp_create_order_timeout_then_found.calls]
    assert methods == ["POST", "GET"]  # one order: found, not resent


def test_ambiguous_failure_then_not_found_resends_same_reference(erp, mocked):
    _post_order(mocked, json=UNAVAILABLE, status=503)
    _order_lookup(mocked, [])
    _post_order(mocked, json={"response": 902})
    assert erp.orders.create_sales_order(ORDER) == 902
    assert [c.request.method for c in mocked.calls] == ["POST", "GET", "POST"]


def test_dropped_connection_after_send_is_ambiguous(erp, mocked):
    _post_order(mocked, body=requests.ConnectionError("Connection aborted: RemoteDisconnected"))
    _order_lookup(mocked, [[903, "cart-42"]])
    assert erp.orders.create_sales_order(ORDER) == 903


def test_duplicate_answer_resolves_by_lookup(erp, mocked):
    _post_order(mocked, status=400,
                json={"errors": [{"code": "ORDC-014", "message": "externalRef already used"}]})
    _order_lookup(mocked, [[904, "cart-42"]])
    assert erp.orders.create_sales_order(ORDER) == 904


def test_duplicate_that_cannot_be_found_is_raised(erp, mocked):
    _post_order(mocked, status=400,
                json={"errors": [{"code": "ORDC-014", "message": "externalRef already used"}]})
    _order_lookup(mocked, [])
    with pytest.raises(ErpDuplicate):
        erp.orders.create_sales_order(ORDER)


def test_throttled_write_is_resent_without_lookup(erp, mocked):
    _post_order(mocked, json=THROTTLED, status=503,
                headers={"brightpearl-next-throttle-period": "200"})
    _post_order(mocked, json={"response": 905})
    assert erp.orders.create_sales_order(ORDER) == 905
    assert [c.request.method for c in mocked.calls] == ["POST", "POST"]


def test_ambiguous_failures_are_bounded_by_max_attempts(erp, mocked):
    for _ in range(2):
        _post_order(mocked, json=UNAVAILABLE, status=503)
        _order_lookup(mocked, [])
    _post_order(mocked, json=UNAVAILABLE, status=503)
    with pytest.raises(ErpUnavailable):
        erp.orders.create_sales_order(ORDER)
    assert [c.request.method for c in mocked.calls] == ["POST", "GET"] * 2 + ["POST"]


def test_substring_match_of_external_ref_is_not_taken_for_the_order(erp, mocked):
    _post_order(mocked, body=requests.ReadTimeout("read timed out"))
    _order_lookup(mocked, [[906, "cart-421"]])
    _post_order(mocked, json={"response": 907})
    assert erp.orders.create_sales_order(ORDER) == 907


def _post_payment(mocked, **kw):
    mocked.post(url("accounting-service/customer-payment"),
                match=[matchers.json_params_matcher(PAYMENT.to_api())], **kw)


def _payment_lookup(mocked, rows):
    mocked.get(url("accounting-service/customer-payment-search"),
               json=search_body(PAYMENT_COLUMNS, rows),
               match=[matchers.query_param_matcher({
                   "transactionRef": "pi_123", "paymentMethodCode": "STRIPE", "pageSize": "10",
                   "firstResult": "1"})])


def test_payment_timeout_then_lookup_finds_it(erp, mocked):
    _post_payment(mocked, body=requests.ReadTimeout("read timed out"))
    _payment_lookup(mocked, [[77, "pi_123", "STRIPE"]])
    assert erp.accounting.record_payment(PAYMENT) == 77
    assert [c.request.method for c in mocked.calls] == ["POST", "GET"]


def test_payment_duplicate_resolves_by_lookup(erp, mocked):
    _post_payment(mocked, status=400,
                  json={"errors": [{"code": "PAYC-007", "message": "transactionRef already used"}]})
    _payment_lookup(mocked, [[78, "pi_123", "STRIPE"]])
    assert erp.accounting.record_payment(PAYMENT) == 78


def test_payment_body_is_money_strings():
    body = PAYMENT.to_api()
    assert body["amountPaid"] == "12.50" and body["exchangeRate"] == "1"
    assert body["paymentType"] == "RECEIPT" and body["paymentDate"] == "2026-07-01"


def test_breaker_open_means_nothing_is_sent(make_erp, mocked):
    erp = make_erp(breaker_failures=1)
    mocked.get(url("order-service/order-status"), json=UNAVAILABLE, status=500)
    with pytest.raises(ErpUnavailable):
        erp.ping()
    with pytest.raises(ErpUnavailable) as info:
        erp.orders.create_sales_order(ORDER)
    assert info.value.reason == "breaker" and not info.value.ambiguous
    assert len(mocked.calls) == 1


def test_an_order_answered_with_its_id_was_created_by_this_call(erp, mocked):
    _post_order(mocked, json={"response": 910})
    written = erp.orders.create_sales_order(ORDER)
    assert written == 910 and written.created


def test_an_order_found_after_a_duplicate_answer_was_not_created_by_this_call(erp, mocked):
    _post_order(mocked, status=400,
                json={"errors": [{"code": "ORDC-014", "message": "externalRef already used"}]})
    _order_lookup(mocked, [[911, "cart-42"]])
    written = erp.orders.create_sales_order(ORDER)
    assert written == 911 and not written.created


def test_an_order_found_after_this_calls_own_lost_answer_counts_as_created(
        erp, resp_create_order_timeout_then_found):
    written = erp.orders.create_sales_order(ORDER)
    assert written == 901 and written.created


def test_a_write_whose_answer_was_lost_stays_ambiguous_when_the_lookup_cannot_run(
        make_erp, mocked, clock):
    erp = make_erp(breaker_failures=1, breaker_cooldown=30.0)
    _post_order(mocked, body=requests.ReadTimeout("read timed out"))  # it may have landed
    with pytest.raises(ErpUnavailable) as info:
        erp.orders.create_sales_order(ORDER)  # the breaker opens: no lookup, no resend
    assert info.value.reason == "breaker"
    assert info.value.ambiguous  # the caller must not say "nothing was ordered"
    assert [c.request.method for c in mocked.calls] == ["POST"]


def test_a_write_whose_answer_was_lost_stays_ambiguous_at_the_deadline(make_erp, mocked, clock):
    """A slow ERP: the POST times out, the lookup does not see the order yet, no time is left."""
    erp = make_erp(deadline=1.0, backoff_base=0.0, backoff_max=0.0)

    def after(seconds, answer):
        def callback(request):
            clock.now += seconds
            if isinstance(answer, Exception):
                raise answer
            return 200, {}, json.dumps(answer)
        return callback

    mocked.add_callback("POST", url("order-service/sales-order"),
                        callback=after(0.5, requests.ReadTimeout("read timed out")))
    mocked.add_callback("GET", url("order-service/order-search"),
                        callback=after(0.5, search_body(ORDER_COLUMNS, [])))
    with pytest.raises(ErpUnavailable) as info:
        erp.orders.create_sales_order(ORDER)
    assert info.value.reason == "deadline"  # no time left to send it again
    assert info.value.ambiguous  # but the first POST may still land: say so
    assert [c.request.method for c in mocked.calls] == ["POST", "GET"]


def test_the_written_id_reads_as_the_plain_number_everywhere(erp, mocked):
    _post_order(mocked, json={"response": 912})
    written = erp.orders.create_sales_order(ORDER)
    assert (str(written), repr(written), f"{written}", json.dumps(written)) == ("912",) * 4
