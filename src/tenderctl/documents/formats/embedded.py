"""What Office and OpenDocument files hold beside their text: charts, SmartArt, alt text,
pictures and embedded files, read the same way for DOCX, XLSX, ODT and ODS.

Charts hand over their titles and cached values (a budget drawn as a bar chart still ships
its numbers in ``chartN.xml``); SmartArt its node texts; pictures their alt text and title.
Embedded files are read recursively through :func:`tenderctl.documents.nesting.read_attached`,
with the same bounds. A picture large enough to carry text, an OLE object tenderctl cannot
open, a zip with two members of one name: each is recorded as a part not read, so a rule
that passes on absence says ``unverified`` for the file.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections import Counter
from typing import TYPE_CHECKING, Any

from tenderctl.documents.model import Document, TextBlock, may_hold_text
from tenderctl.documents.nesting import read_attached

if TYPE_CHECKING:
    from tenderctl.documents.formats.archive import SafeZip
    from tenderctl.documents.limits import Limits

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
SVG = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"
MAX_EMBEDDED = 50
MAX_CHART_VALUES = 20_000
PICTURE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".svg")
PICTURE_MIN_BYTES = 8 * 1024
"""A picture file smaller than this holds an icon or a rule line, not a paragraph of text."""


def duplicate_members(archive: SafeZip, doc: Document) -> None:
    """Two members with one name: a zip reader keeps one of them, so the other was not read."""
    twice = sorted(name for name, count in Counter(archive.names).items() if count > 1)
    for name in twice[:20]:
        doc.part("embedded objects", False, f"the archive holds {name!r} twice: only one copy was read")


def ooxml_extras(archive: SafeZip, doc: Document, prefix: str, limits: Limits, depth: int) -> None:
    """Charts, SmartArt, alt text, pictures and embedded files of a DOCX (``word/``) or XLSX (``xl/``)."""
    duplicate_members(archive, doc)
    names = archive.names
    charts = [n for n in names if n.startswith(f"{prefix}charts/chart") and n.endswith(".xml")]
    for name in charts[:MAX_EMBEDDED]:
        _chart(archive, name, doc, titles=prefix != "xl/")  # the XLSX reader reads chart titles with its drawings
    for name in [n for n in names if n.startswith(f"{prefix}diagrams/data") and n.endswith(".xml")][:MAX_EMBEDDED]:
        root = archive.xml(name)
        texts = [t.text.strip() for t in root.iter(A + "t") if t.text and t.text.strip()] if root is not None else []
        doc.blocks.extend(TextBlock(text, where="smartart") for text in texts)
        doc.part("SmartArt", True, f"SmartArt {posixpath.basename(name)} read")
    for name in [n for n in names if n.startswith(f"{prefix}drawings/") and n.endswith(".xml") and "/_rels/" not in n][:MAX_EMBEDDED]:
        root = archive.xml(name)
        if root is not None:
            alt_texts(root, doc)
    embedded = [n for n in names if n.startswith(f"{prefix}embeddings/")]
    _embedded(archive, embedded, doc, limits, depth)
    if doc.images:  # DOCX lists its pictures with their shown size
        for image in doc.images:
            if may_hold_text(image):
                doc.part("pictures", False, f"a picture {image.width_px}×{image.height_px} px not read (no OCR)", image.page)
    elif prefix != "word/":  # XLSX only has the media files
        media = [n for n in names if n.startswith(f"{prefix}media/") and n.lower().endswith(PICTURE_EXTENSIONS)]
        _media(archive, media, doc)


def alt_texts(root: Any, doc: Document) -> None:
    """``descr`` and ``title`` of every drawing's non-visual properties (``docPr``, ``cNvPr``)."""
    for node in root.iter():
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag.endswith(("}docPr", "}cNvPr")):
            for key in ("descr", "title"):
                value = (node.get(key) or "").strip()
                if value:
                    doc.blocks.append(TextBlock(value, where="alt-text"))


def _chart(archive: SafeZip, name: str, doc: Document, titles: bool) -> None:
    root = archive.xml(name)
    if root is None:
        return
    if titles:
        for text in (t.text.strip() for t in root.iter(A + "t") if t.text and t.text.strip()):
            doc.blocks.append(TextBlock(text, where="chart"))
    count = 0
    for series in root.iter(C + "ser"):
        label = " ".join(v.text.strip() for v in series.iterfind(f"{C}tx//{C}v") if v.text) or "series"
        categories = [v.text or "" for v in series.iterfind(f"{C}cat//{C}pt/{C}v")]
        values = [v.text or "" for v in series.iterfind(f"{C}val//{C}pt/{C}v")]
        for index, value in enumerate(values):
            count += 1
            if count > MAX_CHART_VALUES:
                doc.part("charts", False, f"chart {posixpath.basename(name)}: values past the first {MAX_CHART_VALUES:,} not read")
                return
            category = categories[index] if index < len(categories) else ""
            doc.blocks.append(TextBlock(f"{label}: {category} {value}".replace("  ", " "), where="chart", column_header=label))
    doc.part("charts", True, f"chart {posixpath.basename(name)} read (titles and cached values)")


