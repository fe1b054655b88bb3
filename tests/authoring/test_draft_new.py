"""`tenderctl new`: a commented file that validates, named after the reference, never over another."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import write
from tenderctl.authoring.scaffold import NewTender, scaffold
from tenderctl.errors import UsageError
from tenderctl.tenders.loader import load_paths


def test_scaffold_validates_and_teaches() -> None:
    text = scaffold(NewTender("AO 2026/014", "IT equipment: schools", "Africa/Dakar", "Ministère", "2026-12-12T17:00"))
    assert 'title: "IT equipment: schools"' in text
    assert "    at: 2026-12-12 17:00" in text
    assert "# checks:" in text and "`tenderctl done" in text


def test_scaffold_without_deadline_has_no_dates_key() -> None:
    text = scaffold(NewTender("R-1", "T", "UTC"))
    assert "\ndates:" not in text and "# dates:" in text
    assert "date: submission" not in text


def test_scaffold_rejects_bad_facts() -> None:
    with pytest.raises(UsageError, match=r"--timezone: unknown time zone.*--deadline: not a date"):
        scaffold(NewTender("R-1", "T", "Europe/Bruxelles", deadline="next friday"))


def test_new_from_options(cli, tmp_path: Path) -> None:
    folder = tmp_path / "tenders"
    result = cli(
        "new",
        "-T",
        folder,
        "--reference",
        "AO 2026/014",
        "--title",
        "IT equipment",
        "--buyer",
        "MEN",
        "--timezone",
        "Africa/Dakar",
        "--deadline",
        "2026-12-12 17:00",
        "--json",
    )
    assert result.exit_code == 0, result.dump
    path = folder / "AO-2026-014.yaml"
    assert json.loads(result.stdout) == {"reference": "AO 2026/014", "file": str(path)}
    loaded = load_paths([folder])
    assert loaded.ok and loaded.tenders[0].tender.reference == "AO 2026/014"
    assert loaded.tenders[0].tender.dates[0].at == "2026-12-12 17:00"
    # the commands that edit work on it straight away
    assert cli("done", "-T", folder, "AO 2026/014", "read-tor", "--date", "2026-11-23").exit_code == 0


def test_new_refuses_to_overwrite(cli, tmp_path: Path) -> None:
    folder = tmp_path / "tenders"
    mine = write(folder / "R-1.yaml", "reference: R-1\ntitle: mine\ntimezone: UTC\n")
    refused = cli("new", "-T", folder, "--reference", "R-1", "--title", "new", "--timezone", "UTC")
    assert refused.exit_code == 1 and "already exists" in refused.stderr, refused.dump
    assert mine.read_text(encoding="utf-8") == "reference: R-1\ntitle: mine\ntimezone: UTC\n"
    forced = cli("new", "-T", folder, "--reference", "R-1", "--title", "new", "--timezone", "UTC", "--force")
    assert forced.exit_code == 0, forced.dump
    assert "title: new" in mine.read_text(encoding="utf-8")


def test_new_refuses_a_reference_another_file_has(cli, tmp_path: Path) -> None:
    folder = tmp_path / "tenders"
    write(folder / "elsewhere.yaml", "reference: R-1\ntitle: mine\ntimezone: UTC\n")
    result = cli("new", "-T", folder, "--reference", "r-1", "--title", "new", "--timezone", "UTC")
    assert result.exit_code == 1 and "elsewhere.yaml already has the reference" in result.stderr, result.dump
    assert not (folder / "r-1.yaml").exists()


def test_new_without_a_terminal_needs_the_options(cli, tmp_path: Path) -> None:
    result = cli("new", "-T", tmp_path, "--title", "T")
    assert result.exit_code == 2
    assert "missing --reference, --timezone" in result.stderr
    bad = cli("new", "-T", tmp_path, "--reference", "R", "--title", "T", "--timezone", "Europe/Bruxelles", "--deadline", "1/12/2026")
    assert bad.exit_code == 2 and "--timezone" in bad.stderr and "--deadline" in bad.stderr, bad.dump
    assert list(tmp_path.iterdir()) == []


def test_new_asks_on_a_terminal(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tenderctl.cli.authoring as authoring

    monkeypatch.setattr(authoring, "_interactive", lambda: True)
    answers = "RFQ-9\nLaptops\n\nAfrica/Nairobi\n2026-11-14 16:00\n"
    result = cli("new", "-T", tmp_path, input=answers)
    assert result.exit_code == 0, result.dump
    tender = load_paths([tmp_path / "RFQ-9.yaml"]).tenders[0].tender
    assert (tender.reference, tender.title, tender.buyer, tender.timezone) == ("RFQ-9", "Laptops", None, "Africa/Nairobi")
    assert tender.dates[0].at == "2026-11-14 16:00"


def test_draft_output_with_a_trailing_slash_is_a_folder(cli, tmp_path: Path) -> None:
    """`-o drafts/` where drafts does not exist wrote a file named drafts in 0.1.0."""
    notice = tmp_path / "notice.txt"
    notice.write_text(
        "Request for proposals RFP-77/2026\nThe deadline for submission is 5 June 2026, 15:00 Africa/Nairobi.\n", encoding="utf-8"
    )
    result = cli("draft", notice, "-o", f"{tmp_path / 'drafts'}/", "--timezone", "Africa/Nairobi")
    assert result.exit_code == 0, result.dump
    assert (tmp_path / "drafts").is_dir(), result.dump
    assert [p.name for p in (tmp_path / "drafts").iterdir()] == ["RFP-77-2026.yaml"]
