"""The checklist corpus (bench/corpus_checks), training part: every case gets the verdicts it must.

The part kept aside (``split: holdout``) is scored by ``python bench/score_checks.py`` only, so
that no test is ever tuned on it. Cases whose files LibreOffice makes (``convert:``) need
soffice; without it they are reported as skipped with that reason. Scanned pages are expected
``unverified`` without an OCR engine and as ``expect_ocr`` says with one.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path[:0] = [str(BENCH), str(BENCH / "corpus_checks")]

import build  # noqa: E402
import score_checks  # noqa: E402

CASES: dict[str, Any] = yaml.safe_load((BENCH / "corpus_checks" / "cases.yaml").read_text(encoding="utf-8"))
TRAIN = sorted(name for name, case in CASES.items() if case["split"] == "train")


def test_the_corpus_is_large_and_keeps_a_part_aside() -> None:
    holdout = [name for name, case in CASES.items() if case["split"] != "train"]
    assert len(CASES) >= 60
    assert 0.3 <= len(holdout) / len(CASES) <= 0.5


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | None]:
    """Every training folder, built once; LibreOffice converts all their files in one process."""
    root = tmp_path_factory.mktemp("corpus")
    built: dict[str, Path | None] = {}
    pending: list[tuple[Path, str]] = []
    for name in TRAIN:
        made = build.build(CASES[name], root / name)
        pending += made
        built[name] = root / name
    if pending and build.embed_maker.soffice() is None:
        for path, _ in pending:
            built[path.parent.name] = None
    else:
        build.convert_all(pending)
    return built


@pytest.mark.parametrize("name", TRAIN)
def test_training_case(name: str, folders: dict[str, Path | None]) -> None:
    from tenderctl.documents.formats.ocr import tesseract

    case = CASES[name]
    folder = folders[name]
    if folder is None:
        pytest.skip("LibreOffice (soffice) is not installed: this case's files are LibreOffice exports")
    got = score_checks.verdicts(case, folder)
    want = score_checks.expected(case, tesseract() is not None)
    assert {rule: got.get(rule, "missing") for rule in want} == want
