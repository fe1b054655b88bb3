"""The serve loop's HTTP behaviour on loopback: keep-alive, pipelining, bounds, a slow build, a slow log.

Every wait is on a state with a generous deadline, never on a fixed sleep or a wall-time figure.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import tenderctl.calendar.server as server_module
from conftest import write
from tenderctl.calendar.ics import CalendarOptions
from tenderctl.calendar.server import FeedServer, FeedService, make_server, parse_head


def tender_yaml(reference: str) -> str:
    return (
        f"reference: '{reference}'\ntitle: 'A tender'\ntimezone: Europe/Brussels\ntags: [roads]\n"
        "dates:\n  - id: submission\n    kind: submission\n    at: 2025-06-05 15:00\n"
        "  - id: questions\n    kind: questions\n    at: 2025-05-22\n"
    )


@pytest.fixture
def tenders(tmp_path: Path) -> Path:
    folder = tmp_path / "tenders"
    for n in range(5):
        write(folder / f"t{n}.yaml", tender_yaml(f"T-{n}"))
    return folder


def start(service: FeedService, log=None) -> tuple[FeedServer, threading.Thread]:
    server = make_server(service, "127.0.0.1", 0, log)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def stop(server: FeedServer, thread: threading.Thread) -> None:
    server.shutdown()
    server.server_close()
    thread.join(10)
    assert not thread.is_alive()


@pytest.fixture
def served(tenders: Path) -> Iterator[tuple[FeedServer, FeedService]]:
    service = FeedService(tenders, CalendarOptions(), check_interval=60, use_cache=False)
    server, thread = start(service)
    try:
        yield server, service
    finally:
        stop(server, thread)


class Reader:
    """Answers from one connection, in order: (status line, headers, body) each, by Content-Length."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""
        sock.settimeout(30)

    def _more(self) -> None:
        chunk = self.sock.recv(65536)
        assert chunk, self.buffer[:200]
        self.buffer += chunk

    def answer(self, head_only: bool = False) -> tuple[bytes, dict[bytes, bytes], bytes]:
        while b"\r\n\r\n" not in self.buffer:
            self._more()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        status, *lines = head.split(b"\r\n")
        headers = {k.lower(): v for k, v in (line.split(b": ", 1) for line in lines)}
        length = 0 if head_only or status.split()[1] == b"304" else int(headers.get(b"content-length", b"0"))
        while len(self.buffer) < length:
            self._more()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, headers, body


def read_answers(sock: socket.socket, count: int) -> list[tuple[bytes, dict[bytes, bytes], bytes]]:
    reader = Reader(sock)
    return [reader.answer() for _ in range(count)]


def connect(server: FeedServer) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=30)


def closed_by_server(sock: socket.socket, deadline: float = 30) -> bool:
    sock.settimeout(deadline)
    try:
        while sock.recv(65536):
            pass
    except ConnectionResetError:
        return True
    return True


