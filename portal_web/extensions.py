"""Extension objects, made without an app and bound to one in `create_app` (cookiecutter-flask)."""

from __future__ import annotations

from flask_login import LoginManager
from flask_wtf import CSRFProtect
from limits import parse, storage, strategies

login_manager = LoginManager()
csrf = CSRFProtect()


class RateLimiter:
    """A moving-window limit per key, in memory or in a shared store (`redis://...`)."""

    def __init__(self):
        self._limiter = None
        self._limit = None

    def init_app(self, app, rate: str, storage_uri: str) -> None:
        self._limit = parse(rate)
        self._limiter = strategies.MovingWindowRateLimiter(storage.storage_from_string(storage_uri))
        app.extensions["login_limiter"] = self

    def hit(self, key: str) -> bool:
        """Counts one attempt; False when the key is over its limit."""
        return self._limiter.hit(self._limit, key)


login_limiter = RateLimiter()
