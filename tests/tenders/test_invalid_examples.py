"""Each invalid tender file sits beside the exact error lines `validate` must print."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TESTS

INVALID = TESTS / "invalid"
CASES = sorted(INVALID.glob("*.yaml"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_file_prints_exact_lines(case: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVALID)
    result = cli("validate", "--no-cache", case.name)
    assert result.exit_code == 1, result.dump
    expected = (INVALID / f"{case.stem}.expected").read_text(encoding="utf-8").splitlines()
    assert result.stderr.splitlines() == expected, result.dump
    assert "Traceback" not in result.stdout + result.stderr


def test_every_case_has_expected_lines() -> None:
    assert len(CASES) >= 12
    for case in CASES:
        assert (INVALID / f"{case.stem}.expected").read_text(encoding="utf-8").strip(), case


def test_folder_reports_all_files_sorted(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVALID.parent)
    result = cli("validate", "--no-cache", "invalid")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    expected = []
    for case in CASES:
        expected += [f"invalid/{line}" for line in (INVALID / f"{case.stem}.expected").read_text(encoding="utf-8").splitlines()]
    assert lines == sorted(expected, key=_sort_key), result.dump
    assert f"{len(CASES)} of {len(CASES)} files with errors" in result.stdout


def _sort_key(line: str) -> tuple[str, int, int, str]:
    path, line_no, column, rest = line.split(":", 3)
    return (path, int(line_no), int(column), rest)
