"""`serve` and `ics` against hostile clients and signals: every loop bounded in count and time, loopback only."""

from __future__ import annotations

import gzip
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import tenderctl.calendar.server as server_module
from conftest import write
from tenderctl.calendar.ics import CalendarOptions
from tenderctl.calendar.server import FeedService, make_server, printable


def tender_yaml(reference: str, at: str = "2025-06-05 15:00") -> str:
    return (
        f"reference: '{reference}'\ntitle: 'A tender'\ntimezone: Europe/Brussels\n"
        f"dates:\n  - id: submission\n    kind: submission\n    at: {at}\n  - id: questions\n    kind: questions\n    at: 2025-05-22\n"
    )


@pytest.fixture
def tenders(tmp_path: Path) -> Path:
    folder = tmp_path / "tenders"
    for n in range(30):
        write(folder / f"t{n}.yaml", tender_yaml(f"T-{n}"))
    return folder


@pytest.fixture
def served(tenders: Path) -> Iterator[tuple[int, list[str]]]:
    lines: list[str] = []
    service = FeedService(tenders, CalendarOptions(), check_interval=60, use_cache=False)
    server = make_server(service, "127.0.0.1", 0, lines.append)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], lines
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def raw(port: int, data: bytes, timeout: float = 60) -> bytes:
    """The answer to ``data``, read until the server closes (``timeout`` is only a bound for a loaded machine)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
            if b"\r\n\r\n" in b"".join(chunks) and b"Content-Length: 0" in b"".join(chunks):
                break
        return b"".join(chunks)


def get(port: int, path: str = "/all.ics", headers: str = "", timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        extra = dict(line.split(": ", 1) for line in headers.split("\n") if line)
        connection.request("GET", path, headers=extra)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("line", [b"GARBAGE\r\n\r\n", b"GET /\r\n\r\n", b"\x16\x03\x01\x02\x00\x01\r\n\r\n", b"GET / FTP/1.0\r\n\r\n"])
def test_garbage_request_gets_a_400_status_line(served, line: bytes) -> None:
    port, _lines = served
    answer = raw(port, line)
    assert re.match(rb"HTTP/1\.[01] 400 ", answer), answer[:80]


def test_header_size_is_bounded(served) -> None:
    port, _lines = served
    headers = "".join(f"X-Filler-{n}: {'a' * 900}\r\n" for n in range(40))  # 36 KiB: under the stdlib's own caps
    answer = raw(port, f"GET /all.ics HTTP/1.1\r\nHost: x\r\n{headers}\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:80]


def test_gzip_when_asked_with_its_own_etag(served) -> None:
    port, _lines = served
    status, plain_headers, plain = get(port)
    assert status == 200 and "content-encoding" not in plain_headers
    status, headers, body = get(port, headers="Accept-Encoding: gzip, deflate")
    assert status == 200 and headers["content-encoding"] == "gzip" and headers["vary"] == "Accept-Encoding"
    assert gzip.decompress(body) == plain and len(body) < len(plain) / 3
    assert headers["etag"] != plain_headers["etag"]
    assert get(port, headers=f"Accept-Encoding: gzip\nIf-None-Match: {headers['etag']}")[0] == 304
    assert get(port, headers="Accept-Encoding: gzip;q=0")[1].get("content-encoding") is None


def test_client_reset_is_one_log_line_without_traceback(served, capsys) -> None:
    port, lines = served
    for _ in range(5):
        sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        sock.sendall(b"GET /all.ics HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # close = RST
        sock.close()
    assert get(port, timeout=60)[0] == 200
    assert get(port, "/after-the-resets.ics", timeout=60)[0] == 404
    deadline = time.monotonic() + 60  # the log has a thread of its own: wait for the marker's line, not a fixed time
    while not any("after-the-resets" in line for line in lines) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert any("after-the-resets" in line for line in lines)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert all("\n" not in line for line in lines)


def test_log_escapes_control_characters(served) -> None:
    port, lines = served
    raw(port, b"GET /\x1b[2J\x1b]0;owned\x07\xc2\x85 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    deadline = time.monotonic() + 60  # the log has a thread of its own: wait for the line, not a fixed time
    while not any("owned" in line for line in lines) and time.monotonic() < deadline:
        time.sleep(0.01)
    logged = "\n".join(lines)
    assert "\x1b" not in logged and "\x07" not in logged and "\\x1b[2J" in logged
    assert printable("a\u2028b\x85c") == "a\\u2028b\\x85c"


# the same as tests/calendar/calendar_test_support.py's (tests/calendar is not on this module's path)
def burst_get(port: int, requests: list[tuple[str, dict[str, str]]], timeout: float = 60) -> list[tuple[int, dict[str, str], bytes]]:
    """All ``requests`` (path, headers) at once on new connections, from ONE thread (asyncio).

    Not a thread pool: each thread that allocates gets a glibc malloc arena of 64 MB of address
    space, and a pool of 50-200 leaves this process a gigabyte larger for the rest of the run,
    which stops other areas' tests from forking workers (they fork only from a small process).
    Each answer is read until the server closes (``Connection: close``); ``timeout`` is a bound.
    """
    import asyncio  # lazy: only the load tests need it

    async def one(path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            lines = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{lines}\r\n".encode())
            await writer.drain()
            data = await reader.read()
        finally:
            writer.close()
        head, _, body = data.partition(b"\r\n\r\n")
        status_line, *fields = head.decode("latin-1").split("\r\n")
        found = {k.lower(): v for k, v in (f.split(": ", 1) for f in fields)}
        assert len(body) == int(found.get("content-length", len(body))), (path, len(body), found)
        return int(status_line.split()[1]), found, body

    async def run() -> list[tuple[int, dict[str, str], bytes]]:
        async with asyncio.timeout(timeout):
            return list(await asyncio.gather(*(one(path, headers) for path, headers in requests)))

    return asyncio.run(run())


def test_200_concurrent_gets_all_answered(served) -> None:
    """Behaviour, not wall time (the figures are in bench/bench_calendar.py): every one answered, right bytes."""
    port, _lines = served
    _status, headers, full = get(port)
    etag = headers["etag"]

    extras = [{"If-None-Match": etag}, {}, {"Accept-Encoding": "gzip"}]
    answers = burst_get(port, [("/all.ics", extras[n % 3]) for n in range(200)])  # one thread: no 200 malloc arenas
    results = [(status, body, answer_headers.get("content-encoding", "")) for status, answer_headers, body in answers]
    assert [s for s, _, _ in results].count(304) == 67 and [s for s, _, _ in results].count(200) == 133
    for status, body, coding in results:
        if status == 200:
            assert (gzip.decompress(body) if coding == "gzip" else body) == full
        else:
            assert body == b""


def test_idle_keepalive_connections_do_not_stop_new_requests(served, monkeypatch) -> None:
    port, _lines = served
    # opening 1,000 connections can take longer than the 15 s idle bound on a loaded machine:
    # this test is about new requests beside idle ones, not about the idle timeout (test_server_loop.py)
    monkeypatch.setattr(server_module, "IDLE_TIMEOUT", 600.0)
    idle = []
    try:
        for _ in range(1000):
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=30))
        status, _headers, body = get(port, timeout=60)
        assert status == 200 and body.startswith(b"BEGIN:VCALENDAR")
        # and the idle ones are still open and usable
        idle[0].sendall(b"HEAD /all.ics HTTP/1.1\r\nHost: x\r\n\r\n")
        assert idle[0].recv(65536).startswith(b"HTTP/1.1 200 OK")
    finally:
        for sock in idle:
            sock.close()


def _serve(tenders: Path, tmp_path: Path) -> tuple[subprocess.Popen[str], int]:
    env = {**os.environ, "TENDERCTL_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [sys.executable, "-m", "tenderctl", "serve", "--port", "0", "--tenders", str(tenders)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stderr is not None
    deadline = time.monotonic() + 60
    text = ""
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        text += line
        if line.startswith("Subscribe:") or not line:
            break
    found = re.search(r"http://127\.0\.0\.1:(\d+)/", text)
    assert found, text
    return process, int(found.group(1))


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_serve_stops_with_130(tenders: Path, tmp_path: Path, signum: int) -> None:
    process, port = _serve(tenders, tmp_path)
    try:
        assert get(port)[0] == 200
        process.send_signal(signum)
        assert process.wait(20) == 130
        assert process.stderr is not None
        assert "Traceback" not in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
        if process.stderr:
            process.stderr.close()


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp")) if folder.exists() else []


def test_signals_during_ics_leave_no_temporaries(tmp_path: Path) -> None:
    """SIGTERM or SIGINT at staggered moments of `ics -o` and `ics --out-dir`: nothing left behind."""
    tenders = tmp_path / "tenders"
    for n in range(300):
        write(tenders / f"t{n}.yaml", tender_yaml(f"T-{n}"))
    env = {**os.environ, "TENDERCTL_NO_CACHE": "1"}
    left: list[str] = []
    for attempt in range(16):
        out = tmp_path / f"out{attempt}"
        out.mkdir()
        target = ["--out-dir", str(out / "feed")] if attempt % 2 else ["-o", str(out / "all.ics")]
        process = subprocess.Popen(
            [sys.executable, "-m", "tenderctl", "ics", "--tenders", str(tenders), *target, "--as-of", "2025-05-01"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )
        time.sleep(0.4 + 0.08 * attempt)
        signum = signal.SIGTERM if attempt % 4 < 2 else signal.SIGINT
        process.send_signal(signum)
        _out, err = process.communicate(timeout=180)  # a bound: a signal after the write lets the run finish
        assert b"Traceback" not in err
        # 130 when it stopped the run; 0 when it came after the write; -signum before the handler
        # was installed (still importing) or after it was gone (interpreter shutdown)
        assert process.returncode in (0, 130, -signum), err
        left += _temporaries(out) + _temporaries(out / "feed")
    assert left == []


def test_next_run_clears_stale_temporaries(tmp_path: Path, cli) -> None:
    tenders = tmp_path / "tenders"
    write(tenders / "a.yaml", tender_yaml("A-1"))
    feed = tmp_path / "feed"
    feed.mkdir()
    stale = [".all.ics.k2j4h5g6.tmp", ".A-1.ics.abcd_efg.tmp", ".index.html.zzzzzzzz.tmp"]
    foreign = ["notes.tmp", ".all.ics.tmp", ".other.txt.abcdefgh.tmp"]
    for name in stale + foreign:
        (feed / name).write_bytes(b"half")
    result = cli("ics", "--tenders", tenders, "--out-dir", feed, "--json", "--as-of", "2025-05-01")
    assert result.exit_code == 0, result.dump
    assert sorted(p.name for p in feed.iterdir() if p.name.endswith(".tmp")) == sorted(foreign)
    (tmp_path / ".one.ics.abcdefgh.tmp").write_bytes(b"half")
    (tmp_path / ".two.ics.abcdefgh.tmp").write_bytes(b"half")
    assert cli("ics", "--tenders", tenders, "-o", tmp_path / "one.ics", "--as-of", "2025-05-01").exit_code == 0
    assert not (tmp_path / ".one.ics.abcdefgh.tmp").exists() and (tmp_path / ".two.ics.abcdefgh.tmp").exists()
