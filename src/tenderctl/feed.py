"""Subscription feeds: a static folder any web server can host, and a small HTTP server.

Both come from one :class:`FeedBuilder`, which renders each tender's events once and
keeps them by the tender file's content hash, so regenerating after one file changed
costs one tender's work plus the joining of the rest.

The server maps a fixed set of URL paths (``/``, ``/index.html``, ``/all.ics`` and one
``/<stem>.ics`` per tender) to bodies held in memory: nothing on disk is reachable by a
URL, so there is no path to traverse.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import stat
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tenderctl.calendar import (
    MARKER,
    CalendarOptions,
    Published,
    RenderedTender,
    read_published,
    render_tender,
    safe_url,
    tender_calendar_name,
    wrap,
)
from tenderctl.errors import TenderctlError

if TYPE_CHECKING:
    from tenderctl.loader import LoadedTender

ALL_NAME = "all.ics"
INDEX_NAME = "index.html"
HTML_MARKER = '<meta name="generator" content="tenderctl">'
CACHE_FORMAT = 1
ICS_TYPE = "text/calendar; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"


@dataclass
class FeedEntry:
    """One tender in the feed: where its calendar lives and what it holds."""

    reference: str
    title: str
    status: str
    file: str
    events: int
    cancelled: bool


@dataclass
class Feed:
    """Every file of a feed, by name, as bytes; plus what went in."""

    files: dict[str, bytes]
    entries: list[FeedEntry]
    events: int = 0
    published: dict[str, Published] = field(default_factory=dict)


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def file_names(references: Iterable[str]) -> dict[str, str]:
    """Reference -> ``<stem>.ics``; the first reference (in sorted order) keeps a plain stem.

    Two references can share a safe stem ("RFP 12" and "RFP-12"); the later one gets a
    short hash of its reference so neither calendar overwrites the other.
    """
    from tenderctl.model import safe_file_stem

    taken = {ALL_NAME.lower(), INDEX_NAME.lower()}
    out: dict[str, str] = {}
    for reference in sorted(references):
        name = safe_file_stem(reference) + ".ics"
        if name.lower() in taken:
            digest = hashlib.sha256(reference.encode()).hexdigest()[:8]
            name = f"{safe_file_stem(reference)[:100]}-{digest}.ics"
        taken.add(name.lower())
        out[reference] = name
    return out


def normalise_base_url(base_url: str | None) -> str | None:
    """An absolute http(s) base URL ending in ``/``; TenderctlError for anything else."""
    if base_url is None:
        return None
    url = safe_url(base_url)
    if url is None:
        raise TenderctlError(f"--base-url: not an http(s) URL: {base_url!r} (write e.g. https://example.org/tenders/)", exit_code=2)
    return url if url.endswith("/") else url + "/"


def webcal(url: str) -> str:
    """The subscribe form of an http(s) URL (calendar apps open webcal:// as a subscription)."""
    return "webcal://" + url.split("://", 1)[1]


class FeedBuilder:
    """Renders feeds, reusing each tender's events while its file's bytes are unchanged."""

    def __init__(self, options: CalendarOptions, base_url: str | None = None) -> None:
        self.options = options
        self.base_url = normalise_base_url(base_url)
        self.cache: dict[str, RenderedTender] = {}
        self.hits = 0
        self.misses = 0

    def _key(self, content: bytes, loaded: LoadedTender, now: datetime) -> str:
        digest = hashlib.sha256(content)
        digest.update(b"\0" + self.options.key().encode())
        tender = loaded.tender
        # Output that depends on "now" is keyed on it: the grace period of a cancelled
        # tender (by day) and --within (by minute).
        if tender.status.value in ("cancelled", "withdrawn"):
            digest.update(now.astimezone(UTC).date().isoformat().encode())
        if self.options.within is not None:
            digest.update(now.astimezone(UTC).strftime("%Y%m%d%H%M").encode())
        return digest.hexdigest()

    def build(
        self,
        tenders: Iterable[LoadedTender],
        now: datetime,
        previous: Callable[[str], Mapping[str, Published]] | None = None,
    ) -> Feed:
        """All files of the feed. ``previous(file name)`` gives what that file published last."""
        loaded = sorted(tenders, key=lambda t: t.tender.reference)
        names = file_names(t.tender.reference for t in loaded)
        cache: dict[str, RenderedTender] = {}
        files: dict[str, bytes] = {}
        entries: list[FeedEntry] = []
        published: dict[str, Published] = {}
        blocks: list[str] = []
        total = 0
        for item in loaded:
            tender = item.tender
            name = names[tender.reference]
            try:
                content = Path(item.path).read_bytes()
            except OSError:
                content = tender.model_dump_json().encode()
            key = self._key(content, item, now)
            rendered = self.cache.get(key)
            if rendered is None:
                self.misses += 1
                rendered = render_tender(tender, self.options, now, previous(name) if previous else None)
            else:
                self.hits += 1
            cache[key] = rendered
            published.update(rendered.published)
            if self.options.statuses is not None and tender.status.value not in self.options.statuses:
                continue
            blocks.append(rendered.text)
            total += rendered.events
            files[name] = wrap([rendered.text], tender_calendar_name(tender.reference, tender.title), self.options.refresh).encode()
            entries.append(FeedEntry(tender.reference, tender.title, tender.status.value, name, rendered.events, rendered.cancelled))
        self.cache = cache  # entries of removed or changed files go
        files[ALL_NAME] = wrap(blocks, self.options.name, self.options.refresh).encode()
        files[INDEX_NAME] = render_index(entries, self.options.name, self.base_url, total).encode()
        return Feed(files, entries, total, published)

    # A cache on disk for `ics --out-dir`, so the next run starts warm.

    def load_cache(self, path: Path) -> None:
        try:
            raw = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return
        if not isinstance(raw, dict) or raw.get("format") != CACHE_FORMAT or raw.get("options") != self.options.key():
            return
        try:
            for key, (reference, title, status, text, events, cancelled, pub) in raw["entries"].items():
                published = {uid: Published(fp, seq) for uid, (fp, seq) in pub.items()}
                self.cache[key] = RenderedTender(reference, title, status, text, events, published, cancelled)
        except (KeyError, TypeError, ValueError, AttributeError):
            self.cache = {}

    def save_cache(self, path: Path) -> None:
        from tenderctl.fsutil import atomic_write

        entries = {
            key: [r.reference, r.title, r.status, r.text, r.events, r.cancelled, {u: [p.fingerprint, p.sequence] for u, p in r.published.items()}]
            for key, r in self.cache.items()
        }
        payload = {"format": CACHE_FORMAT, "options": self.options.key(), "entries": entries}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode())
        except (OSError, TenderctlError):
            pass  # a cache only ever saves time


