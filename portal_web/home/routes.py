"""GET / (the dashboard)."""

from __future__ import annotations

from dataclasses import replace

from flask import render_template

from portal_web.customer import current_profile
from portal_web.erp import get_erp, get_settings
from portal_web.home import bp
from portal_web.orders.services import orders_page, status_table, tracking_numbers

RECENT = 5


@bp.get("/")
def dashboard():
    """The latest orders: the first page of My orders (the same ERP requests, so that either
    page costs nothing once the other was seen), of which the first five are shown."""
    erp = get_erp()
    table = status_table(erp, get_settings())
    first, shipments = orders_page(erp, table, current_profile(), "", 1)
    recent = replace(first, items=first.items[:RECENT], page_size=RECENT)
    return render_template("home/dashboard.html", orders=recent, shipments=shipments,
                           table=table, tracking=tracking_numbers)
