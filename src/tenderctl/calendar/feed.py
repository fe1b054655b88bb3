"""Subscription feeds: a static folder any web server can host, and a small HTTP server.

Both come from one :class:`FeedBuilder`, which renders each tender's events once and
keeps them by the tender file's content hash, so regenerating after one file changed
costs one tender's work plus the joining of the rest.

The server maps a fixed set of URL paths (``/``, ``/index.html``, ``/all.ics`` and one
``/<stem>.ics`` per tender) to bodies held in memory: nothing on disk is reachable by a
URL, so there is no path to traverse.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import os
import stat
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tenderctl.calendar.ics import (
    MARKER,
    CalendarOptions,
    Published,
    RenderedTender,
    read_published,
    render_tender,
    safe_url,
    tender_calendar_name,
    wrap_bytes,
)
from tenderctl.errors import TenderctlError
from tenderctl.fsutil import UnreadableFile, read_bounded
from tenderctl.fsutil import safe_file_stem as safe_file_stem  # from fsutil, not model: no pydantic on a warm run

if TYPE_CHECKING:
    from tenderctl.tenders.loader import LoadedTender, LoadResult

ALL_NAME = "all.ics"
INDEX_NAME = "index.html"
HTML_MARKER = '<meta name="generator" content="tenderctl">'
CACHE_FORMAT = 3
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
    keys: dict[str, str] = field(default_factory=dict)
    """Per-tender file -> a key of its exact content (its events' cache key and the refresh)."""
    kept: set[str] = field(default_factory=set)
    """Per-tender files the caller said are already on disk as they are: not materialised."""


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


class RenderStore:
    """Rendered tenders on disk for one output, so the next run renders only what changed.

    Two files in a folder of the cache dir: ``pack`` holds the events' bytes, appended to
    (and compacted when mostly garbage), and ``index.json`` maps each content key to its
    slice of the pack with a CRC, plus two shortcuts: each tender file's stat signature
    with its content hash (so unchanged files are not read and hashed again), and each
    output file's signature with the hash of what was written (so unchanged outputs are
    not read back to compare). Anything that does not check out is simply rendered or
    compared again: the store only ever saves time. Writes skip fsync for that reason.
    """

    def __init__(self, folder: Path | None) -> None:
        """``folder=None``: in memory only (the server), just the stat-signature shortcuts."""
        self.folder = folder
        self.entries: dict[str, list[Any]] = {}
        self.files: dict[str, list[Any]] = {}
        self.outputs: dict[str, list[Any]] = {}
        self.pack = b""
        self.fresh: dict[str, bytes] = {}
        self.used: set[str] = set()
        self.dirty = False
        self.rewrite = True  # until a pack and its index have been read and agree
        if folder is not None:
            self._load()

    def _load(self) -> None:
        assert self.folder is not None
        try:
            index = json.loads((self.folder / "index.json").read_bytes())
            if index.get("format") != CACHE_FORMAT:
                return
            pack = (self.folder / "pack").read_bytes()
            if len(pack) != index["pack_size"]:
                return  # another run got between the pack and its index
            self.pack = pack
            self.entries = dict(index["entries"])
            self.files = dict(index["files"])
            self.outputs = dict(index["outputs"])
            self.rewrite = False
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries, self.files, self.outputs, self.pack = {}, {}, {}, b""

    def content_hash(self, path: str) -> str | None:
        """The file's SHA-256, reused while its stat signature is unchanged; None if unreadable."""
        try:
            info = os.stat(path)
        except OSError:
            return None
        signature = [info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns]
        known = self.files.get(path)
        if known is not None and len(known) >= 5 and known[:4] == signature:
            return str(known[4])
        try:
            with open(path, "rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()[:32]
        except OSError:
            return None
        self.files[path] = [*signature, digest]
        self.dirty = True
        return digest

    def known_file(self, path: str) -> tuple[str, str] | None:
        """(reference, status) of a file whose stat signature is unchanged since it was rendered."""
        known = self.files.get(path)
        if known is None or len(known) < 7:
            return None
        try:
            info = os.stat(path)
        except OSError:
            return None
        if known[:4] != [info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns]:
            return None
        return str(known[5]), str(known[6])

    def note_file(self, path: str, rendered: RenderedTender) -> None:
        known = self.files.get(path)
        if known is not None and len(known) >= 5:
            record = [*known[:5], rendered.reference, rendered.status]
            if known != record:
                self.files[path] = record
                self.dirty = True

    def get(self, key: str) -> RenderedTender | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        try:
            offset, length, crc, reference, title, status, events, cancelled = entry
            data = self.pack[offset : offset + length]
            if len(data) != length or zlib.crc32(data) != crc:
                return None
            # what it published is not kept: a feed folder or file reads that back from itself
            rendered = RenderedTender(str(reference), str(title), str(status), data, int(events), {}, bool(cancelled))
        except (ValueError, TypeError, AttributeError):
            return None
        self.used.add(key)
        return rendered

    def put(self, key: str, rendered: RenderedTender) -> None:
        if self.folder is None:
            return  # the builder's own memory cache holds it
        meta = [rendered.reference, rendered.title, rendered.status, rendered.events, rendered.cancelled]
        self.fresh[key] = rendered.data
        self.entries[key] = [-1, len(rendered.data), zlib.crc32(rendered.data), *meta]
        self.used.add(key)
        self.dirty = True

    def output_unchanged(self, path: Path, name: str, digest: str) -> bool:
        known = self.outputs.get(name)
        if known is None or known[4] != digest:
            return False
        try:
            info = os.lstat(path)
        except OSError:
            return False
        return stat.S_ISREG(info.st_mode) and known[:4] == [info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns]

    def record_output(self, path: Path, name: str, digest: str) -> None:
        try:
            info = os.lstat(path)
        except OSError:
            self.outputs.pop(name, None)
            return
        record = [info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns, digest]
        if self.outputs.get(name) != record:
            self.outputs[name] = record
            self.dirty = True

    def save(self, live_files: Iterable[str], live_outputs: Iterable[str]) -> None:
        """Keep what this run used; append new events to the pack, compact it when mostly garbage."""
        if self.folder is None:
            return
        files = {p: self.files[p] for p in live_files if p in self.files}
        outputs = {n: self.outputs[n] for n in live_outputs if n in self.outputs}
        entries = {k: v for k, v in self.entries.items() if k in self.used}
        if not self.dirty and len(files) == len(self.files) and len(outputs) == len(self.outputs) and len(entries) == len(self.entries):
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            live = sum(v[1] for v in entries.values())
            pack_path = self.folder / "pack"
            if self.rewrite or live < len(self.pack) // 2:
                # compact: rewrite the pack with only the live entries
                chunks, offset = [], 0
                for entry_key, entry in entries.items():
                    data = self.fresh.get(entry_key) or self.pack[entry[0] : entry[0] + entry[1]]
                    entry[0] = offset
                    chunks.append(data)
                    offset += len(data)
                pack = b"".join(chunks)
                tmp = self.folder / f".pack.{os.getpid()}.tmp"
                tmp.write_bytes(pack)
                os.replace(tmp, pack_path)
                size = len(pack)
            else:
                size = len(self.pack)
                with open(pack_path, "ab") as handle:
                    if handle.tell() != size:
                        raise OSError("the pack changed under us")
                    for entry_key, data in self.fresh.items():
                        if entry_key in entries:
                            entries[entry_key][0] = size
                            handle.write(data)
                            size += len(data)
            index = {"format": CACHE_FORMAT, "pack_size": size, "entries": entries, "files": files, "outputs": outputs}
            tmp = self.folder / f".index.{os.getpid()}.tmp"
            tmp.write_bytes(json.dumps(index, separators=(",", ":"), ensure_ascii=False).encode())
            os.replace(tmp, self.folder / "index.json")
        except OSError:
            with contextlib.suppress(OSError):
                (self.folder / "index.json").unlink()  # never leave an index that lies about the pack


def source_path(item: LoadedTender) -> str:
    """The file a loaded tender came from (its ``path`` is the display form of it)."""
    return str(item.source)


def load_known(roots: list[Path], store: RenderStore, *, use_cache: bool = True) -> LoadResult:
    """:func:`tenderctl.tenders.loader.load_paths`, except that files the store rendered and that did
    not change since (same stat signature) are not loaded at all: their reference, title and
    status come from the store, and the model is parsed only if something asks for it.

    Regenerating a 10,000-tender feed after one file changed then reads one file, not the
    loader's cache of all of them. Everything else (discovery, which files are valid,
    duplicate references, the problems) is the loader's own code.
    """
    from tenderctl.tenders.loader import LoadedTender, LoadResult, discover, drop_duplicate_references, load_paths

    files, problems = discover(roots)
    loaded: list[LoadedTender] = []
    unknown: list[Path] = []
    for path, display in files:
        meta = store.known_file(path)
        if meta is None:
            unknown.append(Path(path))
            continue
        reference, status = meta
        summary = {"reference": reference, "status": status}
        loaded.append(LoadedTender(path=display, source=path, summary=summary))
    if not loaded:
        return load_paths(roots, use_cache=use_cache)  # nothing known yet: the loader's own cache may be warm
    if unknown:
        # changed or new files (and invalid ones, which are never in the store): the loader's cache
        # is keyed by its roots, so a one-off set of files would only add a stray cache file
        fresh = load_paths(unknown, use_cache=False)
        loaded.extend(fresh.tenders)
        problems.extend(fresh.problems)
        problems = [p for p in problems if p.field != "reference" or "duplicate reference" not in p.message]
    order = {display: number for number, (_path, display) in enumerate(files)}
    loaded.sort(key=lambda t: order.get(t.path, len(order)))
    loaded, duplicates = drop_duplicate_references(loaded)
    problems.extend(duplicates)
    problems.sort()
    return LoadResult(loaded, problems, len(files))


def store_for(target: str, options: CalendarOptions) -> RenderStore:
    """The render cache of one output (a feed folder, a file, stdout) with these options.

    Per output, because SEQUENCE depends on what that output published before.
    """
    from tenderctl import __version__
    from tenderctl.cache import cache_dir

    key = f"{CACHE_FORMAT}\0{__version__}\0{target}\0{options.key()}"
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return RenderStore(cache_dir() / f"calendar-{digest}")


class FeedBuilder:
    """Renders feeds, reusing each tender's events while its file's bytes are unchanged.

    A cache hit never touches the tender's model: the loader's summary gives the
    reference and status, the cached entry the rest, so a warm run parses no YAML.
    """

    def __init__(self, options: CalendarOptions, base_url: str | None = None, store: RenderStore | None = None) -> None:
        self.options = options
        self.base_url = normalise_base_url(base_url)
        self.cache: dict[str, RenderedTender] = {}
        self.store = store
        self.options_key = options.key().encode()
        self.hits = 0
        self.misses = 0

    def _content_hash(self, item: LoadedTender) -> str:
        source = source_path(item)
        if self.store is not None:
            known = self.store.content_hash(source)
            if known is not None:
                return known
        try:
            with open(source, "rb") as handle:
                return hashlib.sha256(handle.read()).hexdigest()
        except OSError:
            return hashlib.sha256(item.tender.model_dump_json().encode()).hexdigest()

    def _key(self, content_hash: str, status: str, now: datetime) -> str:
        digest = hashlib.sha256(content_hash.encode())
        digest.update(self.options_key)
        # Output that depends on "now" is keyed on it: the grace period of a cancelled
        # tender (by day) and --within (by minute).
        if status in ("cancelled", "withdrawn"):
            digest.update(now.astimezone(UTC).date().isoformat().encode())
        if self.options.within is not None:
            digest.update(now.astimezone(UTC).strftime("%Y%m%d%H%M").encode())
        return digest.hexdigest()[:32]

    def render_all(
        self,
        tenders: Iterable[LoadedTender],
        now: datetime,
        previous: Callable[[str], Mapping[str, Published]] | None = None,
    ) -> list[tuple[str, str, RenderedTender]]:
        """(file name, cache key, rendered) per tender in reference order, rendering only what changed."""
        loaded = sorted(tenders, key=lambda t: t.reference)
        names = file_names(t.reference for t in loaded)
        cache: dict[str, RenderedTender] = {}
        out: list[tuple[str, str, RenderedTender]] = []
        for item in loaded:
            name = names[item.reference]
            key = self._key(self._content_hash(item), str(item.summary.get("status", "open")), now)
            rendered = self.cache.get(key)
            if rendered is None and self.store is not None:
                rendered = self.store.get(key)
            if rendered is None:
                self.misses += 1
                rendered = render_tender(item.tender, self.options, now, previous(name) if previous else None)
                if self.store is not None:
                    self.store.put(key, rendered)
            else:
                self.hits += 1
            if self.store is not None:
                self.store.note_file(source_path(item), rendered)
            cache[key] = rendered
            out.append((name, key, rendered))
        self.cache = cache  # entries of removed or changed files go
        return out

    def build(
        self,
        tenders: Iterable[LoadedTender],
        now: datetime,
        previous: Callable[[str], Mapping[str, Published]] | None = None,
        unchanged: Callable[[str, str], bool] | None = None,
    ) -> Feed:
        """All files of the feed. ``previous(file name)`` gives what that file published last;
        ``unchanged(file name, content key)`` True means it is on disk as it would be (not built)."""
        files: dict[str, bytes] = {}
        keys: dict[str, str] = {}
        kept: set[str] = set()
        entries: list[FeedEntry] = []
        published: dict[str, Published] = {}
        blocks: list[bytes] = []
        total = 0
        refresh = self.options.refresh
        refresh_key = f"|{refresh.total_seconds()}"
        for name, key, rendered in self.render_all(tenders, now, previous):
            published.update(rendered.published)
            if self.options.statuses is not None and rendered.status not in self.options.statuses:
                continue
            blocks.append(rendered.data)
            total += rendered.events
            keys[name] = key + refresh_key
            if unchanged is not None and unchanged(name, keys[name]):
                kept.add(name)
            else:
                files[name] = wrap_bytes([rendered.data], tender_calendar_name(rendered.reference, rendered.title), refresh)
            entries.append(FeedEntry(rendered.reference, rendered.title, rendered.status, name, rendered.events, rendered.cancelled))
        files[ALL_NAME] = wrap_bytes(blocks, self.options.name, refresh)
        files[INDEX_NAME] = render_index(entries, self.options.name, self.base_url, total).encode()
        return Feed(files, entries, total, published, keys, kept)


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
    note = "" if base_url else "<p>Subscribe links need the feed's public address: regenerate with <code>--base-url</code>.</p>\n"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'{HTML_MARKER}\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
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
        return read_bounded(path, limit, what="calendar file")[0]
    except UnreadableFile:
        return None


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


def write_feed(folder: Path, feed: Feed, *, force: bool = False, store: RenderStore | None = None) -> WriteReport:
    """Write the feed's files that changed, atomically; delete calendars of tenders that left.

    A file in the way that tenderctl did not write (no PRODID/generator marker) is an
    error unless ``force``: we never overwrite someone's file unasked. Only ``*.ics``
    files carrying our PRODID are ever deleted. With a ``store``, a file whose stat
    signature and content hash match what this output last wrote is not read back.
    """
    from tenderctl.fsutil import atomic_write

    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise TenderctlError(f"{folder}: not a folder (pass a folder for --out-dir)")
    folder.mkdir(parents=True, exist_ok=True)
    report = WriteReport(unchanged=len(feed.kept))
    changed: list[tuple[str, bytes]] = []
    digests: dict[str, str] = {}
    for name, data in feed.files.items():
        target = folder / name
        if store is not None:
            digests[name] = digest = feed.keys.get(name) or hashlib.sha256(data).hexdigest()
            if store.output_unchanged(target, name, digest):
                report.unchanged += 1
                continue
        existing = _read_own(target)
        if existing == data:
            report.unchanged += 1
            if store is not None:
                store.record_output(target, name, digests[name])
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
        if store is not None:
            store.record_output(target, name, digests[name])
    with os.scandir(folder) as listing:
        stale = sorted(e.name for e in listing if e.name.endswith(".ics") and e.name not in feed.files and e.name not in feed.kept)
    for name in stale:
        old = _read_own(folder / name)
        if old is not None and _is_ours(name, old):
            (folder / name).unlink()
            report.removed.append(name)
    return report


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
    ) -> None:
        self.root = root
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
                result = load_known([self.root], self.store, use_cache=self.use_cache)
                moment = datetime.fromtimestamp(now, UTC)
                feed = self.builder.build(result.tenders, moment, lambda _name: self.published)
            except (TenderctlError, OSError) as exc:
                if force and not self.resources:
                    raise
                self._problems([f"regeneration failed, still serving the previous feed: {exc}"])
                return False  # the signature stays old, so the next check tries again
            self._problems([str(p) for p in result.errors])
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

    def _problems(self, problems: list[str]) -> None:
        if problems != self.problems and self.report is not None and problems:
            self.report(problems)
        self.problems = problems

    def get(self, path: str) -> Resource | None:
        if time.monotonic() - self.checked >= self.check_interval:
            if not self.slow:
                self.refresh()
            elif self.background is None or not self.background.is_alive():
                self.background = threading.Thread(target=self.refresh, name="tenderctl-feed-refresh", daemon=True)
                self.background.start()
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
        protocol_version = "HTTP/1.1"
        timeout = 30

        def version_string(self) -> str:
            return "tenderctl"

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
