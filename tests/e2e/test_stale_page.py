"""A page shown from the cache while the ERP is down, as a person sees it: the note at the top."""

from __future__ import annotations

import re
import time
from dataclasses import replace

import pytest
from playwright.sync_api import expect

from connector import ErpClient
from portal_web.auth.services import invite
from tests.fixtures_portal import serve_portal, settings_for

pytestmark = pytest.mark.e2e


class _Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def test_a_page_shown_from_the_cache_says_how_old_it_is(page, fake_erp, make_customer,
                                                         screenshot):
    clock = _Clock()
    settings = settings_for(fake_erp.base_url)
    settings = replace(settings, erp=replace(settings.erp, deadline=1.0, backoff_base=0.01,
                                             backoff_max=0.02))
    serving = serve_portal(settings, erp=ErpClient(settings.erp, _wall=clock))
    portal = next(serving)
    try:
        customer = make_customer()
        confirmed = portal.erp.reference.status_named("Confirmed").id
        order_id = fake_erp.create_sales_order(customer, statusId=confirmed)
        page.goto(invite(portal.erp, customer, portal.url).link)
        page.get_by_role("button", name="Continue").click()
        page.goto(f"{portal.url}/orders/{order_id}")
        expect(page.get_by_role("heading", name=f"Order #{order_id}")).to_be_visible()
        clock.now += 120
        fake_erp.set_faults(error_rate=1.0)
        page.reload()
        note = page.get_by_role("status").filter(has_text="Shown as of")
        expect(note).to_contain_text(re.compile(
            r"Shown as of \d\d:\d\d: our order system is not answering, so this may be out of"))
        expect(page.get_by_role("heading", name=f"Order #{order_id}")).to_be_visible()
        screenshot("stale-order")
    finally:
        fake_erp.set_faults(error_rate=0.0)
        serving.close()
