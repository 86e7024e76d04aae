"""The connector's one error hierarchy.

Callers catch these and nothing else: every failure of the ERP, of the network or of the
contract becomes one of them (raised ``from`` the original exception). Each carries what a
log line or an error page needs: HTTP status, the ERP's error code and messages, and the
request (method and path, never the token).
"""

from __future__ import annotations

__all__ = [
    "ErpAuthError",
    "ErpConflict",
    "ErpDuplicate",
    "ErpError",
    "ErpNotFound",
    "ErpOverShare",
    "ErpProtocolError",
    "ErpThrottled",
    "ErpUnavailable",
    "ErpValidationError",
]


class ErpError(Exception):
    """Base class: the ERP call did not give the answer the caller asked for."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        errors: tuple[tuple[str, str], ...] = (),
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.errors = tuple(errors)
        self.method = method
        self.path = path

    def __str__(self) -> str:
        where = f" ({self.method} {self.path})" if self.method and self.path else ""
        status = f" [HTTP {self.status}]" if self.status is not None else ""
        return f"{self.message}{status}{where}"


class ErpUnavailable(ErpError):
    """The ERP could not be reached or did not answer in time; trying later may work.

    ``reason`` says why ("connect", "timeout", "dropped", "server", "breaker", "deadline",
    "throttled") and ``sent`` whether the request may have reached the ERP: a write that may
    have been sent is *ambiguous* and must never be repeated blindly.
    """

    def __init__(self, message: str, *, reason: str = "server", sent: bool = True, **kw) -> None:
        super().__init__(message, **kw)
        self.reason = reason
        self.sent = sent
        # Set by the transport when an earlier attempt of the same write may have landed:
        # a later refusal (breaker, deadline) must not make it look like nothing was done.
        self.earlier_attempt_ambiguous = False

    @property
    def ambiguous(self) -> bool:
        """True when a write may or may not have been carried out by the ERP."""
        return self.earlier_attempt_ambiguous or (
            self.sent and self.reason in ("timeout", "dropped", "server"))


class ErpThrottled(ErpUnavailable):
    """The ERP's rate limit was still in force when the call's deadline came."""

    def __init__(self, message: str, *, retry_after: float = 0.0, **kw) -> None:
        kw.setdefault("reason", "throttled")
        kw.setdefault("sent", False)
        super().__init__(message, **kw)
        self.retry_after = retry_after


class ErpOverShare(ErpThrottled):
    """The caller (a contact, or login attempts together) has spent its share of the ERP
    budget for this minute; others still have theirs. Not retried: it is the caller's own
    pace that must slow down (the portal answers 429)."""

    def __init__(self, message: str, **kw) -> None:
        kw.setdefault("reason", "share")
        super().__init__(message, retry_after=kw.pop("retry_after", 60.0), **kw)


class ErpAuthError(ErpError):
    """HTTP 401: the app reference or account token is wrong (a configuration error)."""


class ErpNotFound(ErpError):
    """HTTP 404, or an id the ERP does not know."""


class ErpValidationError(ErpError):
    """HTTP 400: the ERP refused the request; ``errors`` holds its (code, message) pairs."""


class ErpDuplicate(ErpValidationError):
    """ORDC-014 / PAYC-007: the caller's reference was used already; nothing new was created."""


class ErpConflict(ErpError):
    """HTTP 409/412: the object changed since the caller read it (its ``If-Match`` version is
    stale); nothing was done. Re-read it to learn what happened."""


class ErpProtocolError(ErpError):
    """An answer that breaks the contract: bad JSON, a missing field, a redirect, CMNC-018."""
