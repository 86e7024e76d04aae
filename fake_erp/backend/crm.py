"""Tasks (**extension**, crm-service): MRPeasy-style CRM tasks, which Brightpearl lacks.

A task may carry a `reference` chosen by its client, unique like a sales order's externalRef: a
second task with the same reference is refused (400 CRMC-014) and creates nothing, so a client
that retries after a lost answer, or two requests racing, make one task.
"""

from __future__ import annotations

import logging

from fake_erp.backend import values as v
from fake_erp.backend.queries import exists
from fake_erp.backend.repository import Repository
from fake_erp.backend.search import Column, SearchSpec, run_search
from fake_erp.errors import BadRequest, Conflict

log = logging.getLogger(__name__)

TASK_SEARCH = SearchSpec(
    source="tasks",
    columns=(
        Column("taskId", "id", "IDSET"),
        Column("assignedToContactId", "assigned_to", "INTEGER"),
        Column("subject", "subject", "SEARCH_STRING"),
        Column("orderId", "order_id", "INTEGER"),
        Column("dueDate", "due_date", "PERIOD"),
        Column("createdOn", "created_on", "PERIOD"),
        Column("reference", "reference", "STRING"),
    ),
)


class Crm:
    def __init__(self, repo: Repository):
        self.repo = repo

    def create_task(self, body) -> int:
        """`POST /crm-service/task` `{assignedToContactId, subject, orderId?, dueDate?,
        reference?}`."""
        assigned = v.int_field(body, "assignedToContactId", required=True)
        subject = v.str_field(body, "subject", required=True, max_len=1000)
        order_id = v.int_field(body, "orderId")
        due = v.date_field(body, "dueDate")
        reference = v.str_field(body, "reference", max_len=64)
        with self.repo.write() as conn:
            if not exists(conn, "contacts", assigned):
                raise BadRequest(f"Unknown assignedToContactId: {assigned}")
            if order_id is not None and not exists(conn, "orders", order_id):
                raise BadRequest(f"Unknown orderId: {order_id}")
            if reference is not None and conn.execute(
                "SELECT 1 FROM tasks WHERE reference = ?", (reference,)
            ).fetchone():
                raise Conflict("reference already used", code="CRMC-014")
            task_id = conn.execute(
                "INSERT INTO tasks (assigned_to, subject, order_id, due_date, created_on,"
                " reference) VALUES (?, ?, ?, ?, ?, ?)",
                (assigned, subject, order_id, due, v.now_iso(), reference),
            ).lastrowid
        log.info("created task %s for contact %s", task_id, assigned)
        return task_id

    def search(self, params) -> dict:
        with self.repo.read() as conn:
            return run_search(conn, TASK_SEARCH, params)

    def all_tasks(self) -> list[dict]:
        """Every task, newest first (for `fake-erp tasks`)."""
        with self.repo.read() as conn:
            rows = conn.execute("SELECT * FROM tasks ORDER BY id DESC").fetchall()
        return [dict(row) for row in rows]
