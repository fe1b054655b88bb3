"""The HTTP server of the feeds: one thread, a ``selectors`` loop, answers of precomputed bytes.

``/``, ``/index.html``, ``/all.ics`` and one ``/<stem>.ics`` per tender: nothing on disk is
reachable by a URL, so there is no path to traverse. Every resource carries its response
heads (identity and gzip, 200 and 304) made once per change of its bytes
(:class:`tenderctl.calendar.service.Resource`), so a request costs a parse of its head, a
dictionary look-up and one ``sendmsg`` (a large body goes by ``sendfile`` from a memory
file, :mod:`tenderctl.calendar.bodyfile`): no thread per connection, no building, no
compression. Work that can take long (the first build of a filtered feed) runs on a worker
thread while the loop goes on answering the others; request logging goes through a bounded
queue to a thread of its own, so a slow terminal never stalls the loop. Why this and not
the standard library's ``ThreadingHTTPServer``: see docs/calendar.md, "Under load".
"""

from __future__ import annotations

import errno
import os
import queue
import selectors
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from email.utils import formatdate
from typing import Any

from tenderctl.calendar.bodyfile import BodyFile
from tenderctl.calendar.httphead import MAX_HEADER_BYTES as MAX_HEADER_BYTES
from tenderctl.calendar.httphead import MAX_REQUEST_LINE, Refused, Request, accepts_gzip, head_end, not_modified, parse_head, split_target
from tenderctl.calendar.httphead import printable as printable
from tenderctl.calendar.service import FeedService as FeedService
from tenderctl.calendar.service import Resource
from tenderctl.calendar.subscribe import FeedQuery, parse_query, strip_token

MAX_CONNECTIONS = 2048
"""Open connections at once; one more is answered 503 and closed."""
IDLE_TIMEOUT = 15.0
"""Seconds an idle keep-alive connection may stay open, and a request head may take to arrive."""
LINGER_TIMEOUT = 2.0
"""Seconds a closing connection is read (and discarded) so the client gets the answer, not a reset."""
BACKLOG = 1024
"""The listen queue (the stdlib's default of 5 made bursts wait for SYN retries: 1 s, 3 s, 7 s...)."""
ACCEPT_BATCH = 128
CLOSE_WAIT = 2.0
"""Seconds server_close waits for the worker and log threads to end."""
MSG_MORE = getattr(socket, "MSG_MORE", 0)
"""Linux: hold a head back until the body sent by ``sendfile`` joins it in the same segments."""
_NO_SENDFILE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSOCK, errno.EOVERFLOW}
"""``sendfile`` errors that say the call cannot work here (not that the client went away)."""
LOG_QUEUE = 10_000
"""Log lines waiting for the terminal; past this they are counted and dropped, never waited for."""

_KNOWN_METHODS = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"}
_REASONS = {
    200: "OK",
    304: "Not Modified",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    414: "URI Too Long",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
    501: "Not Implemented",
    503: "Service Unavailable",
}
REFUSED = b"HTTP/1.1 503 Service Unavailable\r\nServer: tenderctl\r\nRetry-After: 5\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
INTERNAL_ERROR = b"HTTP/1.1 500 Internal Server Error\r\nServer: tenderctl\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
NOT_FOUND = "not found: this server only serves /, /all.ics and one /<tender>.ics per tender\n"


class Span:
    """Part of a body still to go out by ``sendfile`` from its memory file (``body`` for a fallback)."""

    __slots__ = ("body", "end", "file", "offset")

    def __init__(self, file: BodyFile, body: bytes) -> None:
        self.file = file
        self.body = body
        self.offset = 0
        self.end = file.size


class Connection:
    __slots__ = ("accepted", "busy", "closing", "deadline", "events", "host", "inbuf", "out", "sends", "sock", "started")

    def __init__(self, sock: socket.socket, host: str, now: float) -> None:
        self.sock = sock
        self.host = host
        self.inbuf = bytearray()
        self.out: deque[memoryview | Span] = deque()
        self.deadline = now + IDLE_TIMEOUT
        self.accepted = now
        self.started = now
        """When the head of the request being answered was complete (kept only for ``timings``)."""
        self.sends = 0
        """Send calls of the answer going out, counted only for ``timings``."""
        self.events = selectors.EVENT_READ
        """What the selector watches for it (0: not registered)."""
        self.busy = False
        """Waiting for the worker: not read, not timed out."""
        self.closing = False
        """The last answer is queued: once sent, the write side is shut and input drained until EOF."""


