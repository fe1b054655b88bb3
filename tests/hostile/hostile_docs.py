"""Generators for hostile documents, written byte by byte so that each is cheap and exact.

PDFs are written as PDF syntax (objects, a cross-reference table, a trailer) rather than
through a library page by page: ten thousand pages take milliseconds this way. Zip bombs are
streamed through ``zipfile`` so the test process never holds the inflated gigabytes.
"""

from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib
from pathlib import Path

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_content(text: str, y: int = 720) -> bytes:
    return stream(b"BT /F1 24 Tf 72 %d Td (%s) Tj ET" % (y, text.encode("latin-1")))


def pdf_file(objects: list[bytes], *, root: int = 1, xref: bool = True) -> bytes:
    """Objects numbered from 1 in order, a correct xref table (unless ``xref=False``) and trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref_at)
    return bytes(out)


def page(parent: int, content: int, font: int, extra: bytes = b"") -> bytes:
    return b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> %s >> >>" % (
        parent,
        content,
        font,
        extra,
    )


def simple_pdf(text: str = "Hello hostile world") -> bytes:
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            page(2, 4, 5),
            text_content(text),
            FONT,
        ]
    )


def many_pages_pdf(count: int = 10_000) -> bytes:
    """``count`` pages sharing one content stream: 1.3 MB for ten thousand pages."""
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        FONT,
        text_content("Same page again"),
    ]
    objects += [page(2, 4, 3)] * count
    return pdf_file(objects)


def cyclic_pdf() -> bytes:
    """The page tree contains itself (Kids -> itself) and the page's Parent points back into the loop."""
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 2 0 R 6 0 R] /Count 3 >>",
            page(2, 4, 5),
            text_content("Cycle survivor"),
            FONT,
            b"<< /Type /Pages /Parent 6 0 R /Kids [6 0 R 2 0 R] /Count 2 >>",
        ]
    )


def bad_xref_pdf() -> bytes:
    """Every offset in the cross-reference table is wrong and startxref points into the middle of an object."""
    good = simple_pdf("Xref repaired")
    head, _, _ = good.partition(b"xref\n")
    table = b"xref\n0 6\n0000000000 65535 f \n" + b"0000000999 00000 n \n" * 5
    return head + table + b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n40\n%%EOF\n"


def huge_image_pdf(width: int = 50_000, height: int = 50_000) -> bytes:
    """A page showing one image declared 50,000 x 50,000 RGB (7.5 GB decoded) with a few bytes of data."""
    pixels = zlib.compress(b"\x80" * 3 * 64)
    image = stream(
        pixels,
        b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode"
        % (width, height),
    )
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            page(2, 4, 5, b"/XObject << /Im1 6 0 R >>"),
            stream(b"q 612 0 0 792 0 0 cm /Im1 Do Q BT /F1 12 Tf 72 40 Td (Caption under the picture) Tj ET"),
            FONT,
            image,
        ]
    )


def reportlab_pdf(pages: list[str], encrypt: object | None = None) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, encrypt=encrypt)
    for text in pages:
        sheet.setFont("Helvetica", 14)
        sheet.drawString(72, 720, text)
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def encrypted_pdf(user_password: str) -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption

    return reportlab_pdf(["Secret technical proposal"], StandardEncryption(user_password, "owner-secret", canPrint=0, canCopy=0))


def scan_pdf() -> bytes:
    """A page that is only a picture of text (no text layer), like a scanner makes."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    picture = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(picture)
    for line in range(30):
        draw.rectangle((100, 150 + line * 50, 1100, 170 + line * 50), fill=0)
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer)
    sheet.drawImage(ImageReader(picture), 0, 0, width=595, height=842)
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b"</Types>"
)
ROOT_RELS_DOCX = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    b"</Relationships>"
)
ROOT_RELS_XLSX = ROOT_RELS_DOCX.replace(b"word/document.xml", b"xl/workbook.xml")
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Budget" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    b"</Relationships>"
)
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"
DOCUMENT_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
DOCUMENT_TAIL = b"</w:body></w:document>"


def docx_paragraphs(texts: list[str]) -> bytes:
    body = b"".join(b"<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % t.encode() for t in texts)
    return office_zip("docx", {"word/document.xml": DOCUMENT_HEAD + body + DOCUMENT_TAIL})


def office_zip(kind: str, members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS_DOCX if kind == "docx" else ROOT_RELS_XLSX)
        if kind == "xlsx":
            archive.writestr("xl/workbook.xml", WORKBOOK)
            archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _deflate(data: bytes) -> bytes:
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    return squeeze.compress(data) + squeeze.flush()


def raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip written by hand from (name, raw deflate data, CRC-32, declared inflated size).

    Hand-written so that a member can be gigabytes when inflated without ever existing
    inflated here, and so that its declared size can lie.
    """
    out = bytearray()
    central = bytearray()
    for name, packed, crc, size in members:
        raw_name = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x5A21, crc, len(packed), size, len(raw_name), 0) + raw_name + packed
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x5A21, crc, len(packed), size, len(raw_name), 0, 0, 0, 0, 0, offset
        )
        central += raw_name
    directory_at = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), directory_at, 0)
    return bytes(out)


