"""Reading a notice: text, Markdown, HTML or PDF, bounded, into plain text lines."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path
from typing import BinaryIO

from tenderctl.errors import TenderctlError
from tenderctl.fsutil import UnreadableFile, read_bounded

MAX_NOTICE_BYTES = 5_000_000
"""A notice is at most a few hundred kilobytes of text; larger input is refused unread."""
MAX_PDF_PAGES = 300
MAX_NOTICE_CHARS = 1_000_000
"""Only the first million characters are analysed: that bounds the time on hostile input."""


class NoticeError(TenderctlError):
    """The notice could not be read (missing, too big, encrypted, scanned, ...)."""


_STDIN_CHUNK = 1 << 20


def read_stdin_bounded(stream: BinaryIO, max_bytes: int = MAX_NOTICE_BYTES) -> bytes:
    """At most ``max_bytes`` of ``stream`` (the notice piped to ``draft -``), read in chunks;
    :class:`NoticeError` as soon as a byte more arrives: an endless pipe (``yes |``,
    ``/dev/zero``) is refused after ``max_bytes``, never read to the end."""
    chunks: list[bytes] = []
    size = 0
    while size <= max_bytes:
        try:
            chunk = stream.read(min(_STDIN_CHUNK, max_bytes + 1 - size))
        except OSError as exc:
            raise NoticeError(f"stdin: cannot read: {exc.strerror or exc}") from None
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    raise NoticeError(
        f"stdin: more than {max_bytes:,} bytes, over the notice limit (is this the notice? save it to a file and name the file)"
    )


def read_notice(path: str | Path, stdin: BinaryIO | bytes | None = None) -> str:
    """The plain text of a .txt/.md/.html/.pdf notice (``-`` reads ``stdin``: a stream, read
    bounded by :func:`read_stdin_bounded`, or bytes already read)."""

    if str(path) == "-":
        raw = stdin if isinstance(stdin, bytes) else read_stdin_bounded(stdin) if stdin is not None else b""
        if len(raw) > MAX_NOTICE_BYTES:
            raise NoticeError(f"stdin: over the {MAX_NOTICE_BYTES:,}-byte limit")
        return _decode_text(raw, looks_html=raw.lstrip()[:1] == b"<", name="stdin")
    path = Path(path)
    suffix = path.suffix.lower()
    limit = MAX_NOTICE_BYTES * 10 if suffix == ".pdf" else MAX_NOTICE_BYTES
    try:  # a path the user named: a symlink is followed, as `cat` would
        raw, _info = read_bounded(path, limit, follow_symlinks=True, what="notice")
    except UnreadableFile as exc:
        raise NoticeError(f"{path}: {exc.message}" + (f" ({exc.hint})" if exc.hint else "")) from None
    if suffix == ".pdf":
        return _pdf_text(raw, path)
    looks_html = suffix in (".html", ".htm", ".xhtml") or raw.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))
    return _decode_text(raw, looks_html=looks_html, name=str(path))


def _decode_text(raw: bytes, *, looks_html: bool, name: str) -> str:
    if b"\x00" in raw[:65536]:
        raise NoticeError(f"{name}: looks like a binary file, not a text, HTML or PDF notice")
    if not raw.strip():
        raise NoticeError(f"{name}: the notice is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # old notices saved on Windows
    return html_to_text(text) if looks_html else text


def _pdf_text(data: bytes, path: Path) -> str:
    import pypdfium2 as pdfium  # type: ignore[import-untyped,unused-ignore]  # lazy: the PDF engine, only for .pdf notices

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise NoticeError(f"{path}: cannot open the PDF ({exc}); if it is encrypted, save an unprotected copy") from None
    try:
        pages = len(pdf)
        if pages > MAX_PDF_PAGES:
            raise NoticeError(f"{path}: {pages} pages, over the {MAX_PDF_PAGES}-page limit for a notice")
        parts = []
        for index in range(pages):
            page = pdf[index]
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    text = "\n".join(parts).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise NoticeError(f"{path}: the PDF has no text layer (a scan?); run OCR on it first or paste its text")
    return text


class _TextExtractor(html.parser.HTMLParser):
    """HTML -> text lines: blocks become lines, table cells are joined with " | ", items of
    an ordered list get their numbers (so numbered steps survive), scripts are dropped."""

    BLOCKS = frozenset(
        (
            "p",
            "div",
            "br",
            "tr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "section",
            "article",
            "header",
            "footer",
            "ul",
            "ol",
            "table",
            "li",
            "dt",
            "dd",
            "blockquote",
            "pre",
            "hr",
            "main",
            "nav",
        )
    )
    SKIP = frozenset(("script", "style", "noscript", "template", "head", "svg"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.lists: list[list[int] | None] = []  # a counter per open <ol>, None for <ul>
        self.cell = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
            return
        if tag == "title":
            self.skipping += 1  # <title> repeats the heading; the body has it
            return
        if tag in ("td", "th"):
            if self.cell:
                self.parts.append(" | ")
            self.cell += 1
            return
        if tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "tr":
            self.cell = 0
        if tag == "ol":
            self.lists.append([0])
        elif tag == "ul":
            self.lists.append(None)
        elif tag == "li":
            counter = self.lists[-1] if self.lists else None
            if counter is not None:
                counter[0] += 1
                self.parts.append(f"{counter[0]}. ")
            else:
                self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP or tag == "title":
            self.skipping = max(0, self.skipping - 1)
            return
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        if tag in self.BLOCKS and tag not in ("li", "tr", "dt", "dd", "br"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> str:
    """Strip tags with the standard library's tolerant parser; entities are decoded."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"
