"""GET /invoices, /invoices/<id>, /invoices/<id>.pdf, /statement and /statement.pdf."""

from __future__ import annotations

import re

from flask import Response, render_template, request

from portal_web.account.services import address_book, billing_address
from portal_web.areas import url_if_served
from portal_web.customer import as_order_address, current_profile
from portal_web.documents import load_ledger_entry
from portal_web.erp import get_erp, get_settings
from portal_web.invoices import bp
from portal_web.invoices.filters import STATUSES, TYPES, FilterError, InvoiceFilter
from portal_web.invoices.pdfs import Paper, buyer_party, invoice_pdf, statement_pdf
from portal_web.invoices.services import document_view, invoice_list, status_of, today
from portal_web.invoices.statement import statements
from portal_web.orders.services import status_table

PAY_ENDPOINT = "pay.index"  # the payments area's page; its button shows once it exists


@bp.get("/invoices")
def index():
    """Invoices and credit notes with filters, totals and checkboxes to choose what to pay."""
    choices = {"types": TYPES, "statuses": STATUSES}
    try:
        wanted = InvoiceFilter.from_args(request.args)
    except FilterError as e:
        return render_template("invoices/index.html", found=None, wanted=InvoiceFilter(),
                               error=e, args=request.args, **choices), 400
    on = today()
    found = invoice_list(get_erp(), current_profile(), wanted, on)
    return render_template("invoices/index.html", found=found, wanted=wanted, error=None,
                           args=request.args, status=lambda entry: status_of(entry, on),
                           pay_url=_pay_url(), **choices)


@bp.get("/invoices/<id('invoice'):invoice_id>")
def detail(invoice_id: int):
    return render_template("invoices/detail.html", view=_document(invoice_id),
                           pay_url=_pay_url(), seller=get_settings().seller)


@bp.get("/invoices/<id('invoice'):invoice_id>.pdf")
def pdf(invoice_id: int):
    view = _document(invoice_id)
    buyer = buyer_party(view.entry.order.billing_address, current_profile().company,
                        get_settings().locale)
    return _pdf(invoice_pdf(view.entry, view.taxes, buyer, _paper()), view.entry.number)


@bp.get("/statement")
def statement():
    found = statements(get_erp(), current_profile(), today())
    return render_template("invoices/statement.html", statements=found, pay_url=_pay_url(),
                           seller=get_settings().seller)


@bp.get("/statement.pdf")
def statement_as_pdf():
    """The statement in the customer's own currency (else the first with open items), billed to
    their billing address as the ERP holds it now."""
    erp, profile, locale = get_erp(), current_profile(), get_settings().locale
    found = statements(erp, profile, today())
    found = next((s for s in found if s.currency_code == profile.currency_code), found[0])
    billing = billing_address(address_book(erp, profile.contact_id))
    buyer = buyer_party(as_order_address(profile, billing) if billing else None,
                        profile.company, locale)
    return _pdf(statement_pdf(found, buyer, _paper()), f"statement-{found.today.isoformat()}")


def _document(invoice_id: int):
    """Load (the customer's, or 404), then what the page and the PDF show of it."""
    erp, profile = get_erp(), current_profile()
    entry = load_ledger_entry(erp, invoice_id, profile)
    visible = status_table(erp, get_settings()).visible_ids
    return document_view(erp, entry, profile, visible, today())


def _paper() -> Paper:
    settings = get_settings()
    return Paper(settings.seller, settings.pdf, settings.locale)


def _pdf(content: bytes, name: str) -> Response:
    filename = re.sub(r"[^A-Za-z0-9._-]", "_", name) or "document"
    return Response(content, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{filename}.pdf"'})


def _pay_url() -> str | None:
    """Where the chosen invoices are paid: the payments area, once it is there."""
    return url_if_served(PAY_ENDPOINT)

