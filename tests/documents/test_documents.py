"""Document readers: real files in, what a rule can see out (text with places, pictures, bounds)."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

import docgen
from tenderctl.documents.classify import classify
from tenderctl.documents.folder import list_files, read_file, read_folder
from tenderctl.documents.model import Document, Role
from tenderctl.documents.reader import Limits, read_bytes


def blocks(doc: Document, where: str | None = None) -> list[str]:
    return [b.text for b in doc.blocks if where is None or b.where == where]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    """One folder of real documents, read once by read_folder (workers, both cores)."""
    folder = tmp_path_factory.mktemp("corpus")
    docgen.text_pdf(folder / "Technical_Proposal.pdf", [["Technical proposal", "Our approach."], ["Page two text"]], signature_block=True)
    docgen.image_only_pdf(folder / "Scan.pdf", pages=2)
    docgen.text_pdf(folder / "Locked.pdf", ["Technical proposal"], encrypt_user="secret")
    docgen.text_pdf(folder / "Restricted.pdf", ["Technical proposal", "Readable text"], encrypt_user="")
    docgen.xlsx(folder / "Budget_sheet.xlsx", extra_sheets={"Notes": [["Remark"], ["Travel costs covered"]]})
    docgen.attachment_pdf(folder / "With_attachment.pdf", "costs.xlsx", (folder / "Budget_sheet.xlsx").read_bytes())
    docgen.docx(
        folder / "Rich.docx",
        ["Proposition technique", "Notre approche"],
        table=[["Item", "Fee"], ["Expert", "EUR 650"]],
        header="Header words",
        footer="Footer words",
        comment="A comment with USD 500",
        deleted_text="old price 900 EUR",
        inserted_text="inserted words",
        footnote="A footnote",
        textbox="Boxed text",
        signature_picture=True,
        logo_in_header=True,
    )
    docgen.odt(folder / "Open.odt", ["Propuesta técnica", "Texto"], deleted_text="borrado 100 EUR", comment="comentario")
    (folder / "notes.md").write_text("# Proposta técnica\n\nTexto simples.\n", encoding="utf-8")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "lies.docx").write_bytes((folder / "Technical_Proposal.pdf").read_bytes())
    (folder / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(4000))
    signed = docgen.signed_pdf(folder / "Signed.pdf")
    (folder / "truncated.pdf").write_bytes(signed.read_bytes()[: len(signed.read_bytes()) // 2])
    docs = read_folder(folder, limits=Limits(ocr=False))  # the same result whether tesseract is installed or not
    return {doc.path: doc for doc in docs}


def test_pdf_text_has_pages_and_positions(corpus: dict[str, Document]) -> None:
    doc = corpus["Technical_Proposal.pdf"]
    assert doc.readable and doc.format == "pdf" and doc.pages == 2
    first = [b for b in doc.blocks if b.page == 1 and b.where == "body"]
    assert first[0].text == "Technical proposal"
    x0, _y0, x1, y1 = first[0].bbox or (0, 0, 0, 0)
    assert 60 < x0 < 80 and y1 > 700 and x1 > x0  # top-left of an A4 page, in points
    assert "Page two text" in doc.page_text(2)
    label = next(b for b in doc.blocks if "Authorized signature" in b.text)
    assert label.page == 2 and label.bbox is not None
    assert doc.title and doc.title.startswith("Technical proposal")
    assert doc.role is Role.technical


def test_image_only_scan_is_not_readable(corpus: dict[str, Document]) -> None:
    doc = corpus["Scan.pdf"]
    assert doc.image_only_pages == [1, 2]
    assert not doc.readable
    assert "image-only scan" in (doc.unreadable_reason or "")
    assert len(doc.images) == 2


def test_encrypted_pdfs(corpus: dict[str, Document]) -> None:
    locked = corpus["Locked.pdf"]
    assert locked.encrypted and locked.password_protected and not locked.readable
    assert "password" in (locked.unreadable_reason or "")
    restricted = corpus["Restricted.pdf"]
    assert restricted.encrypted and not restricted.password_protected and restricted.readable
    assert "Readable text" in restricted.text()


def test_xlsx_cells_formats_headers_and_every_sheet(corpus: dict[str, Document]) -> None:
    doc = corpus["Budget_sheet.xlsx"]
    rate = next(b for b in doc.blocks if b.cell == "Budget!C2")
    assert rate.text == "650" and rate.number_format == '"€"#,##0.00' and rate.column_header == "Daily rate"
    days = next(b for b in doc.blocks if b.cell == "Budget!B2")
    assert days.number_format is None and days.column_header == "Days"
    remark = next(b for b in doc.blocks if b.cell == "Notes!A2")
    assert remark.text == "Travel costs covered" and remark.column_header == "Remark"


def test_pdf_attachment_is_named_and_read(corpus: dict[str, Document]) -> None:
    doc = corpus["With_attachment.pdf"]
    attached = blocks(doc, "attachment")
    assert "costs.xlsx" in attached
    assert any("650" in text for text in attached)
    assert any(b.number_format and "€" in b.number_format for b in doc.blocks if b.where == "attachment")


def test_docx_reads_every_place_text_lives(corpus: dict[str, Document]) -> None:
    doc = corpus["Rich.docx"]
    assert "EUR 650" in blocks(doc, "table")
    assert "Header words" in blocks(doc, "header")
    assert "Footer words" in blocks(doc, "footer")
    assert "A comment with USD 500" in blocks(doc, "comment")
    assert "old price 900 EUR" in blocks(doc, "deleted")
    assert "A footnote" in blocks(doc, "footnote")
    assert blocks(doc, "textbox") == ["Boxed text"]  # once: the VML fallback copy is skipped
    assert any("inserted words" in text for text in blocks(doc))
    assert "old price 900 EUR" not in " ".join(blocks(doc, "body"))
    signature = [i for i in doc.images if "Authorized signature" in i.near_text]
    assert len(signature) == 1 and signature[0].where == "body"
    assert any(i.where == "header" for i in doc.images)
    assert doc.role is Role.technical


def test_odt_deleted_text_and_comments(corpus: dict[str, Document]) -> None:
    doc = corpus["Open.odt"]
    assert doc.format == "odt"
    assert "borrado 100 EUR" in blocks(doc, "deleted")
    assert "comentario" in blocks(doc, "comment")
    assert "Texto" in blocks(doc, "body")
    assert doc.role is Role.technical


def test_text_files_and_titles(corpus: dict[str, Document]) -> None:
    doc = corpus["notes.md"]
    assert doc.title == "Proposta técnica"
    assert doc.role is Role.technical  # from the title, the name says nothing


def test_bad_files_are_unreadable_with_reasons(corpus: dict[str, Document]) -> None:
    assert not corpus["empty.pdf"].readable and "empty" in (corpus["empty.pdf"].unreadable_reason or "")
    garbage = corpus["garbage.pdf"]
    assert not garbage.readable and "not a readable PDF" in (garbage.unreadable_reason or "")
    lies = corpus["lies.docx"]
    assert lies.format == "pdf" and lies.readable
    assert any("extension says docx but the content is pdf" in note for note in lies.notes)


def test_truncated_signed_pdf_never_crashes(corpus: dict[str, Document]) -> None:
    doc = corpus["truncated.pdf"]
    # Either PDFium reads what is there or it refuses; the signature is never taken as good.
    assert all(not (s.signed and s.intact and s.covers_document) for s in doc.signatures)


# --------------------------------------------------------------------------- classification


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Technical_Proposal.pdf", Role.technical),
        ("TechnicalProposal_v3.pdf", Role.technical),
        ("Proposition technique - ACME.docx", Role.technical),
        ("PROPOSITION_TECHNIQUE.pdf", Role.technical),
        ("Propuesta técnica.pdf", Role.technical),
        ("Propuesta tecnica.pdf", Role.technical),
        ("Proposta Técnica final.pdf", Role.technical),
        ("Annex 3 - Technical approach.pdf", Role.technical),
        ("Anexo_Metodología.docx", Role.technical),
        ("Financial_Proposal.xlsx", Role.financial),
        ("Offre financière.pdf", Role.financial),
        ("Oferta económica.pdf", Role.financial),
        ("Proposta financeira.pdf", Role.financial),
        ("Price schedule.xlsx", Role.financial),
        ("CV_Jane_Doe.pdf", Role.cv),
        ("Curriculum Vitae - Jean Dupont.docx", Role.cv),
        ("jane-doe-cv.pdf", Role.cv),
        ("Hoja de vida Ana.pdf", Role.cv),
        ("Company registration.pdf", Role.other),
        ("Cover letter.pdf", Role.other),
    ],
)
def test_classify_names_in_four_languages(name: str, role: Role) -> None:
    assert classify(name)[0] is role


def test_classify_by_title_folder_and_tender_patterns() -> None:
    assert classify("Annex_A.pdf", "Technical Proposal for RFPS-NYH-2025-503831")[0] is Role.technical
    assert classify("doc1.pdf", "OFFRE FINANCIÈRE")[0] is Role.financial
    assert classify("doc2.pdf", "A cost-effective approach to research")[0] is Role.other  # prose, not a role
    assert classify("CVs/jane.pdf")[0] is Role.cv
    patterns = {"technical": ["Volume 1*"], "cv": ["experts/*"]}
    assert classify("Volume 1 - ACME.pdf", None, patterns)[0] is Role.technical
    assert classify("experts/Budget_holder.pdf", None, patterns)[0] is Role.cv  # the tender wins over the name
    assert classify("Financial.xlsx", None, patterns)[0] is Role.financial


# --------------------------------------------------------------------------- folders and bounds


def test_folder_is_read_only_symlinks_and_fifos_are_not_opened(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = docgen.text_pdf(outside / "Technical_secret.pdf", ["Secret costs USD 1,000,000"])
    folder = tmp_path / "proposal"
    folder.mkdir()
    docgen.text_pdf(folder / "Technical_Proposal.pdf", ["Technical proposal"])
    (folder / "link.pdf").symlink_to(secret)
    (folder / "linkdir").symlink_to(outside, target_is_directory=True)
    os.mkfifo(folder / "pipe.pdf")
    odd = ["new\nline.txt", "\u202etxt.exe", "ünïcödé technique.md", " spaced .txt"]
    for name in odd:
        (folder / name).write_text("text", encoding="utf-8")
    before = {
        p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in folder.iterdir()
        if p.is_file() and not p.is_symlink() and not p.is_fifo()
    }
    started = time.monotonic()
    docs = {d.path: d for d in read_folder(folder, timeout=20)}
    assert time.monotonic() - started < 20  # the FIFO did not block anything
    assert docs["link.pdf"].format == "symlink" and not docs["link.pdf"].readable
    assert docs["linkdir"].format == "symlink"
    assert "Secret" not in " ".join(d.text() for d in docs.values())
    assert docs["pipe.pdf"].format == "special" and "not opened" in (docs["pipe.pdf"].unreadable_reason or "")
    for name in odd:
        assert docs[name].readable, docs[name]
    assert docs["ünïcödé technique.md"].role is Role.technical
    after = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in before}
    assert before == after
    assert sorted(p.name for p in folder.iterdir()) == sorted([*odd, "Technical_Proposal.pdf", "link.pdf", "linkdir", "pipe.pdf"])


def test_read_file_refuses_symlink_and_fifo(tmp_path: Path) -> None:
    target = docgen.text_pdf(tmp_path / "real.pdf", ["Technical proposal"])
    (tmp_path / "link.pdf").symlink_to(target)
    os.mkfifo(tmp_path / "fifo.pdf")
    assert read_file(tmp_path / "link.pdf").format == "symlink"
    assert read_file(tmp_path / "fifo.pdf").format == "special"
    assert read_file(target).readable


def test_deep_trees_and_many_files(tmp_path: Path) -> None:
    deep = tmp_path
    for level in range(70):
        deep = deep / f"d{level}"
    deep.mkdir(parents=True)
    (deep / "bottom.txt").write_text("deep", encoding="utf-8")
    many = tmp_path / "many"
    many.mkdir()
    for index in range(3000):
        (many / f"note_{index:05d}.txt").write_text(f"note {index}", encoding="utf-8")
    entries = list_files(tmp_path)
    assert any(e.kind == "deep" for e in entries)
    calls: list[tuple[int, int]] = []
    started = time.monotonic()
    docs = read_folder(tmp_path, progress=lambda done, total: calls.append((done, total)))
    elapsed = time.monotonic() - started
    assert sum(1 for d in docs if d.path.startswith("many/") and d.readable) == 3000
    assert elapsed < 20, elapsed  # about 1.5 s here; 10,000 files take about 4.5 s
    assert calls[-1] == (len(entries), len(entries))
    assert calls[0][1] == len(entries)  # the total is given before the first file is back
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_zip_bomb_and_entity_expansion_are_refused(tmp_path: Path) -> None:
    docgen.zip_bomb_docx(tmp_path / "bomb.docx", inflated_mb=200)
    docgen.entity_docx(tmp_path / "laughs.docx")
    started = time.monotonic()
    docs = {d.path: d for d in read_folder(tmp_path, memory_mb=512)}
    assert time.monotonic() - started < 15
    assert not docs["bomb.docx"].readable and "zip bomb" in (docs["bomb.docx"].unreadable_reason or "")
    assert not docs["laughs.docx"].readable and "entity" in (docs["laughs.docx"].unreadable_reason or "")


def test_zip_bomb_with_lying_sizes_is_stopped_while_inflating() -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<a>" + b" " * (40 * 1024 * 1024) + b"</a>")
    data = bytearray(buffer.getvalue())
    # Make both the local and the central header claim 100 bytes: the reader must not trust them.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        position = data.find(signature)
        data[position + offset : position + offset + 4] = (100).to_bytes(4, "little")
    doc = read_bytes(bytes(data), "liar.docx", Limits())
    assert not doc.readable
    assert "zip bomb" in (doc.unreadable_reason or "") or "damaged" in (doc.unreadable_reason or "")


def test_page_bound_reports_partial_read(tmp_path: Path) -> None:
    path = docgen.many_page_pdf(tmp_path / "long.pdf", pages=12, lines_per_page=3)
    doc = read_file(path, limits=Limits(max_pages=5))
    assert doc.pages == 12 and doc.partial
    assert {b.page for b in doc.blocks if b.where == "body"} == {1, 2, 3, 4, 5}
    assert any("pages 6-12 were not checked" in note for note in doc.notes)


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_time_memory_and_crash_bounds_fail_one_task_not_the_run(start: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same bounds hold for workers forked from this process and for fresh interpreters."""
    from tenderctl.documents import sandbox
    from tenderctl.documents.sandbox import Task, run_tasks

    monkeypatch.setattr(sandbox, "_can_fork", lambda memory_mb: start == "fork")

    tasks = [
        Task("tenderctl.documents.probes", "probe_echo", ("first",)),
        Task("tenderctl.documents.probes", "probe_sleep", (60,)),
        Task("tenderctl.documents.probes", "probe_allocate", (4096,)),
        Task("tenderctl.documents.probes", "probe_crash", ()),
        Task("tenderctl.documents.probes", "probe_echo", ("last",)),
        Task("os", "system", ("true",)),
        Task("tenderctl.documents.probes", "probe_echo", (lambda: None,)),  # cannot be pickled
    ]
    results: dict[int, object] = {}
    failures: dict[int, str] = {}
    started = time.monotonic()
    run_tasks(tasks, results.__setitem__, failures.__setitem__, timeout=2.0, memory_mb=1536, workers=2)
    elapsed = time.monotonic() - started
    assert results == {0: "first", 4: "last"}
    assert "longer than 2 s" in failures[1]
    assert "memory bound (1536 MB)" in failures[2]
    assert "crashed" in failures[3]
    assert "refusing" in failures[5]
    assert "could not hand the task" in failures[6]
    assert elapsed < 15, elapsed


