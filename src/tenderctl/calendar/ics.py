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
* DTSTAMP and LAST-MODIFIED come from the data (the latest of ``status_date`` and the
  steps' ``done`` dates, else a fixed epoch), never from the clock: same input, same bytes.
* SEQUENCE is the milestone's ``sequence`` field, raised past the previously published
  value when the event's time changed (the caller passes what it published last time).
* A cancelled or withdrawn tender keeps its events as ``STATUS:CANCELLED`` for a grace
  period after ``status_date``, then they are dropped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from tenderctl.calendar.urls import safe_url as safe_url  # its home is urls.py; callers import it from here too

if TYPE_CHECKING:
    from tenderctl.tenders.model import Tender
    from tenderctl.tenders.summary import ResolvedMilestone

PRODID = "-//tenderctl//tenderctl calendar//EN"
MARKER = "PRODID:" + PRODID
"""A line every calendar we write contains: we only overwrite or delete files that carry it."""

UID_DOMAIN = "tenderctl.invalid"
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
CALENDAR_DESCRIPTION = "Tender deadlines and milestones, written by tenderctl"
SHORT_TITLE = 48

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""Line breaks in a text: CR LF, CR, LF, NEL (U+0085) and the Unicode line and paragraph separators."""


# --- the text layer -----------------------------------------------------------------


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newlines escaped, other controls dropped.

    CR and LF become the two characters ``\\n``, so no value can end a content line and
    start a property of its own.
    """
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    if ";" in value:
        value = value.replace(";", "\\;")
    if "," in value:
        value = value.replace(",", "\\,")
    if "\n" in value or "\r" in value or not value.isascii():
        value = _BREAK.sub("\\\\n", value)
    if not value.isprintable():
        value = _CONTROL.sub("", value.replace("\t", " "))
    return value


def fold(line: str) -> str:
    """One content line, folded at 75 octets without splitting a UTF-8 sequence, with CRLF."""
    if len(line) <= 75 and line.isascii():
        return line + "\r\n"
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts: list[bytes] = []
    start, limit, size = 0, 75, len(data)
    while start < size:
        end = min(start + limit, size)
        while end < size and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74  # continuation lines begin with a space, which counts
    return "\r\n ".join(p.decode("utf-8") for p in parts) + "\r\n"


def format_utc(moment: datetime) -> str:
    m = moment.astimezone(UTC)
    return f"{m.year:04d}{m.month:02d}{m.day:02d}T{m.hour:02d}{m.minute:02d}{m.second:02d}Z"


def format_date(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def format_duration(delta: timedelta, sign: str = "") -> str:
    """RFC 5545 DURATION: ``P7D``, ``PT2H``, ``P1DT12H30M`` (``-`` for before)."""
    seconds = int(delta.total_seconds())
    if seconds < 0:
        sign, seconds = "-", -seconds
    days, within_day = divmod(seconds, 86400)
    hours, rest = divmod(within_day, 3600)
    minutes, secs = divmod(rest, 60)
    if days and days % 7 == 0 and not within_day:
        return f"{sign}P{days // 7}W"
    out = f"{sign}P{days}D" if days else f"{sign}P"
    if within_day:
        out += "T" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{secs}S" if secs else "")
    return out if out not in ("P", "-P") else f"{sign}PT0S"


def uid_for(reference: str, milestone_id: str, suffix: str = "") -> str:
    """Stable UID: the same reference and milestone always give the same UID."""
    key = f"{reference}\x00{milestone_id}\x00{suffix}".encode()
    return f"{hashlib.sha256(key).hexdigest()[:32]}@{UID_DOMAIN}"


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

    def key(self) -> str:
        """A fingerprint of everything that changes the events (not the name or refresh)."""
        parts = [
            ",".join(str(int(a.total_seconds())) for a in self.alarms),
            self.reminders,
            ",".join(sorted(self.kinds)) if self.kinds is not None else "*",
            ",".join(sorted(self.statuses)) if self.statuses is not None else "*",
            str(self.within.total_seconds()) if self.within is not None else "-",
            str(self.grace.total_seconds()),
            "v2",
        ]
        return "|".join(parts)


@dataclass(frozen=True)
class Published:
    """What a previous calendar said about one event: its time fingerprint and SEQUENCE."""

    fingerprint: str
    sequence: int


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


def short_title(title: str, limit: int = SHORT_TITLE) -> str:
    """The tender's title cut at a word boundary, for a summary read at a glance."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(",;:-–")
    return (cut or title[:limit]) + "…"


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


def _fingerprint(start: str, end: str) -> str:
    return f"{start}/{end}"


def _next_sequence(uid: str, fingerprint: str, base: int, previous: Mapping[str, Published] | None) -> int:
    """The field's value, raised past the last published one when the time changed."""
    if not previous:
        return base
    before = previous.get(uid)
    if before is None:
        return base
    if before.fingerprint == fingerprint:
        return max(base, before.sequence)
    return max(base, before.sequence + 1)


def render_tender(
    tender: Tender,
    options: CalendarOptions,
    now: datetime,
    previous: Mapping[str, Published] | None = None,
) -> RenderedTender:
    """The VEVENTs of one tender (possibly none), honouring the options' filters."""
    from tenderctl.tenders.summary import resolved_milestones

    result = RenderedTender(tender.reference, tender.title, tender.status.value, b"", 0)
    if options.statuses is not None and tender.status.value not in options.statuses:
        return result
    resolved = resolved_milestones(tender)
    until = cancelled_until(tender, resolved, options.grace)
    if until is not None:
        if now.date() > until:
            return result
        result.cancelled = True
    stamp = stamp_for(tender)
    head, foot = _tender_context(tender)
    url = safe_url(tender.portal.url if tender.portal else None) or safe_url(tender.url)
    short = short_title(tender.title)
    location = f"LOCATION:{escape_text(tender.portal.name)}" if tender.portal and tender.portal.name.strip() else ""
    tags = [escape_text(t) for t in dict.fromkeys(" ".join(t.split()) for t in tender.tags) if t]
    status_line = "STATUS:CANCELLED\r\n" if result.cancelled else "STATUS:CONFIRMED\r\n"
    use_alarms = options.reminders in ("alarms", "both")
    use_events = options.reminders in ("events", "both")
    out: list[str] = []
    for item in resolved:
        m, when = item.milestone, item.when
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
            start_value = "DTSTART:" + format_utc(when.start)
            end_value = "DTEND:" + format_utc(when.start + TIMED_LENGTH)
        uid = uid_for(tender.reference, m.id)
        fingerprint = _fingerprint(start_value, end_value)
        sequence = _next_sequence(uid, fingerprint, m.sequence or 0, previous)
        result.published[uid] = Published(fingerprint, sequence)
        alarms = [a for a in options.alarms if not when.all_day or a >= timedelta(days=1)]
        block = _event(
            uid,
            stamp,
            start_value,
            end_value,
            sequence,
            summary,
            description,
            url,
            [m.kind.value, *tags],
            status_line,
            alarms if use_alarms else (),
            summary,
            location,
            CANCELLED_COLOR if result.cancelled else KIND_COLORS.get(m.kind.value, OTHER_COLOR),
        )
        out.append(block)
        result.events += 1
        if use_events:
            for offset in alarms:
                r_uid = uid_for(tender.reference, m.id, f"reminder-{int(offset.total_seconds())}")
                if when.all_day:
                    if offset.total_seconds() % 86400:
                        continue
                    day = when.day - timedelta(days=offset.days)
                    r_start = f"DTSTART;VALUE=DATE:{format_date(day)}"
                    r_end = f"DTEND;VALUE=DATE:{format_date(day + timedelta(days=1))}"
                else:
                    moment = when.start - offset
                    r_start, r_end = "DTSTART:" + format_utc(moment), "DTEND:" + format_utc(moment + timedelta(minutes=15))
                r_fp = _fingerprint(r_start, r_end)
                r_seq = _next_sequence(r_uid, r_fp, m.sequence or 0, previous)
                result.published[r_uid] = Published(r_fp, r_seq)
                r_summary = f"Reminder: {_alarm_text(offset)} to {summary}"
                out.append(
                    _event(
                        r_uid,
                        stamp,
                        r_start,
                        r_end,
                        r_seq,
                        r_summary,
                        description,
                        url,
                        ["reminder", *tags],
                        status_line,
                        (),
                        r_summary,
                        location,
                        CANCELLED_COLOR if result.cancelled else KIND_COLORS.get(m.kind.value, OTHER_COLOR),
                    )
                )
                result.events += 1
    result.data = "".join(out).encode("utf-8")
    return result


def _event(
    uid: str,
    stamp: str,
    start: str,
    end: str,
    sequence: int,
    summary: str,
    description: str,
    url: str | None,
    categories: list[str],
    status_line: str,
    alarms: Iterable[timedelta],
    alarm_text: str,
    location: str = "",
    color: str = "",
) -> str:
    parts = [
        "BEGIN:VEVENT\r\n",
        f"UID:{uid}\r\n",
        f"DTSTAMP:{stamp}\r\n",
        f"LAST-MODIFIED:{stamp}\r\n",
        f"SEQUENCE:{sequence}\r\n",
        start + "\r\n",
        end + "\r\n",
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
    escaped_alarm = None
    for offset in alarms:
        if escaped_alarm is None:
            escaped_alarm = fold("DESCRIPTION:" + escape_text(alarm_text))
        parts.append(f"BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:{format_duration(-offset)}\r\n")
        parts.append(escaped_alarm)
        parts.append("END:VALARM\r\n")
    parts.append("END:VEVENT\r\n")
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
    X-WR- form older clients read), SOURCE when the feed's address is known, and its refresh hints."""
    escaped = escape_text(name)
    about = escape_text(description)
    head = _HEAD + fold("NAME:" + escaped) + fold("X-WR-CALNAME:" + escaped) + fold("DESCRIPTION:" + about) + fold("X-WR-CALDESC:" + about)
    if source:
        head += fold("SOURCE;VALUE=URI:" + source)
    return head + _refresh_lines(refresh)


CALENDAR_END = "END:VCALENDAR\r\n"


def wrap(blocks: Iterable[str], name: str, refresh: timedelta = DEFAULT_REFRESH) -> str:
    """A complete VCALENDAR around VEVENT blocks, with its name and refresh hints."""
    return calendar_head(name, refresh) + "".join(blocks) + CALENDAR_END


def wrap_bytes(
    blocks: Iterable[bytes],
    name: str,
    refresh: timedelta = DEFAULT_REFRESH,
    description: str = CALENDAR_DESCRIPTION,
    source: str | None = None,
) -> bytes:
    """:func:`wrap` for UTF-8 blocks, so cached events are never decoded and encoded again."""
    return calendar_head(name, refresh, description, source).encode("utf-8") + b"".join(blocks) + CALENDAR_END.encode()


_NAME_SPECIALS = str.maketrans({";": " ·", ",": " ·", "\\": "/"})


def tender_calendar_name(reference: str, title: str) -> str:
    """ "REF: short title", built so it needs no TEXT escaping: several clients show the
    backslashes of ``\\;`` ``\\,`` in a calendar's name, so ``;`` and ``,`` become `` ·`` and ``\\`` ``/``."""
    name = f"{reference}: {short_title(title)}".translate(_NAME_SPECIALS)
    return " ".join(_BREAK.sub(" ", name).split())


def build_calendar(
    tenders: Iterable[Tender],
    options: CalendarOptions,
    now: datetime,
    previous: Mapping[str, Published] | None = None,
    name: str | None = None,
) -> tuple[str, list[RenderedTender]]:
    """One calendar for many tenders, in reference order: (text, per-tender results)."""
    rendered = [render_tender(t, options, now, previous) for t in sorted(tenders, key=lambda t: t.reference)]
    return wrap((r.text for r in rendered), name or options.name, options.refresh), rendered


def unfold(text: str) -> list[str]:
    """Content lines of a calendar with folding undone (for reading our own output back)."""
    return _NEWLINE.sub("\n", text).replace("\n ", "").replace("\n\t", "").split("\n")


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
                found[uid] = Published(_fingerprint(start, end), sequence)
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
    from tenderctl.tenders.timeparse import parse_duration

    offset = parse_duration(text)
    if offset <= timedelta(0):
        raise ValueError(f"an alarm must be before the event: {text!r} (write e.g. 7d, 1d or 2h)")
    if offset > timedelta(days=366):
        raise ValueError(f"an alarm more than a year ahead is not useful: {text!r}")
    return offset
