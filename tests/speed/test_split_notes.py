"""Whole-document conclusions of a PDF read by several workers (issue 17): the notes about
scanned pages ("without a text layer"), pages that could not be read ("damaged"), a document
that is nothing but scans or damage, must be the ones a single worker gives, whichever worker
read the pages concerned. Real PDFs made here with reportlab (and cut short with plain bytes)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import docgen
from tenderctl.documents.folder import read_folder
from tenderctl.documents.reader import Limits


def _mixed_pdf(path: Path, kinds: str) -> Path:
    """One page per letter of ``kinds``: ``t`` a page of text, ``s`` a scanned page (one picture, no text)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    picture = docgen.scan_png(["Curriculum vitae", "Scanned page"])
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=0)
    for number, kind in enumerate(kinds, 1):
        if kind == "s":
            pdf.drawImage(ImageReader(io.BytesIO(picture)), 0, 0, A4[0], A4[1])
        else:
            pdf.setFont("Helvetica", 11)
            for line in range(20):
                pdf.drawString(72, 760 - 16 * line, f"Page {number}, line {line + 1} of the technical proposal.")
        pdf.showPage()
    pdf.save()
    return path


def _read(folder: Path, workers: int, monkeypatch: pytest.MonkeyPatch, split: bool) -> dict[str, tuple[object, ...]]:
    import tenderctl.documents.folder as documents

    monkeypatch.setattr(documents, "SPLIT_PDF_BYTES", 1 if split else 1 << 60)
    limits = Limits(ocr=False)
    return {
        d.path: (d.readable, d.unreadable_reason, d.partial, d.image_only_pages, sorted(d.notes), d.pages, len(d.blocks))
        for d in read_folder(folder, workers=workers, limits=limits)
    }


@pytest.mark.parametrize(
    "kinds",
    [
        "ttttssss",  # the second worker reads only scans
        "sssstttt",  # the first worker reads only scans
        "ttsssstt",  # one run of scans across the split
        "ssssssss",  # nothing but scans: the document is unreadable, whoever reads what
        "tstststs",
    ],
)
@pytest.mark.parametrize("workers", [2, 3])
def test_scanned_pages_give_the_same_notes_split_or_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kinds: str, workers: int) -> None:
    _mixed_pdf(tmp_path / "Proposal.pdf", kinds)
    whole = _read(tmp_path, 1, monkeypatch, split=False)
    split = _read(tmp_path, workers, monkeypatch, split=True)
    assert split == whole
    readable, reason, _partial, scans, notes, _pages, _blocks = whole["Proposal.pdf"]
    assert scans == [n for n, kind in enumerate(kinds, 1) if kind == "s"]
    assert sum("without a text layer" in note for note in notes) == 1  # one note for the document, not one per worker
    assert readable is ("t" in kinds)
    if "t" not in kinds:
        assert reason is not None and "image-only scan" in reason


def _cut(raw: bytes, where: str) -> bytes:
    """``raw`` cut short: at a share of its length, or at a place in its cross-reference section
    (a download that stopped; PDFium rebuilds what it can from the objects it finds)."""
    if where.endswith("%"):
        return raw[: len(raw) * int(where[:-1]) // 100]
    xref, trailer, startxref = raw.rindex(b"\nxref"), raw.rindex(b"trailer"), raw.rindex(b"startxref")
    return raw[: {"in-xref": xref + 40, "before-trailer": trailer, "no-startxref": startxref, "no-eof": len(raw) - 7}[where]]


@pytest.mark.parametrize("where", ["15%", "55%", "95%", "in-xref", "before-trailer", "no-startxref", "no-eof"])
@pytest.mark.parametrize("kinds", ["tttttttt", "ttttsssd"])
@pytest.mark.parametrize("workers", [2, 3])
def test_a_truncated_pdf_gives_the_same_notes_split_or_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, kinds: str, workers: int
) -> None:
    source = _damaged_pdf(tmp_path / "source.pdf", kinds)
    folder = tmp_path / "proposal"
    folder.mkdir()
    (folder / "Technical.pdf").write_bytes(_cut(source.read_bytes(), where))
    whole = _read(folder, 1, monkeypatch, split=False)
    split = _read(folder, workers, monkeypatch, split=True)
    readable, reason, *_ = whole["Technical.pdf"]
    if where.endswith("%") or where in ("in-xref", "before-trailer"):  # no trailer left: nothing to open
        assert not readable and reason is not None and "not a readable PDF" in reason
    else:
        assert readable
    assert split == whole


