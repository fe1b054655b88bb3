"""Large bodies go out by ``sendfile`` from a memory file: the right bytes, partial sends, the fallback, the timing hook.

Every wait is on a state with a generous deadline, never on a fixed sleep or a wall-time figure.
"""

from __future__ import annotations

import errno
import gc
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_server_loop import Reader, connect, start, stop, tender_yaml

import tenderctl.calendar.bodyfile as bodyfile
from conftest import write
from tenderctl.calendar.ics import CalendarOptions
from tenderctl.calendar.server import FeedServer, FeedService

BIG_TENDERS = 40
"""An /all.ics of about 60 KB: over the threshold this module sets, and several socket buffers."""


@pytest.fixture
def big(tmp_path: Path, monkeypatch) -> Iterator[tuple[FeedServer, FeedService, list[tuple[int, int]]]]:
    monkeypatch.setattr(bodyfile, "SENDFILE_MIN", 16 * 1024)  # the path of a 1 MB feed, with 40 tenders to build
    folder = tmp_path / "tenders"
    for n in range(BIG_TENDERS):
        write(folder / f"t{n}.yaml", tender_yaml(f"T-{n}"))
    service = FeedService(folder, CalendarOptions(), check_interval=60, use_cache=False)
    server, thread = start(service)
    calls: list[tuple[int, int]] = []
    real = os.sendfile

    def counting(out_fd: int, in_fd: int, offset: int | None, count: int) -> int:
        sent = real(out_fd, in_fd, offset, count)
        calls.append((count, sent))
        return sent

    os.sendfile = counting  # type: ignore[assignment]
    try:
        yield server, service, calls
    finally:
        os.sendfile = real  # type: ignore[assignment]
        stop(server, thread)


def test_a_large_body_goes_by_sendfile_and_arrives_whole(big) -> None:
    server, service, calls = big
    body = service.resources["/all.ics"].body
    assert len(body) >= bodyfile.SENDFILE_MIN
    assert service.resources["/all.ics"].variants[0].file is not None
    assert service.resources["/T-1.ics"].variants[0].file is None  # small: head and body in one sendmsg
    with connect(server) as sock:
        sock.sendall(
            b"GET /all.ics HTTP/1.1\r\nHost: x\r\n\r\nGET /T-1.ics HTTP/1.1\r\nHost: x\r\n\r\nHEAD /all.ics HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        reader = Reader(sock)
        status, headers, got = reader.answer()
        assert status == b"HTTP/1.1 200 OK" and int(headers[b"content-length"]) == len(body) and got == body
        assert reader.answer()[2] == service.resources["/T-1.ics"].body  # the pipelined one after it, in order
        status, headers, _ = reader.answer(head_only=True)
        assert status == b"HTTP/1.1 200 OK" and int(headers[b"content-length"]) == len(body)
    assert calls and sum(sent for _count, sent in calls) == len(body)  # HEAD and the small one sent no file


def test_partial_and_refused_sendfiles_resume_where_they_stopped(big, monkeypatch) -> None:
    """As a full socket buffer makes the kernel do: short sends and EAGAIN, here on every call, in turn."""
    server, service, calls = big
    body = service.resources["/all.ics"].body
    server.timings = []
    counting = os.sendfile
    asked: list[int] = []

    def stingy(out_fd: int, in_fd: int, offset: int | None, count: int) -> int:
        asked.append(count)
        if len(asked) % 3 == 0:
            raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")
        return counting(out_fd, in_fd, offset, min(count, 8192))

    monkeypatch.setattr(os, "sendfile", stingy)
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # a small window too
        sock.settimeout(30)
        sock.connect(("127.0.0.1", server.server_address[1]))
        sock.sendall(b"GET /all.ics HTTP/1.1\r\nHost: x\r\n\r\nGET /T-2.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        received = bytearray()
        while chunk := sock.recv(1024):
            received += chunk
    reader_sock = _Replay(bytes(received))
    reader = Reader(reader_sock)  # type: ignore[arg-type]
    assert reader.answer()[2] == body
    assert reader.answer()[2] == service.resources["/T-2.ics"].body  # the pipelined one, after the whole body
    assert len(calls) >= len(body) // 8192 and sum(sent for _count, sent in calls) == len(body)
    assert asked[0] == len(body) and asked == sorted(asked, reverse=True)  # each call asks for what is left: resumed, never restarted
    (accepted, answered, sends), *_ = server.timings
    assert sends == 1 + len(calls) and 0 <= answered <= accepted  # the head by sendmsg, then each sendfile that sent


class _Replay:
    """A socket stand-in that hands Reader bytes already received."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def settimeout(self, _seconds: float) -> None:
        pass

    def recv(self, size: int) -> bytes:
        chunk, self.data = self.data[:size], self.data[size:]
        return chunk


def test_where_sendfile_cannot_work_the_bytes_are_copied(big, monkeypatch) -> None:
    server, service, _calls = big
    lines: list[str] = []
    monkeypatch.setattr(server, "_log", lines.append)

    def refuse(out_fd: int, in_fd: int, offset: int | None, count: int) -> int:
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(os, "sendfile", refuse)
    body = service.resources["/all.ics"].body
    for _ in range(2):  # the first answer falls back in the middle, the second never tries
        with connect(server) as sock:
            sock.sendall(b"GET /all.ics HTTP/1.1\r\nHost: x\r\n\r\n")
            assert Reader(sock).answer()[2] == body
    assert server.use_sendfile is False
    assert [line for line in lines if "sendfile cannot be used here" in line] == [
        "sendfile cannot be used here (Invalid argument): bodies are copied instead"
    ]


def test_a_client_gone_during_sendfile_costs_one_line(big, monkeypatch) -> None:
    server, _service, _calls = big
    lines: list[str] = []
    monkeypatch.setattr(server, "_log", lines.append)

    def reset(out_fd: int, in_fd: int, offset: int | None, count: int) -> int:
        raise ConnectionResetError(errno.ECONNRESET, "Connection reset by peer")

    monkeypatch.setattr(os, "sendfile", reset)
    with connect(server) as sock:
        sock.sendall(b"GET /all.ics HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.settimeout(30)
        head = sock.recv(65536)
        assert head.startswith(b"HTTP/1.1 200 OK")
        while sock.recv(65536):  # the server closed it
            pass
    deadline = time.monotonic() + 30
    while not any("connection ended" in line for line in lines) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert any("connection ended: Connection reset by peer" in line for line in lines)
    assert server.use_sendfile is True  # a client going away says nothing about sendfile


def test_body_file_holds_the_bytes_and_is_closed_with_its_last_user() -> None:
    assert bodyfile.body_file(b"x" * (bodyfile.SENDFILE_MIN - 1)) is None
    body = os.urandom(bodyfile.SENDFILE_MIN + 12345)
    file = bodyfile.body_file(body)
    assert file is not None and file.size == len(body)
    assert os.pread(file.fd, len(body) + 1, 0) == body
    fd = file.fd
    del file
    gc.collect()
    with pytest.raises(OSError):
        os.fstat(fd)
