"""The purchase order's page: what it shows, and its forms (with what was typed and the
messages, when a form comes back)."""

from __future__ import annotations

import re
import secrets
from datetime import date

from flask import render_template

from portal_web.erp import get_erp
from portal_web.supplier.services import (
    SUPPLIER_REF,
    TRACKING,
    LoadedPurchaseOrder,
    buyer_of,
)

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def render_detail(po: LoadedPurchaseOrder, table, *, errors=None, form=None, status: int = 200):
    """The page (one more ERP request: the buyer). A returned form keeps what was typed and its
    token, so that sending it again corrected is still the same shipment or comment."""
    order, form = po.order, form or {}
    buyer = buyer_of(get_erp(), order)
    ack = po.history.acknowledgement
    token = form.get("form_token", "")
    html = render_template(
        "supplier/detail.html", order=order, label=table.label(order.status_id),
        lines=po.lines(), acknowledgement=ack, shipments=po.history.shipments,
        thread=po.history.thread(order, buyer), buyer=buyer, is_open=po.is_open,
        supplier_ref=order.custom_fields.get(SUPPLIER_REF) or "",
        tracking=order.custom_fields.get(TRACKING) or "",
        requested=ack.requested if ack else order.delivery_date,
        promised=order.delivery_date if ack else None,
        errors=errors or {}, form=form, today=date.today().isoformat(),
        line_dates_open=bool(ack and ack.lines) or any(k.startswith("date-") for k in errors or {}),
        form_token=token if _TOKEN.match(token) else secrets.token_urlsafe(16))
    return html, status
