"""VTIMEZONE components (RFC 5545 3.6.5) from the IANA zone data.

Each observance is written as one transition with its own DTSTART and no RRULE: the offsets
before and after every change of offset, found by probing :mod:`zoneinfo` itself. No
recurrence rule is left for a reader to expand, so every reader (ical.js, libical,
icalendar, vobject, node-ical) lands on the same offsets, including in years when a zone
changed its rules. One leading observance gives the offset in force at the start.

The years covered are a fixed window (:data:`WINDOW`); a time outside it is written in UTC.
So a TZID has the same VTIMEZONE in every calendar we write. That matters: vobject (and so
Radicale) keeps the first VTIMEZONE it meets for a TZID for the rest of the process, and
places later calendars' events with it (a property test found 1 April 2000 read in winter
time after a calendar covering other years had been read).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from tenderctl.calendar.icstext import format_utc

_TZID = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*")
_UTC_KEYS = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Zulu", "Zulu", "Universal", "Etc/Universal", "GMT", "Etc/GMT"})
WINDOW = (2010, 2040)
"""Years every VTIMEZONE covers (about 7 KB for a zone with summer time); times outside are UTC."""
STEP = timedelta(days=7)
"""Probe spacing: no zone has changed its offset and back within a week (Morocco's Ramadan
suspension of summer time, the shortest, lasts about a month)."""


def zone_key(zone: tzinfo) -> str | None:
    """The IANA key a VTIMEZONE can carry as TZID, or None (UTC, a fixed offset, an unnamed zone)."""
    key = getattr(zone, "key", None)
    if not isinstance(key, str) or key in _UTC_KEYS or not _TZID.fullmatch(key) or len(key) > 64:
        return None
    return key


def local_form(instant: datetime, zone: tzinfo) -> str | None:
    """``20250605T150000``: the instant's wall time in ``zone``, when that wall time names it alone.

    None when it does not: a wall time the clocks pass twice (the hour repeated when summer
    time ends), which is then written in UTC. RFC 5545 reads such a time as its first pass,
    but Mozilla's ical.js reads it as the second: only UTC is read alike.
    """
    local = instant.astimezone(zone)
    if local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset():
        return None
    return f"{local.year:04d}{local.month:02d}{local.day:02d}T{local.hour:02d}{local.minute:02d}{local.second:02d}"


def _offset(delta: timedelta | None) -> str:
    seconds = int((delta or timedelta(0)).total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


def _local(moment: datetime, offset: timedelta | None) -> str:
    m = moment.astimezone(UTC).replace(tzinfo=None) + (offset or timedelta(0))
    return f"{m.year:04d}{m.month:02d}{m.day:02d}T{m.hour:02d}{m.minute:02d}{m.second:02d}"


def _state(zone: tzinfo, moment: datetime) -> tuple[timedelta | None, timedelta | None, str | None]:
    local = moment.astimezone(zone)
    return local.utcoffset(), local.dst(), local.tzname()


def transitions(
    zone: tzinfo, first_year: int, last_year: int
) -> list[tuple[datetime, tuple[timedelta | None, timedelta | None, str | None]]]:
    """(instant, (offset, dst, name) from then on) for each change of offset within the years, first the state at the start.

    Scanned a week at a time on the UTC offset alone (see :data:`STEP`), then bisected to the second.
    """
    start = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    found = [(start, _state(zone, start))]
    offset = zone.utcoffset
    moment, before = start, start.astimezone(zone).utcoffset()
    while moment < end:
        later = min(moment + STEP, end)
        after = offset(later.astimezone(zone))
        if after != before:
            low, high = moment, later  # the change is in (low, high]: bisect to the second
            while high - low > timedelta(seconds=1):
                middle = (low + (high - low) / 2).replace(microsecond=0)
                if middle <= low:
                    break
                if offset(middle.astimezone(zone)) == before:
                    low = middle
                else:
                    high = middle
            found.append((high, _state(zone, high)))
        moment, before = later, after
    return found


@lru_cache(maxsize=256)
def vtimezone(key: str, first_year: int, last_year: int) -> str:
    """The VTIMEZONE text (CRLF lines) of the IANA zone ``key`` over those years (callers pass :data:`WINDOW`)."""
    zone = ZoneInfo(key)
    first, last = max(1, first_year), min(9998, last_year)
    changes = transitions(zone, first, last)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{key}"]
    previous_offset = changes[0][1][0]
    for moment, (offset, dst, name) in changes:
        component = "DAYLIGHT" if dst else "STANDARD"
        lines += [
            f"BEGIN:{component}",
            f"DTSTART:{_local(moment, previous_offset)}",  # local time in the offset before the change
            f"TZOFFSETFROM:{_offset(previous_offset)}",
            f"TZOFFSETTO:{_offset(offset)}",
        ]
        if name and re.fullmatch(r"[A-Za-z0-9+\-]{1,16}", name):
            lines.append(f"TZNAME:{name}")
        lines.append(f"END:{component}")
        previous_offset = offset
    lines.append("END:VTIMEZONE")
    return "\r\n".join(lines) + "\r\n"


def vtimezones(zones: Mapping[str, tuple[int, int]]) -> str:
    """VTIMEZONEs for every zone a calendar's events use (TZID -> (first year, last year)), by TZID."""
    return "".join(vtimezone(key, first, last) for key, (first, last) in sorted(zones.items()))


def merge_zones(into: dict[str, tuple[int, int]], zones: Mapping[str, tuple[int, int]]) -> None:
    """Widen ``into`` to cover ``zones`` too (the years of several tenders' events in one calendar)."""
    for key, (first, last) in zones.items():
        known = into.get(key)
        into[key] = (first, last) if known is None else (min(known[0], first), max(known[1], last))


def timed(prop: str, instant: datetime, zone: tzinfo | None, zones: dict[str, tuple[int, int]]) -> str:
    """``DTSTART;TZID=Europe/Brussels:20250605T150000`` in the tender's zone (noting the zone in
    ``zones``), or ``DTSTART:20250605T130000Z`` when the zone has no IANA name (UTC, a fixed
    offset), the wall time is passed twice (see :func:`local_form`), the year is outside the
    :data:`WINDOW` every VTIMEZONE covers, or ``zone`` is None."""
    key = zone_key(zone) if zone is not None else None
    if key is not None and zone is not None:
        local = local_form(instant, zone)
        if local is not None and WINDOW[0] <= int(local[:4]) <= WINDOW[1]:
            zones[key] = WINDOW
            return f"{prop};TZID={key}:{local}"
    return f"{prop}:{format_utc(instant)}"
