"""The purchase-order records the portal writes into notes read back as they were written, and
nothing else reads as one (docs/portal.md, "Purchase-order records")."""

from __future__ import annotations

import json
from datetime import date

import pytest

from portal_web.supplier.records import (
    Acknowledgement,
    Comment,
    Shipment,
    acknowledgement_text,
    comment_text,
    parse,
    reference,
    shipment_text,
    shipped_units,
)

SHIPMENT = Shipment(reference("shipment", 21, "form"), date(2026, 11, 2), "DHL", "1Z9",
                    {7: 4, 8: 1})


def test_each_kind_reads_back_as_it_was_written():
    ack = Acknowledgement(reference("acknowledgement", 21), "SUP-1", date(2026, 12, 1),
                          date(2026, 11, 20), {7: date(2026, 11, 30)})
    note = Comment(reference("comment", 21, "hi"), "Line one\nLine two", "Pennine Ltd")
    assert parse(acknowledgement_text(ack, "Pennine Ltd", {})) == ack
    assert parse(shipment_text(SHIPMENT, "Pennine Ltd", {})) == SHIPMENT
    assert parse(comment_text(note)) == note


def _with_record(text: str, **changes) -> str:
    lines = text.splitlines()
    record = json.loads(lines[-1].removeprefix("portal-record: "))
    return "\n".join([*lines[:-1], "portal-record: " + json.dumps({**record, **changes})])


@pytest.mark.parametrize("text", [
    "Please deliver before noon.",
    "Supplier portal: shipment SHP-000000000000",  # no record line
    _with_record(shipment_text(SHIPMENT, "x", {}), kind="comment"),  # the header says shipment
    _with_record(shipment_text(SHIPMENT, "x", {}), ref="SHP-111111111111"),
    _with_record(shipment_text(SHIPMENT, "x", {}), lines={"7": "-3"}),
    _with_record(shipment_text(SHIPMENT, "x", {}), lines={"7": "many"}),
    _with_record(shipment_text(SHIPMENT, "x", {}), shipped_on="soon"),
    shipment_text(SHIPMENT, "x", {}).rsplit("\n", 1)[0] + "\nportal-record: {not json",
    "Re: Supplier portal: shipment SHP-000000000000\nportal-record: {}",
])
def test_what_is_not_exactly_a_record_is_none(text):
    assert parse(text) is None


def test_shipped_units_add_up_per_line_and_count_a_record_once():
    again = Shipment(SHIPMENT.ref, date(2026, 11, 3), "DHL", "1Z9", {7: 4})
    later = Shipment(reference("shipment", 21, "other"), date(2026, 11, 4), "UPS", "X", {7: 2})
    assert shipped_units([SHIPMENT, again, later]) == {7: 6, 8: 1}


def test_a_reference_names_its_kind_and_depends_on_every_part():
    assert reference("shipment", 21, "a").startswith("SHP-")
    assert reference("shipment", 21, "a") == reference("shipment", 21, "a")
    assert reference("shipment", 21, "a") != reference("shipment", 21, "b")
    assert reference("shipment", 21, "a") != reference("shipment", 22, "a")
