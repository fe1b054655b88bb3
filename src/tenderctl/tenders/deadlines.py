"""The deadline view across tenders: what is due, when, and how long is left."""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any, overload

from tenderctl.tenders.timeline import When, get_zone
from tenderctl.tenders.timeparse import ParsedAt, format_timedelta
from tenderctl.vocab import CLOSED_STATUSES

if TYPE_CHECKING:
    from tenderctl.tenders.loader import LoadedTender


def _when(entry: list[Any]) -> When:
    zone, day, wall, offset, start, due, ambiguous = entry[4:11]
    parsed = ParsedAt(
        date.fromisoformat(day),
        time.fromisoformat(wall) if wall is not None else None,
        timezone(timedelta(seconds=offset)) if offset is not None else None,
    )
    return When(parsed, get_zone(zone), datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(due, UTC), ambiguous)


class DeadlineRow:
    """One milestone in the deadline view, read straight from a tender's summary entry.

    The aware datetimes (:attr:`when`) are only built when a table or ``--tz`` needs them.
    """

    __slots__ = ("_when", "entry", "path", "reference", "seconds", "status", "title")

    def __init__(self, reference: str, title: str, status: str, entry: list[Any], path: str, left: float) -> None:
        # Thirty thousand rows on a warm `deadlines --all`: nothing is built here that a row may not need.
        self.reference, self.title, self.status, self.entry, self.path, self.seconds = reference, title, status, entry, path, left
        self._when: When | None = None

    @property
    def left(self) -> timedelta:
        """Time until the milestone is due (negative once past)."""
        return timedelta(seconds=self.seconds)

    milestone = property(lambda self: self.entry[0])
    kind = property(lambda self: self.entry[1])
    as_written = property(lambda self: self.entry[3])

    @property
    def milestone_title(self) -> str:
        return str(self.entry[2] or self.entry[1].replace("-", " ").capitalize())

    @property
    def all_day(self) -> bool:
        return self.entry[6] is None

    @property
    def when(self) -> When:
        if self._when is None:
            self._when = _when(self.entry)
        return self._when

    @property
    def past(self) -> bool:
        return self.seconds <= 0

    def countdown(self) -> str:
        if self.all_day and timedelta(0) < self.left <= self.when.due - self.when.start:
            return "today"
        text = format_timedelta(self.left)
        return f"in {text}" if not self.past else f"{text} ago"

    def display(self, zone: tzinfo | None) -> str:
        """The time for a reader in ``zone`` (None: the milestone's own zone)."""
        if self.all_day:
            return f"{self.when.day:%a %d %b %Y} (all day)"
        local = self.when.start.astimezone(zone or self.when.zone)
        return f"{local:%a %d %b %Y %H:%M} {local.tzname()}"

    def to_json(self, reader: tzinfo | None = None) -> dict[str, object]:
        """A row as JSON: the moment in :meth:`tenderctl.tenders.timeline.When.to_json`'s shape (``at`` in
        the milestone's own zone whatever ``--tz`` says; ``local`` in the reader's), built from the
        cached summary without resolving zones again."""
        entry = self.entry
        all_day = entry[6] is None
        local = None if all_day or reader is None else datetime.fromtimestamp(entry[8], reader).isoformat(timespec="minutes")
        seconds = self.seconds
        return {
            "reference": self.reference,
            "title": self.title,
            "status": self.status,
            "milestone": entry[0],
            "kind": entry[1],
            "milestone_title": self.milestone_title,
            "at": entry[11],
            "utc": entry[12],
            "timezone": entry[4],
            "all_day": all_day,
            "local": local,
            "as_written": entry[3],
            "seconds_left": int(seconds),
            "past": seconds <= 0,
            "file": self.path,
        }


RECENT_SUMMARIES = 1024
"""Summaries :class:`DeadlineRows` keeps decoded while it makes rows: a tender's milestones
usually fall within days of each other, so its rows come close together in the sorted order."""


_SHIFT = 32
_MASK = (1 << _SHIFT) - 1
"""A row's sort key is one int: its start and due instants (:func:`_ordered`, 64 bits each), the
rank of its tender's reference and of its milestone id (32 bits each), then its place: the
tender's position and the milestone's index (32 bits each: a tender file of a megabyte holds
far fewer than 2**32 milestones). One int is about 60 bytes; the tuple of the same five values
was 180, the most a view of 150,000 rows held."""