def _damaged_pdf(path: Path, kinds: str) -> Path:
    """``kinds`` as in :func:`_mixed_pdf`, ``d`` a page whose object is no longer a dictionary
    (its ``<< >>`` turned into ``[ ]``, same length): the page tree counts it, PDFium cannot load it."""
    import re

    _mixed_pdf(path, kinds.replace("d", "t"))
    raw = path.read_bytes()
    found = re.search(rb"/Kids \[ ((?:\d+ 0 R ?)+)\]", raw)
    assert found is not None
    kids = [int(n) for n in re.findall(rb"(\d+) 0 R", found.group(1))]
    assert len(kids) == len(kinds)
    for number, kind in zip(kids, kinds, strict=True):
        if kind != "d":
            continue
        start = raw.index(b"\n%d 0 obj\n<<" % number) + len(b"\n%d 0 obj\n" % number)
        end = raw.index(b"endobj", start)
        body = raw[start:end].rstrip()
        assert body.startswith(b"<<") and body.endswith(b">>") and b"/Type /Page" in body
        raw = raw[:start] + b"[ " + body[2:-2] + b" ]" + raw[start + len(body) :]
    path.write_bytes(raw)
    return path


@pytest.mark.parametrize("kinds", ["ttttdddd", "ddddtttt", "ttddddtt", "dddddddd", "tdtdtdtd"])
@pytest.mark.parametrize("workers", [2, 3])
def test_damaged_pages_give_the_same_notes_split_or_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kinds: str, workers: int) -> None:
    _damaged_pdf(tmp_path / "Proposal.pdf", kinds)
    whole = _read(tmp_path, 1, monkeypatch, split=False)
    split = _read(tmp_path, workers, monkeypatch, split=True)
    readable, reason, partial, _scans, notes, pages, _blocks = whole["Proposal.pdf"]
    assert pages == len(kinds)
    damaged = [n for n, kind in enumerate(kinds, 1) if kind == "d"]
    assert partial
    assert sum("(damaged)" in note for note in notes) == 1, notes
    assert readable is ("t" in kinds)
    if "t" not in kinds:
        assert reason == "damaged PDF: no page could be read"
    assert any(str(damaged[0]) in note for note in notes if "(damaged)" in note)
    assert split == whole


def _without_metadata(path: Path) -> Path:
    """The document information keys the reader shows renamed (same length: the xref stays right)."""
    raw = path.read_bytes()
    for key in (b"/Author", b"/Creator", b"/Subject", b"/Title", b"/Keywords"):
        raw = raw.replace(key + b" (", b"/X" + key[2:] + b" (")
    path.write_bytes(raw)
    return path


@pytest.mark.parametrize("workers", [2, 3])
def test_a_pdf_without_any_text_says_so_split_or_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(tmp_path / "Blank.pdf"), pagesize=A4, invariant=1)
    for _ in range(6):
        pdf.showPage()
    pdf.save()
    _without_metadata(tmp_path / "Blank.pdf")
    whole = _read(tmp_path, 1, monkeypatch, split=False)
    split = _read(tmp_path, workers, monkeypatch, split=True)
    assert "no text found" in whole["Blank.pdf"][4]
    assert split == whole


@pytest.mark.parametrize("workers", [2, 3])
def test_a_pdf_attached_to_a_split_pdf_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    inner = _damaged_pdf(tmp_path / "annex.pdf", "ttttsssd")
    folder = tmp_path / "proposal"
    folder.mkdir()
    outer = [[f"Technical proposal, page {n + 1}", "Our approach and methodology."] for n in range(8)]
    docgen.attachment_pdf(folder / "Technical.pdf", "annex.pdf", inner.read_bytes(), content=outer)
    whole = _read(folder, 1, monkeypatch, split=False)
    split = _read(folder, workers, monkeypatch, split=True)
    notes = whole["Technical.pdf"][4]
    assert any("inside annex.pdf" in note and "scanned" in note for note in notes), notes
    assert split == whole
