"""Login secrets never reach a log: request lines, paths and referrers are redacted first.

The secret travels in the path of `/login/<token>`, and from there in the Referer of the POST that
follows it (Referrer-Policy same-origin keeps it on our own site, but our own logs would still
hold it). Anyone who can read the logs must not be able to log in as a customer.
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

_LOGIN = re.compile(r"/login/[^/?#\s\"]+")


def redact(text: str) -> str:
    """`/login/4.secret` becomes `/login/[redacted]` wherever it stands in the text."""
    return _LOGIN.sub("/login/[redacted]", text) if text else text


class RedactingLogger(Logger):
    """Gunicorn's logger, with the access log's request line, path and referrer redacted."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms
