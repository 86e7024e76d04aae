"""Quotes in the fake ERP: the declined status, the seeded quotes, notes with their authors,
Brightpearl's order-note search, the If-Match guard on status changes and unique task
references (docs/erp-contract.md)."""

from __future__ import annotations

import datetime as dt

from tests.fixtures_erp import (
    DEMO_CUSTOMER_ID,
    DEMO_ORDER_BY_STATUS,
    EXPIRED_QUOTE_ID,
    QUOTE_IDS,
    STAFF_IDS,
)

ACTIVE_QUOTE = DEMO_ORDER_BY_STATUS["Quote"]


def _status_id(fake_erp, name: str) -> int:
    statuses = fake_erp.get("/order-service/order-status").json()["response"]
    return next(s["statusId"] for s in statuses if s["name"] == name)


def _order(fake_erp, order_id: int) -> dict:
    path = f"/order-service/order/{order_id}?includeOptional=customFields"
    return fake_erp.get(path).json()["response"][0]


def _quote(fake_erp) -> int:
    return fake_erp.create_sales_order(DEMO_CUSTOMER_ID, statusId=_status_id(fake_erp, "Quote"))


def test_the_declined_status_is_a_sales_status_appended_to_the_table(fake_erp):
    statuses = fake_erp.get("/order-service/order-status").json()["response"]
    declined = [s for s in statuses if s["name"] == "Declined"]
    assert declined == [{**declined[0], "orderTypeCode": "SO", "state": "cancelled"}]
    assert declined[0]["statusId"] == max(s["statusId"] for s in statuses)


def test_the_demo_customer_has_active_expiring_expired_declined_and_accepted_quotes(fake_erp):
    today = dt.datetime.now(dt.UTC).date()

    def valid_to(order_id):
        return dt.date.fromisoformat(_order(fake_erp, order_id)["customFields"]["PCF_VALIDTO"])

    assert valid_to(ACTIVE_QUOTE) > today + dt.timedelta(days=30)
    assert valid_to(EXPIRED_QUOTE_ID) < today
    assert today < valid_to(QUOTE_IDS["expiring"]) <= today + dt.timedelta(days=7)
    assert _order(fake_erp, QUOTE_IDS["declined"])["orderStatus"]["name"] == "Declined"
    accepted = _order(fake_erp, QUOTE_IDS["accepted"])
    assert accepted["orderStatus"]["name"] == "Confirmed"
    notes = fake_erp.get(f"/order-service/order/{accepted['id']}/note").json()["response"]
    (acceptance,) = [n for n in notes if n["text"].startswith("Accepted in the portal by")]
    assert acceptance["text"].startswith("Accepted in the portal by Claire Dubois")
    assert acceptance["addedBy"] == DEMO_CUSTOMER_ID


def test_the_demo_quote_has_a_conversation_between_staff_and_customer(fake_erp):
    notes = fake_erp.get(f"/order-service/order/{ACTIVE_QUOTE}/note").json()["response"]
    authors = [n["addedBy"] for n in notes if n["isPublic"]]
    assert authors[:3] == [STAFF_IDS[0], DEMO_CUSTOMER_ID, STAFF_IDS[0]]
    assert [n["addedOn"] for n in notes] == sorted(n["addedOn"] for n in notes)


def test_a_note_names_the_author_it_was_given(fake_erp):
    quote = _quote(fake_erp)
    answer = fake_erp.post(f"/order-service/order/{quote}/note",
                           {"text": "Can you hold the price?", "isPublic": True,
                            "addedBy": DEMO_CUSTOMER_ID})
    assert answer.status_code == 200
    (note,) = fake_erp.get(f"/order-service/order/{quote}/note").json()["response"]
    assert note == {**note, "noteId": answer.json()["response"], "addedBy": DEMO_CUSTOMER_ID,
                    "contactId": DEMO_CUSTOMER_ID, "isPublic": True}


def test_a_note_by_an_unknown_author_is_refused_and_not_stored(fake_erp):
    quote = _quote(fake_erp)
    answer = fake_erp.post(f"/order-service/order/{quote}/note",
                           {"text": "x", "addedBy": 999_999})
    assert answer.status_code == 400
    assert fake_erp.get(f"/order-service/order/{quote}/note").json()["response"] == []


def test_a_status_change_with_the_version_read_moves_the_order_and_adds_its_note(fake_erp):
    quote = _quote(fake_erp)
    version = _order(fake_erp, quote)["version"]
    body = {"orderStatusId": _status_id(fake_erp, "Confirmed"),
            "orderNote": {"text": "Accepted", "isPublic": True, "addedBy": DEMO_CUSTOMER_ID}}
    answer = fake_erp.put(f"/order-service/order/{quote}/status", body,
                          headers={"If-Match": f'"{version}"'})
    assert answer.status_code == 200, answer.text
    assert _order(fake_erp, quote)["orderStatus"]["name"] == "Confirmed"
    assert _order(fake_erp, quote)["version"] == version + 1
    (note,) = fake_erp.get(f"/order-service/order/{quote}/note").json()["response"]
    assert note["addedBy"] == DEMO_CUSTOMER_ID


def test_a_status_change_against_a_stale_version_changes_nothing(fake_erp):
    quote = _quote(fake_erp)
    version = _order(fake_erp, quote)["version"]
    fake_erp.patch(f"/order-service/order/{quote}/custom-field",
                   [{"op": "add", "path": "/PCF_VALIDTO", "value": "2030-01-01"}])
    body = {"orderStatusId": _status_id(fake_erp, "Confirmed"),
            "orderNote": {"text": "Accepted", "isPublic": True}}
    answer = fake_erp.put(f"/order-service/order/{quote}/status", body,
                          headers={"If-Match": str(version)})
    assert answer.status_code == 412
    assert answer.json()["errors"][0]["code"] == "CMNC-412"
    assert _order(fake_erp, quote)["orderStatus"]["name"] == "Quote"
    assert fake_erp.get(f"/order-service/order/{quote}/note").json()["response"] == []


def test_order_note_search_finds_notes_by_contact_and_text(fake_erp):
    quote = _quote(fake_erp)
    fake_erp.post(f"/order-service/order/{quote}/note",
                  {"text": "Shared with a.b@example.com by someone", "isPublic": True})
    answer = fake_erp.get("/order-service/order-note-search",
                          params={"contactId": DEMO_CUSTOMER_ID, "noteText": "shared WITH a.b"})
    search = answer.json()["response"]
    names = [c["name"] for c in search["metaData"]["columns"]]
    assert names == ["orderId", "noteId", "contactId", "noteText", "isPublic", "dateAdded",
                     "addedBy", "orderStatusId"]
    assert [row[0] for row in search["results"]] == [quote]
    assert search["results"][0][3] == "Shared with a.b@example.com by someone"


def test_a_task_reference_is_unique(fake_erp):
    quote = _quote(fake_erp)
    body = {"assignedToContactId": STAFF_IDS[0], "subject": "Quote accepted", "orderId": quote,
            "reference": f"quote-accepted-{quote}"}
    first = fake_erp.post("/crm-service/task", body)
    again = fake_erp.post("/crm-service/task", {**body, "subject": "another"})
    assert first.status_code == 200
    assert again.status_code == 400 and again.json()["errors"][0]["code"] == "CRMC-014"
    found = fake_erp.get("/crm-service/task-search",
                         params={"reference": f"quote-accepted-{quote}"}).json()["response"]
    assert [row[0] for row in found["results"]] == [first.json()["response"]]
