"""Calendar text: escaping, folding, UIDs, determinism, cancellation, SEQUENCE, reminders, the CLI."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, write
from tenderctl.calendar.ics import (
    MARKER,
    CalendarOptions,
    build_calendar,
    escape_text,
    fold,
    format_duration,
    read_published,
    render_tender,
    uid_for,
    unfold,
)
from tenderctl.tenders.parse import parse_tender

NOW = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)
SEED = ROOT / "tenders" / "RFPS-NYH-2025-503831.yaml"


def tender_from(text: str):
    tender, problems = parse_tender(text, "t.yaml")
    assert tender is not None, problems
    return tender


def seed():
    return tender_from(SEED.read_text(encoding="utf-8"))


def events(text: str) -> list[dict[str, str]]:
    """VEVENTs as {property line name: value} (first occurrence), from unfolded lines."""
    out: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    depth = 0
    for line in unfold(text):
        if line == "BEGIN:VEVENT":
            current, depth = {}, 1
        elif line == "END:VEVENT":
            assert current is not None
            out.append(current)
            current, depth = None, 0
        elif current is not None and line.startswith("BEGIN:"):
            depth += 1
        elif current is not None and line.startswith("END:"):
            depth -= 1
        elif current is not None and depth == 1:
            name, _, value = line.partition(":")
            current.setdefault(name, value)
    return out


SIMPLE = """
reference: T-1
title: Simple tender
timezone: Europe/Brussels
dates:
  - id: submission
    kind: submission
    at: 2025-06-05 15:00
  - id: questions
    kind: questions
    at: 2025-05-22
