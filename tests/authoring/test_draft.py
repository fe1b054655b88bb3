"""`tenderctl draft`: notices in several shapes -> a draft that validates, guesses marked REVIEW."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest

from conftest import ROOT, TESTS, write
from tenderctl.authoring.draft import NoticeError, draft_from_text, find_dates, html_to_text, read_notice, validate_draft
from tenderctl.tenders.parse import parse_tender

NOTICES = TESTS / "notices"
SEED_NOTICE = Path(os.environ.get("TENDERCTL_SHARED", ROOT.parent / "shared")) / "seeds" / "safe-online-news-and-tender-notice.txt"


def drafted(path: Path, **options: str):
    result = draft_from_text(read_notice(path), source=path.name, **options)
    text, problems = validate_draft(result)
    assert problems == [], text
    tender, _warnings = parse_tender(text, path.name)
    assert tender is not None
    return result, text, tender


def comment_before(text: str, line_start: str) -> list[str]:
    """The REVIEW comments directly above the first line that starts with ``line_start``."""
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.strip().startswith(line_start))
    out = []
    k = index - 1
    while k >= 0 and lines[k].strip().startswith("# REVIEW:"):
        out.insert(0, lines[k].strip())
        k -= 1
    return out


@pytest.mark.skipif(not SEED_NOTICE.exists(), reason="the shared seed notice is not checked out next to the project")
def test_seed_notice() -> None:
    result, text, tender = drafted(SEED_NOTICE)
    assert tender.reference == "RFPS-NYH-2025-503831"
    assert tender.timezone == "Europe/Brussels"
    dates = {m.id: m for m in tender.dates}
    assert [(m.kind.value, m.at) for m in tender.dates] == [
        ("conference", "2025-05-20"),
        ("questions", "2025-05-22"),
        ("submission", "2025-06-05T15:00+01:00"),  # "15:00 ... (CET)": the offset the text states, kept
    ]
    assert dates["submission"].as_written == "Deadline to submit applications: 5 June 2025, 15:00 Central European Time (CET)"
    assert "20 May 2025" in (dates["conference"].as_written or "")
    assert "22 May 2025" in (dates["questions"].as_written or "")
    # the zone guess and the summer-time catch are spelled out where the value is
    (zone_review,) = comment_before(text, "timezone:")
    assert "Central European Time (CET)" in zone_review
    (submission_review,) = comment_before(text, "at: 2025-06-05T15:00+01:00")
    # ... and the REVIEW line says that Brussels is on summer time that day, with the other reading
    assert "kept as written" in submission_review and "CEST" in submission_review and "timezone: Europe/Brussels" in submission_review
    for day in ("2025-05-20", "2025-05-22"):
        assert "no time: all day" in comment_before(text, f"at: {day}")[0]
    # the eight steps, linked to the milestones
    assert len(tender.steps) == 8
    assert tender.steps[0].text.startswith("Terms of Reference")
    assert [s.date for s in tender.steps] == [None] * 5 + ["conference", "questions", "submission"]
    assert "RFPS-NYH-2025-503831" in tender.steps[3].text
    # the three tips as the three known rules
    assert [(c.rule, c.documents, c.severity.value) for c in tender.checks] == [
        ("signature", ["technical"], "disqualifying"),
        ("no-financials", ["technical"], "disqualifying"),
        ("cvs", [], "required"),
    ]
    assert tender.checks[0].tip == "Make sure the technical proposal is signed if not it will be automatically discarded"
    # news pasted after the notice: its webinar date is reported, not added
    assert "2025-04-10" not in {m.at[:10] for m in tender.dates}
    assert re.search(r"# REVIEW: not added: 'April 10, 2025", text)
    assert result.review_count >= 9


def test_table_of_dates() -> None:
    _result, text, tender = drafted(NOTICES / "table-of-dates.md")
    assert tender.reference == "KRWA/ICB/014/2026"
    assert tender.buyer == "Kenya Rural Water Agency"
    assert tender.title == "Supply of solar water pumps for rural health centres"
    assert tender.timezone == "Africa/Nairobi"
    assert [(m.kind.value, m.at, m.title) for m in tender.dates] == [
        ("site-visit", "2026-11-03 10:00", "Site visit (optional)"),
        ("questions", "2026-11-10", "Deadline for clarification requests"),
        ("submission", "2026-12-01 11:00", "Bid submission deadline"),
        ("opening", "2026-12-01 11:30", "Public opening of bids"),
    ]
    assert "EAT" in comment_before(text, "at: 2026-12-01 11:00")[0]
    assert [c.rule for c in tender.checks] == ["no-financials", "signature", "required-documents"]
    assert tender.checks[0].severity.value == "disqualifying"  # "will be rejected"
    assert tender.checks[2].options == {"files": ["tax compliance certificate"]}
    assert [s.date for s in tender.steps] == [None, "site-visit", "submission"]


def test_french_notice() -> None:
    _result, text, tender = drafted(NOTICES / "french-dakar.txt")
    assert tender.reference == "AAO-2026-014/MEN/DAGE"
    assert tender.title.startswith("Fourniture de matériel informatique")
    assert tender.buyer == "Ministère de l'Éducation nationale du Sénégal"
    assert tender.timezone == "Africa/Dakar"
    dates = {m.kind.value: m for m in tender.dates}
    assert dates["submission"].at == "2026-12-12 17:00"
    assert dates["submission"].as_written == "Les offres doivent être déposées au plus tard le 12 décembre 2026 à 17h00 (heure de Dakar)."
    assert dates["questions"].at == "2026-12-01"  # "1er décembre"
    assert dates["site-visit"].at == "2026-11-25 10:00"
    assert dates["opening"].at == "2026-12-12 17:30"
    # the site visit's time has no zone of its own: said so, not silently assumed
    assert "no zone next to this time" in comment_before(text, "at: 2026-11-25 10:00")[0]
    assert [c.rule for c in tender.checks] == ["signature"]
    assert "garantie de soumission" in (tender.notes or "")


def test_us_notice() -> None:
    _result, text, tender = drafted(NOTICES / "us-edt.txt")
    assert tender.reference == "RFP-2026-117"
    assert tender.title == "Design services for the Riverside Park playground renovation"
    assert tender.timezone == "America/New_York"
    assert [(m.kind.value, m.at) for m in tender.dates] == [
        ("conference", "2026-10-06 10:00"),
        ("questions", "2026-10-13 17:00"),  # 5:00 PM
        ("submission", "2026-10-27 14:00"),  # 10/27/2026 at 2:00 PM EDT
        ("opening", "2026-10-28 09:30"),  # 9:30 a.m.
    ]
    review = comment_before(text, "at: 2026-10-27 14:00")[0]
    assert "EDT" in review and "18:00 UTC" in review
    assert len(tender.steps) == 3


def test_html_notice_strips_tags_scripts_and_styles() -> None:
    _result, text, tender = drafted(NOTICES / "html-notice.html")
    assert tender.reference == "EVAL-NUT-2026-03"  # entities and a non-breaking hyphen decoded
    assert tender.title == "Evaluation of the regional nutrition programme"
    assert "2030" not in text and "15 June" not in text  # script and style content never read
    assert tender.timezone == "Africa/Lagos"  # the submission's zone (WAT) wins over GMT for questions
    dates = {m.kind.value: m for m in tender.dates}
    assert dates["submission"].at == "2026-05-28 17:00" and dates["submission"].timezone is None
    assert dates["questions"].at == "2026-05-14T12:00+00:00"  # "12:00 GMT": the stated offset
    assert [s.date for s in tender.steps] == [None, "questions", "submission"]
    assert [c.rule for c in tender.checks] == ["cvs"]


def test_no_zone_is_never_invented_silently() -> None:
    _result, text, tender = drafted(NOTICES / "no-zone.txt")
    assert tender.reference == "CQ/PRINT/2026/9"
    assert tender.timezone == "UTC"
    assert "states no time zone" in comment_before(text, "timezone:")[0]
    assert "no time zone for this time" in comment_before(text, "at: 2026-10-15 12:00")[0]
    _result, text, tender = drafted(NOTICES / "no-zone.txt", timezone="Asia/Kolkata")
    assert tender.timezone == "Asia/Kolkata"
    assert "given with --timezone" in comment_before(text, "at: 2026-10-15 12:00")[0]


def test_ambiguous_numeric_dates_are_flagged() -> None:
    result = draft_from_text("Tender ref: AB-1234\nDeadline for submission: 03/04/2026 at 10:00 UTC+02:00\n")
    (milestone,) = result.dates
    assert milestone.at == "2026-04-03T10:00+02:00"  # day first outside US-style notices, and the offset kept
    assert any("read as day/month/year" in r for r in milestone.reviews)


def test_missing_reference_is_a_marked_placeholder() -> None:
    result = draft_from_text("Some call\n\nSubmission deadline: 1 March 2027\n")
    text, problems = validate_draft(result)
    assert problems == []
    assert "no reference number found" in comment_before(text, "reference:")[0]


def test_yearless_dates_are_reported_not_completed() -> None:
    result = draft_from_text("Ref: XY-2026-1\nQuestions are due by 12 March.\nDeadline: 30 March 2026, 12:00 CET\n")
    assert [m.at for m in result.dates] == ["2026-03-30T12:00+01:00"]  # CET as written (Brussels is on CEST that day)
    assert any("'12 March' has no year" in s for s in result.skipped)


def test_find_dates_styles() -> None:
    text = "on 2026-01-05, 5th January 2026, January 6, 2026 at 3 pm, 7.1.2026 à 9h, le 8 janvier 2026 à 17h30"
    found = [(f.day.isoformat(), f.wall.isoformat() if f.wall else None) for f in find_dates(text)]
    assert found == [
        ("2026-01-05", None),
        ("2026-01-05", None),
        ("2026-01-06", "15:00:00"),
        ("2026-01-07", "09:00:00"),
        ("2026-01-08", "17:30:00"),
    ]


def test_pathological_input_is_fast() -> None:
    text = ("1 " * 50_000) + ("January " * 20_000) + ("12:00 " * 20_000) + ("1. x\n" * 5_000) + "a" * 100_000
    started = time.perf_counter()
    draft_from_text(text)
    assert time.perf_counter() - started < 10


def test_html_to_text_keeps_ordered_list_numbers_and_cells() -> None:
    text = html_to_text(
        "<ol><li>One</li><li>Two</li></ol><table><tr><th>What</th><th>When</th></tr><tr><td>Deadline</td><td>1 May 2026</td></tr></table>"
    )
    assert "1. One\n2. Two" in text
    assert "Deadline | 1 May 2026" in text


# ---------------------------------------------------------------- PDF input


def make_pdf(path: Path, lines: list[str], *, encrypt: str | None = None) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    y = 800
    for line in lines:
        if line:
            pdf.drawString(60, y, line)
        y -= 18
    pdf.showPage()
    pdf.save()
    return path


def test_pdf_notice(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "notice.pdf",
        [
            "Request for Quotations",
            "RFQ No: RFQ-UNDP-KEN-2026-0042",
            "Title: Supply of laptops",
            "",
            "Deadline for submission of quotations: 14 November 2026, 16:00 EAT",
            "Requests for clarification no later than 7 November 2026.",
        ],
    )
    _result, _text, tender = drafted(path)
    assert tender.reference == "RFQ-UNDP-KEN-2026-0042"
    assert tender.title == "Supply of laptops"
    assert tender.timezone == "Africa/Nairobi"
    assert [(m.kind.value, m.at) for m in tender.dates] == [("submission", "2026-11-14 16:00"), ("questions", "2026-11-07")]


def test_pdf_without_text_layer_says_so(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "scan.pdf", [])
    with pytest.raises(NoticeError, match="no text layer"):
        read_notice(path)


def test_encrypted_pdf_says_so(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "locked.pdf", ["Deadline: 1 May 2026"], encrypt="secret")
    with pytest.raises(NoticeError, match="encrypted"):
        read_notice(path)


def test_oversized_notice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"x" * 5_000_001)
    with pytest.raises(NoticeError, match="limit"):
        read_notice(path)


# ---------------------------------------------------------------- the command


def test_cli_draft_to_stdout(cli) -> None:
    result = cli("draft", NOTICES / "us-edt.txt")
    assert result.exit_code == 0, result.dump
    assert result.stdout.startswith("# Draft made by `tenderctl draft` from us-edt.txt.")
    assert "reference: RFP-2026-117" in result.stdout
    assert "values to review" in result.stderr


def test_cli_draft_from_stdin(cli) -> None:
    notice = (NOTICES / "french-dakar.txt").read_text(encoding="utf-8")
    result = cli("draft", "-", "--json", input=notice)
    assert result.exit_code == 0, result.dump
    data = json.loads(result.stdout)
    assert data["reference"] == "AAO-2026-014/MEN/DAGE" and data["valid"] is True
    assert data["checks"] == ["signature"]


def test_cli_draft_output_never_overwrites_without_force(cli, tmp_path: Path) -> None:
    target = write(tmp_path / "mine.yaml", "my own work\n")
    refused = cli("draft", NOTICES / "us-edt.txt", "-o", target)
    assert refused.exit_code == 1 and "already exists" in refused.stderr, refused.dump
    assert target.read_text(encoding="utf-8") == "my own work\n"
    forced = cli("draft", NOTICES / "us-edt.txt", "-o", target, "--force")
    assert forced.exit_code == 0, forced.dump
    assert "reference: RFP-2026-117" in target.read_text(encoding="utf-8")


def test_cli_draft_into_a_folder_then_validate(cli, tmp_path: Path) -> None:
    folder = tmp_path / "tenders"
    folder.mkdir()
    result = cli("draft", NOTICES / "table-of-dates.md", "-o", folder)
    assert result.exit_code == 0, result.dump
    assert (folder / "KRWA-ICB-014-2026.yaml").exists()
    assert cli("validate", "-T", folder).exit_code == 0


def test_cli_draft_bad_input(cli, tmp_path: Path) -> None:
    assert cli("draft", tmp_path / "missing.txt").exit_code == 1
    bad_zone = cli("draft", NOTICES / "no-zone.txt", "--timezone", "Mars/Olympus")
    assert bad_zone.exit_code == 2 and "unknown time zone" in bad_zone.stderr


def test_empty_binary_and_control_characters(tmp_path: Path) -> None:
    with pytest.raises(NoticeError, match="empty"):
        read_notice(write(tmp_path / "empty.txt", "  \n"))
    binary = tmp_path / "a.txt"
    binary.write_bytes(b"\x7fELF\x02\x01\x00\x00 Deadline 1 May 2026")
    with pytest.raises(NoticeError, match="binary"):
        read_notice(binary)
    result = draft_from_text("Title\x7f with a DEL\nRef: AB-1234\nDeadline: 1 May 2026\n")
    assert validate_draft(result)[1] == []


def test_two_submission_dates_are_flagged() -> None:
    result = draft_from_text("Ref: A-1234\nDeadline: 1 May 2026 10:00 CET\nThe deadline has been extended to 8 May 2026 10:00 CET.\n")
    assert [m.id for m in result.dates] == ["submission", "submission-2"]
    assert all(any("2 submission dates" in r for r in m.reviews) for m in result.dates)


def test_cli_draft_output_with_a_trailing_slash_is_a_folder_even_when_missing(cli, tmp_path: Path) -> None:
    folder = tmp_path / "new-folder"
    result = cli("draft", NOTICES / "table-of-dates.md", "-o", f"{folder}/")
    assert result.exit_code == 0, result.output
    written = list(folder.iterdir())
    assert len(written) == 1 and written[0].suffix == ".yaml"  # not a file named new-folder
    assert parse_tender(written[0].read_text(encoding="utf-8"), "x")[0] is not None
