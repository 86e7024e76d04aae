"""Tax on every order: the ERP's codes and rates decide each row's tax, the cart shows net, tax by
rate and the total before the order is placed, and the order written carries each row's code and
tax (checked in the ERP itself)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.fixtures_erp import DEFAULT_PRICE_LIST_ID, TAX_EXEMPT, TAX_REVERSE_CHARGE


def _products_by_code(erp) -> dict[str, int]:
    """The first orderable product of the default list for each tax code."""
    codes = erp.reference.tax_codes()
    found = erp.catalog.search(DEFAULT_PRICE_LIST_ID, status="LIVE", page_size=60).items
    by_code: dict[str, int] = {}
    for product in found:
        by_code.setdefault(codes[product.tax_code_id].code, product.id)
    return by_code


def _checkout(shopper) -> dict:
    """Places the cart and returns the order as the ERP holds it (raw JSON)."""
    cart = shopper.get("/cart").text
    address = re.search(r'name="address_id"[^>]*value="([^"]+)"', cart).group(1)
    placed = shopper.post("/cart/checkout", {"address_id": address})
    order_id = int(re.search(r"/orders/(\d+)/placed", placed.url).group(1))
    return shopper.portal.erp.orders.get(order_id)


def _tax(net: Decimal, rate: int) -> Decimal:
    return (net * rate / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _money(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def test_a_standard_rate_product_is_taxed_at_20_percent_down_to_the_erp_row(shopper, customer):
    erp = shopper.portal.erp
    product = _products_by_code(erp)["T1"]
    shopper.post("/cart/items", {"product_id": product, "quantity": 3})
    net = erp.catalog.prices([product], DEFAULT_PRICE_LIST_ID)[product].unit_price(3) * 3
    cart = shopper.get("/cart").text
    assert f"Standard rate : 20% VAT <span class=\"muted\">on {_money(net)}</span>" in cart
    assert f'id="cart-total">{_money(net + _tax(net, 20))}<' in cart
    [row] = _checkout(shopper).rows
    assert (row.tax_code, row.tax_rate, row.net, row.tax) == ("T1", 20, net, _tax(net, 20))


def test_two_rates_on_one_order_are_shown_apart_and_written_row_by_row(shopper, customer):
    erp = shopper.portal.erp
    products = _products_by_code(erp)
    standard, reduced = products["T1"], products["T5"]
    shopper.post("/cart/items", {"product_id": standard, "quantity": 2})
    shopper.post("/cart/items", {"product_id": reduced, "quantity": 7})
    prices = erp.catalog.prices([standard, reduced], DEFAULT_PRICE_LIST_ID)
    nets = {standard: prices[standard].unit_price(2) * 2,
            reduced: prices[reduced].unit_price(7) * 7}
    taxes = {standard: _tax(nets[standard], 20), reduced: _tax(nets[reduced], 5)}
    cart = shopper.get("/cart").text
    lines = re.findall(r'<tr class="tax-line"><th scope="row" colspan="3">([^<]+) <span', cart)
    assert [line.strip() for line in lines] == ["Standard rate : 20% VAT", "Reduced rate : 5% VAT"]
    assert f'id="cart-total">{_money(sum(nets.values()) + sum(taxes.values()))}<' in cart
    order = _checkout(shopper)
    written = {row.product_id: (row.tax_code, row.net, row.tax) for row in order.rows}
    assert written == {standard: ("T1", nets[standard], taxes[standard]),
                       reduced: ("T5", nets[reduced], taxes[reduced])}
    assert order.tax == sum(taxes.values())
    assert order.total == sum(nets.values()) + sum(taxes.values())


@pytest.mark.parametrize(("tax_code", "code", "label"), [
    (TAX_EXEMPT, "T2", "Tax exempt"),
    (TAX_REVERSE_CHARGE, "T4", "Reverse charge : customer accounts for VAT"),
])
def test_a_customers_own_tax_code_replaces_every_products(shopper, make_customer, tax_code,
                                                          code, label):
    shopper.login(make_customer(tax_code=tax_code))
    products = _products_by_code(shopper.portal.erp)
    for product in (products["T1"], products["T5"]):
        shopper.post("/cart/items", {"product_id": product, "quantity": 1})
    cart = shopper.get("/cart").text
    assert re.findall(r'<tr class="tax-line"><th scope="row" colspan="3">([^<]+) <span', cart) \
        == [label]
    net = re.search(r'id="cart-net">([^<]+)<', cart).group(1)
    assert f'id="cart-total">{net}<' in cart
    order = _checkout(shopper)
    assert {(row.tax_code, row.tax) for row in order.rows} == {(code, Decimal(0))}
    assert order.tax == 0


def test_a_row_is_taxed_half_up_per_line_and_tax_is_summed_by_code():
    from connector.models import TaxCode
    from portal_web.taxes import row_tax, tax_by_rate, tax_code_for

    codes = {2: TaxCode(2, "T1", "Standard rate : 20% VAT", Decimal(20)),
             5: TaxCode(5, "T5", "Reduced rate : 5% VAT", Decimal(5))}
    assert row_tax(Decimal("0.10"), codes[5], "GBP") == Decimal("0.01")  # 0.005: half up
    assert row_tax(Decimal("0.50"), codes[5], "GBP") == Decimal("0.03")  # 0.025: not to even
    assert tax_code_for(5, None, codes) is codes[5]
    assert tax_code_for(5, 2, codes) is codes[2]  # the customer's own code first
    assert tax_code_for(None, None, codes) is None  # no code: its tax would be a guess
    lines = tax_by_rate([("T5", Decimal(5), Decimal("10.00"), Decimal("0.50")),
                         ("T1", Decimal(20), Decimal("1.00"), Decimal("0.20")),
                         ("T5", Decimal(5), Decimal("2.00"), Decimal("0.10")),
                         ("T9", Decimal("17.5"), Decimal("4.00"), Decimal("0.70"))], codes)
    assert [(t.label, t.net, t.tax) for t in lines] == [
        ("Standard rate : 20% VAT", Decimal("1.00"), Decimal("0.20")),
        ("Tax at 17.5%", Decimal("4.00"), Decimal("0.70")),
        ("Reduced rate : 5% VAT", Decimal("12.00"), Decimal("0.60"))]
