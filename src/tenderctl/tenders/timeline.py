"""Milestones as instants, and the deadline view. "Now" is always a parameter.

All-day milestones (a date without a time) stay dates: they are due until the end of that
day in the tender's zone, and are never shifted into another zone for display.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from datetime import UTC as UTC
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from tenderctl.tenders.timeparse import ParsedAt, parse_at
from tenderctl.tenders.zones import ABBREVIATIONS, unknown_zone_hint


class NonexistentTime(ValueError):
    """A wall time skipped by a spring-forward clock change."""


@lru_cache(maxsize=512)
def get_zone(name: str) -> ZoneInfo:
    """ZoneInfo by IANA name; ValueError naming the nearest valid zones otherwise."""
    if not name or name.startswith(("/", ".")) or ".." in name:
        raise ValueError(f"unknown time zone: {name!r} (use an IANA name such as Europe/Brussels)")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        hint = suggest_zone(name) or "use an IANA name such as Europe/Brussels"
        raise ValueError(f"unknown time zone: {name!r} ({hint})") from None


def suggest_zone(name: str) -> str | None:
    """A hint for an unknown zone name; never a zone at another offset (see :mod:`zones`).

    Offsets and abbreviations are answered by :func:`zones.unknown_zone_hint`; then a
    different case or a bare city name; a near spelling only for names shaped like
    ``Region/City`` (a close match of "COT" is "UCT", which is not Colombia).
    """

    meaning = unknown_zone_hint(name)
    if meaning:
        return meaning
    zones = available_timezones()
    lowered = {z.lower(): z for z in zones}
    if name.lower() in lowered:
        return f"did you mean {lowered[name.lower()]}?"
    city = name.strip().replace(" ", "_").lower()
    by_city = sorted(z for z in zones if z.lower().rsplit("/", 1)[-1] == city)
    if by_city:
        return f"did you mean {by_city[0]}?"
    if "/" not in name:
        return None
    close = difflib.get_close_matches(name, sorted(z for z in zones if "/" in z), n=1, cutoff=0.6)
    return f"did you mean {close[0]}?" if close else None


# Labels a notice may print after a time, with the UTC offset each one means, and a zone
# to suggest when someone writes the label where an IANA name belongs.
LABEL_OFFSETS: dict[str, timedelta] = {
    "UTC": timedelta(0),
    "GMT": timedelta(0),
    "Z": timedelta(0),
    "WET": timedelta(0),
    "WEST": timedelta(hours=1),
    "BST": timedelta(hours=1),
    "IST": timedelta(hours=5, minutes=30),
    "CET": timedelta(hours=1),
    "CEST": timedelta(hours=2),
    "EET": timedelta(hours=2),
    "EEST": timedelta(hours=3),
    "MSK": timedelta(hours=3),
    "EAT": timedelta(hours=3),
    "WAT": timedelta(hours=1),
    "CAT": timedelta(hours=2),
    "SAST": timedelta(hours=2),
    "EST": timedelta(hours=-5),
    "EDT": timedelta(hours=-4),
    "CST": timedelta(hours=-6),
    "CDT": timedelta(hours=-5),
    "MST": timedelta(hours=-7),
    "MDT": timedelta(hours=-6),
    "PST": timedelta(hours=-8),
    "PDT": timedelta(hours=-7),
    "NST": timedelta(hours=-3, minutes=-30),
    "NDT": timedelta(hours=-2, minutes=-30),
    "JST": timedelta(hours=9),
    "KST": timedelta(hours=9),
    "AEST": timedelta(hours=10),
    "AEDT": timedelta(hours=11),
    "NZST": timedelta(hours=12),
    "NZDT": timedelta(hours=13),
}
# What draft proposes for a label printed after a time: the first meaning in zones.ABBREVIATIONS.
LABEL_ZONES: dict[str, str] = {label: meanings[0][0] for label, meanings in ABBREVIATIONS.items()}


@lru_cache(maxsize=1)
def local_zone() -> tzinfo:
    """The machine's IANA zone (TZ, /etc/localtime, /etc/timezone), else UTC; see :func:`local_zone_choice`."""
    return local_zone_choice()[0]


@lru_cache(maxsize=1)
def local_zone_choice() -> tuple[tzinfo, str | None]:
    """The machine's zone, and a warning when it had to fall back to UTC (the CLI says it once).

    A fixed offset would put a summer deadline an hour off in winter, so we insist on a
    real zone and fall back to UTC rather than guess; but never silently: ``TZ=Nowhere/Land``
    is a typo the user must hear about.
    """
    candidates: list[str] = []
    env = os.environ.get("TZ", "").lstrip(":")
    if env:
        candidates.append(env)
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    try:
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except OSError:
        pass
    rejected: list[str] = []
    for name in candidates:
        try:
            zone = get_zone(name)
        except ValueError:
            rejected.append(name)
            continue
        if name == env or not env:
            return zone, None
        return (
            zone,
            f"TZ={env!r} is not a known time zone; showing times in {name}, this machine's zone (set TZ to an IANA name or pass --tz)",
        )
    if env:
        return (
            UTC,
            f"TZ={env!r} is not a known time zone; showing times in UTC (set TZ to an IANA name such as Europe/Brussels, or pass --tz)",
        )
    return UTC, "this machine's time zone is not set; showing times in UTC (set TZ to an IANA name such as Europe/Brussels, or pass --tz)"


