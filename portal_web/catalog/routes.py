"""GET /catalog (`?q=`, `?page=`)."""

from __future__ import annotations

from flask import render_template, request

from portal_web.catalog import bp
from portal_web.catalog.services import catalog_page, parse_query
from portal_web.customer import current_price_book
from portal_web.erp import get_erp
from portal_web.paging import parse_page


@bp.get("/catalog")
def index():
    try:
        query, page = parse_query(request.args.get("q")), parse_page(request.args.get("page"))
    except ValueError as e:
        return render_catalog("", 1, message=str(e), status=400)
    return render_catalog(query, page)


def render_catalog(query: str, page: int, *, errors=None, message=None, status=200,
                   quantities=None):
    """The catalog page, also used by the cart to show an add-to-cart error next to its field."""
    book = current_price_book()
    view = catalog_page(get_erp(), book, query, page)
    shown = {card.product_id for card in view.cards}
    stray = [text for product_id, text in (errors or {}).items() if product_id not in shown]
    message = message or (stray[0] if stray else None)  # its product is not on this page
    html = render_template("catalog/index.html", view=view, book=book, errors=errors or {},
                           quantities=quantities or {}, message=message)
    return html, status
