"""The cart's forms; the field names are the documented ones (docs/portal.md, "Areas")."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Regexp

from portal_web.converters import MAX_ERP_ID

MAX_QUANTITY = 9999

_WHOLE = "Enter a whole number of units."
_RANGE = f"Enter a quantity from %(min)s to {MAX_QUANTITY}."
_NOT_YOURS = "This product is not available to you."


class _WholeNumber(IntegerField):
    """An integer field that refuses absurdly long numbers before anything computes with them.

    WTForms' range check turns the number into a float, which overflows from 309 digits on
    (an OverflowError, so a 500); `max_digits` refuses such input with `too_long` instead.
    """

    def __init__(self, label, validators, *, max_digits: int, too_long: str, not_whole: str,
                 **kwargs):
        super().__init__(label, validators, **kwargs)
        self.max_digits, self.too_long, self.not_whole = max_digits, too_long, not_whole

    def process_formdata(self, valuelist):
        if valuelist and len(valuelist[0].strip().lstrip("+-")) > self.max_digits:
            self.data = None
            raise ValueError(self.too_long)
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.not_whole) from None


def _quantity(minimum: int) -> _WholeNumber:
    return _WholeNumber("Quantity", [InputRequired(_WHOLE), NumberRange(
        min=minimum, max=MAX_QUANTITY, message=_RANGE)], max_digits=len(str(MAX_QUANTITY)),
        too_long=_RANGE % {"min": minimum}, not_whole=_WHOLE)


class AddItemForm(FlaskForm):
    product_id = _WholeNumber("Product", [
        InputRequired("Choose a product."),
        NumberRange(min=1, max=MAX_ERP_ID, message=_NOT_YOURS)],
        max_digits=len(str(MAX_ERP_ID)), too_long=_NOT_YOURS, not_whole=_NOT_YOURS)
    quantity = _quantity(1)


class UpdateItemForm(FlaskForm):
    quantity = _quantity(0)


class CheckoutForm(FlaskForm):
    """`address_id` is an ERP postal address of the customer, or `pickup` when they have none."""

    address_id = RadioField("Delivery address", validators=[
        InputRequired("Choose where to deliver the order.")], validate_choice=True)
    po_number = StringField("Your PO number (optional)", validators=[
        Length(max=40, message="A PO number has at most 40 characters."),
        Regexp(r"^[^\x00-\x1f\x7f]*$", message="A PO number cannot hold control characters."),
    ])
