"""Steps as VTODOs (issue 16): DUE from the step's milestone in the tender's zone, COMPLETED from
``done``, UIDs that never collide with events; read back by icalendar, vobject, Mozilla's
ical.js, node-ical and (where installed) libical."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject
from calendar_test_support import JS_DIR, require_node
from test_calendar_parsers import parse_with_icaljs, parse_with_libical

from conftest import write
from tenderctl.calendar.ics import CalendarOptions, build_calendar
from tenderctl.tenders.parse import parse_tender

NOW = datetime(2025, 5, 1, tzinfo=UTC)
TENDER = """\
reference: T-9
title: Tasks tender
timezone: America/St_Johns
dates:
  - id: submission
    kind: submission
    at: 2025-06-05 15:00
  - id: questions
    kind: questions
    at: 2025-05-22
steps:
  - text: Register on the portal
    done: 2025-04-20
    url: https://portal.example/register
  - text: Ask questions, if any
    date: questions
  - id: upload
    text: Upload the proposal
    date: submission
    note: PDF only
  - text: Ask questions, if any
  - text: Sign the declaration
    date: submission
"""


def calendar(tmp_path: Path, **options: Any) -> Path:
    tender, problems = parse_tender(TENDER, "t.yaml")
    assert tender is not None, problems
    text, rendered = build_calendar([tender], CalendarOptions(**options), NOW)
    assert rendered[0].todos == text.count("BEGIN:VTODO")
    path = tmp_path / "t.ics"
    path.write_bytes(text.encode())
    return path


def by_summary(todos: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Summary -> the task (the step written twice, "Ask questions, if any", by its due: dated first)."""
    out: dict[str, dict[str, Any]] = {}
    for todo in sorted(todos, key=lambda t: t.get("due") is None):
        out.setdefault(todo["summary"].split(" (T-9)")[0], todo)
    return out


EXPECTED_DUE = {
    "Register on the portal": None,
    "Ask questions, if any": {"date": "2025-05-22"},
    "Upload the proposal": {"utc": "2025-06-05T17:30:00Z", "tzid": "America/St_Johns", "local": "2025-06-05T15:00:00"},
    "Sign the declaration": {"utc": "2025-06-05T17:30:00Z", "tzid": "America/St_Johns", "local": "2025-06-05T15:00:00"},
}
"""St. John's in June is UTC-2:30: 15:00 there is 17:30 UTC (worked out by hand, not with zoneinfo)."""


def test_todos_read_back_by_icaljs_and_libical(tmp_path: Path) -> None:
    path = calendar(tmp_path)
    [js] = parse_with_icaljs(path)
    todos = js["todos"]
    assert len(todos) == 5 and len({t["uid"] for t in todos} | {e["uid"] for e in js["events"]}) == 5 + len(js["events"])
    found = by_summary(todos)
    for summary, due in EXPECTED_DUE.items():
        assert found[summary]["due"] == due, (summary, found[summary])
    assert found["Register on the portal"]["status"] == "COMPLETED"
    assert found["Register on the portal"]["completed"] == {"utc": "2025-04-20T12:00:00Z"}
    assert found["Upload the proposal"]["status"] == "NEEDS-ACTION" and "PDF only" in found["Upload the proposal"]["description"]
    [lib] = parse_with_libical(path)
    libtodos = by_summary(lib["todos"])
    for summary, due in EXPECTED_DUE.items():
        assert libtodos[summary]["due"] == due, (summary, libtodos[summary])
    assert {t["uid"]: t["status"] for t in lib["todos"]} == {t["uid"]: t["status"] for t in todos}


def test_todos_read_back_by_icalendar_vobject_and_node_ical(tmp_path: Path) -> None:
    path = calendar(tmp_path)
    parsed = icalendar.Calendar.from_ical(path.read_bytes())
    todos = {str(t["SUMMARY"]).split(" (T-9)")[0]: t for t in parsed.walk("VTODO")}
    upload = todos["Upload the proposal"].decoded("DUE")
    assert upload.astimezone(UTC) == datetime(2025, 6, 5, 17, 30, tzinfo=UTC) and str(upload.tzinfo) == "America/St_Johns"
    assert todos["Register on the portal"].decoded("COMPLETED") == datetime(2025, 4, 20, 12, tzinfo=UTC)
    assert "DUE" not in todos["Register on the portal"]
    vcal = next(vobject.readComponents(path.read_text()))
    vdue = {t.summary.value.split(" (T-9)")[0]: t for t in vcal.vtodo_list}
    assert vdue["Sign the declaration"].due.value.astimezone(UTC) == datetime(2025, 6, 5, 17, 30, tzinfo=UTC)
    node = require_node()
    out = subprocess.run([node, str(JS_DIR / "parse_node_ical.mjs"), str(path)], capture_output=True, text=True, timeout=120, check=True)
    (result,) = json.loads(out.stdout)
    assert result["ok"], result
    node_todos = by_summary(result["todos"])
    assert node_todos["Upload the proposal"]["due"] == "2025-06-05T17:30:00.000Z"
    assert node_todos["Register on the portal"]["status"] == "COMPLETED"
    from ical.calendar_stream import IcsCalendarStream  # Home Assistant's strict parser

    strict = {t.summary.split(" (T-9)")[0]: t for t in IcsCalendarStream.calendar_from_ics(path.read_text()).todos if t.summary}
    assert strict["Upload the proposal"].due.astimezone(UTC) == datetime(2025, 6, 5, 17, 30, tzinfo=UTC)
    assert strict["Register on the portal"].completed == datetime(2025, 4, 20, 12, tzinfo=UTC)


def test_todo_uids_stable_and_filters(tmp_path: Path) -> None:
    first = calendar(tmp_path).read_text()
    # the same step text twice gets two UIDs; an edit elsewhere keeps every UID
    uids = [line for line in first.split("\r\n") if line.startswith("UID:")]
    assert len(uids) == len(set(uids))
    submission_only = calendar(tmp_path, kinds=frozenset({"submission"})).read_text()
    assert submission_only.count("BEGIN:VTODO") == 2  # the steps due at the submission only
    none = calendar(tmp_path, todos=False).read_text()
    assert "VTODO" not in none and none.count("BEGIN:VEVENT") == first.count("BEGIN:VEVENT")


def test_cli_no_todos_and_cancelled(cli, tmp_path: Path) -> None:
    folder = tmp_path / "tenders"
    write(folder / "t.yaml", TENDER + "status: cancelled\nstatus_date: 2025-04-28\n")
    result = cli("ics", "--tenders", folder, "--as-of", "2025-05-01")
    assert result.exit_code == 0, result.dump
    text = result.stdout
    assert text.count("BEGIN:VTODO") == 5 and text.count("STATUS:CANCELLED") == text.count("BEGIN:VEVENT") + text.count("BEGIN:VTODO")
    assert "VTODO" not in cli("ics", "--tenders", folder, "--as-of", "2025-05-01", "--no-todos").stdout


@pytest.mark.parametrize("text", ["Register on the portal"])
def test_a_step_uid_differs_from_every_event_uid(text: str) -> None:
    from tenderctl.calendar.ics import uid_for

    assert uid_for("T-9", "text:" + text, "step") != uid_for("T-9", "text:" + text)
