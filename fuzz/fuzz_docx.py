"""Fuzz the DOCX reader: the input is word/document.xml inside a well-formed package, or
(first byte odd) the raw bytes of the whole file, so both the XML and the zip layer get hit.

    .venv/bin/python fuzz/fuzz_docx.py /tmp/docx-corpus fuzz/corpus/docx -max_total_time=300 -timeout=20
"""

from __future__ import annotations

import os

from doc_harness import check, office, run

RAW = os.environ.get("FUZZ_RAW", "1") != "0"
"""FUZZ_RAW=0: only the XML inside a well-formed package (once the zip layer's known bugs swamp the run)."""

CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def test_one_input(data: bytes) -> None:
    if RAW and data[:1] and data[0] & 1:
        check(data[1:], "fuzz.docx")
    else:
        check(office({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": data[1:]}), "fuzz.docx")


if __name__ == "__main__":
    run(test_one_input)
