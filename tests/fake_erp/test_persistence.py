"""SQLite persistence: restarts keep data, concurrent writes stay intact, seeds are repeatable."""

from __future__ import annotations

import concurrent.futures
import datetime as dt

import requests

from fake_erp.backend import Backend
from fake_erp.seed import SeedSizes, seed
from fake_erp.server import start_server
from tests.fixtures_erp import AUTH_HEADERS, DEMO_CUSTOMER_ID, SEED, SIZES

SMALL = SeedSizes(products=30, customers=4, suppliers=2, orders=40)


def _create_order(base_url: str, external_ref: str, rows: int = 3) -> int:
    body = {
        "customer": {"id": DEMO_CUSTOMER_ID},
        "externalRef": external_ref,
        "rows": [
            {"productId": n, "quantity": n, "net": f"{n}.00", "tax": "0.00"}
            for n in range(1, rows + 1)
        ],
    }
    answer = requests.post(
        f"{base_url}/order-service/sales-order", json=body, headers=AUTH_HEADERS, timeout=10
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["response"]


def test_a_file_database_survives_a_restart(tmp_path):
    db = str(tmp_path / "erp.db")
    server = start_server(db, seed=3, sizes=SMALL)
    order_id = _create_order(server.base_url, "kept-across-restart")
    server.stop()
    again = start_server(db, seed=99, sizes=SMALL)  # not re-seeded: the database is not empty
    try:
        answer = requests.get(
            f"{again.base_url}/order-service/order/{order_id}", headers=AUTH_HEADERS, timeout=5
        )
        assert answer.json()["response"][0]["externalRef"] == "kept-across-restart"
        total = requests.get(
            f"{again.base_url}/order-service/order-search?pageSize=1",
            headers=AUTH_HEADERS,
            timeout=5,
        ).json()["response"]["metaData"]["resultsAvailable"]
        assert total == SMALL.orders + 1
    finally:
        again.stop()


def test_concurrent_sales_orders_are_all_stored_with_their_rows(erp_server):
    refs = [f"concurrent-{n}" for n in range(8)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(lambda ref: _create_order(erp_server.base_url, ref, rows=5), refs))
    assert len(set(ids)) == 8
    answer = requests.get(
        f"{erp_server.base_url}/order-service/order/{','.join(map(str, ids))}",
        headers=AUTH_HEADERS,
        timeout=5,
    ).json()["response"]
    assert sorted(o["externalRef"] for o in answer) == sorted(refs)
    assert all(len(o["orderRows"]) == 5 and o["totalValue"]["net"] == "15.00" for o in answer)


def test_concurrent_retries_of_one_external_ref_store_one_order(erp_server):
    body = {"customer": {"id": DEMO_CUSTOMER_ID}, "externalRef": "raced-ref", "rows": []}

    def post(_):
        return requests.post(
            f"{erp_server.base_url}/order-service/sales-order",
            json=body,
            headers=AUTH_HEADERS,
            timeout=10,
        ).status_code

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(post, range(8)))
    assert sorted(statuses) == [200] + [400] * 7


def test_the_same_seed_gives_the_same_data():
    dumps = []
    for _ in range(2):
        backend = Backend(":memory:")
        seed(backend, 11, SMALL, today=dt.date(2026, 11, 23))  # the expiring quote's anchor
        with backend.repo.read() as conn:
            dumps.append(list(conn.iterdump()))
        backend.close()
    assert dumps[0] == dumps[1]
    other = Backend(":memory:")
    seed(other, 12, SMALL, today=dt.date(2026, 11, 23))
    with other.repo.read() as conn:
        assert list(conn.iterdump()) != dumps[0]


def test_seed_sizes_and_variety():
    backend = Backend(":memory:")
    seed(backend, SEED, SIZES)
    with backend.repo.read() as conn:
        count = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        assert count("SELECT COUNT(*) FROM products") == 220
        assert count("SELECT COUNT(*) FROM contacts WHERE is_staff = 0 AND is_supplier = 0") == 24
        assert count("SELECT COUNT(*) FROM contacts WHERE is_supplier = 1") == 6
        assert count("SELECT COUNT(DISTINCT currency_id) FROM contacts WHERE is_staff = 0") >= 3
        assert (
            count(
                "SELECT COUNT(*) FROM contacts WHERE is_staff = 0 AND is_supplier = 0"
                " AND price_list_id IS NULL"
            )
            >= 1
        )
        assert count("SELECT COUNT(DISTINCT status_id) FROM orders WHERE type_code = 'SO'") == 11
        assert (
            count(
                "SELECT COUNT(DISTINCT payment_status) FROM orders WHERE invoice_reference"
                " IS NOT NULL AND type_code = 'SO'"
            )
            == 3
        )
        assert count("SELECT COUNT(*) FROM orders WHERE type_code = 'SC'") >= 1
        assert count("SELECT COUNT(DISTINCT status_id) FROM orders WHERE type_code = 'PO'") >= 3
        assert count("SELECT COUNT(*) FROM goods_notes WHERE reference != ''") >= 1
        assert count("SELECT COUNT(*) FROM contacts WHERE owner_id IS NULL AND is_staff = 0") == 0


def test_seeding_a_database_that_holds_data_is_refused():
    backend = Backend(":memory:")
    seed(backend, 1, SMALL)
    try:
        seed(backend, 1, SMALL)
    except ValueError as e:
        assert "already" in str(e)
    else:
        raise AssertionError("a second seed was accepted")
    finally:
        backend.close()