def render_index(entries: list[FeedEntry], name: str, base_url: str | None, events: int) -> str:
    """index.html: subscribe and download links, every text HTML-escaped."""

    def link(file: str) -> str:
        return (base_url or "") + file

    def row(label: str, title: str, file: str, detail: str) -> str:
        href = html.escape(link(file), quote=True)
        cells = [f"<td>{html.escape(label)}</td>", f"<td>{html.escape(title)}</td>", f"<td>{html.escape(detail)}</td>"]
        actions = f'<a href="{href}" download>download</a>'
        if base_url:
            actions = f'<a href="{html.escape(webcal(link(file)), quote=True)}">subscribe</a> · ' + actions
        return "<tr>" + "".join(cells) + f"<td>{actions}</td></tr>"

    rows = [row("All tenders", name, ALL_NAME, f"{events} event{'s' if events != 1 else ''}")]
    for entry in entries:
        detail = f"{entry.events} event{'s' if entry.events != 1 else ''}"
        if entry.status != "open":
            detail += f", {entry.status}"
        rows.append(row(entry.reference, entry.title, entry.file, detail))
    note = (
        ""
        if base_url
        else "<p>Subscribe links need the feed's public address: regenerate with <code>--base-url</code>.</p>\n"
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"{HTML_MARKER}\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{html.escape(name)}</title>\n"
        "<style>body{font-family:system-ui,sans-serif;margin:2em}td,th{padding:.3em .8em;text-align:left}"
        "tr:nth-child(even){background:#f4f4f4}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(name)}</h1>\n{note}"
        "<table>\n<thead><tr><th>Reference</th><th>Title</th><th>Events</th><th>Calendar</th></tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n</body>\n</html>\n"
    )


# --- the static folder ----------------------------------------------------------------


def _read_own(path: Path, limit: int = 200_000_000) -> bytes | None:
    """The bytes of an existing regular file (not a symlink, FIFO or folder), else None."""
    try:
        info = path.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        return handle.read(limit + 1)


def _is_ours(name: str, data: bytes) -> bool:
    head = data[:4096]
    return MARKER.encode() in head if name.endswith(".ics") else HTML_MARKER.encode() in head


def previous_from_folder(folder: Path) -> Callable[[str], Mapping[str, Published]]:
    """What the calendars already in ``folder`` published, read only when asked (cache misses)."""

    def lookup(name: str) -> Mapping[str, Published]:
        data = _read_own(folder / name)
        if data is None or not _is_ours(name, data):
            return {}
        return read_published(data.decode("utf-8", "replace"))

    return lookup


