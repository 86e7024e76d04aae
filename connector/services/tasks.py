"""CRM tasks (``crm-service``, an extension): follow-ups for staff, e.g. on a quote."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from ..models import Task
from ..written import WrittenId
from ._base import Service, new_id_from


class TaskService(Service):
    service = "crm-service"

    def create(self, assigned_to: int, subject: str, order_id: int | None = None,
               due_date: date | None = None, *, reference: str | None = None) -> int:
        """Create a task for a staff contact; returns its id.

        With a ``reference`` (unique in the ERP) the task is made at most once, like a sales
        order by its externalRef: after an ambiguous failure or a "reference already used"
        answer the task is looked up by it, and the id returned is a ``WrittenId`` whose
        ``.created`` says whether this call made it.
        """
        body: dict[str, Any] = {"assignedToContactId": int(assigned_to), "subject": subject}
        if order_id is not None:
            body["orderId"] = int(order_id)
        if due_date is not None:
            body["dueDate"] = due_date.isoformat()
        if reference is None:
            return new_id_from(self._write("POST", "task", body), "task POST")
        body["reference"] = reference
        answer = self._write("POST", "task", body,
                             lookup=lambda at: self.find_by_reference(reference, deadline_at=at))
        if isinstance(answer, WrittenId):
            return answer
        return WrittenId(new_id_from(answer, "task POST"), created=True)

    def find_by_reference(self, reference: str, *, deadline_at: float | None = None) -> int | None:
        """The id of the task made with this reference, if any."""
        found = self._search_page("task", {"reference": reference}, page=1, page_size=10,
                                  deadline_at=deadline_at)
        return next((int(row["taskId"]) for row in found.rows
                     if row.get("reference") == reference), None)

    def search(self, **filters: Any) -> Iterator[Task]:
        """Lazily, every task matching ``filters`` (500 per request)."""
        for row in self._search("task", filters):
            yield Task.from_api(row)
