"""OpenDocument (ODT/ODS) reader: content.xml and styles.xml (headers, footers) with lxml.

Reads paragraphs and headings with their place (table, comment, deleted text in tracked
changes, header/footer from the master pages), spreadsheet cells with their currency value
type, table and spreadsheet cells with their place (``Table1!C3``) and column header,
pictures, and notes a ``META-INF/documentsignatures.xml`` signature.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from tenderctl.documents.formats.archive import SafeZip
from tenderctl.documents.formats.docx import MAX_TABLE_CELLS
from tenderctl.documents.formats.embedded import odf_extras
from tenderctl.documents.formats.officesign import package_signatures
from tenderctl.documents.model import Document, ImageInfo, TextBlock
from tenderctl.documents.tables import MAX_SPAN, GridCell, table_cells

if TYPE_CHECKING:
    from tenderctl.documents.limits import Limits

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


_CELLS = (TABLE + "table-cell", TABLE + "covered-table-cell")
_NOT_IN_CELL = (DRAW + "text-box", OFFICE + "annotation", TEXT + "note")


def _cell_of(paragraph: Any) -> Any:
    """The table cell a paragraph sits in (None outside tables, or in a frame, note or comment within one)."""
    parent = paragraph.getparent()
    while parent is not None:
        if parent.tag in _CELLS:
            return parent
        if parent.tag in _NOT_IN_CELL:
            return None
        parent = parent.getparent()
    return None


def _count(node: Any, attribute: str) -> int:
    try:
        return min(max(int(node.get(TABLE + attribute, "1")), 1), MAX_SPAN)
    except ValueError:
        return 1


def _rows(container: Any, in_header: bool = False) -> Iterator[tuple[Any, bool]]:
    """(row, is a header row) in order, through header-rows, rows and row-group wrappers."""
    for child in container:
        if child.tag == TABLE + "table-row":
            yield child, in_header
        elif child.tag in (TABLE + "table-header-rows", TABLE + "table-rows", TABLE + "table-row-group"):
            yield from _rows(child, in_header or child.tag == TABLE + "table-header-rows")


def _cell_text(cell: Any) -> str:
    return " ".join(filter(None, (_text(p) for p in cell.iter(TEXT + "p", TEXT + "h") if _cell_of(p) is cell)))


def _table_cells(root: Any, doc: Document) -> dict[Any, tuple[str, str | None]]:
    """Every table cell (nested tables too) -> (place, column header), within bounds.

    Repeated rows and cells (``number-rows-repeated``: a spreadsheet's million empty rows)
    move the position without being expanded.
    """
    places: dict[Any, tuple[str, str | None]] = {}
    seen = 0
    for number, table in enumerate(root.iter(TABLE + "table"), 1):
        rows: list[tuple[int, list[GridCell]]] = []
        marked = 0
        row_number = 1
        for row, in_header in _rows(table):
            if in_header and marked == len(rows):
                marked += 1
            cells: list[GridCell] = []
            column = 0
            for cell in row:
                if cell.tag not in _CELLS:
                    continue
                repeat = _count(cell, "number-columns-repeated")
                if cell.tag == TABLE + "table-cell" and len(cell):  # covered cells hold nothing: the cell spanning them does
                    cells.append(GridCell(column, column + max(repeat, _count(cell, "number-columns-spanned")), cell))
                column += repeat
            seen += len(cells)
            if seen > MAX_TABLE_CELLS:
                doc.partial = True
                doc.notes.append(f"table cells after the first {MAX_TABLE_CELLS} are read without their column headers")
                return places
            rows.append((row_number, cells))
            row_number += _count(row, "number-rows-repeated")
        name = table.get(TABLE + "name") or f"Table {number}"
        for node, place, header in table_cells(name, rows, marked, _cell_text):
            places[node] = (place, header)
    return places


def read_odf(data: bytes, doc: Document, limits: Limits, depth: int = 0) -> None:
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
        places = _table_cells(root, doc) if root.find(f".//{TABLE}table") is not None else {}
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
            place, header = places.get(_cell_of(paragraph), (None, None)) if places else (None, None)
            doc.blocks.append(
                TextBlock(
                    text,
                    where="cell" if doc.format == "ods" and where == "table" else where,
                    cell=place,
                    number_format=number_format,
                    column_header=header,
                )
            )
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

    odf_extras(archive, content, doc, limits, depth)

    package_signatures(archive, doc, "odf")
