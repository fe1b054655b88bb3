"""Every calendar we write, read by three independent parsers that must agree on each instant.

Mozilla's ical.js (Thunderbird's parser, run with node from tests/js), vobject and
icalendar each parse the same files; the instants are compared with values worked out
by hand from the zones' published rules, not with zoneinfo, so a wrong conversion on
our side cannot hide behind the same mistake in the check.

node and ical.js are required: CI installs them in .ci/run (``npm ci --prefix tests/js``).
Locally, set TENDERCTL_ALLOW_SKIP=1 to skip instead of failing when they are missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import TESTS, write
from tenderctl.calendar.ics import CalendarOptions, build_calendar, uid_for
from tenderctl.tenders.parse import parse_tender

JS_DIR = TESTS / "js"
NOW = datetime(2025, 1, 1, tzinfo=UTC)

# (zone, at, expected start: "YYYY-MM-DDTHH:MMZ" in UTC, or a date for all-day)
CASES: list[tuple[str, str, str]] = [
    # the seed's case: Brussels in summer is UTC+2 (CEST)
    ("Europe/Brussels", "2025-06-05 15:00", "2025-06-05T13:00Z"),
    ("Europe/Brussels", "2025-01-15 15:00", "2025-01-15T14:00Z"),  # winter, UTC+1
    # spring forward on Sun 30 Mar 2025 at 02:00 -> 03:00
    ("Europe/Brussels", "2025-03-30 01:30", "2025-03-30T00:30Z"),
    ("Europe/Brussels", "2025-03-30 03:30", "2025-03-30T01:30Z"),
    ("Europe/Brussels", "2025-03-29 15:00", "2025-03-29T14:00Z"),
    ("Europe/Brussels", "2025-03-31 15:00", "2025-03-31T13:00Z"),
    # fall back on Sun 26 Oct 2025 at 03:00 -> 02:00: 02:30 happens twice, the earlier (CEST) wins
    ("Europe/Brussels", "2025-10-26 02:30", "2025-10-26T00:30Z"),
    ("Europe/Brussels", "2025-10-26 03:30", "2025-10-26T02:30Z"),
    ("Europe/Brussels", "2025-10-27 09:00", "2025-10-27T08:00Z"),
    # Newfoundland: UTC-3:30, summer UTC-2:30; clocks go forward on 9 Mar 2025 at 02:00
    ("America/St_Johns", "2025-01-15 12:00", "2025-01-15T15:30Z"),
    ("America/St_Johns", "2025-07-01 12:00", "2025-07-01T14:30Z"),
    ("America/St_Johns", "2025-03-09 01:30", "2025-03-09T05:00Z"),
    ("America/St_Johns", "2025-03-09 03:30", "2025-03-09T06:00Z"),
    ("America/St_Johns", "2025-11-02 00:30", "2025-11-02T03:00Z"),
    # Chatham Islands: UTC+12:45, summer UTC+13:45 (southern hemisphere: summer is January)
    ("Pacific/Chatham", "2025-01-15 10:00", "2025-01-14T20:15Z"),
    ("Pacific/Chatham", "2025-07-01 10:00", "2025-06-30T21:15Z"),
    ("Pacific/Chatham", "2025-04-06 04:00", "2025-04-05T15:15Z"),  # just after clocks go back (03:45 -> 02:45)
    ("Pacific/Chatham", "2025-09-28 04:00", "2025-09-27T14:15Z"),  # just after clocks go forward (02:45 -> 03:45)
    # India: UTC+5:30 all year
    ("Asia/Kolkata", "2025-06-05 17:30", "2025-06-05T12:00Z"),
    ("Asia/Kolkata", "2025-12-31 23:59", "2025-12-31T18:29Z"),
    # US: fall back on 2 Nov 2025, 01:30 is ambiguous: earlier (EDT, UTC-4)
    ("America/New_York", "2025-11-02 01:30", "2025-11-02T05:30Z"),
    ("America/New_York", "2025-03-09 03:30", "2025-03-09T07:30Z"),
    # Volgograd moved from UTC+4 to UTC+3 for good on 27 Dec 2020: one calendar spans both rules
    ("Europe/Volgograd", "2020-12-01 12:00", "2020-12-01T08:00Z"),
    ("Europe/Volgograd", "2021-01-15 12:00", "2021-01-15T09:00Z"),
    # Dublin: the data calls winter (GMT, UTC+0) the "negative summer time"; summer is UTC+1
    ("Europe/Dublin", "2025-01-15 12:00", "2025-01-15T12:00Z"),
    ("Europe/Dublin", "2025-07-01 12:00", "2025-07-01T11:00Z"),
    # Lord Howe Island: UTC+10:30, summer (January) UTC+11, a half-hour shift
    ("Australia/Lord_Howe", "2025-01-15 12:00", "2025-01-15T01:00Z"),
    ("Australia/Lord_Howe", "2025-07-01 12:00", "2025-07-01T01:30Z"),
    # an explicit offset wins over the zone
    ("Europe/Brussels", "2025-06-05T15:00:00+05:30", "2025-06-05T09:30Z"),
    ("Asia/Kolkata", "2025-06-05T13:00Z", "2025-06-05T13:00Z"),
    # all day stays a date, whatever the zone
    ("Pacific/Chatham", "2025-09-28", "2025-09-28"),
    ("America/St_Johns", "2025-03-09", "2025-03-09"),
    ("Europe/Brussels", "2025-10-26", "2025-10-26"),
]

NASTY = 'Comma, semi; back\\slash "quoted" — Ünïcödé 日本語 🎉 END:VEVENT BEGIN:VEVENT'


def zone_tenders() -> list[Any]:
    by_zone: dict[str, list[tuple[int, str]]] = {}
    for number, (zone, at, _expected) in enumerate(CASES):
        by_zone.setdefault(zone, []).append((number, at))
    tenders = []
    for zone, items in by_zone.items():
        lines = [f"reference: Z-{zone}", f"title: 'Zone test {zone} {NASTY}'", f"timezone: {zone}", "dates:"]
        for number, at in items:
            lines += [f"  - id: m{number}", "    kind: submission", f"    at: '{at}'", f"    as_written: 'case {number}: {NASTY}'"]
        tender, problems = parse_tender("\n".join(lines) + "\n", f"{zone}.yaml")
        assert tender is not None, problems
        tenders.append(tender)
    return tenders


AMBIGUOUS = {"2025-10-26 02:30", "2025-11-02 01:30"}
ZONES_BY_UID = {uid_for(f"Z-{zone}", f"m{number}"): (zone, at) for number, (zone, at, _) in enumerate(CASES)}


def expected_by_uid() -> dict[str, dict[str, str]]:
    out = {}
    for number, (zone, _at, expected) in enumerate(CASES):
        out[uid_for(f"Z-{zone}", f"m{number}")] = {"date": expected} if "T" not in expected else {"utc": expected.replace("Z", ":00Z")}
    return out


def require_node() -> str:
    node = shutil.which("node")
    if node and (JS_DIR / "node_modules" / "ical.js" / "package.json").is_file():
        return node
    message = "node and the npm package ical.js are needed: run `npm ci --prefix tests/js` (.ci/run does)"
    if os.environ.get("TENDERCTL_ALLOW_SKIP"):
        pytest.skip(message)
    pytest.fail(message)


def parse_with_icaljs(*files: Path) -> list[dict[str, Any]]:
    node = require_node()
    out = subprocess.run([node, str(JS_DIR / "parse_ics.mjs"), *map(str, files)], capture_output=True, text=True, timeout=120, check=True)
    results = json.loads(out.stdout)
    for result in results:
        assert result["ok"], result
    return results


def _norm(value: date | datetime, tzid: str | None = None) -> dict[str, str]:
    """The shape parse_ics.mjs gives: the instant in UTC, and for a TZID-qualified time the
    zone the parser placed it in and the wall time it shows there. vobject builds that zone
    from the calendar's VTIMEZONE (as ical.js does); icalendar maps the TZID to zoneinfo."""
    if isinstance(value, datetime):
        assert value.tzinfo is not None, "a floating time: the parser could not place it"
        out = {"utc": value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
        if tzid:
            tzid = getattr(value.tzinfo, "key", None) or getattr(value.tzinfo, "_tzid", None)
        if tzid:
            out |= {"tzid": str(tzid), "local": value.replace(tzinfo=None).isoformat()}
        return out
    return {"date": value.isoformat()}


def parse_with_vobject(path: Path) -> dict[str, dict[str, Any]]:
    import vobject

    calendar = next(vobject.readComponents(path.read_text(encoding="utf-8")))
    out = {}
    for event in calendar.vevent_list:
        out[event.uid.value] = {
            "start": _norm(event.dtstart.value, event.dtstart.params.get("X-VOBJ-ORIGINAL-TZID", [None])[0]),
            "end": _norm(event.dtend.value, event.dtend.params.get("X-VOBJ-ORIGINAL-TZID", [None])[0]),
            "summary": event.summary.value,
            "description": event.description.value,
            "sequence": int(event.sequence.value),
            "status": event.status.value,
        }
    return out


def parse_with_icalendar(path: Path) -> dict[str, dict[str, Any]]:
    import icalendar

    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    out = {}
    for event in calendar.walk("VEVENT"):
        out[str(event["UID"])] = {
            "start": _norm(event.decoded("DTSTART"), event["DTSTART"].params.get("TZID")),
            "end": _norm(event.decoded("DTEND"), event["DTEND"].params.get("TZID")),
            "summary": str(event["SUMMARY"]),
            "description": str(event["DESCRIPTION"]),
            "sequence": int(event["SEQUENCE"]),
            "status": str(event["STATUS"]),
        }
    return out


def _from_js(event: dict[str, Any]) -> dict[str, Any]:
    def instant(value: dict[str, str]) -> dict[str, str]:
        return value

    return {
        "start": instant(event["start"]),
        "end": instant(event["end"]),
        "summary": event["summary"],
        "description": event["description"],
        "sequence": event["sequence"],
        "status": event["status"],
    }


@pytest.fixture(scope="module")
def zone_calendar(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text, _ = build_calendar(zone_tenders(), CalendarOptions(reminders="both"), NOW)
    path = tmp_path_factory.mktemp("ics") / "zones.ics"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_three_parsers_agree_on_every_instant(zone_calendar: Path) -> None:
    expected = expected_by_uid()
    [js] = parse_with_icaljs(zone_calendar)
    readers = {
        "ical.js": {e["uid"]: _from_js(e) for e in js["events"]},
        "vobject": parse_with_vobject(zone_calendar),
        "icalendar": parse_with_icalendar(zone_calendar),
    }
    for name, events in readers.items():
        # milestones plus their reminder events; every UID is distinct
        assert set(expected) <= set(events), f"{name} lost events"
        for uid, start in expected.items():
            got = events[uid]["start"]
            assert {k: got.get(k) for k in start} == start, f"{name}: {uid} starts at {got}, expected {start}"
            # a timed event is in the tender's own zone, at the wall time the notice gave, except
            # a time the clocks pass twice, which stays UTC (ical.js reads those as the second pass)
            zone, at = ZONES_BY_UID[uid]
            if "date" not in start:
                if at in AMBIGUOUS:
                    assert "tzid" not in got, f"{name}: {uid}: an ambiguous wall time must be UTC"
                else:
                    assert got.get("tzid") == zone, f"{name}: {uid} not in {zone}: {got}"
                    if len(at) == 16:
                        assert got["local"] == at.replace(" ", "T") + ":00", f"{name}: {uid} shows {got['local']}, not {at}"
    # beyond the known cases (reminders, ends), the three readings are identical
    assert readers["ical.js"] == readers["vobject"] == readers["icalendar"]


def test_python_parsers_agree_on_every_instant(zone_calendar: Path) -> None:
    """The same check without node, so it runs even where ical.js may be skipped."""
    expected = expected_by_uid()
    vobject_events, icalendar_events = parse_with_vobject(zone_calendar), parse_with_icalendar(zone_calendar)
    for uid, start in expected.items():
        assert vobject_events[uid]["start"]["utc" if "utc" in start else "date"] == next(iter(start.values())), uid
        assert icalendar_events[uid]["start"]["utc" if "utc" in start else "date"] == next(iter(start.values())), uid
    assert vobject_events == icalendar_events


def test_three_parsers_read_the_text_back_unchanged(zone_calendar: Path) -> None:
    [js] = parse_with_icaljs(zone_calendar)
    events = js["events"]
    assert all(NASTY in e["description"] for e in events)
    assert all(e["summary"].count("END:VEVENT") <= 1 for e in events)
    assert len(events) == len(parse_with_vobject(zone_calendar)) == len(parse_with_icalendar(zone_calendar))
    assert js["name"] == "Tender deadlines" and js["refresh"] == "PT1H"
    assert {"refresh-interval", "x-published-ttl", "name", "x-wr-calname"} <= set(js["properties"])


def test_all_day_events_end_the_next_day_for_every_parser(zone_calendar: Path) -> None:
    [js] = parse_with_icaljs(zone_calendar)
    vobject_events = parse_with_vobject(zone_calendar)
    for event in js["events"]:
        if "date" in event["start"]:
            start = date.fromisoformat(event["start"]["date"])
            assert event["end"] == {"date": (start + timedelta(days=1)).isoformat()}
            assert vobject_events[event["uid"]]["end"] == event["end"]


def test_alarms_read_by_icaljs(zone_calendar: Path) -> None:
    [js] = parse_with_icaljs(zone_calendar)
    timed = [e for e in js["events"] if "utc" in e["start"] and e["alarms"]]
    assert timed and all(e["alarms"] == ["-P1W", "-P1D", "-PT2H"] for e in timed)


def test_seed_tender_and_cli_output_parse_the_same_everywhere(cli, tmp_path: Path, root: Path) -> None:
    folder = tmp_path / "tenders"
    write(folder / "seed.yaml", (root / "tenders" / "RFPS-NYH-2025-503831.yaml").read_text(encoding="utf-8"))
    out = tmp_path / "feed"
    result = cli("ics", "--tenders", folder, "--out-dir", out, "--as-of", "2025-05-01", "--base-url", "https://example.org/t/")
    assert result.exit_code == 0, result.dump
    files = sorted(out.glob("*.ics"))
    assert [f.name for f in files] == ["RFPS-NYH-2025-503831.ics", "all.ics"]
    for parsed in parse_with_icaljs(*files):
        submission = next(e for e in parsed["events"] if e["summary"].startswith("Submission deadline"))
        assert submission["start"] == {"utc": "2025-06-05T13:00:00Z", "tzid": "Europe/Brussels", "local": "2025-06-05T15:00:00"}
        assert submission["url"] == "https://www.ungm.org"
    for path in files:
        for reader in (parse_with_vobject, parse_with_icalendar):
            starts = sorted(str(e["start"]) for e in reader(path).values())
            assert "{'utc': '2025-06-05T13:00:00Z', 'tzid': 'Europe/Brussels', 'local': '2025-06-05T15:00:00'}" in starts
            assert "{'date': '2025-05-22'}" in starts and "{'date': '2025-05-20'}" in starts


SYSTEM_PYTHON = "/usr/bin/python3"


def parse_with_libical(*files: Path) -> list[dict[str, Any]]:
    """libical (Evolution's parser) through GObject, run by the system Python.

    libical has no pip wheel: its bindings are Debian packages (python3-gi, gir1.2-ical-3.0),
    which CI's fresh venv does not have. Where they are missing the test says so and is
    skipped; ``apt-get install gir1.2-ical-3.0 python3-gi`` makes it run.
    """
    probe = 'import gi; gi.require_version("ICalGLib", "3.0"); from gi.repository import ICalGLib'
    ready = os.path.exists(SYSTEM_PYTHON) and subprocess.run([SYSTEM_PYTHON, "-c", probe], capture_output=True, timeout=60).returncode == 0
    if not ready:
        pytest.skip("libical via GObject needs the Debian packages python3-gi and gir1.2-ical-3.0 (no pip wheel exists)")
    script = Path(__file__).with_name("read_libical.py")
    out = subprocess.run([SYSTEM_PYTHON, str(script), *map(str, files)], capture_output=True, text=True, timeout=120, check=True)
    results = json.loads(out.stdout)
    for result in results:
        assert result["ok"], result
    return results


def test_libical_agrees_on_instants_zones_and_texts(zone_calendar: Path) -> None:
    [parsed] = parse_with_libical(zone_calendar)
    events = {e["uid"]: e for e in parsed["events"]}
    icalendar_events = parse_with_icalendar(zone_calendar)
    assert set(events) == set(icalendar_events)
    for uid, start in expected_by_uid().items():
        got = events[uid]["start"]
        assert {k: got.get(k) for k in start} == start, f"libical: {uid} starts at {got}, expected {start}"
    for uid, event in events.items():
        # every event (reminders and ends too) lands where icalendar puts it, zone and wall time included
        assert event["start"] == icalendar_events[uid]["start"], uid
        assert event["end"] == icalendar_events[uid]["end"], uid
        assert event["description"] == icalendar_events[uid]["description"] and NASTY in event["description"]
        assert event["summary"] == icalendar_events[uid]["summary"]
    # one VTIMEZONE per zone, read by libical under our TZID (its own built-in zones are named
    # "/freeassociation.sourceforge.net/...": the times above were placed by our VTIMEZONEs)
    assert sorted(parsed["timezones"]) == sorted({zone for zone, _at, _e in CASES})


def parse_with_ha_ical(path: Path) -> dict[str, dict[str, Any]]:
    """Home Assistant's strict ``ical`` (pydantic models of RFC 5545: it refuses what it cannot validate)."""
    from ical.calendar_stream import IcsCalendarStream

    calendar = IcsCalendarStream.calendar_from_ics(path.read_text(encoding="utf-8"))
    out = {}
    for event in calendar.events:
        tzid = getattr(event.dtstart, "tzinfo", None)
        out[event.uid] = {
            "start": _norm(event.dtstart, str(tzid) if tzid is not None and str(tzid) != "UTC" else None),
            "summary": event.summary,
            "description": event.description,
            "sequence": event.sequence,
        }
    return out


def test_strict_ical_parser_agrees(zone_calendar: Path) -> None:
    strict = parse_with_ha_ical(zone_calendar)
    icalendar_events = parse_with_icalendar(zone_calendar)
    assert set(strict) == set(icalendar_events)
    for uid, start in expected_by_uid().items():
        got = strict[uid]["start"]
        assert {k: got.get(k) for k in start} == start, f"ical: {uid} starts at {got}, expected {start}"
    for uid, event in strict.items():
        assert event["start"] == icalendar_events[uid]["start"], uid
        assert event["description"] == icalendar_events[uid]["description"] and event["sequence"] == icalendar_events[uid]["sequence"]
