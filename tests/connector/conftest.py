"""Fixtures of the connector's unit tests: a client on a fake clock, and ``responses`` mocks.

Nothing here really sleeps: the client's ``_sleep`` advances the fake clock instead, and
every HTTP request is answered by ``responses`` (an unexpected request fails the test).
"""

from __future__ import annotations

import pytest
import responses
from responses import registries

from connector import ErpClient

BASE = "http://erp.test/public-api/demo"


class FakeClock:
    """A monotonic clock moved only by ``sleep``; records every sleep."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_erp(clock):
    """Build clients on the fake clock; tests pass only the options they care about."""
    clients = []

    def make(**options) -> ErpClient:
        defaults = dict(base_url=BASE, app_ref="portal", account_token="secret-token",
                        deadline=8.0, max_attempts=3, backoff_base=0.1, backoff_max=0.5,
                        _sleep=clock.sleep, _clock=clock, _wall=clock)
        client = ErpClient(**{**defaults, **options})
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def erp(make_erp) -> ErpClient:
    return make_erp()


@pytest.fixture
def mocked():
    """Mocks consumed in the order they were added (``503 then 200``)."""
    with responses.RequestsMock(registry=registries.OrderedRegistry) as rsps:
        yield rsps


@pytest.fixture
def mocked_any():
    """Mocks matched by method, URL and body in any order (the last match repeats)."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


def url(path: str) -> str:
    return f"{BASE}/{path}"


THROTTLED = {"response": "You have sent too many requests. Please wait before sending "
                         "another request"}
UNAVAILABLE = {"errors": [{"code": "CMNC-503", "message": "Service temporarily unavailable"}]}


def search_body(columns: list[str], rows: list[list], *, total: int | None = None,
                first: int = 1, more: bool | None = None) -> dict:
    """A Brightpearl search answer with ``rows`` as arrays in ``columns`` order."""
    total = len(rows) if total is None else total
    return {"response": {
        "metaData": {
            "morePagesAvailable": (first - 1 + len(rows) < total) if more is None else more,
            "resultsAvailable": total, "resultsReturned": len(rows), "firstResult": first,
            "lastResult": first - 1 + len(rows),
            "columns": [{"name": c, "sortable": True, "filterable": True,
                         "reportDataType": "INTEGER"} for c in columns],
        },
        "results": rows,
    }, "reference": {}}


def order_json(order_id: int, **extra) -> dict:
    """A minimal order as GET /order answers it."""
    return {"id": order_id, "orderTypeCode": "SO", "reference": f"SO-{order_id}",
            "externalRef": f"ext-{order_id}",
            "orderStatus": {"orderStatusId": 3, "name": "Confirmed"},
            "totalValue": {"net": "10.0000", "taxAmount": "2.0000", "total": "12.0000"},
            "parties": {"customer": {"contactId": 7}}, **extra}
