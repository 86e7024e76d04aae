"""Writes `portal_web/static/favicon.ico`: a white parcel on the portal's blue, 32 × 32.

Browsers ask for `/favicon.ico` on every first page view; the file is made here from a few
lines of drawing so that it needs no image tool: `python -m devtools.make_favicon`.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

SIZE = 32
BLUE, WHITE, CLEAR = (0x0B, 0x5C, 0xAB, 255), (255, 255, 255, 255), (0, 0, 0, 0)
TARGET = Path(__file__).resolve().parent.parent / "portal_web" / "static" / "favicon.ico"


def pixel(x: int, y: int) -> tuple[int, int, int, int]:
    """A rounded blue square; on it a parcel: an outlined box with a band across its lid."""
    corner = min(x, SIZE - 1 - x) + min(y, SIZE - 1 - y)
    if corner < 3:
        return CLEAR
    outline = (x in (7, 8, 23, 24) and 9 <= y <= 25) or (y in (9, 10, 24, 25) and 7 <= x <= 24)
    band = y in (14, 15) and 7 <= x <= 24
    tape = x in (15, 16) and 9 <= y <= 15
    return WHITE if outline or band or tape else BLUE


def png() -> bytes:
    rows = b"".join(b"\x00" + bytes(c for x in range(SIZE) for c in pixel(x, y))
                    for y in range(SIZE))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def ico() -> bytes:
    """An .ico holding one PNG image (every browser of the last decade reads this form)."""
    image = png()
    directory = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", SIZE, SIZE, 0, 0, 1, 32, len(image), 6 + 16)
    return directory + entry + image


if __name__ == "__main__":
    TARGET.write_bytes(ico())
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")
