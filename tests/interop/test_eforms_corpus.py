"""Hand-made eForms variants (tests/fixtures/eforms, written by make_variants.py): train and holdout.

Each variant's expected zone, reference, milestones (UTC instants, or a day) and warnings were
written by hand from its parameters. The score is the share of variants read entirely right.
"""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path

import pytest

from conftest import TESTS
from tenderctl.interop import eforms, ocds
from tenderctl.tenders.loader import load_paths
from tenderctl.tenders.timeline import get_zone, resolve

CORPUS = TESTS / "fixtures" / "eforms"


def misses(path: Path, expected: dict, tmp_path: Path) -> list[str]:
    """What the import got wrong for one variant (empty: all right)."""
    prepared, notes = eforms.prepare([(path.name, path.read_bytes())])
    if len(prepared) != 1:
        return [f"{len(prepared)} tenders, notes: {[str(n) for n in notes]}"]
    folder = tmp_path / path.stem
    [outcome] = ocds.import_tenders(prepared, folder)
    if outcome.action != "created":
        return [f"{outcome.action}: {outcome.error} {outcome.problems}"]
    tender = load_paths(tenders=folder, use_cache=False).tenders[0].tender
    wrong = []
    if tender.timezone != expected["zone"]:
        wrong.append(f"zone {tender.timezone} != {expected['zone']}")
    if tender.reference != expected["reference"]:
        wrong.append(f"reference {tender.reference!r} != {expected['reference']!r}")
    if "title" in expected and tender.title != expected["title"]:
        wrong.append(f"title {tender.title!r}")
    got = {}
    for milestone in tender.dates:
        when = resolve(str(milestone.at), get_zone(milestone.timezone or tender.timezone))
        got[milestone.id] = when.day.isoformat() if when.all_day else when.start.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if got != expected["dates"]:
        wrong.append(f"dates {got} != {expected['dates']}")
    said = "\n".join(str(n) for n in outcome.notes)
    wrong += [f"no warning {w!r}" for w in expected.get("warnings", []) if w not in said]
    return wrong


def score(part: str, tmp_path: Path) -> tuple[int, int, dict[str, list[str]]]:
    expected = json.loads((CORPUS / part / "expected.json").read_text(encoding="utf-8"))
    failures = {name: misses(CORPUS / part / f"{name}.xml", want, tmp_path) for name, want in expected.items()}
    failures = {k: v for k, v in failures.items() if v}
    return len(expected) - len(failures), len(expected), failures


@pytest.mark.parametrize("part", ["train", "holdout"])
def test_corpus_part_reads_every_variant_right(part: str, tmp_path: Path) -> None:
    right, total, failures = score(part, tmp_path)
    print(f"eForms corpus {part}: {right}/{total}")
    assert total >= 5 and not failures, failures


def test_the_variants_on_disk_are_what_the_generator_writes(tmp_path: Path) -> None:
    """A fixture edited by hand would drift from the parameters its expectations come from."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_variants", CORPUS / "make_variants.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for part, variants in (("train", module.TRAIN), ("holdout", module.HOLDOUT)):
        for variant in variants:
            assert (CORPUS / part / f"{variant['name']}.xml").read_text(encoding="utf-8") == module.notice(variant)
