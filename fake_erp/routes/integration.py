"""integration-service: webhooks (Brightpearl's subscriptions to resource events)."""

from __future__ import annotations

from flask import current_app

from fake_erp.routes import backend, json_body, ok, optional_id_set, service_blueprint, updated

bp = service_blueprint("integration-service")


@bp.post("/webhook")
def create_webhook():
    allow_remote = current_app.extensions["fake_erp"].settings.allow_remote_control
    return ok(backend().webhooks.create(json_body(), allow_remote=allow_remote))


@bp.get("/webhook")
@bp.get("/webhook/<idset>")
def get_webhooks(idset: str | None = None):
    return ok(backend().webhooks.get_many(optional_id_set(idset)))


@bp.delete("/webhook/<id:webhook_id>")
def delete_webhook(webhook_id: int):
    backend().webhooks.delete(webhook_id)
    return updated()
