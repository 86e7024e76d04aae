"""One cache, one budget, however many processes (issue 13): `portal serve` processes on one real
Redis share them; the default is one process; more without a shared store say so at start."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from portal_web.auth.services import invite
from portal_web.webhooks.services import SUBSCRIPTIONS
from tests.fixtures_erp import AUTH_HEADERS
from tests.fixtures_portal import gunicorn_portal

BUDGET = 30


def _logged_in(portal, contact_id: int, url: str) -> requests.Session:
    """A browser's session, logged in through `url` (the cookie works on every process)."""
    browser = requests.Session()
    link = invite(portal.erp, contact_id, url).link
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get(link, timeout=10).text)
    assert browser.post(link, data={"csrf_token": token.group(1)}, timeout=10).ok
    return browser


def test_two_processes_on_one_redis_share_the_cache_and_one_erp_budget(
        fake_erp, portal, make_customer, redis_url, tmp_path):
    env = {"PORTAL_CACHE_URL": redis_url, "PORTAL_ERP_BUDGET_PER_MINUTE": str(BUDGET)}
    with gunicorn_portal(fake_erp.base_url, tmp_path / "a.log", workers=1, **env) as a, \
            gunicorn_portal(fake_erp.base_url, tmp_path / "b.log", workers=1, **env) as b:
        browser = _logged_in(portal, make_customer(), a)
        browser.headers["Connection"] = "close"
        fake_erp.reset()
        assert browser.get(f"{a}/catalog?page=2", timeout=10).status_code == 200  # not seen yet
        cost_on_a = fake_erp.requests()["total"]
        assert browser.get(f"{b}/catalog?page=2", timeout=10).status_code == 200
        assert cost_on_a > 0 and fake_erp.requests()["total"] == cost_on_a  # B asked nothing

        def search(n: int) -> int:
            return browser.get(f"{(a, b)[n % 2]}/catalog?q={n}", timeout=30).status_code

        with ThreadPoolExecutor(6) as pool:
            statuses = list(pool.map(search, range(40)))  # ~120 ERP requests wanted
    assert fake_erp.requests()["total"] <= BUDGET
    assert 200 in statuses[0::2] and 200 in statuses[1::2]  # both served some
    assert set(statuses) <= {200, 503}


def test_the_default_is_one_process_and_more_without_redis_say_what_they_share(
        fake_erp, tmp_path):
    with gunicorn_portal(fake_erp.base_url, tmp_path / "one.log", workers=1):
        pass
    with gunicorn_portal(fake_erp.base_url, tmp_path / "two.log", workers=2):
        pass
    one, two = (tmp_path / "one.log").read_text(), (tmp_path / "two.log").read_text()
    assert one.count("Booting worker") == 1 and "without PORTAL_CACHE_URL" not in one
    assert ("2 workers without PORTAL_CACHE_URL: each has its own cache and 1/2 of the ERP "
            "budget (90 requests a minute)") in two


def _erp_requests_in_metrics(url: str) -> float:
    text = requests.get(f"{url}/metrics", timeout=10).text
    return sum(float(v) for v in re.findall(r"^erp_requests_total\{.*\} ([0-9.e+]+)$", text,
                                            re.M))


def test_metrics_of_several_processes_add_up(fake_erp, portal, make_customer, tmp_path):
    with gunicorn_portal(fake_erp.base_url, tmp_path / "portal.log", workers=2) as url:
        browser = _logged_in(portal, make_customer(), url)
        browser.headers["Connection"] = "close"  # a new connection each time: any worker
        before = _erp_requests_in_metrics(url)
        fake_erp.reset()
        for n in range(24):  # each page three times: both workers see some page
            assert browser.get(f"{url}/catalog?page={n % 8 + 1}", timeout=10).ok
        sent = _erp_requests_in_metrics(url) - before
    assert sent == fake_erp.requests()["total"] > 24  # more than one worker's cache would cost


def _hooks_to(fake_erp, url: str) -> list[dict]:
    hooks = fake_erp.get("/integration-service/webhook").json().get("response", [])
    return [h for h in hooks if h["uriTemplate"].startswith(url)]


def test_portal_serve_subscribes_to_the_erps_webhooks_at_start(fake_erp, tmp_path):
    secret = "s" * 40
    with gunicorn_portal(fake_erp.base_url, tmp_path / "portal.log", workers=1,
                         PORTAL_WEBHOOKS="on", PORTAL_WEBHOOK_SECRET=secret) as url:
        try:
            deadline = time.monotonic() + 10
            while len(_hooks_to(fake_erp, url)) < len(SUBSCRIPTIONS):
                assert time.monotonic() < deadline, "no subscriptions within 10 s"
                time.sleep(0.05)
            hooks = _hooks_to(fake_erp, url)
        finally:
            for hook in _hooks_to(fake_erp, url):
                fake_erp.http.delete(
                    f"{fake_erp.base_url}/integration-service/webhook/{hook['id']}",
                    headers=AUTH_HEADERS, timeout=5)
    assert {h["uriTemplate"] for h in hooks} == {f"{url}/erp/webhooks/{secret}"}
    assert sorted(h["subscribeTo"] for h in hooks) == sorted(SUBSCRIPTIONS)


def test_with_the_erp_away_at_start_the_portal_serves_and_says_it_will_try_again(tmp_path):
    closed = "http://127.0.0.1:9/public-api/demo"
    with gunicorn_portal(closed, tmp_path / "portal.log", workers=1, PORTAL_WEBHOOKS="on",
                         PORTAL_ERP_DEADLINE_S="0.5") as url:
        assert requests.get(f"{url}/healthz", timeout=5).ok
        deadline = time.monotonic() + 10
        while "ERP webhooks not installed" not in (tmp_path / "portal.log").read_text():
            assert time.monotonic() < deadline, "nothing said within 10 s"
            time.sleep(0.05)
    assert "trying again in 60 s" in (tmp_path / "portal.log").read_text()
