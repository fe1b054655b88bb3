"""Build the checklist corpus: realistic proposal folders made by real software (reportlab,
python-docx, openpyxl, PDFium, Pillow, pyHanko for PDF signatures, XML-DSig signatures made with
a test certificate, LibreOffice for PDF exports and ODT), one folder per case of ``cases.yaml``.

Each case names a builder per file and its arguments; the builder writes the folder's files. A
file with ``convert: pdf`` or ``convert: odt`` is made as DOCX and then converted by LibreOffice
(``soffice --headless --convert-to``), all files of a run in one LibreOffice process:
:func:`build` returns what is left to convert and :func:`convert_all` does it. The expected
verdicts sit beside each case in ``cases.yaml`` (``split: train`` or ``holdout``);
``expect_ocr`` overrides them when an OCR engine is installed.

    python bench/corpus_checks/build.py OUT_DIR [CASE ...]     # write folders to look at
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "documents")]

import embed_maker  # noqa: E402
import xmlsign_maker  # noqa: E402

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


def docx(
    folder: Path,
    lines: list[str],
    *,
    name: str = "Technical_Proposal.docx",
    rows: list[list[Any]] | None = None,
    **kw: Any,
) -> None:
    """A python-docx document: lines, an optional table, header/footer/footnote/comment/text box,
    a signature picture under a label, tracked changes (docgen.docx's options)."""
    docgen.docx(folder / name, lines, table=[[str(c) for c in row] for row in rows] if rows else None, **kw)


def xlsx(folder: Path, name: str, rows: list[list[Any]], currency: bool = False) -> None:
    docgen.xlsx(folder / name, rows, currency_format='"$"#,##0' if currency else None)


def odt(folder: Path, lines: list[str], *, name: str = "Technical_Proposal.odt", **kw: Any) -> None:
    docgen.odt(folder / name, lines, **kw)


def scan(folder: Path, lines: list[str], *, name: str = "Technical_Proposal.pdf", pages: int = 1) -> None:
    docgen.image_only_pdf(folder / name, lines, pages=pages)


def letter_pdf(folder: Path, lines: list[str], *, name: str = "Technical_Proposal.pdf", **kw: Any) -> None:
    """docgen.text_pdf: a label and line to sign on, a picture or ink on it, a typed name."""
    docgen.text_pdf(folder / name, lines, **kw)


def signed_pdf(folder: Path, lines: list[str], *, name: str = "Technical_Proposal.pdf", edited: str | None = None) -> None:
    """A PDF signed by pyHanko with the test certificate; ``edited`` adds text after signing."""
    path = folder / name
    if edited is None:
        docgen.signed_pdf(path, lines)
        return
    signed = folder.parent / f"{folder.name}-signed.pdf"
    docgen.signed_pdf(signed, lines)
    docgen.modify_after_signing(path, signed, edited)
    signed.unlink()


def office_signed(
    folder: Path,
    lines: list[str],
    *,
    name: str = "Technical_Proposal.docx",
    tamper: list[str] | None = None,
    added: str | None = None,
    rsa: bool = False,
) -> None:
    """A DOCX or ODT with a real XML signature (test certificate); ``tamper: [old, new]`` edits
    the body after signing, ``added`` slips a part in after signing."""
    path = folder / name
    who = xmlsign_maker.rsa_identity() if rsa else docgen.test_identity()
    if path.suffix == ".odt":
        docgen.odt(path, lines)
        xmlsign_maker.sign_odf(path, who)
        body = "content.xml"
    else:
        docgen.docx(path, lines)
        xmlsign_maker.sign_ooxml(path, who)
        body = "word/document.xml"
    if tamper:
        xmlsign_maker.tamper(path, body, tamper[0].encode(), tamper[1].encode())
    if added:
        xmlsign_maker.add_part(path, added, b"PK\x05\x06" + b"\0" * 18)


def docx_embedded(folder: Path, lines: list[str], rows: list[list[Any]], *, name: str = "Technical_Proposal.docx") -> None:
    """A Word document with an Excel workbook embedded as an object (Insert > Object)."""
    workbook = docgen.xlsx(folder.parent / f"{folder.name}-book.xlsx", rows, currency_format=None)
    embed_maker.docx_with_workbook(folder / name, lines, workbook.read_bytes())
    workbook.unlink()


def docx_extra(
    folder: Path,
    lines: list[str],
    *,
    name: str = "Technical_Proposal.docx",
    hidden: str | None = None,
    alt_text: str | None = None,
    small_picture: bool = False,
) -> None:
    """python-docx with a hidden run (Font.hidden), or a picture whose alt text (descr) says something."""
    import docx as python_docx
    from docx.shared import Inches

    document = python_docx.Document()
    for line in lines:
        document.add_paragraph(line)
    if hidden:
        document.add_paragraph().add_run(hidden).font.hidden = True
    if alt_text is not None:
        picture = _picture("", (120, 60)) if small_picture else _picture("Organisation chart", (900, 500))
        shape = document.add_paragraph().add_run().add_picture(io.BytesIO(picture), width=Inches(1.0 if small_picture else 5.0))
        shape._inline.docPr.set("descr", alt_text)
    document.save(str(folder / name))


BUILDERS: dict[str, Callable[..., None]] = {
    "technical": technical,
    "cv_pdf": cv_pdf,
    "cv_docx": cv_docx,
    "team_table": team_table,
    "embedded_budget": embedded_budget,
    "docx_picture": docx_picture,
    "xml_signed": xml_signed,
    "docx": docx,
    "xlsx": xlsx,
    "odt": odt,
    "scan": scan,
    "letter_pdf": letter_pdf,
    "signed_pdf": signed_pdf,
    "office_signed": office_signed,
    "docx_embedded": docx_embedded,
    "docx_extra": docx_extra,
}


def build(case: dict[str, Any], folder: Path) -> list[tuple[Path, str]]:
    """Write the case's files into ``folder``; return the (docx, target format) pairs to convert."""
    folder.mkdir(parents=True, exist_ok=True)
    pending: list[tuple[Path, str]] = []
    for item in case["files"]:
        args = dict(item)
        kind = args.pop("kind")
        convert = args.pop("convert", None)
        if "picture" in args:
            args["picture"] = _picture(args["picture"])
        if args.get("mark") == "signature":
            args["mark"] = docgen.signature_png()
        elif args.get("mark") == "stamp":
            args["mark"] = stamp_png()
            args["mark_box"] = (90, 90)
        if convert:
            args["name"] = str(Path(args.get("name", "Technical_Proposal.pdf")).with_suffix(".docx"))
        BUILDERS[kind](folder, **args)
        if convert:
            pending.append((folder / args["name"], convert))
    return pending


def convert_all(pending: list[tuple[Path, str]]) -> None:
    """Convert every pending DOCX with LibreOffice (one process per target format); the DOCX goes."""
    for target in sorted({fmt for _, fmt in pending}):
        sources = [path for path, fmt in pending if fmt == target]
        embed_maker.soffice_convert(sources, target)
        for path in sources:
            path.unlink()


def main(argv: list[str]) -> int:
    import yaml

    out = Path(argv[0])
    cases = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8"))
    pending: list[tuple[Path, str]] = []
    for name in argv[1:] or sorted(cases):
        pending += build(cases[name], out / name)
    convert_all(pending)
    print(f"wrote {len(argv[1:] or cases)} folders under {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
