"""What quotes need of the connector: conditional status changes, notes with their author, the
note search, custom fields with the order, and tasks made once by their reference."""

from __future__ import annotations

import pytest
import requests
from responses import matchers

from connector import ErpConflict, ErpUnavailable

from .conftest import UNAVAILABLE, order_json, search_body, url

NOTE_COLUMNS = ["orderId", "noteId", "contactId", "noteText", "isPublic", "dateAdded",
                "addedBy", "orderStatusId"]
TASK_COLUMNS = ["taskId", "assignedToContactId", "subject", "orderId", "dueDate", "createdOn",
                "reference"]
TASK_BODY = {"assignedToContactId": 1, "subject": "Quote 7 accepted", "orderId": 7,
             "reference": "quote-7-accepted"}


def test_a_conditional_status_change_sends_the_version_it_read(erp, mocked):
    mocked.put(url("order-service/order/7/status"), json={},
               match=[matchers.header_matcher({"If-Match": "4"}),
                      matchers.json_params_matcher({
                          "orderStatusId": 3,
                          "orderNote": {"text": "Accepted", "isPublic": True, "addedBy": 9}})])
    erp.orders.set_status(7, 3, "Accepted", author_id=9, if_version=4)
    assert len(mocked.calls) == 1


def test_a_stale_version_is_a_conflict_and_is_not_retried(erp, mocked):
    mocked.put(url("order-service/order/7/status"), status=412,
               json={"errors": [{"code": "CMNC-412", "message": "changed"}]})
    with pytest.raises(ErpConflict):
        erp.orders.set_status(7, 3, "Accepted", if_version=4)
    assert len(mocked.calls) == 1


def test_a_status_change_whose_answer_is_lost_is_ambiguous_and_not_resent(erp, mocked):
    mocked.put(url("order-service/order/7/status"), status=503, json=UNAVAILABLE)
    with pytest.raises(ErpUnavailable) as info:
        erp.orders.set_status(7, 3, "Accepted", if_version=4)
    assert info.value.ambiguous and len(mocked.calls) == 1


def test_a_note_names_its_author(erp, mocked):
    mocked.post(url("order-service/order/7/note"), json={"response": 55},
                match=[matchers.json_params_matcher({"text": "Hi", "isPublic": True,
                                                     "addedBy": 9})])
    assert erp.orders.add_note(7, "Hi", author_id=9) == 55


def test_note_search_rows_become_notes_with_their_order(erp, mocked):
    row = [7, 55, 9, "Shared with a@b.example", True, "2026-11-01T10:00:00+00:00", 9, 2]
    mocked.get(url("order-service/order-note-search"), json=search_body(NOTE_COLUMNS, [row]),
               match=[matchers.query_param_matcher({"contactId": "9", "noteText": "Shared",
                                                    "pageSize": "500", "firstResult": "1"})])
    (note,) = erp.orders.search_notes(contactId=9, noteText="Shared")
    assert (note.order_id, note.id, note.text, note.added_by) == (7, 55,
                                                                  "Shared with a@b.example", 9)
    assert note.added_on.year == 2026 and note.is_public


def test_custom_fields_come_with_the_order_when_asked(erp, mocked):
    mocked.get(url("order-service/order/7"),
               json={"response": [order_json(7, customFields={"PCF_VALIDTO": "2026-12-01"})]},
               match=[matchers.query_param_matcher({"includeOptional": "customFields"})])
    assert erp.orders.get(7, custom_fields=True).custom_fields == {"PCF_VALIDTO": "2026-12-01"}


def test_a_task_with_a_reference_answered_with_its_id_was_made_by_this_call(erp, mocked):
    mocked.post(url("crm-service/task"), json={"response": 31},
                match=[matchers.json_params_matcher(TASK_BODY)])
    task = erp.tasks.create(1, "Quote 7 accepted", order_id=7, reference="quote-7-accepted")
    assert task == 31 and task.created


def test_a_task_whose_reference_was_used_is_found_not_made_again(erp, mocked):
    mocked.post(url("crm-service/task"), status=400,
                json={"errors": [{"code": "CRMC-014", "message": "reference already used"}]})
    mocked.get(url("crm-service/task-search"),
               json=search_body(TASK_COLUMNS, [[31, 1, "Quote 7 accepted", 7, None, None,
                                                "quote-7-accepted"]]))
    task = erp.tasks.create(1, "Quote 7 accepted", order_id=7, reference="quote-7-accepted")
    assert task == 31 and not task.created
    assert len([c for c in mocked.calls if c.request.method == "POST"]) == 1


def test_a_task_whose_answer_was_lost_is_looked_up_before_it_is_sent_again(erp, mocked):
    mocked.post(url("crm-service/task"), body=requests.ConnectionError("connection reset"))
    mocked.get(url("crm-service/task-search"),
               json=search_body(TASK_COLUMNS, [[31, 1, "s", 7, None, None, "quote-7-accepted"]]))
    task = erp.tasks.create(1, "Quote 7 accepted", order_id=7, reference="quote-7-accepted")
    assert task == 31 and task.created
    assert len([c for c in mocked.calls if c.request.method == "POST"]) == 1
