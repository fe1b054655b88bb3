"""DOCX reader: the WordprocessingML parts read straight from the zip with lxml.

python-docx is 7x slower on a long document and skips what matters here: text boxes,
footnotes, comments and tracked deletions (deleted text still ships in the file and a
reviewer can show it). Every paragraph is read with its place (body, table, header, footer,
footnote, textbox, comment, deleted, inserted); pictures are listed with the text around
them so the signature rule can tell a signature in the signature block from a logo.
Table cells carry their place (``Table 2!C3``) and the text of their column's header, so a
rule can tell 650 under "Daily rate (USD)" from 12 under "Days", as in a spreadsheet.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from tenderctl.documents.formats.archive import SafeZip
from tenderctl.documents.formats.embedded import alt_texts, ooxml_extras
from tenderctl.documents.formats.officesign import package_signatures
from tenderctl.documents.model import Document, ImageInfo, SignatureInfo, TextBlock
from tenderctl.documents.tables import MAX_SPAN, GridCell, table_cells

if TYPE_CHECKING:
    from tenderctl.documents.limits import Limits

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
V = "{urn:schemas-microsoft-com:vml}"
O = "{urn:schemas-microsoft-com:office:office}"  # noqa: E741
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

_PART_WHERE = (
    ("word/header", "header"),
    ("word/footer", "footer"),
    ("word/footnotes", "footnote"),
    ("word/endnotes", "footnote"),
    ("word/comments", "comment"),
)
MAX_PARAGRAPHS = 200_000
MAX_TABLE_CELLS = 200_000
"""Table cells given a place and a column header, per part; later cells are still read, as table text."""


def _where_of(paragraph: Any, base: str) -> str:
    where = base
    parent = paragraph.getparent()
    while parent is not None:
        tag = parent.tag
        if tag == W + "txbxContent":
            return "textbox" if base == "body" else base
        if tag == W + "tbl" and where == base and base == "body":
            where = "table"
        parent = parent.getparent()
    return where


def _in_fallback(element: Any) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag == MC + "Fallback":
            return True
        parent = parent.getparent()
    return False


def _paragraph_texts(paragraph: Any) -> tuple[str, str, bool]:
    """(visible text, deleted text, visible text is all inserted)."""
    visible: list[str] = []
    deleted: list[str] = []
    inserted_only = True
    for node in paragraph.iter(W + "t", W + "delText", W + "tab", W + "br", W + "txbxContent"):
        tag = node.tag
        if tag == W + "txbxContent":
            continue
        # Text of a nested text box belongs to the box's own paragraphs.
        owner = node.getparent()
        nested = False
        while owner is not None and owner is not paragraph:
            if owner.tag == W + "p":
                nested = True
                break
            owner = owner.getparent()
        if nested:
            continue
        if tag == W + "delText":
            deleted.append(node.text or "")
        elif tag == W + "t":
            visible.append(node.text or "")
            ancestor = node.getparent()
            in_ins = False
            while ancestor is not None and ancestor is not paragraph:
                if ancestor.tag == W + "ins":
                    in_ins = True
                    break
                ancestor = ancestor.getparent()
            if not in_ins and (node.text or "").strip():
                inserted_only = False
        else:
            visible.append(" " if tag == W + "tab" else "\n")
    text = "".join(visible).strip()
    return text, "".join(deleted).strip(), inserted_only and bool(text)


def _rels(archive: Any, part: str) -> dict[str, str]:
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    root = archive.xml(rels_name) if archive.has(rels_name) else None
    out: dict[str, str] = {}
    if root is None:
        return out
    for rel in root.iter(REL + "Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        out[rel.get("Id", "")] = posixpath.normpath(posixpath.join(folder, target)) if not target.startswith("/") else target.lstrip("/")
    return out


# --- tables: see tenderctl.documents.tables (shared with the OpenDocument and PDF readers) ---------


def _children(parent: Any, tag: str) -> Iterator[Any]:
    """Children with ``tag``, looking through content controls and custom XML that wrap rows and cells."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == W + "customXml":
            yield from _children(child, tag)


