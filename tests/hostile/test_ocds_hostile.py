"""Hostile OCDS downloads: deep JSON, bytes that are not UTF-8, identifiers that look like paths,
text with line separators and control characters. Import fails cleanly or writes tender files
that stay inside the tenders folder and validate."""

from __future__ import annotations

import json
from pathlib import Path

from hostile_support import run_tenderctl


def release(tender_id: str, title: str) -> dict[str, object]:
    return {
        "ocid": f"ocds-x-{tender_id[-3:]}",
        "id": "1",
        "date": "2025-01-01T00:00:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
        "tender": {"id": tender_id, "title": title, "tenderPeriod": {"endDate": "2030-01-01T10:00:00+02:00"}},
    }


def test_hostile_ocds(tmp_path: Path) -> None:
    (tmp_path / "tenders").mkdir()
    (tmp_path / "deep.json").write_text("[" * 200_000 + "]" * 200_000, encoding="ascii")
    (tmp_path / "binary.json").write_bytes(b"\x00\xff\xfe" * 100)
    deep = run_tenderctl(["import", "ocds", "deep.json", "--tenders", "tenders"], cwd=tmp_path, timeout=60)
    assert deep.code == 1 and "nested more than 64 levels" in deep.stderr and "Traceback" not in deep.stderr, deep.dump
    binary = run_tenderctl(["import", "ocds", "binary.json", "--tenders", "tenders"], cwd=tmp_path, timeout=60)
    assert binary.code == 1 and "not valid UTF-8" in binary.stderr and "Traceback" not in binary.stderr, binary.dump
    assert list((tmp_path / "tenders").iterdir()) == []

    package = {
        "releases": [
            release("../../../ESCAPED", "Line\u2028separator\u0085next line\x07bell"),
            release(str(tmp_path / "ABSOLUTE"), "Absolute"),
        ]
    }
    (tmp_path / "odd.json").write_text(json.dumps(package), encoding="utf-8")
    before = set(tmp_path.rglob("*"))
    run = run_tenderctl(["import", "ocds", "odd.json", "--tenders", "tenders", "--timezone", "Europe/Brussels"], cwd=tmp_path, timeout=60)
    assert run.code == 0, run.dump
    created = set(tmp_path.rglob("*")) - before
    assert len(created) == 2 and all(p.parent == tmp_path / "tenders" and p.suffix == ".yaml" for p in created), sorted(map(str, created))
    check = run_tenderctl(["validate", "--no-cache", "--json", "--tenders", "tenders"], cwd=tmp_path, timeout=60)
    assert check.code == 0, check.dump
    assert json.loads(check.stdout)["valid"] == 2
