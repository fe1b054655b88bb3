"""PDF reader on pypdfium2: text lines with positions, pictures, ink, form fields, annotations.

pypdfium2 (PDFium, Apache/BSD) is fast (close to poppler's pdftotext) and permissively
licensed. Text is read per line with its bounding box (``count_rects``/``get_text_bounded``),
which the signature rule needs to tell a picture *beside the signature line* from a logo.
Digital signatures are handed to :mod:`tenderctl.documents.formats.pdfsign` (pyHanko), only when the
file has a signature field, so ordinary PDFs never pay pyHanko's import.
"""

from __future__ import annotations

import ctypes
import dataclasses
import io
import re
from typing import TYPE_CHECKING, Any

from tenderctl.documents.formats.pdf_fast import FastText
from tenderctl.documents.formats.pdf_tables import table_blocks, worth_measuring
from tenderctl.documents.model import BBox, Document, ImageInfo, InkMark, SignatureInfo, TextBlock, may_be_signature_label, may_hold_text
from tenderctl.documents.nesting import read_attached

if TYPE_CHECKING:
    from tenderctl.documents.limits import Limits

MIN_SCAN_AREA = 0.15
"""A text-less page counts as a scan when its pictures cover at least this share of it."""


_LINE_BREAK = re.compile(r"(\r\n|\n|\r)")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # a range; the negated BMP class took 5 ms to compile


def _page_text(raw: Any) -> str:
    """All of a text page's text (UTF-16 from PDFium, one call)."""
    import pypdfium2.raw as c  # type: ignore[import-untyped]  # lazy: in the reading workers only (87 ms on check's parent)

    count = c.FPDFText_CountChars(raw)
    if count <= 0:
        return ""
    size = (count + 1) * 2
    if size > _TEXT_BUFFER[1]:  # one buffer for every page (a new zero-filled one each cost 5 % of the reading)
        buffer = ctypes.create_string_buffer(max(size, 1 << 16))
        _TEXT_BUFFER[:] = [buffer, len(buffer), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))]
    written = c.FPDFText_GetText(raw, 0, count, _TEXT_BUFFER[2])
    return ctypes.string_at(_TEXT_BUFFER[0], max(0, min(written - 1, count + 1)) * 2).decode("utf-16-le", "ignore")


_TEXT_BUFFER: list[Any] = [None, 0, None]
"""The buffer PDFium writes a page's UTF-16 text into, its size, and a pointer to it."""


def _line_blocks(raw: Any, page_no: int, pdf: Any, index: int) -> list[TextBlock]:
    """The page's text (``raw``: its PDFium text page), one block per line.

    Fast path: the whole page's text in one call, split at PDFium's line breaks. A line gets
    its bounding box (from its first and last character) only where a rule looks at it: on
    the first page (the title is its topmost text) and on lines that may be a signature
    block's label; measuring every line cost a quarter of the reading time. Text outside
    UCS-2 falls back to rectangles.
    """
    import pypdfium2.raw as c  # lazy: pypdfium2 is imported in the reading workers only (87 ms on check's parent)

    text = _page_text(raw)
    if not text.strip():
        return []
    if _ASTRAL.search(text):
        page = pdf[index]
        textpage = page.get_textpage()
        try:
            return _rect_blocks(textpage, page_no)
        finally:
            textpage.close()
            page.close()
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()

    identity = c.FPDFText_CountChars(raw) == len(text)  # the usual case: text index == char index

    def box(text_index: int) -> tuple[float, float, float, float] | None:
        char_index = text_index if identity else c.FPDFText_GetCharIndexFromTextIndex(raw, text_index)
        if char_index < 0 or not c.FPDFText_GetCharBox(raw, char_index, left, right, bottom, top):
            return None
        return left.value, bottom.value, right.value, top.value

    measure_all = page_no == 1
    labels_possible = may_be_signature_label(text)  # most pages have no such word at all
    blocks: list[TextBlock] = []
    pieces = _LINE_BREAK.split(text)  # line, break, line, break, ..., line
    position = 0
    for index in range(0, len(pieces), 2):
        line = pieces[index]
        start = position
        position += len(line) + (len(pieces[index + 1]) if index + 1 < len(pieces) else 0)
        stripped = line.strip()
        if not stripped:
            continue
        bbox: BBox | None = None
        if measure_all or (labels_possible and may_be_signature_label(stripped)):
            first = start + (len(line) - len(line.lstrip()))
            last = start + len(line.rstrip()) - 1
            a, b = box(first), box(last)
            if a and b:
                bbox = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
        blocks.append(TextBlock(stripped, page_no, "body", bbox))
    return blocks


