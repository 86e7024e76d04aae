"""What staff do in the ERP outside the API (``fake-erp order-status|invoice|ship``, and the
``/_fake/`` control plane): each change and the events it raises are written in one
transaction, so a running server's delivery thread sends them even though another process
made the change (the outbox)."""

from __future__ import annotations

from fake_erp.backend.orders import Orders
from fake_erp.backend.repository import Repository
from fake_erp.backend.warehouse import Warehouse
from fake_erp.backend.webhooks import Event, Webhooks


class Ops:
    def __init__(self, repo: Repository, orders: Orders, warehouse: Warehouse,
                 webhooks: Webhooks):
        self.repo, self.orders, self.warehouse, self.webhooks = repo, orders, warehouse, webhooks

    def set_status(self, order_id: int, status_id: int) -> None:
        """Move an order to a status (one of its type's)."""
        with self.repo.write():
            self.orders.set_status(order_id, {"orderStatusId": status_id})
            self.webhooks.raise_events([Event("order.modified.order-status", "order", order_id)])

    def invoice(self, order_id: int, tax_date: str | None = None) -> str:
        """Invoice an order (idempotent), dated `tax_date` (default today): its reference."""
        with self.repo.write():
            reference = self.orders.invoice(order_id, tax_date)
            self.webhooks.raise_events([Event("order.modified", "order", order_id)])
        return reference

    def ship(self, order_id: int, tracking: str) -> int:
        """Ship an order with a tracking number: the new goods-out note's id."""
        with self.repo.write():
            note_id = self.warehouse.ship(order_id, tracking)
            self.webhooks.raise_events([
                Event("goods-out-note.created", "goods-out-note", note_id),
                Event("goods-out-note.modified.shipped", "goods-out-note", note_id),
                Event("order.modified.fully-shipped", "order", order_id),
            ])
        return note_id
