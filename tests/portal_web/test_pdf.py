"""The shared PDF layout: what it prints is text a reader (and pypdf) can find, in any script."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from portal_web.pdf import Column, Party, PdfDocument, PdfSetupError, PdfStyle, render_pdf
from portal_web.settings import SettingsError, load_settings

COLUMNS = (Column("Product", 50), Column("Quantity", 15, "RIGHT"),
           Column("Unit price", 17, "RIGHT"), Column("Total", 18, "RIGHT"))


def _invoice(lines: int = 3) -> PdfDocument:
    rows = tuple((f"Bracket {n} — Łódź edition", str(n), "€12.50", f"€{12.5 * n:.2f}")
                 for n in range(1, lines + 1))
    return PdfDocument(
        title="Invoice", number="INV-000123",
        seller=Party("Northwind Components Ltd", ("1 Canal Street", "Leeds LS1 4AB"), "GB123"),
        buyer=Party("Société Générale d'Équipement", ("12 Rue de la Paix", "75002 Paris",
                                                     "France")),
        columns=COLUMNS, rows=rows,
        facts=(("Date", "1 Oct 2026"), ("Due", "31 Oct 2026"), ("Currency", "EUR")),
        totals=(("Net", "€150.00"), ("VAT 20%", "€30.00"), ("Total", "€180.00")),
        notes=("Thank you for your order.",))


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_pdf_prints_euro_signs_and_accented_names():
    text = _text(render_pdf(_invoice()))
    for expected in ("Invoice INV-000123", "Société Générale d'Équipement", "€180.00",
                     "Łódź", "Tax number GB123", "Due", "31 Oct 2026"):
        assert expected in text


def test_a_long_document_breaks_onto_numbered_pages_with_every_line():
    pdf = render_pdf(_invoice(lines=120))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    text = _text(pdf)
    assert "Page 1 of" in text and f"Page {len(reader.pages)} of {len(reader.pages)}" in text
    assert all(f"Bracket {n} " in text for n in (1, 60, 120))


def test_letter_paper_is_letter_sized():
    page = PdfReader(io.BytesIO(render_pdf(_invoice(), PdfStyle(paper="LETTER")))).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)


def test_a_row_with_the_wrong_number_of_cells_is_a_programming_error():
    with pytest.raises(ValueError, match="3 cells for 4 columns"):
        PdfDocument("Invoice", "1", Party("A"), Party("B"), COLUMNS, (("a", "b", "c"),))


def test_missing_fonts_or_logo_stop_the_start_naming_the_setting(tmp_path: Path):
    with pytest.raises(PdfSetupError, match="PORTAL_PDF_FONT_DIR"):
        PdfStyle(font_dir=tmp_path).check()
    with pytest.raises(SettingsError, match="PORTAL_SELLER_LOGO"):
        load_settings({"PORTAL_SELLER_LOGO": str(tmp_path / "none.png")})
    with pytest.raises(SettingsError, match="PORTAL_PAPER_SIZE"):
        load_settings({"PORTAL_PAPER_SIZE": "A3"})


def test_the_seller_comes_from_settings():
    settings = load_settings({"PORTAL_SELLER_NAME": "Acme GmbH",
                              "PORTAL_SELLER_ADDRESS": "Hauptstraße 1 | 10115 Berlin",
                              "PORTAL_SELLER_TAX_NUMBER": "DE999"})
    assert settings.seller == Party("Acme GmbH", ("Hauptstraße 1", "10115 Berlin"), "DE999")
