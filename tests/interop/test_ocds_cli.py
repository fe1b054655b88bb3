"""`tenderctl import ocds` end to end: files written, re-import in place, dry run, bad input."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

from conftest import TESTS, write

FIXTURES = TESTS / "fixtures" / "ocds"
PKG2 = FIXTURES / "release-package-2.json"
REF2 = "OCDS-87SD3T-AD-SF-DRM-065-2015"


def amendment(package_path: Path, end: str, *, release_id: str = "03", title: str | None = None, extra_doc: bool = False) -> dict:
    """A later tenderAmendment release for the real tender, as a single release."""
    package = json.loads(package_path.read_text(encoding="utf-8"))
    release = copy.deepcopy(package["releases"][-1])
    release.update(id=release_id, date="2017-07-01T09:00:00-06:00", tag=["tenderAmendment"])
    release["tender"]["tenderPeriod"]["endDate"] = end
    if title:
        release["tender"]["title"] = title
    if extra_doc:
        release["tender"]["documents"].append({"id": "2", "title": "ADDENDUM", "url": "https://example.org/addendum.pdf"})
    return release


def test_import_writes_valid_tender_files(tmp_path: Path, cli) -> None:
    folder = tmp_path / "tenders"
    result = cli("import", "ocds", PKG2, FIXTURES / "record-package-1.json", "--tenders", folder)
    assert result.exit_code == 0, result.dump
    assert f"created {folder / (REF2 + '.yaml')} ({REF2}, 2 releases)" in result.stdout
    assert sorted(p.name for p in folder.iterdir()) == ["993235.yaml", f"{REF2}.yaml"]
    text = (folder / f"{REF2}.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Imported from OCDS by `tenderctl import ocds`")
    assert "title: RENOVACIÓN DEL LICENCIAMIENTO SELECT BENTLEY" in text  # UTF-8, not \\u escapes
    assert 'at: "2015-12-17T00:00:00-06:00"' in text
    assert "timezone: Etc/GMT+6" in text
    result = cli("validate", "--tenders", folder)
    assert result.exit_code == 0, result.dump
    result = cli("show", REF2, "--tenders", folder, "--json", "--as-of", "2015-12-01T00:00:00Z")
    dates = {d["id"]: d for d in json.loads(result.stdout)["dates"]}
    assert dates["submission"]["utc"] == "2015-12-17T06:00:00Z"


def test_every_warning_is_one_line_naming_file_and_release(tmp_path: Path, cli) -> None:
    result = cli("import", "ocds", FIXTURES / "release-package-1.json", "--tenders", tmp_path / "t")
    assert result.exit_code == 0, result.dump
    lines = [line for line in result.stderr.splitlines() if "warning:" in line]
    assert lines and all(
        line.startswith(f"{FIXTURES / 'release-package-1.json'}:1:1: warning: OCDS-87SD3T-AD-SF-DRM-063-2015: release 02 (latest of 2): ")
        for line in lines
    )
    assert result.stderr.splitlines()[-1].startswith("1 created; ")


USER_EDITS = """\
steps:
  - Buy the bid documents   # at the cashier, 2nd floor
  - text: Prepare the economic proposal
    date: submission
checks:
  - rule: signature
    tip: "Firma autógrafa en cada hoja"
