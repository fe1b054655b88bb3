"""Every input the fuzzers (fuzz/) turned up as a crash, kept as a test.

``fuzz_crashes/yaml-*.yaml``: the loader must return a tender or problems (never raise), and
every problem must render as one line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tenderctl.tenders.parse import parse_tender

CRASHES = Path(__file__).parent / "fuzz_crashes"


@pytest.mark.parametrize("path", sorted(CRASHES.glob("yaml-*")), ids=lambda p: p.name)
def test_yaml_crash_inputs(path: Path) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    tender, problems = parse_tender(text, "fuzz.yaml")
    assert tender is not None or any(p.level.value == "error" for p in problems)
    for problem in problems:
        assert "\n" not in str(problem) and "\r" not in str(problem), repr(str(problem))


def test_newline_in_a_key_is_escaped_in_the_field_path() -> None:
    """Found by fuzz_yaml_loader.py: a flow-mapping key spanning two lines split the error line in two."""
    text = (CRASHES / "yaml-newline-in-key.yaml").read_text(encoding="utf-8")
    _tender, problems = parse_tender(text, "fuzz.yaml")
    assert (
        "fuzz.yaml:6:42: dates[0].2...\\n050-11-02 01:30: unknown key '2...\\n050-11-02 01:30' "
        "(known keys: id, kind, title, at, timezone, as_written, notes, sequence)"
    ) in [str(p) for p in problems]


# --- document readers (fuzz/fuzz_pdf.py, fuzz_docx.py, fuzz_xlsx.py) ---------------------
# Each of these once raised out of read_bytes (PdfiumError, zlib.error, NotImplementedError,
# EOFError, ValueError from zipfile); the sandbox contained them as "reader error: ...". The
# readers were fixed (commit b0f9bfa) and now give a reason of their own, in-process too.

DOC_CRASHES = {
    "doc-pdf-failed-to-load-page.pdf": "damaged PDF: no page could be read",
    "doc-docx-bad-deflate.docx": "damaged docx file (BadZipFile: word/document.xml: error: Error -3 while decompressing data: invalid code lengths set)",
    "doc-xlsx-bad-deflate.xlsx": (
        "damaged xlsx file (BadZipFile: xl/workbook.xml: error: Error -3 while decompressing data: invalid distance too far back)"
    ),
    "doc-docx-zip-version.docx": "damaged docx file (BadZipFile: NotImplementedError: zip file version 12.1)",
    "doc-xlsx-eof.xlsx": "damaged xlsx file (BadZipFile: xl/_rels/workbook.xml.rels: EOFError: )",
    "doc-docx-negative-seek.docx": "damaged docx file (BadZipFile: word/document.xml: ValueError: negative seek value -50)",
}


@pytest.mark.parametrize("name", sorted(DOC_CRASHES))
def test_document_crash_inputs_in_process(name: str) -> None:
    """The reader's own contract: bytes in, a Document out (readable, or unreadable with a reason), never an exception."""
    from tenderctl.documents.reader import read_bytes

    doc = read_bytes((CRASHES / name).read_bytes(), name)
    assert doc.readable is False
    assert doc.unreadable_reason == DOC_CRASHES[name]


def test_document_crash_inputs_through_the_sandbox_and_the_run_goes_on(tmp_path: Path) -> None:
    from hostile_docs import simple_pdf

    from tenderctl.documents.folder import read_folder

    for name in DOC_CRASHES:
        (tmp_path / name).write_bytes((CRASHES / name).read_bytes())
    (tmp_path / "good.pdf").write_bytes(simple_pdf("Still read"))
    docs = {d.path: d for d in read_folder(tmp_path, timeout=30, workers=2)}
    assert sorted(docs) == sorted([*DOC_CRASHES, "good.pdf"])
    assert docs["good.pdf"].readable and docs["good.pdf"].text() == "Still read"
    for name, reason in DOC_CRASHES.items():
        assert docs[name].readable is False
        assert docs[name].unreadable_reason == reason


def test_a_number_where_a_date_belongs() -> None:
    """Found by fuzz_yaml_loader.py: `at: 20` (a YAML number) skipped the model's check, became the text '20',
    and the time rules then raised ValueError: a traceback for `at: 2025`. Now a positioned problem."""
    text = "reference: X\ntitle: T\ntimezone: UTC\ndates:\n  - {id: a, at: 2025}\n"
    _tender, problems = parse_tender(text, "f.yaml")
    assert [str(p) for p in problems] == [
        "f.yaml:5:17: dates[0].at: not a date or time: '2025' "
        "(write 2025-06-05 (all day), 2025-06-05 15:00 (the tender's zone) or 2025-06-05T15:00+02:00)"
    ]


@pytest.mark.parametrize("written", ["2024E001", "2024.10", "0x1F", "1.50", "0E0", "-0", ".inf"])
def test_numbers_in_text_fields_keep_their_written_form(written: str) -> None:
    """Found by the property tests: text fields accept numbers, and 'reference: 2024E001' came back as
    '20240.0' (2024.10 as '2024.1', 0x1F as '31'). The loader now keeps how a number was written."""
    tender, problems = parse_tender(f"reference: {written}\ntitle: {written}\ntimezone: UTC\nbuyer: {written}\n", "f.yaml")
    assert tender is not None, problems
    assert (tender.reference, tender.title, tender.buyer) == (written, written, written)
