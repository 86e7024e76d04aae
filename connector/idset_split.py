"""ID-set GETs cached per id: ``order/1-5`` is kept as ``order/1`` … ``order/5``.

A page that lists orders and the page of one of them ask for the same order in two requests
(``order/3-7,9`` and ``order/5``); two catalog pages share products; a cart's products were on
the catalog. Keeping each object of an ID-set answer under the key its own GET would have
means the second request finds it, and a GET of an ID set asks the ERP only for the ids it
does not hold fresh. This module is pure: which paths split, how an answer splits, and how
parts join again; the transport (``reads.py``) does the caching.

Only answers whose form is recognised split, whatever the resource:

* a list of objects, each naming one of the requested ids in its id field (``id``,
  ``contactId`` for ``contact/{ids}``, ``addressId`` for ``postal-address/{ids}``,
  ``productId`` for ``product-price/{ids}/price-list/2``, …);
* a map of objects (``order/{ids}/goods-note/goods-out``: note id → note), each naming its
  parent's id (``orderId``).

An id the ERP left out gets an empty part (``[]`` or ``{}``), as its own GET would answer. Any
other answer is cached whole, as the request it answered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .idsets import format_idset, parse_idset

_IDSET = re.compile(r"^[0-9]+(?:[-,.][0-9]+)*$")
_MAX_IDS = 500


@dataclass(frozen=True)
class IdSetPath:
    """A path whose first ID-set segment names several ids: ``{before}/{ids}{after}``."""

    before: str
    ids: tuple[int, ...]
    after: str
    resource: str  # the segment before the ids: what its objects are

    @classmethod
    def of(cls, path: str) -> IdSetPath | None:
        segments = path.strip("/").split("/")
        for n, segment in enumerate(segments):
            if n and _IDSET.match(segment):
                try:
                    ids = tuple(dict.fromkeys(parse_idset(segment, limit=_MAX_IDS)))
                except ValueError:
                    return None
                if len(ids) < 2:
                    return None
                after = "/".join(segments[n + 1:])
                return cls("/".join(segments[:n]), ids, f"/{after}" if after else "",
                           segments[n - 1])
        return None

    def path_of(self, ids) -> str:
        """The same request for other ids (one id: the object's own GET)."""
        return f"{self.before}/{format_idset(ids)}{self.after}"

    def path_of_one(self, object_id: int) -> str:
        """The object's own GET (``path_of([object_id])``, without the set's sorting)."""
        return f"{self.before}/{object_id}{self.after}"


def split(shape: IdSetPath, answer: Any) -> dict[int, Any] | None:
    """Each requested id's part of the answer (as its own GET would answer), or None when
    the answer's form is not recognised."""
    if isinstance(answer, list):
        return _split_list(shape, answer)
    if isinstance(answer, dict) and shape.after:
        return _split_map(shape, answer)
    return None


def join(parts: list[Any]) -> Any:
    """The answer for several ids from their parts (lists end to end, maps merged)."""
    if all(isinstance(p, list) for p in parts):
        return [item for part in parts for item in part]
    joined: dict = {}
    for part in parts:
        joined.update(part)
    return joined


def _id_fields(shape: IdSetPath) -> tuple[str, ...]:
    """Where an object names the id: ``id`` (the objects themselves, ``order/{ids}``), or the
    resource's name in camel case (``productId`` for ``product-price/{ids}/price-list/2``;
    ``orderId`` for things of orders, ``order/{ids}/goods-note/goods-out``)."""
    words = shape.resource.split("-")
    camel = words[0] + "".join(w.title() for w in words[1:])
    named = (f"{camel}Id", f"{words[0]}Id", f"{words[-1]}Id")
    return named if shape.after else ("id", *named)


def _split_list(shape: IdSetPath, answer: list) -> dict[int, list] | None:
    if not all(isinstance(item, dict) for item in answer):
        return None
    wanted = set(shape.ids)
    for name in _id_fields(shape):
        values = [item.get(name) for item in answer]
        if all(_is_id(v) and v in wanted for v in values) and len(set(values)) == len(values):
            parts: dict[int, list] = {i: [] for i in shape.ids}
            for item, value in zip(answer, values, strict=True):
                parts[value].append(item)
            return parts
    return None


def _split_map(shape: IdSetPath, answer: dict) -> dict[int, dict] | None:
    if not all(isinstance(item, dict) for item in answer.values()):
        return None
    wanted = set(shape.ids)
    name = _id_fields(shape)[0]  # a child names its parent: orderId
    if not all(_is_id(item.get(name)) and item[name] in wanted for item in answer.values()):
        return None
    parts: dict[int, dict] = {i: {} for i in shape.ids}
    for key, item in answer.items():
        parts[item[name]][key] = item
    return parts


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
