"""Brightpearl ID sets: `8`, `1-5`, `1-5,8,10-12` (and the OPTIONS `getUris` chunks).

A comma separates an ordered list and a period an unordered one (`1-3.6`); both mean the same
set here, as the fake always answers in id order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from fake_erp.errors import BadIdSet

MAX_IDS_PER_GET = 200
_PART = re.compile(r"^\s*(\d{1,12})\s*(?:-\s*(\d{1,12})\s*)?$")
_SEPARATORS = re.compile(r"[,.]")


def parse_ranges(text: str) -> list[tuple[int, int]]:
    """Parse an ID set into inclusive (low, high) ranges, without expanding them."""
    ranges = []
    for part in _SEPARATORS.split(str(text)):
        match = _PART.match(part)
        if not match:
            raise BadIdSet(f"Invalid ID set: {text!r}")
        low = int(match.group(1))
        high = int(match.group(2) or low)
        if high < low or low < 1:
            raise BadIdSet(f"Invalid ID set: {text!r}")
        ranges.append((low, high))
    return ranges


def merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching ranges joined, in order: (1,5),(3,8),(9,9) -> (1,9)."""
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def parse_idset(text: str, limit: int | None = MAX_IDS_PER_GET) -> list[int]:
    """Expand an ID set into sorted distinct ids; more than `limit` distinct ids is refused."""
    ranges = merge_ranges(parse_ranges(text))
    count = sum(high - low + 1 for low, high in ranges)
    if limit is not None and count > limit:
        raise BadIdSet(f"Too many ids in one request: {count} (at most {limit})")
    return [i for low, high in ranges for i in range(low, high + 1)]


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
