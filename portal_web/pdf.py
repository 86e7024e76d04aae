"""Business documents as PDF: invoices, credit notes, quotes and statements share one layout.

Why fpdf2 and not WeasyPrint: fpdf2 is pure Python (no Cairo/Pango system libraries to install on
a fresh machine), and it renders a 50-line invoice in a few milliseconds. The price is that the
layout is drawn in code rather than reusing the HTML templates; to keep both honest, every area
builds one `PdfDocument` (plain strings, already formatted by `portal_web.formatting`) from the
same data its page shows, and this module only places them on paper. Nothing here reaches the
ERP or a request.

Fonts: the PDF core fonts know Latin-1 only (no €, no "ł"), so the DejaVu TrueType fonts are
embedded (Debian's `fonts-dejavu-core`, installed by the Makefile; `PORTAL_PDF_FONT_DIR` points
elsewhere).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fpdf import FPDF

# fontTools reports each table it drops from the subset (FFTM): not news.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

DEFAULT_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
PAPER_SIZES = {"A4": "A4", "LETTER": "Letter"}
_FONT = "DejaVu"
_GREY = (90, 98, 106)
_RULE = (200, 206, 212)
_LINE, _PAD = 4.5, 1.2  # table line height and cell padding (mm)


class PdfSetupError(RuntimeError):
    """The PDF fonts or the logo cannot be read; the message names the setting to fix."""


@dataclass(frozen=True)
class Party:
    """A seller or buyer as printed: a name, address lines and an optional tax number."""

    name: str
    lines: tuple[str, ...] = ()
    tax_number: str = ""


@dataclass(frozen=True)
class Column:
    """A column of the lines table: its heading, share of the width, and alignment."""

    title: str
    width: float
    align: str = "LEFT"  # "LEFT" or "RIGHT" (amounts and quantities)


@dataclass(frozen=True)
class PdfDocument:
    """Everything one document prints, as text. Amounts are formatted by the caller."""

    title: str  # "Invoice", "Credit note", "Quote", "Statement of account"
    number: str
    seller: Party
    buyer: Party
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    facts: tuple[tuple[str, str], ...] = ()  # ("Date", "1 Oct 2026"), ("Due", ...)
    totals: tuple[tuple[str, str], ...] = ()  # the last one is printed bold
    notes: tuple[str, ...] = ()
    buyer_heading: str = "Bill to"
    extra_tables: tuple[tuple[str, tuple[Column, ...], tuple[tuple[str, ...], ...]], ...] = \
        field(default=())  # (heading, columns, rows), e.g. payments applied or ageing

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"a row has {len(row)} cells for {len(self.columns)} columns")


@dataclass(frozen=True)
class PdfStyle:
    """Paper, fonts and logo, from settings (the same for every document)."""

    paper: str = "A4"
    font_dir: Path = DEFAULT_FONT_DIR
    logo: Path | None = None

    def check(self) -> None:
        """Fail at start, naming the setting, rather than on the first download."""
        if self.paper.upper() not in PAPER_SIZES:
            raise PdfSetupError(f"PORTAL_PAPER_SIZE={self.paper!r} must be A4 or Letter")
        for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
            if not (self.font_dir / name).is_file():
                raise PdfSetupError(f"PORTAL_PDF_FONT_DIR={str(self.font_dir)!r} has no {name} "
                                    f"(install Debian's fonts-dejavu-core)")
        if self.logo is not None and not self.logo.is_file():
            raise PdfSetupError(f"PORTAL_SELLER_LOGO={str(self.logo)!r} is not a file")


def render_pdf(document: PdfDocument, style: PdfStyle = PdfStyle()) -> bytes:
    """The document as PDF bytes: header, parties, facts, lines, totals, notes, page numbers."""
    pdf = _Canvas(style, f"{document.title} {document.number}")
    pdf.add_page()
    _header(pdf, document, style)
    _parties(pdf, document)
    _facts(pdf, document.facts)
    _table(pdf, document.columns, document.rows)
    _totals(pdf, document.totals)
    for heading, columns, rows in document.extra_tables:
        _heading(pdf, heading)
        _table(pdf, columns, rows)
    _notes(pdf, document.notes)
    return bytes(pdf.output())


class _Canvas(FPDF):
    """An A4/Letter page with DejaVu embedded and "Page n of m" in the footer."""

    def __init__(self, style: PdfStyle, title: str) -> None:
        super().__init__(format=PAPER_SIZES.get(style.paper.upper(), "A4"))
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=18)
        self.add_font(_FONT, "", str(_subset_font(style.font_dir / "DejaVuSans.ttf")))
        self.add_font(_FONT, "B", str(_subset_font(style.font_dir / "DejaVuSans-Bold.ttf")))
        self.set_title(title)
        self.set_creator("Customer portal")
        self.alias_nb_pages()

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(_FONT, "", 8)
        self.set_text_color(*_GREY)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")


# The scripts a business document needs (Latin with its extensions, Greek, Cyrillic, punctuation
# and currency signs). DejaVu has 6,000 glyphs; parsing and subsetting all of them on every
# download cost ~200 ms, a font cut to these once per process costs ~20 ms.
_UNICODES = (*range(0x20, 0x250), *range(0x370, 0x530), *range(0x2000, 0x2070),
             *range(0x20A0, 0x20D0), 0x2116, 0x2122, 0x2212)
_subset_lock = threading.Lock()
_SUBSET_VERSION = 2  # part of the cached file's name: a new way of cutting makes a new file


@functools.cache
def _subset_font(path: Path) -> Path:
    """A copy of the font with only `_UNICODES`, in the temp folder, made once per process."""
    digest = hashlib.sha256(f"{path}:{path.stat().st_mtime_ns}:{_SUBSET_VERSION}".encode()
                            ).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"portal-pdf-{path.stem}-{digest}.ttf"
    with _subset_lock:
        if not target.is_file():
            font = TTFont(path)
            options = subset.Options()
            options.name_IDs, options.notdef_outline = ["*"], True
            # No shaping tables or hinting: fpdf2 lays text out from the advance widths alone,
            # and every document re-subsets the font it embeds, so what is kept costs each time.
            options.layout_features, options.hinting = [], False
            options.drop_tables += ["GDEF", "GPOS", "GSUB", "MATH", "kern"]
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=_UNICODES)
            subsetter.subset(font)
            partial = target.with_suffix(f".{os.getpid()}.tmp")
            font.save(partial)
            partial.replace(target)  # atomic: other processes see the whole file or none
    return target


def _header(pdf: FPDF, document: PdfDocument, style: PdfStyle) -> None:
    top = pdf.get_y()
    if style.logo is not None:
        pdf.image(str(style.logo), x=pdf.w - pdf.r_margin - 40, y=top, w=40)
    _party_block(pdf, document.seller, size=9, width=pdf.epw / 2)
    pdf.set_y(max(pdf.get_y(), top + 22) + 4)
    pdf.set_font(_FONT, "B", 18)
    pdf.set_text_color(0, 0, 0)
    pdf.cell(0, 9, f"{document.title} {document.number}".strip(), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _parties(pdf: FPDF, document: PdfDocument) -> None:
    pdf.set_font(_FONT, "B", 9)
    pdf.set_text_color(*_GREY)
    pdf.cell(0, 5, document.buyer_heading, new_x="LMARGIN", new_y="NEXT")
    _party_block(pdf, document.buyer, size=10, width=pdf.epw / 2)
    pdf.ln(3)


def _party_block(pdf: FPDF, party: Party, *, size: int, width: float) -> None:
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(_FONT, "B", size)
    pdf.multi_cell(width, size * 0.5, party.name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FONT, "", size)
    for line in (*party.lines, f"Tax number {party.tax_number}" if party.tax_number else ""):
        if line:
            pdf.multi_cell(width, size * 0.45, line, new_x="LMARGIN", new_y="NEXT")


def _facts(pdf: FPDF, facts: Sequence[tuple[str, str]]) -> None:
    if not facts:
        return
    width = pdf.epw / max(len(facts), 1)
    top = pdf.get_y()
    for n, (label, value) in enumerate(facts):
        pdf.set_xy(pdf.l_margin + n * width, top)
        pdf.set_font(_FONT, "B", 8)
        pdf.set_text_color(*_GREY)
        pdf.cell(width, 4, label)
        pdf.set_xy(pdf.l_margin + n * width, top + 4)
        pdf.set_font(_FONT, "", 10)
        pdf.set_text_color(0, 0, 0)
        pdf.cell(width, 5, value)
    pdf.set_xy(pdf.l_margin, top + 12)


def _table(pdf: FPDF, columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> None:
    """Rows of cells with a rule under each; headings repeat on every page the table reaches.

    Drawn with plain cells (fpdf2's generic table costs ~3 ms a row): a cell wraps only when
    its text is wider than its column.
    """
    widths = [pdf.epw * c.width / sum(c.width for c in columns) for c in columns]
    _table_headings(pdf, columns, widths)
    for row in rows:
        lines = [_wrap(pdf, text, width) for text, width in zip(row, widths, strict=True)]
        height = _LINE * max(len(cell) for cell in lines) + 2 * _PAD
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
            _table_headings(pdf, columns, widths)
        _table_row(pdf, columns, widths, lines, height)
    pdf.ln(3)


def _table_headings(pdf: FPDF, columns: Sequence[Column], widths: Sequence[float]) -> None:
    pdf.set_font(_FONT, "B", 9)
    pdf.set_text_color(*_GREY)
    lines = [[c.title] for c in columns]
    _table_row(pdf, columns, widths, lines, _LINE + 2 * _PAD)
    pdf.set_font(_FONT, "", 9)
    pdf.set_text_color(0, 0, 0)


def _table_row(pdf: FPDF, columns, widths, lines, height: float) -> None:
    top, x = pdf.get_y(), pdf.l_margin
    for column, width, cell in zip(columns, widths, lines, strict=True):
        for n, text in enumerate(cell):
            pdf.set_xy(x, top + _PAD + n * _LINE)
            pdf.cell(width, _LINE, text, align="R" if column.align == "RIGHT" else "L")
        x += width
    pdf.set_draw_color(*_RULE)
    pdf.line(pdf.l_margin, top + height, pdf.l_margin + pdf.epw, top + height)
    pdf.set_xy(pdf.l_margin, top + height)


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """The text as lines that fit `width` (one line, unless it is wider).

    Words are measured one by one (fpdf2's dry-run `multi_cell` costs ~2 ms a cell, which made
    a 50-line invoice of long product names take twice its budget); a word longer than the
    column is cut where it must be.
    """
    room = width - 2 * _PAD
    if pdf.get_string_width(text) <= room:
        return [text]
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if pdf.get_string_width(candidate) <= room:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while len(line) > 1 and pdf.get_string_width(line) > room:
            cut = _longest_fit(pdf, line, room)
            lines.append(line[:cut])
            line = line[cut:]
    lines.append(line)
    return lines


def _longest_fit(pdf: FPDF, word: str, room: float) -> int:
    """How many of the word's first characters fit (at least one)."""
    low, high = 1, len(word) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if pdf.get_string_width(word[:middle]) <= room:
            low = middle
        else:
            high = middle - 1
    return low


def _totals(pdf: FPDF, totals: Sequence[tuple[str, str]]) -> None:
    """Right-aligned label and amount pairs; labels may be long ("Reduced rate : 5% VAT on
    £1,234.56"), so they get most of the width."""
    label_x, label_w, value_w = pdf.l_margin + pdf.epw * 0.2, pdf.epw * 0.6, pdf.epw * 0.2
    for n, (label, value) in enumerate(totals):
        last = n == len(totals) - 1
        pdf.set_font(_FONT, "B" if last else "", 11 if last else 10)
        pdf.set_x(label_x)
        pdf.cell(label_w, 6, label, align="R")
        pdf.cell(value_w, 6, value, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.set_font(_FONT, "B", 11)
    pdf.set_text_color(0, 0, 0)
    pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")


def _notes(pdf: FPDF, notes: Sequence[str]) -> None:
    pdf.set_font(_FONT, "", 9)
    pdf.set_text_color(*_GREY)
    for note in notes:
        pdf.multi_cell(0, 4.5, note, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