def test_keepalive_and_pipelining_answer_in_order(served) -> None:
    server, service = served
    with connect(server) as sock:
        sock.sendall(
            b"GET /all.ics HTTP/1.1\r\nHost: x\r\n\r\n"
            b"HEAD /T-1.ics HTTP/1.1\r\nHost: x\r\n\r\n"
            b"GET /nope.ics HTTP/1.1\r\nHost: x\r\n\r\n"
            b"GET /T-2.ics HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        reader = Reader(sock)
        status, _headers, body = reader.answer()
        assert status == b"HTTP/1.1 200 OK" and body == service.resources["/all.ics"].body
        status, headers, _ = reader.answer(head_only=True)
        assert status == b"HTTP/1.1 200 OK" and int(headers[b"content-length"]) == len(service.resources["/T-1.ics"].body)
        assert reader.answer()[0] == b"HTTP/1.1 404 Not Found"
        assert reader.answer()[2] == service.resources["/T-2.ics"].body
        sock.sendall(b"GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n")  # still open for more
        status, headers, body = reader.answer()
        assert status == b"HTTP/1.1 200 OK" and body == service.resources["/index.html"].body
        assert b"default-src 'none'" in headers[b"content-security-policy"]


def test_http_10_and_connection_close_end_the_connection(served) -> None:
    server, _service = served
    for request in (b"GET /all.ics HTTP/1.0\r\n\r\n", b"GET /all.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"):
        with connect(server) as sock:
            sock.sendall(request)
            status, headers, body = read_answers(sock, 1)[0]
            assert status.endswith(b"200 OK") and headers[b"connection"] == b"close" and body
            assert closed_by_server(sock)
    with connect(server) as sock:  # HTTP/1.0 that asks for keep-alive keeps it
        sock.sendall(b"GET /all.ics HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /T-0.ics HTTP/1.0\r\n\r\n")
        answers = read_answers(sock, 2)
        assert [a[0] for a in answers] == [b"HTTP/1.1 200 OK"] * 2 and b"connection" not in answers[0][1]


def test_a_request_with_a_body_is_answered_then_closed(served) -> None:
    server, _service = served
    with connect(server) as sock:
        # the "body" is a request line: were it parsed as one, a second answer would come
        sock.sendall(b"POST /all.ics HTTP/1.1\r\nHost: x\r\nContent-Length: 36\r\n\r\nGET /all.ics HTTP/1.1\r\nHost: x\r\n\r\n")
        status, headers, _body = read_answers(sock, 1)[0]
        assert status == b"HTTP/1.1 405 Method Not Allowed" and headers[b"allow"] == b"GET, HEAD"
        rest = b""
        sock.settimeout(30)
        while chunk := sock.recv(65536):
            rest += chunk
        assert rest == b""
    assert parse_head(b"BREW /pot HTTP/1.1\r\n").method == "BREW"
    with connect(server) as sock:
        sock.sendall(b"BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_answers(sock, 1)[0][0] == b"HTTP/1.1 501 Not Implemented"
    with connect(server) as sock:
        sock.sendall(b"GET /all.ics HTTP/1.1\r\nHost: x\r\n folded: value\r\n\r\n")
        assert read_answers(sock, 1)[0][0] == b"HTTP/1.1 400 Bad Request"


def test_connections_are_bounded(served) -> None:
    server, _service = served
    server.max_connections = 20
    held = [connect(server) for _ in range(20)]
    try:
        deadline = time.monotonic() + 30
        while len(server.connections) < 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(server.connections) == 20
        with connect(server) as extra:
            extra.sendall(b"GET /all.ics HTTP/1.1\r\nHost: x\r\n\r\n")
            status, headers, _ = read_answers(extra, 1)[0]
            assert status == b"HTTP/1.1 503 Service Unavailable" and headers[b"retry-after"] == b"5"
        held.pop().close()
        deadline = time.monotonic() + 30
        while len(server.connections) >= 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        with connect(server) as again:
            again.sendall(b"GET /all.ics HTTP/1.1\r\nHost: x\r\n\r\n")
            assert read_answers(again, 1)[0][0] == b"HTTP/1.1 200 OK"
    finally:
        for sock in held:
            sock.close()


def test_idle_and_slow_connections_are_timed_out(served, monkeypatch) -> None:
    server, _service = served
    monkeypatch.setattr(server_module, "IDLE_TIMEOUT", 0.5)
    idle = connect(server)
    slow = connect(server)
    try:
        slow.sendall(b"GET /all.ics HTTP/1.1\r\n")  # a head that never ends
        assert closed_by_server(idle) and closed_by_server(slow)
        deadline = time.monotonic() + 30
        while server.connections and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not server.connections
    finally:
        idle.close()
        slow.close()


def test_a_slow_filtered_build_does_not_hold_up_other_requests(tenders: Path, monkeypatch) -> None:
    service = FeedService(tenders, CalendarOptions(), check_interval=60, use_cache=False)
    release = threading.Event()
    building = threading.Event()
    original = service._build_filtered

    def slow_build(*args, **kwargs):
        building.set()
        assert release.wait(60)
        return original(*args, **kwargs)

    monkeypatch.setattr(service, "_build_filtered", slow_build)
    server, thread = start(service)
    try:
        with connect(server) as waiting, connect(server) as other:
            waiting.sendall(b"GET /all.ics?kind=submission HTTP/1.1\r\nHost: x\r\n\r\n")
            assert building.wait(30)
            other.sendall(b"GET /all.ics HTTP/1.1\r\nHost: x\r\n\r\n")
            assert read_answers(other, 1)[0][2] == service.resources["/all.ics"].body  # answered while the build waits
            release.set()
            status, _headers, body = read_answers(waiting, 1)[0]
            assert status == b"HTTP/1.1 200 OK" and b"CATEGORIES:submission" in body and b"CATEGORIES:questions" not in body
    finally:
        release.set()
        stop(server, thread)


def test_a_stuck_log_never_stops_the_answers(tenders: Path) -> None:
    service = FeedService(tenders, CalendarOptions(), check_interval=60, use_cache=False)
    unblock = threading.Event()
    logged: list[str] = []

    def stuck(line: str) -> None:  # a terminal that does not read (a full pipe)
        unblock.wait(60)
        logged.append(line)

    server, thread = start(service, stuck)
    try:
        for _ in range(50):
            with connect(server) as sock:
                sock.sendall(b"GET /all.ics HTTP/1.1\r\nHost: x\r\n\r\n")
                assert read_answers(sock, 1)[0][0] == b"HTTP/1.1 200 OK"
        unblock.set()
        deadline = time.monotonic() + 30
        while len(logged) < 50 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(logged) == 50 and all(line.startswith('127.0.0.1 "GET /all.ics HTTP/1.1" 200') for line in logged)
    finally:
        unblock.set()
        stop(server, thread)


def test_a_failing_request_costs_its_connection_a_500_not_the_server(served, monkeypatch) -> None:
    server, service = served
    real_get = service.get

    def get(path: str):
        if path == "/T-3.ics":
            raise RuntimeError("a bug on one path")
        return real_get(path)

    monkeypatch.setattr(service, "get", get)
    with connect(server) as sock:
        sock.sendall(b"GET /T-3.ics HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_answers(sock, 1)[0][0] == b"HTTP/1.1 500 Internal Server Error"
    with connect(server) as sock:
        sock.sendall(b"GET /all.ics HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_answers(sock, 1)[0][2] == service.resources["/all.ics"].body


def test_server_close_ends_its_worker_and_log_threads(tenders: Path) -> None:
    """A process that goes on after serving (the test suite; anything forking, as the document
    workers do, which is only safe single-threaded) must not keep the server's threads."""
    service = FeedService(tenders, CalendarOptions(), check_interval=60, use_cache=False)
    logged: list[str] = []
    server, thread = start(service, logged.append)
    with connect(server) as sock:
        sock.sendall(b"GET /all.ics?kind=submission HTTP/1.1\r\nHost: x\r\n\r\n")  # built on the worker thread
        assert read_answers(sock, 1)[0][0] == b"HTTP/1.1 200 OK"
    names = {t.name for t in threading.enumerate()}
    assert {"tenderctl-serve-worker", "tenderctl-serve-log"} <= names
    stop(server, thread)
    deadline = time.monotonic() + 30  # server_close waits a little; a loaded machine may need longer
    while time.monotonic() < deadline and any(t.name.startswith("tenderctl-serve-") for t in threading.enumerate()):
        time.sleep(0.01)
    assert not [t.name for t in threading.enumerate() if t.name.startswith("tenderctl-serve-")]
    assert any('"GET /all.ics?kind=submission HTTP/1.1" 200' in line for line in logged)  # lines waiting were written first
