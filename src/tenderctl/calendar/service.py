"""The feeds of a tenders folder, kept current and held in memory as ready answers.

:class:`FeedService` rescans the folder, rebuilds what changed and keeps one
:class:`Resource` per URL path; the HTTP loop that answers from them is
:mod:`tenderctl.calendar.server`.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import formatdate
from pathlib import Path
from typing import Any

from tenderctl.calendar.bodyfile import BodyFile, body_file
from tenderctl.calendar.feed import ALL_NAME, INDEX_NAME, FeedBuilder
from tenderctl.calendar.filtered import filter_feed
from tenderctl.calendar.ics import CalendarOptions, Published, RenderedTender, tender_calendar_name, wrap_bytes, zones_of
from tenderctl.calendar.revisions import RevisionState, revisions
from tenderctl.calendar.store import RenderStore, load_known
from tenderctl.calendar.subscribe import FeedQuery
from tenderctl.errors import TenderctlError
from tenderctl.tenders.loader import discover

ICS_TYPE = "text/calendar; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
INDEX_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


@dataclass(frozen=True)
class Variant:
    """One representation of a resource (identity or gzip) with its response heads made once.

    The heads end before ``Date`` and ``Connection``, which the server adds per request.
    """

    etag: str
    body: bytes
    head_200: bytes
    head_304: bytes
    file: BodyFile | None = None
    """The body in a memory file for ``sendfile``, when it is large (:mod:`tenderctl.calendar.bodyfile`)."""


@dataclass(frozen=True)
class Resource:
    body: bytes
    etag: str
    last_modified: int
    content_type: str
    gzipped: bytes = b""
    """The body gzip-compressed (made once per change of the body), for clients that accept it."""
    variants: tuple[Variant, ...] = field(init=False, repr=False, compare=False)
    """(identity, gzip): everything an answer needs, so a request builds nothing."""

    def __post_init__(self) -> None:
        common = (
            f"Vary: Accept-Encoding\r\nLast-Modified: {formatdate(self.last_modified, usegmt=True)}\r\n"
            "Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n"
        )
        if self.content_type.startswith("text/html"):
            common += f"Content-Security-Policy: {INDEX_POLICY}\r\n"
        out = []
        for etag, body, coding in ((self.etag, self.body, ""), (self.gzip_etag, self.gzipped, "Content-Encoding: gzip\r\n")):
            if coding and not body:
                break
            head = f"Content-Type: {self.content_type}\r\nContent-Length: {len(body)}\r\n{coding}ETag: {etag}\r\n{common}"
            out.append(
                Variant(
                    etag,
                    body,
                    f"HTTP/1.1 200 OK\r\nServer: tenderctl\r\n{head}".encode("latin-1"),
                    f"HTTP/1.1 304 Not Modified\r\nServer: tenderctl\r\nETag: {etag}\r\n{common}".encode("latin-1"),
                    body_file(body),
                )
            )
        object.__setattr__(self, "variants", tuple(out))

    @property
    def gzip_etag(self) -> str:
        """A representation of its own needs a strong ETag of its own (RFC 9110 8.8.3)."""
        return self.etag[:-1] + '-gzip"'


def strong_etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def make_resource(body: bytes, last_modified: int, content_type: str, etag: str | None = None) -> Resource:
    """A resource and its gzip variant, compressed here once (never per request)."""
    return Resource(body, etag or strong_etag(body), last_modified, content_type, gzip.compress(body, compresslevel=6, mtime=0))


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
                    pinned = {ref: self.served[ref] for ref in result.conflicts if ref in self.served}
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
                fresh["/" + name] = make_resource(body, last, kind, etag)
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

    def cached_filtered(self, path: str, query: FeedQuery) -> Resource | None:
        """The filtered feed if it is built for the current generation (a dict read, no lock), else None."""
        return self.filtered.get((self.generation, path, query.key()))

    def _build_filtered(self, path: str, query: FeedQuery, base: Resource) -> Resource:
        rendered = [r for name, _key, r in self.builder.last if path == "/" + ALL_NAME or "/" + name == path]
        chosen = filter_feed(rendered, query, self.tenders, self.moment, self.state, self.builder, self._kind_builder)
        if path == "/" + ALL_NAME:
            name = self.builder.options.name
        else:
            name = tender_calendar_name(chosen[0].reference, chosen[0].title) if chosen else self.builder.options.name
        source = f"{self.builder.base_url}{path.lstrip('/')}?{query.key()}" if self.builder.base_url else None
        body = wrap_bytes((r.data for r in chosen), name, self.builder.options.refresh, source=source, zones=zones_of(chosen))
        return make_resource(body, base.last_modified, ICS_TYPE)

    def _kind_builder(self, kinds: frozenset[str]) -> FeedBuilder:
        """A builder of only these kinds, kept (a few) so a popular filter renders once per change."""
        builder = self.kind_builders.get(kinds)
        if builder is None:
            if len(self.kind_builders) >= self.MAX_KIND_BUILDERS:
                self.kind_builders.pop(next(iter(self.kind_builders)))
            builder = FeedBuilder(replace(self.builder.options, kinds=kinds), self.builder.base_url, store=self.store)
            self.kind_builders[kinds] = builder
        return builder

    def get(self, path: str) -> Resource | None:
        if time.monotonic() - self.checked >= self.check_interval:
            if not self.slow:
                self.refresh()
            elif self.background is None or not self.background.is_alive():
                self.background = threading.Thread(target=self.refresh, name="tenderctl-feed-refresh", daemon=True)
                self.background.start()
        return self.resources.get(path)