def _number(props: Any, tag: str, default: int) -> int:
    node = props.find(tag) if props is not None else None
    try:
        return int(node.get(W + "val", default)) if node is not None else default
    except ValueError:
        return default


def _is_on(props: Any, tag: str) -> bool:
    node = props.find(tag) if props is not None else None
    return node is not None and node.get(W + "val", "true") not in ("0", "false", "off")


ParagraphTexts = tuple[str, str, bool]


def _table_cells(root: Any, base: str, doc: Document, known: dict[Any, ParagraphTexts]) -> dict[Any, tuple[str, str | None]]:
    """Every table cell of a part (nested tables too) -> (place, column header), within bounds.

    The texts of header paragraphs go into ``known``, so they are not worked out twice.
    """

    def cell_text(cell: Any) -> str:
        parts: list[str] = []
        for paragraph in _children(cell, W + "p"):
            if paragraph not in known:
                known[paragraph] = _paragraph_texts(paragraph)
            parts.append(known[paragraph][0])
        return " ".join(filter(None, parts))

    places: dict[Any, tuple[str, str | None]] = {}
    seen = 0
    prefix = "Table" if base == "body" else f"{base.capitalize()} table"
    number = 0
    for table in root.iter(W + "tbl"):
        if _in_fallback(table):
            continue
        number += 1
        rows: list[tuple[int, list[GridCell]]] = []
        marked = 0
        for row in _children(table, W + "tr"):
            props = row.find(W + "trPr")
            if len(rows) == marked and _is_on(props, W + "tblHeader"):
                marked += 1
            column = min(max(_number(props, W + "gridBefore", 0), 0), MAX_SPAN)
            cells: list[GridCell] = []
            for cell in _children(row, W + "tc"):
                span = min(max(_number(cell.find(W + "tcPr"), W + "gridSpan", 1), 1), MAX_SPAN)
                if cell.find(f".//{W}p") is not None:  # empty cells only take their place on the grid
                    cells.append(GridCell(column, column + span, cell))
                column += span
            rows.append((len(rows) + 1, cells))
            seen += len(cells)
            if seen > MAX_TABLE_CELLS:
                doc.partial = True
                doc.notes.append(f"table cells after the first {MAX_TABLE_CELLS} are read without their column headers")
                return places
        for node, place, header in table_cells(f"{prefix} {number}", rows, marked, cell_text):
            places[node] = (place, header)
    return places


def _cell_of(paragraph: Any) -> Any:
    """The table cell a paragraph sits in (None outside tables, or in a text box within a cell)."""
    parent = paragraph.getparent()
    while parent is not None:
        if parent.tag == W + "tc":
            return parent
        if parent.tag == W + "txbxContent":
            return None
        parent = parent.getparent()
    return None


