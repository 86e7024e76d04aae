"""Acknowledge, ship (in parts), comment: what each writes in the ERP, exactly once, and what bad
input gets (a message, and nothing written)."""

from __future__ import annotations

import html
import json
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest

from portal_web.supplier.records import Shipment, reference, shipment_text
from tests.fixtures_erp import STAFF_IDS

BUYER = STAFF_IDS[2]
LATER = (date.today() + timedelta(days=30)).isoformat()
LATER_STILL = (date.today() + timedelta(days=40)).isoformat()
TODAY = date.today().isoformat()
_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


@pytest.fixture
def po(supplier, make_purchase_order) -> int:
    """A new PO of the logged-in supplier: 10 units of one line, 4 of another."""
    return make_purchase_order(supplier, lines=((1, 10, "5.00"), (2, 4, "2.00")))


def _order(portal, po_id: int):
    return portal.erp.orders.get(po_id, custom_fields=True)


def _notes(portal, po_id: int) -> list:
    return [n for n in portal.erp.orders.notes(po_id) if n.text.startswith("Supplier portal")]


def _tasks(portal, po_id: int) -> list:
    return list(portal.erp.tasks.search(orderId=po_id))


def _record(note) -> dict:
    return json.loads(note.text.splitlines()[-1].removeprefix("portal-record: "))


def _writes(fake_erp) -> list[str]:
    return [k for k in fake_erp.requests()["by_endpoint"] if not k.startswith("GET")]


def _ship_form(shopper, po_id: int, units: dict, **fields) -> dict:
    """The ship form as the page serves it (its token), with `units` per row id."""
    token = _TOKEN.search(shopper.get(f"/supplier/purchase-orders/{po_id}").text).group(1)
    form = {"shipped_on": TODAY, "carrier": "DHL Express", "tracking": "1Z999AA1",
            "form_token": token, **fields}
    form.update({f"qty-{row_id}": str(n) for row_id, n in units.items()})
    return form


def _rows(portal, po_id: int) -> list[int]:
    return [row.id for row in portal.erp.orders.get(po_id).rows]


def _acknowledge(shopper, po_id, promised=LATER, ref="SUP-7001", **extra):
    return shopper.post(f"/supplier/purchase-orders/{po_id}/acknowledge",
                        {"supplier_ref": ref, "promised": promised, **extra})


def test_acknowledging_sets_reference_date_status_and_tells_the_buyer(shopper, po, portal):
    page = _acknowledge(shopper, po)
    assert page.status_code == 200 and page.url.endswith(f"/supplier/purchase-orders/{po}")
    assert "Acknowledged: delivery promised for" in html.unescape(page.text)
    order = _order(portal, po)
    assert order.status_name == "Acknowledged"
    assert order.custom_fields["PCF_SUPREF"] == "SUP-7001"
    assert order.delivery_date.isoformat() == LATER
    (note,) = _notes(portal, po)
    assert note.is_public and "delivery promised for " + LATER in note.text
    record = _record(note)
    assert (record["kind"], record["supplier_ref"], record["requested"]) == (
        "acknowledgement", "SUP-7001", "2026-12-15")
    (task,) = _tasks(portal, po)
    assert task.assigned_to == BUYER and record["ref"] in task.subject
    assert "Requested delivery" in page.text and "15 Dec 2026" in page.text


def test_the_same_acknowledgement_again_changes_nothing(shopper, po, portal, fake_erp):
    _acknowledge(shopper, po)
    fake_erp.reset()
    again = _acknowledge(shopper, po)
    assert "already been recorded: nothing changed" in html.unescape(again.text)
    assert _writes(fake_erp) == []
    assert len(_notes(portal, po)) == 1 and len(_tasks(portal, po)) == 1


def test_a_changed_date_is_a_new_note_and_a_new_task(shopper, po, portal):
    _acknowledge(shopper, po)
    _acknowledge(shopper, po, promised=LATER_STILL)
    order = _order(portal, po)
    assert order.delivery_date.isoformat() == LATER_STILL
    assert order.status_name == "Acknowledged"
    notes = _notes(portal, po)
    assert [_record(n)["promised"] for n in notes] == [LATER, LATER_STILL]
    assert [_record(n)["requested"] for n in notes] == ["2026-12-15"] * 2  # the buyer's date
    assert len(_tasks(portal, po)) == 2


