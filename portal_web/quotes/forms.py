"""The quote pages' forms. Each carries a submission id made when the page was drawn: a second
POST of the same form (a double click) is recognised and does nothing more."""

from __future__ import annotations

import re
import secrets

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Regexp, ValidationError

from portal_web.mail import HeaderError, plain_address
from portal_web.quotes.model import RESERVED_PREFIXES

MAX_COMMENT = 2000
MAX_MESSAGE = 1000
MAX_RECIPIENTS = 5
_ONE_LINE = Regexp(r"^[^\x00-\x1f\x7f]*$", message="This field cannot hold control characters.")
_TEXT = Regexp(r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$",
               message="This text cannot hold control characters.")


def new_submission() -> str:
    return secrets.token_urlsafe(16)


class _Once(FlaskForm):
    submission = HiddenField(validators=[
        InputRequired("This form has expired. Reload the page and try again."),
        Regexp(r"^[A-Za-z0-9_-]{16,64}$", message="This form has expired. Reload the page "
                                                  "and try again.")])


class AcceptForm(_Once):
    po_number = StringField("Your PO number (optional)", validators=[
        Length(max=40, message="A PO number has at most 40 characters."), _ONE_LINE])


class DeclineForm(_Once):
    reason = StringField("Reason (optional)", validators=[
        Length(max=300, message="Keep the reason under 300 characters."), _ONE_LINE])


class CommentForm(_Once):
    text = TextAreaField("Your comment", validators=[
        InputRequired("Write a comment first."),
        Length(max=MAX_COMMENT, message=f"A comment has at most {MAX_COMMENT} characters."),
        _TEXT])

    def validate_text(self, field) -> None:
        if not field.data.strip():
            raise ValidationError("Write a comment first.")
        if field.data.strip().startswith(RESERVED_PREFIXES):
            raise ValidationError("A comment cannot begin with the words the portal uses for "
                                  "accepting or declining a quote.")


class ShareForm(_Once):
    recipients = StringField("Email addresses (up to five, separated by commas)", validators=[
        InputRequired("Enter at least one email address."), Length(max=600)])
    message = TextAreaField("Message (optional)", validators=[
        Length(max=MAX_MESSAGE, message=f"A message has at most {MAX_MESSAGE} characters."),
        _TEXT])

    def validate_recipients(self, field) -> None:
        """Up to five plain addresses; each refused one is named."""
        found = [a for a in re.split(r"[,;\s]+", field.data or "") if a]
        if not found:
            raise ValidationError("Enter at least one email address.")
        if len(found) > MAX_RECIPIENTS:
            raise ValidationError(f"Share with at most {MAX_RECIPIENTS} addresses at a time.")
        bad = []
        for address in found:
            try:
                plain_address(address)
            except HeaderError:
                bad.append(address)
        if bad:
            raise ValidationError(f"Not an email address: {', '.join(bad)}.")
        self.addresses = tuple(dict.fromkeys(a.lower() for a in found))
