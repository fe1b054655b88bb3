"""CSV and JSON export: a row per milestone that spreadsheets read right, and the full model."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from conftest import ROOT, write
from tenderctl.interop.export import CSV_COLUMNS, guard_cell
from tenderctl.tenders.model import Tender

SEED = ROOT / "tenders" / "RFPS-NYH-2025-503831.yaml"


def seed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "tenders"
    folder.mkdir()
    shutil.copy(SEED, folder)
    return folder


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def test_csv_one_row_per_milestone_with_utc_and_local_time(tmp_path: Path, cli) -> None:
    result = cli("export", "--format", "csv", "--tenders", seed_folder(tmp_path))
    assert result.exit_code == 0, result.dump
    assert result.stdout.splitlines()[0] == ",".join(CSV_COLUMNS)
    rows = rows_of(result.stdout)
    assert [r["milestone"] for r in rows] == ["conference", "questions", "submission"]
    submission = rows[2]
    assert submission["local"] == "2025-06-05 15:00"
    assert submission["timezone"] == "Europe/Brussels"
    assert submission["utc_offset"] == "UTC+02:00"
    assert submission["start_utc"] == submission["due_utc"] == "2025-06-05T13:00:00Z"
    assert submission["all_day"] == "false"
    assert submission["as_written"] == "5 June 2025, 15:00 Central European Time (CET)"
    questions = rows[1]
    assert questions["all_day"] == "true" and questions["local"] == "2025-05-22"
    assert questions["start_utc"] == "2025-05-21T22:00:00Z" and questions["due_utc"] == "2025-05-22T22:00:00Z"


def test_csv_includes_the_derived_submit_by(tmp_path: Path, cli) -> None:
    folder = tmp_path / "t"
    write(
        folder / "b.yaml",
        "reference: B\ntitle: B\ntimezone: Asia/Kolkata\nsubmit_buffer: 1d\ndates:\n  - {id: s, kind: submission, at: 2025-06-05 15:00}\n",
    )
    rows = rows_of(cli("export", "--tenders", folder).stdout)
    assert [(r["milestone"], r["derived"], r["start_utc"]) for r in rows] == [
        ("s-submit-by", "true", "2025-06-04T09:30:00Z"),
        ("s", "false", "2025-06-05T09:30:00Z"),
    ]


def test_csv_defuses_formulas(tmp_path: Path, cli) -> None:
    folder = tmp_path / "t"
    write(
        folder / "evil.yaml",
        'reference: EVIL-1\ntitle: "=HYPERLINK(\\"http://evil.example\\",\\"click\\")"\ntimezone: UTC\nbuyer: "@SUM(1+1)"\n'
        'dates:\n  - {id: s, kind: submission, at: 2025-06-05 15:00, title: "+cmd|\' /C calc\'!A0", notes: "-2+3", as_written: "=1"}\n',
    )
    rows = rows_of(cli("export", "-f", "csv", "--tenders", folder).stdout)
    row = rows[0]
    assert row["tender_title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["buyer"] == "'@SUM(1+1)"
    assert row["milestone_title"].startswith("'+cmd")
    assert row["notes"] == "'-2+3"
    assert row["as_written"] == "'=1"
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@")), row


def test_guard_cell_leaves_ordinary_text_alone() -> None:
    assert guard_cell("Safe Online") == "Safe Online"
    assert guard_cell(None) == ""
    assert guard_cell("=1+1") == "'=1+1"


def test_csv_file_has_a_bom_and_opens_in_a_spreadsheet_reader(tmp_path: Path, cli) -> None:
    """A BOM so Excel reads UTF-8 accents; openpyxl is no CSV reader, so check with csv and the bytes."""
    folder = tmp_path / "t"
    write(
        folder / "a.yaml",
        "reference: A-1\ntitle: Étude — réseau\ntimezone: Africa/Dakar\ndates:\n  - {id: s, kind: submission, at: 2025-06-05 15:00}\n",
    )
    out = tmp_path / "out.csv"
    result = cli("export", "--format", "csv", "--out", out, "--tenders", folder)
    assert result.exit_code == 0, result.dump
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == 2  # RFC 4180 line ends (the test runner's stdout hides them)
    rows = rows_of(raw.decode("utf-8"))
    assert rows[0]["tender_title"] == "Étude — réseau"
    assert rows[0]["local"] == "2025-06-05 15:00" and rows[0]["start_utc"] == "2025-06-05T15:00:00Z"


def test_out_refuses_to_overwrite_without_force(tmp_path: Path, cli) -> None:
    folder = seed_folder(tmp_path)
    out = write(tmp_path / "out.csv", "precious")
    result = cli("export", "--out", out, "--tenders", folder)
    assert result.exit_code == 1 and "already exists (pass --force to overwrite)" in result.stderr, result.dump
    assert out.read_text() == "precious"
    assert cli("export", "--out", out, "--force", "--tenders", folder).exit_code == 0
    assert out.read_text(encoding="utf-8-sig").startswith("reference,")


def test_json_is_the_full_model(tmp_path: Path, cli) -> None:
    result = cli("export", "--format", "json", "--tenders", seed_folder(tmp_path))
    assert result.exit_code == 0, result.dump
    data = json.loads(result.stdout)
    assert data["format"] == "tenderctl-export" and data["version"] == 1
    [item] = data["tenders"]
    from tenderctl.tenders.loader import load_paths

    loaded = load_paths([SEED], use_cache=False).tenders[0].tender
    assert Tender.model_validate(item["tender"]) == loaded
    assert item["tender"]["steps"][5]["date"] == "conference"


def test_references_pick_tenders_and_unknown_ones_fail(tmp_path: Path, cli) -> None:
    folder = seed_folder(tmp_path)
    write(folder / "b.yaml", "reference: B-2\ntitle: B\ntimezone: UTC\n")
    data = json.loads(cli("export", "-f", "json", "B-2", "--tenders", folder).stdout)
    assert [t["tender"]["reference"] for t in data["tenders"]] == ["B-2"]
    result = cli("export", "RFPS-NYH-2025-50383", "--tenders", folder)
    assert result.exit_code == 1 and "did you mean RFPS-NYH-2025-503831" in result.stderr, result.dump


def test_bad_format_is_a_usage_error(tmp_path: Path, cli) -> None:
    result = cli("export", "--format", "xlsx", "--tenders", seed_folder(tmp_path))
    assert result.exit_code == 2 and "--format must be one of csv, json, ocds" in result.stderr, result.dump


def test_invalid_files_are_named_and_exit_1_but_valid_ones_export(tmp_path: Path, cli) -> None:
    folder = seed_folder(tmp_path)
    write(folder / "bad.yaml", "reference: X\n")
    result = cli("export", "-f", "csv", "--tenders", folder)
    assert result.exit_code == 1, result.dump
    assert "bad.yaml" in result.stderr
    assert len(rows_of(result.stdout)) == 3


def test_json_names_the_files_left_out_in_problems_and_on_stderr(tmp_path: Path, cli) -> None:
    """Like the listings: a script reading the JSON sees which files did not load, not only exit 1."""
    import jsonschema

    from tenderctl.report.schemas import output_schema

    folder = seed_folder(tmp_path)
    write(folder / "bad.yaml", "reference: X\n")
    write(folder / "worse.yaml", "reference: [\n")
    out = tmp_path / "out.json"
    for args in (("export", "-f", "json"), ("export", "-f", "json", "--out", out)):
        result = cli(*args, "--tenders", folder)
        assert result.exit_code == 1, result.dump
        data = json.loads(out.read_text(encoding="utf-8") if "--out" in args else result.stdout)
        assert [t["tender"]["reference"] for t in data["tenders"]] == ["RFPS-NYH-2025-503831"]
        left_out = {Path(p["file"]).name for p in data["problems"]}
        assert left_out == {"bad.yaml", "worse.yaml"}, data["problems"]
        assert {p["level"] for p in data["problems"]} == {"error"}
        assert "bad.yaml" in result.stderr and "worse.yaml" in result.stderr and "2 invalid tender files left out" in result.stderr
        jsonschema.Draft202012Validator(output_schema("export")).validate(data)
    (tmp_path / "clean").mkdir()
    clean = json.loads(cli("export", "-f", "json", "--tenders", seed_folder(tmp_path / "clean")).stdout)
    assert clean["problems"] == []


def test_ocds_with_no_tenders_fails_clearly(tmp_path: Path, cli) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    result = cli("export", "-f", "ocds", "--tenders", folder)
    assert result.exit_code == 1 and "needs at least one tender" in result.stderr, result.dump


def test_out_into_a_missing_folder_or_onto_a_folder_is_one_clean_error(tmp_path: Path, cli) -> None:
    folder = seed_folder(tmp_path)
    result = cli("export", "--out", tmp_path / "nope" / "x.csv", "--tenders", folder)
    assert result.exit_code == 1 and "cannot write: No such file or directory" in result.stderr, result.dump
    result = cli("export", "--out", tmp_path, "--force", "--tenders", folder)
    assert result.exit_code == 1 and "is a folder" in result.stderr, result.dump


def test_export_is_one_core_call_without_the_cli(tmp_path: Path) -> None:
    """The encoding and the safe writing live in the core: a script gets the same bytes and refusals."""
    from datetime import UTC, datetime

    import pytest

    from tenderctl.errors import TenderctlError, UsageError
    from tenderctl.interop.export import export_tenders
    from tenderctl.tenders.loader import load_paths

    loaded = load_paths([SEED], use_cache=False).tenders
    now = datetime(2025, 1, 1, tzinfo=UTC)
    out = tmp_path / "t.csv"
    data = export_tenders(loaded, "csv", now=now, out=out)
    assert out.read_bytes() == data and data.startswith(b"\xef\xbb\xbf")
    assert not export_tenders(loaded, "csv", now=now).startswith(b"\xef\xbb\xbf")  # stdout: no BOM
    with pytest.raises(TenderctlError, match="already exists"):
        export_tenders(loaded, "csv", now=now, out=out)
    with pytest.raises(UsageError, match="--no-extension only applies"):
        export_tenders(loaded, "json", now=now, carry=False)
    package = json.loads(export_tenders(loaded, "ocds", now=now, carry=False))
    assert package["publishedDate"] == "2025-01-01T00:00:00+00:00" and "tenderctl" not in package["releases"][0]["tender"]
