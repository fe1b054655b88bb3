"""OCR of scanned pages: tesseract when it is installed, ``unverified`` when it is not.

CI installs only what ``bash .ci/run`` installs (pip, npm): no tesseract there. So the first
test runs everywhere and proves that a scanned technical page with a price is never a pass
without an engine; the tests that need the engine run where one is found (PATH or
$TENDERCTL_TESSERACT) and say so when they cannot.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import docgen
from rule_helpers import run_rule
from tenderctl.documents.formats import ocr
from tenderctl.documents.model import Document, Role
from tenderctl.documents.reader import read_path

PRICED = ("Technical proposal", "Financial summary", "Total fee: USD 98,400")


def _read(path: Path) -> Document:
    doc = read_path(str(path), "Technical_Proposal.pdf")
    doc.role = Role.technical
    return doc


def test_without_an_engine_a_scanned_page_is_unverified_with_the_install_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TENDERCTL_TESSERACT", str(tmp_path / "no-such-tesseract"))
    assert ocr.tesseract() is None
    doc = _read(docgen.image_only_pdf(tmp_path / "scan.pdf", PRICED))
    (result,) = run_rule("no-financials", [doc])
    assert result.status.value == "unverified", result.message
    assert "install tesseract" in (doc.unreadable_reason or "") + " ".join(doc.notes)


def test_an_engine_path_that_is_not_executable_counts_as_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "tesseract"
    fake.write_text("not a program")
    monkeypatch.setenv("TENDERCTL_TESSERACT", str(fake))
    assert ocr.tesseract() is None


needs_engine = pytest.mark.skipif(
    ocr.tesseract() is None,
    reason="tesseract not installed (Debian tesseract-ocr, or TENDERCTL_TESSERACT=PATH): OCR verdicts cannot be measured here",
)


@needs_engine
def test_with_tesseract_a_scanned_price_fails_and_the_time_is_noted(tmp_path: Path) -> None:
    doc = _read(docgen.image_only_pdf(tmp_path / "scan.pdf", PRICED))
    (result,) = run_rule("no-financials", [doc])
    assert result.status.value == "fail", result.message
    assert any(n.startswith("OCR (tesseract):") for n in doc.notes), doc.notes


@needs_engine
def test_with_tesseract_a_clean_scan_passes_saying_it_was_read_by_ocr(tmp_path: Path) -> None:
    doc = _read(docgen.image_only_pdf(tmp_path / "scan.pdf", ("Technical proposal", "Methodology and work plan", "Phase 1: inception")))
    (result,) = run_rule("no-financials", [doc])
    assert result.status.value == "pass", result.message
    assert "OCR" in result.message


def test_an_ocr_engine_that_hangs_is_cut_at_its_time_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Fault injection: an "engine" that never answers (exec, so the timeout kills the sleeper itself).
    hanging = tmp_path / "tesseract"
    hanging.write_text("#!/bin/sh\nexec sleep 60\n")
    hanging.chmod(0o755)
    monkeypatch.setenv("TENDERCTL_TESSERACT", str(hanging))
    monkeypatch.setitem(ocr._langs, str(hanging), "eng")  # --list-langs would hang too (it is bounded at 10 s)
    import time

    started = time.perf_counter()
    assert ocr.ocr_png(docgen.scan_png(["Total fee: USD 98,400"]), timeout=1.0) is None
    assert time.perf_counter() - started < 10
