"""Subscription feeds: the feed builder and a static folder any web server can host.

One :class:`FeedBuilder` renders each tender's events once and keeps them by the tender
file's content hash, so regenerating after one file changed costs one tender's work plus
the joining of the rest. The HTTP server is in :mod:`tenderctl.calendar.server`, the
render cache in :mod:`tenderctl.calendar.store`.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

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
from tenderctl.calendar.store import RenderStore, source_path
from tenderctl.calendar.urls import has_credentials
from tenderctl.calendar.vtimezone import merge_zones
from tenderctl.errors import TenderctlError
from tenderctl.fsutil import UnreadableFile, atomic_write, read_bounded
from tenderctl.fsutil import safe_file_stem as safe_file_stem  # from fsutil, not model: no pydantic on a warm run

if TYPE_CHECKING:
    from tenderctl.calendar.revisions import RevisionState
    from tenderctl.tenders.loader import LoadedTender

ALL_NAME = "all.ics"
INDEX_NAME = "index.html"
HTML_MARKER = '<meta name="generator" content="tenderctl">'


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
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    cleared: list[str] = field(default_factory=list)
    """Stale temporary files of an interrupted earlier run, removed."""


def file_names(references: Iterable[str], reserved: Iterable[str] = ()) -> dict[str, str]:
    """Reference -> ``<stem>.ics``; the first reference (in sorted order) keeps a plain stem.

    Two references can share a safe stem ("RFP 12" and "RFP-12"); the later one gets a
    short hash of its reference so neither calendar overwrites the other. ``reserved`` names
    (the folder's filtered calendars) are taken the same way as all.ics.
    """
    taken = {ALL_NAME.lower(), INDEX_NAME.lower(), *(name.lower() for name in reserved)}
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
    if url is None and has_credentials(base_url):
        raise TenderctlError("--base-url: holds a user name or password, which every calendar would publish (leave them out)", exit_code=2)
    if url is None:
        raise TenderctlError(f"--base-url: not an http(s) URL: {base_url!r} (write e.g. https://example.org/tenders/)", exit_code=2)
    return url if url.endswith("/") else url + "/"


def webcal(url: str) -> str:
    """The subscribe form of an http(s) URL (calendar apps open webcal:// as a subscription)."""
    return "webcal://" + url.split("://", 1)[1]


class FeedBuilder:
    """Renders feeds, reusing each tender's events while its file's bytes are unchanged.

    A cache hit never touches the tender's model: the loader's summary gives the
    reference and status, the cached entry the rest, so a warm run parses no YAML.
    """

    def __init__(
        self, options: CalendarOptions, base_url: str | None = None, store: RenderStore | None = None, reserved: Iterable[str] = ()
    ) -> None:
        self.options = options
        self.reserved = tuple(reserved)
        """File names no tender's calendar may take (the named filtered calendars of a folder)."""
        self.base_url = normalise_base_url(base_url)
        self.cache: dict[str, RenderedTender] = {}
        self.store = store
        self.options_key = options.key().encode()
        self.hits = 0
        self.misses = 0
        self.last: list[tuple[str, str, RenderedTender]] = []
        """What the last :meth:`render_all` returned."""

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

    def _key(self, content_hash: str, status: str, now: datetime, revision: str = "") -> str:
        digest = hashlib.sha256(content_hash.encode())
        digest.update(self.options_key)
        digest.update(b"\0" + revision.encode())  # SEQUENCE and stamps come from the recorded revisions
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
        pinned: Mapping[str, tuple[str, RenderedTender]] | None = None,
        state: RevisionState | None = None,
    ) -> list[tuple[str, str, RenderedTender]]:
        """(file name, cache key, rendered) per tender in reference order, rendering only what changed.

        ``pinned`` (reference -> (key, rendered)) replaces the rendering of those references:
        the server keeps the version it served of a reference two files now claim.
        ``state`` gives each event's SEQUENCE and stamps and records what was written; a rendering
        is cached under the revisions it leaves recorded, which give the same bytes again."""
        loaded = sorted(tenders, key=lambda t: t.reference)
        present = {t.reference for t in loaded}
        # a pinned reference the loader set aside altogether (every file claiming it) is still served
        extra = sorted(r for r in (pinned or {}) if r not in present)
        names = file_names([*present, *extra], self.reserved)
        cache: dict[str, RenderedTender] = {}
        out: list[tuple[str, str, RenderedTender]] = []
        for item in loaded:
            name = names[item.reference]
            if pinned and item.reference in pinned:
                pinned_key, kept = pinned[item.reference]
                self.hits += 1
                cache[pinned_key] = kept
                out.append((name, pinned_key, kept))
                continue
            content, status = self._content_hash(item), str(item.summary.get("status", "open"))
            key = self._key(content, status, now, state.digest(item.reference) if state is not None else "")
            rendered = self.cache.get(key)
            if rendered is None and self.store is not None:
                rendered = self.store.get(key)
            if rendered is None:
                self.misses += 1
                recorded = state.events(item.reference) if state is not None else None
                rendered = render_tender(item.tender, self.options, now, previous(name) if previous else None, recorded)
                if state is not None and rendered.revised:
                    # kept under the revisions it recorded: rendering again from them gives these bytes
                    state.update(item.reference, rendered.revisions)
                    key = self._key(content, status, now, state.digest(item.reference))
                if self.store is not None:
                    self.store.put(key, rendered)
            else:
                self.hits += 1
            if self.store is not None:
                self.store.note_file(source_path(item), rendered)
            cache[key] = rendered
            out.append((name, key, rendered))
        for reference in extra:
            assert pinned is not None
            pinned_key, kept = pinned[reference]
            self.hits += 1
            cache[pinned_key] = kept
            out.append((names[reference], pinned_key, kept))
        out.sort(key=lambda entry: entry[2].reference)
        self.cache = cache  # entries of removed or changed files go
        self.last = out
        return out

    def build(
        self,
        tenders: Iterable[LoadedTender],
        now: datetime,
        previous: Callable[[str], Mapping[str, Published]] | None = None,
        unchanged: Callable[[str, str], bool] | None = None,
        pinned: Mapping[str, tuple[str, RenderedTender]] | None = None,
        state: RevisionState | None = None,
    ) -> Feed:
        """All files of the feed. ``previous(file name)`` gives what that file published last;
        ``unchanged(file name, content key)`` True means it is on disk as it would be (not built)."""
        files: dict[str, bytes] = {}
        keys: dict[str, str] = {}
        kept: set[str] = set()
        entries: list[FeedEntry] = []
        published: dict[str, Published] = {}
        blocks: list[bytes] = []
        zones: dict[str, tuple[int, int]] = {}
        total = 0
        refresh = self.options.refresh
        refresh_key = f"|{refresh.total_seconds()}|{self.base_url or ''}"  # both are in the per-tender files
        for name, key, rendered in self.render_all(tenders, now, previous, pinned, state):
            published.update(rendered.published)
            if self.options.statuses is not None and rendered.status not in self.options.statuses:
                continue
            blocks.append(rendered.data)
            merge_zones(zones, rendered.zones)
            total += rendered.events
            keys[name] = key + refresh_key
            if unchanged is not None and unchanged(name, keys[name]):
                kept.add(name)
            else:
                files[name] = wrap_bytes(
                    [rendered.data],
                    tender_calendar_name(rendered.reference, rendered.title),
                    refresh,
                    f"Deadlines of tender {rendered.reference}: {' '.join(rendered.title.split())} (written by tenderctl)",
                    self.base_url + name if self.base_url else None,
                    rendered.zones,
                )
            entries.append(FeedEntry(rendered.reference, rendered.title, rendered.status, name, rendered.events, rendered.cancelled))
        all_source = self.base_url + ALL_NAME if self.base_url else None
        files[ALL_NAME] = wrap_bytes(blocks, self.options.name, refresh, source=all_source, zones=zones)
        files[INDEX_NAME] = render_index(entries, self.options.name, self.base_url, total).encode()
        return Feed(files, entries, total, published, keys, kept)


def render_index(
    entries: list[FeedEntry], name: str, base_url: str | None, events: int, feeds: Sequence[tuple[str, str, str, int]] = ()
) -> str:
    """index.html: subscribe and download links, every text HTML-escaped.

    ``feeds``: the folder's filtered calendars, (name, file, filters, events) each, listed after all.ics."""

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
    for feed_name, file, filters, count in feeds:
        rows.append(row(feed_name, f"{name}: {filters.replace('&', ', ')}", file, f"{count} event{'s' if count != 1 else ''}, filtered"))
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


def read_own(path: Path, limit: int = 200_000_000) -> bytes | None:
    """The bytes of an existing regular file (not a symlink, FIFO or folder), else None."""
    try:
        return read_bounded(path, limit, what="calendar file")[0]
    except UnreadableFile:
        return None


def is_ours(name: str, data: bytes) -> bool:
    head = data[:4096]
    return MARKER.encode() in head if name.endswith(".ics") else HTML_MARKER.encode() in head


def previous_from_folder(folder: Path) -> Callable[[str], Mapping[str, Published]]:
    """What the calendars already in ``folder`` published, read only when asked (cache misses)."""

    def lookup(name: str) -> Mapping[str, Published]:
        data = read_own(folder / name)
        if data is None or not is_ours(name, data):
            return {}
        return read_published(data.decode("utf-8", "replace"))

    return lookup


_OWN_TEMP = re.compile(r"\.(?:.+\.ics|index\.html)\.[A-Za-z0-9_]{8}\.tmp")


@contextlib.contextmanager
def writing_in(folder: Path, names: Callable[[str], bool]) -> Iterator[list[str]]:
    """Hold an advisory lock on ``folder`` while writing in it, and first remove our own stale temporaries.

    A run stopped by SIGKILL (or a power cut) can leave ``.<name>.XXXXXXXX.tmp`` files behind.
    Every tenderctl run that writes calendars into a folder takes this lock (``flock`` on the
    folder itself), so a temporary present while we hold it belongs to no live run: the
    names ``names`` accepts are removed, and listed in the result.
    """
    removed: list[str] = []
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield removed  # the write itself will say what is wrong with the folder
        return
    try:
        try:
            import fcntl  # lazy: Unix only; the ImportError below is the answer elsewhere

            fcntl.flock(fd, fcntl.LOCK_EX)
            locked = True
        except (ImportError, OSError):
            locked = False  # no flock here (another OS, some network file systems): leave temporaries alone
        if locked:
            with os.scandir(folder) as listing:
                stale = [e.name for e in listing if names(e.name) and e.is_file(follow_symlinks=False)]
            for name in sorted(stale):
                with contextlib.suppress(OSError):
                    os.unlink(folder / name)
                    removed.append(name)
        yield removed
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def is_own_temporary(name: str) -> bool:
    """A temporary file :func:`tenderctl.fsutil.atomic_write` makes for a feed file."""
    return _OWN_TEMP.fullmatch(name) is not None


def write_feed(folder: Path, feed: Feed, *, force: bool = False, store: RenderStore | None = None) -> WriteReport:
    """Write the feed's files that changed, atomically; delete calendars of tenders that left.

    A file in the way that tenderctl did not write (no PRODID/generator marker) is an
    error unless ``force``: we never overwrite someone's file unasked. Only ``*.ics``
    files carrying our PRODID are ever deleted. With a ``store``, a file whose stat
    signature and content hash match what this output last wrote is not read back.
    """

    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise TenderctlError(f"{folder}: not a folder (pass a folder for --out-dir)")
    folder.mkdir(parents=True, exist_ok=True)
    with writing_in(folder, is_own_temporary) as cleared:
        report = _write_feed(folder, feed, force, store)
    report.cleared = cleared
    return report


def _write_feed(folder: Path, feed: Feed, force: bool, store: RenderStore | None) -> WriteReport:
    report = WriteReport(unchanged=sorted(feed.kept))
    changed: list[tuple[str, bytes]] = []
    digests: dict[str, str] = {}
    for name, data in feed.files.items():
        target = folder / name
        if store is not None:
            digests[name] = digest = feed.keys.get(name) or hashlib.sha256(data).hexdigest()
            if store.output_unchanged(target, name, digest):
                report.unchanged.append(name)
                continue
        existing = read_own(target)
        if existing == data:
            report.unchanged.append(name)
            if store is not None:
                store.record_output(target, name, digests[name])
            continue
        if (existing is not None and not is_ours(name, existing) and not force) or (
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
        old = read_own(folder / name)
        if old is not None and is_ours(name, old):
            (folder / name).unlink()
            report.removed.append(name)
    return report
