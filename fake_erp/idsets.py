"""Brightpearl ID sets: `8`, `1-5`, `1-5,8,10-12` (and the OPTIONS `getUris` chunks)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from fake_erp.errors import BadIdSet

MAX_IDS_PER_GET = 200
_PART = re.compile(r"^\s*(\d{1,12})\s*(?:-\s*(\d{1,12})\s*)?$")


def parse_ranges(text: str) -> list[tuple[int, int]]:
    """Parse an ID set into inclusive (low, high) ranges, without expanding them."""
    ranges = []
    for part in str(text).split(","):
        match = _PART.match(part)
        if not match:
            raise BadIdSet(f"Invalid ID set: {text!r}")
        low = int(match.group(1))
        high = int(match.group(2) or low)
        if high < low or low < 1:
            raise BadIdSet(f"Invalid ID set: {text!r}")
        ranges.append((low, high))
    return ranges


def parse_idset(text: str, limit: int | None = MAX_IDS_PER_GET) -> list[int]:
    """Expand an ID set into sorted distinct ids; more than `limit` ids is refused."""
    ranges = parse_ranges(text)
    count = sum(high - low + 1 for low, high in ranges)
    if limit is not None and count > limit:
        raise BadIdSet(f"Too many ids in one request: {count} (at most {limit})")
    ids: set[int] = set()
    for low, high in ranges:
        ids.update(range(low, high + 1))
    return sorted(ids)


def format_idset(ids: Iterable[int]) -> str:
    """Render ids compactly: [1, 2, 3, 5] -> "1-3,5"."""
    parts, start, prev = [], None, None
    for value in sorted(set(ids)):
        if start is None:
            start = prev = value
        elif value == prev + 1:
            prev = value
        else:
            parts.append(_range_text(start, prev))
            start = prev = value
    if start is not None:
        parts.append(_range_text(start, prev))
    return ",".join(parts)


def _range_text(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}-{high}"


def get_uris(resource: str, existing_ids: list[int]) -> list[str]:
    """Split existing ids into `/resource/idset` GETs of at most 200 ids each."""
    ids = sorted(existing_ids)
    return [
        f"/{resource}/{format_idset(ids[i : i + MAX_IDS_PER_GET])}"
        for i in range(0, len(ids), MAX_IDS_PER_GET)
    ]
