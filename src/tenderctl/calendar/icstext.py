"""The text layer of iCalendar (RFC 5545): TEXT escaping, line folding, date-time and duration forms."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, timedelta

UID_DOMAIN = "tenderctl.invalid"
SHORT_TITLE = 48

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""Line breaks in a text: CR LF, CR, LF, NEL (U+0085) and the Unicode line and paragraph separators."""


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


def unfold(text: str) -> list[str]:
    """Content lines of a calendar with folding undone (for reading our own output back)."""
    return _NEWLINE.sub("\n", text).replace("\n ", "").replace("\n\t", "").split("\n")


def uid_for(reference: str, milestone_id: str, suffix: str = "") -> str:
    """Stable UID: the same reference and milestone always give the same UID."""
    key = f"{reference}\x00{milestone_id}\x00{suffix}".encode()
    return f"{hashlib.sha256(key).hexdigest()[:32]}@{UID_DOMAIN}"


def short_title(title: str, limit: int = SHORT_TITLE) -> str:
    """The tender's title cut at a word boundary, for a summary read at a glance."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(",;:-–")
    return (cut or title[:limit]) + "…"