def write_feed(folder: Path, feed: Feed, *, force: bool = False) -> WriteReport:
    """Write the feed's files that changed, atomically; delete calendars of tenders that left.

    A file in the way that tenderctl did not write (no PRODID/generator marker) is an
    error unless ``force``: we never overwrite someone's file unasked. Only ``*.ics``
    files carrying our PRODID are ever deleted.
    """
    from tenderctl.fsutil import atomic_write

    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise TenderctlError(f"{folder}: not a folder (pass a folder for --out-dir)")
    folder.mkdir(parents=True, exist_ok=True)
    report = WriteReport()
    changed: list[tuple[str, bytes]] = []
    for name, data in feed.files.items():
        target = folder / name
        existing = _read_own(target)
        if existing == data:
            report.unchanged += 1
            continue
        if (existing is not None and not _is_ours(name, existing) and not force) or (
            existing is None and (target.exists() or target.is_symlink()) and not force
        ):
            raise TenderctlError(f"{target}: exists and was not written by tenderctl (pass --force to overwrite it)")
        changed.append((name, data))
    for name, data in changed:
        target = folder / name
        if target.is_symlink() or (target.exists() and not target.is_file()):
            if target.is_dir() and not target.is_symlink():
                raise TenderctlError(f"{target}: is a folder; move it out of the way")
            target.unlink()
        atomic_write(target, data)
        report.written.append(name)
    with os.scandir(folder) as listing:
        stale = sorted(e.name for e in listing if e.name.endswith(".ics") and e.name not in feed.files)
    for name in stale:
        old = _read_own(folder / name)
        if old is not None and _is_ours(name, old):
            (folder / name).unlink()
            report.removed.append(name)
    return report


def cache_file_for(folder: Path) -> Path:
    from tenderctl.cache import cache_dir

    digest = hashlib.sha256(str(folder.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return cache_dir() / f"feed-{digest}.json"


# --- the server -------------------------------------------------------------------------


@dataclass(frozen=True)
class Resource:
    body: bytes
    etag: str
    last_modified: int
    content_type: str


def strong_etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


class FeedService:
    """The feeds of a tenders folder, kept current: rescanned at most every ``check_interval`` s.

    A rescan stats the tender files (cheap); only when a signature changed are the files
    loaded again, and then only changed tenders are rendered. Last-Modified of a resource
    moves only forward, and only when its bytes changed.
    """

    def __init__(
        self,
        root: Path,
        options: CalendarOptions,
        *,
        base_url: str | None = None,
        check_interval: float = 1.0,
        clock: Callable[[], float] = time.time,
        use_cache: bool = True,
    ) -> None:
        self.root = root
        self.builder = FeedBuilder(options, base_url)
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
        self.refresh(force=True)

    def _scan(self) -> tuple[Any, ...]:
        from tenderctl.loader import discover

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
            signature = self._scan()
            self.checked = time.monotonic()
            if not force and signature == self.signature:
                return False
            now = self.clock()
            from tenderctl.loader import load_paths

            result = load_paths([self.root], use_cache=self.use_cache)
            self.problems = [str(p) for p in result.errors]
            moment = datetime.fromtimestamp(now, UTC)
            feed = self.builder.build(result.tenders, moment, lambda _name: self.published)
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
                fresh["/" + name] = Resource(body, etag, last, kind)
            fresh["/"] = fresh["/" + INDEX_NAME]
            self.resources = fresh
            self.signature = signature
            self.generation += 1
            return True

    def get(self, path: str) -> Resource | None:
        self.refresh()
        return self.resources.get(path)


def _not_modified(headers: Any, resource: Resource) -> bool:
    """RFC 9110 13.1.2/13.1.3: If-None-Match (weak comparison) wins over If-Modified-Since."""
    match = headers.get("If-None-Match")
    if match is not None:
        tags = [t.strip() for t in match.split(",")]
        return "*" in tags or any(t.removeprefix("W/") == resource.etag for t in tags)
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


def make_server(
    service: FeedService,
    host: str = "127.0.0.1",
    port: int = 8765,
    log: Callable[[str], None] | None = None,
) -> ThreadingHTTPServer:
    """A threaded HTTP server for ``service``: GET and HEAD on the known paths, nothing else."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "tenderctl"
        sys_version = ""
        protocol_version = "HTTP/1.1"
        timeout = 30

        def _path(self) -> str:
            target = self.path
            if "://" in target.split("?", 1)[0]:  # absolute-form request target
                rest = target.split("://", 1)[1]
                target = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
            return target.split("?", 1)[0].split("#", 1)[0]

        def _send(self, head_only: bool) -> None:
            resource = service.get(self._path())
            if resource is None:
                self._plain(404, "not found: this server only serves /, /all.ics and one /<tender>.ics per tender\n", head_only)
                return
            common = {
                "ETag": resource.etag,
                "Last-Modified": formatdate(resource.last_modified, usegmt=True),
                "Cache-Control": "no-cache",
                "X-Content-Type-Options": "nosniff",
            }
            if _not_modified(self.headers, resource):
                self.send_response(304)
                for key, value in common.items():
                    self.send_header(key, value)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", resource.content_type)
            self.send_header("Content-Length", str(len(resource.body)))
            if resource.content_type.startswith("text/html"):
                self.send_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
            for key, value in common.items():
                self.send_header(key, value)
            self.end_headers()
            if not head_only:
                self.wfile.write(resource.body)

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
                log(f"{self.address_string()} {format % args}")

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server
