"""Filtered calendars: one rule for ``serve``'s query strings and ``ics --out-dir --feed NAME=QUERY``.

A status or tag filter picks whole tenders; a kind filter renders the chosen tenders with
those kinds only. The revisions are the main feed's, so an event has the same SEQUENCE and
stamps in every calendar it appears in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from tenderctl.calendar.ics import RenderedTender
from tenderctl.calendar.subscribe import FeedQuery, normalise_tag, parse_query

if TYPE_CHECKING:
    from tenderctl.calendar.feed import FeedBuilder
    from tenderctl.calendar.revisions import RevisionState
    from tenderctl.tenders.loader import LoadedTender

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
RESERVED = ("all", "index")


@dataclass(frozen=True)
class NamedFeed:
    """``--feed NAME=QUERY``: a filtered calendar written as ``NAME.ics`` in the feed folder."""

    name: str
    query: FeedQuery

    @property
    def file(self) -> str:
        return self.name + ".ics"


def parse_named_feed(text: str) -> NamedFeed:
    """``submissions=kind=submission&status=open`` -> NamedFeed; ValueError with the fix otherwise."""
    name, sep, query = text.partition("=")
    if not sep or not _NAME.fullmatch(name) or name.lower() in RESERVED:
        raise ValueError(
            f"{text!r}: write NAME=FILTERS, NAME of letters, digits, '-' and '_' (not 'all' or 'index'), "
            "e.g. submissions=kind=submission&status=open"
        )
    parsed = parse_query(query)
    if parsed.empty:
        raise ValueError(f"{text!r}: no filter after the name (kind=..., status=..., tag=...)")
    return NamedFeed(name, parsed)


def filter_feed(
    rendered: Sequence[RenderedTender],
    query: FeedQuery,
    tenders: Sequence[LoadedTender],
    now: datetime,
    state: RevisionState | None,
    builder: FeedBuilder,
    kind_builder: Callable[[frozenset[str]], FeedBuilder],
) -> list[RenderedTender]:
    """The renderings of ``rendered`` (the main feed's, in order) that ``query`` keeps, narrowed to its kinds."""
    options = builder.options
    chosen = [r for r in rendered if options.statuses is None or r.status in options.statuses]
    if query.statuses is not None:
        chosen = [r for r in chosen if r.status in query.statuses]
    if query.tags is not None:
        chosen = [r for r in chosen if query.tags & {normalise_tag(t) for t in r.tags}]
    if query.kinds is not None:
        kinds = query.kinds if options.kinds is None else query.kinds & options.kinds
        wanted = {r.reference for r in chosen}
        loaded = [t for t in tenders if t.reference in wanted]
        chosen = [r for _, _, r in kind_builder(kinds).render_all(loaded, now, state=state)]
    return chosen
