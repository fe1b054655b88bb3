"""The PDF reader's two text sources read alike (issue 17): a page whose text comes from
pdf_oxide's runs (``formats.pdf_fast``) must give the Document PDFium's text page gives, and
any page they could read differently must go to PDFium.

Each case is a real PDF made here with reportlab, read twice by ``read_pdf`` (pdf_oxide on,
then off) and compared whole (every block, box, note, picture, damaged page). The cases that
pdf_oxide should take (plain prose) are counted, so the comparison is never empty."""

from __future__ import annotations

import dataclasses
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import docgen
from tenderctl.documents import confine
from tenderctl.documents.formats import pdf as pdf_reader
from tenderctl.documents.formats import pdf_fast
from tenderctl.documents.model import Document
from tenderctl.documents.reader import Limits

pytestmark = pytest.mark.skipif(pdf_fast.engine() is None, reason="pdf_oxide is a dependency: it must be installed")

PROSE = [
    "Our approach combines desk review with interviews of the partners in each country.",
    "The team will validate the findings with the stakeholders before the final report.",
    "Each deliverable is reviewed by the quality lead, then shared for comments.",
]


def _canvas(path: Path) -> Any:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    return canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=0)


def _pages(path: Path, draw: Callable[[Any, int], None], pages: int = 3) -> Path:
    """A first page of prose (page 1 is always PDFium's), then ``pages - 1`` drawn by ``draw``."""
    pdf = _canvas(path)
    for number in range(pages):
        if number == 0:
            pdf.setFont("Helvetica", 11)
            for row, line in enumerate(PROSE):
                pdf.drawString(72, 760 - 16 * row, line)
        else:
            draw(pdf, number)
        pdf.showPage()
    pdf.save()
    return path


def _prose(pdf: Any, number: int) -> None:
    pdf.setFont("Helvetica", 11)
    for row in range(30):
        pdf.drawString(72, 760 - 16 * row, f"{PROSE[row % 3]} Section {number}.")


def _words_apart(pdf: Any, number: int) -> None:
    """Every word drawn on its own, spaces only as gaps (as some exporters do)."""
    pdf.setFont("Helvetica", 11)
    for row, line in enumerate(PROSE * 4):
        x = 72.0
        for word in line.split():
            pdf.drawString(x, 760 - 16 * row, word)
            x += pdf.stringWidth(word, "Helvetica", 11) + (1.5 if row % 2 else 4.0)


def _mixed_fonts(pdf: Any, number: int) -> None:
    """Bold and italic words inside a line, a raised footnote mark, a smaller font."""
    for row in range(12):
        text = pdf.beginText(72, 760 - 18 * row)
        text.setFont("Helvetica", 11)
        text.textOut("The team leader ")
        text.setFont("Helvetica-Bold", 11)
        text.textOut("must")
        text.setFont("Helvetica-Oblique", 11)
        text.textOut(" hold a degree")
        text.setRise(4)
        text.setFont("Helvetica", 7)
        text.textOut(str(row + 1))
        text.setRise(0)
        text.setFont("Helvetica", 11)
        text.textOut(" in the social sciences.")
        pdf.drawText(text)


def _columns(pdf: Any, number: int) -> None:
    """Two columns: the left one drawn whole, then the right one."""
    pdf.setFont("Helvetica", 10)
    for column, x in enumerate((72, 320)):
        for row in range(25):
            pdf.drawString(x, 760 - 14 * row, f"Column {column + 1} line {row + 1} of the methodology")


def _upside_down_order(pdf: Any, number: int) -> None:
    """Lines drawn from the bottom of the page up."""
    pdf.setFont("Helvetica", 11)
    for row in reversed(range(20)):
        pdf.drawString(72, 760 - 16 * row, f"Line {row + 1}: {PROSE[row % 3]}")


def _hyphens(pdf: Any, number: int) -> None:
    pdf.setFont("Helvetica", 11)
    for row, line in enumerate(["The consultant will coordi-", "nate the field work with the", "na-", "tional partners."]):
        pdf.drawString(72, 760 - 16 * row, line)


def _accents_and_symbols(pdf: Any, number: int) -> None:
    pdf.setFont("Helvetica", 11)
    for row, line in enumerate(["Équipe: évaluation, données, « résumé », naïve façade – voilà…", "Straße, Ærø, ñandú, ¿qué?"] * 5):
        pdf.drawString(72, 760 - 16 * row, line)


def _spaces_and_tabs(pdf: Any, number: int) -> None:
    pdf.setFont("Helvetica", 11)
    for row, line in enumerate(["Name     Position     Years", "A\u00a0no-break\u00a0space", "tab\tinside", "  leading and trailing  "]):
        pdf.drawString(72, 760 - 16 * row, line)


def _rotated(pdf: Any, number: int) -> None:
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 760, "An upright line first.")
    pdf.saveState()
    pdf.translate(300, 400)
    pdf.rotate(90)
    pdf.drawString(0, 0, "A line turned a quarter round.")
    pdf.restoreState()
    pdf.drawString(72, 200, "An upright line last.")


def _invisible_and_white(pdf: Any, number: int) -> None:
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 760, "A visible line.")
    text = pdf.beginText(72, 740)
    text.setTextRenderMode(3)
    text.textLine("An invisible line (an OCR layer).")
    pdf.drawText(text)
    pdf.setFillColorRGB(1, 1, 1)
    pdf.drawString(72, 720, "A white line on white.")


def _form_xobject(pdf: Any, number: int) -> None:
    pdf.beginForm(f"letterhead{number}")
    pdf.setFont("Helvetica", 9)
    pdf.drawString(72, 800, "Example Consulting, 1 Main Street")
    pdf.endForm()
    pdf.doForm(f"letterhead{number}")
    _prose(pdf, number)


def _off_the_page(pdf: Any, number: int) -> None:
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 760, "On the page.")
    pdf.drawString(-400, 500, "Left of the page.")
    pdf.drawString(72, 1200, "Above the page.")


def _embedded_font(name: str) -> Callable[[Any, int], None]:
    def draw(pdf: Any, number: int) -> None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
        pdf.setFont("Vera", 11)
        for row, line in enumerate([name, *PROSE] * 3):
            pdf.drawString(72, 760 - 16 * row, line)

    return draw


def _cjk(pdf: Any, number: int) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    pdf.setFont("HeiseiMin-W3", 11)
    pdf.drawString(72, 760, "技術提案書の概要")
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 740, "A Latin line after it.")


def _rtl(pdf: Any, number: int) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    if not os.path.exists(font):  # Vera has no Hebrew: the text is then glyphs PDFium and pdf_oxide both map
        font = "Vera.ttf"
    pdfmetrics.registerFont(TTFont("RTL", font))
    pdf.setFont("RTL", 11)
    pdf.drawString(72, 760, "הצעה טכנית")
    pdf.drawString(72, 740, "Ligatures: ﬁnal oﬃce ﬂow")


def _picture_and_ink(pdf: Any, number: int) -> None:
    from reportlab.lib.utils import ImageReader

    _prose(pdf, number)
    pdf.drawImage(ImageReader(io.BytesIO(docgen.signature_png())), 300, 100, 180, 50)


CASES: dict[str, Callable[[Any, int], None]] = {
    "prose": _prose,
    "words apart": _words_apart,
    "mixed fonts": _mixed_fonts,
    "two columns": _columns,
    "bottom up": _upside_down_order,
    "hyphens": _hyphens,
    "accents": _accents_and_symbols,
    "spaces and tabs": _spaces_and_tabs,
    "rotated": _rotated,
    "invisible and white": _invisible_and_white,
    "form xobject": _form_xobject,
    "off the page": _off_the_page,
    "embedded font": _embedded_font("An embedded TrueType subset"),
    "cjk": _cjk,
    "rtl and ligatures": _rtl,
    "picture": _picture_and_ink,
}

FAST_EXPECTED = {"prose", "two columns", "bottom up", "embedded font", "picture"}
"""Cases whose later pages pdf_oxide is expected to read (so the comparison compares something);
text inside a form XObject is not among PDFium's page objects, and pdf_oxide joins words drawn
one by one into runs (with spaces where PDFium sometimes puts none), so such pages are PDFium's."""


class _Off:
    """A FastText that never answers: every page goes to PDFium's text page."""

    def __init__(self, data: bytes, pages: int) -> None:
        self.doc = None

    def stop(self) -> None:
        pass

    def page_lines(self, index: int, raw_page: Any) -> list[str] | None:
        return None


def _read_both(data: bytes, monkeypatch: pytest.MonkeyPatch, limits: Limits | None = None) -> tuple[Document, Document, int]:
    """(with pdf_oxide, PDFium only, pages pdf_oxide read), read here as a bounded worker reads."""
    monkeypatch.setattr(confine, "_BOUNDED", [True])
    taken = [0]
    original = pdf_reader._fast_blocks

    def counting(*args: Any) -> Any:
        blocks = original(*args)
        taken[0] += blocks is not None
        return blocks

    monkeypatch.setattr(pdf_reader, "_fast_blocks", counting)
    fast = Document(path="x.pdf", format="pdf", size=len(data))
    pdf_reader.read_pdf(data, fast, limits or Limits())
    monkeypatch.setattr(pdf_reader, "FastText", _Off)
    slow = Document(path="x.pdf", format="pdf", size=len(data))
    pdf_reader.read_pdf(data, slow, limits or Limits())
    monkeypatch.undo()
    return fast, slow, taken[0]


