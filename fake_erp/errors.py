"""Exceptions that render themselves as Brightpearl error bodies (docs/erp-contract.md).

They carry no Flask import so that the backend can raise them; `app.py` renders them.
"""

from __future__ import annotations

THROTTLED_BODY = {
    "response": "You have sent too many requests. Please wait before sending another request"
}
NOT_AUTHENTICATED_BODY = {"response": "Not authenticated"}
UNAVAILABLE_MESSAGE = "Service temporarily unavailable"


class ErpError(Exception):
    """An error answered as `{"errors": [{"code", "message"}]}` with an HTTP status."""

    status = 400
    code = "CMNC-400"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status

    def body(self) -> dict:
        """The JSON body Brightpearl would send."""
        return {"errors": [{"code": self.code, "message": self.message}]}


class BadRequest(ErpError):
    """Malformed JSON, a body of the wrong shape or a wrong-typed field."""


class NotFound(ErpError):
    """An unknown id on a single-object route, or an unknown route."""

    status = 404
    code = "CMNC-404"


class BadIdSet(ErpError):
    """An ID set that cannot be parsed, or too many ids for one GET."""

    code = "CMNC-021"


class BadPaging(ErpError):
    code = "CMNC-017"


class BadColumn(ErpError):
    """An unknown sort or `columns=` column."""

    code = "CMNC-019"


class BadPatch(ErpError):
    """A JSON Patch op on a path it cannot apply to: Brightpearl really answers 500 CMNC-044."""

    status = 500
    code = "CMNC-044"

    def __init__(self, op: str, path: str):
        super().__init__(f"Invalid patch operation ({op}) for given path ({path})")


class BadFilter(ErpError):
    """An unparseable search filter: Brightpearl really answers 500 for it, in these words."""

    status = 500
    code = "CMNC-018"

    def __init__(self, name: str, value: str, data_type: str):
        super().__init__(f"The filter {name}={value} cannot be parsed as: {data_type}")


class Conflict(ErpError):
    """A uniqueness rule refused a write (ORDC-014, PAYC-007); Brightpearl answers 400."""


class PreconditionFailed(ErpError):
    """`If-Match` named another version of the object (an extension: see erp-contract.md)."""

    status = 412
    code = "CMNC-412"


class MethodNotAllowed(ErpError):
    status = 405
    code = "CMNC-405"


class Unavailable(ErpError):
    """An injected fault."""

    status = 503
    code = "CMNC-503"

    def __init__(self, message: str = UNAVAILABLE_MESSAGE, *, status: int = 503):
        code = "CMNC-503" if status == 503 else f"CMNC-{status}"
        super().__init__(message, code=code, status=status)