class DeadlineRows(Sequence[DeadlineRow]):
    """The view's rows in order, each made when it is reached, from a compact sort key per row
    (start, due, reference, milestone id, where it is: one int, see :func:`deadline_view`): a
    view of 150,000 rows holds those keys, not the rows and every tender's summary (about 3 KB
    a tender)."""

    __slots__ = ("_keys", "_now", "_tenders")

    def __init__(self, tenders: Sequence[LoadedTender] = (), keys: list[int] | None = None, now: float = 0.0) -> None:
        self._tenders, self._keys, self._now = tenders, keys if keys is not None else [], now

    def __len__(self) -> int:
        return len(self._keys)

    @overload
    def __getitem__(self, index: int) -> DeadlineRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[DeadlineRow]: ...
    def __getitem__(self, index: int | slice) -> DeadlineRow | list[DeadlineRow]:
        if isinstance(index, slice):
            return list(DeadlineRows(self._tenders, self._keys[index], self._now))
        return next(iter(DeadlineRows(self._tenders, [self._keys[index]], self._now)))

    def __iter__(self) -> Iterator[DeadlineRow]:
        for summary, entry, path, left, _tender in self.raw():
            yield DeadlineRow(summary["reference"], summary["title"], summary["status"], entry, path, left)

    def raw(self) -> Iterator[tuple[dict[str, Any], list[Any], str, float, int]]:
        """Each row as (its tender's summary, its milestone entry, the file, seconds left, the
        tender's position), without
        a :class:`DeadlineRow`: a writer that reads the fields itself (the fast path's JSON) saves
        making 30,000 objects it would read once."""
        tenders, now = self._tenders, self._now
        recent: dict[int, tuple[dict[str, Any], list[Any], str]] = {}
        for key in self._keys:
            tender, milestone = (key >> _SHIFT) & _MASK, key & _MASK
            found = recent.get(tender)
            if found is None:
                if len(recent) >= RECENT_SUMMARIES:
                    del recent[next(iter(recent))]  # the oldest: dicts keep their order
                loaded = tenders[tender]
                summary = loaded.summary
                found = recent[tender] = (summary, summary["milestones"], loaded.path)
            entry = found[1][milestone]
            yield found[0], entry, found[2], entry[9] - now, tender


_DOUBLE = struct.Struct("<d")
_BITS = struct.Struct("<Q")
_SIGN = 1 << 63
_PLACE = (1 << 64) - 1
_TWO_DOUBLES = struct.Struct(">dd")
_POSITIVE = _SIGN << 64 | _SIGN
"""What :func:`_ordered` sets in two positive instants, packed as one."""
_ALL = (1 << 64) - 1


def _ordered(value: float) -> int:
    """A float as an unsigned 64-bit int in the same order (its IEEE bits, negatives flipped;
    ``-0.0 + 0.0`` is ``0.0``, so the two zeros are one, as they compare)."""
    bits: int = _BITS.unpack(_DOUBLE.pack(value + 0.0))[0]
    return bits ^ _ALL if bits & _SIGN else bits | _SIGN


def _ranks(values: Sequence[Any]) -> list[int]:
    """Each value's place among the values sorted (equal values, equal places)."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0] * len(values)
    rank, last, first = 0, None, True
    for index in order:
        value = values[index]
        if first or value != last:
            rank, last, first = rank + (not first), value, False
        ranks[index] = rank
    return ranks


@dataclass
class DeadlineView:
    rows: Sequence[DeadlineRow] = field(default_factory=DeadlineRows)
    past_hidden: int = 0
    closed_hidden: int = 0
    filtered: int = 0
    tenders: int = 0


def selected(summary: dict[str, Any], references: set[str] | None, tags: set[str] | None) -> bool:
    """Whether a tender's summary passes ``--ref`` (any of, case-insensitive) and ``--tag`` (any of)."""
    if references is not None and str(summary["reference"]).casefold() not in {r.casefold() for r in references}:
        return False
    return tags is None or bool(tags.intersection(summary.get("tags") or ()))


@dataclass
class TenderListing:
    """One line of ``tenderctl list``: a tender and its next milestone not yet past."""

    reference: str
    title: str
    status: str
    buyer: str | None
    tags: list[str]
    path: str
    next: DeadlineRow | None

    def to_json(self, reader: tzinfo | None = None) -> dict[str, object]:
        upcoming = None
        if self.next is not None:
            row = self.next.to_json(reader)
            upcoming = {
                key: row[key]
                for key in ("milestone", "kind", "milestone_title", "at", "utc", "timezone", "all_day", "local", "seconds_left")
            }
        return {
            "reference": self.reference,
            "title": self.title,
            "status": self.status,
            "buyer": self.buyer,
            "tags": self.tags,
            "file": self.path,
            "next": upcoming,
        }


