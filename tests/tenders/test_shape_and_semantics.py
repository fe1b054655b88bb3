"""A tender with shape errors is still judged on the parts that validated, in the same run.

The end-to-end cases (exact lines) are in tests/invalid/: typo-and-zone, shape-and-links,
shape-and-times, missing-id-and-link. These tests pin the core rules behind them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from conftest import ROOT
from tenderctl.errors import Level, Problem
from tenderctl.tenders import semantics, yamlio
from tenderctl.tenders.model import Tender
from tenderctl.tenders.parse import parse_tender

TENDER = """reference: P-1
title: Partly broken
timezone: {zone}
dates:
  - id: submission
    kind: submission
    at: 2025-03-30 02:30
  - id: briefing
    kind: conference
    at: 2025-03-30 02:30
    timezone: Europe/Paris
steps:
  - text: Upload
    date: {link}
"""


def lines(problems: list[Problem]) -> list[str]:
    return [str(p) for p in problems]


def test_a_misspelt_key_and_an_unknown_zone_are_reported_together() -> None:
    text = TENDER.format(zone="Europe/Brusels", link="submission").replace("title:", "tittle:")
    tender, problems = parse_tender(text, "t.yaml")
    assert tender is None
    assert [(p.line, p.column, p.field) for p in problems] == [
        (1, 1, "title"),
        (2, 1, "tittle"),
        (3, 11, "timezone"),
        (10, 9, "dates[1].at"),  # the briefing has its own, valid zone: its gap is still judged
    ]
    assert "unknown time zone: 'Europe/Brusels'" in problems[2].message
    # dates[0] uses the tender's zone, which is unknown: its time is not judged.


def test_a_tender_zone_with_a_shape_error_leaves_only_dates_with_their_own_zone_judged() -> None:
    tender, problems = parse_tender(TENDER.format(zone="[Europe/Brussels]", link="submission"), "t.yaml")
    assert tender is None
    assert [(p.line, p.field) for p in problems] == [(3, "timezone"), (10, "dates[1].at")]
    assert problems[0].message.startswith("expected text") and "does not exist in Europe/Paris" in problems[1].message


def test_a_link_to_a_milestone_that_failed_its_shape_is_not_broken() -> None:
    text = TENDER.format(zone="Europe/Brussels", link="submission").replace("kind: submission", "kind: submision")
    _, problems = parse_tender(text, "t.yaml")
    assert [p.field for p in problems] == ["dates[0].kind", "dates[1].at"]
    assert not any(p.level is Level.warning for p in problems)  # no "no submission milestone": its kind is unreadable


def test_a_link_to_no_milestone_at_all_is_reported_beside_the_shape_error() -> None:
    text = TENDER.format(zone="Europe/Brussels", link="submision").replace("title: Partly broken", "title: [a, list]")
    _, problems = parse_tender(text, "t.yaml")
    assert lines(problems)[-1] == "t.yaml:14:11: steps[0].date: no milestone with id 'submision' (did you mean 'submission'?)"
    assert [p.field for p in problems] == ["title", "dates[0].at", "dates[1].at", "steps[0].date"]


def test_links_are_not_judged_when_a_milestone_id_is_unreadable() -> None:
    text = TENDER.format(zone="Europe/Brussels", link="nowhere").replace("id: submission", "id: has space")
    _, problems = parse_tender(text, "t.yaml")
    assert [p.field for p in problems] == ["dates[0].id", "dates[1].at"]


def test_each_problem_once() -> None:
    text = TENDER.format(zone="Europe/Brussels", link="submission") + "  - text: Again\n    date: submision\n  - [not, a, step]\n"
    _, problems = parse_tender(text, "t.yaml")
    assert len(lines(problems)) == len(set(lines(problems)))
    assert [p.field for p in problems] == ["dates[0].at", "dates[1].at", "steps[1].date", "steps[2]"]


def valid_shapes() -> list[Path]:
    candidates = sorted((ROOT / "tests" / "invalid").glob("*.yaml")) + sorted((ROOT / "tenders").glob("*.yaml"))
    found = []
    for path in candidates:
        try:
            data = yamlio.load(path.read_text(encoding="utf-8"))
            Tender.model_validate(data)
        except (yamlio.YamlProblem, ValidationError):
            continue
        found.append(path)
    return found


VALID_SHAPES = valid_shapes()


def test_there_are_valid_shapes_to_compare() -> None:
    assert {p.stem for p in VALID_SHAPES} >= {"bad-step", "dst-gap", "unknown-zone", "RFPS-NYH-2025-503831"}


@pytest.mark.parametrize("path", VALID_SHAPES, ids=[p.stem for p in VALID_SHAPES])
def test_the_partial_check_judges_a_valid_shape_as_the_full_check_does(path: Path) -> None:
    data = yamlio.load(path.read_text(encoding="utf-8"))
    assert semantics.check_partial(data) == semantics.check(Tender.model_validate(data))


def test_valid_shapes_never_pay_for_the_partial_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_run(data: object) -> list[semantics.Finding]:
        raise AssertionError("check_partial ran on a tender whose shape is valid")

    monkeypatch.setattr(semantics, "check_partial", must_not_run)
    tender, problems = parse_tender(TENDER.format(zone="Europe/Brussels", link="submission").replace("02:30", "10:00"), "t.yaml")
    assert tender is not None and problems == []
    tender, problems = parse_tender(TENDER.format(zone="Europe/Brussels", link="nowhere"), "t.yaml")
    assert tender is None and [p.field for p in problems] == ["dates[0].at", "dates[1].at", "steps[0].date"]
