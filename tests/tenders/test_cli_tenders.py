"""The reading commands through typer's CliRunner: deadlines, validate, show, schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import write

TENDER = """reference: {ref}
title: {title}
timezone: {zone}
status: {status}
dates:
  - id: questions
    kind: questions
    title: Questions
    at: {questions}
  - id: submission
    kind: submission
    title: Submission
    at: {submission}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    tenders = tmp_path / "tenders"
    write(
        tenders / "a.yaml",
        TENDER.format(
            ref="A-1", title="Alpha", zone="Europe/Brussels", status="open", questions="2026-01-10", submission="2026-01-20 15:00"
        ),
    )
    write(
        tenders / "b.yaml",
        TENDER.format(ref="B-2", title="Beta", zone="Asia/Kolkata", status="open", questions="2026-01-05", submission="2026-02-01 12:00"),
    )
    write(
        tenders / "c.yaml",
        TENDER.format(
            ref="C-3", title="Gamma", zone="America/St_Johns", status="lost", questions="2026-01-02", submission="2026-01-15 09:00"
        ),
    )
    return tenders


def test_deadlines_json_soonest_first(cli, folder: Path) -> None:
    result = cli("deadlines", "--tenders", folder, "--as-of", "2026-01-06T00:00+00:00", "--json")
    assert result.exit_code == 0, result.dump
    rows = json.loads(result.stdout)["deadlines"]
    assert [(r["reference"], r["milestone"]) for r in rows] == [("A-1", "questions"), ("A-1", "submission"), ("B-2", "submission")]
    first, second = rows[0], rows[1]
    assert first["at"] == "2026-01-10" and first["all_day"] is True
    assert second["at"] == "2026-01-20T15:00+01:00" and second["all_day"] is False
    assert second["utc"] == "2026-01-20T14:00:00Z"
    for key in ("reference", "title", "milestone", "kind", "at", "all_day"):
        assert key in first


def test_deadlines_tz_converts_times_but_not_dates(cli, folder: Path) -> None:
    result = cli("deadlines", "--tenders", folder, "--as-of", "2026-01-06", "--tz", "Asia/Kolkata", "--json")
    rows = {(r["reference"], r["milestone"]): r for r in json.loads(result.stdout)["deadlines"]}
    # `at` stays in the tender's zone (one meaning whatever --tz says); `local` is the reader's.
    assert rows[("A-1", "submission")]["at"] == "2026-01-20T15:00+01:00"
    assert rows[("A-1", "submission")]["local"] == "2026-01-20T19:30+05:30"
    assert rows[("A-1", "submission")]["timezone"] == "Europe/Brussels"
    assert rows[("A-1", "questions")]["at"] == "2026-01-10" and rows[("A-1", "questions")]["local"] is None


def test_deadlines_filters(cli, folder: Path) -> None:
    def refs(*args: str) -> list[tuple[str, str]]:
        result = cli("deadlines", "--tenders", folder, "--as-of", "2026-01-06T00:00Z", "--json", *args)
        assert result.exit_code == 0, result.dump
        return [(r["reference"], r["milestone"]) for r in json.loads(result.stdout)["deadlines"]]

    assert refs("--kind", "submission") == [("A-1", "submission"), ("B-2", "submission")]
    assert refs("--within", "7d") == [("A-1", "questions")]
    assert ("C-3", "submission") in refs("--all")
    assert ("B-2", "questions") in refs("--all")
    assert refs("--status", "lost", "--all") == [("C-3", "questions"), ("C-3", "submission")]


def test_deadlines_table_and_empty_message(cli, folder: Path) -> None:
    result = cli("deadlines", "--tenders", folder, "--as-of", "2026-01-19T15:00+01:00")
    assert result.exit_code == 0
    assert "in 1 day" in result.stdout and "A-1" in result.stdout and "Submission" in result.stdout
    assert "1 closed tender left out" in result.stdout
    empty = cli("deadlines", "--tenders", folder, "--as-of", "2027-01-01")
    assert empty.exit_code == 0
    assert "Nothing upcoming. 4 milestones are past (--all lists them). 1 closed tender left out." in empty.stdout


def test_all_day_question_deadline_is_open_all_day(cli, folder: Path) -> None:
    # 23:30 in Brussels on the day itself: still upcoming, shown as today.
    result = cli("deadlines", "--tenders", folder, "--as-of", "2026-01-10T23:30+01:00", "--kind", "questions", "--json")
    rows = json.loads(result.stdout)["deadlines"]
    assert [r["reference"] for r in rows] == ["A-1"] and rows[0]["seconds_left"] == 1800


def test_bad_file_named_on_stderr_good_ones_listed(cli, folder: Path) -> None:
    write(folder / "broken.yaml", "reference: X\ntitle: [\n")
    result = cli("deadlines", "--tenders", folder, "--as-of", "2026-01-06", "--json")
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)["deadlines"]) == 3
    assert f"{folder / 'broken.yaml'}:3:1: yaml:" in result.stderr
    assert "1 invalid tender file left out" in result.stderr


