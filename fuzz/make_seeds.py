"""Write the small seed inputs for the document fuzzers into fuzz/corpus/<format>/.

Run once after changing the generators: ``.venv/bin/python fuzz/make_seeds.py``. The seeds
come from the hostile-document generators used by the tests (tests/hostile/hostile_docs.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "hostile"))

import hostile_docs as h  # noqa: E402


def main() -> None:
    seeds = {
        "pdf": {
            "simple.pdf": h.simple_pdf(),
            "cyclic.pdf": h.cyclic_pdf(),
            "bad-xref.pdf": h.bad_xref_pdf(),
            "pages.pdf": h.many_pages_pdf(3),
            "image.pdf": h.huge_image_pdf(),
            "encrypted.pdf": h.encrypted_pdf(""),
            "locked.pdf": h.encrypted_pdf("pw"),
        },
        "docx": {
            "xml.bin": b"\x00"
            + h.DOCUMENT_HEAD
            + b"<w:p><w:r><w:t>Signed by</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
            + h.DOCUMENT_TAIL,
            "raw.bin": b"\x01" + h.docx_paragraphs(["Technical proposal", "Total 1,000 USD"]),
        },
        "xlsx": {
            "xml.bin": b"\x00"
            + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Unit cost</t></si></sst>'
            + b"\x00SPLIT\x00"
            + h.SHEET_HEAD
            + b'<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2"><v>12.5</v></c><c r="B2" t="inlineStr"><is><t>x</t></is></c></row>'
            + h.SHEET_TAIL,
            "raw.bin": b"\x01" + h.million_cells_xlsx(3, 3),
        },
    }
    for kind, files in seeds.items():
        folder = HERE / "corpus" / kind
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)


if __name__ == "__main__":
    main()
