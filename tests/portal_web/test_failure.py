"""An ERP that is down, slow or wrong gives a friendly page with the right status, never a trace."""

import html
import time
from dataclasses import replace

from tests.fixtures_portal import Shopper, serve_portal


def test_a_hanging_erp_gives_the_friendly_503_within_a_few_seconds(shopper, customer, fake_erp):
    fake_erp.set_faults(hang_rate=1.0, hang_s=20)
    started = time.monotonic()
    page = shopper.get("/orders")
    elapsed = time.monotonic() - started
    fake_erp.set_faults(hang_rate=0.0)
    assert page.status_code == 503
    assert "We can\'t reach our order system" in html.unescape(page.text)
    assert page.headers["Retry-After"] == "60"
    assert elapsed < shopper.portal.settings.erp.deadline + 2


def test_an_erp_answering_500_gives_a_502_page_without_details(shopper, customer, fake_erp):
    fake_erp.set_faults(error_rate=1.0, error_status=500)
    page = shopper.get("/orders")
    fake_erp.set_faults(error_rate=0.0)
    assert page.status_code in (502, 503)
    assert "Traceback" not in page.text and "CMNC" not in page.text


def test_readyz_follows_the_erp_and_healthz_does_not(portal, fake_erp, monkeypatch):
    monkeypatch.setattr("portal_web.ops.readiness.CHECK_EVERY_S", 0.0)
    visitor = Shopper(portal)
    assert visitor.get("/readyz").json() == {"status": "ready"}
    fake_erp.set_faults(error_rate=1.0, error_status=503)
    down = visitor.get("/readyz")
    assert down.status_code == 503 and down.json()["status"] == "unavailable"
    assert visitor.get("/healthz").status_code == 200
    fake_erp.set_faults(error_rate=0.0)


def test_anonymous_readyz_calls_cannot_spend_the_erp_budget(portal, fake_erp):
    visitor = Shopper(portal)
    fake_erp.reset()
    answers = {visitor.get("/readyz").status_code for _ in range(50)}
    assert answers == {200}
    assert fake_erp.requests()["total"] == 1


def test_metrics_report_erp_calls_in_prometheus_text(shopper, customer):
    shopper.get("/catalog")
    metrics = shopper.get("/metrics")
    assert metrics.headers["Content-Type"].startswith("text/plain")
    assert "erp_" in metrics.text


def test_unknown_pages_and_methods_get_pages_not_traces(shopper, customer):
    assert shopper.get("/nowhere").status_code == 404
    assert shopper.get("/orders/abc").status_code == 404
    assert shopper.post("/catalog").status_code == 405
    huge = shopper.post("/cart/items", {"product_id": "1", "quantity": "1" * 100_000})
    assert huge.status_code == 413


def test_the_first_page_after_a_recovery_works_again(portal_settings, make_customer, fake_erp):
    quick = replace(portal_settings.erp, deadline=1.0)
    gen = serve_portal(replace(portal_settings, erp=quick))
    portal = next(gen)
    try:
        visitor = Shopper(portal)
        visitor.login(make_customer())
        fake_erp.set_faults(error_rate=1.0, error_status=503)
        assert visitor.get("/orders").status_code == 503
        fake_erp.set_faults(error_rate=0.0)
        assert visitor.get("/cart").status_code == 200
    finally:
        gen.close()
