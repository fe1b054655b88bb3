"""Every rule's cases as data (tests/rule_cases/<rule>.yaml), run through the engine."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from conftest import TESTS
from rule_helpers import run_rule
from tenderctl.documents.model import Document, ImageInfo, Role, TextBlock

CASE_DIR = TESTS / "rule_cases"
OWN_SHAPE = {"no-financials": "no-financials", "no-financials-documents": "no-financials"}
"""Case files with runners of their own (test_rules_financials.py, test_financials_corpus.py), and their rule."""


def _cases() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path in sorted(CASE_DIR.glob("*.yaml")):
        if path.stem in OWN_SHAPE:
            continue
        for name, case in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            found.append((path.stem, name, case))
    return found


def document(spec: dict[str, Any]) -> Document:
    doc = Document(path=spec["path"], format=spec.get("format", spec["path"].rsplit(".", 1)[-1]), size=spec.get("size", 1000))
    doc.role = Role(spec.get("role", "technical"))
    doc.pages = spec.get("pages")
    doc.blocks = [TextBlock(b["text"], page=b.get("page"), where=b.get("where", "body")) for b in spec.get("blocks", [])]
    doc.images = [ImageInfo(i.get("page"), None, i.get("width_px", 0), i.get("height_px", 0)) for i in spec.get("images", [])]
    for key in ("readable", "password_protected", "unreadable_reason", "image_only_pages", "title"):
        if key in spec:
            setattr(doc, key, spec[key])
    return doc


CASES = _cases()


def test_every_rule_has_cases() -> None:
    from tenderctl.checks.engine import load_rules

    have = {rule for rule, _name, _case in CASES} | set(OWN_SHAPE.values())
    assert {"cvs", "reference", "language", "page-limit"} <= have
    assert have <= set(load_rules()), "a case file names no rule"


@pytest.mark.parametrize(("rule", "name", "case"), CASES, ids=[f"{r}:{n}" for r, n, _c in CASES])
def test_rule_case(rule: str, name: str, case: dict[str, Any]) -> None:
    docs = [document(spec) for spec in case.get("docs", [])]
    results = run_rule(rule, docs, options=case.get("options"), **case.get("tender", {}))
    got = [r.status.value for r in results]
    expected = case["expect"] if isinstance(case["expect"], list) else [case["expect"]]
    assert got == expected, [r.message for r in results]
