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

        With a ``reference`` (chosen by the caller before the first attempt; the subject holds
        it) the task is made once: after an ambiguous failure the tasks are searched for it,
        and the task is sent again only when none has it. The id is then a ``WrittenId``.
        """
        if reference is not None and reference not in subject:
            raise ValueError("tasks.create: the subject must hold the reference it is found by")
        body: dict[str, Any] = {"assignedToContactId": int(assigned_to), "subject": subject}
        if order_id is not None:
            body["orderId"] = int(order_id)
        if due_date is not None:
            body["dueDate"] = due_date.isoformat()

        def found(deadline_at: float) -> int | None:
            return self.find(reference, order_id, deadline_at=deadline_at)

        answer = self._write("POST", "task", body, lookup=found if reference else None)
        if isinstance(answer, WrittenId):
            return answer
        task_id = new_id_from(answer, "task POST")
        return WrittenId(task_id, created=True) if reference is not None else task_id

    def find(self, reference: str, order_id: int | None = None, **kw: Any) -> int | None:
        """The first task whose subject holds ``reference`` (of that order, when given)."""
        filters: dict[str, Any] = {"subject": reference}
        if order_id is not None:
            filters["orderId"] = int(order_id)
        for row in self._search("task", filters, **kw):
            task = Task.from_api(row)
            if reference in task.subject:
                return task.id
        return None

    def search(self, **filters: Any) -> Iterator[Task]:
        """Lazily, every task matching ``filters`` (500 per request)."""
        for row in self._search("task", filters):
            yield Task.from_api(row)
