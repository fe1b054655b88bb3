"""Plain pages' text from pdf_oxide's spans: the cheap text source of the PDF reader.

PDFium's text page (``FPDFText_LoadPage``) places every character and costs about twice
poppler's whole text output; pdf_oxide (Rust, MIT or Apache-2.0) hands back the content
stream's text runs with their positions for a sixth of that. The PDF reader still loads every
page in PDFium (pictures, ink, annotations, form and signature fields, damaged pages) and asks
this module for the lines of a page; ``None`` sends the page to PDFium's text page as before.

A page is taken from pdf_oxide only when nothing about it could make the two disagree:

* the file: pdf_oxide opens it, counts PDFium's pages and finds its last one (on a damaged page
  tree pdf_oxide renumbers the pages it can find, which would shift every page's text);
* the page: pdf_oxide reads it; it has as many text runs as PDFium has text objects, drawn
  (render mode fill), each starting and ending where PDFium's object does (within a fraction
  of the font size), upright, with a known character map;
* the text: only characters both read alike (Latin, common punctuation), no line ending in a
  hyphen (PDFium's own treatment of a hyphen at a line's end is kept).

The lines are the runs in content order, a new line where a run leaves the baseline or goes
back left, runs of spaces as one (as PDFium's text), a space where a gap between runs on a line
is wider than a sixth of the font size. ``tests/documents/test_pdf_fast.py`` compares the two
sources page by page on the PDFs the tests make.
"""

from __future__ import annotations

import ctypes
import re
from typing import Any

from tenderctl.documents import confine

_SAFE_TEXT = re.compile("[^\x20-\x7e\xa1-\xac\xae-\xff\u0100-\u017f\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]")
"""A character outside this set (RTL, CJK, ligatures, combining marks, soft hyphen, no-break
space, tabs, controls, the private use area) sends the page to PDFium."""
_SPACES = re.compile(" {2,}")
_KNOWN_MAPS = (None, "to_unicode", "encoding")
"""Span provenances read from the file (None: a standard font by its encoding)."""


_ENGINE: list[Any] = []
"""pdf_oxide's native module once loaded (None: not installed)."""


def engine() -> Any:
    """pdf_oxide's native module, or None when it is not installed.

    Loaded on its own: the package's ``__init__`` imports asyncio, typing and the async
    wrappers (60 ms, before any worker could start), and none of that is used here. Its
    log records (every recoverable quirk of a file) go to a logger that keeps them: the
    package's own ``__init__`` quiets four of its loggers the same way.
    """
    if not _ENGINE:
        _ENGINE.append(_load())
    return _ENGINE[0]


def _load() -> Any:
    import importlib.machinery  # lazy: with the native module, in the readers only
    import importlib.util  # lazy: as above
    import logging  # lazy: as above (the native module imports it anyway)
    import os  # lazy: as above

    quiet = logging.getLogger("pdf_oxide")
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False
    quiet.setLevel(logging.CRITICAL)
    try:
        spec = importlib.util.find_spec("pdf_oxide")
        folders = list(spec.submodule_search_locations or ()) if spec else []
        for folder in folders:
            for name in sorted(os.listdir(folder)):
                if name.startswith("pdf_oxide.") and name.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)):
                    loader = importlib.machinery.ExtensionFileLoader("pdf_oxide.pdf_oxide", os.path.join(folder, name))
                    native_spec = importlib.util.spec_from_loader("pdf_oxide.pdf_oxide", loader)
                    if native_spec is None:
                        continue
                    module = importlib.util.module_from_spec(native_spec)
                    loader.exec_module(module)
                    return module
        if folders:  # another layout: the package as it comes
            return importlib.import_module("pdf_oxide")
    except ImportError:
        pass
    return None


class FastText:
    """pdf_oxide's view of one PDF, or none (``doc is None``) when it cannot be trusted."""

    def __init__(self, data: bytes, pages: int) -> None:
        self.doc: Any = None
        # Only in a bounded worker: pdf_oxide overflows its stack on a cyclic page tree and aborts
        # when an allocation fails, and there that costs the worker, not the caller, and the file
        # is read again by PDFium alone (``folder._without_fast_text``, ``Limits.fast_text``).
        native = engine() if data and confine.bounded() else None
        if native is None:  # not installed, not in a worker, or the second reading: all PDFium
            return
        try:
            doc = native.PdfDocument.from_bytes(data)
            if pages < 1 or int(doc.page_count) != pages:
                return
            doc.page_media_box(pages - 1)  # a renumbered (damaged) page tree has lost its last page
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # a Rust panic is a BaseException; PDFium reads the file
            return
        self.doc = doc

    def stop(self) -> None:
        """Read the rest of the file with PDFium (a page PDFium could not load: the tree is suspect)."""
        self.doc = None

    def page_lines(self, index: int, objects: list[tuple[Any, int]]) -> list[str] | None:
        """The page's lines, or None when PDFium's text page must read it (``objects``: PDFium's
        top-level page objects with their kinds)."""
        if self.doc is None:
            return None
        try:
            spans = self.doc.extract_spans(index)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # as above: this page goes to PDFium
            return None
        spans = sorted(spans, key=lambda span: span.sequence)
        if not _same_objects(spans, objects):
            return None
        lines = _lines(spans)
        if _SAFE_TEXT.search(" ".join(lines)) or any(line.endswith("-") for line in lines):
            return None
        return lines


def _same_objects(spans: list[Any], objects: list[tuple[Any, int]]) -> bool:
    """True when PDFium's text objects and pdf_oxide's runs are one for one, in order, in place."""
    import pypdfium2.raw as c  # type: ignore[import-untyped]  # lazy: in the reading workers only

    text_kind = c.FPDF_PAGEOBJ_TEXT
    texts = [obj for obj, kind in objects if kind == text_kind]
    if len(texts) != len(spans):
        return False
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    render_mode, bounds, fill = c.FPDFTextObj_GetTextRenderMode, c.FPDFPageObj_GetBounds, c.FPDF_TEXTRENDERMODE_FILL
    for obj, span in zip(texts, spans, strict=True):
        box = span.bbox
        if span.page_bbox != box or span.provenance not in _KNOWN_MAPS:
            return False
        if render_mode(obj) != fill or not bounds(obj, left, bottom, right, top):
            return False
        x, y, width, height = box
        slack = max(2.0, 0.4 * (span.font_size or height))
        if abs(x - left.value) > slack or abs(x + width - right.value) > slack or not bottom.value - slack <= y <= top.value + slack:
            return False
    return True


def _lines(spans: list[Any]) -> list[str]:
    """Runs in content order joined into lines, stripped, empty ones left out."""
    lines: list[str] = []
    baseline = end = size = 0.0
    current: list[str] | None = None
    for span in spans:
        x, y, width, height = span.bbox
        span_size = span.font_size or height
        text = span.text
        if current is not None and abs(y - baseline) <= 0.5 * max(span_size, size) and x >= end - 0.5 * span_size:
            if x - end > span_size / 6 and not current[-1].endswith(" ") and not text.startswith(" "):
                current.append(" ")
            current.append(text)
            end = x + width
            continue
        if current is not None:
            lines.append("".join(current))
        current, baseline, end, size = [text], y, x + width, span_size
    if current is not None:
        lines.append("".join(current))
    stripped = (line.strip() for line in lines)
    return [_SPACES.sub(" ", line) if "  " in line else line for line in stripped if line]  # runs of spaces are rare
