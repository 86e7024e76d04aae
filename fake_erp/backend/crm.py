"""Tasks (**extension**, crm-service): MRPeasy-style CRM tasks, which Brightpearl lacks."""

from __future__ import annotations

import logging

from fake_erp.backend import values as v
from fake_erp.backend.repository import Repository
from fake_erp.errors import BadRequest
from fake_erp.search import Column, SearchSpec, run_search

log = logging.getLogger(__name__)

TASK_SEARCH = SearchSpec(
    source="tasks",
    columns=(
        Column("taskId", "id", "INTEGER"),
        Column("assignedToContactId", "assigned_to", "INTEGER"),
        Column("subject", "subject", "STRING"),
        Column("orderId", "order_id", "INTEGER"),
        Column("dueDate", "due_date", "DATETIME"),
        Column("createdOn", "created_on", "DATETIME"),
    ),
)


class Crm:
    def __init__(self, repo: Repository):
        self.repo = repo

    def create_task(self, body) -> int:
        """`POST /crm-service/task` `{assignedToContactId, subject, orderId?, dueDate?}`."""
        assigned = v.int_field(body, "assignedToContactId", required=True)
        subject = v.str_field(body, "subject", required=True, max_len=1000)
        order_id = v.int_field(body, "orderId")
        due = v.date_field(body, "dueDate")
        with self.repo.write() as conn:
            if not conn.execute("SELECT 1 FROM contacts WHERE id = ?", (assigned,)).fetchone():
                raise BadRequest(f"Unknown assignedToContactId: {assigned}")
            if (
                order_id is not None
                and not conn.execute("SELECT 1 FROM orders WHERE id = ?", (order_id,)).fetchone()
            ):
                raise BadRequest(f"Unknown orderId: {order_id}")
            task_id = conn.execute(
                "INSERT INTO tasks (assigned_to, subject, order_id, due_date, created_on)"
                " VALUES (?, ?, ?, ?, ?)",
                (assigned, subject, order_id, due, v.now_iso()),
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