def zone_name(zone: tzinfo) -> str:
    return getattr(zone, "key", None) or str(zone)


@dataclass(frozen=True)
class When:
    """A resolved milestone time.

    ``start`` is the instant (aware, in UTC); for all-day milestones it is midnight at the start of
    ``day`` in ``zone`` and ``due`` is midnight at its end (the day is still open until then).
    """

    parsed: ParsedAt
    zone: tzinfo
    start: datetime
    due: datetime
    ambiguous: bool = False

    @property
    def all_day(self) -> bool:
        return self.parsed.all_day

    @property
    def day(self) -> date:
        return self.parsed.day

    def to_json(self, reader: tzinfo | None = None) -> dict[str, object]:
        """The JSON shape of a moment, the same in every command's output.

        ``at``: the instant in the milestone's own zone (ISO 8601 with its offset), or the date
        for an all-day milestone; ``utc``: the instant in UTC (null for all-day); ``timezone``:
        the milestone's zone; ``all_day``; ``local``: the instant in the reader's zone (``--tz``
        or this machine's), null for all-day.
        """
        local = None if self.all_day or reader is None else self.start.astimezone(reader).isoformat(timespec="minutes")
        return {
            "at": self.iso(),
            "utc": None if self.all_day else self.start.isoformat().replace("+00:00", "Z"),
            "timezone": zone_name(self.zone),
            "all_day": self.all_day,
            "local": local,
        }

    def iso(self) -> str:
        """``YYYY-MM-DD`` for all-day, else ISO 8601 in the milestone's zone with its offset."""
        if self.all_day:
            return self.day.isoformat()
        return self.start.astimezone(self.zone).isoformat(timespec="minutes" if self.start.second == 0 else "seconds")


def localize(day: date, wall: time, zone: tzinfo) -> tuple[datetime, bool]:
    """Wall time in ``zone`` -> aware datetime; raises in a gap, flags an ambiguous time.

    An ambiguous wall time (the autumn fall-back hour happens twice) resolves to the
    earlier instant, which is ``fold=0``.
    """
    naive = datetime.combine(day, wall)
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    round_trip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != naive:
        before, after = first.utcoffset(), second.utcoffset()
        skipped = f"UTC{_signed(before)} to UTC{_signed(after)}" if before is not None and after is not None else "a jump"
        raise NonexistentTime(f"'{naive:%Y-%m-%d %H:%M}' does not exist in {zone_name(zone)}: the clocks skip that hour ({skipped})")
    ambiguous = first.utcoffset() != second.utcoffset()
    return first, ambiguous


def _signed(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@lru_cache(maxsize=8192)  # validation and the summary both resolve every milestone
def resolve(at: str, zone: tzinfo) -> When:
    """Turn a milestone's ``at`` into instants in ``zone``.

    Instants are returned in UTC: Python subtracts two datetimes that share a tzinfo by
    their wall clocks, which is an hour off across a clock change.
    """
    parsed = parse_at(at)
    if parsed.wall is None:
        start = localize_midnight(parsed.day, zone).astimezone(UTC)
        due = localize_midnight(parsed.day + timedelta(days=1), zone).astimezone(UTC)
        return When(parsed, zone, start, due)
    if parsed.offset is not None:
        instant = datetime.combine(parsed.day, parsed.wall, tzinfo=parsed.offset).astimezone(UTC)
        return When(parsed, zone, instant, instant)
    local, ambiguous = localize(parsed.day, parsed.wall, zone)
    instant = local.astimezone(UTC)
    return When(parsed, zone, instant, instant, ambiguous)


def localize_midnight(day: date, zone: tzinfo) -> datetime:
    """The first instant of ``day`` in ``zone`` (some zones skip midnight itself)."""
    try:
        return localize(day, time(0), zone)[0]
    except NonexistentTime:
        probe = datetime.combine(day, time(0)).replace(tzinfo=zone)
        return probe.astimezone(UTC).astimezone(zone)


def urgency(left: timedelta) -> str:
    """A name for how close a deadline is; the CLI maps it to a colour."""
    if left <= timedelta(0):
        return "past"
    if left <= timedelta(days=1):
        return "critical"
    if left <= timedelta(days=3):
        return "soon"
    if left <= timedelta(days=7):
        return "week"
    return "later"
