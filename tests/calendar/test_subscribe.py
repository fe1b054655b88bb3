"""Per-subscriber feeds on `serve` (issue 16): ?kind=&status=&tag= filters and a secret token in the
path, over real HTTP on loopback; feeds read back by icalendar."""

from __future__ import annotations

import http.client
import os
import re
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from calendar_test_support import burst_get

from conftest import write
from tenderctl.calendar.ics import CalendarOptions
from tenderctl.calendar.server import FeedService, make_server
from tenderctl.calendar.subscribe import parse_query, strip_token

TOKEN = "s3cret-Token_abcdefghijklmnop"


def tender_yaml(reference: str, status: str = "open", tags: str = "[]") -> str:
    return (
        f"reference: '{reference}'\ntitle: 'Tender {reference}'\ntimezone: Europe/Brussels\nstatus: {status}\ntags: {tags}\n"
        "dates:\n  - id: submission\n    kind: submission\n    at: 2030-06-05 15:00\n"
        "  - id: questions\n    kind: questions\n    at: 2030-05-22\n"
        "steps:\n  - text: Upload\n    date: submission\n  - text: Ask\n    date: questions\n"
    )


@pytest.fixture
def tenders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("TENDERCTL_CALENDAR_STATE", raising=False)
    folder = tmp_path / "tenders"
    write(folder / "a.yaml", tender_yaml("A-1", tags="[Roads, bridges]"))
    write(folder / "b.yaml", tender_yaml("B-2", status="submitted", tags="[IT]"))
    write(folder / "c.yaml", tender_yaml("C-3", status="won", tags="[roads]"))
    return folder


def serving(tenders: Path, token: str | None = None, log: list[str] | None = None) -> Iterator[int]:
    service = FeedService(tenders, CalendarOptions(), check_interval=60, use_cache=False, token=token)
    server = make_server(service, "127.0.0.1", 0, log.append if log is not None else None)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def port(tenders: Path) -> Iterator[int]:
    yield from serving(tenders)


def get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def read(body: bytes) -> list[tuple[str, str]]:
    """(component, summary) of every event and task, read by icalendar."""
    calendar = icalendar.Calendar.from_ical(body)
    return sorted((c.name, str(c["SUMMARY"])) for c in calendar.walk() if c.name in ("VEVENT", "VTODO"))


def references(body: bytes) -> set[str]:
    """The tenders a feed holds, from the summaries icalendar reads."""
    return {m.group(0) for _, summary in read(body) if (m := re.search(r"[A-C]-\d", summary))}


def test_filters_by_kind_status_and_tag(port: int) -> None:
    status, _, everything = get(port, "/all.ics")
    assert status == 200 and references(everything) == {"A-1", "B-2", "C-3"}
    _, _, submissions = get(port, "/all.ics?kind=submission")
    found = read(submissions)
    assert {c for c, _ in found} == {"VEVENT", "VTODO"}
    assert all(s.startswith(("Submission deadline", "Upload")) for _, s in found) and len(found) == 6
    _, _, active = get(port, "/all.ics?status=active")
    assert references(active) == {"A-1", "B-2"}
    _, _, tagged = get(port, "/all.ics?tag=ROADS")  # tags match whatever their case
    assert references(tagged) == {"A-1", "C-3"}
    _, _, both = get(port, "/all.ics?tag=roads&status=open&kind=questions,submission")
    assert references(both) == {"A-1"} and len(read(both)) == 4
    # one tender's calendar filters the same way
    _, _, single = get(port, "/A-1.ics?kind=questions")
    assert sorted(s for _, s in read(single)) == ["Ask (A-1)", "Questions deadline: Tender A-1"]
    # the same event has the same SEQUENCE and stamps in every feed it is in
    stamps = re.compile(rb"UID:[^\r]+\r\nDTSTAMP:[^\r]+\r\nLAST-MODIFIED:[^\r]+\r\nSEQUENCE:\d+")
    assert set(stamps.findall(both)) <= set(stamps.findall(everything))


def test_same_filters_any_order_same_feed_and_conditional_get(port: int) -> None:
    s1, h1, b1 = get(port, "/all.ics?status=open,submitted&kind=submission")
    s2, h2, b2 = get(port, "/all.ics?kind=submission&status=submitted&status=open&utm_source=x")
    assert s1 == s2 == 200 and b1 == b2 and h1["etag"] == h2["etag"]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/all.ics?kind=submission&status=open,submitted", headers={"If-None-Match": h1["etag"]})
    assert connection.getresponse().status == 304
    connection.close()


