"""The values of a notice as text: dates, times and UTC offsets (``combine``), whitespace
(``collapse``, ``clean``). Pure functions, no XML."""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, time, timedelta, timezone

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?")
_TIME = re.compile(r"(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?")


@functools.lru_cache(maxsize=1024)
def combine(date_text: str | None, time_text: str | None) -> tuple[datetime | date, timedelta | None]:
    """An eForms date (``2020-02-04+02:00``) and optional time (``10:00:00+02:00``) as one value.

    The time's offset wins (it is the offset of the instant); without a time the value is the
    day itself. ValueError with a message for what cannot be a date or a time. Cached: the
    lots of a notice, and its change notices, repeat the same few dates (the values are immutable).
    """
    text = clean(date_text)
    match = _DATE.fullmatch(text)
    if not match:
        raise ValueError(f"not a date: {text!r} (eForms writes 2024-03-01+01:00)")
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError(f"impossible date {text!r}") from None
    date_offset = _offset(match[4])
    if time_text is None:
        return day, date_offset
    clock = clean(time_text)
    tmatch = _TIME.fullmatch(clock)
    if not tmatch:
        raise ValueError(f"not a time: {clock!r} (eForms writes 10:00:00+01:00)")
    try:
        moment = time(int(tmatch[1]), int(tmatch[2]), int(tmatch[3]))
    except ValueError:
        if (tmatch[1], tmatch[2], tmatch[3]) == ("24", "00", "00"):
            moment, day = time(0, 0), day + timedelta(days=1)  # xs:time allows 24:00:00, the end of the day
        else:
            raise ValueError(f"impossible time {clock!r}") from None
    try:
        offset = _offset(tmatch[4]) if tmatch[4] else date_offset
    except ValueError:
        raise ValueError(f"impossible UTC offset in the time {clock!r}") from None
    if offset is None:
        return datetime.combine(day, moment), None
    if abs(offset) > timedelta(hours=14):
        raise ValueError(f"impossible UTC offset in the time {clock!r}")
    return datetime.combine(day, moment, tzinfo=timezone(offset)), offset


def _offset(text: str | None) -> timedelta | None:
    if not text:
        return None
    if text == "Z":
        return timedelta(0)
    sign = -1 if text[0] == "-" else 1
    hours, minutes = int(text[1:3]), int(text[4:6])
    if hours > 14 or minutes > 59:
        raise ValueError(f"impossible UTC offset {text!r}")
    return sign * timedelta(hours=hours, minutes=minutes)


def collapse(text: str) -> str:
    """Runs of whitespace as one space, none at the ends (what every text of a notice gets)."""
    return " ".join(text.split())


def clean(text: str | None) -> str:
    """An element's text collapsed, ``""`` for none."""
    return " ".join(text.split()) if text else ""