class FeedServer:
    """The loop: accept, read heads, answer from precomputed bytes, time out idle connections.

    Same surface as socketserver's servers: ``server_address``, ``serve_forever()`` (in any
    thread), ``shutdown()`` (from another thread), ``server_close()``.
    """

    def __init__(self, service: FeedService, host: str, port: int, log: Callable[[str], None] | None) -> None:
        self.service = service
        self.max_connections = MAX_CONNECTIONS
        family, kind, proto, _name, address = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
        self.socket = socket.socket(family, kind, proto)
        try:
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.socket.bind(address)
            self.socket.listen(BACKLOG)
            self.socket.setblocking(False)
        except OSError:
            self.socket.close()
            raise
        self.server_address: tuple[Any, ...] = self.socket.getsockname()
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.socket, selectors.EVENT_READ, None)
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self.selector.register(self._wake_r, selectors.EVENT_READ, self._wake_r)
        self.connections: set[Connection] = set()
        self._stop = False
        self._running = threading.Event()
        self._stopped = threading.Event()
        self._done: deque[tuple[Connection, Request, Resource | None]] = deque()
        self._work: queue.SimpleQueue[tuple[Connection, Request, FeedQuery, str] | None] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self._accept_paused_until = 0.0
        self._date_second = -1
        self._date = b""
        self.use_sendfile = True
        """Large bodies by ``sendfile`` (off after a ``sendfile`` error that says it cannot work here)."""
        self.timings: list[tuple[float, float, int]] | None = None
        """When a list (bench/calendar_load.py sets one): per answer fully handed to the kernel, the
        seconds since its connection was accepted, since its request head was complete, and the
        number of send calls it took. Off (None) in `tenderctl serve`."""
        self.log_queue: queue.Queue[str | None] | None = None
        self.dropped_log_lines = 0
        self._log_thread: threading.Thread | None = None
        if log is not None:
            self.log_queue = queue.Queue(LOG_QUEUE)
            self._log_thread = threading.Thread(target=self._logger, args=(log,), name="tenderctl-serve-log", daemon=True)
            self._log_thread.start()

    # --- the surface of socketserver ---------------------------------------------------

    def serve_forever(self, poll_interval: float = 1.0) -> None:
        self._stop = False
        self._stopped.clear()
        self._running.set()
        next_sweep = time.monotonic() + 1.0
        try:
            while not self._stop:
                for key, mask in self.selector.select(min(poll_interval, 1.0)):
                    if key.data is None:
                        self._accept()
                    elif key.data is self._wake_r:
                        self._woken()
                    else:
                        self._guarded(key.data, self._ready, mask)
                now = time.monotonic()
                if now >= next_sweep:
                    self._sweep(now)
                    next_sweep = now + 1.0
        finally:
            self._running.clear()
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop serve_forever (called from another thread) and wait until it has returned."""
        self._stop = True
        self._wake()
        if self._running.is_set():
            self._stopped.wait()

    def server_close(self) -> None:
        """Close every connection and the socket, and end the worker and log threads.

        The threads are waited for a little (``CLOSE_WAIT``), never for long: a log stuck on a
        terminal that does not read stays behind as a daemon thread rather than hold up the exit.
        Ending them matters to whoever runs on in this process (a later fork, as the document
        workers do, is only safe from a single-threaded process).
        """
        for connection in list(self.connections):
            self._close(connection)
        if self._worker is not None:
            self._work.put(None)
        if self.log_queue is not None:
            try:
                self.log_queue.put(None, timeout=CLOSE_WAIT)  # after the lines still waiting
            except queue.Full:
                pass
        for thread in (self._worker, self._log_thread):
            if thread is not None:
                thread.join(CLOSE_WAIT)
        for sock in (self.socket, self._wake_r, self._wake_w):
            sock.close()
        self.selector.close()

    # --- the loop ----------------------------------------------------------------------

    def _wake(self) -> None:
        try:
            self._wake_w.send(b"\0")
        except OSError:
            pass  # already awake (a full pipe) or closed

    def _woken(self) -> None:
        try:
            while self._wake_r.recv(4096):
                pass
        except OSError:
            pass
        while self._done:
            connection, request, resource = self._done.popleft()
            if connection in self.connections:
                connection.busy = False
                self._guarded(connection, self._finish, request, resource)

    def _finish(self, connection: Connection, request: Request, resource: Resource | None) -> None:
        self._answer_resource(connection, request, resource)
        self._after_answer(connection)
        self._process(connection)  # requests it pipelined meanwhile

    def _guarded(self, connection: Connection, step: Callable[..., None], *args: Any) -> None:
        """Run one connection's step; a bug it meets costs that connection a 500, never the loop."""
        try:
            step(connection, *args)
        except Exception as exc:  # one request's failure must not stop the feed for every subscriber
            self._log(f"{connection.host} internal error, connection closed: {printable(f'{type(exc).__name__}: {exc}')}")
            if connection in self.connections and not connection.out:
                try:
                    connection.sock.send(INTERNAL_ERROR)
                except OSError:
                    pass
            self._close(connection)

    def _accept(self) -> None:
        now = time.monotonic()
        if now < self._accept_paused_until:
            return
        for _ in range(ACCEPT_BATCH):
            try:
                sock, address = self.socket.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:  # out of descriptors (EMFILE, ENFILE) or memory: back off, keep serving
                self._log(f"cannot accept a connection: {exc.strerror or exc}")
                self._accept_paused_until = now + 0.1
                self.selector.unregister(self.socket)
                return
            if len(self.connections) >= self.max_connections:
                try:
                    sock.send(REFUSED)
                except OSError:
                    pass
                sock.close()
                continue
            sock.setblocking(False)
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass
            host = str(address[0]) if isinstance(address, tuple) else str(address)
            connection = Connection(sock, host, now)
            self.connections.add(connection)
            self.selector.register(sock, selectors.EVENT_READ, connection)

    def _sweep(self, now: float) -> None:
        if self._accept_paused_until and now >= self._accept_paused_until:
            self._accept_paused_until = 0.0
            self.selector.register(self.socket, selectors.EVENT_READ, None)
        for connection in [c for c in self.connections if not c.busy and c.deadline <= now]:
            if connection.inbuf and not connection.closing:
                self._log(f"{connection.host} connection ended: timed out before the request was complete")
            self._close(connection)

    def _ready(self, connection: Connection, mask: int) -> None:
        if mask & selectors.EVENT_WRITE:
            if self._flush(connection):
                self._sent(connection)
                self._process(connection)
            return
        try:
            data = connection.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as exc:
            self._ended(connection, exc)
            return
        if not data:
            self._close(connection)
            return
        if connection.closing:
            return  # draining what a closing client still sends
        if not connection.inbuf:
            connection.deadline = time.monotonic() + IDLE_TIMEOUT  # a head must be complete this long after its first byte
        connection.inbuf += data
        self._process(connection)

    def _process(self, connection: Connection) -> None:
        """Answer the complete requests in the buffer, one at a time (an answer still going out waits)."""
        while connection.inbuf and not connection.out and not connection.busy and not connection.closing:
            if connection.inbuf[0] in (13, 10):
                stripped = connection.inbuf.lstrip(b"\r\n")  # RFC 9112 2.2: blank lines before a request line
                del connection.inbuf[: len(connection.inbuf) - len(stripped)]
                continue
            length, taken = head_end(connection.inbuf)
            if length < 0:
                newline = connection.inbuf.find(b"\n")
                if (newline < 0 and len(connection.inbuf) > MAX_REQUEST_LINE) or newline > MAX_REQUEST_LINE:
                    self._refuse(connection, Refused(414, "request line too long\n"), "-")
                elif len(connection.inbuf) > MAX_REQUEST_LINE + MAX_HEADER_BYTES:
                    self._refuse(connection, Refused(431, "request header fields too large\n"), "-")
                return
            head = bytes(connection.inbuf[:length])
            del connection.inbuf[:taken]
            if self.timings is not None:
                connection.started, connection.sends = time.monotonic(), 0
            try:
                request = parse_head(head)
            except Refused as refused:
                self._refuse(connection, refused, head.split(b"\n", 1)[0].rstrip(b"\r").decode("iso-8859-1"))
                return
            self._handle(connection, request)
            self._after_answer(connection)

    def _after_answer(self, connection: Connection) -> None:
        if connection.busy:
            self._set_events(connection, 0)
            return
        if not connection.out:
            self._sent(connection)

    def _handle(self, connection: Connection, request: Request) -> None:
        method = request.method
        if method not in ("GET", "HEAD"):
            status = 405 if method in _KNOWN_METHODS else 501
            text = "method not allowed: this feed is read-only\n" if status == 405 else "not implemented: this feed answers GET and HEAD\n"
            self._plain(connection, request, status, text, {"Allow": "GET, HEAD"})
            return
        service = self.service
        raw_path, query = split_target(request.target)
        path = strip_token(raw_path, service.token)
        if path is None:  # the same answer for a wrong token as for a path that does not exist
            self._plain(connection, request, 404, NOT_FOUND)
            return
        try:
            wanted = parse_query(query)
        except ValueError as exc:
            self._plain(connection, request, 400, f"bad query: {exc}\n")
            return
        resource = service.get(path)
        if resource is not None and not wanted.empty:
            filtered = service.cached_filtered(path, wanted)
            if filtered is None:  # built once per change of the feed: on the worker, the loop goes on
                connection.busy = True
                self._submit(connection, request, wanted, path)
                return
            resource = filtered
        self._answer_resource(connection, request, resource)

    def _submit(self, connection: Connection, request: Request, wanted: FeedQuery, path: str) -> None:
        if self._worker is None:
            self._worker = threading.Thread(target=self._work_loop, name="tenderctl-serve-worker", daemon=True)
            self._worker.start()
        self._work.put((connection, request, wanted, path))

    def _work_loop(self) -> None:
        while True:
            item = self._work.get()
            if item is None:
                return
            connection, request, wanted, path = item
            try:
                resource = self.service.get_filtered(path, wanted)
            except Exception as exc:  # one failed build must not stop the worker
                self._log(f"building {printable(path)}?{printable(wanted.key())} failed: {exc}")
                resource = None
            self._done.append((connection, request, resource))
            self._wake()

    def _answer_resource(self, connection: Connection, request: Request, resource: Resource | None) -> None:
        if resource is None:
            self._plain(connection, request, 404, NOT_FOUND)
            return
        variant = resource.variants[1 if resource.gzipped and accepts_gzip(request.headers.get("accept-encoding")) else 0]
        if not_modified(request.headers, resource.last_modified, variant.etag):
            self._send(connection, request, 304, variant.head_304, b"")
        elif request.method == "HEAD":
            self._send(connection, request, 200, variant.head_200, b"")
        else:
            self._send(connection, request, 200, variant.head_200, variant.body, variant.file)

    def _plain(self, connection: Connection, request: Request | None, status: int, text: str, extra: dict[str, str] | None = None) -> None:
        body = text.encode()
        head = f"HTTP/1.1 {status} {_REASONS[status]}\r\nServer: tenderctl\r\nContent-Type: text/plain; charset=utf-8\r\n"
        head += f"Content-Length: {len(body)}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in (extra or {}).items())
        head_only = request is not None and request.method == "HEAD"
        self._send(connection, request, status, head.encode(), b"" if head_only else body)

    def _refuse(self, connection: Connection, refused: Refused, line: str) -> None:
        connection.inbuf.clear()
        self._plain(connection, Request(line, "-", "-", {}, True), refused.status, refused.text)
        self._after_answer(connection)

    def _send(
        self, connection: Connection, request: Request | None, status: int, head: bytes, body: bytes, file: BodyFile | None = None
    ) -> None:
        close = request is None or request.close or self._stop
        second = int(time.time())
        if second != self._date_second:
            self._date_second, self._date = second, f"Date: {formatdate(second, usegmt=True)}\r\n".encode()
        tail = b"Connection: close\r\n\r\n" if close else b"\r\n"
        connection.out.append(memoryview(head + self._date + tail))
        if file is not None and self.use_sendfile:
            connection.out.append(Span(file, body))
        elif body:
            connection.out.append(memoryview(body))
        connection.closing = close
        if self.log_queue is not None and request is not None:
            self._log_request(connection, request, status)
        self._flush(connection)

    def _log_request(self, connection: Connection, request: Request, status: int) -> None:
        line = f'{connection.host} "{request.line}" {status} -'
        token = self.service.token
        if token:
            line = line.replace(token, "<token>")  # the log must not hand out the secret
        self._log(printable(line))

    def _flush(self, connection: Connection) -> bool:
        """Send what is queued; True when all of it is out (else the selector waits for room)."""
        out = connection.out
        while out:
            first = out[0]
            try:
                if isinstance(first, Span):
                    sent = self._sendfile(connection, first)
                else:
                    views: list[memoryview] = []
                    for item in out:
                        if isinstance(item, Span) or len(views) == 8:
                            break
                        views.append(item)
                    sent = connection.sock.sendmsg(views, (), MSG_MORE if len(views) < len(out) else 0)
            except (BlockingIOError, InterruptedError):
                self._set_events(connection, selectors.EVENT_WRITE)
                return False
            except OSError as exc:
                self._ended(connection, exc)
                return False
            connection.sends += 1
            connection.deadline = time.monotonic() + IDLE_TIMEOUT
            while sent and out:
                first = out[0]
                if isinstance(first, Span):
                    first.offset += sent
                    if first.offset >= first.end:
                        out.popleft()
                    break
                if sent >= len(first):
                    sent -= len(first)
                    out.popleft()
                else:
                    out[0] = first[sent:]
                    sent = 0
        if self.timings is not None and connection in self.connections:
            now = time.monotonic()
            self.timings.append((now - connection.accepted, now - connection.started, connection.sends))
        return connection in self.connections

    def _sendfile(self, connection: Connection, span: Span) -> int:
        """``sendfile`` of the span's next part; where the call cannot work, its bytes by ``sendmsg`` from then on."""
        try:
            sent = os.sendfile(connection.sock.fileno(), span.file.fd, span.offset, span.end - span.offset)
        except OSError as exc:
            if exc.errno not in _NO_SENDFILE:
                raise
            self.use_sendfile = False
            self._log(f"sendfile cannot be used here ({exc.strerror or exc}): bodies are copied instead")
            connection.out[0] = memoryview(span.body)[span.offset : span.end]
            return 0
        if sent == 0:  # the file ended before its size: never for a memfd written once, but never a busy loop
            raise OSError(errno.EIO, "the body's memory file ended early")
        return sent

    def _sent(self, connection: Connection) -> None:
        """The answer is out: wait for the next request, or shut the write side and drain until EOF."""
        if connection not in self.connections:
            return
        now = time.monotonic()
        if connection.closing:
            try:
                connection.sock.shutdown(socket.SHUT_WR)
            except OSError:
                self._close(connection)
                return
            connection.inbuf.clear()
            connection.deadline = now + LINGER_TIMEOUT
        elif not connection.inbuf:
            connection.deadline = now + IDLE_TIMEOUT
        self._set_events(connection, selectors.EVENT_READ)

    def _set_events(self, connection: Connection, events: int) -> None:
        if connection not in self.connections or connection.events == events:
            return
        try:
            if events == 0:
                self.selector.unregister(connection.sock)
            elif connection.events == 0:
                self.selector.register(connection.sock, events, connection)
            else:
                self.selector.modify(connection.sock, events, connection)
        except (KeyError, ValueError, OSError):
            self._close(connection)
            return
        connection.events = events

    def _ended(self, connection: Connection, exc: OSError) -> None:
        """One line, never a traceback: a client that resets or drops the connection is routine."""
        reason = exc.strerror if exc.strerror else (str(exc) or type(exc).__name__)
        self._log(f"{connection.host} connection ended: {printable(reason)}")
        self._close(connection)

    def _close(self, connection: Connection) -> None:
        if connection not in self.connections:
            return
        self.connections.discard(connection)
        if connection.events:
            try:
                self.selector.unregister(connection.sock)
            except (KeyError, ValueError):
                pass
        connection.out.clear()
        connection.sock.close()

    # --- the log -----------------------------------------------------------------------

    def _log(self, line: str) -> None:
        if self.log_queue is None:
            return
        try:
            self.log_queue.put_nowait(line)
        except queue.Full:
            self.dropped_log_lines += 1

    def _logger(self, log: Callable[[str], None]) -> None:
        assert self.log_queue is not None
        reported = 0
        while True:
            line = self.log_queue.get()
            if line is None:  # server_close
                return
            log(line)
            if self.dropped_log_lines != reported:
                log(f"{self.dropped_log_lines - reported} log lines dropped: the terminal did not keep up")
                reported = self.dropped_log_lines


def make_server(
    service: FeedService,
    host: str = "127.0.0.1",
    port: int = 8765,
    log: Callable[[str], None] | None = None,
) -> FeedServer:
    """An HTTP server for ``service``: GET and HEAD on the known paths, nothing else."""
    return FeedServer(service, host, port, log)
