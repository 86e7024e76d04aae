"""crm-service (**extension**): tasks for account managers."""

from __future__ import annotations

from fake_erp.routes import backend, json_body, ok, register_search, service_blueprint

bp = service_blueprint("crm-service")
register_search(bp, "task-search", lambda: backend().crm.search)


@bp.post("/task")
def create_task():
    return ok(backend().crm.create_task(json_body()))
