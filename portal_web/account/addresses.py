"""GET /addresses, GET|POST /addresses/new, GET|POST /addresses/<id>/edit.

Addresses are saved in the ERP at once, in the contact's own address book (a new one linked as a
delivery address), so checkout offers them straight away. An address id that is not in the
logged-in contact's book is a 404, the same as an unknown one. The billing address is shown but
not changed here: the account manager changes it.
"""

from __future__ import annotations

import logging

from flask import abort, flash, redirect, render_template, request, url_for

from connector.errors import ErpValidationError
from portal_web.account import bp
from portal_web.account.forms import AddressForm
from portal_web.account.services import (
    address_book,
    address_input,
    billing_address,
    form_data,
    is_billing,
    own_address,
    same_address,
)
from portal_web.customer import current_profile
from portal_web.erp import get_erp, get_settings

log = logging.getLogger(__name__)
RETURN_TO = {"cart": "cart.view"}  # where `?next=` may send the customer after saving
REFUSED = ("Our order system did not accept this address ({}). Check the postal code and the "
           "country.")


@bp.get("/addresses")
def addresses():
    book = address_book(get_erp(), current_profile().contact_id)
    return render_template("account/addresses.html", book=book, is_billing=is_billing)


@bp.route("/addresses/new", methods=["GET", "POST"])
def new_address():
    erp, profile = get_erp(), current_profile()
    book = address_book(erp, profile.contact_id)
    form = AddressForm(locale=get_settings().locale)
    if request.method == "GET":
        billing = billing_address(book)
        form.country.data = billing.country if billing else ""
        return _render_form(form, None)
    if not form.validate():
        return _render_form(form, None, status=400)
    new = address_input(form.data)
    if any(same_address(a, new) for a in book):
        flash("This address is already in your addresses.", "warning")
        return _saved()
    try:
        erp.addresses.create(profile.contact_id, new, types=("DEL",))
    except ErpValidationError as e:
        return _render_form(form, None, message=REFUSED.format(_reason(e)), status=400)
    log.info("contact %s added a delivery address", profile.contact_id)
    flash("The address is saved: you can deliver orders to it now.", "success")
    return _saved()


@bp.route("/addresses/<id('address'):address_id>/edit", methods=["GET", "POST"])
def edit_address(address_id: int):
    erp, profile = get_erp(), current_profile()
    address = own_address(address_book(erp, profile.contact_id), address_id)
    if address is None:
        abort(404)
    if is_billing(address):
        return render_template("account/billing_address.html", address=address), \
            (403 if request.method == "POST" else 200)
    form = AddressForm(locale=get_settings().locale, data=form_data(address))
    if request.method == "GET":
        return _render_form(form, address)
    if not form.validate():
        return _render_form(form, address, status=400)
    try:
        erp.addresses.update(address.id, address_input(form.data))
    except ErpValidationError as e:
        return _render_form(form, address, message=REFUSED.format(_reason(e)), status=400)
    flash("The address is saved.", "success")
    return _saved()


def _render_form(form, address, *, message=None, status=200):
    return render_template("account/address_form.html", form=form, address=address,
                           message=message, next=_next()), status


def _saved():
    """Back where the customer came from (the cart), else the address list."""
    return redirect(url_for(RETURN_TO.get(_next(), "account.addresses")))


def _next() -> str:
    value = request.args.get("next", "")
    return value if value in RETURN_TO else ""


def _reason(error: ErpValidationError) -> str:
    return "; ".join(message for _, message in error.errors) or str(error)
