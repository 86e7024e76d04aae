"""Shipments: goods-out notes of orders (``warehouse-service``)."""

from __future__ import annotations

from collections.abc import Iterable

from .._parse import as_dict
from ..idsets import chunked_idsets, unique_ids
from ..models import Shipment
from ._base import Service


class ShipmentService(Service):
    service = "warehouse-service"

    def for_orders(self, order_ids: Iterable[int]) -> dict[int, list[Shipment]]:
        """Every order's goods-out notes, keyed by order id (every id present), by id."""
        wanted = unique_ids(order_ids)
        shipments: dict[int, list[Shipment]] = {i: [] for i in wanted}
        for idset in chunked_idsets(wanted):
            notes = as_dict(self._get(f"order/{idset}/goods-note/goods-out") or {},
                            "goods-out notes")
            for note_id, note in notes.items():
                shipment = Shipment.from_api({**as_dict(note, "goods-out note"),
                                              "noteId": note_id})
                shipments.setdefault(shipment.order_id, []).append(shipment)
        for items in shipments.values():
            items.sort(key=lambda s: s.id)
        return shipments