def test_read_file_bounds_a_hanging_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose reader overruns comes back unreadable with the reason (real worker, real kill)."""
    from tenderctl.documents import sandbox

    path = docgen.text_pdf(tmp_path / "Technical_Proposal.pdf", ["Technical proposal"])
    run_one = sandbox.run_one

    def hanging(task: sandbox.Task, **bounds: float) -> object:
        return run_one(sandbox.Task("tenderctl.documents.probes", "probe_sleep", (30,)), **bounds)  # type: ignore[arg-type]

    monkeypatch.setattr(sandbox, "run_one", hanging)
    started = time.monotonic()
    doc = read_file(path, timeout=1.0)
    assert time.monotonic() - started < 10
    assert not doc.readable and "longer than 1 s" in (doc.unreadable_reason or "")
    assert doc.role is Role.technical


def test_long_pdf_split_over_workers_reads_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF read by two workers (odd and even pages) merges into what one worker reads."""
    import tenderctl.documents.folder as documents

    docgen.signed_pdf(tmp_path / "Technical_signed.pdf", [["Technical proposal", "Page one"], ["Page two"]])
    docgen.image_only_pdf(tmp_path / "Scan.pdf", pages=3)
    docgen.text_pdf(tmp_path / "Image.pdf", [["First"], ["Second"], ["Third"]], signature_block=True, signature_image=True)
    no_ocr = Limits(ocr=False)  # the same whether tesseract is installed or not
    whole = {d.path: d for d in read_folder(tmp_path, workers=1, limits=no_ocr)}
    monkeypatch.setattr(documents, "SPLIT_PDF_BYTES", 1)
    split = {d.path: d for d in read_folder(tmp_path, workers=2, limits=no_ocr)}
    for name, doc in whole.items():
        other = split[name]
        assert [(b.text, b.page, b.where) for b in doc.blocks] == [(b.text, b.page, b.where) for b in other.blocks], name
        assert (doc.readable, doc.unreadable_reason, doc.image_only_pages, doc.title, doc.role) == (
            other.readable,
            other.unreadable_reason,
            other.image_only_pages,
            other.title,
            other.role,
        )
        assert [(i.page, i.bbox) for i in doc.images] == [(i.page, i.bbox) for i in other.images]
        assert doc.signatures == other.signatures
        assert sorted(doc.notes) == sorted(other.notes)
    (signature,) = split["Technical_signed.pdf"].signatures
    assert signature.page == 2 and signature.intact and signature.covers_document  # the widget sat on a page the other worker read
    assert split["Scan.pdf"].image_only_pages == [1, 2, 3] and not split["Scan.pdf"].readable


