"""Sharing a quote by email, and the read-only link that comes with it.

The link holds a token signed with the app's secret (itsdangerous, a salt of its own) naming the
quote and the contact who shared it. Nothing is stored in the portal: each opening of the link
asks the ERP again whether that quote is still active and still that contact's, so the link
dies when the quote is accepted, declined, expired or moved to someone else. The share itself
is recorded in the ERP as a public note ("Shared with ... by ..."), written only once the mail
server has taken the message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import abort, render_template
from itsdangerous import BadSignature, URLSafeSerializer

from connector.constants import OrderType
from connector.errors import ErpError, ErpNotFound, ErpUnavailable
from portal_web.extensions import share_limiter, submissions
from portal_web.mail import (
    Attachment,
    Email,
    HeaderError,
    Mailer,
    MailError,
    one_line,
    recipient,
)
from portal_web.quotes.actions import AlreadySubmitted, written_note
from portal_web.quotes.model import Quote, QuoteStatuses, classify

log = logging.getLogger(__name__)
_SALT = "portal-shared-quote-v1"


class ShareRefused(Exception):
    """The share was not sent; the message tells the customer why (nothing was recorded)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Shared:
    sent_to: tuple[str, ...]
    refused: tuple[str, ...]
    recorded: bool  # False: the mail went out, but the ERP note could not be written


def share_token(secret_key: str, quote_id: int, contact_id: int) -> str:
    return URLSafeSerializer(secret_key, salt=_SALT).dumps([quote_id, contact_id])


def read_token(secret_key: str, token: str) -> tuple[int, int] | None:
    """(quote id, contact id) from a token this portal signed; None for anything else."""
    try:
        value = URLSafeSerializer(secret_key, salt=_SALT).loads(token)
    except BadSignature:
        return None
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value)):
        return None
    return value[0], value[1]


def load_shared(erp, statuses: QuoteStatuses, secret_key: str, token: str) -> Quote:
    """The active quote a shared link names, or the same 404 for every other case."""
    found = read_token(secret_key, token)
    if found is None:
        abort(404)
    quote_id, contact_id = found
    try:
        order = erp.orders.get(quote_id, custom_fields=True)
    except ErpNotFound:
        abort(404)
    quote = classify(order, statuses)
    if (quote is None or not quote.is_active or order.customer_id != contact_id
            or order.type_code != OrderType.SALES_ORDER.code):
        abort(404)
    return quote


def share(erp, mailer: Mailer, profile, quote: Quote, *, to: tuple[str, ...], message: str,
          link: str, pdf: bytes, submission: str) -> Shared:
    """Mails the quote to each address (one message, every address in To:), then records it."""
    if not quote.is_active:
        raise ShareRefused("Only an active quote can be shared.", 409)
    key = f"share:{profile.contact_id}"
    if not share_limiter.allows(key, cost=len(to)):
        raise ShareRefused("You have shared quotes with many people in the last hour: please "
                           "try again later.", 429)
    once = f"share:{profile.contact_id}:{submission}"
    if not submissions.hit(once):
        raise AlreadySubmitted(submission)
    try:
        refused = tuple(mailer.send(_email(erp, profile, quote, to, message, link, pdf)))
    except MailError:
        submissions.clear(once)  # nothing sent, nothing recorded: the form may be sent again
        raise
    sent = tuple(a for a in to if a not in refused)
    share_limiter.hit(key, cost=len(sent))
    return Shared(sent, refused, _record(erp, profile, quote, sent))


def _email(erp, profile, quote: Quote, to, message: str, link: str, pdf: bytes) -> Email:
    company = one_line(profile.company)
    context = {"quote": quote, "company": company, "name": one_line(profile.name),
               "message": message, "link": link}
    return Email(
        to=tuple(to),
        subject=f"Quote #{quote.id} from {company}"[:200],
        text=render_template("quotes/mail/share.txt", **context),
        html=render_template("quotes/mail/share.html", **context),
        attachments=(Attachment(f"quote-{quote.id}.pdf", pdf),),
        reply_to=_reply_to(erp, profile),
    )


def _reply_to(erp, profile) -> str | None:
    """The customer's own address, so that answers reach them (None when unusable)."""
    try:
        contact = erp.contacts.get(profile.contact_id)
        return recipient(one_line(profile.name), contact.email) if contact.email else None
    except (ErpError, HeaderError):
        return None


def _record(erp, profile, quote: Quote, sent: tuple[str, ...]) -> bool:
    text = f"Shared with {', '.join(sent)} by {profile.name}."
    try:
        erp.orders.add_note(quote.id, text, author_id=profile.contact_id)
    except ErpUnavailable as e:
        if e.ambiguous and written_note(erp, quote.id, profile.contact_id, text) is not None:
            return True
        log.error("quote %s shared by contact %s but not recorded: %s", quote.id,
                  profile.contact_id, e)
        return False
    except ErpError as e:
        log.error("quote %s shared by contact %s but not recorded: %s", quote.id,
                  profile.contact_id, e)
        return False
    return True
