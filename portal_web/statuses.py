"""Which ERP order statuses customers and suppliers see, and under which label (DESIGN.md,
"Order statuses shown to customers" and "Purchase-order statuses shown to suppliers").

The mapping is by status *name*, because ids differ between ERP accounts; the ids are looked up in
the ERP's status list (cached by the connector) each time a table is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from connector.constants import OrderType

# From the MRPeasy customer-portal document; PORTAL_STATUS_MAP replaces it.
DEFAULT_STATUS_MAP = {
    "Confirmed": "Ordered",
    "Waiting for production": "Processing",
    "In production": "Processing",
    "Ready for shipment": "Ready for shipment",
    "Shipped and invoiced": "Shipped",
    "Delivered": "Shipped",
}

# DESIGN.md's supplier table; PORTAL_SUPPLIER_STATUS_MAP replaces it. Drafts and cancelled
# purchase orders are not in it, so suppliers never see them.
DEFAULT_SUPPLIER_STATUS_MAP = {
    "Sent to supplier": "New",
    "Acknowledged": "Acknowledged",
    "Partly shipped by supplier": "Partly shipped",
    "Shipped by supplier": "Shipped",
    "Received": "Received",
}


def slugify(label: str) -> str:
    """The label as it appears in a URL's `?status=` (lower case, words joined by hyphens)."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


@dataclass(frozen=True)
class StatusTable:
    """The statuses of one order type a portal user may see: ERP status id -> portal label
    (sales orders for customers, purchase orders for suppliers)."""

    labels: dict[int, str]

    @classmethod
    def build(cls, statuses, status_map: dict[str, str],
              order_type: OrderType = OrderType.SALES_ORDER) -> StatusTable:
        """Matches the map's names against the ERP's statuses of that order type."""
        return cls(
            {s.id: status_map[s.name] for s in statuses
             if s.order_type == order_type.code and s.name in status_map}
        )

    def label(self, status_id: int) -> str | None:
        """The portal label, or None when the status is hidden from the portal."""
        return self.labels.get(status_id)

    @property
    def visible_ids(self) -> list[int]:
        return sorted(self.labels)

    def choices(self) -> list[tuple[str, str]]:
        """(slug, label) for the status filter, in the order the labels first appear."""
        seen: dict[str, str] = {}
        for status_id in self.visible_ids:
            label = self.labels[status_id]
            seen.setdefault(slugify(label), label)
        return list(seen.items())

    def ids_for(self, slug: str) -> list[int]:
        """The status ids shown under the label with this slug (empty when it is unknown)."""
        return [i for i, label in self.labels.items() if slugify(label) == slug]
