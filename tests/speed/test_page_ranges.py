"""One long PDF read by several workers, each a contiguous run of pages, merges into exactly what
one worker reads (issue 17: the single large PDF a proposal often is, on both cores)."""

from __future__ import annotations

from pathlib import Path

import pytest

import docgen
from tenderctl.documents.folder import read_folder
from tenderctl.documents.formats.pdf import page_range
from tenderctl.documents.reader import Limits


@pytest.mark.parametrize("pages", [0, 1, 2, 7, 300, 2000])
@pytest.mark.parametrize("parts", [1, 2, 3, 8])
def test_page_ranges_cover_every_page_once_in_order(pages: int, parts: int) -> None:
    runs = [page_range(pages, part, parts) for part in range(parts)]
    assert [index for run in runs for index in run] == list(range(pages))
    assert all(run.step == 1 for run in runs)
    sizes = [len(run) for run in runs]
    assert max(sizes) - min(sizes) <= 1


def _blank_pdf(path: Path, pages: int) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for _ in range(pages):
        pdf.showPage()
    pdf.save()
    return path


def _facts(doc: object) -> tuple[object, ...]:
    d = doc  # a Document
    return (
        [(b.text, b.page, b.where) for b in d.blocks],  # type: ignore[attr-defined]
        d.readable,  # type: ignore[attr-defined]
        d.unreadable_reason,  # type: ignore[attr-defined]
        d.image_only_pages,  # type: ignore[attr-defined]
        d.title,  # type: ignore[attr-defined]
        d.pages,  # type: ignore[attr-defined]
        d.partial,  # type: ignore[attr-defined]
        sorted(d.notes),  # type: ignore[attr-defined]
        [(p.kind, p.read, p.page) for p in d.parts],  # type: ignore[attr-defined]
        d.signatures,  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize("workers", [2, 3])
def test_split_reading_matches_one_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    import tenderctl.documents.folder as documents

    pages = [[f"Section {n}", f"Line {n} of the proposal text, page {n + 1}."] for n in range(7)]
    docgen.text_pdf(tmp_path / "Technical.pdf", pages, signature_block=True)
    docgen.signed_pdf(tmp_path / "Signed.pdf", [["Technical proposal"], ["Two"], ["Three"], ["Four"], ["Five, signed"]])
    _blank_pdf(tmp_path / "Blank.pdf", 5)
    limits = Limits(ocr=False, max_pages=6)  # and a page bound that cuts the first file
    whole = {d.path: _facts(d) for d in read_folder(tmp_path, workers=1, limits=limits)}
    monkeypatch.setattr(documents, "SPLIT_PDF_BYTES", 1)
    split = {d.path: _facts(d) for d in read_folder(tmp_path, workers=workers, limits=limits)}
    assert split.keys() == whole.keys()
    for name in whole:
        assert split[name] == whole[name], name
    assert whole["Technical.pdf"][5] == 7 and whole["Technical.pdf"][6]  # 7 pages, 6 read
    assert not [b for b in whole["Blank.pdf"][0] if b[2] == "body"]
