"""Revision state (issue 16): SEQUENCE, DTSTAMP and LAST-MODIFIED are the same whichever way a
calendar is written (stdout, -o, --out-dir, serve, a restarted serve) and move only when an
event's content changes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
import vobject
from calendar_test_support import JS_DIR, require_node
from ical.calendar_stream import IcsCalendarStream
from test_calendar_parsers import parse_with_libical

from conftest import write
from tenderctl.calendar.ics import CalendarOptions, render_tender
from tenderctl.calendar.revisions import STATE_NAME, Revision, RevisionState, load_state, revisions
from tenderctl.calendar.server import FeedService, make_server
from tenderctl.tenders.parse import parse_tender

NOW = datetime(2025, 5, 1, tzinfo=UTC)
EVENT = re.compile(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", re.DOTALL)


def tender_yaml(at: str = "2025-06-05 15:00", title: str = "A tender", questions: str = "2025-05-22") -> str:
    return (
        f"reference: 'A-1'\ntitle: '{title}'\ntimezone: Europe/Brussels\n"
        f"dates:\n  - id: submission\n    kind: submission\n    at: {at}\n  - id: questions\n    kind: questions\n    at: {questions}\n"
    )


def events(data: bytes) -> list[bytes]:
    return EVENT.findall(data)


def field(event: bytes, name: str) -> str:
    match = re.search(rb"\r\n" + name.encode() + rb":([^\r]*)\r\n", event)
    assert match, event
    return match.group(1).decode()


def by_summary(data: bytes) -> dict[str, tuple[str, str, str]]:
    """Summary prefix -> (SEQUENCE, DTSTAMP, LAST-MODIFIED)."""
    out = {}
    for event in events(data):
        out[field(event, "SUMMARY").split(":")[0]] = (field(event, "SEQUENCE"), field(event, "DTSTAMP"), field(event, "LAST-MODIFIED"))
    return out


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TENDERCTL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TENDERCTL_CALENDAR_STATE", raising=False)
    tenders = tmp_path / "tenders"
    write(tenders / "a.yaml", tender_yaml())
    return tenders


def stdout_ics(cli, tenders: Path, as_of: str, *extra: str) -> bytes:
    result = cli("ics", "--tenders", tenders, "--as-of", as_of, *extra)
    assert result.exit_code == 0, result.dump
    assert "warning" not in result.stderr, result.dump
    return result.stdout_bytes


def test_stdout_sequence_and_stamp_move_only_when_the_content_changes(cli, folder: Path) -> None:
    first = stdout_ics(cli, folder, "2025-05-01T08:00Z")
    assert by_summary(first) == {
        "Questions deadline": ("0", "20000101T000000Z", "20000101T000000Z"),
        "Submission deadline": ("0", "20000101T000000Z", "20000101T000000Z"),
    }
    # re-rendering (later, and with other alarms: options, not content) changes nothing
    assert events(stdout_ics(cli, folder, "2025-05-01T09:00Z")) == events(first)
    assert by_summary(stdout_ics(cli, folder, "2025-05-01T09:00Z", "--alarm", "3d")) == by_summary(first)
    # the deadline moves: that event alone gets SEQUENCE 1 and the time of the change
    write(folder / "a.yaml", tender_yaml(at="2025-06-06 15:00"))
    moved = stdout_ics(cli, folder, "2025-05-02T10:00Z")
    assert by_summary(moved) == {
        "Questions deadline": ("0", "20000101T000000Z", "20000101T000000Z"),
        "Submission deadline": ("1", "20250502T100000Z", "20250502T100000Z"),
    }
    # and keeps them on every later render, never 1 -> 2 on a re-render
    for as_of in ("2025-05-03T00:00Z", "2025-05-04T00:00Z"):
        assert events(stdout_ics(cli, folder, as_of)) == events(moved)
    # a change of a text is a change too; a clock set back never moves a stamp backwards
    write(folder / "a.yaml", tender_yaml(at="2025-06-06 15:00", title="A renamed tender"))
    renamed = by_summary(stdout_ics(cli, folder, "2025-04-01T00:00Z"))
    assert renamed["Submission deadline"] == ("2", "20250502T100001Z", "20250502T100001Z")
    assert renamed["Questions deadline"] == ("1", "20250401T000000Z", "20250401T000000Z")
    state = json.loads((folder / STATE_NAME).read_text())
    assert state["format"] == 1 and sorted(state["tenders"]) == ["A-1"]


def test_a_moved_deadline_reads_as_a_newer_revision_in_every_consumer(cli, folder: Path, tmp_path: Path) -> None:
    """SEQUENCE, DTSTAMP and LAST-MODIFIED as icalendar, vobject, the strict `ical`, ical.js and libical read them."""
    stdout_ics(cli, folder, "2025-05-01T08:00Z")
    write(folder / "a.yaml", tender_yaml(at="2025-06-06 15:00"))
    path = tmp_path / "moved.ics"
    path.write_bytes(stdout_ics(cli, folder, "2025-05-02T10:00Z", "--no-todos"))
    moved, kept = datetime(2025, 5, 2, 10, tzinfo=UTC), datetime(2000, 1, 1, tzinfo=UTC)
    wanted = {"Submission deadline": (1, moved), "Questions deadline": (0, kept)}

    def label(summary: str) -> str:
        return summary.split(":")[0]

    seen = {
        label(str(e["SUMMARY"])): (int(e["SEQUENCE"]), e["DTSTAMP"].dt, e["LAST-MODIFIED"].dt)
        for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    }
    assert seen == {k: (s, t, t) for k, (s, t) in wanted.items()}
    parsed = vobject.readOne(path.read_text(encoding="utf-8"))
    seen = {label(e.summary.value): (int(e.sequence.value), e.dtstamp.value, e.last_modified.value) for e in parsed.vevent_list}
    assert seen == {k: (s, t, t) for k, (s, t) in wanted.items()}
    strict = IcsCalendarStream.calendar_from_ics(path.read_text(encoding="utf-8"))
    assert {label(e.summary or ""): (e.sequence, e.dtstamp, e.last_modified) for e in strict.events} == {
        k: (s, t, t) for k, (s, t) in wanted.items()
    }
    node = require_node()
    out = subprocess.run([node, str(JS_DIR / "parse_ics.mjs"), str(path)], capture_output=True, text=True, timeout=120, check=True)
    (js,) = json.loads(out.stdout)
    iso = {k: (s, t.strftime("%Y-%m-%dT%H:%M:%SZ")) for k, (s, t) in wanted.items()}
    assert {label(e["summary"]): (e["sequence"], e["dtstamp"], e["lastModified"]) for e in js["events"]} == {
        k: (s, t, t) for k, (s, t) in iso.items()
    }
    try:
        [lib] = parse_with_libical(path)
    except pytest.skip.Exception:
        return  # libical's own tests say why it is missing
    compact = {k: (s, t.strftime("%Y%m%dT%H%M%SZ")) for k, (s, t) in wanted.items()}
    seen_lib = {
        label(e["summary"]): (e["sequence"], e["dtstamp"]["utc"].replace("-", "").replace(":", ""), e["last_modified"])
        for e in lib["events"]
    }
    assert seen_lib == {k: (s, t, t) for k, (s, t) in compact.items()}


def test_every_way_of_writing_gives_the_same_revisions(cli, folder: Path, tmp_path: Path) -> None:
    stdout_ics(cli, folder, "2025-05-01T08:00Z")
    write(folder / "a.yaml", tender_yaml(at="2025-06-06 15:00"))
    out_file, out_dir = tmp_path / "cal.ics", tmp_path / "public"
    # the change is first seen by -o; then stdout, --out-dir and serve must agree with it
    result = cli("ics", "--tenders", folder, "--as-of", "2025-05-02T10:00Z", "-o", out_file)
    assert result.exit_code == 0, result.dump
    reference = events(out_file.read_bytes())
    assert by_summary(out_file.read_bytes())["Submission deadline"] == ("1", "20250502T100000Z", "20250502T100000Z")
    assert events(stdout_ics(cli, folder, "2025-05-09T00:00Z")) == reference
    result = cli("ics", "--tenders", folder, "--as-of", "2025-05-10T00:00Z", "--out-dir", out_dir)
    assert result.exit_code == 0, result.dump
    assert events((out_dir / "all.ics").read_bytes()) == reference
    assert events((out_dir / "A-1.ics").read_bytes()) == reference
    # serve (in process, real HTTP on loopback), twice: a restart reads the same state
    for _restart in range(2):
        service = FeedService(folder, CalendarOptions(), check_interval=60, use_cache=False)
        server = make_server(service, "127.0.0.1", 0)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            import http.client

            connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
            connection.request("GET", "/all.ics")
            body = connection.getresponse().read()
            connection.close()
        finally:
            server.shutdown()
            server.server_close()
            thread.join(5)
        assert events(body) == reference


def test_serve_restart_keeps_sequence(folder: Path, tmp_path: Path) -> None:
    """The issue's defect: SEQUENCE went 1 -> 0 after a `serve` restart. Two real `tenderctl serve` processes."""
    import http.client

    def serve_once(change: str | None = None) -> bytes:
        env = {**os.environ, "TENDERCTL_CACHE_DIR": str(tmp_path / "cache")}
        process = subprocess.Popen(
            [sys.executable, "-m", "tenderctl", "serve", "--port", "0", "--check-interval", "0", "--tenders", str(folder)],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        try:
            assert process.stderr is not None
            lines = []
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                line = process.stderr.readline()
                lines.append(line)
                if line.startswith("Subscribe:") or not line:
                    break
            port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", "".join(lines)).group(1))  # type: ignore[union-attr]

            def get() -> bytes:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", "/all.ics")
                data = connection.getresponse().read()
                connection.close()
                return data

            body = get()
            if change is not None:
                write(folder / "a.yaml", change)
                os.utime(folder / "a.yaml", ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
                for _ in range(100):
                    body = get()
                    if b"20250606T130000Z" in body:
                        break
                    time.sleep(0.05)
            return body
        finally:
            process.terminate()
            process.wait(10)
            if process.stderr:
                process.stderr.close()

    before = serve_once()
    assert by_summary(before)["Submission deadline"][0] == "0"
    changed = serve_once(change=tender_yaml(at="2025-06-06 15:00"))
    assert by_summary(changed)["Submission deadline"][0] == "1"
    stamp = by_summary(changed)["Submission deadline"][1]
    assert stamp > "2020" and stamp != "20000101T000000Z"  # the time the server saw the change
    again = serve_once()
    assert events(again) == events(changed)


def test_render_tender_revisions_core() -> None:
    tender = parse_tender(tender_yaml(), "a.yaml")[0]
    assert tender is not None
    first = render_tender(tender, CalendarOptions(), NOW, revisions={})
    assert first.revised and len(first.revisions) == 2
    again = render_tender(tender, CalendarOptions(), NOW, revisions=first.revisions)
    assert not again.revised and again.data == first.data
    # the milestone's own `sequence` field is a floor, kept with the recorded stamp
    raised = parse_tender(tender_yaml().replace("kind: submission\n", "kind: submission\n    sequence: 5\n"), "a.yaml")[0]
    assert raised is not None
    out = render_tender(raised, CalendarOptions(), NOW, revisions=first.revisions)
    assert b"SEQUENCE:5\r\n" in out.data and b"DTSTAMP:20000101T000000Z" in out.data


def test_damaged_state_is_said_and_replaced(cli, folder: Path) -> None:
    (folder / STATE_NAME).write_text('{"format": 1, "tenders": {"A-1": {"x": [1]}}}')
    result = cli("ics", "--tenders", folder, "--as-of", "2025-05-01T08:00Z")
    assert result.exit_code == 0 and "calendar state unreadable" in result.stderr, result.dump
    assert load_state(folder / STATE_NAME).problem is None  # rewritten whole


def test_unwritable_state_is_said(cli, folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "state.json"
    result = cli("ics", "--tenders", folder, "--as-of", "2025-05-01T08:00Z", env={"TENDERCTL_CALENDAR_STATE": str(target)})
    assert result.exit_code == 0 and "cannot save the calendar state" in result.stderr, result.dump
    assert result.stdout.count("BEGIN:VEVENT") == 2


def test_state_merges_what_a_filtered_output_did_not_write(tmp_path: Path) -> None:
    with revisions(tmp_path) as state:
        state.update("A-1", {"u1": Revision("f1", 0, "20000101T000000Z"), "u2": Revision("f2", 3, "20250101T000000Z")})
    with revisions(tmp_path) as state:
        assert state.events("A-1")["u2"].sequence == 3
        digest = state.digest("A-1")
        state.update("A-1", {"u1": Revision("f1b", 1, "20250102T000000Z")})
        assert state.digest("A-1") != digest
    reloaded = load_state(tmp_path / STATE_NAME)
    assert reloaded.events("A-1")["u1"] == Revision("f1b", 1, "20250102T000000Z") and reloaded.events("A-1")["u2"].sequence == 3
    assert isinstance(RevisionState().events("none"), dict)


_BUMP = """
import sys, time
from pathlib import Path
from tenderctl.calendar.revisions import Revision, revisions

with revisions(Path(sys.argv[1])) as state:
    seen = state.events("T").get("e")
    count = seen.sequence if seen else 0
    time.sleep(0.01)  # widen the window a lost update needs
    state.update("T", {"e": Revision("f", count + 1, "20250101T000000Z")})
"""


def test_runs_at_once_lose_no_revision_and_leave_no_lock(tmp_path: Path) -> None:
    """Eight processes, four bumps each, all at once: every bump counted, and no lock file left behind."""
    script = tmp_path / "bump.py"
    script.write_text(_BUMP, encoding="utf-8")
    root = tmp_path / "tenders"
    root.mkdir()
    loop = f"import runpy, sys\nfor _ in range(4): runpy.run_path({str(script)!r}, run_name='__main__')\n"
    runs = [subprocess.Popen([sys.executable, "-c", loop, str(root)]) for _ in range(8)]
    assert all(run.wait(timeout=120) == 0 for run in runs)
    state = load_state(root / STATE_NAME)
    assert state.events("T")["e"].sequence == 32
    assert sorted(p.name for p in root.iterdir()) == [STATE_NAME]
