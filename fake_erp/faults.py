"""The `/_fake/` control plane: faults, the request log, reset, ops actions, the OpenAPI document.

Faults apply to /public-api/ (and /2.0.0/) requests only. The control plane answers only on
loopback unless the app is configured with `allow_remote_control`.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import re
import threading
from collections import Counter
from dataclasses import dataclass

from flask import Blueprint, abort, current_app, jsonify, request

from fake_erp.errors import BadRequest

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Knob:
    """One fault knob: the only place its name, type, range, unit and meaning are written.

    `FaultSettings`, the checks of `POST /_fake/faults` and the `fake-erp` flags (with their
    help) are all made from `KNOBS`.
    """

    name: str
    kind: type
    default: float
    low: float
    high: float
    unit: str
    help: str

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def check(self, value):
        """The value as this knob's type; a ValueError naming the knob when it does not fit."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{self.name} must be a number")
        if self.kind is int and value != int(value):
            raise ValueError(f"{self.name} must be a whole number")
        if not self.low <= value <= self.high:
            raise ValueError(f"{self.name} must be between {self.low} and {self.high}")
        return self.kind(value)


KNOBS = (
    Knob("latency_ms", int, 0, 0, 600_000, "ms", "added to every public-API request"),
    Knob("jitter_ms", int, 0, 0, 600_000, "ms", "random extra delay, 0 to this, on top of latency"),
    Knob(
        "error_rate",
        float,
        0.0,
        0.0,
        1.0,
        "share 0-1",
        "of requests failed before doing anything, with error_status",
    ),
    Knob("error_status", int, 503, 400, 599, "HTTP status", "of the injected errors"),
    Knob(
        "hang_rate",
        float,
        0.0,
        0.0,
        1.0,
        "share 0-1",
        "of requests that hang for hang_s (a reset wakes them)",
    ),
    Knob("hang_s", float, 30.0, 0.0, 3600.0, "s", "how long a hanging request waits"),
    Knob(
        "throttle_per_minute",
        int,
        200,
        1,
        1_000_000,
        "requests",
        "allowed per rolling window before 503 'too many requests'",
    ),
    Knob("throttle_window_s", float, 60.0, 0.01, 86_400.0, "s", "the throttle's rolling window"),
    Knob(
        "commit_then_fail_rate",
        float,
        0.0,
        0.0,
        1.0,
        "share 0-1",
        "of successful writes stored, then answered with a 503",
    ),
)
KNOBS_BY_NAME = {knob.name: knob for knob in KNOBS}


def _updated(self, changes) -> FaultSettings:
    """A copy with the named keys changed; any bad key or value is a ValueError."""
    if not isinstance(changes, dict):
        raise ValueError("expected a JSON object")
    values = dataclasses.asdict(self)
    for key, value in changes.items():
        if key not in KNOBS_BY_NAME:
            raise ValueError(f"unknown fault: {key}")
        values[key] = KNOBS_BY_NAME[key].check(value)
    return FaultSettings(**values)


# The knobs' current values (erp-api.md, "What the fake adds for operators").
FaultSettings = dataclasses.make_dataclass(
    "FaultSettings",
    [(k.name, k.kind, dataclasses.field(default=k.kind(k.default))) for k in KNOBS],
    frozen=True,
    namespace={"updated": _updated, "__doc__": "The fault knobs' values (one field per knob)."},
)


class FaultState:
    """Current faults, the request log and a way to wake requests that hang."""

    def __init__(self, baseline: FaultSettings, seed: int | None = None):
        self.baseline = baseline
        self.settings = baseline
        self.random = random.Random(seed)  # noqa: S311 (fault dice, not secrets)
        self.requests: Counter = Counter()
        self.release = threading.Event()  # set on reset: hanging requests return at once
        self._lock = threading.Lock()

    def update(self, changes) -> FaultSettings:
        with self._lock:
            self.settings = self.settings.updated(changes)
            return self.settings

    def record(self, method: str, service_path: str) -> None:
        with self._lock:
            self.requests[f"{method} {endpoint_key(service_path)}"] += 1

    def roll(self, rate: float) -> bool:
        with self._lock:
            return rate > 0 and self.random.random() < rate

    def reset(self) -> None:
        with self._lock:
            self.settings = self.baseline
            self.requests.clear()
            self.release.set()
            self.release = threading.Event()


_ID_SEGMENT = re.compile(r"^[0-9][0-9,\-]*$")


def endpoint_key(service_path: str) -> str:
    """`order-service/order/1-5/note` -> `order-service/order/{id}/note`."""
    return "/".join(
        "{id}" if _ID_SEGMENT.match(p) else p for p in service_path.strip("/").split("/")
    )


bp = Blueprint("fake", __name__, url_prefix="/_fake")


@bp.before_request
def _loopback_only():
    state = current_app.extensions["fake_erp"]
    if not state.settings.allow_remote_control and request.remote_addr not in ("127.0.0.1", "::1"):
        abort(403)


def _faults():
    return current_app.extensions["fake_erp"].faults


@bp.get("/faults")
def get_faults():
    return jsonify(dataclasses.asdict(_faults().settings))


@bp.post("/faults")
def set_faults():
    try:
        settings = _faults().update(request.get_json(force=True, silent=True))
    except ValueError as e:
        raise BadRequest(str(e)) from None
    log.info("faults now %s", settings)
    return jsonify(dataclasses.asdict(settings))


@bp.get("/requests")
def request_log():
    counts = dict(_faults().requests)
    return jsonify({"total": sum(counts.values()), "by_endpoint": counts})


@bp.post("/reset")
def reset():
    """Clears the request log, the faults and the throttle window; keeps the data."""
    state = current_app.extensions["fake_erp"]
    state.faults.reset()
    state.throttle.reset()
    return jsonify({})


@bp.post("/orders/<id:order_id>/invoice")
def invoice(order_id: int):
    """Invoices the order, today or on `{"taxDate": "2026-01-10"}` (due after its terms)."""
    body = request.get_json(force=True, silent=True) or {}
    tax_date = body.get("taxDate") if isinstance(body, dict) else None
    state = current_app.extensions["fake_erp"]
    reference = state.backend.ops.invoice(order_id, str(tax_date) if tax_date else None)
    state.wake_delivery()
    return jsonify({"invoiceReference": reference})


@bp.post("/orders/<id:order_id>/ship")
def ship(order_id: int):
    body = request.get_json(force=True, silent=True) or {}
    tracking = body.get("tracking") if isinstance(body, dict) else None
    state = current_app.extensions["fake_erp"]
    note_id = state.backend.ops.ship(order_id, tracking)
    state.wake_delivery()
    return jsonify({"goodsOutNoteId": note_id})


@bp.get("/openapi.json")
def openapi_document():
    from fake_erp.openapi import load_document

    return jsonify(load_document())
