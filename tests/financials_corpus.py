"""The no-financials document corpus: tests/rule_cases/no-financials-documents.yaml made into files.

docx (python-docx), xlsx (openpyxl) and pdf-rl (reportlab) are made at test time; pdf-lo and
odt are LibreOffice's exports of the same docx, committed under tests/fixtures/financials/ by
``python tests/fixtures/financials/make.py`` (needs ``soffice``: Debian's libreoffice-writer-nogui),
so the tests do not need LibreOffice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

TESTS = Path(__file__).resolve().parent
CASES_FILE = TESTS / "rule_cases" / "no-financials-documents.yaml"
FIXTURES = TESTS / "fixtures" / "financials"
COMMITTED = ("pdf-lo", "odt")
SUFFIX = {"docx": ".docx", "xlsx": ".xlsx", "pdf-rl": ".pdf", "pdf-lo": ".pdf", "odt": ".odt"}


def cases() -> list[dict[str, Any]]:
    return list(yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["cases"])


def documents(split: str | None = None) -> list[tuple[dict[str, Any], str]]:
    """(case, format) for every document of the corpus (of one split)."""
    return [(case, fmt) for case in cases() if split in (None, case["split"]) for fmt in case["formats"]]


def file_name(case: dict[str, Any], fmt: str) -> str:
    stem = f"{case['name']}-lo" if fmt == "pdf-lo" else case["name"]
    return f"Technical_Proposal_{stem}{SUFFIX[fmt]}"


def build(case: dict[str, Any], fmt: str, folder: Path) -> Path:
    """The document of ``case`` in ``fmt``: made now, or the committed LibreOffice export."""
    if fmt in COMMITTED:
        path = FIXTURES / file_name(case, fmt)
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: run python tests/fixtures/financials/make.py")
        return path
    path = folder / file_name(case, fmt)
    {"docx": _docx, "xlsx": _xlsx, "pdf-rl": _reportlab}[fmt](case, path)
    return path


def _paragraphs(case: dict[str, Any]) -> list[str]:
    return list(case.get("paragraphs", [])) + list(case.get("lines", []))


def _docx(case: dict[str, Any], path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_heading("Technical proposal", 1)
    for text in _paragraphs(case):
        document.add_paragraph(text)
    rows = case.get("table")
    if rows:
        table = document.add_table(rows=0, cols=len(rows[0]))
        table.style = "Table Grid"
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = str(text)
    document.save(str(path))


def _xlsx(case: dict[str, Any], path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Annex"
    for text in case.get("paragraphs", []):
        sheet.append([text])
    for index, row in enumerate(case.get("table", [])):
        values: list[Any] = []
        for text in row:
            plain = str(text).replace(",", "")
            values.append(int(plain) if index and plain.isdigit() else str(text))
        sheet.append(values)
        if case.get("currency_format") and index:
            sheet.cell(row=sheet.max_row, column=len(row)).number_format = '"$"#,##0.00'
    workbook.save(str(path))


def _reportlab(case: dict[str, Any], path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "Helvetica"
    for candidate in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",):
        if Path(candidate).exists():
            pdfmetrics.registerFont(TTFont("DejaVu", candidate))
            font = "DejaVu"
    styles = getSampleStyleSheet()
    style = styles["BodyText"].clone("body", fontName=font)
    story: list[Any] = [Paragraph("Technical proposal", styles["Heading1"])]
    if case.get("lines"):  # one line each, as a narrow column breaks them
        from reportlab.pdfgen import canvas

        page = canvas.Canvas(str(path), pagesize=A4)
        page.setFont(font, 11)
        for number, line in enumerate(case["lines"]):
            page.drawString(72, 760 - 15 * number, line)
        page.save()
        return
    for text in case.get("paragraphs", []):
        story += [Paragraph(text, style), Spacer(1, 6)]
    rows = case.get("table")
    if rows:
        table = Table([[str(t) for t in row] for row in rows])
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("GRID", (0, 0), (-1, -1), 0.5, colors.grey)]))
        story.append(table)
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
