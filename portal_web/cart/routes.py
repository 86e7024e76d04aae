"""GET /cart, POST /cart/items, POST /cart/items/<product_id>, POST /cart/checkout."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for

from portal_web.cart import bp
from portal_web.cart.checkout import (
    CheckoutError,
    OrderMayExist,
    address_book,
    address_choices,
    place_order,
)
from portal_web.cart.forms import MAX_QUANTITY, AddItemForm, CheckoutForm, UpdateItemForm
from portal_web.cart.services import Cart, CartFull, price_cart
from portal_web.catalog.routes import render_catalog
from portal_web.catalog.services import is_orderable, parse_query
from portal_web.customer import current_price_book, current_profile
from portal_web.erp import get_erp
from portal_web.paging import parse_page


@bp.get("/cart")
def view():
    return render_cart()


@bp.post("/cart/items")
def add_item():
    form = AddItemForm()
    query, page = _catalog_position()
    if not form.validate():
        return _refuse_add(form, query, page, _first_error(form))
    product_id, quantity = form.product_id.data, form.quantity.data
    erp, book = get_erp(), current_price_book()
    product = erp.catalog.products([product_id]).get(product_id)  # cached by the catalog page
    price = erp.catalog.prices([product_id], book.price_list_id).get(product_id)
    if not is_orderable(product, price):
        return _refuse_add(form, query, page, "This product is not available to you.")
    cart = Cart.from_session(session)
    try:
        added = cart.add(product_id, quantity)
    except CartFull as e:
        return _refuse_add(form, query, page, str(e))
    cart.save(session)
    flash(_added_message(added, product.name), "warning" if added.capped else "success")
    return redirect(url_for("catalog.index", q=query or None, page=page if page > 1 else None,
                            _anchor=f"product-{product_id}"))


def _added_message(added, name: str) -> str:
    """Says so when the most a line may hold stopped part (or all) of what was asked."""
    if not added.capped:
        return f"Added {added.added} × {name} to your cart ({added.total} in the cart)."
    limit = f"{MAX_QUANTITY} is the most one line of an order can hold"
    if added.added == 0:
        return f"Nothing added: you already have {added.total} × {name} in your cart ({limit})."
    return (f"Added only {added.added} × {name}: you now have {added.total} in your cart "
            f"({limit}).")


@bp.post("/cart/items/<id('product'):product_id>")
def update_item(product_id: int):
    cart = Cart.from_session(session)
    if product_id not in cart.items:
        abort(404)
    form = UpdateItemForm()
    if not form.validate():
        return render_cart(line_errors={product_id: _first_error(form)},
                           quantities={product_id: request.form.get("quantity", "")}, status=400)
    cart.set(product_id, form.quantity.data)
    cart.save(session)
    flash("Removed from your cart." if form.quantity.data == 0 else "Quantity updated.", "success")
    return redirect(url_for("cart.view"))


@bp.post("/cart/checkout")
def checkout():
    erp, profile = get_erp(), current_profile()
    addresses = address_book(erp, profile.contact_id)
    form = CheckoutForm()
    form.address_id.choices = [(c.value, c.label) for c in address_choices(addresses)]
    if not form.validate():
        return render_cart(form=form, addresses=addresses, status=400)
    cart = Cart.from_session(session)
    if not cart.items:  # the page itself says "Your cart is empty": no second message
        return render_cart(addresses=addresses, status=400)
    try:
        placed = place_order(erp, profile, current_price_book(), cart,
                             addresses.get(form.address_id.data),
                             (form.po_number.data or "").strip())
    except CheckoutError as e:
        return render_cart(form=form, addresses=addresses, message=str(e), status=400)
    except OrderMayExist:
        cart.pending = True  # the cart is kept; ordering it again finds the order if it exists
        cart.save(session)
        return render_template("cart/uncertain.html"), 503, {"Retry-After": "60"}
    if not placed.created:
        flash(f"This cart had already been ordered as order #{placed.order_id}: "
              f"we did not order it again.", "warning")
    cart.clear()
    cart.save(session)
    return redirect(url_for("orders.placed", order_id=placed.order_id))


def render_cart(*, form=None, addresses=None, line_errors=None, quantities=None, message=None,
                status=200):
    """The cart page with its checkout form: two ERP calls to price it, one for the addresses."""
    erp, profile, book = get_erp(), current_profile(), current_price_book()
    cart = Cart.from_session(session)
    priced = price_cart(erp, book, cart)
    if addresses is None:
        addresses = address_book(erp, profile.contact_id) if cart.items else {}
    choices = address_choices(addresses)
    if form is None:
        form = CheckoutForm(formdata=None, address_id=choices[0].value)
    form.address_id.choices = [(c.value, c.label) for c in choices]
    html = render_template("cart/view.html", cart=priced, book=book, form=form,
                           line_errors=line_errors or {}, quantities=quantities or {},
                           message=message)
    return html, status


def _catalog_position() -> tuple[str, int]:
    """Where on the catalog the customer was, so the answer takes them back there."""
    try:
        return parse_query(request.form.get("q")), parse_page(request.form.get("page"))
    except ValueError:
        return "", 1


def _refuse_add(form, query: str, page: int, message: str):
    product_id = form.product_id.data
    if product_id is None:
        return render_catalog(query, page, message=message, status=400)
    return render_catalog(query, page, errors={product_id: message},
                          quantities={product_id: request.form.get("quantity", "")}, status=400)


def _first_error(form) -> str:
    return next(iter(e for errors in form.errors.values() for e in errors), "Check this field.")