def _embedded(archive: SafeZip, embedded: list[str], doc: Document, limits: Limits, depth: int) -> None:
    if len(embedded) > MAX_EMBEDDED:
        doc.part(
            "embedded objects",
            False,
            f"{len(embedded) - MAX_EMBEDDED} of {len(embedded)} embedded objects not read (bound: {MAX_EMBEDDED})",
        )
    for name in embedded[:MAX_EMBEDDED]:
        base = posixpath.basename(name)
        try:
            data: bytes | None = archive.read(name)
        except Exception:
            data = None
        read_attached(doc, base, data, limits, depth, None)


def _media(archive: SafeZip, media: list[str], doc: Document) -> None:
    for name in media[:MAX_EMBEDDED]:
        info = archive._infos.get(name)
        if info is not None and info.file_size >= PICTURE_MIN_BYTES:
            doc.part("pictures", False, f"a picture {posixpath.basename(name)} ({info.file_size // 1024} kB) not read (no OCR)")


def odf_extras(archive: SafeZip, content: Any, doc: Document, limits: Limits, depth: int) -> None:
    """Pictures' titles and descriptions, embedded objects (charts are ``Object N/``) of an ODT/ODS."""
    duplicate_members(archive, doc)
    for frame in content.iter(DRAW + "frame"):
        for key in (SVG + "title", SVG + "desc"):
            for node in frame.iter(key):
                text = "".join(node.itertext()).strip()
                if text:
                    doc.blocks.append(TextBlock(text, where="alt-text"))
    # An embedded object is a sub-document in a folder (``Object 1/content.xml``, its own
    # mimetype): packed as a file of its own and read through the registry, it gives its table
    # cells with their column headers as a spreadsheet opened alone does.
    objects = sorted({n.rsplit("/", 1)[0] for n in archive.names if n.endswith("/content.xml") and "/" in n})
    for folder in objects[:MAX_EMBEDDED]:
        _odf_object(archive, folder, doc, limits, depth)
    if len(objects) > MAX_EMBEDDED:
        doc.part(
            "embedded objects", False, f"{len(objects) - MAX_EMBEDDED} of {len(objects)} embedded objects not read (bound: {MAX_EMBEDDED})"
        )
    # Loose members that are neither package parts nor pictures: an OLE object ("Object 1"), or
    # the original file LibreOffice keeps beside a converted object ("Obj100", a workbook).
    loose = [n for n in archive.names if "/" not in n and n not in _ODF_PARTS and not n.startswith(".")]
    for name in loose[:MAX_EMBEDDED]:
        try:
            data: bytes | None = archive.read(name)
        except Exception:
            data = None
        if data is not None and data.startswith(b"PK"):
            read_attached(doc, name, data, limits, depth, None)
        else:
            doc.part("embedded objects", False, f"embedded object {name!r} (OLE) not read")
    pictures = [n for n in archive.names if n.startswith("Pictures/") and n.lower().endswith(PICTURE_EXTENSIONS)]
    _media(archive, pictures, doc)


_ODF_PARTS = ("mimetype", "content.xml", "styles.xml", "meta.xml", "settings.xml", "manifest.rdf", "layout-cache")
_ODF_MIME = {"spreadsheet": "ods", "text": "odt", "chart": "odc", "presentation": "odp", "graphics": "odg", "formula": "odf"}


def _odf_object(archive: SafeZip, folder: str, doc: Document, limits: Limits, depth: int) -> None:
    """Read the embedded object in ``folder`` as the document it is (a spreadsheet, a text)."""
    mime = ""
    if archive.has(f"{folder}/mimetype"):
        mime = archive.read(f"{folder}/mimetype")[:200].decode("ascii", "replace").strip()
    try:
        content = archive.read(f"{folder}/content.xml")
        styles = archive.read(f"{folder}/styles.xml") if archive.has(f"{folder}/styles.xml") else None
    except Exception as exc:
        doc.part("embedded objects", False, f"embedded object {folder}: {type(exc).__name__}: {str(exc)[:120]}")
        return
    if not mime:  # no mimetype member: what the object's body says it is
        head = content[:4096]
        mime = next((f"application/vnd.oasis.opendocument.{k}" for k in _ODF_MIME if f"<office:{k}".encode() in head), "")
    kind = _ODF_MIME.get(mime.rsplit(".", 1)[-1], "odt")
    if kind == "odc":  # a chart: its cached table is text, read as a text document
        kind = "odt"
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr(
            zipfile.ZipInfo("mimetype"), mime or f"application/vnd.oasis.opendocument.{'spreadsheet' if kind == 'ods' else 'text'}"
        )
        out.writestr("content.xml", content)
        if styles is not None:
            out.writestr("styles.xml", styles)
    read_attached(doc, f"{folder}.{kind}", packed.getvalue(), limits, depth, None)
    doc.part("embedded objects", True, f"embedded object {folder} read")
