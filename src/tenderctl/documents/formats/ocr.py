"""Optional OCR with the ``tesseract`` command, for scans without a text layer.

OCR is only attempted when ``tesseract`` is on PATH; the Document's notes say when a page's
text came from OCR (blocks have ``where="ocr"``) so a report can tell read text from guessed text.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from tenderctl.documents.model import Document, TextBlock

OCR_TIMEOUT = 60.0


def tesseract() -> str | None:
    """Path of the tesseract binary, or None."""
    return shutil.which("tesseract")


def ocr_png(png: bytes, timeout: float = OCR_TIMEOUT) -> str | None:
    """Text of a PNG image by tesseract, or None when tesseract is absent or fails."""
    binary = tesseract()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="tenderctl-ocr-") as folder:
        image = os.path.join(folder, "page.png")
        with open(image, "wb") as handle:
            handle.write(png)
        try:
            done = subprocess.run([binary, image, "stdout"], capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        if done.returncode != 0:
            return None
        return done.stdout.decode("utf-8", "replace")


def add_ocr_text(doc: Document, text: str, page: int | None) -> int:
    """Append OCR'd lines as blocks; return how many."""
    count = 0
    for line in text.splitlines():
        line = line.strip()
        if line:
            doc.blocks.append(TextBlock(line, page=page, where="ocr"))
            count += 1
    return count


def read_image(data: bytes, doc: Document, limits: object) -> None:
    """A picture file: nothing to read unless OCR is available (and enabled)."""
    doc.pages = 1
    if getattr(limits, "ocr", True) and tesseract() is not None:
        png = data
        if not data.startswith(b"\x89PNG"):
            try:
                import io

                from PIL import Image

                with Image.open(io.BytesIO(data)) as picture:
                    if picture.width * picture.height > 60_000_000:
                        raise ValueError("picture too large")
                    buffer = io.BytesIO()
                    picture.save(buffer, format="PNG")
                    png = buffer.getvalue()
            except Exception:
                png = b""
        text = ocr_png(png) if png else None
        if text and add_ocr_text(doc, text, 1):
            doc.notes.append("picture file read by OCR (tesseract): recognised text may contain errors")
            return
    doc.image_only_pages = [1]
    doc.readable = False
    doc.unreadable_reason = "a picture file with no text layer" + ("" if tesseract() else " (install tesseract for OCR)")