"""


def test_seed_submission_starts_at_13_utc_and_all_day_ends_next_day() -> None:
    text, rendered = build_calendar([seed()], CalendarOptions(), NOW)
    by_summary = {e["SUMMARY"]: e for e in events(text)}
    submission = next(e for s, e in by_summary.items() if s.startswith("Submission deadline: "))
    # in the tender's own zone, with its VTIMEZONE (15:00 CEST is 13:00 UTC)
    assert submission["DTSTART;TZID=Europe/Brussels"] == "20250605T150000"
    assert submission["DTEND;TZID=Europe/Brussels"] == "20250605T153000"
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels\r\n" in text and text.count("BEGIN:VTIMEZONE") == 1
    questions = next(e for s, e in by_summary.items() if s.startswith("Questions deadline: "))
    assert questions["DTSTART;VALUE=DATE"] == "20250522"
    assert questions["DTEND;VALUE=DATE"] == "20250523"  # exclusive: the next day
    assert rendered[0].events == 3
    assert "Submission deadline: Narrative-driven case studies" in submission["SUMMARY"]
    description = submission["DESCRIPTION"]
    assert "Reference: RFPS-NYH-2025-503831" in description
    assert "As written in the notice: 5 June 2025\\, 15:00 Central European Time (CET)" in description
    assert "When: Thu 05 Jun 2025 15:00 CEST (Europe/Brussels)" in description
    assert "https://www.ungm.org" in description and submission["URL"] == "https://www.ungm.org"
    assert "Steps still to do:" in description and "Compliance tips:" in description
    assert "automatically discarded" in description


def test_same_input_same_bytes_and_uid_from_reference_and_milestone() -> None:
    a, _ = build_calendar([seed()], CalendarOptions(), NOW)
    b, _ = build_calendar([seed()], CalendarOptions(), NOW + timedelta(days=3))
    assert a == b
    uids = [e["UID"] for e in events(a)]
    assert uids[0] == uid_for("RFPS-NYH-2025-503831", "conference")
    assert len(set(uids)) == 3
    assert all(e["DTSTAMP"] == "20000101T000000Z" for e in events(a))  # no dated data: the fixed epoch
    assert "\r\n" in a and "\n" not in a.replace("\r\n", "")


def test_dtstamp_comes_from_status_date_and_done_steps() -> None:
    text = SIMPLE + "status: submitted\nstatus_date: 2025-06-01\nsteps:\n  - text: read\n    done: 2025-06-03\n"
    out, _ = build_calendar([tender_from(text)], CalendarOptions(), NOW)
    assert {e["DTSTAMP"] for e in events(out)} == {"20250603T000000Z"}
    assert {e["LAST-MODIFIED"] for e in events(out)} == {"20250603T000000Z"}


def test_calendar_header_has_name_refresh_and_ttl() -> None:
    text, _ = build_calendar([seed()], CalendarOptions(name="Bids, team; A", refresh=timedelta(hours=6)), NOW)
    lines = unfold(text)
    assert lines[:3] == ["BEGIN:VCALENDAR", "VERSION:2.0", MARKER]
    # built to need no escaping (several clients show an escaped name's backslashes): test_calendar_consumers.py
    assert "NAME:Bids · team · A" in lines and "X-WR-CALNAME:Bids · team · A" in lines
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in lines and "X-PUBLISHED-TTL:PT6H" in lines
    assert text.endswith("END:VCALENDAR\r\n")


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a,b;c\\d", "a\\,b\\;c\\\\d"),
        ("line1\nline2\r\nline3\rline4", "line1\\nline2\\nline3\\nline4"),
        ("bell\x07tab\there", "belltab here"),
        ("END:VEVENT\r\nBEGIN:VEVENT", "END:VEVENT\\nBEGIN:VEVENT"),
    ],
)
def test_escape_text(raw: str, escaped: str) -> None:
    assert escape_text(raw) == escaped


def test_hostile_text_cannot_inject_properties() -> None:
    evil = (
        'reference: "EVIL\\r\\nBEGIN:VEVENT"\n'
        'title: "x\\nEND:VEVENT\\r\\nBEGIN:VEVENT\\nUID:pwned\\nDTSTART:19700101T000000Z"\n'
        "timezone: UTC\n"
        'notes: "a;b,c\\\\"\n'
        'portal:\n  name: P\n  url: "https://x.example/\\r\\nATTACH:http://evil"\n'
        "dates:\n  - id: s\n    kind: submission\n    at: 2025-06-05 15:00\n"
        '    as_written: "5 June\\r\\nSTATUS:CANCELLED"\n'
    )
    tender = tender_from(evil)
    text, _ = build_calendar([tender], CalendarOptions(), NOW)
    lines = unfold(text)
    assert lines.count("BEGIN:VEVENT") == 1
    assert not any(line.startswith(("UID:pwned", "ATTACH", "DTSTART:1970")) for line in lines)
    assert [line for line in lines if line.startswith("STATUS")] == ["STATUS:CONFIRMED"]
    assert not any(line.startswith("URL") for line in lines)  # an URL with CR/LF is left out, never escaped
    for raw_line in text.split("\r\n")[:-1]:
        assert "\r" not in raw_line and "\n" not in raw_line


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_fold_keeps_utf8_whole_and_lines_short(value: str) -> None:
    line = "DESCRIPTION:" + escape_text(value)
    folded = fold(line)
    assert folded.endswith("\r\n")
    physical = folded[:-2].split("\r\n")
    for number, part in enumerate(physical):
        assert len(part.encode("utf-8")) <= 75
        if number:
            assert part.startswith(" ")
    assert "".join(p[1:] if i else p for i, p in enumerate(physical)) == line


def test_fold_at_75_octets_with_multibyte_text() -> None:
    line = "SUMMARY:" + "é" * 60  # 8 + 120 octets
    folded = fold(line)
    first, second = folded[:-2].split("\r\n")
    assert len(first.encode()) == 75 or len(first.encode()) == 74
    assert second.startswith(" ")


@pytest.mark.parametrize(
    ("delta", "text"),
    [(timedelta(days=7), "P1W"), (timedelta(days=1), "P1D"), (timedelta(hours=2), "PT2H"), (timedelta(days=1, minutes=30), "P1DT30M")],
)
def test_durations(delta: timedelta, text: str) -> None:
    assert format_duration(delta) == text
    assert format_duration(-delta) == "-" + text


def test_alarms_default_and_all_day_skip_sub_day_alarms() -> None:
    text, _ = build_calendar([tender_from(SIMPLE)], CalendarOptions(), NOW)
    lines = unfold(text)
    triggers = [line for line in lines if line.startswith("TRIGGER")]
    # timed submission: 7d, 1d, 2h; all-day questions: 7d, 1d (a 2h alarm would ring at 22:00 the day before)
    assert triggers == ["TRIGGER:-P1W", "TRIGGER:-P1D", "TRIGGER:-PT2H", "TRIGGER:-P1W", "TRIGGER:-P1D"]
    assert lines.count("ACTION:DISPLAY") == 5


def test_reminder_events_instead_of_alarms() -> None:
    options = CalendarOptions(alarms=(timedelta(days=3), timedelta(hours=4)), reminders="events")
    text, rendered = build_calendar([tender_from(SIMPLE)], options, NOW)
    found = events(text)
    assert "BEGIN:VALARM" not in text
    reminders = [e for e in found if e["SUMMARY"].startswith("Reminder: ")]
    # submission: 3 days and 4 hours before; questions (all day): 3 days before only
    assert [(e["SUMMARY"].split(" to ")[0], e.get("DTSTART;TZID=Europe/Brussels") or e.get("DTSTART;VALUE=DATE")) for e in reminders] == [
        ("Reminder: 3 days", "20250602T150000"),
        ("Reminder: 4 hours", "20250605T110000"),
        ("Reminder: 3 days", "20250519"),
    ]
    assert len({e["UID"] for e in found}) == len(found) == rendered[0].events == 5


def test_filters_kind_status_within() -> None:
    tender = tender_from(SIMPLE)
    only_sub = build_calendar([tender], CalendarOptions(kinds=frozenset({"submission"})), NOW)[0]
    assert [e["SUMMARY"].split(":")[0] for e in events(only_sub)] == ["Submission deadline"]
    assert events(build_calendar([tender], CalendarOptions(statuses=frozenset({"won"})), NOW)[0]) == []
    soon = CalendarOptions(within=timedelta(days=7))
    at = datetime(2025, 5, 20, tzinfo=UTC)
    assert [e["SUMMARY"].split(":")[0] for e in events(build_calendar([tender], soon, at)[0])] == ["Questions deadline"]


def test_cancelled_tender_stays_cancelled_for_grace_then_drops() -> None:
    text = SIMPLE + "status: cancelled\nstatus_date: 2025-05-10\n"
    tender = tender_from(text)
    inside = build_calendar([tender], CalendarOptions(), datetime(2025, 6, 9, tzinfo=UTC))[0]
    found = events(inside)
    assert len(found) == 2
    assert {e["STATUS"] for e in found} == {"CANCELLED"}
    assert all(e["SUMMARY"].startswith("CANCELLED: ") for e in found)
    last_day = build_calendar([tender], CalendarOptions(), datetime(2025, 6, 9, 23, tzinfo=UTC))[0]
    assert len(events(last_day)) == 2
    after = build_calendar([tender], CalendarOptions(), datetime(2025, 6, 10, 1, tzinfo=UTC))[0]
    assert events(after) == []
    shorter = build_calendar([tender], CalendarOptions(grace=timedelta(days=5)), datetime(2025, 6, 9, tzinfo=UTC))[0]
    assert events(shorter) == []
    open_tender = build_calendar([tender_from(SIMPLE)], CalendarOptions(), datetime(2030, 1, 1, tzinfo=UTC))[0]
    assert {e["STATUS"] for e in events(open_tender)} == {"CONFIRMED"}


def test_withdrawn_without_status_date_counts_from_last_milestone() -> None:
    tender = tender_from(SIMPLE + "status: withdrawn\n")
    assert len(events(build_calendar([tender], CalendarOptions(), datetime(2025, 7, 5, tzinfo=UTC))[0])) == 2
    assert events(build_calendar([tender], CalendarOptions(), datetime(2025, 7, 6, tzinfo=UTC))[0]) == []


def test_sequence_rises_only_when_the_time_changes() -> None:
    first = render_tender(tender_from(SIMPLE), CalendarOptions(), NOW)
    text1 = build_calendar([tender_from(SIMPLE)], CalendarOptions(), NOW)[0]
    published = read_published(text1)
    assert published == first.published
    assert {p.sequence for p in published.values()} == {0}
    # unchanged: stays 0
    same = build_calendar([tender_from(SIMPLE)], CalendarOptions(), NOW, published)[0]
    assert same == text1
    # the submission moves: only its SEQUENCE rises, to 1, then 2 on the next move
    moved = SIMPLE.replace("2025-06-05 15:00", "2025-06-06 12:00")
    text2 = build_calendar([tender_from(moved)], CalendarOptions(), NOW, published)[0]
    seqs = {e["SUMMARY"].split(":")[0]: e["SEQUENCE"] for e in events(text2)}
    assert seqs == {"Submission deadline": "1", "Questions deadline": "0"}
    moved_again = moved.replace("2025-06-06 12:00", "2025-06-06 16:00")
    text3 = build_calendar([tender_from(moved_again)], CalendarOptions(), NOW, read_published(text2))[0]
    assert {e["SUMMARY"].split(":")[0]: e["SEQUENCE"] for e in events(text3)}["Submission deadline"] == "2"
    # an explicit sequence field wins when it is higher
    explicit = SIMPLE.replace("    at: 2025-06-05 15:00", "    at: 2025-06-05 15:00\n    sequence: 7")
    text4 = build_calendar([tender_from(explicit)], CalendarOptions(), NOW, read_published(text3))[0]
    assert {e["SUMMARY"].split(":")[0]: e["SEQUENCE"] for e in events(text4)}["Submission deadline"] == "7"


def test_submit_buffer_gives_an_internal_event() -> None:
    tender = tender_from(SIMPLE + "submit_buffer: 1d\n")
    found = events(build_calendar([tender], CalendarOptions(), NOW)[0])
    internal = [e for e in found if e["CATEGORIES"] == "internal"]
    assert len(internal) == 1 and internal[0]["DTSTART;TZID=Europe/Brussels"] == "20250604T150000"
    assert internal[0]["SUMMARY"].startswith("Internal submit-by (1d before")


# --- the CLI ------------------------------------------------------------------------------


def test_cli_ics_stdout_is_the_calendar(cli, tmp_path: Path) -> None:
    folder = tmp_path / "tenders"
    write(folder / "seed.yaml", SEED.read_text(encoding="utf-8"))
    result = cli("ics", "--tenders", folder, "--as-of", "2025-05-01")
    assert result.exit_code == 0, result.dump
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"DTSTART;TZID=Europe/Brussels:20250605T150000\r\n" in result.stdout_bytes
    again = cli("ics", "--tenders", folder, "--as-of", "2025-05-01")
    assert again.stdout_bytes == result.stdout_bytes


def test_cli_ics_output_file_reference_and_refusals(cli, tmp_path: Path) -> None:
    folder = tmp_path / "tenders"
    write(folder / "seed.yaml", SEED.read_text(encoding="utf-8"))
    write(folder / "simple.yaml", SIMPLE)
    out = tmp_path / "out.ics"
    result = cli("ics", "T-1", "-o", out, "--tenders", folder, "--json", "--as-of", "2025-05-01")
    assert result.exit_code == 0, result.dump
    assert '"events": 2' in result.stdout
    assert b"Reference: T-1" in out.read_bytes() and b"RFPS" not in out.read_bytes()
    # moving the deadline rewrites the file with SEQUENCE 1 for that event
    write(folder / "simple.yaml", SIMPLE.replace("2025-06-05 15:00", "2025-06-05 17:00"))
    result = cli("ics", "T-1", "-o", out, "--tenders", folder, "--as-of", "2025-05-01")
    assert result.exit_code == 0, result.dump
    assert b"SEQUENCE:1\r\nDTSTART;TZID=Europe/Brussels:20250605T170000\r\n" in out.read_bytes()
    # someone else's file is never overwritten unasked
    mine = tmp_path / "notes.txt"
    mine.write_text("precious")
    refused = cli("ics", "-o", mine, "--tenders", folder)
    assert refused.exit_code == 1 and "not a calendar tenderctl wrote" in refused.stderr, refused.dump
    assert mine.read_text() == "precious"
    assert cli("ics", "-o", mine, "--tenders", folder, "--force").exit_code == 0
    unknown = cli("ics", "T-2", "--tenders", folder)
    assert unknown.exit_code == 1 and "no tender with reference 'T-2'" in unknown.stderr and "T-1" in unknown.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--alarm", "soon"], "--alarm: not a duration"),
        (["--kind", "submision"], "did you mean 'submission'"),
        (["--reminders", "popups"], "--reminders: unknown value"),
        (["--within", "x"], "--within"),
        (["--refresh", "10s"], "--refresh: at least 1m"),
        (["--base-url", "https://x/"], "--base-url only applies"),
        (["--json"], "--json describes what was written"),
    ],
)
def test_cli_usage_errors_exit_2(cli, tmp_path: Path, args: list[str], message: str) -> None:
    folder = tmp_path / "tenders"
    write(folder / "simple.yaml", SIMPLE)
    result = cli("ics", "--tenders", folder, *args)
    assert result.exit_code == 2, result.dump
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_invalid_file_named_rest_still_written(cli, tmp_path: Path) -> None:
    folder = tmp_path / "tenders"
    write(folder / "simple.yaml", SIMPLE)
    write(folder / "bad.yaml", "reference: X\ntitle: y\n")
    result = cli("ics", "--tenders", folder, "--as-of", "2025-05-01")
    assert result.exit_code == 1, result.dump
    assert "bad.yaml" in result.stderr
    assert result.stdout.count("BEGIN:VEVENT") == 2


def test_cli_module_imports_only_typer_and_stdlib() -> None:
    """The command module adds no calendar core, loader, pydantic or rich to a command's start (rich comes with the first print)."""
    import subprocess
    import sys

    code = (
        "import sys; import tenderctl.cli.calendar; "
        "heavy = [m for m in ('pydantic', 'icalendar', 'rich', 'tenderctl.tenders.loader', 'tenderctl.calendar.service', 'tenderctl.calendar.ics', 'tenderctl.calendar.feed', 'tenderctl.calendar.store', 'tenderctl.calendar.server', 'tenderctl.calendar.publish') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_no_icalendar_in_the_hot_path() -> None:
    import subprocess
    import sys

    code = (
        "import sys, datetime\n"
        "from tenderctl.tenders.parse import parse_tender\n"
        "from tenderctl.calendar.ics import build_calendar, CalendarOptions\n"
        "from tenderctl.calendar.feed import FeedBuilder\n"
        f"t, _ = parse_tender(open({str(SEED)!r}).read(), 's')\n"
        "build_calendar([t], CalendarOptions(), datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC))\n"
        "print('icalendar' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_status_date_grace_uses_date_only() -> None:
    # the day after the grace period ends the events are gone, whatever the hour
    tender = tender_from(SIMPLE + "status: cancelled\nstatus_date: 2025-05-10\n")
    assert render_tender(tender, CalendarOptions(), datetime(2025, 6, 10, 0, 1, tzinfo=UTC)).events == 0
    assert render_tender(tender, CalendarOptions(), datetime.combine(date(2025, 6, 9), datetime.min.time(), UTC)).cancelled


def test_cli_unwritable_targets_are_one_line_errors(cli, tmp_path: Path) -> None:
    folder = tmp_path / "tenders"
    write(folder / "simple.yaml", SIMPLE)
    as_folder = cli("ics", "--tenders", folder, "-o", tmp_path, "--force")
    assert as_folder.exit_code == 1 and "is a folder" in as_folder.stderr, as_folder.dump
    missing = cli("ics", "--tenders", folder, "-o", tmp_path / "no" / "such" / "x.ics")
    assert missing.exit_code == 1 and "cannot write" in missing.stderr and "Traceback" not in missing.stderr, missing.dump
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    feed = cli("ics", "--tenders", folder, "--out-dir", blocker / "public")
    assert feed.exit_code == 1 and "cannot write" in feed.stderr, feed.dump


def test_tender_zone_vtimezone_covers_every_year_once_and_utc_option(cli, tmp_path: Path) -> None:
    """Issue 16: timed events in the tender's own zone, with one VTIMEZONE per zone, the same in
    every calendar; times outside its years in UTC; --utc keeps the former all-UTC form."""
    folder = tmp_path / "tenders"
    write(folder / "a.yaml", SIMPLE)
    write(folder / "b.yaml", SIMPLE.replace("T-1", "T-2").replace("2025-06-05 15:00", "2027-01-10 09:00"))
    write(folder / "c.yaml", SIMPLE.replace("T-1", "T-3").replace("Europe/Brussels", "Asia/Kolkata"))
    result = cli("ics", "--tenders", folder, "--as-of", "2025-05-01")
    assert result.exit_code == 0, result.dump
    text = result.stdout
    assert text.count("BEGIN:VTIMEZONE") == 2 and text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")
    brussels = text[text.index("TZID:Europe/Brussels") : text.index("END:VTIMEZONE", text.index("TZID:Europe/Brussels"))]
    # the same fixed window in every calendar (vobject and Radicale keep the first VTIMEZONE of a TZID)
    assert "DTSTART:20100328T020000" in brussels and "DTSTART:20401028T030000" in brussels
    assert brussels.count("BEGIN:DAYLIGHT") == 31
    assert "DTSTART;TZID=Europe/Brussels:20270110T090000" in text and "DTSTART;TZID=Asia/Kolkata:20250605T150000" in text
    # a per-tender calendar carries only its own zone, for its own years
    out = tmp_path / "feed"
    assert cli("ics", "--tenders", folder, "--out-dir", out, "--as-of", "2025-05-01").exit_code == 0
    single = (out / "T-3.ics").read_text()
    assert single.count("BEGIN:VTIMEZONE") == 1 and "TZID:Asia/Kolkata" in single
    write(folder / "d.yaml", SIMPLE.replace("T-1", "T-4").replace("2025-06-05 15:00", "2045-06-05 15:00"))
    far = cli("ics", "T-4", "--tenders", folder, "--as-of", "2025-05-01").stdout
    assert "DTSTART:20450605T130000Z" in far
    utc = cli("ics", "--tenders", folder, "--as-of", "2025-05-01", "--utc").stdout
    assert "VTIMEZONE" not in utc and "TZID=" not in utc and "DTSTART:20250605T130000Z" in utc
