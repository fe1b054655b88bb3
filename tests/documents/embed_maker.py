"""Office files with embedded objects, and LibreOffice conversions.

    docx_with_workbook(path, lines, workbook_bytes)   # a Word document with an embedded Excel sheet
    soffice_convert([paths], "odt" | "pdf" | "docx")  # LibreOffice headless, one process for all files

The DOCX embedding is laid out as Word writes an "Insert > Object > Excel worksheet": the
workbook as the package part ``word/embeddings/Microsoft_Excel_Worksheet.xlsx``, a preview
picture, and a ``w:object`` holding ``o:OLEObject ProgID="Excel.Sheet.12"`` that names both. An
ODT with an embedded spreadsheet (``Object 1/``) is what LibreOffice makes of it when it converts
that DOCX (``soffice_convert(..., "odt")``), so the ODT side is written by real software.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from docgen import _png

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _preview() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 90), "white")
    draw = ImageDraw.Draw(image)
    for x in range(0, 320, 80):
        draw.line((x, 0, x, 90), fill=(160, 160, 160))
    draw.line((0, 45, 320, 45), fill=(160, 160, 160))
    return _png(image)


def docx_with_workbook(path: Path, lines: list[str], workbook: bytes) -> Path:
    """A python-docx document with ``workbook`` (XLSX bytes) embedded as an Excel object after ``lines``."""
    import docx as python_docx

    document = python_docx.Document()
    for line in lines:
        document.add_paragraph(line)
    marker = "EMBEDDED-OBJECT-HERE"
    document.add_paragraph(marker)
    document.save(str(path))
    with zipfile.ZipFile(path) as source:
        members = {info.filename: source.read(info.filename) for info in source.infolist()}
    rels = members["word/_rels/document.xml.rels"].decode()
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdObj1" Type="{PACKAGE}" Target="embeddings/Microsoft_Excel_Worksheet.xlsx"/>'
        f'<Relationship Id="rIdPrev1" Type="{IMAGE}" Target="media/preview1.png"/></Relationships>',
    )
    members["word/_rels/document.xml.rels"] = rels.encode()
    types = members["[Content_Types].xml"].decode()
    if 'Extension="png"' not in types:
        types = types.replace("</Types>", '<Default Extension="png" ContentType="image/png"/></Types>')
    types = types.replace(
        "</Types>",
        '<Default Extension="xlsx" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/></Types>',
    )
    members["[Content_Types].xml"] = types.encode()
    members["word/embeddings/Microsoft_Excel_Worksheet.xlsx"] = workbook
    members["word/media/preview1.png"] = _preview()
    body = members["word/document.xml"].decode()
    obj = (
        '<w:r><w:object xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'w:dxaOrig="6400" w:dyaOrig="1800">'
        '<v:shape id="_x0000_i1025" type="#_x0000_t75" style="width:320pt;height:90pt" o:ole="">'
        '<v:imagedata r:id="rIdPrev1" o:title=""/></v:shape>'
        '<o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" ShapeID="_x0000_i1025" DrawAspect="Content" ObjectID="_1700000001" r:id="rIdObj1"/>'
        "</w:object></w:r>"
    )
    start = body.index(marker)
    run_start = body.rfind("<w:r>", 0, start)
    if run_start < 0:
        run_start = body.rfind("<w:r ", 0, start)
    run_end = body.index("</w:r>", start) + len("</w:r>")
    body = body[:run_start] + obj + body[run_end:]
    if "xmlns:r=" not in body[:2000]:
        body = body.replace("<w:document ", f'<w:document xmlns:r="{R_NS}" ', 1)
    members["word/document.xml"] = body.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)
    path.write_bytes(out.getvalue())
    return path


def soffice_convert(paths: list[Path], to: str, timeout: float = 240.0) -> list[Path]:
    """Convert files with LibreOffice headless in one process; each result replaces its source's suffix.

    Raises RuntimeError when soffice is absent or a file did not convert (never a silent gap).
    """
    binary = soffice()
    if binary is None:
        raise RuntimeError("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui")
    done: list[Path] = []
    filters = {"docx": "docx:MS Word 2007 XML", "odt": "odt", "pdf": "pdf", "xlsx": "xlsx:Calc MS Excel 2007 XML", "ods": "ods"}
    with tempfile.TemporaryDirectory(prefix="tenderctl-soffice-") as tmp:
        profile = Path(tmp) / "profile"
        outdir = Path(tmp) / "out"
        by_name: dict[str, Path] = {}
        for path in paths:
            key = f"{len(by_name)}_{path.stem}"
            staged = Path(tmp) / f"{key}{path.suffix}"
            shutil.copyfile(path, staged)
            by_name[key] = path
        env = dict(os.environ, HOME=tmp)
        subprocess.run(
            [
                binary,
                "--headless",
                "--norestore",
                f"-env:UserInstallation={profile.as_uri()}",
                "--convert-to",
                filters[to],
                "--outdir",
                str(outdir),
            ]
            + [str(Path(tmp) / f"{key}{path.suffix}") for key, path in by_name.items()],
            capture_output=True,
            timeout=timeout,
            check=False,
            env=env,
        )
        for key, path in by_name.items():
            made = outdir / f"{key}.{to}"
            if not made.exists():
                raise RuntimeError(f"LibreOffice did not convert {path.name} to {to}")
            target = path.with_suffix(f".{to}")
            shutil.copyfile(made, target)
            done.append(target)
    return done
