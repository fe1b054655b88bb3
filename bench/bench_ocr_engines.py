"""Compare OCR engines on scanned proposal lines: digits, currency symbols, accented words; speed.

    python bench/bench_ocr_engines.py --tesseract PATH --rapidocr PYTHON

Each page is a line of a proposal rendered at 200 dpi-like size with DejaVu Sans (what a scanner
gives from a printed page), then blurred a little and turned a fraction of a degree. An engine is
scored on the exact tokens it gives back (case kept, accents kept) and on the amounts: a token with
digits must come back digit for digit. Times are wall time for the same pages, taken round-robin
(engine A page 1, engine B page 1, ...) so load on the machine falls on both alike.

Neither engine is a tenderctl dependency: tesseract is a Debian package and rapidocr-onnxruntime a
150 MB pip wheel (onnxruntime and OpenCV). This script only measures; docs/checks.md says what
was chosen and why.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import unicodedata

LINES = [
    "Total fee: USD 98,400.00",
    "Montant total : 45 000 000 FCFA",
    "Honorarios del consultor: € 12.500,00",
    "Preço global: R$ 1.250.000,00",
    "Budget: KSh 3,450,000/=",
    "Daily rate £ 650 x 20 days = £ 13,000",
    "Coût estimé de la prestation : 8 750 €",
    "Présentation générale de l'équipe à Niamey",
    "Metodología y organización del trabajo en Bogotá",
    "Experiência da equipa em São Tomé e Príncipe",
    "Phase 2: 14 weeks, 6 districts, 1,200 households",
    "Invoice No. 2025/0417 ¥ 88,000 ₱ 54,320.50",
]


def render(line: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 36)
    image = Image.new("L", (1500, 90), 255)
    ImageDraw.Draw(image).text((30, 20), line, fill=0, font=font)
    image = image.rotate(0.4, fillcolor=255, expand=False).filter(ImageFilter.GaussianBlur(0.6))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def norm(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).replace("\n", " ").split()


def score(want: str, got: str) -> tuple[int, int, int, int]:
    w, g = norm(want), norm(got)
    pool = list(g)
    right = 0
    for token in w:
        if token in pool:
            pool.remove(token)
            right += 1
    digits_w = [t for t in w if any(c.isdigit() for c in t)]
    digits_g = set(g)
    digits_right = sum(t in digits_g for t in digits_w)
    return right, len(w), digits_right, len(digits_w)


RAPID = r"""
import sys, json, time
from rapidocr_onnxruntime import RapidOCR
engine = RapidOCR()
paths = json.loads(sys.argv[1])
engine(paths[0])  # warm-up: model load is not per page
out = []
for p in paths:
    t = time.perf_counter()
    result, _ = engine(p)
    out.append([time.perf_counter() - t, " ".join(r[1] for r in (result or []))])
print(json.dumps(out))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tesseract", required=True)
    parser.add_argument("--rapidocr", required=True, help="a python with rapidocr-onnxruntime installed")
    parser.add_argument("--langs", default="eng+fra")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, line in enumerate(LINES):
            path = os.path.join(tmp, f"{i}.png")
            with open(path, "wb") as handle:
                handle.write(render(line))
            paths.append(path)
        tess: list[tuple[float, str]] = []
        for path in paths:
            t = time.perf_counter()
            done = subprocess.run([args.tesseract, path, "stdout", "-l", args.langs, "--psm", "7"], capture_output=True, check=False)
            tess.append((time.perf_counter() - t, done.stdout.decode("utf-8", "replace")))
        t0 = time.perf_counter()
        rapid_run = subprocess.run([args.rapidocr, "-c", RAPID, json.dumps(paths)], capture_output=True, check=True)
        rapid_total = time.perf_counter() - t0
        rapid = [(float(s), str(text)) for s, text in json.loads(rapid_run.stdout)]
    for name, results, extra in (("tesseract", tess, ""), ("rapidocr", rapid, f" (process with model load: {rapid_total:.2f} s)")):
        totals = [0, 0, 0, 0]
        for want, (_, got) in zip(LINES, results, strict=True):
            for k, v in enumerate(score(want, got)):
                totals[k] += v
        seconds = sum(s for s, _ in results)
        print(
            f"{name}: tokens {totals[0]}/{totals[1]}, amounts {totals[2]}/{totals[3]}, "
            f"{seconds:.2f} s for {len(LINES)} lines ({1000 * seconds / len(LINES):.0f} ms a line){extra}"
        )
        for want, (_, got) in zip(LINES, results, strict=True):
            if norm(want) != norm(got):
                print(f"    want {want!r}\n    got  {got.strip()!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
