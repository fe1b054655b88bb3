"""iCalendar (RFC 5545) text for tenders, written directly and deterministically.

Why text and not :mod:`icalendar` objects: building and serialising objects is about 40x
slower and importing the library costs most of a second, while the subset we write is
small and fixed. Every calendar this module produces is parsed back in the tests by
Mozilla's ical.js (Thunderbird), vobject and icalendar, which must agree on each instant.

Design choices (see docs/calendar.md):

* Timed events are written in UTC (``DTSTART:20250605T130000Z``). Every parser reads UTC
  the same way, with no VTIMEZONE to get wrong; the tender's own zone and local time are
  in the description. Date-only milestones are all-day events (``VALUE=DATE``, DTEND the
  next day, exclusive).
* UIDs are a hash of the reference and the milestone id: an update replaces the event.
* SEQUENCE, DTSTAMP and LAST-MODIFIED come from the recorded revision of each event
  (:mod:`tenderctl.calendar.revisions`): unchanged content keeps them, changed content gets
  SEQUENCE + 1 and the time of the change. An event never seen before starts at the
  milestone's ``sequence`` field and a stamp from the data (the latest of ``status_date``
  and the steps' ``done`` dates, else a fixed epoch), never from the clock.
* A cancelled or withdrawn tender keeps its events as ``STATUS:CANCELLED`` for a grace
  period after ``status_date``, then they are dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from tenderctl.calendar.icstext import _BREAK, escape_text, fold, format_date, format_duration, format_utc, unfold
from tenderctl.calendar.icstext import UID_DOMAIN as UID_DOMAIN
from tenderctl.calendar.icstext import short_title as short_title
from tenderctl.calendar.icstext import uid_for as uid_for
from tenderctl.calendar.revisions import Published as Published  # its home is revisions.py; callers import it from here too
from tenderctl.calendar.revisions import Revision, fingerprint_of, revise
from tenderctl.calendar.todos import step_todos
from tenderctl.calendar.urls import safe_url as safe_url  # its home is urls.py; callers import it from here too
from tenderctl.calendar.vtimezone import merge_zones, timed, vtimezones
from tenderctl.tenders.timeparse import parse_duration

if TYPE_CHECKING:
    from tenderctl.calendar.revisions import RevisionState
    from tenderctl.tenders.model import Tender
    from tenderctl.tenders.summary import ResolvedMilestone

PRODID = "-//tenderctl//tenderctl calendar//EN"
MARKER = "PRODID:" + PRODID
"""A line every calendar we write contains: we only overwrite or delete files that carry it."""

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
"""DTSTAMP for tenders with no dated data: fixed, so output does not depend on the clock."""

DEFAULT_ALARMS: tuple[timedelta, ...] = (timedelta(days=7), timedelta(days=1), timedelta(hours=2))
DEFAULT_GRACE = timedelta(days=30)
DEFAULT_REFRESH = timedelta(hours=1)
TIMED_LENGTH = timedelta(minutes=30)
"""How long a timed event lasts in the calendar: it starts at the deadline itself."""

KIND_LABELS = {
    "submission": "Submission deadline",
    "questions": "Questions deadline",
    "opening": "Opening",
    "award": "Award",
}
"""Kinds whose label says it all; the others use the milestone's own title when it has one."""
REMINDER_MODES = ("alarms", "events", "both", "none")
KIND_COLORS = {"submission": "crimson", "questions": "darkorange", "internal": "slategray", "opening": "seagreen", "award": "seagreen"}
"""RFC 7986 COLOR (CSS3 names) by kind: by kind, not urgency, so the same input gives the same bytes."""
OTHER_COLOR = "steelblue"
CANCELLED_COLOR = "gray"
CALENDAR_DESCRIPTION = "Tender deadlines and milestones (written by tenderctl)"


# --- options and results ------------------------------------------------------------


