"""Signatures seen as people make them (issue 13 item 7): a closing without a label, ink drawn
as straight segments, a picture in a Stamp annotation; a company stamp alone is not one."""

from __future__ import annotations

import io
import random
from pathlib import Path

import docgen
from rule_helpers import run_rule
from tenderctl.documents.model import Document, Role
from tenderctl.documents.reader import read_path


def _read(path: Path) -> Document:
    doc = read_path(str(path), path.name)
    doc.role = Role.technical
    return doc


def _status(path: Path) -> tuple[str, str]:
    (result,) = run_rule("signature", [_read(path)])
    return result.status.value, result.message


def stamp_png(size: int = 200) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((5, 5, size - 5, size - 5), outline=(30, 40, 160), width=6)
    draw.text((size // 4, size // 2), "EXAMPLE LTD", fill=(30, 40, 160))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def letter(
    path: Path,
    closing: str = "Yours faithfully,",
    *,
    picture: bytes | None = None,
    box: tuple[float, float] = (160, 50),
    polyline: bool = False,
) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.drawString(72, 770, "Technical proposal - cover letter")
    pdf.drawString(72, 740, "We are pleased to submit our proposal for the assignment.")
    pdf.drawString(72, 600, closing)
    if picture is not None:
        pdf.drawImage(ImageReader(io.BytesIO(picture)), 72, 590 - box[1], box[0], box[1])
    if polyline:
        rng = random.Random(3)
        stroke = pdf.beginPath()
        stroke.moveTo(80, 560)
        for step in range(1, 25):
            stroke.lineTo(80 + step * 6, 560 + rng.uniform(-12, 12))
        pdf.drawPath(stroke, stroke=1, fill=0)
    pdf.drawString(72, 500, "Jane Doe, Director")
    pdf.showPage()
    pdf.save()
    return path


def test_a_signature_under_a_closing_with_no_label_is_signed(tmp_path: Path) -> None:
    status, message = _status(letter(tmp_path / "Technical.pdf", picture=docgen.signature_png()))
    assert status == "pass", message


def test_ink_drawn_as_straight_segments_is_signed(tmp_path: Path) -> None:
    status, message = _status(letter(tmp_path / "Technical.pdf", "Veuillez agréer nos salutations distinguées.", polyline=True))
    assert status == "pass" and "freehand" in message, message


def test_a_company_stamp_alone_warns(tmp_path: Path) -> None:
    status, message = _status(letter(tmp_path / "Technical.pdf", picture=stamp_png(), box=(90, 90)))
    assert status == "warn" and "a stamp, no signature seen" in message, message


def test_a_stamp_beside_a_signature_is_signed(tmp_path: Path) -> None:
    path = letter(tmp_path / "Technical.pdf", picture=docgen.signature_png(), box=(160, 50))
    doc = _read(path)
    from tenderctl.documents.model import ImageInfo

    doc.images.append(ImageInfo(page=1, bbox=(250, 500, 340, 590), width_px=200, height_px=200))
    (result,) = run_rule("signature", [doc])
    assert result.status.value == "pass", result.message


def test_a_picture_in_a_stamp_annotation_is_signed(tmp_path: Path) -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    letter(tmp_path / "plain.pdf")
    pdf = pdfium.PdfDocument((tmp_path / "plain.pdf").read_bytes())
    page = pdf[0]
    from PIL import Image

    annot = c.FPDFPage_CreateAnnot(page.raw, c.FPDF_ANNOT_STAMP)
    c.FPDFAnnot_SetRect(annot, c.FS_RECTF(72, 540, 232, 590))
    image = c.FPDFPageObj_NewImageObj(pdf.raw)
    bitmap = pdfium.PdfBitmap.from_pil(Image.open(io.BytesIO(docgen.signature_png())).convert("RGB"))
    assert c.FPDFImageObj_SetBitmap(None, 0, image, bitmap.raw)
    c.FPDFPageObj_SetMatrix(image, c.FS_MATRIX(160, 0, 0, 50, 72, 540))
    assert c.FPDFAnnot_AppendObject(annot, image)
    c.FPDFPage_CloseAnnot(annot)
    page.close()
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    (tmp_path / "Technical.pdf").write_bytes(out.getvalue())
    status, message = _status(tmp_path / "Technical.pdf")
    assert status == "pass", message


def test_a_closing_in_prose_is_not_a_signature_block(tmp_path: Path) -> None:
    path = docgen.text_pdf(
        tmp_path / "Technical.pdf", ["Technical proposal", "We remain, sincerely committed to the programme, at your disposal for 3 years."]
    )
    status, _message = _status(path)
    assert status == "fail"