def _fast_blocks(fast: FastText, index: int, objects: list[tuple[Any, int]]) -> list[TextBlock] | None:
    """The page's lines from pdf_oxide, or None where PDFium's text page must read it: the first
    page (its title is the topmost text, by position), lines a signature rule measures, and pages
    whose tables are rebuilt from character boxes all need PDFium's boxes."""
    if index == 0:
        return None
    lines = fast.page_lines(index, objects)
    if lines is None:
        return None
    text = "\n".join(lines)
    if may_be_signature_label(text) or worth_measuring(text):
        return None
    return [TextBlock(line, index + 1, "body", None) for line in lines]


def _rect_blocks(textpage: Any, page_no: int) -> list[TextBlock]:
    """Merge pdfium's text rectangles into lines (same baseline band, left to right)."""
    lines: list[list[Any]] = []  # [x0, y0, x1, y1, [texts]]
    count = textpage.count_rects()
    for index in range(count):
        x0, y0, x1, y1 = textpage.get_rect(index)
        text = textpage.get_text_bounded(x0, y0, x1, y1).strip()
        if not text:
            continue
        if lines:
            last = lines[-1]
            height = max(1.0, min(y1 - y0, last[3] - last[1]))
            overlap = min(y1, last[3]) - max(y0, last[1])
            if overlap > 0.5 * height and x0 >= last[2] - 2:
                last[0], last[1], last[2], last[3] = min(last[0], x0), min(last[1], y0), max(last[2], x1), max(last[3], y1)
                last[4].append(text)
                continue
        lines.append([x0, y0, x1, y1, [text]])
    return [TextBlock(" ".join(texts), page=page_no, where="body", bbox=(x0, y0, x1, y1)) for x0, y0, x1, y1, texts in lines]


def _utf16(getter: Any, *args: Any) -> str:
    """Call a PDFium UTF-16 string getter (two-call protocol) and decode."""
    size = getter(*args, None, 0)
    if not size or size <= 2:
        return ""
    size = min(size, 1 << 20)
    buffer = ctypes.create_string_buffer(size)
    getter(*args, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)
    return buffer.raw[: size - 2].decode("utf-16-le", "replace")


def _bezier_count(raw: Any, cap: int = 64) -> int:
    """Curves in the path, or slanted straight segments (ink drawn as a polyline): a rule or a box
    is a few horizontal and vertical lines, a handwritten stroke many slanted ones."""
    import pypdfium2.raw as c  # lazy: pypdfium2 is imported in the reading workers only (87 ms on check's parent)

    segments = c.FPDFPath_CountSegments(raw)
    count = 0
    x, y = ctypes.c_float(), ctypes.c_float()
    last: tuple[float, float] | None = None
    for index in range(min(segments, 2000)):
        segment = c.FPDFPath_GetPathSegment(raw, index)
        if not segment:
            continue
        kind = c.FPDFPathSegment_GetType(segment)
        point = (x.value, y.value) if c.FPDFPathSegment_GetPoint(segment, x, y) else None
        slanted = kind == c.FPDF_SEGMENT_LINETO and point and last and abs(point[0] - last[0]) > 0.5 and abs(point[1] - last[1]) > 0.5
        if kind == c.FPDF_SEGMENT_BEZIERTO or slanted:
            count += 1
        last = point
        if count >= cap:
            break
    return count


def _bounds(raw: Any) -> BBox | None:
    import pypdfium2.raw as c  # lazy: pypdfium2 is imported in the reading workers only (87 ms on check's parent)

    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    if not c.FPDFPageObj_GetBounds(raw, left, bottom, right, top):
        return None
    return (left.value, bottom.value, right.value, top.value)


def _objects(raw_page: Any) -> list[tuple[Any, int]]:
    """The page's top-level objects and their kinds, walked once for the text and the pictures."""
    import pypdfium2.raw as c  # lazy: pypdfium2 is imported in the reading workers only (87 ms on check's parent)

    get_object, get_type = c.FPDFPage_GetObject, c.FPDFPageObj_GetType
    objects = (get_object(raw_page, i) for i in range(min(c.FPDFPage_CountObjects(raw_page), 100_000)))
    return [(obj, get_type(obj)) for obj in objects if obj]


