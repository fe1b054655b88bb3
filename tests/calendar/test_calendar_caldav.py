"""Our events on a real CalDAV server: Radicale on loopback, fed and queried with the caldav client.

Radicale parses and indexes every object it is given (it rejects malformed iCalendar), and
answers time-range REPORTs from its own reading of DTSTART/DTEND: a fourth, independent
check that the instants we write are the ones we mean.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import ROOT
from tenderctl.calendar.ics import CalendarOptions, build_calendar, uid_for, unfold, wrap
from tenderctl.tenders.parse import parse_tender


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    storage = tmp_path / "collections"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--auth-type",
            "none",
            "--rights-type",
            "owner_only",
            "--storage-filesystem-folder",
            str(storage),
            "--logging-level",
            "warning",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                    pytest.fail(f"Radicale did not start: {output}")
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        if process.stdout:
            process.stdout.close()


def split_events(text: str) -> list[str]:
    """Each VEVENT of a calendar, as raw (still folded) text."""
    blocks, current = [], None
    for line in text.split("\r\n"):
        if line == "BEGIN:VEVENT":
            current = [line]
        elif current is not None:
            current.append(line)
            if line == "END:VEVENT":
                blocks.append("\r\n".join(current) + "\r\n")
                current = None
    return blocks


def test_events_round_trip_through_radicale(radicale: str) -> None:
    import caldav

    seed, problems = parse_tender((ROOT / "tenders" / "RFPS-NYH-2025-503831.yaml").read_text(encoding="utf-8"), "seed")
    assert seed is not None, problems
    text, rendered = build_calendar([seed], CalendarOptions(), datetime(2025, 5, 1, tzinfo=UTC))
    zones = rendered[0].zones
    blocks = split_events(text)
    assert len(blocks) == 3
    with caldav.DAVClient(url=radicale, username="tester", password="x") as client:
        calendar = client.principal().make_calendar(name="Tenders", cal_id="tenders")  # MKCALENDAR
        for block in blocks:
            calendar.add_event(wrap([block], "one event", zones=zones))
        stored = calendar.events()
        assert len(stored) == 3
        by_uid = {}
        for event in stored:
            lines = unfold(event.data)
            uid = next(line[4:] for line in lines if line.startswith("UID:"))
            by_uid[uid] = lines
        submission = by_uid[uid_for("RFPS-NYH-2025-503831", "submission")]
        assert "DTSTART;TZID=Europe/Brussels:20250605T150000" in submission  # Radicale keeps the zone
        assert any(line.startswith("SUMMARY:Submission deadline: Narrative-driven case studies") for line in submission)
        conference = by_uid[uid_for("RFPS-NYH-2025-503831", "conference")]
        assert "DTSTART;VALUE=DATE:20250520" in conference

        # time-range REPORT done by the server: only the submission falls in this window
        found = calendar.search(start=datetime(2025, 6, 5, 12, 45, tzinfo=UTC), end=datetime(2025, 6, 5, 13, 15, tzinfo=UTC), event=True)
        assert [next(line for line in unfold(e.data) if line.startswith("UID:"))[4:] for e in found] == [
            uid_for("RFPS-NYH-2025-503831", "submission")
        ]
        # an hour earlier (where a wrong zone would put it) there is nothing
        assert (
            calendar.search(start=datetime(2025, 6, 5, 11, 45, tzinfo=UTC), end=datetime(2025, 6, 5, 12, 45, tzinfo=UTC), event=True) == []
        )
        # the all-day questions deadline covers 22 May, and only that day
        may_22 = calendar.search(start=datetime(2025, 5, 22, 10, tzinfo=UTC), end=datetime(2025, 5, 22, 11, tzinfo=UTC), event=True)
        assert [next(line for line in unfold(e.data) if line.startswith("UID:"))[4:] for e in may_22] == [
            uid_for("RFPS-NYH-2025-503831", "questions")
        ]
        # the same UID again replaces the stored event instead of adding one
        moved = blocks[2].replace("SEQUENCE:0", "SEQUENCE:1").replace("20250605T15", "20250606T15")
        calendar.add_event(wrap([moved], "one event", zones=zones))
        assert len(calendar.events()) == 3
        later = calendar.search(start=datetime(2025, 6, 6, 12, 45, tzinfo=UTC), end=datetime(2025, 6, 6, 13, 15, tzinfo=UTC), event=True)
        assert len(later) == 1
        # (the caldav client raises SEQUENCE once more itself when it overwrites an object)
        assert int(next(line for line in unfold(later[0].data) if line.startswith("SEQUENCE:"))[9:]) >= 1
        assert (
            calendar.search(start=datetime(2025, 6, 5, 12, 45, tzinfo=UTC), end=datetime(2025, 6, 5, 13, 15, tzinfo=UTC), event=True) == []
        )
