"""Login links: a random secret per contact, of which the ERP keeps only a hash.

The link's token is `<contact id>.<secret>`: the id says which contact's hash to compare with, so
no search over all contacts is needed, and the 256-bit secret makes guessing hopeless. A plain
SHA-256 suffices for a secret this long (slow hashes are for passwords people choose).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

ACCESS_FIELD = "PCF_PORTAL"  # the contact's custom field (erp-api.md)
# The contact's session epoch: a session opened in another epoch has been logged out of.
SESSIONS_FIELD = "PCF_PORTALSESS"
_TOKEN = re.compile(r"^(?P<contact>[1-9][0-9]{0,11})\.(?P<secret>[A-Za-z0-9_-]{43})$")


@dataclass(frozen=True)
class Grant:
    """What the ERP stores for a contact with access: the secret's hash and when it was issued."""

    digest: str
    issued_on: str

    def serialise(self) -> str:
        return f"v1:{self.digest}:{self.issued_on}"

    @classmethod
    def parse(cls, value) -> Grant | None:
        """The stored grant, or None when the field is empty or not one of ours."""
        if not isinstance(value, str):
            return None
        version, _, rest = value.partition(":")
        digest, _, issued_on = rest.partition(":")
        if version != "v1" or len(digest) != 64:
            return None
        return cls(digest, issued_on)

    @property
    def fingerprint(self) -> str:
        """A short tag of the grant kept in the session: a new link or a revoke changes it."""
        return self.digest[:16]

    def matches(self, secret: str) -> bool:
        return hmac.compare_digest(self.digest, _digest(secret))


def new_grant() -> tuple[str, Grant]:
    """A fresh secret (to put in the link) and the grant to store in the ERP."""
    secret = secrets.token_urlsafe(32)
    issued = datetime.now(UTC).isoformat(timespec="seconds")
    return secret, Grant(_digest(secret), issued)


def new_epoch() -> str:
    """A fresh session epoch: every session opened before it was written ends."""
    return secrets.token_urlsafe(12)


def epoch_of(fields: dict) -> str:
    """The contact's current session epoch ("" until someone first logs out)."""
    value = fields.get(SESSIONS_FIELD)
    return value if isinstance(value, str) else ""


def make_token(contact_id: int, secret: str) -> str:
    return f"{contact_id}.{secret}"


def parse_token(token: str) -> tuple[int, str] | None:
    """(contact id, secret), or None for anything that is not shaped like one of our tokens."""
    match = _TOKEN.match(token)
    if not match:
        return None
    return int(match["contact"]), match["secret"]


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
