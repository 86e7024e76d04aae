"""Granting, checking and revoking portal access; the ERP contact's custom field is the record."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from connector.errors import ErpNotFound
from portal_web.auth.tokens import ACCESS_FIELD, Grant, make_token, new_grant, parse_token
from portal_web.auth.user import Profile

log = logging.getLogger(__name__)


class AccessError(Exception):
    """The contact cannot be given access (not found, or not a customer); said in one line."""


@dataclass(frozen=True)
class Invitation:
    contact_id: int
    link: str
    email_to: str
    email_subject: str
    email_body: str


def invite(erp, contact_id: int, public_url: str) -> Invitation:
    """Issues a new link for the contact (any older link stops working) and drafts the email."""
    contact = _customer(erp, contact_id)
    secret, grant = new_grant()
    erp.contacts.set_custom_field(contact_id, ACCESS_FIELD, grant.serialise())
    link = f"{public_url}/login/{make_token(contact_id, secret)}"
    log.info("portal access granted to contact %s", contact_id)
    greeting = contact.first_name or contact.display_name
    body = (
        f"Hello {greeting},\n\n"
        f"You can now place orders and follow them in our customer portal.\n"
        f"Open this link to sign in (it is personal: please do not forward it):\n\n{link}\n\n"
        f"Keep this email: the same link works whenever you come back.\n"
    )
    to = f"{contact.display_name} <{contact.email}>" if contact.email else ""
    return Invitation(contact_id, link, to, "Your access to our customer portal", body)


def revoke(erp, contact_id: int) -> None:
    """Clears the contact's grant: the link dies now, open sessions at their next re-check."""
    _customer(erp, contact_id)
    erp.contacts.set_custom_field(contact_id, ACCESS_FIELD, None)
    log.info("portal access revoked for contact %s", contact_id)


def redeem(erp, token: str) -> Profile | None:
    """The profile to log in with, or None for any link that is wrong, revoked or not a customer."""
    parsed = parse_token(token)
    if parsed is None:
        return None
    contact_id, secret = parsed
    try:
        grant = Grant.parse(erp.contacts.custom_fields(contact_id).get(ACCESS_FIELD))
    except ErpNotFound:
        return None
    if grant is None or not grant.matches(secret):
        return None
    return _profile(erp, contact_id, grant)


def recheck(erp, profile: Profile) -> Profile | None:
    """The refreshed profile while the grant the session was opened with still stands, else None."""
    try:
        grant = Grant.parse(erp.contacts.custom_fields(profile.contact_id).get(ACCESS_FIELD))
    except ErpNotFound:
        return None
    if grant is None or grant.fingerprint != profile.fingerprint:
        return None
    return _profile(erp, profile.contact_id, grant)


def _profile(erp, contact_id: int, grant: Grant) -> Profile | None:
    try:
        contact = erp.contacts.get(contact_id)
    except ErpNotFound:
        return None
    if not contact.is_customer:
        return None
    return Profile.from_contact(contact, erp.reference.currencies(), grant.fingerprint)


def _customer(erp, contact_id: int):
    try:
        contact = erp.contacts.get(contact_id)
    except ErpNotFound:
        raise AccessError(f"contact {contact_id} does not exist in the ERP") from None
    if not contact.is_customer:
        raise AccessError(
            f"contact {contact_id} is not a customer (the supplier portal is not built yet)")
    return contact
