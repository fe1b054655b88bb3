"""Build the checklist corpus: realistic proposal folders made by real software (reportlab,
python-docx, openpyxl, PDFium, Pillow), one folder per case of ``cases.yaml``.

Each case names a builder and its arguments; the builder writes the folder's files. The
expected verdicts sit beside each case in ``cases.yaml`` (``split: train`` or ``holdout``).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

import docgen  # noqa: E402


def _picture(text: str, px: tuple[int, int] = (1600, 900)) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("L", px, 255)
    ImageDraw.Draw(image).text((40, 40), text, fill=0)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _pdf(
    path: Path,
    lines: list[str],
    *,
    picture: bytes | None = None,
    size: tuple[float, float] = (450, 250),
    closing: str | None = None,
    mark: bytes | None = None,
    mark_box: tuple[float, float] = (160, 50),
) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    y = 780.0
    for line in lines:
        pdf.drawString(72, y, line)
        y -= 16
    if picture is not None:
        pdf.drawImage(ImageReader(io.BytesIO(picture)), 72, y - size[1] - 10, size[0], size[1])
        y -= size[1] + 30
    if closing:
        pdf.drawString(72, y - 20, closing)
        if mark is not None:
            pdf.drawImage(ImageReader(io.BytesIO(mark)), 72, y - 30 - mark_box[1], mark_box[0], mark_box[1])
    pdf.showPage()
    pdf.save()


def stamp_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (220, 220), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((6, 6, 214, 214), outline=(40, 40, 170), width=7)
    draw.text((50, 100), "ACME CONSULTING", fill=(40, 40, 170))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def technical(folder: Path, lines: list[str], *, name: str = "Technical_Proposal.pdf", **kw: Any) -> None:
    _pdf(folder / name, lines, **kw)


def cv_pdf(folder: Path, name: str, lines: list[str]) -> None:
    _pdf(folder / name, lines)


def cv_docx(folder: Path, name: str, lines: list[str]) -> None:
    docgen.docx(folder / name, lines)


def team_table(folder: Path, name: str, title: str, rows: list[list[str]]) -> None:
    docgen.docx(folder / name, [title, "The team proposed for the assignment."], table=rows)


def embedded_budget(folder: Path, lines: list[str], rows: list[list[Any]]) -> None:
    budget = docgen.xlsx(folder.parent / f"{folder.name}-budget.xlsx", rows, currency_format=None)
    docgen.attachment_pdf(folder / "Technical_Proposal.pdf", "budget.xlsx", budget.read_bytes(), lines)
    budget.unlink()


def docx_picture(folder: Path, lines: list[str], text: str) -> None:
    import docx as python_docx
    from docx.shared import Inches

    document = python_docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.add_paragraph().add_run().add_picture(io.BytesIO(_picture(text)), width=Inches(5.5))
    document.save(str(folder / "Technical_Proposal.docx"))


def xml_signed(folder: Path, lines: list[str]) -> None:
    docgen.docx_xml_signed(folder / "Technical_Proposal.docx", lines)


BUILDERS: dict[str, Callable[..., None]] = {
    "technical": technical,
    "cv_pdf": cv_pdf,
    "cv_docx": cv_docx,
    "team_table": team_table,
    "embedded_budget": embedded_budget,
    "docx_picture": docx_picture,
    "xml_signed": xml_signed,
}


def build(case: dict[str, Any], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for item in case["files"]:
        args = dict(item)
        kind = args.pop("kind")
        if "picture" in args:
            args["picture"] = _picture(args["picture"])
        if args.get("mark") == "signature":
            args["mark"] = docgen.signature_png()
        elif args.get("mark") == "stamp":
            args["mark"] = stamp_png()
            args["mark_box"] = (90, 90)
        BUILDERS[kind](folder, **args)