def _page_objects(raw_page: Any, page_no: int, doc: Document, objects: list[tuple[Any, int]]) -> float:
    """Record pictures and freehand vector ink on a page; return the share of the page pictures cover.

    Walks PDFium's object list with raw calls (text objects are skipped without being wrapped:
    a text-heavy page has thousands). Objects inside a form XObject are placed at the form's
    bounds on the page.
    """
    import pypdfium2.raw as c  # lazy: pypdfium2 is imported in the reading workers only (87 ms on check's parent)

    width, height = c.FPDF_GetPageWidthF(raw_page), c.FPDF_GetPageHeightF(raw_page)
    page_area = max(1.0, width * height)
    covered = 0.0
    inspected = 0
    stack: list[tuple[Any, int, BBox | None]] = []  # (object, depth, bbox of the enclosing form on the page)
    text_kind = c.FPDF_PAGEOBJ_TEXT
    stack.extend((obj, 0, None) for obj, kind in reversed(objects) if kind != text_kind)
    while stack:
        raw, depth, outer = stack.pop()
        if not raw:
            continue
        kind = c.FPDFPageObj_GetType(raw)
        if kind == c.FPDF_PAGEOBJ_TEXT:
            continue
        inspected += 1
        if inspected > 5000:
            doc.notes.append(f"page {page_no}: more than 5000 drawing objects, the rest not inspected")
            break
        if kind == c.FPDF_PAGEOBJ_FORM:
            if depth < 4:
                box = outer or _bounds(raw)
                inner = c.FPDFFormObj_CountObjects(raw)
                stack.extend((c.FPDFFormObj_GetObject(raw, i), depth + 1, box) for i in reversed(range(min(max(inner, 0), 10_000))))
            continue
        if kind not in (c.FPDF_PAGEOBJ_IMAGE, c.FPDF_PAGEOBJ_PATH):
            continue
        bbox = outer or _bounds(raw)
        if bbox is None:
            continue
        x0, y0, x1, y1 = bbox
        if kind == c.FPDF_PAGEOBJ_IMAGE:
            px_w, px_h = ctypes.c_uint(), ctypes.c_uint()
            if not c.FPDFImageObj_GetImagePixelSize(raw, px_w, px_h):
                px_w.value = px_h.value = 0
            doc.images.append(ImageInfo(page=page_no, bbox=bbox, width_px=px_w.value, height_px=px_h.value))
            covered += max(0.0, x1 - x0) * max(0.0, y1 - y0)
        else:
            w, h = x1 - x0, y1 - y0
            # A handwritten signature drawn as vectors: many curves in a signature-sized box.
            if 20 < w < 400 and 8 < h < 200 and _bezier_count(raw) >= 10:
                doc.ink.append(InkMark(page=page_no, bbox=bbox, kind="vector-path"))
    return float(min(1.0, covered / page_area))


MAX_ANNOTATIONS = 2000
"""Annotations read per page; past it the page is reported with a part not read."""
MAX_ATTACHMENTS = 200
MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024


