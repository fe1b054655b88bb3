"""Coverage: every Document accounts for its parts, and a rule that passes on absence never
passes a file with a part it was not handed (issue 13). Files made by real software."""

from __future__ import annotations

import ctypes
import io
import warnings
import zipfile
from pathlib import Path

import docgen
from rule_helpers import run_rule
from tenderctl.documents.classify import classify
from tenderctl.documents.limits import Limits
from tenderctl.documents.model import Document, Role
from tenderctl.documents.reader import read_bytes, read_path


def read(path: Path, role: Role = Role.technical, limits: Limits | None = None) -> Document:
    doc = read_path(str(path), path.name, limits)
    doc.role = role
    return doc


def no_financials(doc: Document) -> list[str]:
    return [r.status.value for r in run_rule("no-financials", [doc])]


def picture_pdf(path: Path, *, width_pt: float, height_pt: float, px: tuple[int, int] = (1600, 900)) -> Path:
    """A text PDF with a picture placed on page 1 (reportlab)."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", px, 255)
    ImageDraw.Draw(image).text((40, 40), "Total fee: USD 98,400", fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.drawString(72, 770, "Technical proposal RFPS-NYH-2025-503831")
    pdf.drawString(72, 750, "Our approach to the case studies is set out below.")
    pdf.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 72, 400, width_pt, height_pt)
    pdf.showPage()
    pdf.save()
    return path


def test_a_large_picture_makes_no_financials_unverified_naming_page_and_size(tmp_path: Path) -> None:
    doc = read(picture_pdf(tmp_path / "Technical.pdf", width_pt=450, height_pt=253))
    unread = doc.unread_parts()
    assert [(p.kind, p.page) for p in unread] == [("pictures", 1)]
    results = run_rule("no-financials", [doc])
    assert [r.status.value for r in results] == ["unverified"]
    assert "page 1: a picture 1600×900 px not read (no OCR)" in results[0].message


def test_a_logo_sized_picture_is_not_a_part_that_could_hold_a_price(tmp_path: Path) -> None:
    doc = read(picture_pdf(tmp_path / "Technical.pdf", width_pt=90, height_pt=40, px=(300, 130)))
    assert doc.unread_parts() == []
    assert no_financials(doc) == ["pass"]


def test_files_table_and_json_show_what_was_read(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    from conftest import write

    folder = tmp_path / "bid"
    folder.mkdir()
    picture_pdf(folder / "Technical_Proposal.pdf", width_pt=450, height_pt=253)
    ref = "RFPS-NYH-2025-503831"
    write(tmp_path / "tenders" / f"{ref}.yaml", f"reference: {ref}\ntitle: T\ntimezone: UTC\nchecks:\n  - rule: no-financials\n")
    result = cli("check", folder, "--tender", ref, "--tenders", tmp_path / "tenders", "--format", "json")
    data = json.loads(result.stdout)
    (entry,) = data["files"]
    assert entry["complete"] is False
    assert {"part": "pictures", "read": False, "page": 1, "detail": "page 1: a picture 1600×900 px not read (no OCR)"} in entry["parts"]
    assert {"part": "text layer", "read": True, "page": None, "detail": "text layer read"} in entry["parts"]
    assert data["status"] == "unverified"
    text = cli("check", folder, "--tender", ref, "--tenders", tmp_path / "tenders")
    assert "partly" in text.stdout and "not read (no OCR)" in text.stdout


def test_an_embedded_budget_in_the_pdf_is_read(tmp_path: Path) -> None:
    budget = docgen.xlsx(tmp_path / "budget.xlsx", currency_format=None)
    doc = read(docgen.attachment_pdf(tmp_path / "Technical.pdf", "budget.xlsx", budget.read_bytes()))
    assert any(p.kind == "attachments" and p.read for p in doc.parts)
    assert "fail" in no_financials(doc)


def test_a_file_attachment_annotation_is_read(tmp_path: Path) -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    docgen.text_pdf(tmp_path / "plain.pdf", ["Technical proposal", "Our approach."])
    budget = docgen.xlsx(tmp_path / "budget.xlsx").read_bytes()
    pdf = pdfium.PdfDocument((tmp_path / "plain.pdf").read_bytes())
    page = pdf[0]
    annot = c.FPDFPage_CreateAnnot(page.raw, c.FPDF_ANNOT_FILEATTACHMENT)
    rect = c.FS_RECTF(100, 700, 120, 720)
    c.FPDFAnnot_SetRect(annot, rect)
    name = "costs.xlsx".encode("utf-16-le") + b"\x00\x00"
    attachment = c.FPDFAnnot_AddFileAttachment(annot, ctypes.cast(ctypes.c_char_p(name), ctypes.POINTER(ctypes.c_ushort)))
    assert attachment
    assert c.FPDFAttachment_SetFile(attachment, pdf.raw, budget, len(budget))
    c.FPDFPage_CloseAnnot(annot)
    page.close()
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    (tmp_path / "Technical.pdf").write_bytes(out.getvalue())
    doc = read(tmp_path / "Technical.pdf")
    assert any(b.where == "attachment" and "13000" in b.text for b in doc.blocks), [b.text for b in doc.blocks]
    assert "fail" in no_financials(doc)


def test_attachments_nested_past_the_depth_stop_with_a_note(tmp_path: Path) -> None:
    inner = docgen.xlsx(tmp_path / "budget.xlsx").read_bytes()
    for level in range(4):
        inner = docgen.attachment_pdf(
            tmp_path / f"level{level}.pdf", f"level{level - 1}.pdf" if level else "budget.xlsx", inner
        ).read_bytes()
    doc = read_bytes(inner, "Technical.pdf", Limits(attachment_depth=3))
    doc.role = Role.technical
    notes = [p.describe() for p in doc.unread_parts()]
    assert any("nested 4 deep, past the bound of 3: not read" in n for n in notes), notes
    assert no_financials(doc) == ["unverified"]


def test_a_chart_hands_over_its_title_and_cached_values(tmp_path: Path) -> None:
    chart = (Path(__file__).parent.parent / "fixtures" / "coverage" / "budget-chart.xlsx").read_bytes()
    doc = read_bytes(chart, "Budget_chart.xlsx")
    texts = [b.text for b in doc.blocks if b.where == "chart"]
    assert "Cost (USD): Fieldwork 45000" in texts, texts
    assert any(p.kind == "charts" and p.read for p in doc.parts)


def test_alt_text_and_smartart_are_read(tmp_path: Path) -> None:
    path = docgen.docx(tmp_path / "t.docx", ["Technical proposal", "Our approach."], signature_picture=True)
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members["word/document.xml"] = members["word/document.xml"].replace(b'descr=""', b'descr="Budget: USD 98,400 in total"', 1)
    if b"Budget: USD" not in members["word/document.xml"]:
        members["word/document.xml"] = members["word/document.xml"].replace(
            b"<wp:docPr ", b'<wp:docPr descr="Budget: USD 98,400 in total" ', 1
        )
    members["word/diagrams/data1.xml"] = (
        b'<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" '
        b'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst><dgm:pt><dgm:t><a:p><a:r>'
        b"<a:t>Phase 2 fee EUR 12,000</a:t></a:r></a:p></dgm:t></dgm:pt></dgm:ptLst></dgm:dataModel>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    doc = read_bytes(path.read_bytes(), "t.docx")
    assert "Budget: USD 98,400 in total" in [b.text for b in doc.blocks if b.where == "alt-text"]
    assert "Phase 2 fee EUR 12,000" in [b.text for b in doc.blocks if b.where == "smartart"]


def test_a_zip_with_two_members_of_one_name_is_unverified(tmp_path: Path) -> None:
    path = docgen.docx(tmp_path / "t.docx", ["Technical proposal", "Our approach."])
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    twin = members["word/document.xml"].replace(b"Our approach.", b"Daily fee: USD 650")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about the duplicate: that is the point
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("word/document.xml", twin)
            for name, data in members.items():
                archive.writestr(name, data)
    doc = read_bytes(path.read_bytes(), "Technical.docx")
    doc.role = Role.technical
    assert any("'word/document.xml' twice" in p.describe() for p in doc.unread_parts())
    assert "pass" not in no_financials(doc)


def test_a_pdf_that_is_also_a_zip_is_unverified(tmp_path: Path) -> None:
    pdf = docgen.text_pdf(tmp_path / "t.pdf", ["Technical proposal", "Our approach."]).read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("fees.txt", "Daily fee: USD 650")
    doc = read_bytes(pdf + buffer.getvalue(), "Technical.pdf")
    doc.role = Role.technical
    assert doc.format == "pdf"
    assert any("polyglot" in p.describe() for p in doc.unread_parts())
    assert no_financials(doc) == ["unverified"]


def test_utf16_text_with_a_bom_is_read() -> None:
    for encoding, bom in (("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")):
        doc = read_bytes(bom + "Technical proposal\nOur approach, café.\n".encode(encoding), "notes.txt")
        assert doc.format == "txt" and doc.readable, doc.unreadable_reason
        assert [b.text for b in doc.blocks] == ["Technical proposal", "Our approach, café."]


def test_every_reader_accounts_for_the_parts_it_read(tmp_path: Path) -> None:
    path = docgen.docx(
        tmp_path / "t.docx", header="Ref RFPS", footnote="A note.", comment="Check.", table=[["Item", "Days"], ["Fieldwork", "20"]]
    )
    doc = read_bytes(path.read_bytes(), "t.docx")
    kinds = {p.kind for p in doc.parts if p.read}
    assert {"text layer", "table cells", "headers/footers", "footnotes/endnotes", "comments"} <= kinds, kinds
    assert classify("t.docx")[0] is Role.other  # classification is not coverage's business


def test_a_cv_is_recognised_by_its_content_whatever_its_name(tmp_path: Path) -> None:
    lines = [
        "CURRICULUM VITAE",
        "Jane Doe",
        "Nationality: Kenyan",
        "Education",
        "2004-2008 MSc Statistics, University of Nairobi",
        "Employment record",
        "2015 - present: Team leader, evaluations",
        "Languages: English, Swahili",
    ]
    doc = read(docgen.text_pdf(tmp_path / "Annex_4.pdf", lines), Role.other)
    role, why = classify(doc.path, doc.title, None, doc)
    assert role is Role.cv and why.startswith("from its content"), why
    europass = read(
        docgen.docx(
            tmp_path / "Scan0042.docx",
            ["Europass", "Personal information", "Work experience", "2012-2019 Analyst", "Education and training"],
        )
    )
    assert classify(europass.path, europass.title, None, europass)[0] is Role.cv


def test_a_team_table_named_as_a_cv_is_not_a_cv(tmp_path: Path) -> None:
    table = [["Name", "Position", "Education", "Years"], ["Jane Doe", "Team Leader", "PhD", "15"], ["John Smith", "Researcher", "MSc", "8"]]
    doc = read(docgen.docx(tmp_path / "CVs_team.docx", ["Team composition", "Our key experts are listed below."], table=table))
    role, why = classify(doc.path, doc.title, None, doc)
    assert role is Role.other and "not a CV" in why, why
    summary = read(docgen.docx(tmp_path / "Resume.docx", ["Résumé exécutif", "Notre équipe de 4 experts réalisera l'étude."]))
    assert classify(summary.path, summary.title, None, summary)[0] is Role.other
