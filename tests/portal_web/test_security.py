"""Access rules checked against the app's own url_map, so a new route cannot slip past them."""

import re

import pytest

from portal_web.hooks import PUBLIC_ENDPOINTS
from tests.fixtures_portal import Shopper


def _rules(portal, method):
    return [r for r in portal.app.url_map.iter_rules()
            if method in r.methods and r.endpoint != "static"]


def _url(rule, **values) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), rule.rule)


def _values(order_id) -> dict:
    return {"order_id": order_id, "product_id": 1, "token": "4." + "A" * 43}


def test_every_post_is_refused_without_a_csrf_token(shopper, customer, fake_erp):
    order_id = fake_erp.create_sales_order(customer, statusId=3)
    posts = _rules(shopper.portal, "POST")
    assert len(posts) >= 6
    fake_erp.reset()
    for rule in posts:
        answer = shopper.post(_url(rule, **_values(order_id)), {"quantity": 1, "product_id": 1},
                              csrf=False, allow_redirects=False)
        assert answer.status_code == 400, rule.rule
        assert "This form has expired" in answer.text
    writes = [k for k in fake_erp.requests()["by_endpoint"] if not k.startswith("GET")]
    assert writes == []
    assert "Test Company" in shopper.get("/").text  # still logged in: nothing happened


def test_every_route_with_an_id_is_a_404_for_another_customers_object(
        shopper, make_customer, fake_erp):
    theirs = fake_erp.create_sales_order(make_customer(), statusId=3)
    shopper.login(make_customer())
    with_ids = [r for r in shopper.portal.app.url_map.iter_rules()
                if r.arguments & {"order_id", "product_id"}]
    assert {r.endpoint for r in with_ids} >= {"orders.detail", "orders.placed",
                                              "orders.order_again", "cart.update_item"}
    for rule in with_ids:
        url = _url(rule, **_values(theirs))
        for method in rule.methods & {"GET", "POST"}:
            answer = shopper.get(url) if method == "GET" else shopper.post(url, {"quantity": 1})
            assert answer.status_code == 404, (method, rule.rule)


def test_a_logged_out_visitor_gets_only_the_sign_in_page(portal, fake_erp):
    visitor = Shopper(portal)
    order_id = fake_erp.create_sales_order(statusId=3)
    for rule in _rules(portal, "GET"):
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        answer = visitor.get(_url(rule, **_values(order_id)))
        assert answer.url == portal.url + "/signed-out", rule.rule
        assert answer.status_code == 401
        assert "Please sign in" in answer.text
    for rule in _rules(portal, "POST"):
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        answer = visitor.post(_url(rule, **_values(order_id)), {"quantity": 1, "product_id": 1},
                              allow_redirects=False)
        assert answer.status_code == 302 and answer.headers["Location"] == "/signed-out"


def test_the_public_endpoints_are_only_the_expected_ones(portal):
    expected = {"auth.login", "auth.redeem", "auth.ended", "auth.signed_out", "static",
                "ops.healthz", "ops.readyz", "ops.metrics"}
    assert expected == PUBLIC_ENDPOINTS


def test_pages_carry_security_headers(shopper, customer):
    page = shopper.get("/catalog")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Cache-Control"] == "no-store"


def test_text_from_the_erp_is_escaped(shopper, make_customer, fake_erp):
    contact_id = make_customer()
    fake_erp.patch(f"/contact-service/contact/{contact_id}",
                   [{"op": "replace", "path": "/organisation/name",
                     "value": '<script>alert(1)</script>"'}])
    shopper.login(contact_id)
    page = shopper.get("/").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("field", ["price", "unitPrice", "total", "net", "priceListId",
                                   "currencyCode", "contactId", "orderStatusId"])
def test_extra_form_fields_cannot_change_the_order(shopper, customer, field):
    from tests.portal_web.conftest import product_ids_on

    product_id = product_ids_on(shopper.get("/catalog").text)[0]
    shopper.post("/cart/items", {"product_id": product_id, "quantity": 2, field: "0.01"})
    address = re.search(r'name="address_id"[^>]*value="([^"]+)"', shopper.get("/cart").text)
    placed = shopper.post("/cart/checkout", {"address_id": address.group(1), field: "1"})
    order = shopper.portal.erp.orders.get(int(placed.url.rsplit("/", 2)[1]))
    expected = shopper.portal.erp.catalog.prices([product_id], order.price_list_id)[product_id]
    assert order.rows[0].net == expected.unit_price(2) * 2
    assert order.customer_id == customer and order.status_name == "Confirmed"


@pytest.mark.parametrize("order_id", ["0", "-1", "1.0", "99999999999999999999", "007"])
def test_ids_that_cannot_name_an_erp_object_are_a_plain_404(shopper, customer, fake_erp,
                                                           order_id):
    fake_erp.reset()
    assert shopper.get(f"/orders/{order_id}").status_code == 404
    assert shopper.post(f"/orders/{order_id}/reorder").status_code == 404
    assert fake_erp.requests()["total"] == 0


@pytest.mark.parametrize("product_id", ["0", "-1", "99999999999999999999", "1.5", "x"])
def test_a_malformed_product_id_is_refused_with_a_message(shopper, customer, product_id):
    page = shopper.post("/cart/items", {"product_id": product_id, "quantity": 1})
    assert page.status_code == 400
    assert 'class="error-summary"' in page.text
