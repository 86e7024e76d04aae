"""Paged lists: reading `?page=`, and a page past the last answered as what it is.

A list's service reads the page number with `parse_page`, fetches that page from the ERP, and
hands the result to `check_page`: asking for page 999 of 8 is a 404 that says there is no such
page and links to the last one, not an empty list headed "Page 999 of 8". Templates draw the
links with the `pager` macro (templates/macros.html).
"""

from __future__ import annotations

from flask import render_template, request, url_for
from werkzeug.exceptions import NotFound

MAX_PAGE = 100_000


class PastLastPage(NotFound):
    """A page number beyond the list's last page."""

    def __init__(self, page: int, pages: int):
        super().__init__(f"There is no page {page}: the last page is {pages}.")
        self.page, self.pages = page, pages


def parse_page(raw: str | None) -> int:
    """`?page=`: a whole number from 1; anything else is a ValueError with a message."""
    if raw in (None, ""):
        return 1
    if (not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(MAX_PAGE))  # '²' is a digit
            or not 1 <= int(raw) <= MAX_PAGE):
        raise ValueError("The page number must be a whole number from 1.")
    return int(raw)


def check_page(page):
    """`page` (a connector Page) when it exists; PastLastPage when it lies past the last one.

    Page 1 always exists, so an empty list still shows as an empty first page.
    """
    if page.page > 1 and page.page > page.pages:
        raise PastLastPage(page.page, page.pages)
    return page


def register(app) -> None:
    app.register_error_handler(PastLastPage, _past_last_page)


def _past_last_page(error: PastLastPage):
    """The 404 page, with a link to the last page of the same list (same filters)."""
    args = {**request.args.to_dict(), **(request.view_args or {}), "page": error.pages}
    last = url_for(request.endpoint, **args) if request.endpoint else None
    html = render_template("errors/past_last_page.html", error=error, last_url=last)
    return html, 404
