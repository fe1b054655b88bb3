"""Hostile proposal documents: each yields correct content or an honest "unreadable" with the reason,
within measured time and memory, and one bad file never stops the others.

Each file is read by the real reader in a child process under RLIMIT_AS (time and peak RSS
measured from outside); then the whole folder goes through ``read_folder`` with a short
per-file timeout, which must stop the slow file and still return every other one.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from hostile_docs import write_all
from hostile_support import read_document_in_child

from tenderctl.documents.folder import read_folder

SCAN_REASON = "image-only scan without a text layer (install tesseract for OCR)"

# name -> what the Document must say: format, readable, reason (if unreadable), text that must be
# read (if readable), and other fields that must hold.
EXPECTED: dict[str, dict[str, Any]] = {
    "docx-bomb.docx": {"format": "docx", "readable": False, "reason": "refused: word/document.xml compresses 1010:1 (a zip bomb?)"},
    # The headers claim 4 kB: zipfile stops at the declared size and the CRC then fails. Nothing inflates past 4 kB.
    "docx-bomb-lying.docx": {
        "format": "docx",
        "readable": False,
        "reason": "damaged docx file (BadZipFile: Bad CRC-32 for file 'word/document.xml')",
    },
    "xlsx-bomb.xlsx": {"format": "xlsx", "readable": False, "reason": "refused: xl/worksheets/sheet1.xml compresses 1010:1 (a zip bomb?)"},
    "million-cells.xlsx": {
        "format": "xlsx",
        "readable": True,
        "text": "7919\n112648\n217377",  # the first cells, in order
        "blocks": 500_000,
        "notes": ["stopped after 500000 cells (in sheet Budget): the rest was not checked"],
        "partial": True,
    },
    "cyclic.pdf": {"format": "pdf", "readable": True, "text": "Cycle survivor"},
    "bad-xref.pdf": {"format": "pdf", "readable": True, "text": "Xref repaired", "pages": 1},
    "no-xref.pdf": {"format": "pdf", "readable": True, "text": "No table at all", "pages": 1},
    "truncated.pdf": {
        "format": "pdf",
        "readable": False,
        "reason": "not a readable PDF (Failed to load document (PDFium: Data format error))",
    },
    "ten-thousand-pages.pdf": {
        "format": "pdf",
        "readable": True,
        "pages": 10_000,
        "blocks": 2000,
        "text": "Same page again",
        "notes": ["read the first 2000 of 10000 pages: pages 2001-10000 were not checked"],
        "partial": True,
    },
    "huge-image.pdf": {"format": "pdf", "readable": True, "text": "Caption under the picture", "pages": 1},
    "encrypted-user-password.pdf": {
        "format": "pdf",
        "readable": False,
        "reason": "encrypted with a user password: its content cannot be checked",
        "encrypted": True,
        "password_protected": True,
    },
    "encrypted-owner-only.pdf": {
        "format": "pdf",
        "readable": True,
        "text": "Secret technical proposal",
        "encrypted": True,
        "password_protected": False,
        "notes": ["encrypted without an opening password (permissions restricted); the text was read"],
    },
    "scan.pdf": {"format": "pdf", "readable": False, "reason": SCAN_REASON, "image_only_pages": [1], "pages": 1},
    "pdf-named.docx": {
        "format": "pdf",
        "readable": True,
        "text": "Really a PDF",
        "notes": ["the extension says docx but the content is pdf"],
    },
    "text-named.pdf": {
        "format": "txt",
        "readable": True,
        "text": "Plain words in a file that calls itself a PDF.",
        "notes": ["the extension says pdf but the content is txt"],
    },
    "zero.pdf": {"format": "empty", "readable": False, "reason": "empty file (0 bytes)"},
    "zero.docx": {"format": "empty", "readable": False, "reason": "empty file (0 bytes)"},
    "garbage.xlsx": {"format": "unknown", "readable": False, "reason": "unrecognised file format: its content cannot be checked"},
    "good.pdf": {"format": "pdf", "readable": True, "text": "Good technical proposal", "pages": 1},
    "good.docx": {"format": "docx", "readable": True, "text": "Good financial proposal\nTotal price 1,000 USD"},
}

SLOW = {"million-cells.xlsx"}
"""Measured here at 5.6 s and 190 MB for the 500,000 cells read (18 s at first); about 300 MB here, where the
500,000 blocks are also pickled back to the test."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("proposal")
    written = write_all(folder)
    assert sorted(written) == sorted(EXPECTED)
    return folder


