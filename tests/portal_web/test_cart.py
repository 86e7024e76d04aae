"""The cart: add, change, remove, refuse bad quantities next to the field, survive an outage."""

import html
import re

import pytest

from tests.fixtures_erp import DEFAULT_PRICE_LIST_ID, EUR_PRICE_LIST_ID
from tests.portal_web.conftest import product_ids_on


def _cart_lines(html: str) -> dict[int, tuple[int, str, str]]:
    """product id -> (quantity, unit price, line total) as shown."""
    lines = {}
    for pid, row in re.findall(r'<tr id="line-(\d+)"[^>]*>(.*?)</tr>', html, re.S):
        qty = int(re.search(r'name="quantity" type="number"[^>]*value="(\d+)"', row).group(1))
        unit, total = re.findall(r'<td class="num">([^<]+)</td>', row)
        lines[int(pid)] = (qty, unit, total)
    return lines


def _net(html: str) -> str:
    return re.search(r'<td class="num" id="cart-net">([^<]+)</td>', html).group(1)


def _first_products(shopper, n=2) -> list[int]:
    return product_ids_on(shopper.get("/catalog").text)[:n]


def test_adding_changing_and_removing_lines(shopper, customer):
    a, b = _first_products(shopper)
    shopper.post("/cart/items", {"product_id": a, "quantity": 2})
    shopper.post("/cart/items", {"product_id": b, "quantity": 1})
    added_again = shopper.post("/cart/items", {"product_id": a, "quantity": 3})
    assert "Added 3 ×" in added_again.text and "(5 in the cart)" in added_again.text
    lines = _cart_lines(shopper.get("/cart").text)
    assert {pid: qty for pid, (qty, _, _) in lines.items()} == {a: 5, b: 1}
    shopper.post(f"/cart/items/{a}", {"quantity": 7})
    shopper.post(f"/cart/items/{b}", {"quantity": 0})
    page = shopper.get("/cart").text
    assert {pid: qty for pid, (qty, _, _) in _cart_lines(page).items()} == {a: 7}
    assert 'aria-label="1 products in the cart"' in page


def test_line_and_cart_totals_are_computed_from_erp_prices(shopper, customer):
    erp = shopper.portal.erp
    a, b = _first_products(shopper)
    shopper.post("/cart/items", {"product_id": a, "quantity": 3})
    shopper.post("/cart/items", {"product_id": b, "quantity": 2})
    html = shopper.get("/cart").text
    prices = erp.catalog.prices([a, b], DEFAULT_PRICE_LIST_ID)
    expected = {a: prices[a].unit_price(3) * 3, b: prices[b].unit_price(2) * 2}
    for pid, (_, _, total) in _cart_lines(html).items():
        assert total == f"£{expected[pid]:,.2f}"
    assert _net(html) == f"£{sum(expected.values()):,.2f}"
    assert "Total to pay" in html


def test_the_unit_price_follows_the_quantity_break(shopper, make_customer):
    shopper.login(make_customer(price_list=EUR_PRICE_LIST_ID, currency="EUR"))
    erp = shopper.portal.erp
    found = erp.catalog.search(EUR_PRICE_LIST_ID, page=1, page_size=500).items
    prices = erp.catalog.prices([p.id for p in found], EUR_PRICE_LIST_ID)
    product_id, price = next((pid, p) for pid, p in prices.items() if len(p.breaks) > 1)
    top = price.breaks[-1]
    shopper.post("/cart/items", {"product_id": product_id, "quantity": top.min_quantity - 1})
    below = _cart_lines(shopper.get("/cart").text)[product_id][1]
    shopper.post(f"/cart/items/{product_id}", {"quantity": top.min_quantity})
    at = _cart_lines(shopper.get("/cart").text)[product_id][1]
    assert below == f"€{price.unit_price(top.min_quantity - 1):,.2f}"
    assert at == f"€{top.price:,.2f}" != below


@pytest.mark.parametrize("quantity, message", [
    ("0", "Enter a quantity from 1 to 9999."),
    ("-3", "Enter a quantity from 1 to 9999."),
    ("10000", "Enter a quantity from 1 to 9999."),
    ("1.5", "Enter a whole number of units."),
    ("abc", "Enter a whole number of units."),
    ("", "Enter a whole number of units."),
])
def test_a_bad_quantity_is_refused_next_to_its_field(shopper, customer, quantity, message):
    product_id = _first_products(shopper, 1)[0]
    page = shopper.post("/cart/items", {"product_id": product_id, "quantity": quantity})
    assert page.status_code == 400
    card = re.search(rf'id="product-{product_id}">(.*?)</li>', page.text, re.S).group(1)
    assert f'<p class="field-error" id="qty-error-{product_id}">{message}</p>' in card
    assert 'aria-invalid="true"' in card
    assert _cart_lines(shopper.get("/cart").text) == {}


