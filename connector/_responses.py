"""How an ERP answer (or a network failure) becomes a Python value or one of our errors.

``error_for_response`` is the one place that maps a status and an error body to an error
class; ``network_error`` says whether a failed request may have reached the ERP.
"""

from __future__ import annotations

import json
from typing import Any

import requests
from urllib3.exceptions import NewConnectionError

from .errors import (
    ErpAuthError,
    ErpConflict,
    ErpDuplicate,
    ErpError,
    ErpNotFound,
    ErpProtocolError,
    ErpThrottled,
    ErpUnavailable,
    ErpValidationError,
)

RETRYABLE_STATUS = frozenset({502, 503, 504})
DUPLICATE_CODES = frozenset({"ORDC-014", "PAYC-007", "CRMC-014"})
# Brightpearl answers these permanent errors with a 500: retrying cannot help.
NOT_RETRIED_CODES = frozenset({"CMNC-018", "CMNC-044"})
THROTTLE_TEXT = "too many requests"



def error_for_response(status: int, payload: Any, *, method: str, path: str,
                       location: str | None = None, retry_after: float = 1.0) -> ErpError | None:
    """The error an ERP answer stands for, or None for a success. The one mapping."""
    if 200 <= status < 300:
        return None
    where = {"status": status, "method": method, "path": path}
    if 300 <= status < 400:
        return ErpProtocolError(f"unexpected redirect to {location!r} (not followed)", **where)
    errors = _error_pairs(payload)
    code = errors[0][0] if errors else None
    text = errors[0][1] if errors else _response_text(payload) or f"HTTP {status}"
    where.update(code=code, errors=errors)
    if (status == 503 and THROTTLE_TEXT in text.lower()) or status == 429:
        return ErpThrottled(f"ERP throttled: {text}", retry_after=retry_after, **where)
    if status in (401, 403):
        return ErpAuthError(f"ERP refused the credentials: {text}", **where)
    if status == 404:
        return ErpNotFound(text, **where)
    if code in NOT_RETRIED_CODES or status in (405, 406, 415):
        return ErpProtocolError(f"ERP rejected the request's form: {text}", **where)
    if code in DUPLICATE_CODES:
        return ErpDuplicate(text, **where)
    if status in (409, 412):
        return ErpConflict(f"ERP object changed since it was read: {text}", **where)
    if 400 <= status < 500:
        return ErpValidationError(text, **where)
    return ErpUnavailable(f"ERP error: {text}", reason="server", sent=True, **where)


def _error_pairs(payload: Any) -> tuple[tuple[str, str], ...]:
    items = payload.get("errors") if isinstance(payload, dict) else None
    if not isinstance(items, list):
        return ()
    return tuple((str(e.get("code", "")), str(e.get("message", "")))
                 for e in items if isinstance(e, dict))


def _response_text(payload: Any) -> str:
    value = payload.get("response") if isinstance(payload, dict) else None
    return value if isinstance(value, str) else ""


def network_error(exc: requests.RequestException, where: dict) -> ErpUnavailable:
    """Classify a requests failure: was the request possibly received by the ERP?"""
    if isinstance(exc, requests.ConnectTimeout):
        return ErpUnavailable(f"ERP connect timeout: {exc}", reason="connect", sent=False, **where)
    if isinstance(exc, requests.ReadTimeout) or "timed out" in str(exc).lower():
        return ErpUnavailable(f"ERP read timeout: {exc}", reason="timeout", sent=True, **where)
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(reason, NewConnectionError) or isinstance(exc.args[0] if exc.args else None,
                                                            NewConnectionError):
        return ErpUnavailable(f"ERP unreachable: {exc}", reason="connect", sent=False, **where)
    return ErpUnavailable(f"ERP connection dropped: {exc}", reason="dropped", sent=True, **where)


def decode(raw: bytes, status: int, where: dict) -> Any:
    """Parse JSON; a success that is not JSON breaks the contract, an error may be HTML."""
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except ValueError as e:
        if 200 <= status < 300:
            raise ErpProtocolError(f"ERP answered invalid JSON: {raw[:80]!r}",
                                   status=status, **where) from e
        return {"response": raw[:200].decode("utf-8", "replace")}


def int_header(headers: Any, name: str) -> int | None:
    value = headers.get(name) if headers is not None else None
    try:
        return int(float(value)) if value is not None else None
    except (TypeError, ValueError):
        return None