def check(doc: Any, name: str) -> None:
    want = EXPECTED[name]
    assert doc.path == name
    assert doc.format == want["format"], doc
    assert doc.readable is want["readable"], (doc.readable, doc.unreadable_reason)
    if want["readable"]:
        assert doc.unreadable_reason is None
        assert doc.text().startswith(want["text"]), doc.text()[:200]
    else:
        assert doc.unreadable_reason == want["reason"]
    if "blocks" in want:
        assert len(doc.blocks) == want["blocks"]
    for note in want.get("notes", []):
        assert note in doc.notes, doc.notes
    for key in ("pages", "encrypted", "password_protected", "image_only_pages", "partial"):
        if key in want:
            assert getattr(doc, key) == want[key], (key, getattr(doc, key))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_document_in_a_bounded_child(corpus: Path, name: str) -> None:
    doc, run = read_document_in_child(corpus / name, timeout=120, limit_mb=1536)
    assert run.code == 0, run.dump
    check(doc, name)
    if name in SLOW:
        assert run.seconds < 90, run.dump
        assert run.max_rss_mb < 600, run.dump
    else:
        assert run.seconds < 20, run.dump  # about 0.3-1.3 s each here, interpreter start included
        assert run.max_rss_mb < 150, run.dump  # about 15-30 MB: the bombs were never inflated


def test_folder_run_goes_on_past_a_file_that_overruns(corpus: Path) -> None:
    """read_folder with a 2 s per-file bound: the slow spreadsheet is stopped, every other file is read as above.

    The bound sits between the two with margin on both sides (measured here: the spreadsheet 4.5-5.6 s,
    every other file under 0.15 s); at 5 s it was a race the spreadsheet sometimes won."""
    start = time.perf_counter()
    docs = read_folder(corpus, timeout=2, memory_mb=1024, workers=2)
    seconds = time.perf_counter() - start
    assert [d.path for d in docs] == sorted(EXPECTED)
    for doc in docs:
        if doc.path in SLOW:
            assert doc.readable is False
            assert doc.unreadable_reason == "took longer than 2 s to read (stopped)"
        else:
            check(doc, doc.path)
    assert seconds < 60, seconds


def test_memory_bound_stops_one_file_only(corpus: Path) -> None:
    """With 120 MB of address space per worker the million-cell sheet (190 MB at its peak) is stopped;
    files that fit are read as usual under the same bound."""
    from tenderctl.documents.folder import read_file

    start = time.perf_counter()
    big = read_file(corpus / "million-cells.xlsx", timeout=120, memory_mb=120)
    seconds = time.perf_counter() - start
    assert big.readable is False
    # Python's MemoryError, or (when lxml hits the bound in C) a segmentation fault of the worker: both are reported.
    assert big.unreadable_reason in (
        "ran out of its memory bound (120 MB)",
        "the reader crashed (SIGSEGV), probably out of its memory bound (120 MB) or on a malformed file",
    )
    assert seconds < 60, seconds
    for name in ("good.pdf", "good.docx", "ten-thousand-pages.pdf"):
        check(read_file(corpus / name, timeout=60, memory_mb=120), name)


# ------------------------------------------------------------------ issue 18, second round

REF2 = "HOSTILE-2"
NO_FINANCIALS_TENDER = f"reference: {REF2}\ntitle: Hostile documents\ntimezone: UTC\nchecks:\n  - rule: no-financials\n"


def _tender(folder: Path) -> Path:
    tenders = folder / "tenders"
    tenders.mkdir(parents=True, exist_ok=True)
    (tenders / f"{REF2}.yaml").write_text(NO_FINANCIALS_TENDER, encoding="utf-8")
    return tenders


