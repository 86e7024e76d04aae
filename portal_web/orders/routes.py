"""GET /orders, GET /orders/<id>, GET /orders/<id>/placed, POST /orders/<id>/reorder."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for

from portal_web.cart.services import Cart
from portal_web.catalog.services import parse_page
from portal_web.customer import current_price_book, current_profile
from portal_web.erp import get_erp, get_settings
from portal_web.orders import bp
from portal_web.orders.services import (
    get_order_or_404,
    orders_page,
    reorder,
    status_table,
    tracking_numbers,
)


@bp.get("/orders")
def index():
    erp, table = get_erp(), status_table(get_erp(), get_settings())
    slug = request.args.get("status", "")
    try:
        found, shipments = orders_page(erp, table, current_profile().contact_id, slug,
                                       parse_page(request.args.get("page")))
    except ValueError as e:
        return render_template("orders/index.html", table=table, orders=None, slug="",
                               message=str(e)), 400
    return render_template("orders/index.html", table=table, orders=found, shipments=shipments,
                           slug=slug, tracking=tracking_numbers, book=current_price_book())


@bp.get("/orders/<id:order_id>")
def detail(order_id: int):
    return _render_order("orders/detail.html", order_id)


@bp.get("/orders/<id:order_id>/placed")
def placed(order_id: int):
    """The confirmation page checkout lands on."""
    return _render_order("orders/placed.html", order_id)


@bp.post("/orders/<id:order_id>/reorder")
def order_again(order_id: int):
    erp = get_erp()
    order = get_order_or_404(erp, status_table(erp, get_settings()), order_id,
                             current_profile().contact_id)
    cart = Cart.from_session(session)
    result = reorder(erp, current_price_book(), order, cart)
    cart.save(session)
    if result.added:
        flash(f"Added to your cart at today's prices: {', '.join(result.added)}.", "success")
    if result.skipped:
        flash(f"No longer available to order: {', '.join(result.skipped)}.", "warning")
    return redirect(url_for("cart.view"))


def _render_order(template: str, order_id: int):
    erp = get_erp()
    table = status_table(erp, get_settings())
    order = get_order_or_404(erp, table, order_id, current_profile().contact_id)
    shipments = erp.shipments.for_orders([order.id]).get(order.id, [])
    return render_template(template, order=order, label=table.label(order.status_id),
                           shipments=shipments, book=current_price_book())
