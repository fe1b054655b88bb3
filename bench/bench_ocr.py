"""OCR cost inside tenderctl against the OCR engine run alone on the same images.

    TENDERCTL_TESSERACT=/path/to/tesseract python bench/bench_ocr.py [--pages 4] [--rounds 3]

A scanned technical proposal (image-only PDF, docgen.image_only_pdf) is read by tenderctl with
OCR on (read_path: PDFium render at the scale the reader uses, PNG, tesseract, blocks); the
floor is tesseract alone, same binary and ``-l`` languages, on the PNGs of the same pages rendered
beforehand. Rounds alternate floor / tenderctl so load on a shared machine falls on both; the
ratio is of the best round of each. Issue 13 asks for at most 1.3x.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import docgen  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    import pypdfium2 as pdfium

    from tenderctl.documents.formats import ocr
    from tenderctl.documents.reader import read_path

    binary = ocr.tesseract()
    if binary is None:
        print(f"no OCR engine: {ocr.INSTALL_HINT} (or TENDERCTL_TESSERACT=PATH)", file=sys.stderr)
        return 2
    langs = ocr.languages(binary)
    with tempfile.TemporaryDirectory() as tmp:
        lines = ["Technical proposal", "Methodology and work plan", "Total fee: USD 98,400", "Phase 2: 14 weeks, 6 districts"]
        pdf_path = docgen.image_only_pdf(Path(tmp) / "scan.pdf", lines, pages=args.pages)
        pngs = []
        pdf = pdfium.PdfDocument(str(pdf_path))
        for index in range(len(pdf)):
            image = pdf[index].render(scale=2.0).to_pil()
            out = io.BytesIO()
            image.save(out, format="PNG")
            png = Path(tmp) / f"page{index}.png"
            png.write_bytes(out.getvalue())
            pngs.append(png)
        pdf.close()
        floor: list[float] = []
        ours: list[float] = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            for png in pngs:
                subprocess.run([binary, str(png), "stdout", "-l", langs], capture_output=True, check=True)
            floor.append(time.perf_counter() - started)
            started = time.perf_counter()
            doc = read_path(str(pdf_path), "Technical_Proposal.pdf")
            ours.append(time.perf_counter() - started)
            assert any(b.where == "ocr" for b in doc.blocks), "tenderctl did not OCR the scan"
    best_floor, best_ours = min(floor), min(ours)
    print(
        f"{args.pages} scanned pages, tesseract -l {langs}: engine alone {best_floor:.2f} s, "
        f"tenderctl read {best_ours:.2f} s, ratio {best_ours / best_floor:.2f}x "
        f"(best of {args.rounds} round-robin rounds; all floor {[round(x, 2) for x in floor]}, ours {[round(x, 2) for x in ours]})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
