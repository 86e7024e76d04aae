"""What an ERP request names: its cache key, the kind of data it reads, and its tags.

The read cache sits in the transport, so it knows requests, not services: everything here is
derived from the request's path (``order-service/order/1-5``), which is why a service added
tomorrow is cached and invalidated without writing anything.

* A path is read as resources and their ID sets: ``order/5/goods-note/goods-out`` names order
  5 and the goods-out notes of it (a collection whose ids the path does not give).
* A cached answer is tagged ``order:5`` for each id a path names, ``goods-out-note:?`` for a
  collection it names without ids (searches too: ``order-search`` is ``order:?``), and
  ``order:*`` for every resource type it mentions.
* A change to ``order`` 5 (a write the portal sends, or the ERP's webhook) drops ``order:5``
  and ``order:?`` (every list or search of orders may hold it), and ``t:*`` for the types
  that depend on orders without naming them (``DEPENDENTS``): coarse, never wrong.

The ERP answers one request the same whoever asks (the portal uses one credential), so a key
made of the request alone can never mix two customers' data: the portal checks ownership of
what it shows on every page, cached or not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from .idsets import parse_idset

# Several segments that name one resource type, and other names of one type.
_MULTI_SEGMENT = {"goods-note/goods-out": "goods-out-note", "goods-note/goods-in": "goods-in-note"}
ALIASES = {"sales-order": "order", "purchase-order": "order", "sales-credit": "order",
           "goods-out": "goods-out-note", "goods-in": "goods-in-note"}
# A change to the key's type also changes data of these types that paths cannot show (a
# payment changes its order's payment status and the customer's balance).
DEPENDENTS = {
    "customer-payment": ("order", "balance"),
    "order": ("balance",),
    "product-price": ("product",),  # the catalog's searches list only products priced in a list
}
_IDSET = re.compile(r"^(\*|[0-9]+(?:[-,.][0-9]+)*)$")
_MAX_NAMED_IDS = 500  # a larger ID set is tagged by its type only

# Kinds of data, each with its own time to live (chosen by the client's settings).
REFERENCE, PRODUCT, PRICE, DOCUMENT, UNCACHED = "reference", "product", "price", "document", ""
_REFERENCE_TYPES = frozenset({
    "order-status", "price-list", "currency", "exchange-rate", "order-type", "warehouse",
    "shipping-method", "tax-code", "nominal-code", "payment-method", "channel", "brand",
    "order-stock-status", "order-shipping-status", "product-type", "lead-source",
})
_NEVER_CACHED = frozenset({
    "custom-field",  # login grants and session epochs: a revoke must be seen at once
    "webhook",       # the subscriptions themselves, read once at start
})
# Kinds a write may read from the cache as before (reference data, product details); every
# other kind is read from the ERP while the portal serves a write (``fresh`` scopes).
STABLE_KINDS = frozenset({REFERENCE, PRODUCT})


@dataclass(frozen=True)
class Named:
    """One resource a path names: its type, and its ids (None: a collection, ids unknown)."""

    type: str
    ids: tuple[int, ...] | None
    search: bool = False


def named_in(path: str) -> list[Named]:
    """The resources a path names, outermost first (the service segment is skipped)."""
    segments = [s for s in path.strip("/").split("/") if s]
    if segments and segments[0].endswith("-service"):
        segments = segments[1:]
    found: list[Named] = []
    names: list[str] = []
    for segment in segments:
        if names and _IDSET.match(segment):
            found.append(Named(_type_of(names), _ids_of(segment)))
            names = []
        else:
            names.append(segment)
    if names:
        last = names[-1]
        search = last.endswith("-search")
        found.append(Named(_type_of(names[:-1] + [last.removesuffix("-search")]), None, search))
    return found


def _type_of(names: list[str]) -> str:
    joined = "/".join(names[-2:])
    name = _MULTI_SEGMENT.get(joined, names[-1])
    return ALIASES.get(name, name)


def _ids_of(segment: str) -> tuple[int, ...] | None:
    if segment == "*":
        return None
    try:
        ids = parse_idset(segment, limit=_MAX_NAMED_IDS)
    except ValueError:
        return None
    return tuple(ids)


def kind_of(path: str) -> str:
    """The kind of data a GET of ``path`` reads, which sets how long it is cached."""
    named = named_in(path)
    if not named or any(n.type in _NEVER_CACHED for n in named):
        return UNCACHED
    root = named[0]
    if root.type in _REFERENCE_TYPES:
        return REFERENCE
    if root.type == "product" and not root.search:
        return PRODUCT
    if root.type in ("product", "product-price"):
        return PRICE
    return DOCUMENT


def cache_key(path: str, params: Mapping[str, object] | None) -> str:
    """The request itself: its path and its query parameters, sorted."""
    return f"GET {path.strip('/')}?{query_of(params)}"


def query_of(params: Mapping[str, object] | None) -> str:
    """The query parameters of a key, sorted (``cache_key`` without the path)."""
    return urlencode(sorted(params.items()), doseq=True) if params else ""


def tags_of(path: str) -> frozenset[str]:
    """The tags of a GET's answer: what a change must drop it for."""
    tags: set[str] = set()
    for named in named_in(path):
        tags.add(f"{named.type}:*")
        if named.ids is None:
            tags.add(f"{named.type}:?")
        else:
            tags.update(f"{named.type}:{i}" for i in named.ids)
    return frozenset(tags)


def changed(resource_type: str, ids: Iterable[int] | None) -> frozenset[str]:
    """The tags to drop when objects of a type change (``ids`` None: some, unknown which)."""
    kind = ALIASES.get(resource_type, resource_type)
    tags = {f"{kind}:?"}
    if ids is None:
        tags.add(f"{kind}:*")
    else:
        tags.update(f"{kind}:{int(i)}" for i in ids)
    tags.update(f"{dependent}:*" for dependent in DEPENDENTS.get(kind, ()))
    return frozenset(tags)


def written(path: str, answer: object = None) -> frozenset[str]:
    """The tags a write to ``path`` drops; ``answer`` is the ERP's ``response`` (a new id)."""
    tags: set[str] = set()
    named = named_in(path)
    for item in named:
        tags |= changed(item.type, item.ids if item.ids is not None else ())
    if named and isinstance(answer, int) and not isinstance(answer, bool):
        tags |= changed(named[-1].type, (answer,))
    return frozenset(tags)
