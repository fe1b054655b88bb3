"""Plain text files (txt, md, csv, html): decoded leniently, one block per line."""

from __future__ import annotations

import re

from tenderctl.documents.model import Document, TextBlock

MAX_LINES = 200_000
_TAG = re.compile(r"<[^>]{0,2000}>")


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else UTF-16 with a BOM, else Latin-1 (never fails)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_text(data: bytes, doc: Document) -> None:
    text = decode(data)
    if doc.format == "html":
        text = _TAG.sub(" ", re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text))
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        doc.notes.append(f"stopped after {MAX_LINES} lines of {len(lines)}")
        doc.partial = True
        lines = lines[:MAX_LINES]
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if line:
            doc.blocks.append(TextBlock(line, where="body", cell=None if doc.format != "csv" else f"line {number}"))
            if doc.title is None and re.search(r"\w{3}", line):
                doc.title = line.lstrip("#").strip()[:200]
