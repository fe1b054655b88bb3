"""Commands that edit a tender find the real file, even when its name needs escaping."""

from __future__ import annotations

from pathlib import Path

from conftest import write

TENDER = """reference: ODD-1
title: Odd file name
timezone: Europe/Brussels
dates:
  - id: submission
    kind: submission
    at: 2026-03-02 10:00
steps:
  - Register
"""


def test_done_edits_a_file_whose_name_has_a_newline_and_rtl_mark(cli, tmp_path: Path) -> None:
    folder = tmp_path / "tenders"
    path = write(folder / "odd\nname\u202e.yaml", TENDER)
    listed = cli("deadlines", "--tenders", folder, "--all", "--json", "--as-of", "2026-01-01")
    assert listed.exit_code == 0, listed.dump
    assert "\\n" in listed.stdout  # the display form is escaped, one line per problem or row
    result = cli("done", "ODD-1", "1", "--tenders", folder, "--as-of", "2026-01-05")
    assert result.exit_code == 0, result.dump
    assert "done: 2026-01-05" in path.read_text(encoding="utf-8")


def test_duplicate_reference_position_read_from_the_real_file(cli, tmp_path: Path) -> None:
    folder = tmp_path / "tenders"
    write(folder / "a.yaml", TENDER)
    write(folder / "b\tdup.yaml", "# comment first\n" + TENDER)
    result = cli("validate", "--no-cache", folder)
    assert result.exit_code == 1
    assert ":2:12: reference: duplicate reference 'ODD-1'" in result.stderr, result.dump
