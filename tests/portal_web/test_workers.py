"""The portal under gunicorn with two worker processes, as `make run` serves it.

Per-process state (caches, limiters) is where multi-worker bugs hide; the session and the cart
live in the signed cookie, so any worker can serve any request.
"""

import re

import requests

from connector import ErpSettings
from portal_web.auth.services import invite
from portal_web.settings import Settings, per_process
from tests.fixtures_portal import gunicorn_portal


def test_sessions_and_carts_work_across_two_workers(fake_erp, portal, make_customer, tmp_path):
    with gunicorn_portal(fake_erp.base_url, tmp_path / "portal.log", workers=2) as url:
        link = invite(portal.erp, make_customer(), url).link
        browser = requests.Session()
        browser.headers["Connection"] = "close"  # a new connection each time: any worker takes it
        page = browser.get(link, timeout=10)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        assert browser.post(link, data={"csrf_token": token}, timeout=10).url == f"{url}/"
        catalog = browser.get(f"{url}/catalog", timeout=10)
        product_id = re.search(r'name="product_id" value="(\d+)"', catalog.text).group(1)
        # login started a new session, with a new CSRF token
        token = re.search(r'name="csrf_token" value="([^"]+)"', catalog.text).group(1)
        added = browser.post(f"{url}/cart/items", timeout=10,
                             data={"csrf_token": token, "product_id": product_id, "quantity": 2})
        assert added.status_code == 200 and "Added 2 ×" in added.text
        carts = [browser.get(f"{url}/cart", timeout=10) for _ in range(12)]
    assert {c.status_code for c in carts} == {200}
    assert all(f'id="line-{product_id}"' in c.text for c in carts)
    booted = (tmp_path / "portal.log").read_text().count("Booting worker")
    assert booted == 2


def test_an_in_memory_erp_budget_is_split_between_workers():
    settings = Settings(erp=ErpSettings(budget_per_minute=180))
    assert per_process(settings, 1).erp.budget_per_minute == 180
    assert per_process(settings, 2).erp.budget_per_minute == 90
    assert per_process(settings, 500).erp.budget_per_minute == 1
    shared = Settings(erp=ErpSettings(budget_per_minute=180,
                                      limiter_storage="redis://127.0.0.1:6379"))
    assert per_process(shared, 4).erp.budget_per_minute == 180
    cached = Settings(erp=ErpSettings(budget_per_minute=180, cache_url="redis://127.0.0.1:6379"))
    assert per_process(cached, 4).erp == cached.erp


def test_the_shares_of_the_budget_are_split_with_it():
    settings = Settings(erp=ErpSettings(contact_share=30, login_share=30, login_reserve=36))
    erp = per_process(settings, 3).erp
    assert (erp.contact_share, erp.login_share, erp.login_reserve) == (10, 10, 12)