def test_line_dates_are_recorded_and_shown(shopper, po, portal):
    first, second = _rows(portal, po)
    _acknowledge(shopper, po, **{f"date-{second}": LATER_STILL})
    assert _record(_notes(portal, po)[0])["lines"] == {str(second): LATER_STILL}
    page = html.unescape(shopper.get(f"/supplier/purchase-orders/{po}").text)
    line = re.search(rf'<tr id="line-{second}">.*?</tr>', page, re.S).group(0)
    assert date.fromisoformat(LATER_STILL).strftime("%-d %b %Y") in line


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"supplier_ref": "", "promised": LATER}, "supplier_ref", "Enter your order reference."),
    ({"supplier_ref": "A\x07B", "promised": LATER}, "supplier_ref", "one line of plain text"),
    ({"supplier_ref": "x" * 41, "promised": LATER}, "supplier_ref", "at most 40 characters"),
    ({"supplier_ref": "S1", "promised": ""}, "promised", "Enter the delivery date."),
    ({"supplier_ref": "S1", "promised": "2026-02-30"}, "promised", "as a date"),
    ({"supplier_ref": "S1", "promised": "2020-01-01"}, "promised", "cannot be before"),
    ({"supplier_ref": "S1", "promised": "2099-01-01"}, "promised", "cannot be after"),
])
def test_a_bad_acknowledgement_gets_its_message_and_writes_nothing(shopper, po, fake_erp,
                                                                   form, field, message):
    fake_erp.reset()
    page = shopper.post(f"/supplier/purchase-orders/{po}/acknowledge", form)
    assert page.status_code == 400
    error = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', page.text)
    assert error and message in html.unescape(error.group(1))
    assert 'aria-invalid="true"' in page.text
    assert _writes(fake_erp) == []


def test_partial_then_final_shipment_moves_the_status(shopper, po, portal):
    first, second = _rows(portal, po)
    part = shopper.post(f"/supplier/purchase-orders/{po}/ship",
                        _ship_form(shopper, po, {first: 6}, tracking="TRK-1"))
    assert "part of the order has now shipped" in html.unescape(part.text)
    order = _order(portal, po)
    assert order.status_name == "Partly shipped by supplier"
    assert order.custom_fields["PCF_SUPTRACK"] == "TRK-1"
    (note,) = _notes(portal, po)
    assert note.is_public and "6 of 10" in note.text
    assert _record(note)["lines"] == {str(first): "6"}
    line = re.search(rf'<tr id="line-{first}">.*?</tr>', part.text, re.S).group(0)
    assert [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', line)] == [10, 6, 4]

    rest = shopper.post(f"/supplier/purchase-orders/{po}/ship",
                        _ship_form(shopper, po, {first: 4, second: 4}, tracking="TRK-2"))
    assert "everything has now shipped" in html.unescape(rest.text)
    order = _order(portal, po)
    assert order.status_name == "Shipped by supplier"
    assert order.custom_fields["PCF_SUPTRACK"] == "TRK-2"
    assert len(_notes(portal, po)) == 2 and len(_tasks(portal, po)) == 2
    assert "Record a shipment" not in rest.text and ">Shipped</span>" in rest.text


def test_a_shipment_of_more_than_is_left_is_refused_and_changes_nothing(shopper, po, portal,
                                                                       fake_erp):
    first, _ = _rows(portal, po)
    shopper.post(f"/supplier/purchase-orders/{po}/ship", _ship_form(shopper, po, {first: 7}))
    form = _ship_form(shopper, po, {first: 4})
    fake_erp.reset()
    refused = shopper.post(f"/supplier/purchase-orders/{po}/ship", form)
    assert refused.status_code == 400
    assert "Only 3 left to ship on this line: you cannot ship 4." in html.unescape(refused.text)
    assert f'id="qty-{first}" name="qty-{first}" type="number"' in refused.text
    assert _writes(fake_erp) == []
    assert len(_notes(portal, po)) == 1 and _order(portal, po).status_name == (
        "Partly shipped by supplier")


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"carrier": ""}, "carrier", "Enter the carrier."),
    ({"tracking": "1Z\n2"}, "tracking", "one line of plain text"),
    ({"shipped_on": "2099-01-01"}, "shipped_on", "cannot be after"),
    ({"shipped_on": "yesterday"}, "shipped_on", "as a date"),
    ({"form_token": "?"}, "form", "This form has expired"),
])
def test_a_bad_shipment_gets_its_message_and_writes_nothing(shopper, po, portal, fake_erp,
                                                           fields, field, message):
    first, _ = _rows(portal, po)
    form = _ship_form(shopper, po, {first: 1}, **fields)
    fake_erp.reset()
    page = shopper.post(f"/supplier/purchase-orders/{po}/ship", form)
    assert page.status_code == 400 and message in html.unescape(page.text)
    assert _writes(fake_erp) == []


