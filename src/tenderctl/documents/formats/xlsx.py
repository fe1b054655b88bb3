"""XLSX reader: every sheet's cells from the SpreadsheetML parts, streamed with lxml.iterparse.

Each cell becomes a block with its address (``Sheet!B7``), its number format (so a currency
format is visible even on a bare number) and the header text of its column (so "Unit cost"
explains a bare 650). openpyxl would be 3x slower and would load the whole sheet into memory;
iterparse keeps a million-cell sheet within bounds, and a cell cap stops it with a note.
"""

from __future__ import annotations

import io
import posixpath
import re
from typing import TYPE_CHECKING, Any

from lxml import etree  # type: ignore[import-untyped]

from tenderctl.documents.formats.archive import SafeZip
from tenderctl.documents.formats.embedded import ooxml_extras
from tenderctl.documents.formats.officesign import package_signatures
from tenderctl.documents.model import Document, TextBlock

if TYPE_CHECKING:
    from tenderctl.documents.limits import Limits

S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)', 7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??", 14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy",
    18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)",
    44: '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)', 49: "@",
}  # fmt: skip
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _iterparse(data: bytes, tag: str | tuple[str, ...]) -> Any:
    return etree.iterparse(
        io.BytesIO(data), events=("end",), tag=tag, resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )


def _shared_strings(archive: Any, name: str | None) -> list[str]:
    if not name or not archive.has(name):
        return []
    strings: list[str] = []
    for _, si in _iterparse(archive.read(name), S + "si"):
        strings.append("".join(t.text or "" for t in si.iter(S + "t") if t.getparent().tag != S + "rPh"))
        si.clear()
    return strings


def _styles(archive: Any, name: str | None) -> list[str]:
    """Number format of each cell style index."""
    if not name or not archive.has(name):
        return []
    root = archive.xml(name)
    custom = {}
    for fmt in root.iter(S + "numFmt"):
        try:
            custom[int(fmt.get("numFmtId", "-1"))] = fmt.get("formatCode", "")
        except ValueError:
            continue
    formats: list[str] = []
    xfs = root.find(S + "cellXfs")
    if xfs is not None:
        for xf in xfs.findall(S + "xf"):
            try:
                fid = int(xf.get("numFmtId", "0"))
            except ValueError:
                fid = 0
            formats.append(custom.get(fid, BUILTIN_FORMATS.get(fid, "General")))
    return formats


def _workbook(archive: Any) -> tuple[list[tuple[str, str]], str | None, str | None]:
    """[(sheet name, part)], shared strings part, styles part."""
    book = "xl/workbook.xml"
    rels_root = archive.xml("xl/_rels/workbook.xml.rels")
    targets: dict[str, tuple[str, str]] = {}
    if rels_root is not None:
        for rel in rels_root.iter(REL + "Relationship"):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], path)
    sheets: list[tuple[str, str]] = []
    root = archive.xml(book)
    if root is not None:
        for sheet in root.iter(S + "sheet"):
            rid = sheet.get(R + "id", "")
            if rid in targets:
                sheets.append((sheet.get("name", "Sheet"), targets[rid][1]))
    shared = next((p for kind, p in targets.values() if kind == "sharedStrings"), None)
    styles = next((p for kind, p in targets.values() if kind == "styles"), None)
    return sheets, shared, styles


