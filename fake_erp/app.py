"""The Flask app: `create_app(backend, settings)` as named steps (after cookiecutter-flask).

Every /public-api request goes through the same gate, in this order: it is logged, authenticated,
counted by the throttle, then delayed or failed by the configured faults. Only authenticated
requests count (so the throttle keeps one window, for the one account the fake serves); every
response under /public-api carries the throttle headers, and every error renders as a
Brightpearl error body. Every successful write raises its resource events (`events.py`) into
the webhooks' outbox, whatever route served it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask, g, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter

from fake_erp import errors
from fake_erp.backend import Backend
from fake_erp.events import events_for
from fake_erp.faults import KNOBS_BY_NAME, FaultSettings, FaultState
from fake_erp.throttle import Throttle

log = logging.getLogger(__name__)

PUBLIC = "/public-api/"
_WRITES = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class Settings:
    """How one fake ERP answers: its account, credentials and starting faults."""

    account: str = "demo"
    app_ref: str = "portal"
    account_token: str = "dev-token"  # noqa: S105 (the documented development token)
    allow_remote_control: bool = False
    faults: FaultSettings = field(default_factory=FaultSettings)
    random_seed: int | None = None


@dataclass
class FakeErp:
    """What the app holds: `app.extensions["fake_erp"]`."""

    backend: Backend
    settings: Settings
    faults: FaultState
    throttle: Throttle
    wake_delivery: Callable[[], None] = lambda: None  # the server's delivery thread, if any


class IdConverter(BaseConverter):
    """A single id: 1 to 12 digits (anything longer cannot be an id and is a 404)."""

    regex = r"[0-9]{1,12}"

    def to_python(self, value: str) -> int:
        return int(value)


class _PathNormaliser:
    """WSGI middleware: `/2.0.0/` is an alias of `/public-api/`; a trailing slash is tolerated."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/2.0.0/"):
            path = PUBLIC + path[len("/2.0.0/") :]
        if len(path) > 1 and path.endswith("/"):
            path = path.rstrip("/") or "/"
        environ["PATH_INFO"] = path
        return self.wsgi_app(environ, start_response)


def create_app(backend: Backend | None = None, settings: Settings | dict | None = None) -> Flask:
    """Build the fake ERP app over `backend` (a fresh in-memory one when omitted)."""
    if not isinstance(settings, Settings):
        settings = make_settings(**(settings or {}))
    app = Flask(__name__)
    app.json.sort_keys = False
    app.url_map.converters["id"] = IdConverter
    app.extensions["fake_erp"] = FakeErp(
        backend=backend or Backend(),
        settings=settings,
        faults=FaultState(settings.faults, settings.random_seed),
        throttle=Throttle(),
    )
    app.wsgi_app = _PathNormaliser(app.wsgi_app)
    _register_blueprints(app)
    _register_gate(app)
    _register_errorhandlers(app)
    return app


def make_settings(**options) -> Settings:
    """Settings from flat keyword options; fault names (latency_ms, ...) go to the faults."""
    fault_changes = {k: options.pop(k) for k in list(options) if k in KNOBS_BY_NAME}
    faults = FaultSettings().updated(fault_changes)
    return Settings(faults=faults, **options)


def _register_blueprints(app: Flask) -> None:
    from fake_erp import faults
    from fake_erp.routes import (
        accounting,
        contacts,
        crm,
        integration,
        orders,
        products,
        warehouse,
    )

    for module in (contacts, orders, products, accounting, warehouse, crm, integration, faults):
        app.register_blueprint(module.bp)

    @app.url_value_preprocessor
    def _drop_account(_endpoint, values):
        if values:
            values.pop("account", None)


def _register_gate(app: Flask) -> None:
    app.before_request(_gate)
    app.after_request(_finish)


def _state() -> FakeErp:
    from flask import current_app

    return current_app.extensions["fake_erp"]


def _gate():
    """Log, throttle, authenticate, then apply faults, for /public-api requests only."""
    if not request.path.startswith(PUBLIC):
        return None
    state = _state()
    account, _, service_path = request.path[len(PUBLIC) :].partition("/")
    state.faults.record(request.method, service_path)
    faults = state.faults.settings
    window = (faults.throttle_per_minute, faults.throttle_window_s)
    if not _authenticated(state.settings, account):
        g.throttle = state.throttle.peek(*window)
        return jsonify(errors.NOT_AUTHENTICATED_BODY), 401
    g.throttle = state.throttle.take(*window)
    if not g.throttle.allowed:
        return jsonify(errors.THROTTLED_BODY), 503
    _apply_faults(state, faults)
    return None


def _authenticated(settings: Settings, account: str) -> bool:
    """A private app's account or staff token, or an OAuth bearer token with a dev ref."""
    headers = request.headers
    bearer = headers.get("Authorization", "")
    token = headers.get("brightpearl-account-token") or headers.get("brightpearl-staff-token")
    if not token and bearer.startswith("Bearer ") and headers.get("brightpearl-dev-ref"):
        token = bearer[len("Bearer ") :]
    return (
        account == settings.account
        and headers.get("brightpearl-app-ref") == settings.app_ref
        and token == settings.account_token
    )


def _apply_faults(state: FakeErp, faults: FaultSettings) -> None:
    """Latency (with jitter), hangs and injected errors, before the request is handled."""
    delay = faults.latency_ms + (
        state.faults.random.uniform(0, faults.jitter_ms) if faults.jitter_ms else 0
    )
    if delay:
        time.sleep(delay / 1000)
    if state.faults.roll(faults.hang_rate):
        log.info("hanging %s %s for %ss", request.method, request.path, faults.hang_s)
        state.faults.release.wait(faults.hang_s)  # a reset wakes it up
    if request.method != "OPTIONS" and state.faults.roll(faults.error_rate):
        raise errors.Unavailable(status=faults.error_status)


def _finish(response):
    """Throttle headers on every /public-api answer; events and commit-then-fail for successful
    writes (the write was stored: its events are raised even when the client gets a 503)."""
    if not request.path.startswith(PUBLIC):
        return response
    state = _state()
    if request.method in _WRITES and response.status_code < 400:
        _raise_events(state, response)
    if (
        request.method in _WRITES
        and response.status_code < 400
        and state.faults.roll(state.faults.settings.commit_then_fail_rate)
    ):
        log.info("commit_then_fail on %s %s", request.method, request.path)
        failure = errors.Unavailable()
        response = jsonify(failure.body())
        response.status_code = failure.status
    throttle = g.get("throttle")
    if throttle is not None:
        response.headers.update(throttle.headers())
    return response


def _raise_events(state: FakeErp, response) -> None:
    service_path = request.path[len(PUBLIC):].partition("/")[2]
    answer = response.get_json(silent=True) if response.is_json else None
    events = events_for(request.method, service_path,
                        answer.get("response") if isinstance(answer, dict) else None)
    if events and state.backend.webhooks.raise_events(events):
        state.wake_delivery()


def _register_errorhandlers(app: Flask) -> None:
    @app.errorhandler(errors.ErpError)
    def _erp_error(error: errors.ErpError):
        return jsonify(error.body()), error.status

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        code = {404: "CMNC-404", 405: "CMNC-405"}.get(error.code, f"CMNC-{error.code}")
        message = {404: "Resource not found", 405: "Method not allowed"}.get(error.code, error.name)
        return jsonify({"errors": [{"code": code, "message": message}]}), error.code

    @app.errorhandler(Exception)
    def _bug(error: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return jsonify({"errors": [{"code": "CMNC-500", "message": "Internal error"}]}), 500