@pytest.mark.parametrize(
    ("query", "message"),
    [("kind=deadline", "kind: unknown value 'deadline'"), ("status=pending", "status: unknown value 'pending'")],
)
def test_unknown_filter_values_are_400(port: int, query: str, message: str) -> None:
    status, _, body = get(port, "/all.ics?" + query)
    assert status == 400 and message in body.decode()


def test_200_subscribers_with_filters_at_once(port: int) -> None:
    queries = ["kind=submission", "status=open", "tag=it", "kind=questions&tag=roads", ""]
    answers = burst_get(port, [("/all.ics?" + queries[n % 5], {}) for n in range(200)])  # one thread, 200 connections
    results = [(n % 5, answer) for n, answer in enumerate(answers)]
    assert all(status == 200 for _, (status, _, _) in results)
    bodies: dict[int, set[bytes]] = {}
    for n, (_, _, body) in results:
        bodies.setdefault(n, set()).add(body)
    assert all(len(b) == 1 for b in bodies.values())  # every subscriber of a filter got the same feed


def test_token_guards_every_path_without_telling_anything(tenders: Path) -> None:
    log: list[str] = []
    for port in serving(tenders, TOKEN, log):
        missing = get(port, f"/{TOKEN}/nothing-here.ics")
        assert missing[0] == 404
        for path in ("/all.ics", "/", "/A-1.ics", f"/{TOKEN[:-1]}/all.ics", f"/{TOKEN}x/A-1.ics", f"/x/{TOKEN}/all.ics"):
            status, _, body = get(port, path)
            assert (status, body) == (404, missing[2]), path  # a wrong token looks like a missing path
        status, _, body = get(port, f"/{TOKEN}/all.ics?kind=submission")
        assert status == 200 and references(body) == {"A-1", "B-2", "C-3"}
        status, _, index = get(port, f"/{TOKEN}/")
        assert status == 200 and b"A-1.ics" in index
        # a bad filter is only reported behind the right token
        assert get(port, "/all.ics?kind=nope")[0] == 404 and get(port, f"/{TOKEN}/all.ics?kind=nope")[0] == 400
    assert log and not any(TOKEN in line for line in log) and any("<token>" in line for line in log)


def test_strip_token_and_query_parsing() -> None:
    assert strip_token("/all.ics", None) == "/all.ics"
    assert strip_token(f"/{TOKEN}", TOKEN) == "/" and strip_token(f"/{TOKEN}/A.ics", TOKEN) == "/A.ics"
    assert strip_token("/\udcff/all.ics", TOKEN) is None
    assert parse_query("status=closed").statuses == frozenset({"won", "lost", "withdrawn", "cancelled"})
    assert parse_query("tag=%20Roads%20%20North").tags == frozenset({"roads north"})
    assert parse_query("").empty and parse_query("utm=1").empty
    with pytest.raises(ValueError, match="unreadable"):
        parse_query("&".join(f"k{n}=1" for n in range(100)))


def test_serve_token_file_end_to_end(tenders: Path, tmp_path: Path) -> None:
    token_file = tmp_path / "feed.token"
    env = {**os.environ, "TENDERCTL_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "tenderctl", "serve", "--port", "0", "--tenders", str(tenders), "--token-file", str(token_file)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    try:
        assert process.stderr is not None
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            lines.append(line)
            if line.startswith("Subscribe:") or not line:
                break
        text = "".join(lines)
        token = token_file.read_text().strip()
        assert len(token) >= 32 and stat.S_IMODE(token_file.stat().st_mode) == 0o600
        assert f"wrote a new feed token to {token_file}" in text
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", text).group(1))  # type: ignore[union-attr]
        assert f"webcal://127.0.0.1:{port}/{token}/all.ics" in text
        assert get(port, "/all.ics")[0] == 404
        status, _, index = get(port, f"/{token}/")
        assert status == 200 and f"webcal://127.0.0.1:{port}/{token}/all.ics".encode() in index
    finally:
        process.terminate()
        process.wait(10)
        if process.stderr:
            process.stderr.close()
    # a token file that holds something guessable is refused, in one line, exit 2
    token_file.write_text("short\n")
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert (
        result.returncode == 2 and "--token-file" in result.stderr and "at least 16" in result.stderr and "Traceback" not in result.stderr
    )
