"""`tenderctl check` and `tenderctl rules` end to end, on real generated documents."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import pytest

import docgen
from conftest import ROOT, write

REF = "RFPS-NYH-2025-503831"

TENDER = f"""\
reference: {REF}
title: Case studies
timezone: Europe/Brussels
experts:
  - {{role: Team Leader, name: Jane Doe}}
  - {{role: Researcher, name: John Smith}}
criteria:
  - {{title: Methodology and approach, weight: 40}}
  - {{title: Ethics and safeguarding}}
checks:
  - rule: no-financials
    tip: "No financials in the technical proposal."
  - rule: cvs
    severity: required
  - rule: criteria
    severity: warning
  - rule: reference
    severity: required
  - rule: files
    options: {{formats: [pdf, docx, xlsx], financial_password: false}}
"""


def tenders_dir(tmp_path: Path, text: str = TENDER) -> Path:
    write(tmp_path / "tenders" / f"{REF}.yaml", text)
    return tmp_path / "tenders"


def clean_proposal(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    docgen.text_pdf(
        folder / "Technical_Proposal.pdf",
        [
            f"Technical proposal - {REF}",
            "1. Methodology and approach: 6 countries, 60 interviews, 95% confidence.",
            "2. Ethics and safeguarding: a do-no-harm protocol, since 2019.",
            "In 2023, 300 million children were affected. Call +44 20 7946 0958.",
            "Fieldwork 1 July to 30 September 2025 (section 2.3.1, page 4 of 20).",
        ],
    )
    docgen.text_pdf(folder / "CV_Jane_Doe.pdf", ["Curriculum vitae: Jane Doe", "Team Leader"])
    docgen.text_pdf(folder / "CV_John_Smith.pdf", ["Curriculum vitae: John Smith", "Researcher"])
    docgen.xlsx(folder / "Financial_Proposal.xlsx")
    return folder


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def run_json(cli, folder: Path, tenders: Path, *extra: str):  # type: ignore[no-untyped-def]
    result = cli("check", folder, "--tender", REF, "--tenders", tenders, "--format", "json", *extra)
    return result, json.loads(result.stdout)


def by_rule(data: dict, rule: str) -> list[dict]:  # type: ignore[type-arg]
    return [r for r in data["results"] if r["rule"] == rule]


def test_clean_proposal_passes_with_exit_0(cli, tmp_path: Path) -> None:
    folder = clean_proposal(tmp_path / "bid")
    result, data = run_json(cli, folder, tenders_dir(tmp_path))
    assert result.exit_code == 0, result.dump
    assert data["status"] == "pass", data["results"]
    assert {r["status"] for r in data["results"]} == {"pass"}
    roles = {f["path"]: f["role"] for f in data["files"]}
    assert roles == {
        "CV_Jane_Doe.pdf": "cv",
        "CV_John_Smith.pdf": "cv",
        "Financial_Proposal.xlsx": "financial",
        "Technical_Proposal.pdf": "technical",
    }
    for entry in data["files"]:
        assert {"path", "role", "format", "pages", "readable", "notes"} <= set(entry)


def test_problems_of_each_kind_in_real_documents(cli, tmp_path: Path) -> None:
    folder = clean_proposal(tmp_path / "bid")
    (folder / "CV_John_Smith.pdf").unlink()
    docgen.docx(
        folder / "Technical_Annex.docx",
        ["Technical annex", "Work plan"],
        table=[["Expert", "Daily fee"], ["Team leader", "650"]],
        footer="Total fees: EUR 13,000",
        deleted_text="Lump sum USD 32,000",
    )
    docgen.xlsx(folder / "Technical_workplan.xlsx", rows=(("Activity", "Days", "Unit cost"), ("Fieldwork", 20, 650)), currency_format=None)
    docgen.image_only_pdf(folder / "Technical_scan_annex.pdf")
    result, data = run_json(cli, folder, tenders_dir(tmp_path))
    assert result.exit_code == 1, result.dump
    assert data["status"] == "fail"
    money = {r["message"].split(" ")[0].rstrip(":"): r for r in by_rule(data, "no-financials")}
    annex = money["Technical_Annex.docx"]
    assert annex["status"] == "fail" and annex["tip"] == "No financials in the technical proposal."
    excerpts = " | ".join(e["excerpt"] for e in annex["evidence"])
    assert "[footer] Total fees: EUR 13,000" in excerpts and "[deleted] Lump sum USD 32,000" in excerpts and "650" in excerpts
    sheet = money["Technical_workplan.xlsx"]
    assert sheet["status"] == "fail" and "Unit cost" in sheet["evidence"][0]["excerpt"]
    assert money["Technical_scan_annex.pdf"]["status"] == "unverified"
    assert money["Technical_Proposal.pdf"]["status"] == "pass"
    cvs = by_rule(data, "cvs")
    assert [r["status"] for r in cvs] == ["pass", "fail"] and "John Smith" in cvs[1]["message"]
    assert cvs[1]["severity"] == "required"


def test_unreadable_technical_files_are_unverified_never_pass(cli, tmp_path: Path) -> None:
    folder = tmp_path / "bid"
    folder.mkdir()
    docgen.text_pdf(folder / "Technical_Proposal.pdf", ["Technical proposal", "Fee EUR 500"], encrypt_user="secret")
    docgen.text_pdf(folder / "CV_Jane_Doe.pdf", ["Curriculum vitae: Jane Doe"])
    result, data = run_json(cli, folder, tenders_dir(tmp_path))
    assert result.exit_code == 1, result.dump  # the files rule fails an encrypted technical proposal
    statuses = {r["rule"]: r["status"] for r in data["results"] if r["rule"] in ("no-financials", "criteria", "reference")}
    assert statuses == {"no-financials": "unverified", "criteria": "unverified", "reference": "unverified"}
    files = [r for r in by_rule(data, "files") if "Technical_Proposal.pdf" in r["message"]]
    assert files and files[0]["status"] == "fail" and "password" in files[0]["message"]
    [tech] = [f for f in data["files"] if f["path"] == "Technical_Proposal.pdf"]
    assert tech["readable"] is False and tech["password_protected"] is True and tech["notes"]


def test_folder_is_read_only_every_byte_unchanged(cli, tmp_path: Path) -> None:
    folder = clean_proposal(tmp_path / "bid")
    docgen.docx(folder / "Technical_Annex.docx", ["Technical annex"], comment="Fee EUR 400", table=[["Fee"], ["400"]])
    docgen.signed_pdf(folder / "Technical_Signed.pdf")
    docgen.image_only_pdf(folder / "CV_scan.pdf")
    docgen.text_pdf(folder / "Locked.pdf", ["x"], encrypt_user="pw")
    (folder / "sub").mkdir()
    docgen.odt(folder / "sub" / "Technical_note.odt", deleted_text="Prix: 3 000 EUR")
    before = snapshot(folder)
    names_before = sorted(os.listdir(folder))
    tenders = tenders_dir(tmp_path)
    for fmt in ("text", "json", "markdown"):
        result = cli("check", folder, "--tender", REF, "--tenders", tenders, "--format", fmt)
        assert result.exit_code in (0, 1), result.dump
    assert snapshot(folder) == before
    assert sorted(os.listdir(folder)) == names_before


def test_symlink_out_of_the_folder_is_not_followed(cli, tmp_path: Path) -> None:
    folder = clean_proposal(tmp_path / "bid")
    outside = docgen.text_pdf(tmp_path / "secret_prices.pdf", ["Technical proposal", "Total price EUR 99,000"])
    (folder / "Technical_Extra.pdf").symlink_to(outside)
    result, data = run_json(cli, folder, tenders_dir(tmp_path))
    [extra] = [f for f in data["files"] if f["path"] == "Technical_Extra.pdf"]
    assert extra["readable"] is False and "symbolic link" in " ".join(extra["notes"])
    assert "99,000" not in result.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_does_not_hang_the_run(cli, tmp_path: Path) -> None:
    folder = clean_proposal(tmp_path / "bid")
    os.mkfifo(folder / "Technical_pipe.pdf")
    _, data = run_json(cli, folder, tenders_dir(tmp_path))
    [pipe] = [f for f in data["files"] if f["path"] == "Technical_pipe.pdf"]
    assert pipe["readable"] is False


def test_text_and_markdown_reports(cli, tmp_path: Path) -> None:
    folder = clean_proposal(tmp_path / "bid")
    docgen.text_pdf(
        folder / "Technical_Proposal.pdf", [f"Technical proposal {REF}", "Methodology and approach", "Daily rate: USD 650 | pipe"]
    )
    tenders = tenders_dir(tmp_path)
    text = cli("check", folder, "--tender", REF, "--tenders", tenders)
    assert text.exit_code == 1, text.dump
    assert "no-financials" in text.stdout and "FAIL" in text.stdout and "Daily rate: USD 650" in text.stdout
    assert "Tip: No financials in the technical proposal." in text.stdout
    assert text.stdout.rstrip().splitlines()[-1].startswith("FAIL: fix no-financials")
    assert "\x1b[" not in text.stdout  # NO_COLOR
    md = cli("check", folder, "--tender", REF, "--tenders", tenders, "--format", "markdown")
    assert md.exit_code == 1
    assert md.stdout.startswith(f"# Proposal check: {REF}")
    assert "| `no-financials` | ❌ FAIL |" in md.stdout and "USD 650 \\| pipe" in md.stdout
    assert "## Files" in md.stdout


def test_strict_turns_warnings_into_exit_1(cli, tmp_path: Path) -> None:
    folder = clean_proposal(tmp_path / "bid")
    docgen.text_pdf(
        folder / "Technical_Proposal.pdf",
        [f"Technical proposal {REF}", "Methodology and approach", "$45 million are allocated to the programme by donors."],
    )
    tenders = tenders_dir(tmp_path, TENDER.replace("  - {title: Ethics and safeguarding}\n", ""))
    result, data = run_json(cli, folder, tenders)
    assert data["status"] == "warn" and result.exit_code == 0, result.dump
    strict, _ = run_json(cli, folder, tenders, "--strict")
    assert strict.exit_code == 1


def test_unknown_rule_in_the_tender(cli, tmp_path: Path) -> None:
    folder = clean_proposal(tmp_path / "bid")
    tenders = tenders_dir(tmp_path, TENDER + "  - rule: no-financial\n")
    result, data = run_json(cli, folder, tenders)
    assert result.exit_code == 1
    [unknown] = by_rule(data, "no-financial")
    assert unknown["status"] == "unverified" and "did you mean 'no-financials'?" in unknown["message"]
    assert "unknown rule 'no-financial'" in result.stderr


def test_unknown_tender_exits_1_like_every_command(cli, tmp_path: Path) -> None:
    folder = clean_proposal(tmp_path / "bid")
    result = cli("check", str(folder), "--tender", "RFPS-NYH-2025-50383", "--tenders", tenders_dir(tmp_path))
    assert result.exit_code == 1, result.dump
    assert "did you mean RFPS-NYH-2025-503831" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_tender_without_checks_says_nothing_was_verified(cli, tmp_path: Path) -> None:
    folder = clean_proposal(tmp_path / "bid")
    tenders = tenders_dir(tmp_path, f"reference: {REF}\ntitle: Case studies\ntimezone: Europe/Brussels\n")
    text = cli("check", str(folder), "--tender", REF, "--tenders", tenders)
    assert "NO CHECKS DEFINED" in text.stdout and "every check passed" not in text.stdout, text.dump
    markdown = cli("check", str(folder), "--tender", REF, "--tenders", tenders, "--format", "markdown")
    assert "NO CHECKS DEFINED" in markdown.stdout and "every check passed" not in markdown.stdout
    _result, data = run_json(cli, folder, tenders)
    assert data["status"] == "unverified" and data["checks_defined"] is False, data


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing-folder", "--tender", REF], "no such folder"),
        (["FILE", "--tender", REF], "not a folder"),
        (["BID", "--tender", REF, "--format", "html"], "--format must be one of text, json, markdown"),
        (["BID", "--tender", REF, "--trust", "nope.pem"], "--trust nope.pem: no such file"),
    ],
)
def test_usage_errors_exit_2_with_one_line(cli, tmp_path: Path, args: list[str], message: str) -> None:
    folder = clean_proposal(tmp_path / "bid")
    (tmp_path / "file.txt").write_text("x")
    args = [str(folder) if a == "BID" else str(tmp_path / "file.txt") if a == "FILE" else a for a in args]
    result = cli("check", *args, "--tenders", tenders_dir(tmp_path))
    assert result.exit_code == 2, result.dump
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_rules_command(cli) -> None:
    listing = cli("rules")
    assert listing.exit_code == 0
    for name in ("no-financials", "cvs", "files", "criteria", "page-limit", "reference", "required-documents"):
        assert name in listing.stdout
    data = json.loads(cli("rules", "--json").stdout)
    spec = next(r for r in data["rules"] if r["name"] == "files")
    assert "max_file_mb" in spec["params"] and spec["documents"] == ["all"] and "Example" in spec["doc"]
    one = cli("rules", "no-financials")
    assert one.exit_code == 0 and "R$ 12.000,00" in one.stdout and "cvs" not in one.stdout.split()
    bad = cli("rules", "no-financial")
    assert bad.exit_code == 2 and "did you mean 'no-financials'?" in bad.stderr


def test_example_proposal_is_reproducible(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "examples"))
    try:
        import make_proposal
    finally:
        sys.path.pop(0)
    make_proposal.make(tmp_path / "proposal")
    committed = ROOT / "examples" / "proposal"
    assert snapshot_bytes(tmp_path / "proposal") == snapshot_bytes(committed), "run: python examples/make_proposal.py"


def snapshot_bytes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_example_proposal_shows_one_problem_per_rule(cli) -> None:
    folder = ROOT / "examples" / "proposal"
    before = snapshot(folder)
    result, data = run_json(cli, folder, ROOT / "tenders")
    assert result.exit_code == 1, result.dump
    [money] = [r for r in by_rule(data, "no-financials") if r["status"] == "fail"]
    assert "Technical_Proposal.pdf" in money["message"]
    assert any(e["page"] == 2 and "EUR 650" in e["excerpt"] for e in money["evidence"])
    assert any("CV_John_Smith.pdf" in r["message"] and r["status"] == "fail" for r in by_rule(data, "cvs"))
    [unsigned] = [r for r in by_rule(data, "signature") if "Technical_Proposal.pdf" in r["message"]]
    assert unsigned["status"] == "fail" and unsigned["evidence"][0]["page"] == 2
    [files] = by_rule(data, "files")
    assert files["status"] == "fail" and files["severity"] == "warning" and "'&'" in files["message"]
    assert snapshot(folder) == before


REPORT_SCHEMA = {
    "type": "object",
    "required": ["reference", "proposal", "status", "results", "files"],
    "properties": {
        "reference": {"type": "string"},
        "proposal": {"type": "string"},
        "status": {"enum": ["pass", "fail", "warn", "unverified"]},
        "results": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["rule", "status", "severity", "message", "tip", "evidence"],
                "properties": {
                    "rule": {"type": "string"},
                    "status": {"enum": ["pass", "fail", "warn", "unverified", "skipped"]},
                    "severity": {"enum": ["disqualifying", "required", "warning", "info"]},
                    "message": {"type": "string", "minLength": 1},
                    "tip": {"type": ["string", "null"]},
                    "evidence": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["file", "page", "excerpt"],
                            "properties": {
                                "file": {"type": "string"},
                                "page": {"type": ["integer", "null"], "minimum": 1},
                                "excerpt": {"type": "string"},
                            },
                        },
                    },
                },
            },
        },
        "files": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["path", "role", "format", "pages", "readable", "notes"],
                "properties": {
                    "role": {"enum": ["technical", "financial", "cv", "other"]},
                    "pages": {"type": ["integer", "null"]},
                    "readable": {"type": "boolean"},
                    "notes": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}


def test_json_report_matches_the_documented_shape(cli) -> None:
    import jsonschema

    _, data = run_json(cli, ROOT / "examples" / "proposal", ROOT / "tenders")
    jsonschema.validate(data, REPORT_SCHEMA)
    assert {r["status"] for r in data["results"]} >= {"fail", "pass"}


def test_empty_folder_fails_and_says_why(cli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result, data = run_json(cli, tmp_path / "empty", tenders_dir(tmp_path))
    assert result.exit_code == 1
    messages = [r["message"] for r in data["results"] if r["status"] == "fail"]
    assert "the proposal folder has no files" in messages
    assert data["files"] == []


def test_trust_roots_are_passed_to_the_signature_rule(cli, tmp_path: Path) -> None:
    folder = clean_proposal(tmp_path / "bid")
    docgen.signed_pdf(folder / "Technical_Proposal.pdf", [f"Technical proposal {REF}", "Methodology and approach"])
    tenders = tenders_dir(tmp_path, TENDER.replace("checks:\n", "checks:\n  - rule: signature\n"))
    ours = docgen.write_trust_roots(tmp_path / "ours.pem")
    theirs = docgen.write_trust_roots(tmp_path / "theirs.pem", docgen.test_identity("Somebody Else", "Other Org"))
    _, plain = run_json(cli, folder, tenders)
    _, trusted = run_json(cli, folder, tenders, "--trust", ours)
    _, untrusted = run_json(cli, folder, tenders, "--trust", theirs)
    [a], [b], [c] = (by_rule(d, "signature") for d in (plain, trusted, untrusted))
    assert a["status"] == "pass" and "trust not checked" in a["message"]
    assert b["status"] == "pass" and "certificate trusted" in b["message"]
    assert c["status"] == "fail" and "not trusted" in c["message"], c


def test_reading_started_by_the_entry_point_gives_the_same_report(cli, tmp_path: Path) -> None:
    """`tenderctl check FOLDER` starts reading before the command line is parsed (entry.py);
    the report is the one the plain command gives."""
    import subprocess

    folder = clean_proposal(tmp_path / "bid")
    tenders = tenders_dir(tmp_path)
    _, in_process = run_json(cli, folder, tenders)
    args = [sys.executable, "-m", "tenderctl", "check", str(folder), "--tender", REF, "--tenders", str(tenders), "--json"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == in_process


def test_an_early_reading_of_another_folder_is_not_used(tmp_path: Path) -> None:
    from tenderctl.documents import folder as documents

    first, second = clean_proposal(tmp_path / "first"), tmp_path / "second"
    second.mkdir()
    documents.read_early(str(first))
    assert documents.claim_early(second, timeout=5.0) is None  # cancelled, not handed over
    assert documents.claim_early(first, timeout=5.0) is None  # and gone
    documents.read_early(str(first))
    reading = documents.claim_early(first, timeout=5.0)
    assert reading is not None and reading.runner.timeout == 5.0
    assert sorted(d.path for d in reading.finish()) == sorted(p.name for p in first.iterdir())
