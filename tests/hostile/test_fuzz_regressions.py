"""Every input the fuzzers (fuzz/) turned up as a crash, kept as a test.

``fuzz_crashes/yaml-*.yaml``: the loader must return a tender or problems (never raise), and
every problem must render as one line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tenderctl.loader import parse_tender

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

DOC_CRASHES = {
    "doc-pdf-failed-to-load-page.pdf": ("PdfiumError", "reader error: PdfiumError: Failed to load page."),
    "doc-docx-bad-deflate.docx": ("error", "reader error: error: Error -3 while decompressing data: invalid code lengths set"),
    "doc-xlsx-bad-deflate.xlsx": ("error", "reader error: error: Error -3 while decompressing data: invalid distance too far back"),
    "doc-docx-zip-version.docx": ("NotImplementedError", "reader error: NotImplementedError: zip file version 12.1"),
    "doc-xlsx-eof.xlsx": ("EOFError", "reader error: EOFError: "),
    "doc-docx-negative-seek.docx": ("ValueError", "reader error: ValueError: negative seek value -50"),
}


def test_document_crash_inputs_are_contained_and_the_run_goes_on(tmp_path: Path) -> None:
    """Through the sandbox the escaping exceptions become unreadable documents; the good file is still read."""
    from hostile_docs import simple_pdf

    from tenderctl.documents import read_folder

    for name in DOC_CRASHES:
        (tmp_path / name).write_bytes((CRASHES / name).read_bytes())
    (tmp_path / "good.pdf").write_bytes(simple_pdf("Still read"))
    docs = {d.path: d for d in read_folder(tmp_path, timeout=30, workers=2)}
    assert sorted(docs) == sorted([*DOC_CRASHES, "good.pdf"])
    assert docs["good.pdf"].readable and docs["good.pdf"].text() == "Still read"
    for name, (_kind, reason) in DOC_CRASHES.items():
        assert docs[name].readable is False
        assert docs[name].unreadable_reason == reason


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            "doc-pdf-failed-to-load-page.pdf",
            marks=pytest.mark.xfail(
                strict=True,
                raises=Exception,
                reason="BUG (documents/pdf.py, found by fuzz_pdf.py): PdfiumError 'Failed to load page.' escapes read_pdf "
                "for a damaged page; the whole file becomes 'reader error' instead of the other pages being read",
            ),
        ),
        pytest.param(
            "doc-docx-bad-deflate.docx",
            marks=pytest.mark.xfail(
                strict=True,
                raises=Exception,
                reason="BUG (documents/reader.py + archive.py, found by fuzz_docx.py): zlib.error from a corrupt deflate "
                "stream escapes read_bytes (only BadZipFile/XMLSyntaxError/... are turned into 'damaged docx file')",
            ),
        ),
        pytest.param(
            "doc-xlsx-bad-deflate.xlsx",
            marks=pytest.mark.xfail(
                strict=True,
                raises=Exception,
                reason="BUG (documents/reader.py + archive.py, found by fuzz_xlsx.py): zlib.error from a corrupt deflate "
                "stream escapes read_bytes",
            ),
        ),
        pytest.param(
            "doc-docx-zip-version.docx",
            marks=pytest.mark.xfail(
                strict=True,
                raises=NotImplementedError,
                reason="BUG (documents/archive.py SafeZip, found by fuzz_docx.py): zipfile's NotImplementedError "
                "('zip file version 12.1') for a damaged central directory escapes read_bytes",
            ),
        ),
        pytest.param(
            "doc-xlsx-eof.xlsx",
            marks=pytest.mark.xfail(
                strict=True,
                raises=EOFError,
                reason="BUG (documents/archive.py SafeZip.read, found by fuzz_xlsx.py): EOFError from a member whose "
                "compressed data ends early escapes read_bytes",
            ),
        ),
        pytest.param(
            "doc-docx-negative-seek.docx",
            marks=pytest.mark.xfail(
                strict=True,
                raises=ValueError,
                reason="BUG (documents/archive.py SafeZip.read, found by fuzz_docx.py): zipfile's ValueError "
                "('negative seek value') for a member offset pointing before the file escapes read_bytes",
            ),
        ),
    ],
)
def test_document_crash_inputs_in_process(name: str) -> None:
    """The reader's own contract: bytes in, a Document out (readable, or unreadable with a reason), never an exception."""
    from tenderctl.documents.reader import read_bytes

    doc = read_bytes((CRASHES / name).read_bytes(), name)
    assert doc.readable or doc.unreadable_reason