def _annotations(
    form: Any,
    raw_page: Any,
    page_no: int,
    doc: Document,
    sig_fields: dict[str, tuple[int, BBox]],
    attached: list[tuple[str, bytes | None, int]],
) -> None:
    import pypdfium2.raw as c  # lazy: pypdfium2 is imported in the reading workers only (87 ms on check's parent)

    count = c.FPDFPage_GetAnnotCount(raw_page)
    if count > MAX_ANNOTATIONS:
        doc.part(
            "annotations",
            False,
            f"{count - MAX_ANNOTATIONS:,} of {count:,} annotations not read (bound: {MAX_ANNOTATIONS:,} a page)",
            page_no,
        )
    for index in range(min(count, MAX_ANNOTATIONS)):
        annot = c.FPDFPage_GetAnnot(raw_page, index)
        if not annot:
            continue
        try:
            subtype = c.FPDFAnnot_GetSubtype(annot)
            rect = c.FS_RECTF()
            bbox: BBox | None = None
            if c.FPDFAnnot_GetRect(annot, rect):
                bbox = (min(rect.left, rect.right), min(rect.bottom, rect.top), max(rect.left, rect.right), max(rect.bottom, rect.top))
            if subtype == c.FPDF_ANNOT_INK:
                doc.ink.append(InkMark(page=page_no, bbox=bbox, kind="ink-annotation"))
            if subtype == c.FPDF_ANNOT_STAMP and bbox is not None:  # a picture stamped on: a signature or a seal
                doc.images.append(ImageInfo(page=page_no, bbox=bbox, where="stamp-annotation"))
            if subtype == c.FPDF_ANNOT_FILEATTACHMENT:  # counted past the bound, taken out only within it
                attached.append((*_annotation_file(c, annot), page_no) if len(attached) < MAX_ATTACHMENTS else ("", None, page_no))
            contents = _utf16(c.FPDFAnnot_GetStringValue, annot, b"Contents").strip()
            if subtype == c.FPDF_ANNOT_WIDGET and form is not None:
                kind = c.FPDFAnnot_GetFormFieldType(form, annot)
                name = _utf16(c.FPDFAnnot_GetFormFieldName, form, annot)
                if kind == c.FPDF_FORMFIELD_SIGNATURE:
                    if bbox is not None:
                        sig_fields.setdefault(name, (page_no, bbox))
                    continue
                value = _utf16(c.FPDFAnnot_GetFormFieldValue, form, annot).strip()
                if value and value.lower() not in ("off", "yes"):
                    doc.blocks.append(TextBlock(f"{name}: {value}" if name else value, page=page_no, where="form-field", bbox=bbox))
            elif contents and subtype not in (c.FPDF_ANNOT_LINK, c.FPDF_ANNOT_POPUP):
                doc.blocks.append(TextBlock(contents, page=page_no, where="annotation", bbox=bbox))
        finally:
            c.FPDFPage_CloseAnnot(annot)


def _annotation_file(c: Any, annot: Any) -> tuple[str, bytes | None]:
    """(name, bytes) of a FileAttachment annotation's file; None bytes when it cannot be taken out."""
    attachment = c.FPDFAnnot_GetFileAttachment(annot)
    if not attachment:
        return "a file attachment annotation", None
    name = _utf16(c.FPDFAttachment_GetName, attachment) or "a file attachment annotation"
    size = ctypes.c_ulong(0)
    if not c.FPDFAttachment_GetFile(attachment, None, 0, ctypes.byref(size)) or size.value > MAX_ATTACHMENT_BYTES:
        return name, None
    buffer = ctypes.create_string_buffer(max(1, size.value))
    if not c.FPDFAttachment_GetFile(attachment, buffer, size.value, ctypes.byref(size)):
        return name, None
    return name, buffer.raw[: size.value]


def _ocr_page(pdf: Any, index: int) -> str | None:
    from tenderctl.documents.formats.ocr import ocr_png, tesseract  # lazy: only for a scanned page (2 ms)

    if tesseract() is None:
        return None

    page = pdf[index]
    try:
        bitmap = page.render(scale=2.0)
    finally:
        page.close()
    image = bitmap.to_pil()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ocr_png(buffer.getvalue())


def _whole(limits: Limits) -> Limits:
    """``limits`` for a file inside this one: a PDF split over workers still holds attachments
    that must each be read whole, by whichever worker finds them."""
    return dataclasses.replace(limits, part=0, parts=1) if limits.parts > 1 else limits


def _attached_to_pages(doc: Document, limits: Limits, depth: int, attached: list[tuple[str, bytes | None, int]]) -> None:

    for name, data, page_no in attached[:MAX_ATTACHMENTS]:
        read_attached(doc, name, data, _whole(limits), depth, page_no)


def _attachments(pdf: Any, doc: Document, limits: Limits, depth: int, attached: list[tuple[str, bytes | None, int]]) -> None:
    """Embedded files (the name tree) and FileAttachment annotations, read recursively (see ``read_attached``)."""

    count = pdf.count_attachments()
    if count + len(attached) > MAX_ATTACHMENTS:
        doc.part(
            "attachments",
            False,
            f"{count + len(attached) - MAX_ATTACHMENTS:,} of {count + len(attached):,} attached files not read (bound: {MAX_ATTACHMENTS})",
        )
    _attached_to_pages(doc, limits, depth, attached)
    for index in range(min(count, max(0, MAX_ATTACHMENTS - len(attached)))):
        attachment = pdf.get_attachment(index)
        name = attachment.get_name() or f"attachment {index + 1}"
        try:
            data: bytes | None = bytes(attachment.get_data())
        except Exception:
            data = None
        read_attached(doc, name, data, _whole(limits), depth, None)


