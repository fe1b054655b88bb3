"""Fuzz the PDF reader (pypdfium2 + tenderctl.documents.formats.pdf) with mutated PDF bytes.

.venv/bin/python fuzz/fuzz_pdf.py /tmp/pdf-corpus fuzz/corpus/pdf -max_total_time=300 -timeout=20 -rss_limit_mb=2048
"""

from __future__ import annotations

from doc_harness import check, run


def test_one_input(data: bytes) -> None:
    check(data, "fuzz.pdf")


if __name__ == "__main__":
    run(test_one_input)
