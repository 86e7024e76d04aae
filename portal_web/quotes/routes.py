"""GET /quotes, GET /quotes/<id>, GET /quotes/<id>.pdf, POST /quotes/<id>/convert,
POST /quotes/<id>/decline, POST /quotes/<id>/comments, POST /quotes/<id>/share,
GET /quotes/<id>/accepted."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for

from portal_web.customer import current_profile
from portal_web.erp import get_erp, get_settings
from portal_web.mail import MailError
from portal_web.orders.services import status_table
from portal_web.paging import parse_page
from portal_web.quotes import bp
from portal_web.quotes.actions import (
    AlreadySubmitted,
    OutcomeUnknown,
    QuoteNotOpen,
    accept,
    comment,
    decline,
)
from portal_web.quotes.document import quote_pdf, tax_by_rate
from portal_web.quotes.forms import AcceptForm, CommentForm, DeclineForm, ShareForm, new_submission
from portal_web.quotes.model import QuoteState, quote_statuses
from portal_web.quotes.services import load_quote, quotes_page
from portal_web.quotes.sharing import ShareRefused, share, share_token


@bp.get("/quotes")
def index():
    erp = get_erp()
    slug = request.args.get("state", "")
    try:
        state = QuoteState.from_slug(slug) if slug else None
        found = quotes_page(erp, current_profile(), _statuses(), state,
                            parse_page(request.args.get("page")))
    except ValueError as e:
        return render_template("quotes/index.html", quotes=None, slug="", states=QuoteState,
                               message=str(e)), 400
    return render_template("quotes/index.html", quotes=found, slug=slug, states=QuoteState,
                           table=status_table(erp, get_settings()))


@bp.get("/quotes/<id('quote'):quote_id>")
def detail(quote_id: int):
    return render_quote(quote_id)


@bp.get("/quotes/<id('quote'):quote_id>.pdf")
def pdf(quote_id: int):
    page = load_quote(get_erp(), current_profile(), _statuses(), quote_id)
    return _pdf_response(page.quote)


@bp.post("/quotes/<id('quote'):quote_id>/convert")
def convert(quote_id: int):
    form = AcceptForm()
    if not form.validate():
        return render_quote(quote_id, accept_form=form, status=400)
    return _closing(quote_id, lambda: accept(get_erp(), current_profile(), _statuses(),
                                             quote_id, (form.po_number.data or "").strip()),
                    form, "accept_form")


@bp.post("/quotes/<id('quote'):quote_id>/decline")
def decline_quote(quote_id: int):
    form = DeclineForm()
    if not form.validate():
        return render_quote(quote_id, decline_form=form, status=400)
    return _closing(quote_id, lambda: decline(get_erp(), current_profile(), _statuses(),
                                              quote_id, (form.reason.data or "").strip()),
                    form, "decline_form")


def _closing(quote_id: int, act, form, form_name: str):
    """Accept or decline, then the confirmation (or the quote page with what went wrong)."""
    try:
        closed = act()
    except QuoteNotOpen as e:
        return render_quote(quote_id, message=str(e), status=409)
    except OutcomeUnknown:
        return render_template("quotes/uncertain.html", quote_id=quote_id), 503, {
            "Retry-After": "60"}
    if form_name == "decline_form":
        flash("You declined this quote. Your account manager has been told.", "success")
        return redirect(url_for("quotes.detail", quote_id=quote_id))
    if not closed.here:
        flash("This quote had already been accepted: nothing was ordered twice.", "warning")
    return redirect(url_for("quotes.accepted", quote_id=quote_id))


@bp.get("/quotes/<id('quote'):quote_id>/accepted")
def accepted(quote_id: int):
    """The confirmation after accepting; an open quote's address goes to the quote."""
    page = load_quote(get_erp(), current_profile(), _statuses(), quote_id)
    if page.quote.state is not QuoteState.ACCEPTED:
        return redirect(url_for("quotes.detail", quote_id=quote_id))
    return render_template("quotes/accepted.html", page=page, taxes=tax_by_rate(page.quote))


@bp.post("/quotes/<id('quote'):quote_id>/comments")
def add_comment(quote_id: int):
    form = CommentForm()
    if not form.validate():
        return render_quote(quote_id, comment_form=form, status=400)
    page = load_quote(get_erp(), current_profile(), _statuses(), quote_id)
    try:
        written = comment(get_erp(), current_profile(), page.quote, form.text.data.strip(),
                          form.submission.data)
    except AlreadySubmitted:
        return redirect(url_for("quotes.detail", quote_id=quote_id, _anchor="conversation"))
    if written is None:
        flash("We could not confirm that your comment was saved: look for it below before "
              "writing it again.", "warning")
    else:
        flash("Your comment was added. Your account manager has been told.", "success")
    return redirect(url_for("quotes.detail", quote_id=quote_id, _anchor="conversation"))


@bp.post("/quotes/<id('quote'):quote_id>/share")
def share_quote(quote_id: int):
    form = ShareForm()
    if not form.validate():
        return render_quote(quote_id, share_form=form, status=400)
    erp, profile, settings = get_erp(), current_profile(), get_settings()
    quote = load_quote(erp, profile, _statuses(), quote_id).quote
    link = url_for("shared.quote", token=share_token(settings.secret_key, quote.id,
                                                     profile.contact_id), _external=False)
    try:
        shared = share(erp, current_app.extensions["mailer"], profile, quote,
                       to=form.addresses, message=(form.message.data or "").strip(),
                       link=settings.public_url + link, pdf=_pdf_bytes(quote),
                       submission=form.submission.data)
    except AlreadySubmitted:
        return redirect(url_for("quotes.detail", quote_id=quote_id))
    except ShareRefused as e:
        return render_quote(quote_id, share_form=form, message=str(e), status=e.status)
    except MailError:
        return render_quote(quote_id, share_form=form, status=503, message=(
            "We could not send the email just now: nothing was sent. Please try again later."))
    _flash_shared(shared)
    return redirect(url_for("quotes.detail", quote_id=quote_id))


def _flash_shared(shared) -> None:
    flash(f"The quote was sent to {', '.join(shared.sent_to)}.", "success")
    if shared.refused:
        flash(f"The mail server refused {', '.join(shared.refused)}: it was not sent there.",
              "warning")
    if not shared.recorded:
        flash("The email was sent, but our order system did not record it.", "warning")


def render_quote(quote_id: int, *, status: int = 200, message: str | None = None, **forms):
    """The quote's page, with any form the customer sent back and its messages."""
    page = load_quote(get_erp(), current_profile(), _statuses(), quote_id)
    forms.setdefault("accept_form", AcceptForm(formdata=None, submission=new_submission()))
    forms.setdefault("decline_form", DeclineForm(formdata=None, submission=new_submission()))
    forms.setdefault("comment_form", CommentForm(formdata=None, submission=new_submission()))
    forms.setdefault("share_form", ShareForm(formdata=None, submission=new_submission()))
    html = render_template("quotes/detail.html", page=page, taxes=tax_by_rate(page.quote),
                           message=message, **forms)
    return html, status


def _statuses():
    return quote_statuses(get_erp(), get_settings())


def _pdf_bytes(quote) -> bytes:
    settings = get_settings()
    return quote_pdf(quote, seller=settings.seller, style=settings.pdf, locale=settings.locale)


def _pdf_response(quote):
    return _pdf_bytes(quote), 200, {
        "Content-Type": "application/pdf",
        "Content-Disposition": f'inline; filename="quote-{quote.id}.pdf"'}
