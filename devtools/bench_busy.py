"""The busy minute (issue 13): customers viewing a mix of pages at a steady pace.

Run ``python -m devtools.bench_busy`` (``make bench`` runs it last). For each of two set-ups
(``portal serve`` on its defaults: one process, no Redis; then two processes sharing one
Redis) it starts a fresh fake ERP with the demo data (its default 200 requests a minute),
the portal, and Redis when needed, all on loopback; logs ``--customers`` customers in (each
with a product in the cart), and waits ``--settle`` seconds for the requests that cost to
leave the ERP budget's window (customers log in over time, not all in the busy minute); then,
``--minutes`` times, has them view ``--views`` pages in ``--seconds`` at a steady pace: the
dashboard, catalog pages, catalog searches, My orders, one of their orders, the cart. It
prints page views, failed pages, ERP requests (by endpoint), page views per ERP request and
p50/p95 per page, and the portal's own time for a cached catalog page (from its Server-Timing
header), measured in ``portal serve`` and in-process.

The fake ERP's throttle window and request log are reset before the first busy minute (the
invitations are made by this script, not the portal), and between minutes (each minute's
figures are its own). Minute 1 starts with the caches cold, but for the catalog's first page
and the carts' prices that the logins read.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import requests
from redis import Redis
from redis.exceptions import RedisError

from connector import ErpClient
from devtools.bench_inprocess import own_time_of_a_cached_catalog_page
from portal_web.auth.services import invite

WORDS = ("steel", "brass", "hinge", "bolt", "bracket", "valve", "oak", "clamp", "lamp", "zinc")
MIX = (("dashboard", 20), ("catalog", 25), ("search", 15), ("orders", 15), ("order", 15),
       ("cart", 10))
VISIBLE = ("Confirmed", "Waiting for production", "In production", "Ready for shipment",
           "Shipped and invoiced", "Delivered")
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_TIMING = re.compile(r'(\w[\w-]*);(?:dur=([0-9.]+)|desc="([^"]*)")')


@dataclass
class View:
    kind: str
    status: int
    ms: float
    timing: dict[str, str] = field(default_factory=dict)


@dataclass
class Customer:
    contact_id: int
    orders: list[int]
    browser: requests.Session


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    print(f"busy minute: {args.customers} customers, {args.views} page views in "
          f"{args.seconds:.0f} s, {args.minutes} minute(s) per set-up")
    setups = {"default": ("portal serve, defaults (1 process, no Redis)", 1, False),
              "redis": ("portal serve --workers 2, one Redis", 2, True)}
    for name, workers, with_redis in (setups[s] for s in args.setups.split(",")):
        with tempfile.TemporaryDirectory(prefix="bench-busy-") as folder:
            _run_setup(args, name, workers, with_redis, Path(folder))
    print(f"\nportal's own time, cached catalog page, in-process (Server-Timing app, median "
          f"of 500): {own_time_of_a_cached_catalog_page():.2f} ms (target: at most 3 ms)")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m devtools.bench_busy")
    parser.add_argument("--customers", type=int, default=20)
    parser.add_argument("--views", type=int, default=240, help="page views a minute")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of a minute")
    parser.add_argument("--minutes", type=int, default=2, help="minutes per set-up")
    parser.add_argument("--settle", type=float, default=60.0,
                        help="seconds between the logins and the first busy minute")
    parser.add_argument("--setups", default="default,redis",
                        help="which set-ups, of default (no Redis) and redis")
    return parser


def _run_setup(args, name: str, workers: int, with_redis: bool, folder: Path) -> None:
    with contextlib.ExitStack() as stack:
        erp_url = stack.enter_context(_fake_erp(folder))
        env = {}
        if with_redis:
            env["PORTAL_CACHE_URL"] = stack.enter_context(_redis(folder))
        portal_url = stack.enter_context(_portal(erp_url, workers, env, folder))
        # The set-up (invitations, logins and their dashboards) is not the busy minute: the
        # fake ERP lifts its throttle for it, and `reset` restores the 200 a minute after.
        _erp_control(erp_url, "faults", {"throttle_per_minute": 100_000})
        customers = _customers(erp_url, portal_url, args.customers)
        if args.settle:
            print(f"\n({name}: {len(customers)} customers logged in; waiting {args.settle:.0f} s "
                  f"for those requests to leave the ERP budget's window)", flush=True)
            time.sleep(args.settle)
        _erp_control(erp_url, "reset")
        for minute in range(1, args.minutes + 1):
            views = _busy_minute(customers, portal_url, args.views, args.seconds, seed=minute)
            _report(f"{name}, minute {minute}", views, _erp_requests(erp_url))
            _erp_control(erp_url, "reset")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _process(argv: list[str], log_path: Path, ready, env=None) -> Iterator[None]:
    """A child process, stopped on the way out; its output goes to `log_path`; `ready()`
    says when it serves."""
    with open(log_path, "w") as log_file:
        child = subprocess.Popen(argv, stdout=log_file, stderr=subprocess.STDOUT, env=env)
        try:
            _wait_until_up(ready, child)
            yield
        finally:
            child.terminate()
            child.wait(timeout=30)


def _wait_until_up(ready, child: subprocess.Popen) -> None:
    for _ in range(300):
        if child.poll() is not None:
            raise SystemExit(f"{' '.join(child.args[:4])}... exited; see its log")
        with contextlib.suppress(requests.ConnectionError, RedisError):
            if ready():
                return
        time.sleep(0.1)
    raise SystemExit(f"{child.args[0]} did not come up")


def _answers(url: str):
    return lambda: requests.get(url, timeout=1).status_code < 500


@contextlib.contextmanager
def _fake_erp(folder: Path) -> Iterator[str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    argv = [sys.executable, "-m", "fake_erp", "serve", "--db", str(folder / "erp.db"),
            "--seed", "1", "--port", str(port)]
    with _process(argv, folder / "fake-erp.log", _answers(f"{url}/_fake/faults")):
        yield f"{url}/public-api/demo"


@contextlib.contextmanager
def _redis(folder: Path) -> Iterator[str]:
    url = f"redis://127.0.0.1:{_free_port()}/0"
    argv = ["redis-server", "--port", url.rsplit(":", 1)[1][:-2], "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", str(folder)]
    with _process(argv, folder / "redis.log", lambda: Redis.from_url(url).ping()):
        yield url


@contextlib.contextmanager
def _portal(erp_url: str, workers: int, env: dict, folder: Path) -> Iterator[str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {"PATH": "/usr/bin:/bin", "PORTAL_ERP_BASE_URL": erp_url, "PORTAL_PUBLIC_URL": url,
           "PORTAL_SECRET_KEY": secrets.token_urlsafe(32), **env}
    argv = [sys.executable, "-m", "portal_web.cli", "serve", "--port", str(port),
            "--workers", str(workers), "--access-log", str(folder / "access.log")]
    with _process(argv, folder / "portal.log", _answers(f"{url}/healthz"), env):
        yield url


def _customers(erp_url: str, portal_url: str, count: int) -> list[Customer]:
    """The first customers of the demo data, invited by this script and logged in."""
    with ErpClient(base_url=erp_url, budget_per_minute=1000, contact_share=0) as erp:
        ids = list(erp.contacts.search(isCustomer=True, isSupplier=False, isStaff=False))[:count]
        visible = {s.id for s in erp.reference.statuses() if s.name in VISIBLE}
        customers = []
        for contact_id in ids:
            orders = [o for o in erp.orders.search_ids(contactId=contact_id, orderTypeId=1,
                                                       orderStatusId=sorted(visible))]
            link = invite(erp, contact_id, portal_url).link
            customers.append(Customer(contact_id, orders[:10], _logged_in(link, portal_url)))
    return customers


def _logged_in(link: str, portal_url: str) -> requests.Session:
    """A customer logged in, on their dashboard as a login leaves them, with a product of
    their catalog in the cart. The set-up goes at the pace the portal allows (the login share,
    the budget): a 429 or 503 waits its Retry-After and tries again."""
    browser = requests.Session()

    def politely(send) -> requests.Response:
        while (answer := send()).status_code in (429, 503):
            time.sleep(float(answer.headers.get("Retry-After", "5")))
        return answer

    politely(lambda: browser.post(link, allow_redirects=False, timeout=30, data={
        "csrf_token": _CSRF.search(browser.get(link, timeout=30).text).group(1)}))
    politely(lambda: browser.get(f"{portal_url}/", timeout=30))
    catalog = politely(lambda: browser.get(f"{portal_url}/catalog", timeout=30))
    first = re.search(r'name="product_id" value="(\d+)"', catalog.text)
    if first:
        politely(lambda: browser.post(f"{portal_url}/cart/items", timeout=30, data={
            "csrf_token": _CSRF.search(catalog.text).group(1), "product_id": first.group(1),
            "quantity": 2}))
    return browser


def _busy_minute(customers: list[Customer], portal_url: str, views: int, seconds: float,
                 seed: int) -> list[View]:
    """Every customer views pages at a steady pace, staggered; all views, in any order."""
    per_customer = max(1, views // len(customers))
    interval = seconds / per_customer
    seen: list[View] = []
    threads = [threading.Thread(target=_browse, args=(c, portal_url, per_customer, interval,
                                                      _rng(seed * 1000 + n), seen))
               for n, c in enumerate(customers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return seen


def _rng(seed: int) -> random.Random:
    """The same page mix at every run (not for secrets)."""
    return random.Random(seed)  # noqa: S311


def _browse(customer: Customer, portal_url: str, count: int, interval: float,
            rng: random.Random, seen: list[View]) -> None:
    started = time.monotonic() + rng.uniform(0, interval)
    for n in range(count):
        time.sleep(max(started + n * interval - time.monotonic(), 0))
        kind = rng.choices([k for k, _ in MIX], weights=[w for _, w in MIX])[0]
        path = _path(kind, customer, rng)
        began = time.perf_counter()
        try:
            answer = customer.browser.get(portal_url + path, timeout=30)
            view = View(kind, answer.status_code, (time.perf_counter() - began) * 1000,
                        _timing(answer.headers.get("Server-Timing", "")))
        except requests.RequestException:
            view = View(kind, 0, (time.perf_counter() - began) * 1000)
        seen.append(view)


def _path(kind: str, customer: Customer, rng: random.Random) -> str:
    if kind == "order" and customer.orders:
        return f"/orders/{rng.choice(customer.orders)}"
    return {"dashboard": "/", "catalog": f"/catalog?page={rng.randint(1, 5)}",
            "search": f"/catalog?q={rng.choice(WORDS)}", "orders": "/orders",
            "order": "/orders", "cart": "/cart"}[kind]


def _timing(header: str) -> dict[str, str]:
    return {name: dur or desc for name, dur, desc in _TIMING.findall(header)}


def _report(title: str, views: list[View], erp_requests: dict) -> None:
    failed = [v for v in views if v.status != 200]
    total = erp_requests["total"]
    print(f"\n{title}: {len(views)} page views, {len(failed)} failed "
          f"({_statuses(failed)}), {total} ERP requests, "
          f"{len(views) / max(total, 1):.2f} page views per ERP request")
    by_endpoint = sorted(erp_requests["by_endpoint"].items(), key=lambda kv: -kv[1])
    print("  ERP requests: " + ", ".join(f"{n} {endpoint}" for endpoint, n in by_endpoint))
    print(f"  {'page':10} {'views':>6} {'failed':>7} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'ERP req/view':>13}")
    for kind, _ in MIX:
        mine = [v for v in views if v.kind == kind]
        if mine:
            print(f"  {kind:10} {len(mine):6d} {sum(v.status != 200 for v in mine):7d} "
                  f"{_pct(mine, 50):8.1f} {_pct(mine, 95):8.1f} "
                  f"{_mean_erp(mine):13.2f}")
    cached = [float(v.timing["app"]) for v in views if v.kind == "catalog"
              and v.timing.get("erp-requests") == "0" and "app" in v.timing]
    if cached:
        print(f"  cached catalog pages (no ERP request): {len(cached)}, portal's own time "
              f"p50 {statistics.median(cached):.2f} ms")


def _statuses(views: list[View]) -> str:
    counts: dict[int, int] = {}
    for view in views:
        counts[view.status] = counts.get(view.status, 0) + 1
    return ", ".join(f"{n} × {status or 'no answer'}" for status, n in sorted(counts.items())) \
        or "none"


def _pct(views: list[View], pct: int) -> float:
    times = sorted(v.ms for v in views)
    return times[min(len(times) - 1, round(pct / 100 * (len(times) - 1)))]


def _mean_erp(views: list[View]) -> float:
    counted = [int(v.timing.get("erp-requests", 0)) for v in views]
    return sum(counted) / len(counted)


def _erp_control(erp_url: str, action: str, body: dict | None = None) -> None:
    base = erp_url.split("/public-api/")[0]
    requests.post(f"{base}/_fake/{action}", json=body, timeout=10).raise_for_status()


def _erp_requests(erp_url: str) -> dict:
    base = erp_url.split("/public-api/")[0]
    return requests.get(f"{base}/_fake/requests", timeout=10).json()


if __name__ == "__main__":
    raise SystemExit(main())
