"""GET /orders, GET /orders/<id>, GET /orders/<id>/placed, POST /orders/<id>/reorder."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for

from portal_web.cart.services import Cart
from portal_web.customer import current_price_book, current_profile
from portal_web.documents import load_document
from portal_web.erp import get_erp, get_settings
from portal_web.orders import bp
from portal_web.orders.services import (
    order_rule,
    orders_page,
    reorder,
    status_table,
    tracking_numbers,
)
from portal_web.paging import parse_page


@bp.get("/orders")
def index():
    erp, table = get_erp(), status_table(get_erp(), get_settings())
    slug = request.args.get("status", "")
    try:
        found, shipments = orders_page(erp, table, current_profile(), slug,
                                       parse_page(request.args.get("page")))
    except ValueError as e:
        return render_template("orders/index.html", table=table, orders=None, slug="",
                               message=str(e)), 400
    return render_template("orders/index.html", table=table, orders=found, shipments=shipments,
                           slug=slug, tracking=tracking_numbers)


@bp.get("/orders/<id('order'):order_id>")
def detail(order_id: int):
    return _render_order("orders/detail.html", order_id)


@bp.get("/orders/<id('order'):order_id>/placed")
def placed(order_id: int):
    """The confirmation page checkout lands on."""
    return _render_order("orders/placed.html", order_id)


@bp.post("/orders/<id('order'):order_id>/reorder")
def order_again(order_id: int):
    erp = get_erp()
    rule = order_rule(status_table(erp, get_settings()))
    order = load_document(erp, rule, order_id, current_profile())
    cart = Cart.from_session(session)
    result = reorder(erp, current_price_book(), order, cart)
    cart.save(session)
    if result.added:
        flash(f"Added to your cart at today's prices: {', '.join(result.added)}.", "success")
    if result.skipped:
        flash(f"No longer available to order: {', '.join(result.skipped)}.", "warning")
    return redirect(url_for("cart.view"))


def _render_order(template: str, order_id: int):
    """The order (loaded and checked) and its shipments: two ERP requests made together, as
    both need only the id (the shipments are shown only once the order proved theirs)."""
    erp, profile = get_erp(), current_profile()
    table = status_table(erp, get_settings())
    order, shipments = erp.parallel(
        lambda: load_document(erp, order_rule(table), order_id, profile),
        lambda: erp.shipments.for_orders([order_id]).get(order_id, []))
    return render_template(template, order=order, label=table.label(order.status_id),
                           shipments=shipments)
