"""Thin HTTP handlers, one module per ERP service, and the helpers they share.

Every handler does three things: parse the request, call one backend method, wrap the answer in
Brightpearl's envelope. Uniform reads (ID-set GETs, OPTIONS, searches) are generated from tables.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from flask import Blueprint, current_app, jsonify, request

from fake_erp.backend.idsets import get_uris, parse_idset, parse_ranges
from fake_erp.errors import BadRequest

log = logging.getLogger(__name__)

PUBLIC_PREFIX = "/public-api/<account>"


def backend():
    """The backend of the app handling this request (one per app, never module-global)."""
    return current_app.extensions["fake_erp"].backend


def ok(value):
    """`{"response": value}` with HTTP 200."""
    return jsonify({"response": value})


def updated():
    """An update or delete answers `{}` (erp-api.md)."""
    return jsonify({})


def search_answer(result: dict):
    """Searches carry `reference` beside `response`, not inside it (erp-api.md)."""
    reference = result.pop("reference", {})
    return jsonify({"response": result, "reference": reference})


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def json_body():
    """The request body as JSON, whatever its Content-Type; malformed JSON is 400 CMNC-400."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return None
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadRequest("The request body is not valid JSON") from None


def id_set(text: str, limit: int | None = 200) -> list[int]:
    return parse_idset(text, limit)


def optional_id_set(text: str | None, limit: int | None = 200) -> list[int] | None:
    """An ID set where Brightpearl makes it optional: absent or `*` means every id (None)."""
    if text is None or text.strip() == "*":
        return None
    return parse_idset(text, limit)


def service_blueprint(service: str) -> Blueprint:
    return Blueprint(service, __name__, url_prefix=f"{PUBLIC_PREFIX}/{service}")


def register_idset_get(
    bp: Blueprint, resource: str, getter: Callable, *, options=None, optional: bool = False
) -> None:
    """`GET /{resource}/{idset}` (also `GET /{resource}` when the id set is `optional`), and
    `OPTIONS` answering getUris when `options` gives the existing ids within ranges."""

    def get_many(idset: str | None = None):
        ids = optional_id_set(idset) if optional else id_set(idset)
        return ok(getter()(ids))

    rule = f"/{resource}/<idset>"
    bp.add_url_rule(
        rule,
        f"get_{resource}",
        get_many,
        methods=["GET"],
        provide_automatic_options=options is None,
    )
    if optional:
        bp.add_url_rule(f"/{resource}", f"get_all_{resource}", get_many, methods=["GET"])
    if options is not None:

        def uris(idset: str):
            existing = options()(parse_ranges(idset))
            return ok({"getUris": get_uris(resource, existing)})

        bp.add_url_rule(rule, f"options_{resource}", uris, methods=["OPTIONS"])


def register_search(bp: Blueprint, path: str, searcher: Callable) -> None:
    """`GET /{path}` answered by the generic search engine."""

    def search():
        return search_answer(searcher()(request.args.to_dict()))

    bp.add_url_rule(f"/{path}", f"search_{path}", search, methods=["GET"])