"""


def test_reimport_updates_in_place_and_keeps_what_the_user_added(tmp_path: Path, cli) -> None:
    folder = tmp_path / "tenders"
    assert cli("import", "ocds", PKG2, "--tenders", folder).exit_code == 0
    path = folder / f"{REF2}.yaml"
    original = path.read_text(encoding="utf-8")
    edited = original.replace("notes: RENOVACIÓN DEL LICENCIAMIENTO SELECT BENTLEY", "notes: My own notes  # keep me") + USER_EDITS
    edited = edited.replace("title: Submission deadline", "title: Entrega de propuestas  # my wording", 1)
    path.write_text(edited, encoding="utf-8")
    mode = 0o640
    os.chmod(path, mode)

    moved = amendment(PKG2, "2015-12-18T14:00:00-06:00", extra_doc=True)
    update = tmp_path / "amend.json"
    update.write_text(json.dumps(moved, ensure_ascii=False), encoding="utf-8")
    result = cli("import", "ocds", PKG2, update, "--tenders", folder)
    assert result.exit_code == 0, result.dump
    lines = result.stdout.splitlines()
    assert lines[0] == f"updated {path} ({REF2}, 3 releases)"
    assert (
        lines[1] == "  ! submission deadline moved: 2015-12-17 00:00:00-06:00 -> 2015-12-18 14:00:00-06:00 (1 day 14 h later)"
    )  # the headline first
    assert "  - new link: ADDENDUM <https://example.org/addendum.pdf>" in lines

    after = path.read_text(encoding="utf-8")
    assert "notes: My own notes  # keep me" in after
    assert "title: Entrega de propuestas  # my wording" in after  # the user's title for the date stays
    assert "  - Buy the bid documents   # at the cashier, 2nd floor" in after
    assert 'tip: "Firma autógrafa en cada hoja"' in after
    assert 'at: "2015-12-18T14:00:00-06:00"' in after
    assert (path.stat().st_mode & 0o777) == mode
    # outside the import record (extensions.ocds), only the lines the update meant to change differ
    import difflib

    def head(text: str) -> list[str]:
        lines = text.splitlines()
        return lines[: lines.index("extensions:")] + lines[lines.index("steps:") :]

    delta = [d for d in difflib.unified_diff(head(edited), head(after), lineterm="", n=0) if d[:1] in "+-" and d[:3] not in ("+++", "---")]
    assert delta == [
        "+  - title: ADDENDUM",
        "+    url: https://example.org/addendum.pdf",
        '-    at: "2015-12-17T00:00:00-06:00"',
        '+    at: "2015-12-18T14:00:00-06:00"',
        "+    sequence: 1",
    ], delta

    result = cli("import", "ocds", PKG2, update, "--tenders", folder)
    assert result.exit_code == 0 and f"unchanged {path}" in result.stdout, result.dump
    assert path.read_text(encoding="utf-8") == after


def test_a_field_only_the_user_changed_is_kept_and_one_ocds_changed_wins(tmp_path: Path, cli) -> None:
    folder = tmp_path / "tenders"
    cli("import", "ocds", PKG2, "--tenders", folder)
    path = folder / f"{REF2}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("buyer: SECRETARÍA DE FINANZAS", "buyer: SEFIN (CDMX)", 1), encoding="utf-8")
    # same OCDS data again: the user's buyer stays
    result = cli("import", "ocds", PKG2, "--tenders", folder)
    assert "unchanged" in result.stdout and "buyer: SEFIN (CDMX)" in path.read_text(encoding="utf-8"), result.dump
    # OCDS renames the tender: the new title is taken, the user's buyer still stays
    renamed = tmp_path / "renamed.json"
    renamed.write_text(json.dumps(amendment(PKG2, "2015-12-17T00:00:00-06:00", title="RENOVACIÓN BENTLEY 2016")), encoding="utf-8")
    result = cli("import", "ocds", PKG2, renamed, "--tenders", folder)
    assert "  - title: 'RENOVACIÓN DEL LICENCIAMIENTO SELECT BENTLEY' -> 'RENOVACIÓN BENTLEY 2016'" in result.stdout, result.dump
    text = path.read_text(encoding="utf-8")
    assert "title: RENOVACIÓN BENTLEY 2016" in text and "buyer: SEFIN (CDMX)" in text


def test_dry_run_writes_nothing_and_shows_the_diff(tmp_path: Path, cli) -> None:
    folder = tmp_path / "tenders"
    result = cli("import", "ocds", PKG2, "--tenders", folder, "--dry-run")
    assert result.exit_code == 0, result.dump
    assert not folder.exists()
    assert f"would create {folder / (REF2 + '.yaml')}" in result.stdout
    assert "reference: OCDS-87SD3T-AD-SF-DRM-065-2015" in result.stdout  # the content is shown
    cli("import", "ocds", PKG2, "--tenders", folder)
    before = (folder / f"{REF2}.yaml").read_bytes()
    moved = tmp_path / "m.json"
    moved.write_text(json.dumps(amendment(PKG2, "2015-12-18T14:00:00-06:00")), encoding="utf-8")
    result = cli("import", "ocds", PKG2, moved, "--tenders", folder, "-n")
    assert result.exit_code == 0, result.dump
    assert "would update" in result.stdout
    assert '-    at: "2015-12-17T00:00:00-06:00"' in result.stdout
    assert '+    at: "2015-12-18T14:00:00-06:00"' in result.stdout
    assert (folder / f"{REF2}.yaml").read_bytes() == before


def test_an_unrelated_file_with_the_same_name_is_never_clobbered(tmp_path: Path, cli) -> None:
    folder = tmp_path / "tenders"
    mine = write(folder / f"{REF2}.yaml", "# mine\nreference: SOMETHING-ELSE\ntitle: Mine\ntimezone: UTC\n")
    broken = write(folder / "993235.yaml", "reference: [unclosed\n")
    result = cli("import", "ocds", PKG2, FIXTURES / "record-package-1.json", "--tenders", folder)
    assert result.exit_code == 0, result.dump
    assert mine.read_text(encoding="utf-8").startswith("# mine")
    assert broken.read_text(encoding="utf-8") == "reference: [unclosed\n"
    assert (folder / f"{REF2}-2.yaml").exists() and (folder / "993235-2.yaml").exists()
    assert "exists and holds another tender (or is not valid); not touched" in result.stderr


def test_a_reference_taken_by_another_tender_falls_back_to_the_ocid(tmp_path: Path, cli) -> None:
    folder = tmp_path / "tenders"
    write(folder / "other.yaml", "reference: '993235'\ntitle: Mine\ntimezone: UTC\nocid: ocds-other\n")
    result = cli("import", "ocds", FIXTURES / "record-package-1.json", "--tenders", folder)
    assert result.exit_code == 0, result.dump
    assert "reference '993235' is taken" in result.stderr
    assert cli("validate", "--tenders", folder).exit_code == 0
    assert "reference: ocds-07smqs-993235" in (folder / "ocds-07smqs-993235.yaml").read_text(encoding="utf-8")


def test_an_invalid_existing_tender_is_left_alone_and_reported(tmp_path: Path, cli) -> None:
    folder = tmp_path / "tenders"
    cli("import", "ocds", PKG2, "--tenders", folder)
    path = folder / f"{REF2}.yaml"
    # still recognisable by ocid for the loader? No: an invalid file is not loaded, so the
    # import cannot know it is the same tender and writes a second file instead of touching it.
    text = path.read_text(encoding="utf-8").replace("timezone: Etc/GMT+6", "timezone: Mars/Olympus")
    path.write_text(text, encoding="utf-8")
    result = cli("import", "ocds", PKG2, "--tenders", folder)
    assert path.read_text(encoding="utf-8") == text
    assert "not touched" in result.stderr, result.dump


def test_stdin_and_json_output(tmp_path: Path, cli) -> None:
    folder = tmp_path / "tenders"
    result = cli("import", "ocds", "-", "--tenders", folder, "--json", input=PKG2.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.dump
    data = json.loads(result.stdout)
    assert data["status"] == "ok"
    assert data["tenders"][0]["action"] == "created" and data["tenders"][0]["reference"] == REF2
    assert any(
        w["field"] == "OCDS-87SD3T-AD-SF-DRM-065-2015: release 02 (latest of 2): tender.tenderPeriod.endDate"
        for w in data["tenders"][0]["warnings"]
    )


def test_bad_json_is_one_clean_line_and_exit_1(tmp_path: Path, cli) -> None:
    bad = write(tmp_path / "bad.json", '{"releases": [\n  {"ocid": "x",]\n}')
    result = cli("import", "ocds", bad, "--tenders", tmp_path / "t")
    assert result.exit_code == 1, result.dump
    assert result.stderr.splitlines()[0] == f"{bad}:2:16: json: not valid JSON: Expecting property name enclosed in double quotes"
    assert "Traceback" not in result.stderr


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path, cli) -> None:
    bad = write(tmp_path / "bad.json", "nope")
    result = cli("import", "ocds", bad, tmp_path / "missing.json", PKG2, "--tenders", tmp_path / "t")
    assert result.exit_code == 1, result.dump
    assert "missing.json:1:1: file: cannot read: No such file or directory" in result.stderr
    assert (tmp_path / "t" / f"{REF2}.yaml").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_not_opened(tmp_path: Path, cli) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    result = cli("import", "ocds", fifo, "--tenders", tmp_path / "t")  # would hang if opened
    assert result.exit_code == 1 and "not a regular file" in result.stderr, result.dump


def test_usage_errors_exit_2(tmp_path: Path, cli) -> None:
    result = cli("import", "ocds", PKG2, "--timezone", "Mexico/Ciudad", "--tenders", tmp_path)
    assert result.exit_code == 2 and "unknown time zone" in result.stderr, result.dump
    result = cli("import", "ocds", "-", "-", "--tenders", tmp_path, input="{}")
    assert result.exit_code == 2, result.dump


def test_help_has_examples(cli) -> None:
    for args in (("import", "ocds", "--help"), ("export", "--help"), ("import", "--help")):
        result = cli(*args)
        assert result.exit_code == 0, result.dump
    assert "Examples" in cli("import", "ocds", "--help").stdout
    assert "Examples" in cli("export", "--help").stdout


def test_command_module_imports_only_typer_and_stdlib() -> None:
    import subprocess
    import sys

    code = "import sys; import tenderctl.cli.interop; print(sorted(m for m in ('pydantic', 'ruamel', 'rich', 'jsonschema') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]", out


def test_dropped_dates_stay_deleted_dates_stay_deleted_and_cancellation_is_a_headline(tmp_path: Path, cli) -> None:
    folder = tmp_path / "tenders"
    cli("import", "ocds", PKG2, "--tenders", folder)
    path = folder / f"{REF2}.yaml"
    text = path.read_text(encoding="utf-8")
    # the user deletes the award date from the file (the lines after the submission date)
    start = text.index("  - id: award")
    path.write_text(text[:start] + text[text.index("extensions:") :], encoding="utf-8")
    later = amendment(PKG2, "2015-12-17T00:00:00-06:00")
    later["tender"]["status"] = "cancelled"
    later["tender"]["awardPeriod"] = None  # OCDS drops the award period
    update = write(tmp_path / "cancel.json", json.dumps(later))
    result = cli("import", "ocds", PKG2, update, "--tenders", folder)
    assert result.exit_code == 0, result.dump
    assert result.stdout.splitlines()[1] == "  ! status: open -> cancelled (the buyer cancelled the tender)"
    after = path.read_text(encoding="utf-8")
    assert "status: cancelled" in after
    assert "  - id: award" not in after  # the user's deletion stands
    # and with the date still in the file, OCDS dropping it keeps it, with a warning
    folder2 = tmp_path / "t2"
    cli("import", "ocds", PKG2, "--tenders", folder2)
    result = cli("import", "ocds", PKG2, update, "--tenders", folder2)
    assert "date 'award' is no longer in the OCDS data; kept in the file" in result.stderr, result.dump
    assert "  - id: award" in (folder2 / f"{REF2}.yaml").read_text(encoding="utf-8")


def test_timezone_option_on_the_command_line(tmp_path: Path, cli) -> None:
    folder = tmp_path / "tenders"
    result = cli("import", "ocds", PKG2, "--timezone", "America/Mexico_City", "--tenders", folder)
    assert result.exit_code == 0, result.dump
    assert "inferred" not in result.stderr
    text = (folder / f"{REF2}.yaml").read_text(encoding="utf-8")
    assert "timezone: America/Mexico_City" in text and 'at: "2015-12-17T00:00:00-06:00"' in text
    rows = cli("export", "-f", "csv", "--tenders", folder).stdout.splitlines()
    assert ",2015-12-17 00:00,America/Mexico_City,UTC-06:00,2015-12-17T06:00:00Z," in rows[1]


def test_a_tender_that_would_not_validate_is_reported_and_not_written(tmp_path: Path, cli) -> None:
    """A time without offset that falls in New York's spring-forward gap cannot be a valid date."""
    good = {
        "ocid": "ocds-ok",
        "id": "1",
        "date": "2025-01-01T00:00:00Z",
        "tag": ["tender"],
        "tender": {"title": "Fine", "tenderPeriod": {"endDate": "2025-03-20T12:00:00-04:00"}},
    }
    gap = {
        "ocid": "ocds-gap",
        "id": "1",
        "date": "2025-01-01T00:00:00Z",
        "tag": ["tender"],
        "tender": {"title": "Gap", "tenderPeriod": {"endDate": "2025-03-09T02:30:00"}},
    }
    lines = write(tmp_path / "r.jsonl", json.dumps(good) + "\n" + json.dumps(gap) + "\n")
    folder = tmp_path / "tenders"
    result = cli("import", "ocds", lines, "--timezone", "America/New_York", "--tenders", folder, "--json")
    assert result.exit_code == 1, result.dump
    data = json.loads(result.stdout)
    assert data["status"] == "failed"
    outcome = {t["id"]: t for t in data["tenders"]}
    assert outcome["ocds-ok"]["action"] == "created"
    assert outcome["ocds-gap"]["action"] == "failed"
    assert "does not validate" in outcome["ocds-gap"]["error"]
    assert any("does not exist in America/New_York" in p["message"] for p in outcome["ocds-gap"]["problems"])
    assert [p.name for p in folder.iterdir()] == ["ocds-ok.yaml"]


def test_dry_run_json_carries_the_content(tmp_path: Path, cli) -> None:
    result = cli("import", "ocds", PKG2, "--dry-run", "--json", "--tenders", tmp_path / "t")
    data = json.loads(result.stdout)
    assert data["dry_run"] is True and data["tenders"][0]["content"].startswith("# Imported from OCDS")
    assert not (tmp_path / "t").exists()