def _small(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    return (name, _deflate(data), zlib.crc32(data), len(data))


@functools.lru_cache(maxsize=4)
def _bomb_part(kind: str, inflated_mb: int) -> tuple[bytes, int, int]:
    head, tail = (DOCUMENT_HEAD, DOCUMENT_TAIL) if kind == "docx" else (SHEET_HEAD, SHEET_TAIL)
    megabyte = b" " * (1 << 20)
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = squeeze.compress(head + megabyte) + squeeze.flush(zlib.Z_FULL_FLUSH)
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = squeeze.compress(megabyte) + squeeze.flush(zlib.Z_FULL_FLUSH)
    last = squeeze.compress(tail) + squeeze.flush()
    packed = first + block * (inflated_mb - 1) + last
    crc = zlib.crc32(head + megabyte)
    for _ in range(inflated_mb - 1):
        crc = zlib.crc32(megabyte, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(tail) + inflated_mb * (1 << 20)
    return packed, crc, size


def zip_bomb(kind: str, inflated_mb: int = 2048, lie_about_size: bool = False) -> bytes:
    """A DOCX or XLSX whose main part inflates to ``inflated_mb`` of XML whitespace (about 1000:1).

    The deflate stream is one compressed megabyte of spaces repeated: after a full flush the
    compressor starts afresh, so each megabyte compresses to the same bytes. ``lie_about_size``:
    the headers declare the part as 4 kB (a check of declared sizes and ratios passes) while
    the data still inflates to ``inflated_mb``.
    """
    member = "word/document.xml" if kind == "docx" else "xl/worksheets/sheet1.xml"
    packed, crc, size = _bomb_part(kind, inflated_mb)
    members = [_small("[Content_Types].xml", CONTENT_TYPES), _small("_rels/.rels", ROOT_RELS_DOCX if kind == "docx" else ROOT_RELS_XLSX)]
    if kind == "xlsx":
        members += [_small("xl/workbook.xml", WORKBOOK), _small("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)]
    members.append((member, packed, crc, 4096 if lie_about_size else size))
    return raw_zip(members)


def _column(index: int) -> bytes:
    letters = b""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = bytes([65 + rem]) + letters
    return letters


def million_cells_xlsx(rows: int = 1000, columns: int = 1000) -> bytes:
    """rows x columns numeric cells written straight as sheet XML (about 30 MB inflated)."""
    names = [_column(c) for c in range(columns)]
    parts = [SHEET_HEAD]
    for r in range(1, rows + 1):
        row = b"".join(b'<c r="%s%d"><v>%d</v></c>' % (names[c], r, (r * 7919 + c * 104729) % 1000003) for c in range(columns))
        parts.append(b'<row r="%d">' % r + row + b"</row>")
    parts.append(SHEET_TAIL)
    return office_zip("xlsx", {"xl/worksheets/sheet1.xml": b"".join(parts)})


def write_all(folder: Path) -> dict[str, bytes]:
    """Every hostile document, plus two good ones, written into ``folder``; returns name -> bytes."""
    from reportlab.lib.pdfencrypt import StandardEncryption  # noqa: F401 - fail early if reportlab lacks it

    docs = {
        "docx-bomb.docx": zip_bomb("docx"),
        "docx-bomb-lying.docx": zip_bomb("docx", lie_about_size=True),
        "xlsx-bomb.xlsx": zip_bomb("xlsx"),
        "million-cells.xlsx": million_cells_xlsx(),
        "cyclic.pdf": cyclic_pdf(),
        "bad-xref.pdf": bad_xref_pdf(),
        "no-xref.pdf": pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                page(2, 4, 5),
                text_content("No table at all"),
                FONT,
            ],
            xref=False,
        ),
        "truncated.pdf": b"",  # filled below from a real two-page file
        "ten-thousand-pages.pdf": many_pages_pdf(10_000),
        "huge-image.pdf": huge_image_pdf(),
        "encrypted-user-password.pdf": encrypted_pdf("open-sesame"),
        "encrypted-owner-only.pdf": encrypted_pdf(""),
        "scan.pdf": scan_pdf(),
        "pdf-named.docx": simple_pdf("Really a PDF"),
        "text-named.pdf": b"Plain words in a file that calls itself a PDF.\n",
        "zero.pdf": b"",
        "zero.docx": b"",
        "garbage.xlsx": bytes(range(256)) * 64,
        "good.pdf": simple_pdf("Good technical proposal"),
        "good.docx": docx_paragraphs(["Good financial proposal", "Total price 1,000 USD"]),
    }
    whole = reportlab_pdf(["Page one of a truncated file " + "x" * 40, "Page two"] * 3)
    docs["truncated.pdf"] = whole[: len(whole) // 2]
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in docs.items():
        (folder / name).write_bytes(data)
    return docs


# --------------------------------------------------------------------------- issue 18: second round


def shared_string_xlsx(cells: int = 500_000, string_kb: int = 1) -> bytes:
    """``cells`` cells that all point at one shared string of ``string_kb`` kB (2.5 MB zipped):
    small on disk and in the worker (one string), huge once each cell's text is counted."""
    rels = WORKBOOK_RELS.replace(
        b"</Relationships>",
        b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        b'Target="sharedStrings.xml"/></Relationships>',
    )
    text = (b"Lorem ipsum dolor sit amet " * (string_kb * 1024 // 27 + 1))[: string_kb * 1024]
    strings = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        b'uniqueCount="1"><si><t>' + text + b"</t></si></sst>"
    )
    columns = 100
    names = [_column(c) for c in range(columns)]
    parts = [SHEET_HEAD]
    for r in range(1, cells // columns + 1):
        parts.append(b'<row r="%d">' % r + b"".join(b'<c r="%s%d" t="s"><v>0</v></c>' % (names[c], r) for c in range(columns)) + b"</row>")
    parts.append(SHEET_TAIL)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS_XLSX)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr("xl/sharedStrings.xml", strings)
        archive.writestr("xl/worksheets/sheet1.xml", b"".join(parts))
    return buffer.getvalue()


def many_annotations_pdf(count: int = 2050, last: str = "Daily fee: USD 650") -> bytes:
    """A one-page PDF (reportlab) with ``count`` text annotations added by PDFium; the last says ``last``."""
    import ctypes

    import pypdfium2 as pdfium  # type: ignore[import-untyped]
    import pypdfium2.raw as c  # type: ignore[import-untyped]

    pdf = pdfium.PdfDocument(reportlab_pdf(["Technical proposal", "Our approach to the assignment."]))
    page = pdf[0]
    for index in range(count):
        annot = c.FPDFPage_CreateAnnot(page.raw, c.FPDF_ANNOT_TEXT)
        c.FPDFAnnot_SetRect(annot, c.FS_RECTF(10 + index % 50, 10, 20 + index % 50, 20))
        text = (last if index == count - 1 else f"reviewer note {index}").encode("utf-16-le") + b"\x00\x00"
        c.FPDFAnnot_SetStringValue(annot, b"Contents", ctypes.cast(ctypes.c_char_p(text), ctypes.POINTER(ctypes.c_ushort)))
        c.FPDFPage_CloseAnnot(annot)
    page.close()
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()


def many_attachments_pdf(count: int = 201, last: bytes = b"Daily fee: USD 650") -> bytes:
    """A PDF with ``count`` attached text files (PDFium); the last holds ``last``."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    pdf = pdfium.PdfDocument(reportlab_pdf(["Technical proposal", "Our approach to the assignment."]))
    for index in range(count):
        attachment = pdf.new_attachment(f"note{index:03d}.txt")
        attachment.set_data(last if index == count - 1 else f"Note {index}: fieldwork plan.".encode())
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()