def _zip(path: Path, members: dict[str, str]) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def test_xlsx_inline_strings_builtin_currency_and_cell_cap(tmp_path: Path) -> None:
    """Hand-written SpreadsheetML: inline strings, built-in format 7 ($), and the cell bound."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Line {r}</t></is></c><c r="B{r}" s="1"><v>{r * 100}</v></c></row>'
        for r in range(2, 3002)
    )
    path = _zip(
        tmp_path / "Costs.xlsx",
        {
            "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
            "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="Fees" sheetId="1" r:id="rId1"/></sheets></workbook>',
            "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            "</Relationships>",
            "xl/styles.xml": f'<styleSheet xmlns="{main}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="7"/></cellXfs></styleSheet>',
            "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Activity</t></is></c>'
            f'<c r="B1" t="inlineStr"><is><t>Unit cost</t></is></c></row>{rows}</sheetData></worksheet>',
        },
    )
    doc = read_bytes(path.read_bytes(), path.name, Limits())
    fee = next(b for b in doc.blocks if b.cell == "Fees!B2")
    assert fee.text == "200" and fee.number_format is not None and '"$"' in fee.number_format and fee.column_header == "Unit cost"
    assert next(b for b in doc.blocks if b.cell == "Fees!A3001").text == "Line 3001"
    capped = read_bytes(path.read_bytes(), path.name, Limits(max_cells=1000))
    assert capped.partial and len(capped.blocks) == 1000
    assert any("stopped after 1000 cells" in note for note in capped.notes)


def test_ods_currency_cells(tmp_path: Path) -> None:
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    )
    content = (
        f'<office:document-content {ns}><office:body><office:spreadsheet><table:table table:name="Budget"><table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>Fee</text:p></table:table-cell>'
        '<table:table-cell office:value-type="currency" office:currency="EUR" office:value="650"><text:p>650,00 €</text:p></table:table-cell>'
        '<table:table-cell table:number-columns-repeated="16000"/>'
        "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"
    )
    path = _zip(tmp_path / "Budget.ods", {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": content})
    doc = read_bytes(path.read_bytes(), path.name, Limits())
    assert doc.format == "ods"
    cell = next(b for b in doc.blocks if b.text == "650,00 €")
    assert cell.number_format == "currency EUR" and cell.where == "cell"


def test_damaged_pdfs_never_crash_the_reader(tmp_path: Path) -> None:
    source = docgen.text_pdf(tmp_path / "source.pdf", [["Technical proposal"], ["Page two"]]).read_bytes()
    broken_xref = source.replace(b"xref", b"xerf").replace(b"startxref\n", b"startxref\n9")
    cyclic = source.replace(b"/Parent 3 0 R", b"/Parent 4 0 R")  # pages point at each other
    truncated = source[: len(source) // 2]
    for name, data in (("xref.pdf", broken_xref), ("cyclic.pdf", cyclic), ("truncated.pdf", truncated)):
        (tmp_path / name).write_bytes(data)
    docs = {d.path: d for d in read_folder(tmp_path, timeout=20)}
    for name in ("xref.pdf", "cyclic.pdf", "truncated.pdf"):
        doc = docs[name]
        # PDFium may repair what it can; whatever it cannot read is said, never a traceback.
        assert doc.readable or doc.unreadable_reason, name
        assert not (doc.unreadable_reason or "").startswith("reader error"), doc.unreadable_reason
    assert "Technical proposal" in docs["xref.pdf"].text()  # the cross-reference table is rebuilt


def test_xlsx_comments_headers_and_footers(tmp_path: Path) -> None:
    import openpyxl
    from openpyxl.comments import Comment

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet["A1"] = "Activity"
    sheet["A2"] = "Interviews"
    sheet["A2"].comment = Comment("Cost USD 5,000 per trip", "Reviewer")
    sheet.oddHeader.center.text = "Confidential EUR 1,000"
    book.save(tmp_path / "Technical_workplan.xlsx")
    doc = read_bytes((tmp_path / "Technical_workplan.xlsx").read_bytes(), "Technical_workplan.xlsx", Limits())
    comment = next(b for b in doc.blocks if b.where == "comment")
    assert comment.text == "Cost USD 5,000 per trip" and comment.cell == "Plan!A2"
    assert [b.text for b in doc.blocks if b.where == "header"] == ["Confidential EUR 1,000"]


def _hand_pdf(kids: bytes) -> bytes:
    """A minimal PDF written by hand: page 1 has text, ``kids`` lists the page tree's children."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 700 Td (Technical proposal) Tj ET\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"42",
    ]
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def test_a_damaged_page_is_reported_and_the_other_pages_read() -> None:
    doc = read_bytes(_hand_pdf(b"3 0 R 6 0 R"), "Technical.pdf")  # the second "page" is the number 42
    assert doc.readable and doc.partial
    assert "Technical proposal" in doc.page_text(1)
    assert "page 2 could not be read (damaged): nothing there could be checked" in doc.notes


