"""Fuzz the XLSX reader: the input is split into sharedStrings.xml and sheet1.xml of a
well-formed workbook, or (first byte odd) is the raw bytes of the whole file.

    .venv/bin/python fuzz/fuzz_xlsx.py /tmp/xlsx-corpus fuzz/corpus/xlsx -max_total_time=300 -timeout=20
"""

from __future__ import annotations

import os

from doc_harness import check, office, run

RAW = os.environ.get("FUZZ_RAW", "1") != "0"
"""FUZZ_RAW=0: only the XML inside a well-formed package (once the zip layer's known bugs swamp the run)."""

WORKBOOK = (
    b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    b'<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    b'Target="worksheets/sheet1.xml"/></Relationships>'
)


def test_one_input(data: bytes) -> None:
    if RAW and data[:1] and data[0] & 1:
        check(data[1:], "fuzz.xlsx")
        return
    strings, _, sheet = data[1:].partition(b"\x00SPLIT\x00")
    members = {"xl/workbook.xml": WORKBOOK, "xl/_rels/workbook.xml.rels": RELS, "xl/worksheets/sheet1.xml": sheet}
    if strings:
        members["xl/sharedStrings.xml"] = strings
    check(office(members), "fuzz.xlsx")


if __name__ == "__main__":
    run(test_one_input)
