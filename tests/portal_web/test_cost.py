"""Each page costs a constant number of ERP requests, whatever the number of rows (the fake's
request log counts them), and nothing once its answers are cached. The figures are the ones
stated in docs/portal.md."""

import re

import pytest

from tests.portal_web.conftest import product_ids_on

# ERP requests per page with nothing of it cached but reference data (statuses, price lists,
# currencies); seen again while its answers are fresh, every page costs none.
COST = {
    "/": 3,              # order-search, order GET, goods-out GET
    "/orders": 3,        # the same, one page of 20
    "/orders/{id}": 2,   # order GET and goods-out GET, together
    "/catalog": 3,       # product-search, product GET, product-price GET
    "/cart": 3,          # product GET, product-price GET, addresses
}


def _cost(shopper, fake_erp, path) -> tuple[int, dict]:
    """What a first view of the page costs (only reference data cached); a second costs 0."""
    erp = shopper.portal.erp
    shopper.get(path)
    erp.cache.clear()
    erp.reference.statuses(), erp.reference.price_lists(), erp.reference.currencies()
    fake_erp.reset()
    assert shopper.get(path).status_code == 200
    log = fake_erp.requests()
    fake_erp.reset()
    assert shopper.get(path).status_code == 200
    assert fake_erp.requests()["total"] == 0, f"{path} seen again asked the ERP"
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
        assert total == COST["/catalog"], by_endpoint


def test_a_cart_of_30_lines_costs_the_same_as_a_cart_of_1(shopper, customer, fake_erp):
    ids = product_ids_on(shopper.get("/catalog").text) + product_ids_on(
        shopper.get("/catalog?page=2").text)
    shopper.post("/cart/items", {"product_id": ids[0], "quantity": 1})
    one, _ = _cost(shopper, fake_erp, "/cart")
    for product_id in ids[1:30]:
        shopper.post("/cart/items", {"product_id": product_id, "quantity": 2})
    assert len(re.findall(r'<tr id="line-', shopper.get("/cart").text)) == 30
    thirty, by_endpoint = _cost(shopper, fake_erp, "/cart")
    assert one == thirty == COST["/cart"], by_endpoint


def test_my_orders_and_an_order_listed_cost_nothing_after_the_dashboard(shopper, customer,
                                                                         fake_erp, orders_for):
    orders_for(customer, 25)
    shopper.get("/")
    fake_erp.reset()
    listed = re.findall(r'href="/orders/(\d+)"', shopper.get("/orders").text)
    shopper.get(f"/orders/{listed[-1]}")  # on My orders' first page, not on the dashboard
    assert fake_erp.requests()["total"] == 0, fake_erp.requests()["by_endpoint"]
