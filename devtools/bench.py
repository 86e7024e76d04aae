"""Benchmark the connector's batching against a naive one-request-per-object loop.

Run ``python -m devtools.bench``. It starts its own fake ERP on a loopback port (in memory,
seeded with 1,000+ orders and 2,000 products), then, with 0 ms and 20 ms of injected latency,
measures ERP requests and wall time for two portal workloads:

* fetch 1,000 orders (search + batched GETs, versus one GET per order);
* load a 2,000-product catalog with one price list's prices.

The naive loop is sequential by nature, so it is timed on the first ``--naive-limit`` objects
and extrapolated (marked ``~``); its request count is exact by construction.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import requests

from connector import ErpClient
from connector.paging import iter_search
from fake_erp.seed import SeedSizes
from fake_erp.server import RunningServer, start_server

PRICE_LIST_ID = 1  # the seed's SELL list holds every product
UNLIMITED = 1_000_000
FAKE_TOKEN = "dev-token"  # the fake ERP's default account token (not a secret)  # noqa: S105


def _client(server: RunningServer) -> ErpClient:
    """A fresh client (cold caches) that never paces: the fake's throttle is lifted too."""
    return ErpClient(base_url=server.base_url, app_ref="portal", account_token=FAKE_TOKEN,
                     budget_per_minute=UNLIMITED, product_ttl=0, deadline=30.0)


def _control(server: RunningServer, path: str, body: dict | None = None) -> dict:
    answer = requests.post(f"{server.url}/_fake/{path}", json=body or {}, timeout=10)
    answer.raise_for_status()
    return answer.json()


def _requests_made(server: RunningServer) -> int:
    return requests.get(f"{server.url}/_fake/requests", timeout=10).json()["total"]


def _measure(server: RunningServer, latency_ms: int, work: Callable[[ErpClient], int]):
    """Run ``work`` on a fresh client; return (objects, ERP requests, seconds)."""
    _control(server, "reset")
    _control(server, "faults", {"latency_ms": latency_ms, "throttle_per_minute": UNLIMITED})
    with _client(server) as erp:
        started = time.perf_counter()
        objects = work(erp)
        elapsed = time.perf_counter() - started
    return objects, _requests_made(server), elapsed


def _all_product_ids(erp: ErpClient) -> list[int]:
    ids, page = [], 1
    while True:
        result = erp.catalog.search(PRICE_LIST_ID, page=page, page_size=500)
        ids += [p.id for p in result.items]
        if not result.has_next:
            return ids
        page += 1


def batched_orders(erp: ErpClient) -> int:
    return len(erp.orders.get_many(list(erp.orders.search_ids())[:1000]))


def naive_orders(limit: int) -> Callable[[ErpClient], int]:
    def work(erp: ErpClient) -> int:
        ids = list(erp.orders.search_ids())[:1000]
        for order_id in ids[:limit]:
            erp.orders.get(order_id)
        return len(ids)
    return work


def batched_catalog(erp: ErpClient) -> int:
    ids = _all_product_ids(erp)  # products come with each page (batched GETs)
    prices = erp.catalog.prices(ids, PRICE_LIST_ID)
    return len(prices)


def naive_catalog(limit: int) -> Callable[[ErpClient], int]:
    def work(erp: ErpClient) -> int:
        ids = _search_ids(erp, "product-service/product-search", priceListId=PRICE_LIST_ID)
        for product_id in ids[:limit]:
            erp.catalog.products([product_id])
            erp.catalog.prices([product_id], PRICE_LIST_ID)
        return len(ids)
    return work


def _search_ids(erp: ErpClient, path: str, **filters: object) -> list[int]:
    """Every id of a search, 500 a page (the public API has no product-id iterator)."""
    fetch = lambda params: erp._transport.call("GET", path, params=params)  # noqa: E731
    return [next(iter(row.values())) for row in iter_search(fetch, path, filters)]


def _row(server: RunningServer, name: str, latency: int, batched, naive,
         per_object: int, limit: int) -> str:
    """One table line; the naive figures are extrapolated from ``limit`` objects."""
    objects, b_req, b_s = _measure(server, latency, batched)
    total, n_req, n_s = _measure(server, latency, naive(limit))
    timed = min(limit, total)
    n_req_all = n_req + per_object * (total - timed)  # exact: per_object requests per object
    n_s_all = n_s * total / max(timed, 1)
    mark = "~" if timed < total else " "
    return (f"{name:<24}{latency:>5} ms {objects:>7} {b_req:>9} {b_s:>9.2f}s "
            f"{n_req_all:>10} {mark}{n_s_all:>8.2f}s {n_s_all / b_s:>7.0f}x")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--naive-limit", type=int, default=300,
                        help="objects timed in the naive loop before extrapolating")
    args = parser.parse_args(argv)
    print(f"naive loops timed on {args.naive_limit} objects, extrapolated (~)")
    print("seeding the fake ERP (2,000 products, 1,000 orders)...", flush=True)
    server = start_server(":memory:", seed=3, throttle_per_minute=UNLIMITED,
                          sizes=SeedSizes(products=2000, customers=30, suppliers=6, orders=1000))
    try:
        print(f"{'workload':<24}{'latency':>8} {'objects':>7} {'requests':>9} {'wall':>10} "
              f"{'naive req':>10} {'naive wall':>10} {'speedup':>8}")
        for latency in (0, 20):
            print(_row(server, "fetch 1,000 orders", latency, batched_orders, naive_orders,
                       1, args.naive_limit))
            print(_row(server, "catalog 2,000 + prices", latency, batched_catalog,
                       naive_catalog, 2, args.naive_limit))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