def test_shared_string_bomb_is_bounded_in_the_parent(tmp_path: Path) -> None:
    """500,000 cells pointing at one 1 kB string: 1.3 GB in the parent before, now the text handed
    over is bounded (max_text) and the rule says which part was not read."""
    from hostile_docs import shared_string_xlsx
    from hostile_support import run_tenderctl

    folder = tmp_path / "bid"
    folder.mkdir()
    (folder / "Technical_annex.xlsx").write_bytes(shared_string_xlsx(500_000, 1))
    run = run_tenderctl(["check", folder, "--tender", REF2, "--tenders", _tender(tmp_path), "--json"], timeout=120, limit_mb=2048)
    assert run.code == 0, run.dump
    import json

    data = json.loads(run.stdout)
    (result,) = data["results"][:1]
    assert result["status"] == "unverified" and "text past the first 20,000,000 characters not read" in result["message"], result
    assert run.seconds < 60 and run.max_rss_mb < 600, run.dump


def test_control_characters_never_reach_text_or_markdown_raw(tmp_path: Path) -> None:
    from hostile_docs import reportlab_pdf
    from hostile_support import run_tenderctl

    folder = tmp_path / "bid"
    folder.mkdir()
    (folder / "Technical\x1b[2J\x07.pdf").write_bytes(reportlab_pdf(["Technical proposal \x1b]0;pwned\x07 daily fee USD 650"]))
    (folder / "notes\x1b[31m.txt").write_text("Daily fee: USD 650 \x1b[31m red \x07\x9b", encoding="utf-8")
    tenders = _tender(tmp_path)
    for args in ([], ["--format", "markdown"]):
        run = run_tenderctl(["check", folder, "--tender", REF2, "--tenders", tenders, *args], timeout=60, env={"COLUMNS": "300"})
        assert run.code == 1, run.dump
        assert not any(ch in run.stdout for ch in "\x1b\x07\x9b"), repr(run.stdout[:2000])
        assert "\\x1b" in run.stdout and "\\x07" in run.stdout
        assert run.seconds < 30, run.dump


def test_json_is_valid_utf8_when_a_file_name_is_not(tmp_path: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    from hostile_docs import reportlab_pdf

    folder = tmp_path / "bid"
    folder.mkdir()
    name = os.fsdecode(b"Technical_\xff\xfe.pdf")
    (folder / name).write_bytes(reportlab_pdf(["Technical proposal"]))
    done = subprocess.run(
        [sys.executable, "-m", "tenderctl", "check", str(folder), "--tender", REF2, "--tenders", str(_tender(tmp_path)), "--json"],
        capture_output=True,
        timeout=60,
        env={**os.environ, "TENDERCTL_NO_PROGRESS": "1"},
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    text = done.stdout.decode("utf-8")  # strict: raises if not UTF-8
    data = json.loads(text)
    assert [f["path"] for f in data["files"]] == [name]  # the bytes come back through surrogateescape
    assert b"\\udcff\\udcfe" in done.stdout


def test_annotations_past_the_cap_make_the_rule_unverified(tmp_path: Path) -> None:
    from hostile_docs import many_annotations_pdf

    from tenderctl.documents.model import Role

    path = tmp_path / "Technical.pdf"
    path.write_bytes(many_annotations_pdf(2050))
    start = time.perf_counter()
    doc, run = read_document_in_child(path, timeout=60)
    assert run.code == 0, run.dump
    assert time.perf_counter() - start < 30 and run.max_rss_mb < 200, run.dump
    from rule_helpers import run_rule

    doc.role = Role.technical
    (result,) = run_rule("no-financials", [doc])
    assert result.status.value == "unverified", result.message
    assert "50 of 2,050 annotations not read (bound: 2,000 a page)" in result.message


def test_attachments_past_the_cap_make_the_rule_unverified(tmp_path: Path) -> None:
    from hostile_docs import many_attachments_pdf

    from rule_helpers import run_rule
    from tenderctl.documents.model import Role

    path = tmp_path / "Technical.pdf"
    path.write_bytes(many_attachments_pdf(201))
    doc, run = read_document_in_child(path, timeout=60)
    assert run.code == 0 and run.seconds < 30 and run.max_rss_mb < 200, run.dump
    doc.role = Role.technical
    (result,) = run_rule("no-financials", [doc])
    assert result.status.value == "unverified" and "1 of 201 attached files not read (bound: 200)" in result.message, result.message