def read_xlsx(data: bytes, doc: Document, limits: Limits, depth: int = 0) -> None:
    archive = SafeZip(data, limits)
    if not archive.has("xl/workbook.xml"):
        doc.readable = False
        doc.unreadable_reason = "not an Excel workbook (no xl/workbook.xml)"
        return
    sheets, shared_name, styles_name = _workbook(archive)
    strings = _shared_strings(archive, shared_name)
    formats = _styles(archive, styles_name)
    cells_read = 0
    doc.pages = None
    for sheet_name, part in sheets:
        if not archive.has(part):
            doc.notes.append(f"sheet {sheet_name}: part missing")
            continue
        headers: dict[str, str] = {}
        header_row: str | None = None
        since_header = 0
        headers_footers = (S + "oddHeader", S + "oddFooter", S + "evenHeader", S + "evenFooter", S + "firstHeader", S + "firstFooter")
        for _, row in _iterparse(archive.read(part), (S + "row", *headers_footers)):
            if row.tag != S + "row":
                if row.text and row.text.strip():
                    where = "header" if row.tag.endswith("Header") else "footer"
                    doc.blocks.append(TextBlock(_strip_codes(row.text), where=where, cell=sheet_name))
                continue
            row_number = row.get("r", "")
            row_texts: dict[str, str] = {}
            for cell in row.iter(S + "c"):
                ref = cell.get("r", "")
                match = _CELL_REF.match(ref)
                column = match.group(1) if match else ""
                kind = cell.get("t", "n")
                value = cell.find(S + "v")
                text = ""
                if kind == "s" and value is not None and value.text:
                    try:
                        text = strings[int(value.text)]
                    except (ValueError, IndexError):
                        text = ""
                elif kind == "inlineStr":
                    text = "".join(t.text or "" for t in cell.iter(S + "t"))
                elif value is not None and value.text:
                    text = value.text
                text = text.strip()
                if not text:
                    continue
                cells_read += 1
                if cells_read > limits.max_cells:
                    break
                number_format = None
                if kind not in ("s", "inlineStr", "str"):
                    try:
                        number_format = formats[int(cell.get("s", "0"))]
                    except (ValueError, IndexError):
                        number_format = None
                    if number_format == "General":
                        number_format = None
                if kind in ("s", "inlineStr", "str") and column:
                    row_texts[column] = text
                doc.blocks.append(
                    TextBlock(
                        text,
                        where="cell",
                        cell=f"{sheet_name}!{ref}" if ref else sheet_name,
                        number_format=number_format,
                        column_header=headers.get(column) if header_row and row_number != header_row else None,
                    )
                )
            # A title in one cell above the table gives way to the first row of two or more labels.
            since_header += 1
            if row_texts and (header_row is None or (len(headers) == 1 and len(row_texts) >= 2 and since_header <= 3)):
                header_row, since_header = row_number, 0
                headers = row_texts
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]
            if cells_read > limits.max_cells:
                break
        if cells_read > limits.max_cells:
            doc.partial = True
            doc.notes.append(f"stopped after {limits.max_cells} cells (in sheet {sheet_name}): the rest was not checked")
            doc.part("table cells", False, f"cells past the first {limits.max_cells:,} not read (sheet {sheet_name} onwards)")
            break
    _comments_and_drawings(archive, doc, _comment_sheets(archive, sheets))

    ooxml_extras(archive, doc, "xl/", limits, depth)

    package_signatures(archive, doc, "docx")
    cells = [b for b in doc.blocks if b.where == "cell"]
    if cells:
        doc.title = cells[0].text[:200]
    doc.notes.append(f"{len(sheets)} sheet(s): " + ", ".join(name for name, _ in sheets)[:300])


_CODES = re.compile(r"&(?:\"[^\"]*\"|[LCRKBIUSEXYDTPNGAFZ]|\d+)")


def _strip_codes(text: str) -> str:
    """Header/footer text without Excel's formatting codes (&L, &"Arial,Bold", &P...)."""
    return " ".join(_CODES.sub(" ", text).split())


def _comment_sheets(archive: Any, sheets: list[tuple[str, str]]) -> dict[str, str]:
    """Comments part -> the name of the sheet it annotates (from each sheet's relationships)."""
    owners: dict[str, str] = {}
    for sheet_name, part in sheets:
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if not archive.has(rels):
            continue
        for rel in archive.xml(rels).iter(REL + "Relationship"):
            if rel.get("Type", "").endswith(("/comments", "/threadedComment")):
                target = rel.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                owners[path] = sheet_name
    return owners


def _comments_and_drawings(archive: Any, doc: Document, owners: dict[str, str]) -> None:
    """Cell comments (notes) and text in drawings (text boxes, shapes, chart titles)."""
    for name in archive.names:
        if not name.endswith(".xml"):
            continue
        if name.startswith(("xl/comments", "xl/threadedComments/")):
            root = archive.xml(name)
            for comment in root.iter(
                S + "comment", "{http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments}threadedComment"
            ):
                text = " ".join("".join(t.text or "" for t in comment.iter() if t.tag.endswith("}t")).split())
                if text:
                    ref = comment.get("ref")
                    sheet = owners.get(name)
                    doc.blocks.append(TextBlock(text, where="comment", cell=f"{sheet}!{ref}" if sheet and ref else ref))
        elif name.startswith(("xl/drawings/", "xl/charts/")) and "/_rels/" not in name:
            root = archive.xml(name)
            for paragraph in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}p"):
                text = " ".join(
                    "".join(t.text or "" for t in paragraph.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}t")).split()
                )
                if text:
                    doc.blocks.append(TextBlock(text, where="textbox"))
