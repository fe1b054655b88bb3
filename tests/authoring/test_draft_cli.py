"""`tenderctl draft` exit codes, --allow-incomplete, and --update (an amended notice applied in place)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write

CORPUS = Path(__file__).parent / "notices"
AMENDMENT = CORPUS / "train" / "en-undp-amendment.txt"

TENDER = """\
# my own notes stay
reference: RFP/UNDP/NY/2026/031
title: "Independent evaluation"   # a comment
timezone: America/New_York
status: open

dates:
  - id: questions
    kind: questions
    at: 2026-03-27
  - id: submission
    kind: submission
    at: 2026-04-10 16:00
    sequence: 0
"""


def test_no_submission_deadline_exits_1_and_writes_nothing(cli, tmp_path: Path) -> None:
    notice = write(tmp_path / "n.txt", "Ref: AB-12\nA notice that gives no dates at all.\n")
    result = cli("draft", notice, "-o", f"{tmp_path}/out/")
    assert result.exit_code == 1, result.dump
    assert "no submission deadline found" in result.stderr and "--allow-incomplete" in result.stderr
    assert not (tmp_path / "out").exists()
    assert "reference: AB-12" in result.stdout  # nothing lost: the draft is still shown
    allowed = cli("draft", notice, "-o", f"{tmp_path}/out/", "--allow-incomplete")
    assert allowed.exit_code == 0, allowed.dump
    assert (tmp_path / "out" / "AB-12.yaml").is_file()
    assert "warning: no submission deadline" in allowed.stderr


def test_no_zone_is_said_on_stderr(cli, tmp_path: Path) -> None:
    notice = write(tmp_path / "n.txt", "Ref: AB-12\nDeadline for submission: 3 May 2026 at 10:00\n")
    result = cli("draft", notice)
    assert result.exit_code == 0, result.dump
    assert "no time zone found" in result.stderr


def test_update_moves_only_the_deadline(cli, tmp_path: Path) -> None:
    tender = write(tmp_path / "t.yaml", TENDER)
    result = cli("draft", "--update", tender, AMENDMENT)
    assert result.exit_code == 0, result.dump
    assert result.stdout.splitlines()[0] == "moved submission (submission): 2026-04-10 16:00 -> 2026-04-24 16:00"
    after = tender.read_text(encoding="utf-8").splitlines()
    before = TENDER.splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=False) if a != b]
    words = "The deadline for submission of proposals has been extended from 10 April 2026 to 24 April 2026, 16:00 hrs (New York time)."
    # the date, the notice's words under it, the calendar sequence: nothing else
    assert changed == [("    at: 2026-04-10 16:00", "    at: 2026-04-24 16:00"), ("    sequence: 0", f"    as_written: {words}")]
    assert after[len(before)] == "    sequence: 1" and len(after) == len(before) + 1
    again = cli("draft", "--update", tender, AMENDMENT)
    assert again.exit_code == 0 and "no date moved" in again.stderr, again.dump


def test_update_json_and_refusals(cli, tmp_path: Path) -> None:
    tender = write(tmp_path / "t.yaml", TENDER)
    result = cli("draft", "--update", tender, AMENDMENT, "--json")
    assert result.exit_code == 0, result.dump
    data = json.loads(result.stdout)["update"]
    assert data["written"] is True and data["moved"] == [
        {"id": "submission", "kind": "submission", "from": "2026-04-10 16:00", "to": "2026-04-24 16:00"}
    ]
    assert cli("draft", "--update", tender, AMENDMENT, "-o", tmp_path / "x.yaml").exit_code == 2
    broken = write(tmp_path / "broken.yaml", "reference: [\n")
    refused = cli("draft", "--update", broken, AMENDMENT)
    assert refused.exit_code == 1 and "does not validate" in refused.stderr, refused.dump
    assert broken.read_text(encoding="utf-8") == "reference: [\n"


def test_stdin_is_bounded_one_line_and_exit_1() -> None:
    """`draft -` fed an endless pipe stops at the notice limit: one error line, exit 1, no traceback."""
    import subprocess
    import sys

    with open("/dev/zero", "rb") as endless:
        done = subprocess.run(
            [sys.executable, "-m", "tenderctl", "draft", "-"], stdin=endless, capture_output=True, timeout=120, check=False
        )
    err = done.stderr.decode("utf-8", "replace").strip()
    assert done.returncode == 1, err
    assert len(err.splitlines()) == 1 and "stdin: more than 5,000,000 bytes" in err and "Traceback" not in err
    assert done.stdout == b""


def test_stdin_reader_reads_what_fits() -> None:
    import io

    from tenderctl.authoring.draft.notice import NoticeError, read_stdin_bounded

    assert read_stdin_bounded(io.BytesIO(b"x" * 10), 10) == b"x" * 10
    try:
        read_stdin_bounded(io.BytesIO(b"x" * 11), 10)
    except NoticeError as exc:
        assert "more than 10 bytes" in str(exc)
    else:
        raise AssertionError("11 bytes passed a 10-byte bound")


def test_stdin_notice_drafts(cli) -> None:
    result = cli("draft", "-", "--allow-incomplete", input=AMENDMENT.read_text(encoding="utf-8"))
    assert result.exit_code == 0 and "RFP/UNDP/NY/2026/031" in result.stdout, result.dump
