"""The cart's forms; field names follow DESIGN.md ("Forms")."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Regexp

from portal_web.converters import MAX_ERP_ID

MAX_QUANTITY = 9999

_WHOLE = "Enter a whole number of units."
_RANGE = f"Enter a quantity from %(min)s to {MAX_QUANTITY}."


class _Quantity(IntegerField):
    """An integer field whose parse error speaks to people, not programmers."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_WHOLE) from None


class AddItemForm(FlaskForm):
    product_id = IntegerField("Product", validators=[
        InputRequired("Choose a product."),
        NumberRange(min=1, max=MAX_ERP_ID, message="This product is not available to you.")])
    quantity = _Quantity("Quantity", validators=[
        InputRequired(_WHOLE), NumberRange(min=1, max=MAX_QUANTITY, message=_RANGE)])


class UpdateItemForm(FlaskForm):
    quantity = _Quantity("Quantity", validators=[
        InputRequired(_WHOLE), NumberRange(min=0, max=MAX_QUANTITY, message=_RANGE)])


class CheckoutForm(FlaskForm):
    """`address_id` is an ERP postal address of the customer, or `pickup` when they have none."""

    address_id = RadioField("Delivery address", validators=[
        InputRequired("Choose where to deliver the order.")], validate_choice=True)
    po_number = StringField("Your PO number (optional)", validators=[
        Length(max=40, message="A PO number has at most 40 characters."),
        Regexp(r"^[^\x00-\x1f\x7f]*$", message="A PO number cannot hold control characters."),
    ])
