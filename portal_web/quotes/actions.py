"""What a customer does to a quote: accept it, decline it, comment on it. Each exactly once.

Accepting (or declining) is one ERP request that moves the order's status and writes the
portal's public note with it, made conditional on the order's `version` as the portal read it
(`If-Match`): of two requests racing (a double click, two tabs), the ERP lets one through and
refuses the other (ErpConflict), which then re-reads the quote and finds it accepted. A request
whose answer was lost re-reads it too, and finds the note if its change landed. The account
manager's task carries a reference of its own (`portal-quote-<id>-accepted`), unique in the ERP,
so that whichever requests reach it, one task exists. Comments are made once per submission of
the form: its submission id is taken on the first POST (a double click finds it taken), and it
names the comment's task.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from connector.errors import ErpConflict, ErpError, ErpUnavailable
from portal_web.extensions import submissions
from portal_web.quotes.model import (
    ACCEPTED_PREFIX,
    DECLINED_PREFIX,
    Quote,
    QuoteState,
    QuoteStatuses,
    accept_text,
    closing_note,
    decline_text,
)
from portal_web.quotes.services import load_with_notes

log = logging.getLogger(__name__)
_ATTEMPTS = 2  # a quote changed by staff while the customer looked at it is read once more


class QuoteNotOpen(Exception):
    """The quote cannot be accepted or declined as it stands; the message says why."""


class OutcomeUnknown(Exception):
    """The status change may have reached the ERP, and whether it did could not be learned."""


class AlreadySubmitted(Exception):
    """This form was submitted before (a double click): nothing more is done."""


@dataclass(frozen=True)
class Closing:
    """What accepting or declining asks of the ERP."""

    state: QuoteState
    status_id: int
    prefix: str
    note: str
    task_subject: str


@dataclass(frozen=True)
class Closed:
    """How it ended: `here` False when another request (or an earlier one) had done it."""

    quote_id: int
    here: bool


def accept(erp, profile, statuses: QuoteStatuses, quote_id: int, po_number: str) -> Closed:
    """Turns the active quote into an order in status Confirmed, at the quoted prices."""
    if statuses.confirmed_id is None:
        raise QuoteNotOpen("Quotes cannot be accepted here: please tell your account manager.")
    closing = Closing(QuoteState.ACCEPTED, statuses.confirmed_id, ACCEPTED_PREFIX,
                      accept_text(profile.name, po_number),
                      f"Quote #{quote_id} accepted in the portal by {profile.company}")
    return _close(erp, profile, statuses, quote_id, closing)


def decline(erp, profile, statuses: QuoteStatuses, quote_id: int, reason: str) -> Closed:
    if statuses.declined_id is None:
        raise QuoteNotOpen("Quotes cannot be declined here: please tell your account manager.")
    closing = Closing(QuoteState.DECLINED, statuses.declined_id, DECLINED_PREFIX,
                      decline_text(profile.name, reason),
                      f"Quote #{quote_id} declined in the portal by {profile.company}")
    return _close(erp, profile, statuses, quote_id, closing)


def _close(erp, profile, statuses, quote_id: int, closing: Closing) -> Closed:
    for _ in range(_ATTEMPTS):
        quote, notes = load_with_notes(erp, profile, statuses, quote_id)
        if closing_note(notes, profile.contact_id, closing.prefix) is not None:
            return _finish(erp, profile, quote, closing, here=False)
        _check_open(quote)
        try:
            erp.orders.set_status(quote.id, closing.status_id, closing.note,
                                  author_id=profile.contact_id, if_version=quote.order.version)
        except ErpConflict:
            continue  # someone else changed it first: read it again
        except ErpUnavailable as e:
            if not e.ambiguous:
                raise
            return _after_lost_answer(erp, profile, statuses, quote, closing)
        return _finish(erp, profile, quote, closing, here=True)
    raise QuoteNotOpen("This quote was changed while you were looking at it: please check it "
                       "again.")


def _after_lost_answer(erp, profile, statuses, quote: Quote, closing: Closing) -> Closed:
    """The change may have landed: its note says whether it did."""
    try:
        again, notes = load_with_notes(erp, profile, statuses, quote.id)
    except ErpUnavailable as e:
        raise OutcomeUnknown(quote.id) from e
    if closing_note(notes, profile.contact_id, closing.prefix) is not None:
        return _finish(erp, profile, again, closing, here=True)
    if again.order.version == quote.order.version:
        raise OutcomeUnknown(quote.id)  # untouched: the change did not land; trying is safe
    raise QuoteNotOpen("This quote was changed while you were looking at it: please check it "
                       "again.")


def _check_open(quote: Quote) -> None:
    if quote.state is QuoteState.EXPIRED:
        raise QuoteNotOpen(f"This quote expired on {quote.valid_until:%d %b %Y}: ask for a new "
                           f"one in the conversation below.")
    if not quote.is_active:
        raise QuoteNotOpen(f"This quote is {quote.state.label.lower()} and can no longer be "
                           f"accepted or declined.")


def _finish(erp, profile, quote: Quote, closing: Closing, *, here: bool) -> Closed:
    """The account manager's task, once whichever request gets here (its reference is unique)."""
    _task(erp, profile, quote.id, closing.task_subject,
          f"portal-quote-{quote.id}-{closing.state.slug}")
    log.info("quote %s %s for contact %s%s", quote.id, closing.state.slug, profile.contact_id,
             "" if here else " (found done already)")
    return Closed(quote.id, here)


def comment(erp, profile, quote: Quote, text: str, submission: str) -> int | None:
    """A public note by the contact, and a task for the account manager; once per submission.

    None when the note's answer was lost and the ERP could not say whether it was written.
    """
    key = f"comment:{profile.contact_id}:{submission}"
    if not submissions.hit(key):
        raise AlreadySubmitted(submission)
    try:
        note_id = erp.orders.add_note(quote.id, text, author_id=profile.contact_id)
    except ErpUnavailable as e:
        if not e.ambiguous:
            submissions.clear(key)  # surely not written: the same form may be sent again
            raise
        note_id = written_note(erp, quote.id, profile.contact_id, text)
        if note_id is None:
            return None
    except ErpError:
        submissions.clear(key)
        raise
    _task(erp, profile, quote.id, f"Comment on quote #{quote.id} from {profile.company}",
          f"portal-quote-{quote.id}-comment-{submission}")
    return note_id


def written_note(erp, order_id: int, author: int, text: str) -> int | None:
    """After a lost answer: the note, if the ERP has it (its latest by this author and text)."""
    try:
        notes = erp.orders.notes(order_id)
    except ErpError:
        return None
    found = [n.id for n in notes if n.added_by == author and n.text == text]
    return found[-1] if found else None


def _task(erp, profile, order_id: int, subject: str, reference: str) -> None:
    """A task for the account manager. What the customer did is done whatever happens here,
    so a failure is logged, not shown; the reference makes retries and races one task."""
    if profile.owner_id is None:
        log.warning("quote %s: contact %s has no account manager to tell", order_id,
                    profile.contact_id)
        return
    try:
        erp.tasks.create(profile.owner_id, subject, order_id=order_id,
                         due_date=dt.date.today() + dt.timedelta(days=1), reference=reference)
    except ErpError as e:
        log.error("quote %s: could not create the account manager's task %s: %s", order_id,
                  reference, e)