def read_pdf(data: bytes, doc: Document, limits: Limits, depth: int = 0) -> None:
    import pypdfium2 as pdfium  # lazy: pypdfium2 is imported in the reading workers only (95 ms on check's parent)
    import pypdfium2.raw as c  # lazy: pypdfium2 is imported in the reading workers only (87 ms on check's parent)

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            doc.encrypted = doc.password_protected = True
            doc.readable = False
            doc.unreadable_reason = "encrypted with a user password: its content cannot be checked"
        else:
            doc.readable = False
            doc.unreadable_reason = f"not a readable PDF ({message.rstrip('.')})"
        return
    try:
        if c.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1:
            doc.encrypted = True
            doc.notes.append("encrypted without an opening password (permissions restricted); the text was read")
        try:
            pdf.init_forms()
        except Exception as exc:
            doc.notes.append(f"form fields not read ({exc})")
        total = len(pdf)
        doc.pages = total
        limit = min(total, limits.max_pages)
        first_part = limits.part == 0
        if limit < total and first_part:
            doc.partial = True
            doc.notes.append(f"read the first {limit} of {total} pages: pages {limit + 1}-{total} were not checked")
        sig_fields: dict[str, tuple[int, BBox]] = {}
        attached: list[tuple[str, bytes | None, int]] = []
        damaged: list[int] = []
        form = pdf.formenv.raw if pdf.formenv else None
        pages = page_range(limit, limits.part, limits.parts)
        fast = FastText(data if limits.fast_text else b"", total)  # plain pages' text without PDFium's text page (see pdf_fast)
        for index in pages:
            page_no = index + 1
            # Raw PDFium calls: pypdfium2's page and text-page objects (finalizers, weak
            # references) cost a third of the time on text-heavy pages.
            raw_page = c.FPDF_LoadPage(pdf.raw, index)
            if not raw_page:
                damaged.append(page_no)
                fast.stop()
                continue
            if form:
                c.FORM_OnAfterLoadPage(raw_page, form)
            try:
                objects = _objects(raw_page)
                lines, cells = _fast_blocks(fast, index, objects), []
                if lines is None:  # the first page, a signature label, a table, or a page pdf_oxide may read otherwise
                    raw_text = c.FPDFText_LoadPage(raw_page)
                    if not raw_text:
                        raise pdfium.PdfiumError("Failed to load text page.")
                    try:
                        lines = _line_blocks(raw_text, page_no, pdf, index)
                        cells = table_blocks(raw_text, page_no, lines)  # tables rebuilt from character boxes
                    finally:
                        c.FPDFText_ClosePage(raw_text)
                doc.blocks.extend(lines)
                doc.blocks.extend(cells)
                coverage = _page_objects(raw_page, page_no, doc, objects)
                _annotations(form, raw_page, page_no, doc, sig_fields, attached)
                if not lines and coverage >= MIN_SCAN_AREA:
                    text = _ocr_page(pdf, index) if limits.ocr else None
                    if text:
                        from tenderctl.documents.formats.ocr import add_ocr_text  # lazy: only for a scanned page (2 ms)

                        if add_ocr_text(doc, text, page_no):
                            continue
                    doc.image_only_pages.append(page_no)
                if page_no == 1 and lines:
                    top = sorted((b for b in lines if any(ch.isalpha() for ch in b.text)), key=lambda b: -(b.bbox or (0, 0, 0, 0))[3])
                    if top:
                        doc.title = " ".join(b.text for b in top[:2])[:200]
            except pdfium.PdfiumError:
                damaged.append(page_no)
            finally:
                if form:
                    c.FORM_OnBeforeClosePage(raw_page, form)
                c.FPDF_ClosePage(raw_page)
        if damaged:
            doc.partial = True
            doc.damaged_pages.extend(damaged)  # the note is the whole document's: finish_pdf
        if not first_part:
            # Another worker reads the document-wide parts; hand over where signature fields sit.

            doc.signatures.extend(SignatureInfo(kind="widget", field=name, page=where[0]) for name, where in sig_fields.items())
            _attached_to_pages(doc, limits, depth, attached)
            return
        try:
            metadata = pdf.get_metadata_dict(skip_empty=True)
        except Exception:
            metadata = {}
        for key, value in metadata.items():
            if key in ("Title", "Subject", "Keywords", "Author", "Creator"):
                doc.blocks.append(TextBlock(f"{key}: {value}", where="metadata"))
        if doc.title is None and metadata.get("Title") and str(metadata["Title"]).lower() not in ("untitled", "unspecified"):
            doc.title = str(metadata["Title"])[:200]
        _attachments(pdf, doc, limits, depth, attached)
        signature_count = c.FPDF_GetSignatureCount(pdf.raw)
    finally:
        pdf.close()
    if sig_fields or signature_count > 0 or b"/Sig" in data:
        from tenderctl.documents.formats.pdfsign import pdf_signatures  # lazy: pyHanko, only for a file with a signature field

        try:
            doc.signatures.extend(pdf_signatures(data, sig_fields))
        except Exception as exc:  # pyHanko chokes on some files: say so, never pass
            doc.notes.append(f"digital signatures could not be analysed: {type(exc).__name__}: {str(exc)[:200]}")

            doc.signatures.append(
                SignatureInfo(kind="pdf", signed=False, intact=None, detail=f"signature analysis failed: {str(exc)[:200]}")
            )
    if limits.parts <= 1:
        finish_pdf(doc, limits)


