"""accounting-service: currencies, exchange rates, tax codes, balances and customer payments."""

from __future__ import annotations

from fake_erp.routes import (
    backend,
    json_body,
    ok,
    register_idset_get,
    register_search,
    service_blueprint,
)

bp = service_blueprint("accounting-service")
register_search(bp, "currency-search", lambda: backend().accounting.currency_search)
register_search(bp, "customer-payment-search", lambda: backend().accounting.payment_search)
register_idset_get(bp, "tax-code", lambda: backend().tax.get_many, optional=True)


@bp.get("/exchange-rate")
def exchange_rates():
    return ok(backend().accounting.exchange_rates())


@bp.get("/contact/<id:contact_id>/currency/<code>/balance")
def balance(contact_id: int, code: str):
    return ok(backend().accounting.balance(contact_id, code.upper()))


@bp.post("/customer-payment")
def record_payment():
    return ok(backend().accounting.record_payment(json_body()))