def test_damaged_zip_members_are_damaged_files_not_crashes(tmp_path: Path) -> None:
    good = docgen.docx(tmp_path / "good.docx", ["Technical proposal", "Body text " * 200]).read_bytes()
    import zipfile

    info = zipfile.ZipFile(tmp_path / "good.docx").getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    corrupt = bytearray(good)
    for offset in range(start + 10, start + 60):
        corrupt[offset] ^= 0x5A  # scramble the deflate stream
    cut = good[: start + 40]  # the member ends early
    for name, data in (("corrupt.docx", bytes(corrupt)), ("cut.docx", cut)):
        doc = read_bytes(data, name)
        assert not doc.readable
        assert (doc.unreadable_reason or "").startswith(("damaged docx file", "refused")), doc.unreadable_reason


def test_no_reader_process_can_start_is_a_reason_not_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tenderctl.documents import sandbox

    def refuse(*_args: object) -> None:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(sandbox, "_Worker", refuse)
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    (doc,) = read_folder(tmp_path)
    assert not doc.readable and "could not start a reader process" in (doc.unreadable_reason or "")


def test_rectangle_fallback_reads_the_same_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages whose text leaves UCS-2 are read by rectangles through pypdfium2's page objects
    (reloaded beside the raw page the fast path uses); forced here on an ordinary PDF."""
    import re

    from tenderctl.documents.formats import pdf as pdf_reader
    from tenderctl.documents.reader import read_path

    path = docgen.text_pdf(tmp_path / "Technical_Proposal.pdf", [["Technical proposal", "Signature: ____"], ["Second page, line one"]])
    fast = read_path(str(path), "t.pdf", Limits(ocr=False))
    monkeypatch.setattr(pdf_reader, "_ASTRAL", re.compile("."))
    monkeypatch.setattr(pdf_reader, "_fast_blocks", lambda *args: None)  # no page from pdf_oxide (pdf_fast) either
    slow = read_path(str(path), "t.pdf", Limits(ocr=False))
    body = lambda doc: [(b.text, b.page) for b in doc.blocks if b.where == "body"]  # noqa: E731
    assert body(slow) == body(fast) and len(body(fast)) == 3
    assert all(b.bbox is not None for b in slow.blocks if b.where == "body")


def test_reader_registry_covers_every_sniffed_format() -> None:
    """Each format sniff can name has a reader in READERS (else the file is reported unrecognised)."""
    from tenderctl.documents.reader import EXTENSIONS, READERS

    named = set(EXTENSIONS.values()) | {"encrypted-office", "ole", "odp"}
    assert named - {"unknown"} <= set(READERS)
