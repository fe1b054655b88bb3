"""OpenDocument (ODT/ODS) reader: content.xml and styles.xml (headers, footers) with lxml.

Reads paragraphs and headings with their place (table, comment, deleted text in tracked
changes, header/footer from the master pages), spreadsheet cells with their currency value
type, pictures, and notes a ``META-INF/documentsignatures.xml`` signature.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tenderctl.documents.model import Document, ImageInfo, SignatureInfo, TextBlock

if TYPE_CHECKING:
    from tenderctl.documents.reader import Limits

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"


def _where(node: Any, base: str) -> str:
    parent = node.getparent()
    where = base
    while parent is not None:
        tag = parent.tag
        if tag == OFFICE + "annotation":
            return "comment"
        if tag == TEXT + "deletion":
            return "deleted"
        if tag in (STYLE + "header", STYLE + "header-left", STYLE + "header-first"):
            return "header"
        if tag in (STYLE + "footer", STYLE + "footer-left", STYLE + "footer-first"):
            return "footer"
        if tag == TEXT + "note":
            return "footnote"
        if tag == DRAW + "text-box":
            return "textbox"
        if tag == TABLE + "table-cell" and where == base:
            where = "table"
        parent = parent.getparent()
    return where


def _text(node: Any) -> str:
    parts: list[str] = []
    for piece in node.iter():
        if piece is not node and piece.tag in (TEXT + "p", TEXT + "h", OFFICE + "annotation", TEXT + "note"):
            if piece.tail:
                parts.append(piece.tail)
            continue
        if piece.tag == TEXT + "s" or piece.tag == TEXT + "tab":
            parts.append(" ")
        elif piece.text and _owner(piece, node):
            parts.append(piece.text)
        if piece is not node and piece.tail and _owner(piece.getparent(), node):
            parts.append(piece.tail)
    return " ".join("".join(parts).split())


def _owner(piece: Any, paragraph: Any) -> bool:
    """True when ``piece`` belongs to ``paragraph`` itself, not a nested paragraph or comment."""
    while piece is not None and piece is not paragraph:
        if piece.tag in (TEXT + "p", TEXT + "h", OFFICE + "annotation", TEXT + "note"):
            return False
        piece = piece.getparent()
    return True


def read_odf(data: bytes, doc: Document, limits: Limits) -> None:
    from tenderctl.documents.archive import SafeZip

    archive = SafeZip(data, limits)
    content = archive.xml("content.xml")
    if content is None:
        doc.readable = False
        doc.unreadable_reason = "no content.xml: not an OpenDocument file"
        return
    count = 0
    for part, root in (("content", content), ("styles", archive.xml("styles.xml"))):
        if root is None:
            continue
        for paragraph in root.iter(TEXT + "p", TEXT + "h"):
            count += 1
            if count > 200_000:
                doc.partial = True
                doc.notes.append("stopped after 200000 paragraphs")
                break
            text = _text(paragraph)
            if not text:
                continue
            where = _where(paragraph, "body")
            if part == "styles" and where == "body":
                continue
            cell = paragraph.getparent()
            value_type = cell.get(OFFICE + "value-type") if cell is not None and cell.tag == TABLE + "table-cell" else None
            number_format = None
            if value_type == "currency":
                number_format = f"currency {cell.get(OFFICE + 'currency', '')}".strip()
            elif value_type == "percentage":
                number_format = "0%"
            doc.blocks.append(TextBlock(text, where="cell" if doc.format == "ods" and where == "table" else where, number_format=number_format))
            if doc.title is None and where == "body" and any(ch.isalpha() for ch in text):
                doc.title = text[:200]
        for frame in root.iter(DRAW + "frame"):
            if frame.find(DRAW + "image") is not None:
                near = ""
                parent = frame.getparent()
                while parent is not None and parent.tag not in (TEXT + "p", TEXT + "h"):
                    parent = parent.getparent()
                if parent is not None:
                    near = _text(parent)
                    previous = parent.getprevious()
                    if previous is not None and previous.tag in (TEXT + "p", TEXT + "h"):
                        near = " | ".join(filter(None, (_text(previous), near)))
                doc.images.append(ImageInfo(page=None, bbox=None, where="body" if part == "content" else "header", near_text=near[:500]))
    if archive.has("META-INF/documentsignatures.xml"):
        doc.signatures.append(
            SignatureInfo(kind="odf", field="META-INF/documentsignatures.xml", signed=True, detail="XML digital signature present (not verified by tenderctl)")
        )
