"""CSV files a spreadsheet opens as they are meant: accents intact, and no formula run.

Excel reads a CSV as the system's code page unless it starts with a byte-order mark, so the file
is UTF-8 with one. A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return,
which some spreadsheets skip before looking) would be run as a formula when the file is opened:
text from the ERP or typed by anyone (a reference, a product name) could then fetch data out or
start a program (OWASP "CSV injection", ASVS 1.2.10). Such a cell gets a leading apostrophe,
which spreadsheets show as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from flask import Response

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralised(value: object) -> str:
    """The cell as text, with a leading `'` when a spreadsheet would take it for a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralised(cell) for cell in header])
    writer.writerows([neutralised(cell) for cell in row] for row in rows)
    return BOM + out.getvalue()


def csv_response(filename: str, header: Sequence[str],
                 rows: Iterable[Sequence[object]]) -> Response:
    """A download: `text/csv; charset=utf-8`, the BOM, the file's name."""
    response = Response(csv_text(header, rows), mimetype="text/csv")
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}")
    return response
