"""The writes the supplier portal makes, each safe to retry: a note or a task found again by the
reference it carries, a status, a delivery date or a custom field read back after an ambiguous
failure; and custom fields read with the order in one request."""

from __future__ import annotations

from datetime import date

import pytest
import requests
from responses import matchers

from connector import ErpUnavailable

from .conftest import UNAVAILABLE, order_json, url

NOTE = "Supplier portal: shipment SHP-1a2b\nportal-record: {}"
TASK_COLUMNS = ["taskId", "assignedToContactId", "subject", "orderId", "dueDate", "createdOn"]


def _notes(mocked, texts):
    mocked.get(url("order-service/order/21/note"), json={"response": [
        {"noteId": 100 + n, "text": text, "isPublic": True} for n, text in enumerate(texts)]})


def test_an_order_and_its_custom_fields_come_in_one_request(erp, mocked):
    mocked.get(url("order-service/order/21"), json={"response": [order_json(
        21, customFields={"PCF_SUPREF": "SUP-1"})]},
        match=[matchers.query_param_matcher({"includeOptional": "customFields"})])
    assert erp.orders.get(21, custom_fields=True).custom_fields == {"PCF_SUPREF": "SUP-1"}
    assert len(mocked.calls) == 1


def test_an_order_without_custom_fields_asked_for_has_none(erp, mocked):
    mocked.get(url("order-service/order/21"), json={"response": [order_json(21)]},
               match=[matchers.query_param_matcher({})])
    assert erp.orders.get(21).custom_fields == {}


def test_a_note_whose_answer_was_lost_is_found_by_its_reference_not_written_twice(erp, mocked):
    mocked.post(url("order-service/order/21/note"), json=UNAVAILABLE, status=503)
    _notes(mocked, ["Buyer: hello", NOTE])
    note_id = erp.orders.add_note(21, NOTE, reference="SHP-1a2b")
    assert note_id == 101 and note_id.created
    assert [c.request.method for c in mocked.calls] == ["POST", "GET"]


def test_a_note_that_did_not_land_is_sent_again_with_the_same_text(erp, mocked):
    mocked.post(url("order-service/order/21/note"), body=requests.ReadTimeout("timed out"))
    _notes(mocked, ["Buyer: hello"])
    mocked.post(url("order-service/order/21/note"), json={"response": 102},
                match=[matchers.json_params_matcher({"text": NOTE, "isPublic": True})])
    assert erp.orders.add_note(21, NOTE, reference="SHP-1a2b") == 102
    assert [c.request.method for c in mocked.calls] == ["POST", "GET", "POST"]


def test_a_note_without_a_reference_is_never_resent(erp, mocked):
    mocked.post(url("order-service/order/21/note"), json=UNAVAILABLE, status=503)
    with pytest.raises(ErpUnavailable) as failed:
        erp.orders.add_note(21, "hello")
    assert failed.value.ambiguous and len(mocked.calls) == 1


def test_a_reference_the_text_does_not_hold_is_a_programming_error(erp):
    with pytest.raises(ValueError, match="reference"):
        erp.orders.add_note(21, "hello", reference="SHP-1")


def test_a_status_change_whose_answer_was_lost_counts_once_the_order_shows_it(erp, mocked):
    mocked.put(url("order-service/order/21/status"), json=UNAVAILABLE, status=503)
    mocked.get(url("order-service/order/21"), json={"response": [order_json(
        21, orderStatus={"orderStatusId": 15, "name": "Acknowledged"})]})
    erp.orders.set_status(21, 15, verify=True)
    assert [c.request.method for c in mocked.calls] == ["PUT", "GET"]


def test_a_status_change_that_did_not_land_is_sent_again(erp, mocked):
    mocked.put(url("order-service/order/21/status"), json=UNAVAILABLE, status=503)
    mocked.get(url("order-service/order/21"), json={"response": [order_json(21)]})
    mocked.put(url("order-service/order/21/status"), json={})
    erp.orders.set_status(21, 15, verify=True)
    assert [c.request.method for c in mocked.calls] == ["PUT", "GET", "PUT"]


def test_the_delivery_date_is_patched_and_read_back_after_a_lost_answer(erp, mocked):
    patch = [{"op": "replace", "path": "/delivery/deliveryDate", "value": "2027-02-03"}]
    mocked.patch(url("order-service/order/21"), json=UNAVAILABLE, status=503,
                 match=[matchers.json_params_matcher(patch)])
    mocked.get(url("order-service/order/21"), json={"response": [order_json(
        21, delivery={"deliveryDate": "2027-02-03T00:00:00+00:00"})]})
    erp.orders.set_delivery_date(21, date(2027, 2, 3))
    assert [c.request.method for c in mocked.calls] == ["PATCH", "GET"]


def test_a_verified_custom_field_is_read_back_after_a_lost_answer(erp, mocked):
    mocked.patch(url("order-service/order/21/custom-field"), json=UNAVAILABLE, status=503)
    mocked.get(url("order-service/order/21/custom-field"),
               json={"response": {"PCF_SUPTRACK": "1Z9"}})
    erp.orders.set_custom_field(21, "PCF_SUPTRACK", "1Z9", verify=True)
    assert [c.request.method for c in mocked.calls] == ["PATCH", "GET"]


def test_an_unverified_custom_field_is_not_retried_after_a_lost_answer(erp, mocked):
    mocked.patch(url("contact-service/contact/4/custom-field"), json=UNAVAILABLE, status=503)
    with pytest.raises(ErpUnavailable):
        erp.contacts.set_custom_field(4, "PCF_PORTALSESS", "x")
    assert len(mocked.calls) == 1
