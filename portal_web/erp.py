"""The one way views and services reach the ERP: the app's single connector client."""

from __future__ import annotations

from flask import current_app

from connector import ErpClient


def make_client(settings) -> ErpClient:
    """One client per app: one pooled session, one limiter, one set of caches."""
    return ErpClient(
        base_url=settings.erp_base_url,
        app_ref=settings.erp_app_ref,
        account_token=settings.erp_token,
        deadline=settings.erp_deadline_s,
        budget_per_minute=settings.erp_budget_per_minute,
        limiter_storage=settings.erp_limiter_storage,
        reference_ttl=settings.reference_ttl_s,
        product_ttl=settings.product_ttl_s,
    )


def get_erp() -> ErpClient:
    return current_app.extensions["erp"]


def get_settings():
    return current_app.extensions["settings"]
