"""Login attempts: failures are limited per (client address, contact of the link).

Behind a proxy many customers share one address, so the count is also keyed on the contact the
link names: an attacker who fails with one contact's links does not lock out anyone else. Only
failures count, and a valid link always gets in, even to a contact that is over its limit.

Over the limit the ERP is not asked again for every attempt: the link is compared with that
contact's grant as read at most `GRANT_TTL_S` ago (one ERP read per contact in that time,
whatever the number of attempts). Only a link that matches it is checked against the ERP as
usual, so a revoked or replaced link is never let in by this copy.
"""

from __future__ import annotations

import threading
import time

from connector.errors import ErpNotFound
from portal_web.auth.tokens import ACCESS_FIELD, Grant, parse_token

GRANT_TTL_S = 10.0


def attempt_key(address: str | None, token: str) -> str:
    parsed = parse_token(token)
    return f"login:{address}:{parsed[0] if parsed else '-'}"


class RecentGrants:
    """Each contact's grant as read lately from the ERP, shared by the threads of a process."""

    def __init__(self, ttl_s: float = GRANT_TTL_S, clock=time.monotonic):
        self._ttl, self._clock = ttl_s, clock
        self._lock = threading.Lock()
        self._grants: dict[int, tuple[float, Grant | None]] = {}

    def may_match(self, erp, token: str) -> bool:
        """Whether the link matches its contact's recent grant (False for a malformed link)."""
        parsed = parse_token(token)
        if parsed is None:
            return False
        contact_id, secret = parsed
        grant = self._grant(erp, contact_id)
        return grant is not None and grant.matches(secret)

    def _grant(self, erp, contact_id: int) -> Grant | None:
        now = self._clock()
        with self._lock:
            self._grants = {c: v for c, v in self._grants.items() if now - v[0] < self._ttl}
            if contact_id in self._grants:
                return self._grants[contact_id][1]
        try:
            grant = Grant.parse(erp.contacts.custom_fields(contact_id).get(ACCESS_FIELD))
        except ErpNotFound:
            grant = None
        with self._lock:
            self._grants[contact_id] = (now, grant)
        return grant
