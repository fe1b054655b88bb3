"""What a newcomer hit on a fresh clone: misleading answers that now say what is true."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write

TENDER = """reference: {ref}
title: {title}
timezone: Europe/Brussels
dates:
  - id: submission
    kind: submission
    at: {at}
"""


def tender(folder: Path, name: str, ref: str, at: str = "2030-03-02 10:00", title: str = "A tender") -> Path:
    return write(folder / name, TENDER.format(ref=ref, at=at, title=title))


def test_status_on_an_invalid_file_names_the_file(cli, tmp_path: Path) -> None:
    folder = tmp_path / "tenders"
    write(folder / "BAD-1.yaml", "reference: BAD-1\ntitle: x\ntimezone: Nowhere/Land\n")
    result = cli("status", "BAD-1", "won", "--tenders", folder)
    assert result.exit_code == 1, result.dump
    assert "is in" in result.stderr and "BAD-1.yaml, which is invalid" in result.stderr, result.dump
    assert "no tender with reference" not in result.stderr
    write(folder / "other-name.yaml", "reference: 'BAD-2'\ntitle: x\ntimezone: Nowhere/Land\n")
    by_line = cli("show", "BAD-2", "--tenders", folder)
    assert by_line.exit_code == 1 and "other-name.yaml, which is invalid" in by_line.stderr, by_line.dump


def test_validate_of_a_missing_path_does_not_count_zero_files(cli, tmp_path: Path) -> None:
    result = cli("validate", tmp_path / "nothere.yaml")
    assert result.exit_code == 1
    assert "1 of 0" not in result.stdout and "no tender files found" in result.stdout, result.dump
    tender(tmp_path / "t", "A.yaml", "A")
    mixed = cli("validate", tmp_path / "t", tmp_path / "nothere.yaml", "--no-cache")
    assert "0 of 1 file" in mixed.stdout and "nothere.yaml:1:1: path: no such file" in mixed.stderr, mixed.dump


def test_status_closed_is_a_group_not_a_typo_for_lost(cli, tmp_path: Path) -> None:
    folder = tmp_path / "tenders"
    tender(folder, "A.yaml", "A")
    write(folder / "W.yaml", TENDER.format(ref="W", at="2030-03-02 10:00", title="won one") + "status: won\n")
    rows = json.loads(cli("deadlines", "--status", "closed", "--json", "--tenders", folder, "--tz", "UTC").stdout)
    rows = rows["deadlines"] if isinstance(rows, dict) else rows
    assert [r["reference"] for r in rows] == ["W"]
    typo = cli("deadlines", "--status", "closd", "--tenders", folder)
    assert typo.exit_code == 2 and "did you mean 'closed'?" in typo.stderr
    far = cli("deadlines", "--status", "finished", "--tenders", folder)
    assert far.exit_code == 2 and "did you mean" not in far.stderr and "choose from open, submitted" in far.stderr, far.dump


def test_two_files_with_one_reference_neither_wins(cli, tmp_path: Path) -> None:
    """A stray "REF (old copy).yaml" sorts first; 0.1.0 published its older deadline and blamed the original."""
    folder = tmp_path / "tenders"
    tender(folder, "REF-1.yaml", "REF-1", at="2030-03-09 10:00", title="The original")
    tender(folder, "REF-1 (old copy).yaml", "REF-1", at="2030-03-02 10:00", title="The stale copy")
    tender(folder, "OTHER.yaml", "OTHER")
    result = cli("deadlines", "--json", "--tenders", folder, "--tz", "UTC", "--as-of", "2030-01-01")
    assert result.exit_code == 1, result.dump
    data = json.loads(result.stdout)
    rows = data["deadlines"] if isinstance(data, dict) else data
    assert [r["reference"] for r in rows] == ["OTHER"]
    lines = [line for line in result.stderr.splitlines() if "duplicate reference" in line]
    assert len(lines) == 2 and any("REF-1.yaml:" in line for line in lines) and any("(old copy).yaml:" in line for line in lines), (
        result.dump
    )
    ics = cli("ics", "--tenders", folder)
    assert ics.exit_code == 1 and "The stale copy" not in ics.stdout and "The original" not in ics.stdout, ics.dump


def test_color_works_after_the_command_too() -> None:
    from tenderctl.cli import global_options_first

    assert global_options_first(["t", "deadlines", "--all", "--color", "never"]) == ["t", "--color", "never", "deadlines", "--all"]
    assert global_options_first(["t", "show", "X", "--color=always"]) == ["t", "--color=always", "show", "X"]
    assert global_options_first(["t", "show", "--", "--color", "x"]) == ["t", "show", "--", "--color", "x"]
    import subprocess
    import sys

    from conftest import ROOT

    run = subprocess.run(
        [sys.executable, "-m", "tenderctl", "deadlines", "--all", "--color", "always"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0 and "\x1b[" in run.stdout, run.stderr


def test_help_texts_keep_their_defaults_visible(cli) -> None:
    """rich read "[default: ...]" as markup and printed "Files or folders ."."""
    for command in ("validate", "deadlines", "show", "steps", "ics", "export", "done"):
        text = cli(command, "--help", env={"COLUMNS": "200"}).stdout
        import re

        assert not re.search(r"\w \.(\s|$)", text), (command, text)
