"""The bounded rule workers get the documents the cheap way, and judge exactly as in-process rules do.

Forked workers are born holding the documents (nothing pickled); spawned ones get them pickled
once; a worker that has neither hands the rule back to the caller. Every way gives the report
the in-process run gives.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tenderctl.checks import engine
from tenderctl.checks.checklist import CheckEntry, Checklist
from tenderctl.checks.engine import run_checks
from tenderctl.documents import sandbox
from tenderctl.documents.model import Document, Role, TextBlock


def _documents() -> list[Document]:
    technical = Document(
        "Technical_Proposal.pdf",
        "pdf",
        40_000,
        Role.technical,
        pages=3,
        blocks=[
            TextBlock("Technical proposal for the evaluation", page=1, bbox=(72, 700, 400, 720)),
            TextBlock("Our daily rate is USD 650 and the total cost USD 39,000.", page=2),
            TextBlock("Signature: ____________", page=3, bbox=(72, 100, 300, 120)),
        ],
    )
    cv = Document("CV_Jane_Doe.pdf", "pdf", 9_000, Role.cv, pages=2, blocks=[TextBlock("Curriculum vitae: Jane Doe", page=1)])
    unreadable = Document("Annex.docx", "docx", 10, Role.other, readable=False, unreadable_reason="not a readable DOCX")
    return [technical, cv, unreadable]


CHECKLIST = Checklist(
    reference="R-STAGE",
    title="Staging",
    checks=(CheckEntry("signature"), CheckEntry("no-financials"), CheckEntry("cvs"), CheckEntry("page-limit", options={"max": 2})),
)


def _report(tmp_path: Path, **options: Any) -> str:
    return json.dumps(run_checks(CHECKLIST, _documents(), tmp_path, **options).to_json(), sort_keys=True)


def test_forked_rule_workers_hold_the_documents_without_pickling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not sandbox.can_fork(sandbox.DEFAULT_MEMORY_MB):
        pytest.fail("this test needs workers forked from the test process (Linux, one thread)")
    expected = _report(tmp_path)  # in this process

    def refuse(*_args: Any, **_kwargs: Any) -> bytes:
        raise AssertionError("the documents were pickled for forked workers")

    # the engine's own name for the module only: the task channel pickles as before
    monkeypatch.setattr(engine, "pickle", SimpleNamespace(dumps=refuse, loads=pickle.loads, HIGHEST_PROTOCOL=pickle.HIGHEST_PROTOCOL))
    assert _report(tmp_path, timeout=60) == expected
    assert engine._STAGE == {}  # let go once the rules are done


def test_spawned_rule_workers_get_the_documents_pickled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _report(tmp_path)
    monkeypatch.setattr(sandbox, "_can_fork", lambda memory_mb: False)
    assert _report(tmp_path, timeout=60) == expected


def test_a_worker_without_the_documents_hands_the_rule_back(tmp_path: Path) -> None:
    engine._STAGE.clear()
    assert engine.run_staged("no-such-key", None, CheckEntry("files"), (0,)) is None
    staged = pickle.dumps((CHECKLIST, _documents(), tmp_path, None))
    results = engine.run_staged("another-key", staged, CheckEntry("files"), (0, 1, 2))
    engine._STAGE.clear()
    assert results is not None and results[0].rule == "files"


def test_rules_given_back_by_workers_are_run_by_the_caller(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that turns out not to be forked with the documents (a thread appeared meanwhile):
    the caller runs the rules itself, with the same verdicts."""
    expected = _report(tmp_path)
    monkeypatch.setattr(engine, "can_fork", lambda memory_mb: True)  # decided "forked" ...
    monkeypatch.setattr(sandbox, "_can_fork", lambda memory_mb: False)  # ... but the workers are spawned
    assert _report(tmp_path, timeout=60) == expected
