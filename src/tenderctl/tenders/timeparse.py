"""Parsing the few time notations a tender file allows, and durations such as ``14d``.

Kept free of zones and of pydantic so the model, the loader and the CLI can all share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import lru_cache

_AT = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2})?)"
    r"(?P<offset>Z|[+-]\d{2}:?\d{2})?)?$"
)

AT_HINT = "write 2025-06-05 (all day), 2025-06-05 15:00 (the tender's zone) or 2025-06-05T15:00+02:00"

FIRST_YEAR, LAST_YEAR = 1970, 2200
"""The years a tender's dates may fall in. Far wider than any procurement needs, and far enough
from year 1 and 9999 that no zone shift, buffer or end-of-day can overflow ``datetime``
(0.1.0 raised OverflowError on 9999-12-31 23:30 in Pago Pago and listed nothing at all)."""

MAX_DURATION = timedelta(days=3660)
"""The longest duration accepted (about ten years): a buffer or window past that is a typo."""


def check_year(day: date, text: str) -> None:
    """ValueError unless ``day`` is within :data:`FIRST_YEAR`..:data:`LAST_YEAR`."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"year {day.year} is out of range: {text!r} (tender dates run from {FIRST_YEAR} to {LAST_YEAR})")


@dataclass(frozen=True)
class ParsedAt:
    """A milestone time as written: a date (all-day), a local wall time, or an exact instant."""

    day: date
    wall: time | None = None
    offset: timezone | None = None

    @property
    def all_day(self) -> bool:
        return self.wall is None


@lru_cache(maxsize=8192)  # the model's validator and then timeline.resolve parse every milestone's `at`
def parse_at(text: str) -> ParsedAt:
    """Parse ``at`` strictly; the ValueError message says what is wrong, in words."""
    match = _AT.match(text.strip())
    if not match:
        raise ValueError(f"not a date or time: {text!r} ({AT_HINT})")
    try:
        day = date.fromisoformat(match["date"])
    except ValueError as exc:
        raise ValueError(f"impossible date: {text!r} ({exc})") from None
    check_year(day, text)
    if not match["time"]:
        return ParsedAt(day)
    parts = [int(p) for p in match["time"].split(":")]
    try:
        wall = time(parts[0], parts[1], parts[2] if len(parts) > 2 else 0)
    except ValueError as exc:
        raise ValueError(f"impossible time: {text!r} ({exc})") from None
    offset = None
    if match["offset"]:
        try:
            offset = parse_offset(match["offset"])
        except ValueError as exc:
            raise ValueError(f"{exc} in {text!r} (offsets run from -12:00 to +14:00)") from None
    return ParsedAt(day, wall, offset)


def parse_offset(text: str) -> timezone:
    if text in ("Z", "z"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 18 or minutes > 59:
        raise ValueError(f"impossible UTC offset: {text!r}")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


_DURATION_PART = re.compile(r"(\d+)\s*(min|w|d|h|m|s)", re.IGNORECASE)
_DURATION = re.compile(r"^\s*(?:\d+\s*(?:w|d|h|min|m|s)\s*)+$", re.IGNORECASE)
_UNITS = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "min": 60, "s": 1}


def parse_duration(text: str) -> timedelta:
    """``14d``, ``2w``, ``1d12h``, ``90m`` -> timedelta; ValueError with a hint otherwise."""
    if not _DURATION.match(text or ""):
        raise ValueError(f"not a duration: {text!r} (write e.g. 14d, 2w, 36h, 1d12h or 90m)")
    seconds = sum(int(n) * _UNITS[unit.lower()] for n, unit in _DURATION_PART.findall(text))
    if seconds > MAX_DURATION.total_seconds():
        raise ValueError(f"duration too long: {text!r} (at most {MAX_DURATION.days} days)")
    return timedelta(seconds=seconds)


def parse_instant(text: str, default_zone: object) -> datetime:
    """``--as-of`` values: ISO 8601 date or date-time; naive ones are read in ``default_zone``."""
    cleaned = text.strip()
    try:
        parsed = datetime.fromisoformat(cleaned.replace("z", "Z"))
    except ValueError:
        raise ValueError(f"not a date-time: {text!r} (write 2025-06-01, 2025-06-01 09:00 or 2025-06-01T09:00+02:00)") from None
    check_year(parsed.date(), text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=default_zone)  # type: ignore[arg-type]
    return parsed


def format_timedelta(delta: timedelta) -> str:
    """A short human countdown: ``3 days 4 h``, ``5 h 12 min``, ``45 min``, ``under a minute``."""
    seconds = int(abs(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days >= 14:
        return f"{days} days"
    if days:
        unit = "day" if days == 1 else "days"
        return f"{days} {unit} {hours} h" if hours else f"{days} {unit}"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min"
    return "under a minute"
