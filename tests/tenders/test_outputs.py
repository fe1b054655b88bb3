"""Every --json output validates against its published schema; list, --ref/--tag, settings files, completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, write

SEED = "RFPS-NYH-2025-503831"
TENDER = """reference: {ref}
title: {title}
timezone: {zone}
tags: [{tags}]
dates:
  - id: submission
    kind: submission
    at: {at}
steps:
  - text: Write it
    date: submission
"""


def tender(folder: Path, ref: str, *, tags: str = "", at: str = "2030-03-02 10:00", zone: str = "Europe/Brussels", extra: str = "") -> None:
    write(folder / f"{ref}.yaml", TENDER.format(ref=ref, title=f"Title of {ref}", zone=zone, tags=tags, at=at) + extra)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "tenders"
    (folder).mkdir()
    (folder / f"{SEED}.yaml").write_bytes((ROOT / "tenders" / f"{SEED}.yaml").read_bytes())
    tender(folder, "A-1", tags="it, schools")
    tender(folder, "B-2", tags="archive", at="2030-01-10", zone="Asia/Manila")
    tender(folder, "W-3", extra="status: won\n")
    return folder


COMMANDS = {
    "deadlines": ["deadlines", "--all"],
    "list": ["list", "--all"],
    "show": ["show", SEED],
    "steps": ["steps", SEED],
    "agenda": ["agenda", "--all"],
    "validate": ["validate"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize("tz", [None, "America/New_York"])
def test_json_output_validates_against_its_schema(cli, folder: Path, name: str, tz: str | None) -> None:
    schema = json.loads(cli("schema", "--output", name).stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    args = [*COMMANDS[name], "--json", "--tenders", folder]
    if tz and name != "validate":
        args += ["--tz", tz]
    if name not in ("validate", "steps"):
        args += ["--as-of", "2025-05-19T09:00"]
    result = cli(*args)
    assert result.exit_code in (0, 1), result.dump
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema)


def test_a_schema_catches_a_wrong_shape(cli) -> None:
    schema = json.loads(cli("schema", "--output", "deadlines").stdout)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"reference": "bare list as in 0.1.0"}], schema)
    unknown = cli("schema", "--output", "nope")
    assert unknown.exit_code == 2 and "choose from agenda, check, deadlines" in unknown.stderr


def test_the_same_moment_has_the_same_shape_everywhere(cli, folder: Path) -> None:
    common = ["--json", "--tenders", folder, "--tz", "America/New_York", "--as-of", "2025-05-19T09:00"]
    row = next(
        r for r in json.loads(cli("deadlines", *common).stdout)["deadlines"] if r["milestone"] == "submission" and r["reference"] == SEED
    )
    show = next(d for d in json.loads(cli("show", SEED, *common).stdout)["dates"] if d["id"] == "submission")
    step = json.loads(cli("steps", SEED, *common[:-2]).stdout)["steps"][7]["due"]
    keys = ("at", "utc", "timezone", "all_day", "local")
    assert {k: row[k] for k in keys} == {k: show[k] for k in keys} == {k: step[k] for k in keys}
    assert row["at"] == "2025-06-05T15:00+02:00" and row["local"] == "2025-06-05T09:00-04:00" and row["timezone"] == "Europe/Brussels"


def test_list_shows_each_tender_once_with_its_next_deadline(cli, folder: Path) -> None:
    data = json.loads(cli("list", "--json", "--tenders", folder, "--as-of", "2025-05-19T09:00", "--tz", "UTC").stdout)
    assert [t["reference"] for t in data["tenders"]] == ["A-1", "B-2", SEED]  # the won one left out
    seed = data["tenders"][2]
    assert seed["next"]["milestone"] == "conference" and seed["next"]["at"] == "2025-05-20"
    tagged = json.loads(cli("list", "--json", "--tag", "archive", "--tenders", folder).stdout)["tenders"]
    assert [t["reference"] for t in tagged] == ["B-2"] and tagged[0]["tags"] == ["archive"]
    closed = json.loads(cli("list", "--json", "--status", "closed", "--tenders", folder).stdout)["tenders"]
    assert [t["reference"] for t in closed] == ["W-3"]
    text = cli("list", "--tenders", folder, "--as-of", "2025-05-19T09:00", env={"COLUMNS": "80"})
    assert SEED in text.stdout and all(len(line) <= 80 for line in text.stdout.splitlines()), text.dump


def test_deadlines_by_reference_and_tag(cli, folder: Path) -> None:
    common = ["--json", "--all", "--tenders", folder, "--as-of", "2025-05-19T09:00", "--tz", "UTC"]
    by_ref = json.loads(cli("deadlines", "--ref", "a-1,b-2", *common).stdout)["deadlines"]
    assert sorted({r["reference"] for r in by_ref}) == ["A-1", "B-2"]
    by_tag = json.loads(cli("deadlines", "--tag", "schools", "--tag", "archive", *common).stdout)["deadlines"]
    assert sorted({r["reference"] for r in by_tag}) == ["A-1", "B-2"]


def test_deadlines_on_80_columns_keep_references_whole_and_one_line_per_row(cli, folder: Path) -> None:
    result = cli("deadlines", "--tenders", folder, "--as-of", "2025-05-19T09:00", "--tz", "America/New_York", env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines), result.stdout
    body = [line for line in lines if SEED in line]
    assert len(body) == 3, result.stdout  # one line per milestone: nothing wrapped onto extra rows
    assert any("…" in line for line in body)


def test_settings_files_and_their_precedence(cli, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tenderctl.config import settings

    home = tmp_path / "config"
    write(home / "tenderctl" / "tenderctl.toml", f'tenders = "{folder}"\ntimezone = "Asia/Kolkata"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.delenv("TENDERCTL_TENDERS", raising=False)
    monkeypatch.delenv("TENDERCTL_TZ", raising=False)
    settings.cache_clear()
    data = json.loads(cli("deadlines", "--json", "--as-of", "2025-05-19T09:00").stdout)  # folder and zone from the user's file
    assert data["reader_timezone"] == "Asia/Kolkata" and SEED in {r["reference"] for r in data["deadlines"]}
    write(folder / "tenderctl.toml", 'timezone = "Africa/Nairobi"\n')  # the folder's file beats the user's
    settings.cache_clear()
    assert json.loads(cli("deadlines", "--json").stdout)["reader_timezone"] == "Africa/Nairobi"
    monkeypatch.setenv("TENDERCTL_TZ", "America/Bogota")  # the environment beats both files
    assert json.loads(cli("deadlines", "--json").stdout)["reader_timezone"] == "America/Bogota"
    assert json.loads(cli("deadlines", "--json", "--tz", "UTC").stdout)["reader_timezone"] == "UTC"  # the option beats all
    write(folder / "tenderctl.toml", 'tenders = "elsewhere"\n')
    settings.cache_clear()
    settings.cache_clear()
    bad = subprocess.run(
        [sys.executable, "-m", "tenderctl", "deadlines", "--json"], capture_output=True, text=True, timeout=60, env={**os.environ}
    )
    assert bad.returncode == 2 and "tenderctl.toml: unknown setting 'tenders' (only in the user's file)" in bad.stderr, bad.stderr
    assert "Traceback" not in bad.stderr


def test_references_complete_from_the_tenders_folder(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tenderctl.cli.common import complete_reference

    monkeypatch.setenv("TENDERCTL_TENDERS", str(folder))
    assert complete_reference("rfps") == [SEED]
    assert complete_reference("") == ["A-1", "B-2", SEED, "W-3"]
    monkeypatch.setenv("TENDERCTL_TENDERS", str(folder / "missing"))
    assert complete_reference("a") == []
