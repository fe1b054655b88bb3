"""Publishing a calendar: one file (or stdout) or a feed folder, never over someone else's file.

The core of ``tenderctl ics``: the CLI parses options, calls :func:`publish_file` or
:func:`publish_folder` and renders the summary they return.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tenderctl.calendar.feed import INDEX_NAME, Feed, FeedBuilder, previous_from_folder, read_own, render_index, write_feed, writing_in
from tenderctl.calendar.filtered import NamedFeed, filter_feed
from tenderctl.calendar.ics import MARKER, CalendarOptions, Published, read_published, wrap_bytes, zones_of
from tenderctl.calendar.store import RenderStore, source_path
from tenderctl.errors import TenderctlError
from tenderctl.fsutil import TEMP_PATTERN, atomic_write

if TYPE_CHECKING:
    from tenderctl.calendar.revisions import RevisionState
    from tenderctl.tenders.loader import LoadedTender


def previous_of_file(output: Path, force: bool) -> dict[str, Published]:
    """What ``output`` published before; TenderctlError when it is not ours to overwrite."""
    existing = read_own(output)
    if existing is not None:
        if MARKER.encode() in existing[:4096]:
            return read_published(existing.decode("utf-8", "replace"))
        if not force:
            raise TenderctlError(f"{output}: exists and is not a calendar tenderctl wrote (pass --force to overwrite it)")
    elif output.is_dir():
        raise TenderctlError(f"{output}: is a folder (use --out-dir for a feed folder)")
    elif (output.exists() or output.is_symlink()) and not force:
        raise TenderctlError(f"{output}: exists and is not a regular file")
    return {}


def render_file(
    selected: Sequence[LoadedTender],
    options: CalendarOptions,
    now: datetime,
    previous: dict[str, Published],
    store: RenderStore | None,
    state: RevisionState | None = None,
) -> tuple[bytes, int, int, FeedBuilder]:
    """(calendar bytes, events, tenders with events, the builder) for one calendar of ``selected``."""
    builder = FeedBuilder(options, store=store)
    rendered = [r for _, _, r in builder.render_all(selected, now, lambda _name: previous, state=state)]
    if store is not None:
        store.save((source_path(t) for t in selected), ())
    data = wrap_bytes((r.data for r in rendered), options.name, options.refresh, zones=zones_of(rendered))
    return data, sum(r.events for r in rendered), len([r for r in rendered if r.events]), builder


def publish_file(
    output: Path,
    selected: Sequence[LoadedTender],
    options: CalendarOptions,
    now: datetime,
    force: bool,
    store: RenderStore | None,
    state: RevisionState | None = None,
) -> dict[str, Any]:
    """Write one calendar file atomically (only when its bytes changed); the --json summary."""
    previous = previous_of_file(output, force)
    data, events, tenders, builder = render_file(selected, options, now, previous, store, state)
    folder = output.parent if str(output.parent) else Path(".")
    own = re.compile(TEMP_PATTERN.format(name=re.escape(output.name)))
    with writing_in(folder, lambda name: own.fullmatch(name) is not None) as cleared:
        changed = read_own(output) != data
        if changed:
            atomic_write(output, data)
    return {
        "status": "ok",
        "file": str(output),
        "tenders": tenders,
        "events": events,
        "written": [output.name] if changed else [],
        "unchanged": [] if changed else [output.name],
        "cleared": cleared,
        "rendered": builder.misses,
        "reused": builder.hits,
    }


def publish_folder(
    folder: Path,
    selected: Sequence[LoadedTender],
    options: CalendarOptions,
    now: datetime,
    base_url: str | None,
    force: bool,
    store: RenderStore | None,
    state: RevisionState | None = None,
    feeds: Sequence[NamedFeed] = (),
) -> dict[str, Any]:
    """Write a feed folder (only the files that changed); the --json summary.

    ``feeds`` are filtered calendars (``--feed NAME=QUERY``), written as ``NAME.ics`` beside
    all.ics and listed in index.html: the static folder's answer to serve's query strings.
    """
    builder = FeedBuilder(options, base_url, store=store, reserved=[f.file for f in feeds])
    unchanged = None
    if store is not None:
        unchanged = lambda name, key: store.output_unchanged(folder / name, name, key)  # noqa: E731
    feed = builder.build(selected, now, previous_from_folder(folder), unchanged, state=state)
    named = add_named_feeds(feed, builder, feeds, selected, now, state, store)
    report = write_feed(folder, feed, force=force, store=store)
    if store is not None:
        store.save((source_path(t) for t in selected), [*feed.files, *feed.kept])
    return {
        "status": "ok",
        "folder": str(folder),
        "base_url": builder.base_url,
        "tenders": len(feed.entries),
        "events": feed.events,
        "written": report.written,
        "unchanged": report.unchanged,
        "removed": report.removed,
        "cleared": report.cleared,
        "feeds": named,
        "rendered": builder.misses,
        "reused": builder.hits,
    }


def add_named_feeds(
    feed: Feed,
    builder: FeedBuilder,
    feeds: Sequence[NamedFeed],
    selected: Sequence[LoadedTender],
    now: datetime,
    state: RevisionState | None,
    store: RenderStore | None,
) -> list[dict[str, Any]]:
    """Put each named filtered calendar into ``feed`` (and index.html); their --json rows."""
    if not feeds:
        return []
    options = builder.options
    kind_builders: dict[frozenset[str], FeedBuilder] = {}

    def kind_builder(kinds: frozenset[str]) -> FeedBuilder:
        if kinds not in kind_builders:
            kind_builders[kinds] = FeedBuilder(replace(options, kinds=kinds), builder.base_url, store=store)
        return kind_builders[kinds]

    rendered = [r for _name, _key, r in builder.last]
    rows: list[dict[str, Any]] = []
    for item in feeds:
        chosen = filter_feed(rendered, item.query, selected, now, state, builder, kind_builder)
        filters = item.query.key()
        feed.files[item.file] = wrap_bytes(
            (r.data for r in chosen),
            f"{options.name}: {item.name}",
            options.refresh,
            f"Tender deadlines and milestones where {filters.replace('&', ' and ')} (written by tenderctl)",
            builder.base_url + item.file if builder.base_url else None,
            zones_of(chosen),
        )
        rows.append({"name": item.name, "file": item.file, "filters": filters, "events": sum(r.events for r in chosen)})
    listed = [(row["name"], row["file"], row["filters"], row["events"]) for row in rows]
    feed.files[INDEX_NAME] = render_index(feed.entries, options.name, builder.base_url, feed.events, listed).encode()
    return rows
