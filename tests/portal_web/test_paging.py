"""Paged lists: a page past the last says there is no such page (a 404 with a way back)."""

from __future__ import annotations

import html
import re

import pytest

from connector.models import Page
from portal_web.paging import PastLastPage, check_page, parse_page


def _pages(text: str) -> int:
    """The number of pages the pager names (a list of one page has no pager)."""
    found = re.search(r"Page 1 of (\d+)", text)
    return int(found.group(1)) if found else 1


def test_a_catalog_page_past_the_last_is_a_404_that_says_so(shopper, customer):
    pages = _pages(shopper.get("/catalog").text)
    page = shopper.get("/catalog?page=999")
    assert page.status_code == 404
    assert "There is no page 999" in page.text
    assert f"This list has {pages} pages" in page.text
    assert "Page 999 of" not in page.text
    last = re.search(r'<a href="([^"]+)">Go to the last page', page.text).group(1)
    assert shopper.get(html.unescape(last)).status_code == 200
    assert f"Page {pages} of {pages}" in shopper.get(html.unescape(last)).text


def test_the_way_back_keeps_the_search(shopper, customer):
    pages = _pages(shopper.get("/catalog?q=steel").text)
    page = shopper.get("/catalog?q=steel&page=50")
    assert page.status_code == 404
    last = html.unescape(re.search(r'<a href="([^"]+)">Go to the last page', page.text).group(1))
    assert "q=steel" in last and f"page={pages}" in last


def test_my_orders_past_the_last_page_is_a_404_and_an_empty_first_page_is_not(
        shopper, customer, fake_erp):
    assert shopper.get("/orders").status_code == 200  # no orders yet: page 1 of an empty list
    assert "No orders" in shopper.get("/orders").text
    confirmed = shopper.portal.erp.reference.status_named("Confirmed").id
    for _ in range(3):
        fake_erp.create_sales_order(customer, statusId=confirmed)
    page = shopper.get("/orders?status=ordered&page=2")
    assert page.status_code == 404
    assert "There is no page 2" in page.text and "This list has 1 page." in page.text
    assert "status=ordered" in html.unescape(page.text)


def test_a_page_number_in_other_digits_gets_the_message_not_a_trace(shopper, customer):
    page = shopper.get("/catalog", params={"page": "²"})
    assert page.status_code == 400
    assert "The page number must be a whole number from 1." in page.text


@pytest.mark.parametrize(("raw", "page"), [(None, 1), ("", 1), ("1", 1), ("8", 8)])
def test_page_numbers_are_read_from_the_query(raw, page):
    assert parse_page(raw) == page


@pytest.mark.parametrize("raw", ["0", "-1", "1.5", "x", "100001", "²"])
def test_a_page_number_that_is_not_one_is_refused_with_a_message(raw):
    with pytest.raises(ValueError, match="whole number from 1"):
        parse_page(raw)


def test_check_page_lets_every_existing_page_through():
    assert check_page(Page([], 0, 1, 20)).page == 1  # an empty list has its first page
    assert check_page(Page([1], 41, 3, 20)).page == 3
    with pytest.raises(PastLastPage) as past:
        check_page(Page([], 41, 4, 20))
    assert (past.value.page, past.value.pages, past.value.code) == (4, 3, 404)
