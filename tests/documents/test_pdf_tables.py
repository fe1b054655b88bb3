"""PDF tables rebuilt from character boxes: LibreOffice's export of a DOCX cost table has its cells and headers."""

from __future__ import annotations

from pathlib import Path

import financials_corpus as corpus
from tenderctl.documents.folder import read_file
from tenderctl.documents.formats.pdf_tables import worth_measuring
from tenderctl.documents.model import Document, Role

CASES = {case["name"]: case for case in corpus.cases()}


def cells(doc: Document) -> dict[str, tuple[str, str | None]]:
    return {b.cell or "": (b.text, b.column_header) for b in doc.blocks if b.where == "table"}


def test_libreoffice_export_has_the_docx_cells_and_headers() -> None:
    doc = read_file(corpus.FIXTURES / corpus.file_name(CASES["cost-table-usd"], "pdf-lo"), role=Role.technical)
    found = cells(doc)
    assert found["Page 1 table 1!C2"] == ("39,000", "Cost (USD)")
    assert found["Page 1 table 1!A4"] == ("Total", "Position")
    assert found["Page 1 table 1!C4"] == ("57,000", "Cost (USD)")
    assert found["Page 1 table 1!B3"] == ("45", "Days")


def test_wrapped_header_and_wrapped_cells() -> None:
    doc = read_file(corpus.FIXTURES / corpus.file_name(CASES["experience-table"], "pdf-lo"), role=Role.technical)
    found = cells(doc)
    assert found["Page 1 table 1!D1"] == ("Contract value (USD)", None)  # "Contract value" / "(USD)"
    assert found["Page 1 table 1!D2"] == ("145,000", "Contract value (USD)")
    assert found["Page 1 table 1!C2"] == ("2022", "Year")
    assert not any("Relevant experience" in text for text, _ in found.values())  # the heading is no header


def test_reportlab_table(tmp_path: Path) -> None:
    doc = read_file(corpus.build(CASES["cost-table-usd"], "pdf-rl", tmp_path), role=Role.technical)
    assert ("18,000", "Cost (USD)") in cells(doc).values()


def test_pages_without_money_words_are_not_measured() -> None:
    assert not worth_measuring("Workplan\nActivity Start Days\nInception Week 1 10")
    assert worth_measuring("Position Days Cost (USD)\nTeam leader 60 39,000")


def test_figure_with_dots_and_ligatures_stay_whole() -> None:
    """A full stop's box is a point high (9.600.000 split at it before); "fi" is one glyph box."""
    doc = read_file(corpus.FIXTURES / corpus.file_name(CASES["honorarios"], "pdf-lo"), role=Role.technical)
    assert ("9.600.000", "Honorarios") in cells(doc).values()
    doc = read_file(corpus.FIXTURES / corpus.file_name(CASES["experience-table"], "pdf-lo"), role=Role.technical)
    assert not any(text == "irm" for text, _ in cells(doc).values())
