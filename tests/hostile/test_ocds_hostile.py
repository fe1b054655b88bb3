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


def test_a_number_of_100000_digits_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """Issue 18: json's int limit (4300 digits) raised a ValueError traceback; now the number is read as
    text, with one positioned warning, and the tender is imported."""
    big = release("BIG-00001", "Big amount")
    big["tender"]["value"] = {"amount": 0, "currency": "EUR"}  # type: ignore[index]
    big["tender"]["id"] = "ID-" + "0"  # type: ignore[index]
    text = json.dumps({"releases": [big]}, indent=1).replace('"amount": 0', '"amount": ' + "9" * 100_000)
    (tmp_path / "bigint.json").write_text(text, encoding="utf-8")
    line = text[: text.index("9" * 100)].count("\n") + 1
    run = run_tenderctl(["import", "ocds", "bigint.json", "--tenders", "tenders"], cwd=tmp_path, timeout=30, limit_mb=512)
    assert run.code == 0 and "Traceback" not in run.stderr, run.dump
    assert run.seconds < 10 and run.max_rss_mb < 200, run.dump
    warning = [entry for entry in run.stderr.splitlines() if "digits" in entry]
    assert len(warning) == 1 and warning[0].startswith(f"bigint.json:{line}:"), run.dump
    assert "a number of 100,000 digits is read as text" in warning[0]
    assert [p.name for p in (tmp_path / "tenders").iterdir()] == ["ID-0.yaml"]


def test_200000_empty_entries_give_a_dozen_lines_in_bounded_time_and_memory(tmp_path: Path) -> None:
    """Issue 18: one note per entry (200,002 lines, 17 s, killed at 15 s before); now ten and a count."""
    (tmp_path / "empties.json").write_text("[" + ",".join(["[]"] * 200_000) + "]", encoding="ascii")
    run = run_tenderctl(["import", "ocds", "empties.json", "--tenders", "tenders"], cwd=tmp_path, timeout=30, limit_mb=512)
    assert run.code == 1 and "Traceback" not in run.stderr, run.dump
    assert run.seconds < 5 and run.max_rss_mb < 150, run.dump
    lines = run.stderr.splitlines()
    assert len(lines) <= 14, run.dump
    assert "empties.json:1:1: warning: file: and 199,990 more: items that are not a release, record or package; skipped" in lines
    assert "empties.json:1:1: file: no releases or records found (is this OCDS data?)" in lines


def test_twenty_million_containers_are_refused_before_parsing(tmp_path: Path) -> None:
    """20 M empty entries took 6 GB; a container count bounds what json.loads may build."""
    (tmp_path / "many.json").write_text("[" + ",".join(["[]"] * 3_000_000) + "]", encoding="ascii")
    run = run_tenderctl(["import", "ocds", "many.json", "--tenders", "tenders"], cwd=tmp_path, timeout=30, limit_mb=768)
    assert run.code == 1 and run.seconds < 10 and run.max_rss_mb < 300, run.dump
    assert "more than 2,000,000 JSON objects and arrays (3,000,001)" in run.stderr, run.dump


def test_repeated_notes_are_capped_for_every_container() -> None:
    from tenderctl.interop import ocds

    package = {"releases": [5] * 50 + [{"url": "https://example.org/r.json"}] * 30}
    _prepared, notes = ocds.prepare([("p.json", json.dumps(package).encode())])
    text = [str(n) for n in notes]
    assert sum("not a JSON object; skipped" in t for t in text) == 10
    assert "p.json:1:1: warning: file: and 40 more: releases that are not JSON objects; skipped" in text
    assert "p.json:1:1: warning: file: and 20 more: linked releases (only a url): not fetched, skipped" in text
