"""Optional OCR with the ``tesseract`` command, for scans without a text layer.

OCR is only attempted when tesseract is found: ``$TENDERCTL_TESSERACT`` (a path) or
``tesseract`` on PATH. Without it a scanned page stays a part not read and the rules that need
its text say ``unverified`` with the install hint, never ``pass``. The Document's notes say when
a page's text came from OCR (blocks have ``where="ocr"``) and how long OCR took, so a report can
tell read text from recognised text.

Why tesseract (bench/bench_ocr_engines.py, same 12 proposal lines, round-robin, loaded machine):
tesseract 5.3 (Debian, eng+fra) gave 70/78 words and 19/19 amounts right at 1.0 s a line;
rapidocr-onnxruntime 1.4.4 (pip, 150 MB with onnxruntime and OpenCV) 54/78 words and 15/19
amounts (it drops spaces in "45 000 000" and the euro sign) at 4.1 s a line plus 9 s of model
load. Tesseract is read with every one of eng, fra, spa, por that is installed.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import time

from tenderctl.documents.model import Document, TextBlock

OCR_TIMEOUT = 60.0


INSTALL_HINT = "install tesseract for OCR: apt-get install tesseract-ocr tesseract-ocr-fra tesseract-ocr-spa tesseract-ocr-por"
LANGUAGES = ("eng", "fra", "spa", "por")
_langs: dict[str, str] = {}
_spent = [0.0, 0]


def tesseract() -> str | None:
    """Path of the tesseract binary ($TENDERCTL_TESSERACT, else PATH), or None."""
    chosen = os.environ.get("TENDERCTL_TESSERACT")
    if chosen:
        return chosen if os.path.isfile(chosen) and os.access(chosen, os.X_OK) else None
    return shutil.which("tesseract")


def languages(binary: str) -> str:
    """The installed languages among eng/fra/spa/por as ``-l`` wants them ("eng+fra"), cached."""
    if binary not in _langs:
        try:
            done = subprocess.run([binary, "--list-langs"], capture_output=True, timeout=10, check=False)
            have = set(done.stdout.decode("utf-8", "replace").split())
        except (OSError, subprocess.TimeoutExpired):
            have = set()
        _langs[binary] = "+".join(lang for lang in LANGUAGES if lang in have) or "eng"
    return _langs[binary]


def spent() -> tuple[float, int]:
    """Seconds spent in OCR by this process and the number of images, so far."""
    return _spent[0], int(_spent[1])


def ocr_png(png: bytes, timeout: float = OCR_TIMEOUT) -> str | None:
    """Text of a PNG image by tesseract, or None when tesseract is absent or fails."""
    binary = tesseract()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="tenderctl-ocr-") as folder:
        image = os.path.join(folder, "page.png")
        with open(image, "wb") as handle:
            handle.write(png)
        started = time.perf_counter()
        try:
            done = subprocess.run([binary, image, "stdout", "-l", languages(binary)], capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        finally:
            _spent[0] += time.perf_counter() - started
            _spent[1] += 1
        if done.returncode != 0:
            return None
        return done.stdout.decode("utf-8", "replace")


def add_ocr_text(doc: Document, text: str, page: int | None) -> int:
    """Append OCR'd lines as blocks; return how many. The document's notes say how long OCR took."""
    seconds, images = spent()
    doc.notes[:] = [n for n in doc.notes if not n.startswith("OCR (tesseract):")]
    doc.notes.append(f"OCR (tesseract): {images} image(s) in this reader so far, {seconds:.1f} s")
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
                # lazy: PIL (+25 ms) only for an image that is not a PNG; check's PDF reader imports this module for tesseract()
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