@pytest.mark.parametrize("quantity", ["-1", "x", "10000", ""])
def test_a_bad_new_quantity_is_refused_on_the_cart_page(shopper, customer, quantity):
    product_id = _first_products(shopper, 1)[0]
    shopper.post("/cart/items", {"product_id": product_id, "quantity": 4})
    page = shopper.post(f"/cart/items/{product_id}", {"quantity": quantity})
    assert page.status_code == 400
    assert f'id="qty-error-{product_id}"' in page.text
    assert _cart_lines(shopper.get("/cart").text)[product_id][0] == 4


def test_a_product_outside_the_customers_list_cannot_be_added(shopper, make_customer):
    shopper.login(make_customer(price_list=EUR_PRICE_LIST_ID, currency="GBP"))
    erp = shopper.portal.erp
    in_list = {p.id for p in erp.catalog.search(EUR_PRICE_LIST_ID, page_size=500).items}
    in_list |= {p.id for p in erp.catalog.search(EUR_PRICE_LIST_ID, page=2,
                                                 page_size=500).items}
    outside = next(i for i in range(1, 300) if i not in in_list)
    for product_id in (outside, 987654):
        page = shopper.post("/cart/items", {"product_id": product_id, "quantity": 1})
        assert page.status_code == 400
        assert "not available to you" in page.text
    assert _cart_lines(shopper.get("/cart").text) == {}


def test_changing_a_line_that_is_not_in_the_cart_is_a_404(shopper, customer):
    assert shopper.post("/cart/items/12", {"quantity": 1}).status_code == 404


def test_the_cart_survives_an_erp_outage(shopper, customer, fake_erp):
    a, b = _first_products(shopper)
    shopper.post("/cart/items", {"product_id": a, "quantity": 2})
    shopper.post("/cart/items", {"product_id": b, "quantity": 5})
    fake_erp.set_faults(error_rate=1.0, error_status=503)
    down = shopper.get("/cart")
    assert down.status_code == 503
    assert "We can\'t reach our order system" in html.unescape(down.text)
    assert "Traceback" not in down.text
    fake_erp.set_faults(error_rate=0.0)
    lines = _cart_lines(shopper.get("/cart").text)
    assert {pid: qty for pid, (qty, _, _) in lines.items()} == {a: 2, b: 5}


def test_adding_to_the_cart_returns_to_the_product_on_the_catalog(shopper, customer):
    """Issue 7: "Add to cart" jumped back to the top of a long catalog."""
    product_id = _first_products(shopper, 5)[4]
    answer = shopper.post("/cart/items", {"product_id": product_id, "quantity": 1, "q": "",
                                          "page": "1"}, allow_redirects=False)
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/catalog#product-{product_id}"
    landed = shopper.get(answer.headers["Location"])
    assert f'id="product-{product_id}"' in landed.text


def test_the_maximum_quantity_is_named_when_it_stops_an_addition(shopper, customer):
    """Issue 7: adding 9,999 twice said "(9999 in the cart)" without a word of the maximum."""
    product_id = _first_products(shopper, 1)[0]
    first = html.unescape(shopper.post("/cart/items", {"product_id": product_id,
                                                       "quantity": 9990}).text)
    assert "Added 9990 ×" in first and "most" not in first
    partly = html.unescape(shopper.post("/cart/items", {"product_id": product_id,
                                                        "quantity": 20}).text)
    assert "Added only 9 ×" in partly and "9999 is the most one line" in partly
    nothing = html.unescape(shopper.post("/cart/items", {"product_id": product_id,
                                                         "quantity": 9999}).text)
    assert "Nothing added: you already have 9999 ×" in nothing
    assert "9999 is the most one line" in nothing
    assert _cart_lines(shopper.get("/cart").text)[product_id][0] == 9999


def test_an_empty_cart_at_checkout_says_so_once(shopper, customer):
    """Issue 7: an empty-cart checkout said "Your cart is empty." twice."""
    address_id = shopper.portal.erp.addresses.for_contact(customer)[0].id
    page = shopper.post("/cart/checkout", {"address_id": str(address_id)})
    assert page.status_code == 400
    assert page.text.count("Your cart is empty") == 1


@pytest.mark.parametrize("field", ["quantity", "product_id"])
def test_a_309_digit_number_is_refused_with_a_message_not_a_500(shopper, customer, field,
                                                                caplog):
    """Issue 7: a 309-digit quantity or product id overflowed WTForms' range check (500)."""
    product_id = _first_products(shopper, 1)[0]
    form = {"product_id": product_id, "quantity": 1, field: "9" * 309}
    page = shopper.post("/cart/items", form)
    assert page.status_code == 400
    assert "Traceback" not in caplog.text and "OverflowError" not in caplog.text
    shopper.post("/cart/items", {"product_id": product_id, "quantity": 1})
    again = shopper.post(f"/cart/items/{product_id}", {"quantity": "9" * 309})
    assert again.status_code == 400
    assert _cart_lines(shopper.get("/cart").text)[product_id][0] == 1
