"""CRM tasks (``crm-service``, an extension): follow-ups for staff, e.g. on a quote."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from ..models import Task
from ._base import Service, new_id_from


class TaskService(Service):
    service = "crm-service"

    def create(self, assigned_to: int, subject: str, order_id: int | None = None,
               due_date: date | None = None) -> int:
        """Create a task for a staff contact; returns its id."""
        body: dict[str, Any] = {"assignedToContactId": int(assigned_to), "subject": subject}
        if order_id is not None:
            body["orderId"] = int(order_id)
        if due_date is not None:
            body["dueDate"] = due_date.isoformat()
        return new_id_from(self._write("POST", "task", body), "task POST")

    def search(self, **filters: Any) -> Iterator[Task]:
        """Lazily, every task matching ``filters`` (500 per request)."""
        for row in self._search("task", filters):
            yield Task.from_api(row)
