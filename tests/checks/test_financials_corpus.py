"""no-financials on its document corpus (the training part; bench/score_financials.py scores both parts).

Real files: python-docx, openpyxl and reportlab made now, LibreOffice's PDF and ODT exports
committed. A PDF exported from the DOCX gets the DOCX's verdict.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import financials_corpus as corpus
from rule_helpers import run_rule
from tenderctl.documents.folder import read_file
from tenderctl.documents.model import Role

TRAIN = corpus.documents("train")


def verdict(case: dict[str, Any], fmt: str, folder: Path) -> str:
    doc = read_file(corpus.build(case, fmt, folder), role=Role.technical)
    [result] = run_rule("no-financials", [doc])
    return "pass" if result.status.value == "passed" else result.status.value


@pytest.mark.parametrize(("case", "fmt"), TRAIN, ids=[f"{c['name']}-{f}" for c, f in TRAIN])
def test_corpus_verdict(case: dict[str, Any], fmt: str, tmp_path: Path) -> None:
    assert verdict(case, fmt, tmp_path) == case["verdict"]


def test_corpus_covers_every_format_and_verdict() -> None:
    every = corpus.documents()
    assert len(every) >= 40
    assert {fmt for _, fmt in every} == {"docx", "xlsx", "pdf-rl", "pdf-lo", "odt"}
    assert {c["verdict"] for c, _ in every} == {"fail", "warn", "pass"}
    held = [1 for c, _ in every if c["split"] == "held"]
    assert len(every) / 4 <= len(held) <= len(every) / 2


def test_committed_exports_exist() -> None:
    for case, fmt in corpus.documents():
        if fmt in corpus.COMMITTED:
            assert (corpus.FIXTURES / corpus.file_name(case, fmt)).is_file(), "run python tests/fixtures/financials/make.py"