@dataclass(frozen=True)
class CalendarOptions:
    """What goes into a calendar besides the tenders themselves."""

    alarms: tuple[timedelta, ...] = DEFAULT_ALARMS
    reminders: str = "alarms"
    """alarms (VALARMs), events (separate reminder events, which subscribed calendars keep), both, none."""
    kinds: frozenset[str] | None = None
    statuses: frozenset[str] | None = None
    within: timedelta | None = None
    grace: timedelta = DEFAULT_GRACE
    refresh: timedelta = DEFAULT_REFRESH
    name: str = "Tender deadlines"
    utc: bool = False
    """Every time in UTC, no VTIMEZONE (the tender's zone then only in the description)."""
    todos: bool = True
    """Steps as VTODOs (DUE from their milestone, COMPLETED from ``done``)."""

    def key(self) -> str:
        """A fingerprint of everything that changes the events (not the name or refresh)."""
        parts = [
            ",".join(str(int(a.total_seconds())) for a in self.alarms),
            self.reminders,
            ",".join(sorted(self.kinds)) if self.kinds is not None else "*",
            ",".join(sorted(self.statuses)) if self.statuses is not None else "*",
            str(self.within.total_seconds()) if self.within is not None else "-",
            str(self.grace.total_seconds()),
            "utc" if self.utc else "tz",
            "todos" if self.todos else "-",
            "v3",
        ]
        return "|".join(parts)


@dataclass
class RenderedTender:
    """One tender's VEVENT blocks (UTF-8 bytes), ready to be wrapped in any number of calendars."""

    reference: str
    title: str
    status: str
    data: bytes
    events: int
    published: dict[str, Published] = field(default_factory=dict)
    cancelled: bool = False
    revisions: dict[str, Revision] = field(default_factory=dict)
    """UID -> the revision each event was written with."""
    todos: int = 0
    """VTODOs (steps) in ``data``, besides the ``events``."""
    tags: tuple[str, ...] = ()
    """The tender's tags, for feeds filtered by tag."""
    zones: dict[str, tuple[int, int]] = field(default_factory=dict)
    """TZID -> (first, last year) its events' local times fall in: the VTIMEZONEs a calendar needs."""
    revised: bool = False
    """True when ``revisions`` differ from the recorded ones (first sight or a change): the
    rendering then depends on "now" and is not kept in a render cache."""

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")


def cancelled_until(tender: Tender, resolved: Sequence[ResolvedMilestone], grace: timedelta) -> date | None:
    """The last day a cancelled or withdrawn tender's events stay (as CANCELLED); None if not closed so.

    Counted from ``status_date``; without one, from the last milestone's day.
    """
    if tender.status.value not in ("cancelled", "withdrawn"):
        return None
    since = tender.status_date
    if since is None:
        days = [r.when.start.astimezone(r.when.zone).date() for r in resolved]
        since = max(days) if days else date(2000, 1, 1)
    return since + grace


def stamp_for(tender: Tender) -> str:
    """DTSTAMP/LAST-MODIFIED from the data: the latest status or step date, else a fixed epoch."""
    days = [s.done for s in tender.steps if s.done is not None]
    if tender.status_date is not None:
        days.append(tender.status_date)
    if not days:
        return format_utc(EPOCH)
    return format_date(max(days)) + "T000000Z"


def milestone_label(item: ResolvedMilestone) -> str:
    m = item.milestone
    if item.derived:
        return m.title or "Internal submit-by"
    return KIND_LABELS.get(m.kind.value) or m.title or m.kind.value.replace("-", " ").capitalize()


def _when_lines(item: ResolvedMilestone) -> list[str]:
    when = item.when
    zone = getattr(when.zone, "key", str(when.zone))
    if when.all_day:
        # "no later than 22 May" ends when that day ends in the tender's zone: say the instant
        ends = datetime.combine(when.day + timedelta(days=1), datetime.min.time(), tzinfo=when.zone).astimezone(UTC)
        return [f"When: {when.day:%a %d %b %Y} (all day, {zone})", f"Ends: end of that day in {zone} = {ends:%Y-%m-%d %H:%M} UTC"]
    local = when.start.astimezone(when.zone)
    utc = when.start.astimezone(UTC)
    return [f"When: {local:%a %d %b %Y %H:%M} {local.tzname()} ({zone})", f"UTC: {utc:%Y-%m-%d %H:%M}"]


def _tender_context(tender: Tender) -> tuple[list[str], list[str]]:
    """Description lines shared by every event of a tender: (header, footer)."""
    head = [f"Reference: {tender.reference}", f"Tender: {tender.title}"]
    if tender.buyer:
        head.append(f"Buyer: {tender.buyer}")
    if tender.status.value != "open":
        head.append(f"Status: {tender.status.value}" + (f" since {tender.status_date}" if tender.status_date else ""))
    foot: list[str] = []
    if tender.portal:
        foot.append(f"Portal: {tender.portal.name}" + (f" <{tender.portal.url}>" if tender.portal.url else ""))
        if tender.portal.notes:
            foot.append(f"  {tender.portal.notes}")
    if tender.url:
        foot.append(f"Notice: {tender.url}")
    todo = [s for s in tender.steps if s.done is None]
    if todo:
        foot.append("Steps still to do:")
        for step in todo:
            due = f" (by {step.date})" if step.date else ""
            foot.append(f"- {step.text}{due}")
    tips = [c for c in tender.checks if c.tip]
    if tips:
        foot.append("Compliance tips:")
        foot.extend(f"- {c.tip} [{c.rule}, {c.severity.value}]" for c in tips)
    return head, foot


