"""Shared pytest fixtures for the fake ERP, loaded for the whole suite (`-p tests.fixtures_erp`).

- `erp_server` (session): the fake ERP on a free loopback port, in memory, seeded with SEED.
- `fake_erp` (function): a `FakeErpControl` over that server; faults and the request log are
  reset before and after every test so they never leak between tests.
The demo ids below are stable for any seed (docs/fake-erp.md).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
import requests

from fake_erp.seed import SeedSizes
from fake_erp.server import RunningServer, start_server

SEED = 7
SIZES = SeedSizes(products=220, customers=24, suppliers=6, orders=300)
ACCOUNT = "demo"
APP_REF = "portal"
ACCOUNT_TOKEN = "dev-token"
AUTH_HEADERS = {"brightpearl-app-ref": APP_REF, "brightpearl-account-token": ACCOUNT_TOKEN}

STAFF_IDS = (1, 2, 3)
DEMO_CUSTOMER_ID = 4  # EUR price list (2) but GBP currency, three addresses, orders 1-15, 22-24
PLAIN_CUSTOMER_ID = 5  # no price list (default SELL list 1), GBP, one address
DEMO_SUPPLIER_ID = 6  # purchase orders 16-21
DEFAULT_PRICE_LIST_ID = 1
EUR_PRICE_LIST_ID = 2
USD_PRICE_LIST_ID = 3
DEMO_ORDER_BY_STATUS = {  # orders 1-10: customer 4, one per SO status
    "Draft": 1,
    "Quote": 2,
    "Confirmed": 3,
    "Waiting for production": 4,
    "In production": 5,
    "Ready for shipment": 6,
    "On hold": 7,
    "Shipped and invoiced": 8,
    "Delivered": 9,
    "Cancelled": 10,
}
EXPIRED_QUOTE_ID = 11
# Orders 22-24: customer 4's quote expiring within a week of seeding, declined and accepted ones.
QUOTE_IDS = {"active": 2, "expired": 11, "expiring": 22, "declined": 23, "accepted": 24}
UNPAID_INVOICED_ORDER_ID, PART_PAID_ORDER_ID, PAID_ORDER_ID = 12, 13, 14
DEMO_CREDIT_NOTE_ID = 15  # against order 14, not refunded
DEMO_CREDIT_LIMIT = 20000  # customer 4's; payment terms 30 days
# Tax codes (the fake's ids): a customer's own code replaces its products'.
TAX_ZERO_RATED, TAX_STANDARD, TAX_EXEMPT, TAX_REVERSE_CHARGE, TAX_REDUCED = 1, 2, 3, 4, 5
DEMO_PURCHASE_ORDER_IDS = tuple(range(16, 22))
# The demo data ends with the supplier portal's purchase orders (fake_erp/seed_purchases.py):
# the demo supplier's partly shipped one, then one per PO status (7) for each other supplier.
DEMO_PARTLY_SHIPPED_PO_ID = SIZES.orders - 7 * (SIZES.suppliers - 1)

_names = itertools.count(1)


class FakeErpControl:
    """Drive the fake ERP from a test: raw calls with auth, faults, ops and factories."""

    def __init__(self, server: RunningServer):
        self.url = server.url
        self.base_url = server.base_url
        self.server = server
        self.http = requests.Session()

    def get(self, path: str, **kw) -> requests.Response:
        """GET `base_url + path` with the auth headers (path like `/order-service/order/1`)."""
        return self.http.get(self.base_url + path, headers=AUTH_HEADERS, timeout=10, **kw)

    def post(self, path: str, json=None, **kw) -> requests.Response:
        return self.http.post(
            self.base_url + path, json=json, headers=AUTH_HEADERS, timeout=10, **kw
        )

    def put(self, path: str, json=None, headers=None, **kw) -> requests.Response:
        return self.http.put(
            self.base_url + path, json=json, headers={**AUTH_HEADERS, **(headers or {})},
            timeout=10, **kw
        )

    def patch(self, path: str, json=None, **kw) -> requests.Response:
        return self.http.patch(
            self.base_url + path, json=json, headers=AUTH_HEADERS, timeout=10, **kw
        )

    def set_faults(self, **faults) -> dict:
        answer = self.http.post(f"{self.url}/_fake/faults", json=faults, timeout=10)
        answer.raise_for_status()
        return answer.json()

    def faults(self) -> dict:
        return self.http.get(f"{self.url}/_fake/faults", timeout=10).json()

    def requests(self) -> dict:
        """`{"total": N, "by_endpoint": {"GET order-service/order/{id}": 2, ...}}`."""
        return self.http.get(f"{self.url}/_fake/requests", timeout=10).json()

    def reset(self) -> None:
        self.http.post(f"{self.url}/_fake/reset", timeout=10).raise_for_status()

    def invoice(self, order_id: int, tax_date: str | None = None) -> str:
        """Invoices the order today, or on `tax_date` (YYYY-MM-DD); due after its terms."""
        body = {"taxDate": tax_date} if tax_date else {}
        answer = self.http.post(f"{self.url}/_fake/orders/{order_id}/invoice", json=body,
                                timeout=10)
        answer.raise_for_status()
        return answer.json()["invoiceReference"]

    def ship(self, order_id: int, tracking: str) -> int:
        answer = self.http.post(
            f"{self.url}/_fake/orders/{order_id}/ship", json={"tracking": tracking}, timeout=10
        )
        answer.raise_for_status()
        return answer.json()["goodsOutNoteId"]

    def create_customer(self, **kw) -> int:
        """A new customer contact; keyword arguments are POST /contact fields (camelCase)."""
        n = next(_names)
        body = {
            "firstName": "Test",
            "lastName": f"Customer{n}",
            "organisation": {"name": f"Test Company {n} Ltd"},
            "communication": {"emails": {"PRI": {"email": f"test{n}@customer.example"}}},
            "assignment": {"current": {"staffOwnerContactId": STAFF_IDS[0]}},
            **kw,
        }
        return self._created(self.post("/contact-service/contact", body))

    def create_sales_order(self, customer_id: int = DEMO_CUSTOMER_ID, *, rows=None, **kw) -> int:
        """A sales order with one row by default; keyword arguments are POST fields."""
        rows = rows or [{"productId": 1, "quantity": 2, "net": "20.00", "tax": "4.00"}]
        body = {"customer": {"id": customer_id}, "rows": rows, **kw}
        return self._created(self.post("/order-service/sales-order", body))

    def create_supplier(self, **kw) -> int:
        """A new supplier contact; keyword arguments are POST /contact fields (camelCase)."""
        return self.create_customer(relationshipToAccount={"isSupplier": True}, **kw)

    def create_purchase_order(self, supplier_id: int = DEMO_SUPPLIER_ID, *, rows=None,
                              **kw) -> int:
        """A purchase order (the fake's factory extension), one row by default; keyword
        arguments are POST fields (`statusId`, `staffOwnerId`, `delivery`, `ref`...)."""
        rows = rows or [{"productId": 1, "quantity": 10, "net": "50.00", "tax": "10.00"}]
        body = {"supplier": {"id": supplier_id}, "rows": rows, **kw}
        return self._created(self.post("/order-service/purchase-order", body))
    def create_sales_credit(self, customer_id: int, *, parent_id: int | None = None, rows=None,
                            **kw) -> int:
        """A sales credit (credit note), against `parent_id` when given."""
        rows = rows or [{"productId": 1, "quantity": 1, "net": "10.00", "tax": "2.00",
                         "taxCode": "T1"}]
        body = {"customer": {"id": customer_id}, "rows": rows, **kw}
        if parent_id is not None:
            body["parentId"] = parent_id
        return self._created(self.post("/order-service/sales-credit", body))

    def pay(self, order_id: int, amount: str, *, payment_type: str = "RECEIPT",
            currency: str = "GBP", paid_on: str = "2026-10-01") -> int:
        """A customer payment on an order: a RECEIPT (money in) or a PAYMENT (a refund)."""
        n = next(_names)
        return self._created(self.post("/accounting-service/customer-payment", {
            "transactionRef": f"test-{order_id}-{n}", "paymentMethodCode": "BACS",
            "paymentType": payment_type, "orderId": order_id, "currencyIsoCode": currency,
            "amountPaid": amount, "paymentDate": paid_on}))

    @staticmethod
    def _created(answer: requests.Response) -> int:
        assert answer.status_code == 200, answer.text
        return answer.json()["response"]


@pytest.fixture(scope="session")
def erp_server() -> Iterator[RunningServer]:
    """The fake ERP for the whole test session (in memory, seeded with SEED)."""
    server = start_server(":memory:", seed=SEED, sizes=SIZES)
    yield server
    server.stop()


@pytest.fixture
def fake_erp(erp_server: RunningServer) -> Iterator[FakeErpControl]:
    """Control of the session's fake ERP; faults and the request log are clean on both sides."""
    control = FakeErpControl(erp_server)
    control.reset()
    yield control
    control.reset()
    control.http.close()
