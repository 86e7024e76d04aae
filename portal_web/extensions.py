"""Extension objects, made without an app and bound to one in `create_app` (cookiecutter-flask)."""

from __future__ import annotations

from flask import current_app
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from limits import parse, storage, strategies

login_manager = LoginManager()
csrf = CSRFProtect()


class RateLimiter:
    """A moving-window limit per key, in memory or in a shared store (`redis://...`).

    Its state lives on the app it is bound to (several apps in one process, as in the tests,
    keep separate counts). Callers `test` a key before acting and `hit` it only for what
    counts: the login counts failed attempts only.
    """

    def init_app(self, app, rate: str, storage_uri: str) -> None:
        limiter = strategies.MovingWindowRateLimiter(storage.storage_from_string(storage_uri))
        app.extensions["login_limiter"] = (limiter, parse(rate))

    def allows(self, key: str) -> bool:
        """False when the key is at its limit already (counts nothing)."""
        limiter, limit = current_app.extensions["login_limiter"]
        return limiter.test(limit, key)

    def hit(self, key: str) -> None:
        """Counts one event against the key."""
        limiter, limit = current_app.extensions["login_limiter"]
        limiter.hit(limit, key)


login_limiter = RateLimiter()