def _alarm_text(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    for unit, size in (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds % size == 0 and seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return f"{seconds} seconds"


def render_tender(
    tender: Tender,
    options: CalendarOptions,
    now: datetime,
    previous: Mapping[str, Published] | None = None,
    revisions: Mapping[str, Revision] | None = None,
) -> RenderedTender:
    """The VEVENTs of one tender (possibly none), honouring the options' filters.

    ``revisions`` are the recorded revisions of this tender's events (see
    :mod:`tenderctl.calendar.revisions`); the result's ``revisions`` are what it wrote, and
    ``revised`` says whether they differ from what was recorded.
    """
    from tenderctl.tenders.summary import resolved_milestones  # lazy: pulls the pydantic model into warm runs that render nothing

    result = RenderedTender(tender.reference, tender.title, tender.status.value, b"", 0)
    result.tags = tuple(dict.fromkeys(" ".join(t.split()) for t in tender.tags if t.strip()))
    if options.statuses is not None and tender.status.value not in options.statuses:
        return result
    resolved = resolved_milestones(tender)
    until = cancelled_until(tender, resolved, options.grace)
    if until is not None:
        if now.date() > until:
            return result
        result.cancelled = True
    first_stamp = stamp_for(tender)
    head, foot = _tender_context(tender)
    url = safe_url(tender.portal.url if tender.portal else None) or safe_url(tender.url)
    short = short_title(tender.title)
    location = f"LOCATION:{escape_text(tender.portal.name)}" if tender.portal and tender.portal.name.strip() else ""
    tags = [escape_text(t) for t in dict.fromkeys(" ".join(t.split()) for t in tender.tags) if t]
    status_line = "STATUS:CANCELLED\r\n" if result.cancelled else "STATUS:CONFIRMED\r\n"
    use_alarms = options.reminders in ("alarms", "both")
    use_events = options.reminders in ("events", "both")
    out: list[str] = []

    def emit(uid: str, start: str, end: str, base: int, body: str, alarms: str, component: str = "VEVENT") -> None:
        rev = revise(uid, start + end + body, start, end, base, first_stamp, now, revisions, previous)
        result.published[uid] = Published(fingerprint_of(start, end), rev.sequence)
        result.revisions[uid] = rev
        if revisions is not None and revisions.get(uid) != rev:
            result.revised = True
        times = "".join(f"{line}\r\n" for line in (start, end) if line)
        out.append(
            f"BEGIN:{component}\r\nUID:{uid}\r\nDTSTAMP:{rev.stamp}\r\nLAST-MODIFIED:{rev.stamp}\r\nSEQUENCE:{rev.sequence}\r\n"
            f"{times}{body}{alarms}END:{component}\r\n"
        )
        if component == "VEVENT":
            result.events += 1
        else:
            result.todos += 1

    for item in resolved:
        m, when = item.milestone, item.when
        zone = None if options.utc else when.zone
        if options.kinds is not None and m.kind.value not in options.kinds:
            continue
        if options.within is not None:
            left = when.due - now
            if left <= timedelta(0) or left > options.within + (when.due - when.start):
                continue
        label = milestone_label(item)
        summary = f"{label}: {short}"
        if result.cancelled:
            summary = f"CANCELLED: {summary}"
        lines = [m.title or label] if (m.title and m.title != label) else []
        lines += head + _when_lines(item)
        if m.as_written:
            lines.append(f"As written in the notice: {m.as_written}")
        if m.notes:
            lines.append(m.notes)
        lines += foot
        description = "\n".join(lines)
        if when.all_day:
            start_value = f"DTSTART;VALUE=DATE:{format_date(when.day)}"
            end_value = f"DTEND;VALUE=DATE:{format_date(when.day + timedelta(days=1))}"
        else:
            start_value = timed("DTSTART", when.start, zone, result.zones)
            end_value = timed("DTEND", when.start + TIMED_LENGTH, zone, result.zones)
        color = CANCELLED_COLOR if result.cancelled else KIND_COLORS.get(m.kind.value, OTHER_COLOR)
        alarms = [a for a in options.alarms if not when.all_day or a >= timedelta(days=1)]
        body = _body(summary, description, url, [m.kind.value, *tags], status_line, location, color)
        emit(uid_for(tender.reference, m.id), start_value, end_value, m.sequence or 0, body, _alarms(alarms, summary) if use_alarms else "")
        if use_events:
            for offset in alarms:
                if when.all_day:
                    if offset.total_seconds() % 86400:
                        continue
                    day = when.day - timedelta(days=offset.days)
                    r_start = f"DTSTART;VALUE=DATE:{format_date(day)}"
                    r_end = f"DTEND;VALUE=DATE:{format_date(day + timedelta(days=1))}"
                else:
                    moment = when.start - offset
                    r_start = timed("DTSTART", moment, zone, result.zones)
                    r_end = timed("DTEND", moment + timedelta(minutes=15), zone, result.zones)
                r_summary = f"Reminder: {_alarm_text(offset)} to {summary}"
                r_body = _body(r_summary, description, url, ["reminder", *tags], status_line, location, color)
                r_uid = uid_for(tender.reference, m.id, f"reminder-{int(offset.total_seconds())}")
                emit(r_uid, r_start, r_end, m.sequence or 0, r_body, "")
    if options.todos:
        describe = lambda item: (milestone_label(item), _when_lines(item))  # noqa: E731
        for todo in step_todos(tender, resolved, options, now, head, tags, result.cancelled, result.zones, describe):
            emit(todo.uid, todo.due, "", 0, todo.body, "", "VTODO")
    result.data = "".join(out).encode("utf-8")
    return result


def _body(
    summary: str,
    description: str,
    url: str | None,
    categories: list[str],
    status_line: str,
    location: str = "",
    color: str = "",
) -> str:
    """An event's properties after DTSTART/DTEND, before its alarms: the content its revision tracks."""
    parts = [
        fold("SUMMARY:" + escape_text(summary)),
        fold("DESCRIPTION:" + escape_text(description)),
        fold("CATEGORIES:" + ",".join(categories)),
        status_line,
        "TRANSP:TRANSPARENT\r\n",
    ]
    if location:
        parts.append(fold(location))
    if color:
        parts.append(f"COLOR:{color}\r\n")
    if url:
        parts.append(fold("URL:" + url))
    return "".join(parts)


def _alarms(alarms: Iterable[timedelta], alarm_text: str) -> str:
    """The VALARMs of an event (options, not content: they do not move its revision)."""
    parts: list[str] = []
    escaped_alarm = None
    for offset in alarms:
        if escaped_alarm is None:
            escaped_alarm = fold("DESCRIPTION:" + escape_text(alarm_text))
        parts.append(f"BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:{format_duration(-offset)}\r\n")
        parts.append(escaped_alarm)
        parts.append("END:VALARM\r\n")
    return "".join(parts)


_HEAD = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{MARKER}\r\nCALSCALE:GREGORIAN\r\n"


@lru_cache(maxsize=16)
def _refresh_lines(refresh: timedelta) -> str:
    ttl = format_duration(refresh)
    return f"REFRESH-INTERVAL;VALUE=DURATION:{ttl}\r\nX-PUBLISHED-TTL:{ttl}\r\n"


def calendar_head(
    name: str, refresh: timedelta = DEFAULT_REFRESH, description: str = CALENDAR_DESCRIPTION, source: str | None = None
) -> str:
    """The VCALENDAR header: our PRODID, the calendar's name, description (RFC 7986 and the
    X-WR- form older clients read), SOURCE when the feed's address is known, and its refresh hints.

    The name and description are made to need no TEXT escaping (:func:`plain_calendar_text`):
    icalendar, the strict ``ical``, ical.js and libical show the backslashes of an escaped
    ``X-WR-CALNAME``, ``X-WR-CALDESC`` or ``NAME``."""
    escaped = escape_text(plain_calendar_text(name))
    about = escape_text(plain_calendar_text(description))
    head = _HEAD + fold("NAME:" + escaped) + fold("X-WR-CALNAME:" + escaped) + fold("DESCRIPTION:" + about) + fold("X-WR-CALDESC:" + about)
    if source:
        head += fold("SOURCE;VALUE=URI:" + source)
    return head + _refresh_lines(refresh)


CALENDAR_END = "END:VCALENDAR\r\n"


def wrap(blocks: Iterable[str], name: str, refresh: timedelta = DEFAULT_REFRESH, zones: Mapping[str, tuple[int, int]] | None = None) -> str:
    """A complete VCALENDAR around VEVENT blocks, with its name, refresh hints and the VTIMEZONEs ``zones`` need."""
    return calendar_head(name, refresh) + vtimezones(zones or {}) + "".join(blocks) + CALENDAR_END


def wrap_bytes(
    blocks: Iterable[bytes],
    name: str,
    refresh: timedelta = DEFAULT_REFRESH,
    description: str = CALENDAR_DESCRIPTION,
    source: str | None = None,
    zones: Mapping[str, tuple[int, int]] | None = None,
) -> bytes:
    """:func:`wrap` for UTF-8 blocks, so cached events are never decoded and encoded again."""
    head = calendar_head(name, refresh, description, source) + vtimezones(zones or {})
    return head.encode("utf-8") + b"".join(blocks) + CALENDAR_END.encode()


def zones_of(rendered: Iterable[RenderedTender]) -> dict[str, tuple[int, int]]:
    """The zones (and years) all these tenders' events use, for one calendar holding them all."""
    zones: dict[str, tuple[int, int]] = {}
    for r in rendered:
        merge_zones(zones, r.zones)
    return zones


_NAME_SPECIALS = str.maketrans({";": " ·", ",": " ·", "\\": "/"})


def plain_calendar_text(text: str) -> str:
    """A calendar's name or description that needs no TEXT escaping: several clients show the
    backslashes of ``\\;`` ``\\,`` there, so ``;`` and ``,`` become `` ·``, ``\\`` ``/``, and line breaks spaces."""
    return " ".join(_BREAK.sub(" ", text.translate(_NAME_SPECIALS)).split())


def tender_calendar_name(reference: str, title: str) -> str:
    """ "REF: short title", needing no TEXT escaping (:func:`plain_calendar_text`)."""
    return plain_calendar_text(f"{reference}: {short_title(title)}")


def build_calendar(
    tenders: Iterable[Tender],
    options: CalendarOptions,
    now: datetime,
    previous: Mapping[str, Published] | None = None,
    name: str | None = None,
    state: RevisionState | None = None,
) -> tuple[str, list[RenderedTender]]:
    """One calendar for many tenders, in reference order: (text, per-tender results).

    With a ``state``, SEQUENCE and stamps come from it and it records what was written."""
    rendered = [
        render_tender(t, options, now, previous, state.events(t.reference) if state else None)
        for t in sorted(tenders, key=lambda t: t.reference)
    ]
    if state is not None:
        for r in rendered:
            state.update(r.reference, r.revisions)
    return wrap((r.text for r in rendered), name or options.name, options.refresh, zones_of(rendered)), rendered


def read_published(text: str) -> dict[str, Published]:
    """UID -> (time fingerprint, SEQUENCE) of the events in a calendar we wrote earlier.

    Only our own files are read this way (callers check :data:`MARKER`); anything odd in
    an event simply leaves that event out, so its SEQUENCE restarts from the field.
    """
    found: dict[str, Published] = {}
    uid = start = end = None
    sequence = 0
    depth = 0
    for line in unfold(text):
        if line == "BEGIN:VEVENT":
            uid = start = end = None
            sequence, depth = 0, 1
        elif line == "END:VEVENT":
            if uid and start and end:
                found[uid] = Published(fingerprint_of(start, end), sequence)
            depth = 0
        elif depth == 1:
            if line.startswith("BEGIN:"):
                depth = 2
            elif line.startswith("UID:"):
                uid = line[4:]
            elif line.startswith("DTSTART"):
                start = line
            elif line.startswith("DTEND"):
                end = line
            elif line.startswith("SEQUENCE:"):
                try:
                    sequence = int(line[9:])
                except ValueError:
                    sequence = 0
        elif depth == 2 and line.startswith("END:VALARM"):
            depth = 1
    return found


def parse_alarm(text: str) -> timedelta:
    """``7d``, ``2h``, ``1d12h`` -> a positive offset before the event; ValueError otherwise."""
    offset = parse_duration(text)
    if offset <= timedelta(0):
        raise ValueError(f"an alarm must be before the event: {text!r} (write e.g. 7d, 1d or 2h)")
    if offset > timedelta(days=366):
        raise ValueError(f"an alarm more than a year ahead is not useful: {text!r}")
    return offset
