"""Each page costs a constant number of ERP requests, whatever the number of rows (the fake's
request log counts them). The figures are the ones stated in docs/portal.md."""

import re

import pytest

from tests.portal_web.conftest import product_ids_on

# ERP requests per page once reference data (statuses, price lists, currencies) is cached.
COST = {
    "/": 3,              # order-search, order GET, goods-out GET
    "/orders": 3,        # the same, one page of 20
    "/orders/{id}": 2,   # order GET, goods-out GET
    "/catalog": 3,       # product-search, product GET (then cached), product-price GET
    "/cart": 3,          # product GET (cached after the catalog), product-price GET, addresses
    "/quotes": 3,        # order-search, order-note-search (acceptances), order GET (+ fields)
    "/quotes/{id}": 3,   # order GET (+ custom fields), its notes, the names of their authors
    "/quotes/{id}.pdf": 3,  # the same
}


def _cost(shopper, fake_erp, path) -> tuple[int, dict]:
    shopper.get(path)  # warm the caches
    fake_erp.reset()
    assert shopper.get(path).status_code == 200
    log = fake_erp.requests()
    return log["total"], log["by_endpoint"]


@pytest.fixture
def orders_for(fake_erp, shopper):
    def make(customer_id, count, rows=1):
        fake_erp.set_faults(throttle_per_minute=100_000)  # set-up traffic, not the portal's
        status_id = shopper.portal.erp.reference.status_named("Confirmed").id
        lines = [{"productId": n + 1, "quantity": 1, "net": "1.00", "tax": "0"}
                 for n in range(rows)]
        ids = [fake_erp.create_sales_order(customer_id, statusId=status_id, rows=lines)
               for _ in range(count)]
        for order_id in ids[::3]:
            fake_erp.ship(order_id, f"TRK{order_id}")
        return ids
    return make


def test_my_orders_costs_the_same_with_200_orders_as_with_2(shopper, make_customer, fake_erp,
                                                           orders_for):
    few, many = make_customer(), make_customer()
    orders_for(few, 2)
    orders_for(many, 200)
    shopper.login(few)
    cost_few, _ = _cost(shopper, fake_erp, "/orders")
    dashboard_few, _ = _cost(shopper, fake_erp, "/")
    shopper.login(many)
    cost_many, by_endpoint = _cost(shopper, fake_erp, "/orders")
    dashboard_many, _ = _cost(shopper, fake_erp, "/")
    assert cost_few == cost_many == COST["/orders"], by_endpoint
    assert dashboard_few == dashboard_many == COST["/"]


def test_an_order_with_50_rows_costs_the_same_as_one_with_1(shopper, customer, fake_erp,
                                                           orders_for):
    small, large = orders_for(customer, 1, rows=1)[0], orders_for(customer, 1, rows=50)[0]
    assert _cost(shopper, fake_erp, f"/orders/{small}")[0] == COST["/orders/{id}"]
    assert _cost(shopper, fake_erp, f"/orders/{large}")[0] == COST["/orders/{id}"]


def test_a_catalog_page_costs_three_requests_on_any_page(shopper, customer, fake_erp):
    for path in ("/catalog", "/catalog?page=3", "/catalog?q=steel"):
        total, by_endpoint = _cost(shopper, fake_erp, path)
        assert total == COST["/catalog"] - 1, by_endpoint  # product details are cached by then
    fake_erp.reset()
    shopper.get("/catalog?page=5")  # a page never seen: its products are fetched once
    assert fake_erp.requests()["total"] == COST["/catalog"]


def test_a_cart_of_30_lines_costs_the_same_as_a_cart_of_1(shopper, customer, fake_erp):
    ids = product_ids_on(shopper.get("/catalog").text) + product_ids_on(
        shopper.get("/catalog?page=2").text)
    shopper.post("/cart/items", {"product_id": ids[0], "quantity": 1})
    one, _ = _cost(shopper, fake_erp, "/cart")
    for product_id in ids[1:30]:
        shopper.post("/cart/items", {"product_id": product_id, "quantity": 2})
    assert len(re.findall(r'<tr id="line-', shopper.get("/cart").text)) == 30
    thirty, by_endpoint = _cost(shopper, fake_erp, "/cart")
    assert one == thirty == COST["/cart"] - 1, by_endpoint  # product details cached


def test_the_quote_list_costs_the_same_with_60_quotes_as_with_2(shopper, make_customer, fake_erp,
                                                              make_quote):
    few, many = make_customer(), make_customer()
    fake_erp.set_faults(throttle_per_minute=100_000)
    for customer, count in ((few, 2), (many, 60)):
        for n in range(count):
            quote = make_quote(customer, status="Declined" if n % 5 == 4 else "Quote")
            fake_erp.post(f"/order-service/order/{quote}/note",
                          {"text": f"Note {n}", "isPublic": True, "addedBy": 1 + n % 3})
        accepted = make_quote(customer, status="Confirmed")
        fake_erp.post(f"/order-service/order/{accepted}/note", {
            "text": "Accepted in the portal by T.", "isPublic": True, "addedBy": customer})
    shopper.login(few)
    cost_few, _ = _cost(shopper, fake_erp, "/quotes")
    shopper.login(many)
    cost_many, by_endpoint = _cost(shopper, fake_erp, "/quotes")
    assert cost_few == cost_many == COST["/quotes"], by_endpoint


def test_a_quote_with_30_notes_costs_the_same_as_one_with_1(shopper, customer, fake_erp,
                                                           make_quote):
    quiet, busy = make_quote(customer), make_quote(customer)
    fake_erp.set_faults(throttle_per_minute=100_000)
    fake_erp.post(f"/order-service/order/{quiet}/note", {"text": "hi", "isPublic": True})
    for n in range(30):
        fake_erp.post(f"/order-service/order/{busy}/note",
                      {"text": f"Note {n}", "isPublic": True,
                       "addedBy": (1, 2, 3, customer)[n % 4]})
    for path in ("/quotes/{id}", "/quotes/{id}.pdf"):
        for quote in (quiet, busy):
            total, by_endpoint = _cost(shopper, fake_erp, path.format(id=quote))
            assert total == COST[path], by_endpoint
