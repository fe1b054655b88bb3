"""Shared body of the document-reader fuzz harnesses (fuzz_pdf.py, fuzz_docx.py, ...).

The contract under test is the one the worker relies on: :func:`read_bytes` turns any bytes
into a :class:`Document`, readable with content or unreadable with a reason. An exception
escaping it would reach the sandbox as a crashed task; a hang or a C crash (pdfium, lxml,
zlib) is what libFuzzer's -timeout and crash detection catch.
"""

from __future__ import annotations

import atexit
import collections
import io
import os
import sys
import zipfile
from collections.abc import Callable

import atheris

with atheris.instrument_imports(include=["tenderctl"]):
    import tenderctl.documents.formats.archive
    import tenderctl.documents.formats.docx
    import tenderctl.documents.formats.odf
    import tenderctl.documents.formats.pdf
    import tenderctl.documents.formats.text
    import tenderctl.documents.formats.xlsx  # noqa: F401
    from tenderctl.documents.model import Document
    from tenderctl.documents.reader import Limits, read_bytes

LIMITS = Limits(max_pages=20, max_cells=2000, ocr=False, max_inflated=32 * 1024 * 1024, max_member=16 * 1024 * 1024)
"""Smaller than the defaults, so each input stays fast; the bounds themselves are code under test."""


IGNORE = {name for name in os.environ.get("FUZZ_IGNORE", "").split(",") if name}
"""Exception classes (``module.Name``) already reported as bugs, tolerated so the run can go on
to find others: libFuzzer stops at the first crash and its fork mode does not work with atheris.
Each tolerated one is counted and the counts are printed at exit."""
ignored: collections.Counter[str] = collections.Counter()
atexit.register(lambda: ignored and print(f"tolerated known exceptions: {dict(ignored)}", file=sys.stderr))


def check(data: bytes, name: str) -> None:
    try:
        doc = read_bytes(data, name, LIMITS)
    except Exception as exc:
        qualified = f"{type(exc).__module__}.{type(exc).__qualname__}"
        if qualified in IGNORE:
            ignored[qualified] += 1
            return
        raise
    assert isinstance(doc, Document)
    assert doc.readable or doc.unreadable_reason, f"unreadable without a reason: {doc!r}"[:500]
    doc.text()


def office(members: dict[str, bytes]) -> bytes:
    """A zip with the given members (stored: mutations of the XML reach the parser intact)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def run(test_one_input: Callable[[bytes], None]) -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
