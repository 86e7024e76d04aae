"""Purchase orders as the supplier may see them: their own, in the statuses of the supplier table,
with what the notes say was promised and shipped (`records`).

A list costs one search and one GET; a purchase order's page three requests (the order with its
custom fields, its notes, the buyer), whatever the number of lines, shipments or notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from connector.constants import OrderType, PurchaseStatus
from connector.errors import ErpNotFound
from connector.models import Order, OrderNote
from portal_web.documents import DocumentRule, all_documents, document_page, load_document
from portal_web.paging import check_page
from portal_web.statuses import StatusTable
from portal_web.supplier.records import Acknowledgement, Comment, Shipment, parse, shipped_units

PAGE_SIZE = 20
EXPORT_LIMIT = 2000  # POs in one CSV: 4 searches and 10 GETs at the most
MAX_QUERY = 60
SUPPLIER_REF = "PCF_SUPREF"  # the supplier's reference for the order (erp-api.md)
TRACKING = "PCF_SUPTRACK"  # the last tracking number the supplier gave (docs/erp-contract.md)
# ERP statuses (by name) in which a supplier may still acknowledge, and ship.
OPEN = frozenset({PurchaseStatus.SENT, PurchaseStatus.ACKNOWLEDGED,
                  PurchaseStatus.PARTLY_SHIPPED})


def status_table(erp, settings) -> StatusTable:
    return StatusTable.build(erp.reference.statuses(), settings.supplier_status_map,
                             OrderType.PURCHASE_ORDER)


def po_rule(table: StatusTable) -> DocumentRule:
    """Purchase orders in the statuses the supplier table labels: what lists and pages show."""
    return DocumentRule(OrderType.PURCHASE_ORDER, frozenset(table.visible_ids))


@dataclass(frozen=True)
class ListFilter:
    """`?status=` (a label's slug) and `?q=` (a reference, as the buyer wrote it)."""

    slug: str = ""
    query: str = ""

    @classmethod
    def read(cls, args, table: StatusTable) -> ListFilter:
        """The filter of a list address; ValueError with the message to show."""
        slug, query = args.get("status", "").strip(), args.get("q", "").strip()
        if slug and not table.ids_for(slug):
            raise ValueError("There is no such status.")
        if len(query) > MAX_QUERY:
            raise ValueError(f"A reference has at most {MAX_QUERY} characters.")
        return cls(slug, query)

    def search(self, table: StatusTable) -> dict:
        """Keyword arguments of `document_page`/`all_documents` for this filter."""
        found = {"status_ids": table.ids_for(self.slug) if self.slug else None}
        if self.query:
            found["customerRef"] = self.query  # Brightpearl's column for an order's reference
        return found


def purchase_orders_page(erp, table: StatusTable, profile, wanted: ListFilter, page: int):
    """One page of the supplier's POs, newest first: one search, one GET (with custom fields)."""
    return check_page(document_page(erp, po_rule(table), profile, page=page,
                                    page_size=PAGE_SIZE, **wanted.search(table)))


def purchase_orders_export(erp, table: StatusTable, profile, wanted: ListFilter) -> list[Order]:
    """Every PO the filter shows (TooManyDocuments past EXPORT_LIMIT)."""
    return all_documents(erp, po_rule(table), profile, limit=EXPORT_LIMIT, custom_fields=True,
                         **wanted.search(table))


@dataclass(frozen=True)
class Line:
    row: object  # connector OrderRow
    shipped: int
    promised: date | None  # the line's own date, from the latest acknowledgement

    @property
    def ordered(self) -> int:
        return int(self.row.quantity)

    @property
    def remaining(self) -> int:
        return max(self.ordered - self.shipped, 0)


@dataclass(frozen=True)
class Entry:
    """One public note of the thread: who wrote it, when, and what it says (or its record)."""

    kind: str  # "buyer", "comment", "acknowledgement", "shipment"
    author: str
    added_on: datetime | None
    text: str = ""
    record: object = None


@dataclass(frozen=True)
class History:
    """What an order's notes say: the portal's records, and the public thread."""

    notes: tuple[OrderNote, ...]
    records: tuple = field(default=())

    @classmethod
    def of(cls, notes) -> History:
        return cls(tuple(notes), tuple(parse(n.text, n.added_on) if n.is_public else None
                                       for n in notes))

    def _kind(self, kind) -> list:
        return [r for r in self.records if isinstance(r, kind)]

    @property
    def shipments(self) -> list[Shipment]:
        return self._kind(Shipment)

    @property
    def acknowledgement(self) -> Acknowledgement | None:
        """The latest acknowledgement: what the supplier promises now."""
        found = self._kind(Acknowledgement)
        return found[-1] if found else None

    def has(self, ref: str) -> bool:
        return any(getattr(r, "ref", None) == ref for r in self.records)

    def thread(self, order: Order, buyer) -> list[Entry]:
        """The public notes, oldest first; the supplier never sees a private one."""
        entries = []
        for note, record in zip(self.notes, self.records, strict=True):
            if not note.is_public:
                continue
            if record is None:
                by_buyer = buyer is not None and note.added_by == order.owner_id
                entries.append(Entry("buyer", buyer.name if by_buyer else "Buyer",
                                     note.added_on, note.text))
            else:
                author = record.author if isinstance(record, Comment) else ""
                entries.append(Entry(_KIND_OF[type(record)], author, note.added_on,
                                     record.text if isinstance(record, Comment) else "", record))
        return entries


_KIND_OF = {Acknowledgement: "acknowledgement", Shipment: "shipment", Comment: "comment"}


@dataclass(frozen=True)
class LoadedPurchaseOrder:
    """A PO the supplier may see, and its notes: two ERP requests."""

    order: Order
    history: History

    def lines(self) -> list[Line]:
        shipped = shipped_units(self.history.shipments)
        ack = self.history.acknowledgement
        dates = dict(ack.lines) if ack else {}
        return [Line(row, shipped.get(row.id, 0), dates.get(row.id)) for row in self.order.rows]

    def remaining(self) -> dict[int, int]:
        return {line.row.id: line.remaining for line in self.lines()}

    @property
    def is_open(self) -> bool:
        """Still to be acknowledged or shipped by the supplier."""
        return self.order.status_name in OPEN


def load_purchase_order(erp, table: StatusTable, po_id: int, profile) -> LoadedPurchaseOrder:
    """The PO (404 unless it is the supplier's and visible) with its custom fields, and notes."""
    order = load_document(erp, po_rule(table), po_id, profile, custom_fields=True)
    return LoadedPurchaseOrder(order, History.of(erp.orders.notes(order.id)))


@dataclass(frozen=True)
class Buyer:
    """The PO's owner at the buying company: who the supplier deals with."""

    name: str
    email: str
    phone: str


def buyer_of(erp, order: Order) -> Buyer | None:
    """One contact GET; None when the PO has no owner (or the ERP no longer has them)."""
    if order.owner_id is None:
        return None
    try:
        contact = erp.contacts.get(order.owner_id)
    except ErpNotFound:
        return None
    name = f"{contact.first_name} {contact.last_name}".strip() or contact.display_name
    return Buyer(name, contact.email, contact.phone)
