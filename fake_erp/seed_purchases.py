"""Demo purchase orders as a supplier sees them in the portal: the buyer, the warehouse, the
supplier's acknowledgement and shipments, the buyer's notes.

A purchase order is priced from the cost list in the supplier's currency, delivered to the
buyer's warehouse and owned by the buyer (the supplier's account manager, a staff contact). Its
history is written as the portal writes it (docs/portal.md, "Purchase-order records"): a public
note per acknowledgement and per shipment whose last line is a machine-readable record, the
supplier's reference in `PCF_SUPREF` and the last tracking number in `PCF_SUPTRACK`.

Everything random here comes from a stream of its own, so the sales orders and the rest of the
demo data are the same as they were before purchase orders got these details.
"""

from __future__ import annotations

import datetime as dt
import json
import random

from fake_erp.backend.reference import status_id
from fake_erp.backend.values import iso

# The statuses the random stream picks from: the six PO statuses of the first demo data (the
# appended "Partly shipped by supplier" would change every random pick after the first PO).
SEEDED_PO_STATUSES = [
    status_id(name)
    for name in ("Draft PO", "Sent to supplier", "Acknowledged", "Shipped by supplier",
                 "Received", "Cancelled PO")
]
PARTLY_SHIPPED = status_id("Partly shipped by supplier")
ALL_PO_STATUSES = [*SEEDED_PO_STATUSES, PARTLY_SHIPPED]
_ACKNOWLEDGED = {status_id(n) for n in ("Acknowledged", "Shipped by supplier", "Received")} | {
    PARTLY_SHIPPED}
_SHIPPED = {status_id("Shipped by supplier"), status_id("Received")}

# The buyer's warehouse: where every purchase order is delivered.
WAREHOUSE = {
    "addressFullName": "Goods In",
    "companyName": "Northwind Components Ltd",
    "addressLine1": "Unit 4, Canal Wharf",
    "addressLine2": "Water Lane",
    "addressLine3": "Leeds",
    "addressLine4": "West Yorkshire",
    "postalCode": "LS11 5PS",
    "countryIsoCode": "GBR",
    "telephone": "+44 113 496 0000",
    "email": "goods-in@example-erp.test",
}
CARRIERS = ("DHL Express", "DPD", "UPS", "Palletways", "FedEx")
BUYER_NOTES = (
    "Please deliver to Goods In, dock 2, before 3 pm.",
    "Label every carton with our PO number, please.",
    "Pallets no higher than 1.6 m: our racking takes no more.",
)


class PurchaseSeeder:
    """Dresses a seeded purchase order: reference, delivery, notes and custom fields."""

    def __init__(self, state_of: random.Random, add_note, add_field):
        # A stream of its own, seeded from the main one's state without drawing from it.
        self.rng = random.Random(str(state_of.getstate()[1]))  # noqa: S311 (demo data)
        self.add_note, self.add_field = add_note, add_field
        self.warehouse = json.dumps(WAREHOUSE)

    def dress(self, order: dict, rows: list[tuple], supplier: dict, placed: dt.datetime,
              supplier_ref: str) -> None:
        """Turns the order built like a sale into a purchase order as a buyer sends one."""
        order["reference"] = f"PO-{order['id']:05d}"
        order["delivery"] = self.warehouse
        status = order["status_id"]
        if self.rng.random() < 0.5:
            self._note(order, self.rng.choice(BUYER_NOTES), placed + dt.timedelta(hours=1),
                       added_by=order["owner_id"])
        if status in _ACKNOWLEDGED:
            when = placed + dt.timedelta(days=self.rng.randint(1, 3), hours=2)
            self._acknowledge(order, supplier, when, supplier_ref)
        if status in _SHIPPED or status == PARTLY_SHIPPED:
            when = placed + dt.timedelta(days=self.rng.randint(4, 9), hours=5)
            self._ship(order, rows, supplier, when, partly=status == PARTLY_SHIPPED)
        if self.rng.random() < 0.3:
            self._note(order, "Internal: compare this supplier's price with last quarter's.",
                       placed + dt.timedelta(hours=1), added_by=order["owner_id"], public=False)

    def _acknowledge(self, order: dict, supplier: dict, when, reference: str) -> None:
        promised = (dt.datetime.fromisoformat(order["delivery_date"])
                    + dt.timedelta(days=self.rng.randint(0, 5))).date().isoformat()
        record = {"kind": "acknowledgement", "ref": f"ACK-{order['id']:012x}",
                  "supplier_ref": reference, "promised": promised,
                  "requested": order["delivery_date"][:10], "lines": {}, "v": 1}
        text = [f"Supplier portal: acknowledgement {record['ref']}",
                f"{supplier['company']} acknowledged the order: their reference {reference}, "
                f"delivery promised for {promised}."]
        self._note(order, "\n".join([*text, _record_line(record)]), when)
        order["delivery_date"] = iso(dt.datetime.fromisoformat(promised + "T00:00:00+00:00"))
        self.add_field(order, "PCF_SUPREF", reference)

    def _ship(self, order: dict, rows: list[tuple], supplier: dict, when, *, partly: bool):
        """One shipment of every line; partly: half of the first line (which has at least two
        units, OrderSeeder sees to it), the lines between in full, none of the last."""
        shipped = {row[0]: row[5] for row in rows}
        if partly:
            shipped = {rows[0][0]: rows[0][5] // 2, **{row[0]: row[5] for row in rows[1:-1]}}
        carrier = self.rng.choice(CARRIERS)
        tracking = "".join(self.rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(14))
        day = when.date().isoformat()
        record = {"kind": "shipment", "ref": f"SHP-{order['id']:012x}", "shipped_on": day,
                  "carrier": carrier, "tracking": tracking,
                  "lines": {str(row_id): str(quantity) for row_id, quantity in shipped.items()},
                  "v": 1}
        by_id = {row[0]: row for row in rows}
        lines = [f"- {by_id[row_id][4]} {by_id[row_id][3]}: {quantity} of {by_id[row_id][5]}"
                 for row_id, quantity in shipped.items()]
        text = [f"Supplier portal: shipment {record['ref']}",
                f"{supplier['company']} shipped on {day} by {carrier}, tracking {tracking}.",
                *lines, _record_line(record)]
        self._note(order, "\n".join(text), when)
        self.add_field(order, "PCF_SUPTRACK", tracking)

    def _note(self, order: dict, text: str, when, *, added_by=None, public: bool = True):
        self.add_note(order, text, iso(when), added_by=added_by, public=public)


def supplier_specs(suppliers: list[dict], demo_supplier: int) -> list[dict]:
    """The last orders of the demo data, after the random ones: the demo supplier's partly
    shipped one (its others are orders 16-21), then one per status for every other supplier."""
    specs = [{"contact": demo_supplier, "type_code": "PO", "status": PARTLY_SHIPPED}]
    for supplier in suppliers:
        if supplier["id"] != demo_supplier:
            specs += [{"contact": supplier["id"], "type_code": "PO", "status": status}
                      for status in ALL_PO_STATUSES]
    return specs


def _record_line(record: dict) -> str:
    return "portal-record: " + json.dumps(record, sort_keys=True, separators=(",", ":"))
