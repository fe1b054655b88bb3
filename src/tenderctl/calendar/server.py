"""The HTTP server of the feeds: a fixed set of URL paths mapped to bodies held in memory.

``/``, ``/index.html``, ``/all.ics`` and one ``/<stem>.ics`` per tender: nothing on disk is
reachable by a URL, so there is no path to traverse.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tenderctl.calendar.feed import ALL_NAME, INDEX_NAME, FeedBuilder
from tenderctl.calendar.ics import CalendarOptions, Published, RenderedTender
from tenderctl.calendar.revisions import RevisionState, revisions
from tenderctl.calendar.store import RenderStore, load_known
from tenderctl.calendar.subscribe import FeedQuery, parse_query, strip_token
from tenderctl.errors import TenderctlError

ICS_TYPE = "text/calendar; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Resource:
    body: bytes
    etag: str
    last_modified: int
    content_type: str
    gzipped: bytes = b""
    """The body gzip-compressed (made once per change of the body), for clients that accept it."""

    @property
    def gzip_etag(self) -> str:
        """A representation of its own needs a strong ETag of its own (RFC 9110 8.8.3)."""
        return self.etag[:-1] + '-gzip"'


def strong_etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


class FeedService:
    """The feeds of a tenders folder, kept current: rescanned at most every ``check_interval`` s.

    A rescan stats the tender files; only when a signature changed are the files loaded
    again, and then only changed tenders are rendered. When a rescan proves slow (a big
    folder: 10,000 files take ~0.1 s), later ones run in a background thread and requests
    keep getting the current feed instead of waiting. Last-Modified of a resource moves
    only forward, and only when its bytes changed. A failed regeneration keeps serving
    the last good feed and says why in ``problems``.
    """

    SLOW_SCAN = 0.02
    """Seconds: a rescan slower than this moves off the request path."""

    def __init__(
        self,
        root: Path,
        options: CalendarOptions,
        *,
        base_url: str | None = None,
        check_interval: float = 1.0,
        clock: Callable[[], float] = time.time,
        use_cache: bool = True,
        report: Callable[[list[str]], None] | None = None,
        token: str | None = None,
    ) -> None:
        self.root = root
        self.token = token
        """The secret first path segment every URL must carry (see :mod:`tenderctl.calendar.subscribe`)."""
        self.filtered: dict[tuple[int, str, str], Resource] = {}
        self.filter_lock = threading.Lock()
        self.kind_builders: dict[frozenset[str], FeedBuilder] = {}
        self.tenders: list[Any] = []
        self.moment = datetime.fromtimestamp(clock(), UTC)
        self.state: RevisionState | None = None
        self.report = report
        self.store = RenderStore(None)
        self.builder = FeedBuilder(options, base_url, store=self.store)
        self.check_interval = check_interval
        self.clock = clock
        self.use_cache = use_cache
        self.lock = threading.Lock()
        self.resources: dict[str, Resource] = {}
        self.signature: tuple[Any, ...] | None = None
        self.checked = float("-inf")
        self.generation = 0
        self.problems: list[str] = []
        self.published: dict[str, Published] = {}
        self.slow = False
        self.background: threading.Thread | None = None
        self.served: dict[str, tuple[str, RenderedTender]] = {}
        """Reference -> (key, rendering) of the last feed: kept for a reference two files claim."""
        self.refresh(force=True)

    def _scan(self) -> tuple[Any, ...]:
        from tenderctl.tenders.loader import discover

        files, _ = discover([self.root])
        out = []
        for path, display in files:
            try:
                info = os.lstat(path)
            except OSError:
                continue
            out.append((display, info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns))
        return tuple(out)

    def refresh(self, force: bool = False) -> bool:
        """Regenerate when a tender file changed; True when the feed was rebuilt.

        The check interval runs on the monotonic clock; the wall clock (which can jump)
        only dates the resources.
        """
        if not force and time.monotonic() - self.checked < self.check_interval:
            return False
        with self.lock:
            if not force and time.monotonic() - self.checked < self.check_interval:
                return False
            started = time.monotonic()
            signature = self._scan()
            self.checked = time.monotonic()
            self.slow = self.checked - started > self.SLOW_SCAN
            if not force and signature == self.signature:
                return False
            now = self.clock()
            try:
                with revisions(self.root) as state:
                    result = load_known([self.root], self.store, use_cache=self.use_cache)
                    moment = datetime.fromtimestamp(now, UTC)
                    conflicts = duplicate_references(result.problems)
                    pinned = {ref: self.served[ref] for ref in conflicts if ref in self.served}
                    feed = self.builder.build(result.tenders, moment, lambda _name: self.published, pinned=pinned, state=state)
            except (TenderctlError, OSError) as exc:
                if force and not self.resources:
                    raise
                self._problems([f"regeneration failed, still serving the previous feed: {exc}"])
                return False  # the signature stays old, so the next check tries again
            notes = [
                f"{reference}: two tender files claim this reference; still serving the version served before"
                for reference in sorted(pinned)
            ]
            self._problems([str(p) for p in result.errors] + notes + ([state.problem] if state.problem else []))
            self.served = {r.reference: (key, r) for _name, key, r in self.builder.last}
            self.tenders, self.moment, self.state = list(result.tenders), moment, state
            self.published = feed.published
            stamp = int(now)
            fresh: dict[str, Resource] = {}
            for name, body in feed.files.items():
                etag = strong_etag(body)
                old = self.resources.get("/" + name)
                if old is not None and old.etag == etag:
                    fresh["/" + name] = old
                    continue
                # Never backwards, and strictly later when the bytes changed (1 s resolution).
                last = stamp if old is None else max(stamp, old.last_modified + 1)
                kind = HTML_TYPE if name.endswith(".html") else ICS_TYPE
                fresh["/" + name] = Resource(body, etag, last, kind, gzip.compress(body, compresslevel=6, mtime=0))
            fresh["/"] = fresh["/" + INDEX_NAME]
            self.resources = fresh
            self.signature = signature
            self.generation += 1
            return True

    def _problems(self, problems: list[str]) -> None:
        if problems != self.problems and self.report is not None and problems:
            self.report(problems)
        self.problems = problems

    MAX_FILTERED = 256
    """Filtered feeds kept per generation (each distinct query once); more are rebuilt on demand."""
    MAX_KIND_BUILDERS = 16

    def get_filtered(self, path: str, query: FeedQuery) -> Resource | None:
        """A per-subscriber feed: ``/all.ics`` or one tender's calendar narrowed by ``query``.

        Status and tag filters pick whole tenders; a kind filter renders with those kinds
        (cached per set of kinds, so a popular filter is rendered once per change). The
        revisions are the main feed's: the same event has the same SEQUENCE and stamps in
        every feed it appears in. The index is not filtered.
        """
        base = self.get(path)
        if base is None or query.empty or base.content_type != ICS_TYPE:
            return base
        key = (self.generation, path, query.key())
        cached = self.filtered.get(key)  # the common case, without the lock (a dict read is atomic)
        if cached is not None:
            return cached
        with self.filter_lock:
            key = (self.generation, path, query.key())
            cached = self.filtered.get(key)
            if cached is not None:
                return cached
            resource = self._build_filtered(path, query, base)
            if len(self.filtered) >= self.MAX_FILTERED or any(k[0] != self.generation for k in self.filtered):
                self.filtered = {k: v for k, v in self.filtered.items() if k[0] == self.generation}
                if len(self.filtered) >= self.MAX_FILTERED:
                    self.filtered.pop(next(iter(self.filtered)))
            self.filtered[key] = resource
            return resource

    def _build_filtered(self, path: str, query: FeedQuery, base: Resource) -> Resource:
        from tenderctl.calendar.ics import tender_calendar_name, wrap_bytes, zones_of
        from tenderctl.calendar.subscribe import normalise_tag

        entries = [(name, rendered) for name, _key, rendered in self.builder.last]
        if path != "/" + ALL_NAME:
            entries = [(name, r) for name, r in entries if "/" + name == path]
        if query.statuses is not None:  # (a --status of the server already left the others empty)
            entries = [(n, r) for n, r in entries if r.status in query.statuses]
        if query.tags is not None:
            entries = [(n, r) for n, r in entries if query.tags & {normalise_tag(t) for t in r.tags}]
        chosen = [r for _, r in entries]
        if query.kinds is not None:
            kinds = query.kinds if self.builder.options.kinds is None else query.kinds & self.builder.options.kinds
            builder = self.kind_builders.get(kinds)
            if builder is None:
                if len(self.kind_builders) >= self.MAX_KIND_BUILDERS:
                    self.kind_builders.pop(next(iter(self.kind_builders)))
                builder = FeedBuilder(replace(self.builder.options, kinds=kinds), self.builder.base_url, store=self.store)
                self.kind_builders[kinds] = builder
            wanted = {r.reference for r in chosen}
            loaded = [t for t in self.tenders if t.reference in wanted]
            chosen = [r for _, _, r in builder.render_all(loaded, self.moment, state=self.state)]
        if path == "/" + ALL_NAME:
            name = self.builder.options.name
        else:
            name = tender_calendar_name(chosen[0].reference, chosen[0].title) if chosen else self.builder.options.name
        source = f"{self.builder.base_url}{path.lstrip('/')}?{query.key()}" if self.builder.base_url else None
        body = wrap_bytes((r.data for r in chosen), name, self.builder.options.refresh, source=source, zones=zones_of(chosen))
        return Resource(body, strong_etag(body), base.last_modified, ICS_TYPE, gzip.compress(body, compresslevel=6, mtime=0))

    def get(self, path: str) -> Resource | None:
        if time.monotonic() - self.checked >= self.check_interval:
            if not self.slow:
                self.refresh()
            elif self.background is None or not self.background.is_alive():
                self.background = threading.Thread(target=self.refresh, name="tenderctl-feed-refresh", daemon=True)
                self.background.start()
        return self.resources.get(path)


_DUPLICATE = re.compile(r"duplicate reference ('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"), also in ")


def duplicate_references(problems: list[Any]) -> set[str]:
    """References two tender files claim, from the loader's problems.

    Read from the problem messages of :func:`tenderctl.tenders.loader.drop_duplicate_references`
    (the loader's result has no field for them yet); the reference is the message's repr().
    """
    import ast

    found = set()
    for problem in problems:
        if getattr(problem, "field", None) != "reference":
            continue
        match = _DUPLICATE.search(str(getattr(problem, "message", "")))
        if match:
            try:
                found.add(str(ast.literal_eval(match.group(1))))
            except (ValueError, SyntaxError):
                continue
    return found


def _not_modified(headers: Any, resource: Resource, etag: str) -> bool:
    """RFC 9110 13.1.2/13.1.3: If-None-Match (weak comparison) wins over If-Modified-Since."""
    match = headers.get("If-None-Match")
    if match is not None:
        tags = [t.strip() for t in match.split(",")]
        return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)
    since = headers.get("If-Modified-Since")
    if since:
        try:
            moment = parsedate_to_datetime(since)
        except (TypeError, ValueError, IndexError):
            return False
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return resource.last_modified <= int(moment.timestamp())
    return False


_UNPRINTABLE = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]} | {0x2028: "\\u2028", 0x2029: "\\u2029"}
MAX_HEADER_BYTES = 16 * 1024
"""Request headers beyond this (all lines together) get 431: a calendar client sends well under 2 KiB."""
MAX_CONNECTIONS = 2048
"""Open connections at once (a thread each); one more is answered 503 and closed."""
IDLE_TIMEOUT = 15.0
"""Seconds an idle keep-alive connection (or a slow request) may hold its thread."""
BACKLOG = 1024
"""The listen queue (the stdlib's default of 5 made bursts wait for SYN retries: 1 s, 3 s, 7 s...)."""


def printable(text: str) -> str:
    """A log-safe form of a client's text: control, C1 and line-separator characters as \\xNN escapes."""
    return text.translate(_UNPRINTABLE)


def accepts_gzip(header: str | None) -> bool:
    """True when ``Accept-Encoding`` names gzip (or ``*``) with a non-zero q."""
    if not header:
        return False
    for part in header.split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() not in ("gzip", "x-gzip", "*"):
            continue
        q = params.strip().lower()
        if q.startswith("q="):
            try:
                return float(q[2:]) > 0
            except ValueError:
                return False
        return True
    return False


class FeedServer(ThreadingHTTPServer):
    """ThreadingHTTPServer with a deep listen queue, a bound on connections, and one log line per failed connection."""

    request_queue_size = BACKLOG
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], log: Callable[[str], None] | None) -> None:
        self.log = log
        self.max_connections = MAX_CONNECTIONS
        self.active = 0
        self.active_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.active_lock:
            full = self.active >= self.max_connections
            if not full:
                self.active += 1
        if full:
            try:
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            with self.active_lock:
                self.active -= 1
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self.active_lock:
                self.active -= 1

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line, never a traceback: a client that resets or drops the connection is routine."""
        import sys

        exc = sys.exc_info()[1]
        if self.log is not None:
            host = client_address[0] if isinstance(client_address, tuple) else str(client_address)
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else (str(exc) or type(exc).__name__)
            self.log(f"{host} connection ended: {printable(reason)}")


def make_server(
    service: FeedService,
    host: str = "127.0.0.1",
    port: int = 8765,
    log: Callable[[str], None] | None = None,
) -> FeedServer:
    """A threaded HTTP server for ``service``: GET and HEAD on the known paths, nothing else."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        default_request_version = "HTTP/1.0"  # so an error answer always has a status line
        timeout = IDLE_TIMEOUT
        disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms delayed-ACK stall

        def parse_request(self) -> bool:
            line = str(getattr(self, "raw_requestline", b""), "iso-8859-1").rstrip("\r\n")
            words = line.split()
            if len(words) != 3 or not words[2].startswith("HTTP/1."):
                self.request_version = "HTTP/1.0"
                self.close_connection = True
                self.requestline = line
                self.send_error(400, "Bad request", "a request line is: METHOD /path HTTP/1.1")
                return False
            if not super().parse_request():
                return False
            if sum(len(k) + len(v) + 4 for k, v in self.headers.items()) > MAX_HEADER_BYTES:
                self.close_connection = True
                self.send_error(431, "Request header fields too large")
                return False
            return True

        def version_string(self) -> str:
            return "tenderctl"

        def _target(self) -> tuple[str, str]:
            """(path, query) of the request target."""
            target = self.path.split("#", 1)[0]
            if "://" in target.split("?", 1)[0]:  # absolute-form request target
                rest = target.split("://", 1)[1]
                target = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
            path, _, query = target.partition("?")
            return path, query

        def _send(self, head_only: bool) -> None:
            raw_path, query = self._target()
            path = strip_token(raw_path, service.token)
            resource = None
            if path is not None:
                try:
                    wanted = parse_query(query)
                except ValueError as exc:
                    self._plain(400, f"bad query: {exc}\n", head_only)
                    return
                resource = service.get_filtered(path, wanted) if not wanted.empty else service.get(path)
            if resource is None:
                # the same answer for a wrong token as for a path that does not exist
                self._plain(404, "not found: this server only serves /, /all.ics and one /<tender>.ics per tender\n", head_only)
                return
            zipped = bool(resource.gzipped) and accepts_gzip(self.headers.get("Accept-Encoding"))
            etag = resource.gzip_etag if zipped else resource.etag
            body = resource.gzipped if zipped else resource.body
            common = {
                "ETag": etag,
                "Vary": "Accept-Encoding",
                "Last-Modified": formatdate(resource.last_modified, usegmt=True),
                "Cache-Control": "no-cache",
                "X-Content-Type-Options": "nosniff",
            }
            if _not_modified(self.headers, resource, etag):
                self.send_response(304)
                for key, value in common.items():
                    self.send_header(key, value)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", resource.content_type)
            self.send_header("Content-Length", str(len(body)))
            if zipped:
                self.send_header("Content-Encoding", "gzip")
            if resource.content_type.startswith("text/html"):
                self.send_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
            for key, value in common.items():
                self.send_header(key, value)
            self.end_headers()
            if not head_only:
                self.wfile.write(body)

        def _plain(self, code: int, text: str, head_only: bool = False, extra: dict[str, str] | None = None) -> None:
            body = text.encode()
            self.send_response(code)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if not head_only:
                self.wfile.write(body)

        def do_GET(self) -> None:
            self._send(False)

        def do_HEAD(self) -> None:
            self._send(True)

        def _refuse(self) -> None:
            self._plain(405, "method not allowed: this feed is read-only\n", extra={"Allow": "GET, HEAD"})

        do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse

        def log_message(self, format: str, *args: Any) -> None:
            if log is not None:
                line = f"{self.address_string()} {format % args}"
                if service.token:
                    line = line.replace(service.token, "<token>")  # the log must not hand out the secret
                log(printable(line))

    return FeedServer((host, port), Handler, log)