def page_range(pages: int, part: int, parts: int) -> range:
    """The pages (0-based) part ``part`` of ``parts`` reads: one contiguous run each, the sizes
    differing by one page at most. A run keeps a worker on neighbouring pages, which share
    their fonts, images and object streams, and the merged document is in page order as it comes."""
    parts = max(1, parts)
    return range(part * pages // parts, (part + 1) * pages // parts)


def finish_pdf(doc: Document, limits: Limits) -> None:
    """Document-wide conclusions once every page is in (after merging parts read in parallel)."""
    damaged = sorted(doc.damaged_pages)
    doc.damaged_pages = damaged
    if damaged:
        doc.partial = True
        doc.notes.append(f"{_pages(damaged, damaged=True)} (damaged): nothing there could be checked")
        if len(damaged) >= min(doc.pages or 0, limits.max_pages):
            doc.readable = False
            doc.unreadable_reason = "damaged PDF: no page could be read"
    ocr_pages = sorted({b.page for b in doc.blocks if b.where == "ocr" and b.page})
    if ocr_pages:
        doc.notes.append(f"{_pages(ocr_pages)} no text layer and were read by OCR (tesseract): recognised text may contain errors")
    scans = sorted(doc.image_only_pages)
    doc.image_only_pages = scans
    _unread_pictures(doc, set(scans) | set(ocr_pages))
    if scans:
        hint = "" if limits.ocr and _has_tesseract() else " (install tesseract for OCR)"
        doc.notes.append(f"{_pages(scans, scanned=True)} without a text layer: nothing there could be checked{hint}")
        pages_read = min(doc.pages or 0, limits.max_pages)
        if len(scans) >= pages_read and not any(b.where in ("body", "ocr") for b in doc.blocks):
            doc.readable = False
            doc.unreadable_reason = f"image-only scan without a text layer{hint}"


def _unread_pictures(doc: Document, pages_accounted: set[int]) -> None:
    """Pictures large enough to carry text, on pages with a text layer, were not read: say so per picture."""

    for image in doc.images:
        if image.page in pages_accounted or not may_hold_text(image):
            continue
        doc.part("pictures", False, f"a picture {image.width_px}×{image.height_px} px not read (no OCR)", image.page)


def _has_tesseract() -> bool:
    from tenderctl.documents.formats.ocr import tesseract  # lazy: only for a scanned page (2 ms)

    return tesseract() is not None


def _pages(numbers: list[int], scanned: bool = False, damaged: bool = False) -> str:
    """'page 3 is a scanned image' / 'pages 1-3 are scanned images' (or '... has'/'have')."""
    one = len(numbers) == 1
    if damaged:
        return f"page {numbers[0]} could not be read" if one else f"pages {_ranges(numbers)} could not be read"
    if scanned:
        return f"page {numbers[0]} is a scanned image" if one else f"pages {_ranges(numbers)} are scanned images"
    return f"page {numbers[0]} has" if one else f"pages {_ranges(numbers)} have"


def _ranges(numbers: list[int]) -> str:
    """[1,2,3,7] -> '1-3, 7'."""
    parts: list[str] = []
    start = prev = numbers[0]
    for number in [*numbers[1:], 0]:
        if number == prev + 1:
            prev = number
            continue
        parts.append(f"{start}-{prev}" if prev != start else f"{start}")
        start = prev = number
    return ", ".join(parts)