@pytest.mark.parametrize("case", sorted(CASES))
def test_both_text_sources_give_the_same_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    path = _pages(tmp_path / "case.pdf", CASES[case])
    fast, slow, taken = _read_both(path.read_bytes(), monkeypatch)
    assert dataclasses.asdict(fast) == dataclasses.asdict(slow)
    assert any(block.where == "body" for block in slow.blocks)
    if case in FAST_EXPECTED:
        assert taken == 2, f"{case}: pdf_oxide read {taken} of the 2 later pages"


def test_the_issues_workload_is_read_by_pdf_oxide_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = docgen.many_page_pdf(tmp_path / "big.pdf", 40, lines_per_page=45)
    fast, slow, taken = _read_both(path.read_bytes(), monkeypatch)
    assert dataclasses.asdict(fast) == dataclasses.asdict(slow)
    assert taken == 39  # every page but the first


@pytest.mark.parametrize("part", [0, 1])
def test_a_part_of_a_split_file_reads_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, part: int) -> None:
    path = docgen.many_page_pdf(tmp_path / "big.pdf", 12, lines_per_page=45)
    fast, slow, taken = _read_both(path.read_bytes(), monkeypatch, dataclasses.replace(Limits(), part=part, parts=2))
    assert dataclasses.asdict(fast) == dataclasses.asdict(slow)
    assert taken == 6 - (part == 0)


