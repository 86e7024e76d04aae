"""The catalog shows the customer's price list, in the customer's currency, searchable, paged."""

import re
from decimal import Decimal

from portal_web.formatting import format_money
from portal_web.money import round_money
from tests.fixtures_erp import DEFAULT_PRICE_LIST_ID, EUR_PRICE_LIST_ID, USD_PRICE_LIST_ID
from tests.portal_web.conftest import product_ids_on


def _shown_prices(html: str) -> dict[int, str]:
    cards = re.findall(r'id="product-(\d+)">(.*?)</li>', html, re.S)
    return {int(pid): re.search(r'<p class="price">([^<]+?) <span', card).group(1)
            for pid, card in cards}


def _expected(erp, product_id, list_id, currency):
    price = erp.catalog.prices([product_id], list_id)[product_id]
    list_rate = erp.reference.currency(price.currency_code).rate
    to = erp.reference.currency(currency)
    amount = round_money(price.unit_price(1) / list_rate * to.rate, currency)
    return format_money(amount, currency)


def _all_list_ids(erp, list_id, status="LIVE"):
    return {p.id for p in _every_page(erp, list_id, status)}


def _every_page(erp, list_id, status="LIVE"):
    """Every product of the list a customer may see (on sale: status LIVE)."""
    page = 1
    while True:
        found = erp.catalog.search(list_id, page=page, page_size=500, status=status)
        yield from found.items
        if not found.has_next:
            return
        page += 1


def test_a_customer_without_a_price_list_sees_the_default_list_at_its_prices(
        shopper, make_customer):
    shopper.login(make_customer(price_list=None, currency="GBP"))
    shown = _shown_prices(shopper.get("/catalog").text)
    erp = shopper.portal.erp
    assert shown
    for product_id, text in shown.items():
        assert text == _expected(erp, product_id, DEFAULT_PRICE_LIST_ID, "GBP")


def test_prices_are_converted_when_the_list_is_in_another_currency(shopper, make_customer):
    shopper.login(make_customer(price_list=EUR_PRICE_LIST_ID, currency="GBP"))
    html = shopper.get("/catalog").text
    shown = _shown_prices(html)
    assert "Prices in GBP" in html
    for product_id, text in shown.items():
        assert text.startswith("£")
        assert text == _expected(shopper.portal.erp, product_id, EUR_PRICE_LIST_ID, "GBP")


def test_a_customer_sees_their_own_list_in_its_own_currency(shopper, make_customer):
    shopper.login(make_customer(price_list=USD_PRICE_LIST_ID, currency="USD"))
    shown = _shown_prices(shopper.get("/catalog").text)
    erp = shopper.portal.erp
    for product_id, text in shown.items():
        price = erp.catalog.prices([product_id], USD_PRICE_LIST_ID)[product_id]
        assert text == format_money(price.unit_price(1), "USD")


def test_only_the_products_of_the_customers_list_are_visible(shopper, make_customer):
    shopper.login(make_customer(price_list=USD_PRICE_LIST_ID, currency="USD"))
    erp = shopper.portal.erp
    in_list = _all_list_ids(erp, USD_PRICE_LIST_ID)
    outside = sorted(_all_list_ids(erp, DEFAULT_PRICE_LIST_ID) - in_list)
    assert outside, "the demo data should leave some products out of the USD list"
    page = shopper.get("/catalog")
    assert f"{len(in_list)} products" in page.text
    assert set(product_ids_on(page.text)) <= in_list
    sku = erp.catalog.products([outside[0]])[outside[0]].sku
    assert product_ids_on(shopper.get("/catalog", params={"q": sku}).text) == []


def test_quantity_breaks_are_shown_in_the_customers_currency(shopper, make_customer):
    shopper.login(make_customer(price_list=EUR_PRICE_LIST_ID, currency="GBP"))
    erp = shopper.portal.erp
    with_breaks = next(p for p in _every_page(erp, EUR_PRICE_LIST_ID)
                       if len(erp.catalog.prices([p.id], EUR_PRICE_LIST_ID)[p.id].breaks) > 1)
    html = shopper.get("/catalog", params={"q": with_breaks.sku}).text
    card = re.search(rf'id="product-{with_breaks.id}">(.*?)</li>', html, re.S).group(1)
    assert "Volume prices" in card
    price = erp.catalog.prices([with_breaks.id], EUR_PRICE_LIST_ID)[with_breaks.id]
    eur, gbp = erp.reference.currency("EUR"), erp.reference.currency("GBP")
    for brk in price.breaks:
        converted = round_money(brk.price / eur.rate * gbp.rate, "GBP")
        assert f"<td>{brk.min_quantity}</td><td>{format_money(converted, 'GBP')}</td>" in card


def test_search_finds_products_by_name_or_sku(shopper, customer):
    erp = shopper.portal.erp
    product = next(_every_page(erp, DEFAULT_PRICE_LIST_ID))
    by_sku = product_ids_on(shopper.get("/catalog", params={"q": product.sku.lower()}).text)
    assert by_sku == [product.id]
    word = product.name.split()[-2]
    by_name = shopper.get("/catalog", params={"q": word}).text
    assert product.id in product_ids_on(by_name)
    assert all(word.lower() in erp.catalog.products([i])[i].name.lower()
               or word.lower() in erp.catalog.products([i])[i].sku.lower()
               for i in product_ids_on(by_name))


def test_paging_walks_the_whole_list_once(shopper, customer):
    first = shopper.get("/catalog").text
    pages = int(re.search(r"Page 1 of (\d+)", first).group(1))
    seen = []
    for page in range(1, pages + 1):
        seen += product_ids_on(shopper.get("/catalog", params={"page": page}).text)
    assert len(seen) == len(set(seen)) == len(_all_list_ids(shopper.portal.erp,
                                                            DEFAULT_PRICE_LIST_ID))
    assert product_ids_on(shopper.get("/catalog", params={"page": pages + 1}).text) == []


def test_a_bad_page_number_gets_the_catalog_again_with_a_message(shopper, customer):
    for bad in ("0", "-1", "two", "1.5"):
        page = shopper.get("/catalog", params={"page": bad})
        assert page.status_code == 400
        assert "The page number must be a whole number" in page.text
    long_query = shopper.get("/catalog", params={"q": "x" * 101})
    assert long_query.status_code == 400


def test_prices_on_the_page_are_decimal_exact_sums(shopper, make_customer):
    """A sanity check of the money path: no float artefacts like 12.299999 ever reach the page."""
    shopper.login(make_customer(price_list=EUR_PRICE_LIST_ID, currency="GBP"))
    for text in _shown_prices(shopper.get("/catalog").text).values():
        assert re.fullmatch(r"£[0-9,]+\.[0-9]{2}", text)
        Decimal(text[1:].replace(",", ""))


def test_discontinued_products_are_neither_shown_nor_sold(shopper, customer):
    erp = shopper.portal.erp
    everything = {p.id: p for p in _every_page(erp, DEFAULT_PRICE_LIST_ID, status=None)}
    discontinued = [p for p in everything.values() if p.status == "DISCONTINUED"]
    assert discontinued, "the demo data should hold discontinued products"
    gone = discontinued[0]
    assert product_ids_on(shopper.get("/catalog", params={"q": gone.sku}).text) == []
    refused = shopper.post("/cart/items", {"product_id": gone.id, "quantity": 1})
    assert refused.status_code == 400 and "not available to you" in refused.text