def tender_listing(
    tenders: Iterable[LoadedTender],
    now: datetime,
    *,
    statuses: set[str] | None = None,
    tags: set[str] | None = None,
    include_closed: bool = False,
) -> list[TenderListing]:
    """Every tender by reference, with its next milestone; closed ones only when asked (or by ``statuses``)."""
    now_ts = now.timestamp()
    out: list[TenderListing] = []
    for loaded in tenders:
        summary = loaded.summary
        status = summary["status"]
        if statuses is not None and status not in statuses:
            continue
        if statuses is None and status in CLOSED_STATUSES and not include_closed:
            continue
        if not selected(summary, None, tags):
            continue
        upcoming = sorted((entry for entry in summary["milestones"] if entry[9] - now_ts > 0), key=lambda e: (e[8], e[9], e[0]))
        row = (
            DeadlineRow(summary["reference"], summary["title"], status, upcoming[0], loaded.path, upcoming[0][9] - now_ts)
            if upcoming
            else None
        )
        out.append(
            TenderListing(
                summary["reference"], summary["title"], status, summary.get("buyer"), list(summary.get("tags") or []), loaded.path, row
            )
        )
    out.sort(key=lambda t: t.reference.casefold())
    return out


def deadline_view(
    tenders: Iterable[LoadedTender],
    now: datetime,
    *,
    include_past: bool = False,
    include_closed: bool = False,
    within: timedelta | None = None,
    kinds: set[str] | None = None,
    statuses: set[str] | None = None,
    references: set[str] | None = None,
    tags: set[str] | None = None,
    check: Callable[[dict[str, Any]], object] | None = None,
) -> DeadlineView:
    """Milestones soonest first; past ones and closed tenders only when asked.

    ``references`` (compared without case) and ``tags`` (any of them) narrow the tenders.
    ``check`` sees the summary of every tender whose rows the view may hold, while it is decoded
    for the view anyway (the fast path checks there that a cached row can be printed, so that it
    can print rows as it makes them).

    A milestone is past when its due instant has passed: for an all-day milestone that is
    the end of its day in the tender's zone ("no later than 22 May" is still open on 22 May).
    """
    view = DeadlineView()
    # First each row's instants, its milestone id (as a code in order of arrival) and its place;
    # the reference and the id are then replaced by their ranks, so one int sorts like the tuple
    # (start, due, reference, id, place) would.
    keys: list[int] = []
    kept = list(tenders)
    reference_of: list[str] = []
    codes: dict[Any, int] = {}
    ordered, pack_two, from_bytes = _ordered, _TWO_DOUBLES.pack, int.from_bytes
    now_ts = now.timestamp()
    span = within.total_seconds() if within is not None else None
    for position, loaded in enumerate(kept):
        summary = loaded.summary
        status = summary["status"]
        view.tenders += 1
        reference_of.append("")
        if statuses is not None and status not in statuses:
            continue
        if (references is not None or tags is not None) and not selected(summary, references, tags):
            continue
        if statuses is None and status in CLOSED_STATUSES and not include_closed:
            view.closed_hidden += 1
            continue
        if check is not None:
            check(summary)
        reference_of[position] = summary["reference"]
        for index, entry in enumerate(summary["milestones"]):
            kind, start, due = entry[1], entry[8], entry[9]
            left = due - now_ts
            if kinds is not None and kind not in kinds:
                view.filtered += 1
                continue
            if left <= 0 and not include_past:
                view.past_hidden += 1
                continue
            if span is not None and start - now_ts > span:
                view.filtered += 1
                continue
            code = codes.get(entry[0])
            if code is None:
                code = codes[entry[0]] = len(codes)
            if start > 0 and due > 0:  # positive floats: their bytes, big-endian, are in their order (one call, not four)
                instants = from_bytes(pack_two(start, due), "big") | _POSITIVE
            else:
                instants = ordered(start) << 64 | ordered(due)
            keys.append(((instants << 64 | code) << 64) | position << _SHIFT | index)
    by_reference = _ranks(reference_of)
    idents = list(codes)
    by_ident = _ranks(idents)
    del reference_of, codes, idents
    for at, key in enumerate(keys):
        place = key & _PLACE
        position = place >> _SHIFT
        keys[at] = ((key >> 128) << 64 | by_reference[position] << _SHIFT | by_ident[(key >> 64) & _MASK]) << 64 | place
    keys.sort()  # soonest first; then due, reference, id, and file order as before
    view.rows = DeadlineRows(kept, keys, now_ts)
    return view
