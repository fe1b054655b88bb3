"""A new imported tender is judged from its data, not by reading its YAML back: the same result.

``validate_written`` stands in for ``parse_tender(text)`` when the text is what the one writer made
of the data (its round-trip promise is property-tested in tests/authoring/test_writer.py). Here it
is compared with ``parse_tender`` on every shared eForms sample, the hand-made variants and the
OCDS fixtures, and on data outside the promise or with problems, where it must hand over to
``parse_tender`` and give exactly its answer (positions included).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, TESTS
from tenderctl.interop import eforms, ocds
from tenderctl.interop.ocds import write
from tenderctl.interop.ocds.plan import new_tender
from tenderctl.tenders.parse import parse_tender

SAMPLES = Path(os.environ.get("TENDERCTL_SHARED") or ROOT.parent / "shared") / "eforms-samples"
VARIANTS = TESTS / "fixtures" / "eforms"


def written(data: dict[str, Any], origin: str = "eforms") -> str:
    return write.dump_yaml(data, write.HEADERS[origin].format(source="test", ocid="x"))


def prepared_data() -> list[tuple[str, dict[str, Any], str]]:
    out = []
    notices = sorted(SAMPLES.glob("*.xml")) + sorted(VARIANTS.glob("*/*.xml"))
    items, _problems = eforms.prepare(eforms.iter_inputs([str(p) for p in notices], sys.stdin.buffer, []))
    for item in items:
        out.append((item.view.ocid, new_tender(item.view, item.merged, item.record), "eforms"))
    packages = [p for p in sorted((TESTS / "fixtures" / "ocds").glob("*.json")) if "schema" not in p.name]
    ocds_items, _problems = ocds.prepare([(str(p), p.read_bytes()) for p in packages])
    for item in ocds_items:
        out.append((item.view.ocid, new_tender(item.view, item.merged, item.record), "ocds"))
    return out


def test_the_same_result_as_reading_the_text_back_for_every_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    if not SAMPLES.is_dir():  # pragma: no cover - CI has ../shared beside the clone
        pytest.fail(f"the eForms SDK samples are not at {SAMPLES} (../shared beside the clone, or set TENDERCTL_SHARED)")
    cases = prepared_data()
    assert len(cases) >= 20, len(cases)
    from tenderctl.tenders import parse

    read_back: list[str] = []
    monkeypatch.setattr(parse, "parse_tender", lambda text, display: read_back.append(display) or parse_tender(text, display))
    for name, data, origin in cases:
        text = written(data, origin)
        assert write.validate_written(data, text, name) == parse_tender(text, name), name
    assert len(read_back) < len(cases) / 4, read_back  # most are judged from their data (the point of it)


BASE = {
    "reference": "R-1",
    "title": "A title",
    "timezone": "Europe/Paris",
    "dates": [{"id": "submission", "kind": "submission", "at": "2030-01-02 10:00"}],
}


@pytest.mark.parametrize(
    "change",
    [
        {"title": "lone \ud800 surrogate"},  # written as an escape the loader refuses: nothing written
        {"extensions": {"eforms": {"source": "lone \udc80 surrogate"}}},  # where the model takes any value
        {"buyer": None},  # left out by the writer
        {"extensions": {"eforms": {"last": {"buyer": None, "n": 1.5}}}},  # a float: outside the promise
        {"extensions": {"eforms": {"big": 10**30}}},
        {"timezone": "CET"},  # a semantic warning: positioned from the text
        {"title": ""},  # invalid: positioned problems from the text
        {"dates": [{"id": "submission", "kind": "submission", "at": "not a date"}]},
        {"dates": []},  # no submission: a warning
        {"links": ({"title": "t", "url": "https://example.org"},)},  # a tuple is written as a list
    ],
)
def test_outside_the_promise_or_with_problems_the_text_decides(change: dict[str, Any]) -> None:
    data = {**BASE, **change}
    text = written(data)
    got = write.validate_written(data, text, "t.yaml")
    assert got == parse_tender(text, "t.yaml")


def test_a_surrogate_never_reaches_a_file(tmp_path: Path) -> None:
    data = {**BASE, "extensions": {"eforms": {"source": "lone \udc80 surrogate"}}}
    tender, problems = write.validate_written(data, written(data), "t.yaml")
    assert tender is None and problems, problems
