"""The account's forms: the contact's own details, and a delivery address.

Limits follow Brightpearl's (names at most 32 characters) and keep what reaches the ERP, and the
invitation emails built from it, free of line breaks and control characters.
"""

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from portal_web.formatting import countries

_PLAIN = Regexp(r"^[^\x00-\x1f\x7f<>]*$", message="Use letters, digits and punctuation only.")
# One address, no display name, no list: what an email header and the ERP both take.
_EMAIL = Regexp(r"^[^@\s,;:<>()\[\]\"\\]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$",
                message="Enter an email address such as name@company.com.")
_PHONE = Regexp(r"^\+?[0-9 ()./-]{6,30}$",
                message="Use digits, spaces and + ( ) - . / only (6 to 30 characters).")


def _text(label: str, limit: int, *, required: str | None = None):
    first = DataRequired(required) if required else Optional()  # after the strip: " " is empty
    return StringField(label, validators=[first, Length(max=limit, message=(
        f"At most {limit} characters.")), _PLAIN], filters=[_strip])


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ContactForm(FlaskForm):
    """Exactly the fields a contact may change; any other posted field is never read."""

    first_name = _text("First name", 32, required="Enter your first name.")
    last_name = _text("Last name", 32, required="Enter your last name.")
    email = StringField("Email", validators=[DataRequired("Enter your email address."),
                                             Length(max=254, message="At most 254 characters."),
                                             _EMAIL], filters=[_strip])
    phone = StringField("Phone", validators=[Optional(), _PHONE], filters=[_strip])


class _CountryField(SelectField):
    """A country of the list, by its ISO alpha-3 code; anything else is refused, in words."""

    def pre_validate(self, form):
        if self.data and self.data not in {value for value, _ in self.choices}:
            raise ValidationError("Choose a country from the list.")


class AddressForm(FlaskForm):
    """A postal address: line 1, city, postal code and country are required."""

    line1 = _text("Address line 1", 100, required="Enter the street and number.")
    line2 = _text("Address line 2 (optional)", 100)
    city = _text("Town or city", 100, required="Enter the town or city.")
    region = _text("County, state or region (optional)", 100)
    postal_code = _text("Postal code", 20, required="Enter the postal code.")
    country = _CountryField("Country", validators=[InputRequired("Choose the country.")])

    def __init__(self, *args, locale: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", "Choose a country"), *countries(locale)]
