"""Granting, checking and revoking portal access; the ERP contact's custom field is the record."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from connector.errors import ErpNotFound
from portal_web.auth.tokens import (
    ACCESS_FIELD,
    SESSIONS_FIELD,
    Grant,
    epoch_of,
    make_token,
    new_epoch,
    new_grant,
    parse_token,
)
from portal_web.auth.user import Profile
from portal_web.mail.headers import HeaderError, header_value, recipient

log = logging.getLogger(__name__)


class AccessError(Exception):
    """The contact cannot be given access (not found, or staff); said in one line."""


@dataclass(frozen=True)
class Invitation:
    contact_id: int
    link: str
    email_to: str
    email_subject: str
    email_body: str


def invite(erp, contact_id: int, public_url: str) -> Invitation:
    """Issues a new link for the contact (any older link stops working) and drafts the email.

    The email's headers are checked first: a contact whose name or address would forge one
    gets no new link (nothing changes) and an AccessError saying what to fix.
    """
    contact = _portal_user(erp, contact_id)
    portal = _PORTALS["supplier" if contact.is_supplier else "customer"]
    try:
        to = recipient(contact.display_name, contact.email) if contact.email else ""
        subject = header_value("subject", f"Your access to our {portal.name}")
    except HeaderError as e:
        raise AccessError(f"contact {contact_id} cannot be sent an invitation: {e}; "
                          f"fix it in the ERP") from None
    secret, grant = new_grant()
    erp.contacts.set_custom_field(contact_id, ACCESS_FIELD, grant.serialise())
    link = f"{public_url}/login/{make_token(contact_id, secret)}"
    log.info("portal access granted to contact %s", contact_id)
    greeting = contact.first_name or contact.display_name
    body = (
        f"Hello {greeting},\n\n"
        f"You can now {portal.what} in our {portal.name}.\n"
        f"Open this link to sign in (it is personal: please do not forward it):\n\n{link}\n\n"
        f"Keep this email: the same link works whenever you come back.\n"
    )
    return Invitation(contact_id, link, to, subject, body)


def revoke(erp, contact_id: int) -> None:
    """Clears the contact's grant: the link dies now, open sessions at their next re-check."""
    _portal_user(erp, contact_id)
    erp.contacts.set_custom_field(contact_id, ACCESS_FIELD, None)
    log.info("portal access revoked for contact %s", contact_id)


def redeem(erp, token: str) -> Profile | None:
    """The profile to log in with (a customer's or a supplier's), or None for any link that is
    wrong, revoked, or a staff contact's."""
    parsed = parse_token(token)
    if parsed is None:
        return None
    contact_id, secret = parsed
    try:
        fields = erp.contacts.custom_fields(contact_id)
    except ErpNotFound:
        return None
    grant = Grant.parse(fields.get(ACCESS_FIELD))
    if grant is None or not grant.matches(secret):
        return None
    return _profile(erp, contact_id, grant, epoch_of(fields))


@dataclass(frozen=True)
class Verdict:
    """What an access re-check found: the refreshed profile, or that the session has ended.

    `signed_out`: the contact logged out (on this or another device), which ends every session
    of theirs; otherwise a session without a profile ended because its link was revoked or
    replaced.
    """

    profile: Profile | None
    signed_out: bool = False


def recheck(erp, profile: Profile) -> Verdict:
    """Whether the grant and the session epoch the session was opened with still stand, and
    the contact is still what the session lets them be (a customer or a supplier)."""
    try:
        fields = erp.contacts.custom_fields(profile.contact_id)
    except ErpNotFound:
        return Verdict(None)
    grant = Grant.parse(fields.get(ACCESS_FIELD))
    if grant is None or grant.fingerprint != profile.fingerprint:
        return Verdict(None)
    if epoch_of(fields) != profile.epoch:
        return Verdict(None, signed_out=True)
    refreshed = _profile(erp, profile.contact_id, grant, profile.epoch)
    if refreshed is None or refreshed.role != profile.role:
        return Verdict(None)  # made a supplier in the ERP (or the reverse): signs in again
    return Verdict(refreshed)


def end_all_sessions(erp, contact_id: int) -> None:
    """Logs the contact out everywhere: a new session epoch on the ERP contact.

    The signed cookie cannot be taken back from wherever it was copied, and the portal keeps
    no database: the ERP contact is the record. Every session carries the epoch it was opened
    in and compares it at its access re-check, so all the contact's sessions, copies included,
    end within `PORTAL_ACCESS_RECHECK_S`. The link keeps working.
    """
    erp.contacts.set_custom_field(contact_id, SESSIONS_FIELD, new_epoch())
    log.info("contact %s logged out: all their sessions end", contact_id)


def _profile(erp, contact_id: int, grant: Grant, epoch: str) -> Profile | None:
    try:
        contact = erp.contacts.get(contact_id)
    except ErpNotFound:
        return None
    if contact.is_staff:
        return None
    return Profile.from_contact(contact, erp.reference.currencies(), grant.fingerprint, epoch)


@dataclass(frozen=True)
class _Portal:
    name: str
    what: str  # what the invitation says the person can do there


_PORTALS = {
    "customer": _Portal("customer portal", "place orders and follow them"),
    "supplier": _Portal("supplier portal",
                        "see our purchase orders, acknowledge them and record what you ship"),
}


def _portal_user(erp, contact_id: int):
    """The contact, when it may use a portal: a customer or a supplier, never staff."""
    try:
        contact = erp.contacts.get(contact_id)
    except ErpNotFound:
        raise AccessError(f"contact {contact_id} does not exist in the ERP") from None
    if contact.is_staff:  # a contact is a customer, a supplier or staff (reference §4)
        raise AccessError(f"contact {contact_id} is staff: only customers and suppliers can be "
                          f"given access to the portal")
    return contact