def _read_part(root: Any, base: str, doc: Document, counter: list[int]) -> None:
    paragraphs = list(root.iter(W + "p"))
    known: dict[Any, ParagraphTexts] = {}
    cells = _table_cells(root, base, doc, known) if root.find(f".//{W}tbl") is not None else {}
    texts: list[str] = []
    places: list[str] = []
    for paragraph in paragraphs:
        if _in_fallback(paragraph):
            texts.append("")
            places.append(base)
            continue
        counter[0] += 1
        if counter[0] > MAX_PARAGRAPHS:
            if not doc.partial:
                doc.partial = True
                doc.notes.append(f"stopped after {MAX_PARAGRAPHS} paragraphs")
            return
        where = _where_of(paragraph, base)
        text, deleted, inserted_only = known.pop(paragraph) if paragraph in known else _paragraph_texts(paragraph)
        place, header = cells.get(_cell_of(paragraph), (None, None)) if cells else (None, None)
        if text:
            doc.blocks.append(TextBlock(text, where="inserted" if inserted_only else where, cell=place, column_header=header))
        if deleted:
            doc.blocks.append(TextBlock(deleted, where="deleted", cell=place, column_header=header))
        texts.append(text)
        places.append(where)
    # Pictures with the text around them (own paragraph, the one before, the one after).
    index_of = {id(p): i for i, p in enumerate(paragraphs)}
    for picture in list(root.iter(W + "drawing")) + list(root.iter(W + "pict")):
        if _in_fallback(picture):
            continue
        if picture.tag == W + "pict":
            if picture.find(f".//{O}signatureline") is not None:
                continue  # handled as a signature line
            if picture.find(f".//{V}imagedata") is None:
                continue  # a VML shape or text box, not a picture
        elif picture.find(f".//{WP}docPr") is not None and not list(
            picture.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
        ):
            continue  # a text box or shape drawn with DrawingML, not a picture
        owner = picture.getparent()
        while owner is not None and owner.tag != W + "p":
            owner = owner.getparent()
        i = index_of.get(id(owner), -1) if owner is not None else -1
        near = " | ".join(
            t for t in (texts[i - 1] if i > 0 else "", texts[i] if i >= 0 else "", texts[i + 1] if 0 <= i < len(texts) - 1 else "") if t
        )
        cell = owner.getparent() if owner is not None else None
        if cell is not None and cell.tag == W + "tc":
            near = " ".join(filter(None, ("".join(cell.itertext()).strip(), near)))
        width = height = 0
        extent = picture.find(f".//{WP}extent")
        if extent is not None:
            try:
                width, height = int(extent.get("cx", "0")) // 9525, int(extent.get("cy", "0")) // 9525
            except ValueError:
                pass
        doc.images.append(
            ImageInfo(page=None, bbox=None, width_px=width, height_px=height, where=places[i] if i >= 0 else base, near_text=near[:500])
        )
    for line in root.iter(O + "signatureline"):
        signer = " ".join(filter(None, (line.get(O + "suggestedsigner"), line.get(O + "suggestedsigner2"))))
        doc.signatures.append(
            SignatureInfo(
                kind="docx",
                field="signature line" + (f" for {signer}" if signer else ""),
                signed=False,
                detail="an Office signature line",
            )
        )


def read_docx(data: bytes, doc: Document, limits: Limits, depth: int = 0) -> None:
    archive = SafeZip(data, limits)
    main = "word/document.xml"
    for name in archive.names:
        if name.endswith("/document.xml") and name.startswith("word/"):
            main = name
            break
    if not archive.has(main):
        doc.readable = False
        doc.unreadable_reason = "not a Word document (no word/document.xml)"
        return
    counter = [0]
    root = archive.xml(main)
    _read_part(root, "body", doc, counter)
    body_blocks = [b for b in doc.blocks if b.where in ("body", "table") and any(ch.isalpha() for ch in b.text)]
    if body_blocks:
        doc.title = " ".join(b.text for b in body_blocks[:2])[:200]
    # Headers, footers, notes and comments, in the order the relationships list them.
    targets = sorted(set(_rels(archive, main).values()))
    for target in targets:
        for prefix, where in _PART_WHERE:
            if target.startswith(prefix) and target.endswith(".xml") and archive.has(target):
                _read_part(archive.xml(target), where, doc, counter)
    # Properties (title, subject, keywords).
    if archive.has("docProps/core.xml"):
        core = archive.xml("docProps/core.xml")
        for node in core:
            local = node.tag.rsplit("}", 1)[-1]
            if local in ("title", "subject", "keywords", "description") and node.text and node.text.strip():
                doc.blocks.append(TextBlock(f"{local}: {node.text.strip()}", where="metadata"))

    package_signatures(archive, doc, "docx")

    alt_texts(root, doc)
    ooxml_extras(archive, doc, "word/", limits, depth)
