"""Brightpearl ID sets: ``1-5,8,10-12``, at most 200 ids per GET.

Batch reads go through here so that n objects cost ceil(n/200) requests, never n.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

MAX_IDS_PER_GET = 200


def unique_ids(ids: Iterable[int]) -> list[int]:
    """The ids as ints, duplicates dropped, first occurrence kept (callers keep their order)."""
    seen: dict[int, None] = {}
    for raw in ids:
        if isinstance(raw, bool):
            raise ValueError(f"not an id: {raw!r}")
        seen.setdefault(int(raw), None)
    return list(seen)


def format_idset(ids: Iterable[int]) -> str:
    """Compress ids into ranges: ``[1, 2, 3, 5]`` → ``"1-3,5"`` (sorted, deduplicated)."""
    ordered = sorted(set(unique_ids(ids)))
    if not ordered:
        raise ValueError("an ID set needs at least one id")
    parts: list[str] = []
    start = prev = ordered[0]
    for value in ordered[1:] + [None]:
        if value is not None and value == prev + 1:
            prev = value
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if value is not None:
            start = prev = value
    return ",".join(parts)


def chunked_idsets(ids: Iterable[int], size: int = MAX_IDS_PER_GET) -> Iterator[str]:
    """ID sets of at most ``size`` ids each, covering every id once, in ascending order."""
    ordered = sorted(set(unique_ids(ids)))
    for i in range(0, len(ordered), size):
        yield format_idset(ordered[i:i + size])


def parse_idset(text: str, *, limit: int | None = None) -> list[int]:
    """``"1-3,7"`` (or ``1.2.3``) → ``[1, 2, 3, 7]``; a ValueError for anything else.

    ``limit`` bounds the ids a set may stand for (a range like ``1-999999999`` is refused
    rather than expanded).
    """
    ids: list[int] = []
    for part in text.replace(".", ",").split(","):
        low, dash, high = part.partition("-")
        if not low.isdigit() or (dash and not high.isdigit()):
            raise ValueError(f"not an ID set: {text!r:.60}")
        first, last = int(low), int(high or low)
        if last < first or (limit is not None and len(ids) + last - first + 1 > limit):
            raise ValueError(f"not an ID set of at most {limit} ids: {text!r:.60}")
        ids.extend(range(first, last + 1))
    return ids