def test_a_shipment_of_nothing_or_of_no_whole_number_is_refused(shopper, po, portal):
    first, second = _rows(portal, po)
    empty = shopper.post(f"/supplier/purchase-orders/{po}/ship", _ship_form(shopper, po, {}))
    assert empty.status_code == 400 and "at least one line" in empty.text
    fraction = shopper.post(f"/supplier/purchase-orders/{po}/ship", _ship_form(
        shopper, po, {first: "1.5", second: "9" * 40}))
    assert fraction.status_code == 400
    assert html.unescape(fraction.text).count("Enter a whole number of units.") == 2
    assert _notes(portal, po) == []


def test_fields_the_form_does_not_have_are_ignored(shopper, po, portal, make_purchase_order,
                                                   supplier):
    other = make_purchase_order(supplier)
    first, _ = _rows(portal, po)
    (other_row,) = _rows(portal, other)
    form = _ship_form(shopper, po, {first: 2, other_row: 5}, orderStatusId="17", price="0.01",
                      contactId="1")
    shopper.post(f"/supplier/purchase-orders/{po}/ship", form)
    assert _record(_notes(portal, po)[0])["lines"] == {str(first): "2"}
    assert _order(portal, po).status_name == "Partly shipped by supplier"
    assert _notes(portal, other) == []


def _at_once(shopper, path: str, forms: list[dict]) -> list:
    cookies = shopper.session.cookies.copy()

    def send(form):
        return shopper.session.post(shopper.portal.url + path, data={
            **form, "csrf_token": shopper.csrf}, cookies=cookies, timeout=30)

    with ThreadPoolExecutor(len(forms)) as pool:
        return list(pool.map(send, forms))


def test_a_double_click_records_one_shipment_and_one_task(shopper, po, portal, fake_erp):
    first, _ = _rows(portal, po)
    form = _ship_form(shopper, po, {first: 3})
    fake_erp.set_faults(jitter_ms=80)
    answers = _at_once(shopper, f"/supplier/purchase-orders/{po}/ship", [form] * 4)
    fake_erp.set_faults(jitter_ms=0)
    assert {a.status_code for a in answers} == {200}
    assert len(_notes(portal, po)) == 1 and len(_tasks(portal, po)) == 1
    texts = [html.unescape(a.text) for a in answers]
    assert sum("Shipment recorded" in t for t in texts) == 1
    assert sum("already been recorded" in t for t in texts) == 3


def test_two_different_shipments_at_once_never_ship_more_than_ordered(shopper, po, portal):
    first, _ = _rows(portal, po)
    forms = [_ship_form(shopper, po, {first: 7}, tracking="A"),
             _ship_form(shopper, po, {first: 7}, tracking="B")]
    answers = _at_once(shopper, f"/supplier/purchase-orders/{po}/ship", forms)
    assert sorted(a.status_code for a in answers) == [200, 400]
    assert len(_notes(portal, po)) == 1


def test_a_form_sent_again_after_it_was_recorded_is_not_recorded_twice(shopper, po, portal):
    first, _ = _rows(portal, po)
    form = _ship_form(shopper, po, {first: 10})
    shopper.post(f"/supplier/purchase-orders/{po}/ship", form)
    again = shopper.post(f"/supplier/purchase-orders/{po}/ship", form)  # the browser's retry
    assert again.status_code == 200 and "already been recorded" in html.unescape(again.text)
    assert len(_notes(portal, po)) == 1 and len(_tasks(portal, po)) == 1


def test_acknowledge_and_ship_are_exactly_once_when_every_write_fails_after_commit(
        shopper, po, portal, fake_erp):
    first, second = _rows(portal, po)
    form = _ship_form(shopper, po, {first: 10, second: 4}, tracking="CTF-1")
    fake_erp.set_faults(commit_then_fail_rate=1.0)
    acknowledged = _acknowledge(shopper, po)
    shipped = shopper.post(f"/supplier/purchase-orders/{po}/ship", form)
    fake_erp.set_faults(commit_then_fail_rate=0.0)
    assert acknowledged.status_code == 200 and "Acknowledged: delivery promised" in html.unescape(
        acknowledged.text)
    assert shipped.status_code == 200 and "everything has now shipped" in html.unescape(
        shipped.text)
    order = _order(portal, po)
    assert order.status_name == "Shipped by supplier"
    assert order.custom_fields == {"PCF_SUPREF": "SUP-7001", "PCF_SUPTRACK": "CTF-1"}
    assert order.delivery_date.isoformat() == LATER
    assert [_record(n)["kind"] for n in _notes(portal, po)] == ["acknowledgement", "shipment"]
    assert len(_tasks(portal, po)) == 2


