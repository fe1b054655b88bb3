#!/usr/bin/env python3
"""Generate examples/proposal/: a small proposal with one deliberate problem of each kind.

Run from the repository root (needs the test extras: reportlab, openpyxl):

    python examples/make_proposal.py            # rewrites examples/proposal/
    tenderctl check examples/proposal --tender RFPS-NYH-2025-503831

The deliberate problems, one per rule of the seed tender (and the default `files` check):

* Technical_Proposal.pdf  - not signed: the signature line is blank (`signature` fails);
                            the team table on page 2 shows a daily rate in euros and the
                            footer repeats the total (`no-financials` fails). Everything else
                            is full of numbers that are not prices (years, dates, percentages,
                            the tender's reference, a phone number, statistics): no alarm.
* CV_John_Smith.pdf       - password-protected: evaluators cannot open it (`cvs` fails).
* Annex 1 - Work plan & timeline (final).pdf
                          - a name upload portals reject: '&' (default `files` check warns).
* CV_Jane_Doe.pdf, Financial_Proposal.xlsx - fine (prices belong in the financial proposal).

Output is byte-for-byte reproducible (fixed dates, reportlab's invariant mode, fixed zip
timestamps), so re-running the script on an unchanged script leaves git clean.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "proposal"
REFERENCE = "RFPS-NYH-2025-503831"


def pdf(path: Path, pages: list[list[str]], *, footer: str | None = None, signature_line: bool = False, user_password: str | None = None) -> None:
    """A text PDF; the first line of page 1 is the title."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    encrypt = None
    if user_password:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(user_password, "owner-" + user_password, canPrint=1, canModify=0)
    sheet = canvas.Canvas(str(path), pagesize=A4, invariant=1, encrypt=encrypt, pageCompression=0)
    sheet.setTitle(pages[0][0])
    sheet.setAuthor("Example Consulting")
    height = A4[1]
    for number, lines in enumerate(pages, 1):
        y = height - 72
        for index, line in enumerate(lines):
            big = number == 1 and index == 0
            sheet.setFont("Helvetica-Bold" if big or line.isupper() else "Helvetica", 16 if big else 10.5)
            sheet.drawString(72, y, line)
            y -= 24 if big else 15
        if footer:
            sheet.setFont("Helvetica", 8)
            sheet.drawString(72, 40, footer.format(page=number, pages=len(pages)))
        if signature_line and number == len(pages):
            sheet.setFont("Helvetica", 10.5)
            sheet.drawString(72, 150, "Authorized signature:")
            sheet.line(190, 148, 420, 148)
            sheet.drawString(190, 132, "Name: Jane Doe, Managing Director")
        sheet.showPage()
    sheet.save()


def reproducible_zip(data: bytes) -> bytes:
    """Rewrite a zip (XLSX) with fixed timestamps so the file is the same on every run."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 6, 1, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2025-06-01T09:00:00Z", body)
            target.writestr(fixed, body)
    return out.getvalue()


def financial_xlsx(path: Path) -> None:
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    book.properties.created = book.properties.modified = dt.datetime(2025, 6, 1, 9, 0, 0)
    book.properties.creator = "Example Consulting"
    sheet = book.active
    sheet.title = "Price schedule"
    rows = [
        ("Expert", "Days", "Daily rate (EUR)", "Total (EUR)"),
        ("Team leader - Jane Doe", 45, 650, 29250),
        ("Researcher - John Smith", 60, 480, 28800),
        ("Travel (lump sum)", None, None, 6000),
        ("Total", None, None, 64050),
    ]
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            cell = sheet.cell(row=r, column=c, value=value)
            if r > 1 and c >= 3 and isinstance(value, int):
                cell.number_format = '#,##0 "€"'
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(reproducible_zip(buffer.getvalue()))


TECHNICAL = [
    [
        "Technical Proposal",
        f"Tender {REFERENCE}: Narrative-driven case studies on systemic responses",
        "to online CSEA in the Global South. Submitted by Example Consulting, 2 June 2025.",
        "",
        "1. UNDERSTANDING OF THE ASSIGNMENT",
        "Since 2016, Safe Online has invested in more than 100 projects in over 85 countries.",
        "In 2023, an estimated 300 million children were affected by online sexual exploitation",
        "and abuse; 1 in 8 children reported an unwanted sexual request (Childlight, 2024).",
        "",
        "2. METHODOLOGY AND APPROACH",
        "We propose 6 country case studies with 60 key informant interviews and 12 focus",
        "groups of 8 to 10 participants, a 95% confidence level for the survey strand and",
        "a participatory validation workshop in each country (section 2.3.1 gives details).",
        "Fieldwork: 1 July to 30 September 2025; final report by 15 December 2025.",
        "",
        "3. COMMUNICATION PRODUCTS",
        "Six 4-page briefs, 3 visual stories and one presentation for donors and partners.",
    ],
    [
        "4. TEAM COMPOSITION AND KEY EXPERTS",
        "Team leader: Jane Doe, 18 years of experience in child protection research.",
        "Researcher: John Smith, 9 years of experience in qualitative methods.",
        "",
        "Expert            Days on the assignment    Daily rate",
        "Jane Doe          45                        EUR 650",
        "John Smith        60                        EUR 480",
        "",
        "5. ETHICS AND SAFEGUARDING",
        "Every interview follows a do-no-harm protocol; 100% of researchers are trained.",
        "Contact for this proposal: Jane Doe, +44 20 7946 0958, bids@example.org.",
        "",
        "We confirm that this proposal is valid for 120 days from 5 June 2025.",
    ],
]


def main(argv: list[str] | None = None) -> int:
    """Write the example into ``argv[0]`` (default: examples/proposal next to this script)."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else OUT
    make(out)
    for path in sorted(out.iterdir()):
        print(f"{path}  {path.stat().st_size} bytes")
    return 0


def make(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)  # only our own file names are (over)written
    pdf(
        out / "Technical_Proposal.pdf",
        TECHNICAL,
        footer=f"{REFERENCE} - Technical proposal - page {{page}} of {{pages}} - total fees EUR 64,050",
        signature_line=True,
    )
    pdf(
        out / "CV_Jane_Doe.pdf",
        [["Curriculum Vitae: Jane Doe", "Proposed position: Team leader", "Education: PhD in Sociology, 2007.", "Experience: 18 years."]],
    )
    pdf(
        out / "CV_John_Smith.pdf",
        [["Curriculum Vitae: John Smith", "Proposed position: Researcher", "Experience: 9 years."]],
        user_password="secret",
    )
    pdf(
        out / "Annex 1 - Work plan & timeline (final).pdf",
        [["Annex 1: Work plan and timeline", "Month 1: inception report.", "Months 2-4: fieldwork in 6 countries.", "Month 6: final report."]],
    )
    financial_xlsx(out / "Financial_Proposal.xlsx")


if __name__ == "__main__":
    sys.exit(main())
