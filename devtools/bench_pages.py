"""Benchmark the portal's pages: ERP requests and latency per page, on a large catalog.

Run ``python -m devtools.bench_pages`` (``make bench`` runs it after the connector's benchmark).
It seeds its own fake ERP in memory with 10,000 products and 100,000 orders (about ten seconds),
serves the portal on a loopback port, logs in as the demo customer and requests each page
``--repeat`` times with warm caches, with 0 ms and then 20 ms of latency injected into every ERP
answer. It prints, per page, the ERP requests one view costs and the p50 / p95 wall time.
Bounded and loopback only.
"""

from __future__ import annotations

import argparse
import logging
import re
import statistics
import time

import requests

from connector import ErpSettings
from fake_erp.seed import SeedSizes
from fake_erp.server import start_server
from portal_web.auth.services import invite
from portal_web.settings import Settings
from tests.fixtures_portal import Shopper, serve_portal

DEMO_CUSTOMER_ID = 4  # stable for any seed (docs/fake-erp.md)
UNLIMITED = 1_000_000


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    sizes = SeedSizes(products=args.products, customers=200, suppliers=20, orders=args.orders)
    started = time.perf_counter()
    server = start_server(":memory:", seed=1, sizes=sizes)
    _faults(server.url, 0)  # lift the fake's 200/min cap before the portal learns of it
    print(f"seeded {args.products:,} products and {args.orders:,} orders "
          f"in {time.perf_counter() - started:.1f} s")
    settings = Settings(env="test", secret_key="b" * 40, login_rate="1000/minute",
                        erp=ErpSettings(base_url=server.base_url, budget_per_minute=UNLIMITED))
    portal_run = serve_portal(settings)
    portal = next(portal_run)
    try:
        shopper = _logged_in(portal)
        pages = _pages(shopper)
        for latency in (0, 20):
            _faults(server.url, latency)
            _report(shopper, server.url, pages, latency, args.repeat)
    finally:
        portal_run.close()
        server.stop()
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m devtools.bench_pages")
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    return parser


def _logged_in(portal) -> Shopper:
    shopper = Shopper(portal)
    shopper.open_link(invite(portal.erp, DEMO_CUSTOMER_ID, portal.url).link)
    return shopper


def _pages(shopper: Shopper) -> list[str]:
    """The customer's pages, with real ids: an order of theirs and a search that finds things."""
    catalog = shopper.get("/catalog").text
    order_id = re.search(r'href="/orders/(\d+)">#', shopper.get("/orders").text).group(1)
    pages = int(re.search(r"Page 1 of (\d+)", catalog).group(1))
    product_id = re.search(r'name="product_id" value="(\d+)"', catalog).group(1)
    shopper.post("/cart/items", {"product_id": product_id, "quantity": 3})
    invoice_id = re.search(r'href="/invoices/(\d+)">', shopper.get("/invoices").text).group(1)
    return ["/", "/catalog", f"/catalog?page={pages}", "/catalog?q=steel", "/cart", "/orders",
            "/orders?status=shipped", f"/orders/{order_id}", "/invoices",
            "/invoices?status=overdue", f"/invoices/{invoice_id}", f"/invoices/{invoice_id}.pdf",
            "/statement", "/statement.pdf", "/account", "/addresses"]


def _faults(erp_url: str, latency_ms: int) -> None:
    requests.post(f"{erp_url}/_fake/faults", timeout=10, json={
        "latency_ms": latency_ms, "throttle_per_minute": UNLIMITED}).raise_for_status()


def _report(shopper: Shopper, erp_url: str, pages: list[str], latency: int, repeat: int) -> None:
    print(f"\nERP latency {latency} ms, {repeat} views a page, caches warm")
    print(f"{'page':30} {'ERP req':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for path in pages:
        shopper.get(path)  # warm
        before = _erp_requests(erp_url)
        times = [_timed(shopper, path) for _ in range(repeat)]
        per_view = (_erp_requests(erp_url) - before) / repeat
        p95 = statistics.quantiles(times, n=20)[18]
        print(f"{path:30} {per_view:8.1f} {statistics.median(times):8.1f} {p95:8.1f}")


def _timed(shopper: Shopper, path: str) -> float:
    started = time.perf_counter()
    answer = shopper.get(path)
    answer.raise_for_status()
    return (time.perf_counter() - started) * 1000


def _erp_requests(erp_url: str) -> int:
    return requests.get(f"{erp_url}/_fake/requests", timeout=10).json()["total"]


if __name__ == "__main__":
    raise SystemExit(main())
