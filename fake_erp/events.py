"""The resource events a successful write through the API raises, named as Brightpearl does.

The gate (``app.py``) calls ``events_for`` for every successful POST/PUT/PATCH/DELETE under
``/public-api/``, so a write route added tomorrow raises events without knowing it. Names
come from the path (``{resource}.{created|modified|destroyed}[.{specifier}]``):

* ``POST sales-order`` → ``sales-order.created`` for the id answered;
* ``PATCH contact/7`` → ``contact.modified``; ``DELETE …/7`` → ``….destroyed``;
* a write to something of an object (``PUT order/5/status``, ``POST order/5/note``) modifies
  the object: ``order.modified.order-status`` where Brightpearl has a specifier, else
  ``order.modified``; a child with events of its own is created too (``POST
  order/5/goods-note/goods-out`` → ``goods-out-note.created`` for each new note).
"""

from __future__ import annotations

import re

from fake_erp.backend.webhooks import Event

_ID = re.compile(r"^[0-9]+$")
_MULTI_SEGMENT = {"goods-note/goods-out": "goods-out-note", "goods-note/goods-in": "goods-in-note"}
_SPECIFIERS = {("order", "status"): "order-status"}
_LIFECYCLE = {"POST": "created", "PUT": "modified", "PATCH": "modified", "DELETE": "destroyed"}
_SILENT_SERVICES = frozenset({"integration-service"})  # its own webhooks raise nothing


def events_for(method: str, service_path: str, answer: object) -> list[Event]:
    """The events of a successful write; ``answer`` is the ``response`` it answered."""
    service, _, rest = service_path.strip("/").partition("/")
    if service in _SILENT_SERVICES or not rest:
        return []
    segments = rest.split("/")
    position = next((i for i, s in enumerate(segments) if _ID.match(s)), None)
    if position is None:  # a collection: a POST creates what the answer names
        kind = _type_of(segments)
        return [Event(f"{kind}.created", kind, i) for i in _ids(answer)] if method == "POST" \
            else []
    kind, object_id = _type_of(segments[:position]), int(segments[position])
    child = segments[position + 1:]
    if not child:
        lifecycle = "modified" if method == "POST" else _LIFECYCLE[method]
        return [Event(f"{kind}.{lifecycle}", kind, object_id)]
    specifier = _SPECIFIERS.get((kind, "/".join(child)))
    events = [Event(f"{kind}.modified" + (f".{specifier}" if specifier else ""), kind, object_id)]
    child_kind = _MULTI_SEGMENT.get("/".join(child[:2]))
    if child_kind and method == "POST" and len(child) == 2:
        events += [Event(f"{child_kind}.created", child_kind, i) for i in _ids(answer)]
    return events


def _type_of(names: list[str]) -> str:
    return _MULTI_SEGMENT.get("/".join(names[-2:]), names[-1])


def _ids(answer: object) -> list[int]:
    """The ids a create answered: one id, or a list of them."""
    items = answer if isinstance(answer, list) else [answer]
    return [i for i in items if isinstance(i, int) and not isinstance(i, bool)]