def test_pages_with_a_signature_label_or_a_cost_table_are_pdfiums(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = [PROSE, [*PROSE, "Signature:"], [*PROSE, "Total cost: EUR 12,000"], PROSE]
    path = docgen.text_pdf(tmp_path / "labels.pdf", pages)
    fast, slow, taken = _read_both(path.read_bytes(), monkeypatch)
    assert dataclasses.asdict(fast) == dataclasses.asdict(slow)
    assert taken == 1  # the last page only
    assert any(block.bbox for block in fast.blocks if block.page == 2 and "Signature" in block.text)


def _renumbered(path: Path) -> Path:
    """The page tree's second kid no longer a page: pdf_oxide then renumbers the pages it finds
    (its page 2 would be the file's page 3), PDFium reports page 2 as damaged."""
    import re

    raw = path.read_bytes()
    found = re.search(rb"/Kids \[ ((?:\d+ 0 R ?)+)\]", raw)
    assert found is not None
    number = int(re.findall(rb"(\d+) 0 R", found.group(1))[1])
    start = raw.index(b"\n%d 0 obj\n<<" % number) + len(b"\n%d 0 obj\n" % number)
    body = raw[start : raw.index(b"endobj", start)].rstrip()
    path.write_bytes(raw[:start] + b"[ " + body[2:-2] + b" ]" + raw[start + len(body) :])
    return path


def test_a_renumbered_page_tree_is_read_by_pdfium_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = [[f"Page {number}, line {row} of the technical proposal." for row in range(20)] for number in range(1, 7)]
    path = _renumbered(docgen.text_pdf(tmp_path / "tree.pdf", pages))
    fast, slow, taken = _read_both(path.read_bytes(), monkeypatch)
    assert dataclasses.asdict(fast) == dataclasses.asdict(slow)
    assert slow.damaged_pages == [2]
    assert taken == 0
    assert next(b.text for b in fast.blocks if b.page == 3).startswith("Page 3,")


def test_without_pdf_oxide_every_page_is_pdfiums(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = docgen.many_page_pdf(tmp_path / "big.pdf", 5, lines_per_page=45)
    monkeypatch.setattr(confine, "_BOUNDED", [True])
    assert pdf_fast.FastText(path.read_bytes(), 5).doc is not None
    monkeypatch.setattr(pdf_fast, "_ENGINE", [None])
    assert pdf_fast.FastText(path.read_bytes(), 5).doc is None


def test_outside_a_bounded_worker_every_page_is_pdfiums(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pdf_oxide may crash on a hostile file (a cyclic page tree overflows its stack): only a
    worker, whose crash the parent survives, uses it."""
    path = docgen.many_page_pdf(tmp_path / "big.pdf", 5, lines_per_page=45)
    monkeypatch.setattr(confine, "_BOUNDED", [False])
    assert pdf_fast.FastText(path.read_bytes(), 5).doc is None


def test_a_file_that_crashes_pdf_oxide_is_read_again_by_pdfium(tmp_path: Path) -> None:
    """A cyclic page tree: pdf_oxide overflows its stack and the worker dies; the file is read
    again without pdf_oxide and comes back as PDFium reads it, in a folder and alone."""
    import importlib.util

    from tenderctl.documents.folder import read_file, read_folder

    spec = importlib.util.spec_from_file_location("hostile_docs", Path(__file__).parents[1] / "hostile" / "hostile_docs.py")
    assert spec is not None and spec.loader is not None
    hostile = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hostile)
    (tmp_path / "cyclic.pdf").write_bytes(hostile.cyclic_pdf())
    docgen.many_page_pdf(tmp_path / "other.pdf", 3, lines_per_page=45)
    alone = read_file(tmp_path / "cyclic.pdf", timeout=60)
    docs = {doc.path: doc for doc in read_folder(tmp_path, timeout=60, workers=2)}
    for doc in (alone, docs["cyclic.pdf"]):
        assert doc.readable, doc.unreadable_reason
        assert doc.text().startswith("Cycle survivor")
    assert docs["other.pdf"].readable


_MISBEHAVING_READER = """
import json, os, sys, time
from pathlib import Path
from tenderctl.documents import sandbox
from tenderctl.documents.folder import read_file, read_folder
from tenderctl.documents.formats import pdf_fast

proposal, marks, how = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
assert sandbox.can_fork(sandbox.DEFAULT_MEMORY_MB), "a fresh interpreter forks its readers"
original = pdf_fast.FastText.page_lines


def page_lines(self, index, objects):
    if self.doc is None:  # PDFium's second reading is left alone
        return original(self, index, objects)
    (marks / f"{os.getpid()}-{index}").touch()
    if how == "hangs":
        time.sleep(600)  # killed at its share of the bound long before
    raise MemoryError


pdf_fast.FastText.page_lines = page_lines  # inherited by the readers forked from here
alone = read_file(proposal / "Technical_Proposal.pdf", timeout=9)  # a third (3 s) is left for PDFium
docs = [alone, *read_folder(proposal, timeout=9, workers=2)]
print(json.dumps([[d.path, d.readable, d.unreadable_reason, d.notes, d.text()] for d in docs]))
"""
"""The fault is injected into pdf_oxide's page reading in a fresh interpreter, whose forked readers
inherit it: the test's own process may be too big, or hold threads, to fork (it then spawns its
readers, which would not inherit the fault)."""


@pytest.mark.parametrize("misbehave", ["hangs", "runs out of memory"])
def test_a_file_whose_pdf_oxide_reading_does_not_finish_is_read_by_pdfium(tmp_path: Path, misbehave: str) -> None:
    """A reading with pdf_oxide that hangs past its share of the time bound (or runs out of
    memory) is stopped and the file read again by PDFium alone, in what is left of the bound: the
    file comes back readable with PDFium's text, alone, in a folder, and split over two workers,
    never "took longer than ..." or "ran out of memory"."""
    import json
    import subprocess
    import sys

    from tenderctl.documents.folder import SPLIT_PDF_BYTES

    if not sys.platform.startswith("linux"):
        pytest.skip("the fault is injected into forked workers (Linux)")
    proposal = tmp_path / "proposal"
    proposal.mkdir()
    small = docgen.many_page_pdf(proposal / "Technical_Proposal.pdf", 4, lines_per_page=45)
    big = docgen.many_page_pdf(proposal / "Annex.pdf", 150, lines_per_page=45)
    assert big.stat().st_size >= SPLIT_PDF_BYTES  # read by both workers, a run of pages each
    expected = {path.name: _pdfium_text(path) for path in (small, big)}
    marks = tmp_path / "marks"
    marks.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "TENDERCTL_NO_FORK"}
    run = subprocess.run(
        [sys.executable, "-c", _MISBEHAVING_READER, str(proposal), str(marks), misbehave],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    docs = json.loads(run.stdout)
    assert len(list(marks.iterdir())) >= 4  # every reading began with pdf_oxide, the split file's two parts too
    assert sorted(d[0] for d in docs) == ["Annex.pdf", "Technical_Proposal.pdf", "Technical_Proposal.pdf"]
    for path, readable, reason, notes, text in docs:
        assert readable, reason
        assert not any("longer" in note or "memory" in note for note in notes), notes
        assert text == expected[path]


def _pdfium_text(path: Path) -> str:
    """The file's text as PDFium alone reads it, here (pdf_oxide runs only in bounded workers)."""
    from tenderctl.documents.reader import read_bytes

    doc = read_bytes(path.read_bytes(), path.name)
    assert doc.readable and doc.text()
    return doc.text()