def test_usage_errors_exit_2(cli, folder: Path) -> None:
    for args, message in [
        (("--within", "soon"), "--within: not a duration"),
        (("--kind", "submision"), "did you mean 'submission'"),
        (("--tz", "Mars/Olympus"), "unknown time zone"),
        (("--as-of", "yesterday"), "--as-of: not a date-time"),
    ]:
        result = cli("deadlines", "--tenders", folder, *args)
        assert result.exit_code == 2, result.dump
        assert message in result.stderr
        assert "Traceback" not in result.stderr


def test_missing_folder_is_a_clear_error(cli, tmp_path: Path) -> None:
    result = cli("deadlines", "--tenders", tmp_path / "nope")
    assert result.exit_code == 1
    assert "no tenders folder here" in result.stderr


def test_env_var_names_the_folder(cli, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TENDERCTL_TENDERS", str(folder))
    result = cli("deadlines", "--all", "--json")
    assert {r["reference"] for r in json.loads(result.stdout)["deadlines"]} == {"A-1", "B-2", "C-3"}


def test_validate_bundled_tenders(cli, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root)
    result = cli("validate")
    assert result.exit_code == 0, result.dump
    assert "ok:" in result.stdout
    as_json = json.loads(cli("validate", "--json").stdout)
    assert as_json["status"] == "ok" and as_json["valid"] == as_json["files"] >= 1


def test_show_seed_tender(cli, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root)
    result = cli("show", "RFPS-NYH-2025-503831", "--as-of", "2025-05-21T09:00", "--tz", "America/New_York")
    assert result.exit_code == 0, result.dump
    out = result.stdout
    assert "Thu 05 Jun 2025 09:00 EDT" in out and "Thu 05 Jun 2025 15:00 CEST" in out
    assert "in 15 days" in out and "8. E-submission" in out
    assert "automatically discarded" in out
    data = json.loads(cli("show", "rfps-nyh-2025-503831", "--json", "--as-of", "2025-05-21").stdout)
    submission = next(d for d in data["dates"] if d["id"] == "submission")
    assert submission["utc"] == "2025-06-05T13:00:00Z"
    missing = cli("show", "RFPS-NYH-2025-50383")
    assert missing.exit_code == 1 and "did you mean RFPS-NYH-2025-503831" in missing.stderr


def test_schema_describes_and_accepts_the_seed(cli, root: Path) -> None:
    import jsonschema

    from tenderctl.tenders import yamlio

    schema = json.loads(cli("schema").stdout)
    seed = yamlio.load((root / "tenders" / "RFPS-NYH-2025-503831.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(seed, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**seed, "titel": "x"}, schema)
    assert "timezone" in schema["required"]


def test_every_command_has_help_with_examples(cli) -> None:
    from tenderctl.cli import app

    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert {"validate", "deadlines", "show", "schema"} <= set(names)
    for name in names:
        result = cli(name, "--help")
        assert result.exit_code == 0
        assert "Example" in result.stdout, name


def test_each_command_alone_behaves_as_in_the_whole_app() -> None:
    """main() hands typer only the command being run (see app_for): help, usage errors and
    the typo suggestion must read exactly as they do from the whole app."""
    from typer.main import get_command_name
    from typer.testing import CliRunner

    from tenderctl.cli import app, app_for

    runner = CliRunner()
    names = [c.name or get_command_name(c.callback.__name__) for c in app.registered_commands if c.callback]
    names += [g.name for g in app.registered_groups if g.name]
    assert len(names) >= 16 and "import" in names
    for name in names:
        lean = app_for(["tenderctl", name])
        assert lean is not app and len(lean.registered_commands) + len(lean.registered_groups) == 1, name
        for args in ([name, "--help"], [name, "--no-such-option"]):
            whole, alone = runner.invoke(app, args), runner.invoke(lean, args)
            assert (alone.exit_code, alone.stdout, alone.stderr) == (whole.exit_code, whole.stdout, whole.stderr), (name, args)
    assert app_for(["tenderctl", "chek"]) is app and app_for(["tenderctl", "--help"]) is app and app_for(["tenderctl"]) is app


def test_version_does_not_import_heavy_modules() -> None:
    import subprocess
    import sys

    code = "import sys; sys.argv=['tenderctl','--version']; from tenderctl.entry import main; main(); print(sorted(m for m in sys.modules if m.split('.')[0] in {'typer','pydantic','icalendar','yaml','rich'}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["tenderctl 0.1.0", "[]"]


def test_help_imports_no_pydantic_or_icalendar() -> None:
    import subprocess
    import sys

    code = (
        "import sys; sys.argv=['tenderctl','--help']\nfrom tenderctl.entry import main\ntry: main()\nexcept SystemExit: pass\n"
        "print([m for m in ('pydantic','icalendar','pypdfium2','lxml','ruamel','pyhanko','yaml') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