def test_a_retry_after_a_lost_task_makes_the_task_once(shopper, po, portal, fake_erp):
    """The note landed but the request died before the buyer's task (the note is written here
    as the portal writes it): sending the form again finds the note, writes no second one,
    and makes the missing task and status."""
    first, _ = _rows(portal, po)
    form = _ship_form(shopper, po, {first: 2})
    ref = reference("shipment", po, date.today(), "DHL Express", "1Z999AA1", [(first, 2)],
                    form["form_token"])
    text = shipment_text(Shipment(ref, date.today(), "DHL Express", "1Z999AA1", {first: 2}),
                         "Test Company", {})
    fake_erp.post(f"/order-service/order/{po}/note", {"text": text, "isPublic": True})
    answer = shopper.post(f"/supplier/purchase-orders/{po}/ship", form)
    assert "already been recorded" in html.unescape(answer.text)
    assert len(_notes(portal, po)) == 1
    (task,) = _tasks(portal, po)
    assert ref in task.subject
    assert _order(portal, po).status_name == "Partly shipped by supplier"


def test_a_fully_shipped_po_cannot_be_shipped_or_acknowledged_again(shopper, po, portal):
    first, second = _rows(portal, po)
    shopper.post(f"/supplier/purchase-orders/{po}/ship",
                 _ship_form(shopper, po, {first: 10, second: 4}))
    page = shopper.get(f"/supplier/purchase-orders/{po}")
    assert "Record a shipment" not in page.text and "Acknowledge this order" not in page.text
    form = _ship_form(shopper, po, {first: 1})
    refused = shopper.post(f"/supplier/purchase-orders/{po}/ship", form)
    assert refused.status_code == 409 and "can no longer be shipped" in refused.text
    assert _acknowledge(shopper, po).status_code == 409
    assert len(_notes(portal, po)) == 1


def test_comments_go_both_ways(shopper, po, portal, fake_erp):
    fake_erp.post(f"/order-service/order/{po}/note",
                  {"text": "Can you deliver before noon?", "isPublic": True})
    token = _TOKEN.search(shopper.get(f"/supplier/purchase-orders/{po}").text).group(1)
    sent = shopper.post(f"/supplier/purchase-orders/{po}/comments",
                        {"text": "Yes.\nBefore 11 am.", "form_token": token})
    assert "Comment sent to the buyer." in sent.text
    text = html.unescape(sent.text)
    assert text.index("Can you deliver before noon?") < text.index("Yes.\nBefore 11 am.")
    (note,) = _notes(portal, po)
    assert note.is_public and "Yes.\nBefore 11 am." in note.text
    (task,) = _tasks(portal, po)
    assert task.assigned_to == BUYER and "a comment from" in task.subject
    again = shopper.post(f"/supplier/purchase-orders/{po}/comments",
                         {"text": "Yes.\nBefore 11 am.", "form_token": token})
    assert "already been sent" in again.text and len(_notes(portal, po)) == 1


def test_a_comment_cannot_pose_as_a_shipment(shopper, po, portal):
    first, _ = _rows(portal, po)
    token = _TOKEN.search(shopper.get(f"/supplier/purchase-orders/{po}").text).group(1)
    forged = ("Supplier portal: shipment SHP-000000000000\nportal-record: "
              + json.dumps({"kind": "shipment", "ref": "SHP-000000000000",
                            "shipped_on": TODAY, "carrier": "x", "tracking": "x",
                            "lines": {str(first): "10"}, "v": 1}))
    shopper.post(f"/supplier/purchase-orders/{po}/comments", {"text": forged, "form_token": token})
    page = shopper.get(f"/supplier/purchase-orders/{po}")
    line = re.search(rf'<tr id="line-{first}">.*?</tr>', page.text, re.S).group(0)
    assert [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', line)] == [10, 0, 10]
    assert _order(portal, po).status_name == "Sent to supplier"


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001, "bell\x07"])
def test_a_bad_comment_is_refused_with_a_message(shopper, po, portal, text):
    token = _TOKEN.search(shopper.get(f"/supplier/purchase-orders/{po}").text).group(1)
    page = shopper.post(f"/supplier/purchase-orders/{po}/comments",
                        {"text": text, "form_token": token})
    assert page.status_code == 400 and 'id="text-error"' in page.text
    assert _notes(portal, po) == []
