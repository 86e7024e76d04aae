"""GET /supplier/purchase-orders (and .csv), GET /supplier/purchase-orders/<id> (and .csv),
POST /supplier/purchase-orders/<id>/acknowledge, /ship, /comments."""

from __future__ import annotations

from datetime import date

from flask import current_app, flash, redirect, render_template, request, url_for

from connector.errors import ErpUnavailable
from portal_web.customer import current_profile
from portal_web.documents import TooManyDocuments
from portal_web.erp import get_erp, get_settings
from portal_web.locks import Busy
from portal_web.paging import parse_page
from portal_web.spreadsheet import csv_response
from portal_web.supplier import bp, fulfilment
from portal_web.supplier.exports import LINE_COLUMNS, LIST_COLUMNS, line_rows, list_rows
from portal_web.supplier.pages import render_detail
from portal_web.supplier.services import (
    EXPORT_LIMIT,
    ListFilter,
    load_purchase_order,
    purchase_orders_export,
    purchase_orders_page,
    status_table,
)

LOCK_WAIT_S = 5.0


@bp.get("/supplier/purchase-orders")
def index():
    table = status_table(get_erp(), get_settings())
    try:
        wanted = ListFilter.read(request.args, table)
        found = purchase_orders_page(get_erp(), table, current_profile(), wanted,
                                     parse_page(request.args.get("page")))
    except ValueError as e:
        return _list_page(table, None, ListFilter(), str(e)), 400
    return _list_page(table, found, wanted)


@bp.get("/supplier/purchase-orders.csv")
def export():
    table = status_table(get_erp(), get_settings())
    try:
        wanted = ListFilter.read(request.args, table)
        orders = purchase_orders_export(get_erp(), table, current_profile(), wanted)
    except ValueError as e:
        return _list_page(table, None, ListFilter(), str(e)), 400
    except TooManyDocuments:
        message = (f"More than {EXPORT_LIMIT:,} purchase orders match: choose a status or a "
                   f"reference to download fewer at once.")
        return _list_page(table, None, ListFilter(), message), 400
    return csv_response("purchase-orders.csv", LIST_COLUMNS, list_rows(orders, table))


@bp.get("/supplier/purchase-orders/<id('purchase_order'):po_id>")
def detail(po_id: int):
    table = status_table(get_erp(), get_settings())
    return render_detail(load_purchase_order(get_erp(), table, po_id, current_profile()), table)


@bp.get("/supplier/purchase-orders/<id('purchase_order'):po_id>.csv")
def lines_csv(po_id: int):
    po = load_purchase_order(get_erp(), status_table(get_erp(), get_settings()), po_id,
                             current_profile())
    return csv_response(f"purchase-order-{po.order.id}.csv", LINE_COLUMNS, line_rows(po))


@bp.post("/supplier/purchase-orders/<id('purchase_order'):po_id>/acknowledge")
def acknowledge(po_id: int):
    return _act(po_id, lambda erp, po: fulfilment.acknowledge(
        erp, po, request.form, current_profile(), date.today()))


@bp.post("/supplier/purchase-orders/<id('purchase_order'):po_id>/ship")
def ship(po_id: int):
    return _act(po_id, lambda erp, po: fulfilment.ship(
        erp, po, request.form, current_profile(), date.today()))


@bp.post("/supplier/purchase-orders/<id('purchase_order'):po_id>/comments")
def comments(po_id: int):
    return _act(po_id, lambda erp, po: fulfilment.comment(
        erp, po, request.form, current_profile()))


def _act(po_id: int, act):
    """Load, check, act while holding the PO's lock; the page again (400) on bad input."""
    erp, table = get_erp(), status_table(get_erp(), get_settings())
    with current_app.extensions["po_locks"].hold(f"po:{po_id}", wait_s=LOCK_WAIT_S):
        po = load_purchase_order(erp, table, po_id, current_profile())
        try:
            outcome = act(erp, po)
        except fulfilment.FormErrors as e:
            return render_detail(po, table, errors=e.errors, form=request.form, status=400)
        except fulfilment.NotNow as e:
            return render_detail(po, table, errors={"form": str(e)}, status=409)
    flash(outcome.message, "success")
    return redirect(url_for("supplier.detail", po_id=po_id))


def _list_page(table, found, wanted: ListFilter, message: str | None = None):
    return render_template("supplier/index.html", table=table, orders=found, wanted=wanted,
                           message=message)


@bp.errorhandler(Busy)
def _busy(_error):
    return render_template("errors/error.html", status=409, title="This purchase order is busy",
                           message="Another change to it is being recorded. Please try again "
                                   "in a moment."), 409


@bp.errorhandler(ErpUnavailable)
def _erp_unavailable(_error):
    """The customers' 503 page speaks of their cart; a supplier is told a form is safe to
    send again (it is never recorded twice)."""
    message = ("Please try again in a minute. If you were sending a form, sending it again is "
               "safe: it will not be recorded twice.")
    return render_template("errors/error.html", status=503,
                           title="We can't reach our order system", message=message), 503, {
        "Retry-After": "60"}
