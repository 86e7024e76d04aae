"""What the supplier portal writes into a purchase order's notes, and how it reads it back.

Brightpearl has no record of a supplier's acknowledgement or shipment, so the portal keeps them
where the buyer sees them anyway: one public note each (docs/portal.md, "Purchase-order
records"). A note the portal writes has a fixed first line, `Supplier portal: <kind> <ref>`,
lines for people, and a last line `portal-record: <JSON>` for machines. Only a note whose first
line and last line agree is read as a record, so a comment cannot pose as a shipment (the
portal writes both lines around whatever a supplier types), and a buyer's note is never one.

Quantities shipped so far are the sum of the shipment records' lines, each record counted once
by its reference. The reference is chosen before the first attempt to write a record; the
connector finds the note by it after a lost answer (`add_note(..., reference=...)`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

log = logging.getLogger(__name__)

KINDS = {"acknowledgement": "ACK", "shipment": "SHP", "comment": "CMT"}
_HEADER = re.compile(r"^Supplier portal: (acknowledgement|shipment|comment) "
                     r"((?:ACK|SHP|CMT)-[0-9a-f]{12})$")
RECORD_PREFIX = "portal-record: "
MAX_NOTE_LENGTH = 10_000  # what the fake ERP takes; Brightpearl's own limit is not documented


def reference(kind: str, *parts: object) -> str:
    """`SHP-1a2b3c4d5e6f`: the kind's prefix and a digest of what makes the record itself."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()
    return f"{KINDS[kind]}-{digest[:12]}"


@dataclass(frozen=True)
class Acknowledgement:
    ref: str
    supplier_ref: str
    promised: date
    requested: date | None
    lines: Mapping[int, date] = field(default_factory=dict)  # row id -> that line's date
    added_on: datetime | None = None

    def same_promise(self, other: Acknowledgement) -> bool:
        """True when `other` promises the same (reference, date and line dates)."""
        return (self.supplier_ref, self.promised, dict(self.lines)) == (
            other.supplier_ref, other.promised, dict(other.lines))


@dataclass(frozen=True)
class Shipment:
    ref: str
    shipped_on: date
    carrier: str
    tracking: str
    lines: Mapping[int, int]  # row id -> units shipped
    added_on: datetime | None = None


@dataclass(frozen=True)
class Comment:
    ref: str
    text: str
    author: str = ""
    added_on: datetime | None = None


def parse(text: str, added_on: datetime | None = None):
    """The record a note holds (Acknowledgement, Shipment or Comment), or None."""
    lines = text.splitlines()
    header = _HEADER.match(lines[0]) if len(lines) >= 2 else None
    if header is None or not lines[-1].startswith(RECORD_PREFIX):
        return None
    try:
        data = json.loads(lines[-1].removeprefix(RECORD_PREFIX))
        if data.get("kind") != header[1] or data.get("ref") != header[2]:
            return None
        return _READERS[header[1]](data, lines[1:-1], added_on)
    except (ValueError, TypeError, KeyError, AttributeError) as e:
        log.warning("a purchase-order note looks like a portal record but is not one: %s", e)
        return None


def _acknowledgement(data: dict, _body: list[str], added_on) -> Acknowledgement:
    requested = data.get("requested")
    return Acknowledgement(
        data["ref"], str(data["supplier_ref"]), date.fromisoformat(data["promised"]),
        date.fromisoformat(requested) if requested else None,
        {int(k): date.fromisoformat(v) for k, v in data.get("lines", {}).items()}, added_on)


def _shipment(data: dict, _body: list[str], added_on) -> Shipment:
    lines = {int(k): int(v) for k, v in data["lines"].items()}
    if any(units < 0 for units in lines.values()):
        raise ValueError("a negative quantity")
    return Shipment(data["ref"], date.fromisoformat(data["shipped_on"]), str(data["carrier"]),
                    str(data["tracking"]), lines, added_on)


def _comment(data: dict, body: list[str], added_on) -> Comment:
    """The author's line (`<author> wrote:`) is for people; the record names the author."""
    return Comment(data["ref"], "\n".join(body[1:]), str(data.get("author", "")), added_on)


_READERS = {"acknowledgement": _acknowledgement, "shipment": _shipment, "comment": _comment}


def shipped_units(shipments: Iterable[Shipment]) -> dict[int, int]:
    """Units shipped so far per row id; a record met twice (by its reference) counts once."""
    seen: set[str] = set()
    total: dict[int, int] = {}
    for shipment in shipments:
        if shipment.ref in seen:
            continue
        seen.add(shipment.ref)
        for row_id, units in shipment.lines.items():
            total[row_id] = total.get(row_id, 0) + units
    return total


def acknowledgement_text(ack: Acknowledgement, company: str, rows: Mapping[int, object]) -> str:
    """The note of an acknowledgement: `rows` (row id -> order row) name the dated lines."""
    people = [f"{company} acknowledged the order: their reference {ack.supplier_ref}, delivery "
              f"promised for {ack.promised.isoformat()}."]
    people += [f"- {_row_name(rows.get(row_id))}: by {day.isoformat()}"
               for row_id, day in sorted(ack.lines.items())]
    record = {"kind": "acknowledgement", "ref": ack.ref, "supplier_ref": ack.supplier_ref,
              "promised": ack.promised.isoformat(),
              "requested": ack.requested.isoformat() if ack.requested else None,
              "lines": {str(k): v.isoformat() for k, v in sorted(ack.lines.items())}}
    return _note("acknowledgement", ack.ref, people, record)


def shipment_text(shipment: Shipment, company: str, rows: Mapping[int, object]) -> str:
    """The note of a shipment: who shipped what, when, how; `rows` name the lines."""
    people = [f"{company} shipped on {shipment.shipped_on.isoformat()} by {shipment.carrier}, "
              f"tracking {shipment.tracking}."]
    people += [f"- {_row_name(rows.get(row_id))}: {units} of {_ordered(rows.get(row_id))}"
               for row_id, units in sorted(shipment.lines.items())]
    record = {"kind": "shipment", "ref": shipment.ref,
              "shipped_on": shipment.shipped_on.isoformat(), "carrier": shipment.carrier,
              "tracking": shipment.tracking,
              "lines": {str(k): str(v) for k, v in sorted(shipment.lines.items())}}
    return _note("shipment", shipment.ref, people, record)


def comment_text(comment: Comment) -> str:
    """The note of a supplier's comment: who wrote, then their words."""
    return _note("comment", comment.ref, [f"{comment.author} wrote:", *comment.text.split("\n")],
                 {"kind": "comment", "ref": comment.ref, "author": comment.author})


def _note(kind: str, ref: str, people: list[str], record: dict) -> str:
    data = json.dumps({**record, "v": 1}, sort_keys=True, separators=(",", ":"))
    return "\n".join([f"Supplier portal: {kind} {ref}", *people, RECORD_PREFIX + data])


def _row_name(row) -> str:
    return f"{row.sku} {row.name}".strip() if row is not None else "a line no longer on the order"


def _ordered(row) -> str:
    return str(row.quantity) if row is not None else "?"
