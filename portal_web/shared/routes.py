"""GET /shared/quotes/<token> and its PDF: a quote shared by email, for anyone with the link.

Load and check in one place (`sharing.load_shared`): the signature, then the ERP (the quote
still active and still the sharing contact's). The page shows that quote and nothing else: no
menu, no conversation, no link into the portal.
"""

from __future__ import annotations

from flask import render_template

from portal_web.erp import get_erp, get_settings
from portal_web.quotes.document import quote_pdf, tax_by_rate
from portal_web.quotes.model import quote_statuses
from portal_web.quotes.sharing import load_shared
from portal_web.shared import bp

_PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


@bp.get("/shared/quotes/<token>")
def quote(token: str):
    found = _load(token)
    html = render_template("shared/quote.html", quote=found, taxes=tax_by_rate(found),
                           token=token, seller=get_settings().seller)
    return html, 200, _PRIVATE


@bp.get("/shared/quotes/<token>.pdf")
def quote_pdf_file(token: str):
    found, settings = _load(token), get_settings()
    pdf = quote_pdf(found, seller=settings.seller, style=settings.pdf, locale=settings.locale)
    return pdf, 200, {**_PRIVATE, "Content-Type": "application/pdf",
                      "Content-Disposition": f'inline; filename="quote-{found.id}.pdf"'}


def _load(token: str):
    settings = get_settings()
    return load_shared(get_erp(), quote_statuses(get_erp(), settings), settings.secret_key,
                       token)
