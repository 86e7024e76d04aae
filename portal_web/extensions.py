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
    counts: the login counts failed attempts only, quote shares the emails sent.
    """

    def __init__(self, name: str = "login") -> None:
        self.name = f"{name}_limiter"

    def init_app(self, app, rate: str, storage_uri: str) -> None:
        limiter = strategies.MovingWindowRateLimiter(storage.storage_from_string(storage_uri))
        app.extensions[self.name] = (limiter, parse(rate))

    def allows(self, key: str, cost: int = 1) -> bool:
        """False when `cost` more events would take the key over its limit (counts nothing)."""
        limiter, limit = current_app.extensions[self.name]
        return limiter.test(limit, key, cost=cost)

    def hit(self, key: str, cost: int = 1) -> bool:
        """Counts `cost` events against the key; False (counting nothing) when over the limit."""
        limiter, limit = current_app.extensions[self.name]
        return limiter.hit(limit, key, cost=cost)

    def clear(self, key: str) -> None:
        """Forgets the key's events (a submission whose write surely did not happen)."""
        limiter, limit = current_app.extensions[self.name]
        limiter.clear(limit, key)


login_limiter = RateLimiter()
share_limiter = RateLimiter("share")
# A form may be acted on once: its submission id is taken on the first POST, and a second
# POST of the same form (a double click, a second tab) within ten minutes finds it taken.
submissions = RateLimiter("submission")
