"""Embedded objects end to end (issue 13 item 2): a spreadsheet with prices inside the technical
proposal fails no-financials whether it is a Word embedding (python-docx + a workbook by
openpyxl, laid out as Word's Insert > Object), the ODT LibreOffice makes of it (an embedded Calc
object, ``Object 1/``, and the original workbook it keeps beside it), or the PDF it exports; a
sheet without money passes in all three.

The ODT and PDF are committed, made by tests/fixtures/embedded/make.py with LibreOffice.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from rule_helpers import run_rule
from tenderctl.documents.model import Document, Role
from tenderctl.documents.reader import read_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "embedded"
sys.path.insert(0, str(FIXTURES))
import make  # noqa: E402


def _read(path: Path, name: str = "Technical_Proposal") -> Document:
    doc = read_path(str(path), f"{name}{path.suffix}")
    doc.role = Role.technical
    return doc


def _verdict(path: Path) -> tuple[str, str]:
    (result,) = run_rule("no-financials", [_read(path)])
    return result.status.value, result.message


@pytest.mark.parametrize(("case", "want"), [("budget-embedded", "fail"), ("workplan-embedded", "pass")])
def test_docx_embedding(tmp_path: Path, case: str, want: str) -> None:
    status, message = _verdict(make.make_docx(case, tmp_path))
    assert status == want, message
    if want == "fail":
        assert "cost column" in message


@pytest.mark.parametrize(("case", "want"), [("budget-embedded", "fail"), ("workplan-embedded", "pass")])
@pytest.mark.parametrize("fmt", ["odt", "pdf"])
def test_libreoffice_conversions_get_the_same_verdict(case: str, want: str, fmt: str) -> None:
    status, message = _verdict(FIXTURES / f"{case}-lo.{fmt}")
    assert status == want, message


def test_odt_object_is_read_as_a_spreadsheet_with_headers() -> None:
    doc = _read(FIXTURES / "budget-embedded-lo.odt")
    cells = [b for b in doc.blocks if b.where == "attachment" and b.column_header == "Daily rate (USD)"]
    assert cells and cells[0].text.endswith("650"), [(b.text, b.column_header) for b in doc.blocks]
    assert any(p.kind == "embedded objects" and p.read and "Object 1" in p.describe() for p in doc.parts)


def test_an_odt_object_without_a_mimetype_member_is_still_read(tmp_path: Path) -> None:
    # Some writers leave out the object's mimetype: its body (office:spreadsheet) says what it is.
    source = zipfile.ZipFile(FIXTURES / "budget-embedded-lo.odt")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename in ("Object 1/mimetype", "Obj100") or info.filename.startswith("Obj1"):
                continue
            target.writestr(info, source.read(info.filename))
    path = tmp_path / "no-mimetype.odt"
    path.write_bytes(out.getvalue())
    status, message = _verdict(path)
    assert status == "fail", message


def test_an_ole_object_that_cannot_be_read_makes_no_financials_unverified(tmp_path: Path) -> None:
    source = zipfile.ZipFile(FIXTURES / "workplan-embedded-lo.odt")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr("Object 2", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    path = tmp_path / "ole.odt"
    path.write_bytes(out.getvalue())
    status, message = _verdict(path)
    assert status == "unverified", message
    assert "Object 2" in message
