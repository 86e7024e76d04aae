"""GET|POST /account: the customer's details; they may change their name, email and phone."""

from __future__ import annotations

import logging
from dataclasses import replace

from flask import flash, redirect, render_template, session, url_for

from connector.errors import ErpValidationError
from portal_web.account import bp
from portal_web.account.forms import ContactForm
from portal_web.account.services import account, update_contact
from portal_web.customer import current_profile
from portal_web.erp import get_erp, get_settings

log = logging.getLogger(__name__)


@bp.get("/account")
def details():
    return _render_details(None)


@bp.post("/account")
def change_details():
    """Validated, then one JSON Patch of exactly name, email and phone; other fields ignored."""
    form = ContactForm()
    if not form.validate():
        return _render_details(form, status=400)
    profile = current_profile()
    try:
        update_contact(get_erp(), profile.contact_id, form.data)
    except ErpValidationError as e:
        log.warning("contact %s: the ERP refused new details: %s", profile.contact_id, e)
        form.email.errors.append("Our order system did not accept these details: check them "
                                 "and try again.")
        return _render_details(form, status=400)
    name = f"{form.first_name.data} {form.last_name.data}".strip()
    session["profile"] = replace(profile, name=name).to_session()
    flash("Your details are saved.", "success")
    return redirect(url_for("account.details"))


def _render_details(form, status: int = 200):
    """The details page: three ERP requests (contact and manager, billing address, balance)."""
    found = account(get_erp(), current_profile(), get_settings().default_price_list_id)
    if form is None:
        c = found.contact
        form = ContactForm(formdata=None, first_name=c.first_name, last_name=c.last_name,
                           email=c.email, phone=c.phone)
    return render_template("account/details.html", account=found, form=form), status
