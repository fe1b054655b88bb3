"""Time zones read next to a time: abbreviations, long names, offsets, cities."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# Abbreviations a notice prints after a time, beyond tenderctl.tenders.timeline.LABEL_ZONES.
EXTRA_LABEL_ZONES = {
    "BST": "Europe/London",
    "WET": "Europe/Lisbon",
    "WEST": "Europe/Lisbon",
    "EET": "Europe/Athens",
    "EEST": "Europe/Athens",
    "MSK": "Europe/Moscow",
    "CAT": "Africa/Maputo",
    "SAST": "Africa/Johannesburg",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
    "NZST": "Pacific/Auckland",
    "NZDT": "Pacific/Auckland",
    "KST": "Asia/Seoul",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "NST": "America/St_Johns",
    "NDT": "America/St_Johns",
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
AMBIGUOUS_LABELS = {
    "IST": "IST is India (UTC+5:30) but also Irish and Israel Standard Time",
    "CST": "CST is US Central but also China Standard Time (UTC+8)",
    "BST": "BST is British Summer Time but also Bangladesh Standard Time",
}
LONG_NAMES = {
    "central european summer time": "CEST",
    "central european time": "CET",
    "central europe time": "CET",
    "eastern european time": "EET",
    "western european time": "WET",
    "east africa time": "EAT",
    "west africa time": "WAT",
    "central africa time": "CAT",
    "greenwich mean time": "GMT",
    "coordinated universal time": "UTC",
    "eastern daylight time": "EDT",
    "eastern standard time": "EST",
    "eastern time": "ET",
    "pacific time": "PT",
    "central time": "CT",
    "mountain time": "MT",
    "pacific daylight time": "PDT",
    "pacific standard time": "PST",
    "india standard time": "IST",
    "heure d'europe centrale": "CET",
    "heure normale d'europe centrale": "CET",
}
_LONG = "|".join(re.escape(n) for n in sorted(LONG_NAMES, key=len, reverse=True))
ZONE_AFTER = re.compile(
    r"\s*(?:\(\s*)?(?:"
    rf"(?P<long>{_LONG})(?:\s*\(\s*(?P<abbr>[A-Z]{{2,5}})\s*\))?"
    r"|(?P<off>(?:UTC|GMT)\s*(?P<sign>[+\-−])\s*(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?)"
    r"|heure (?:de |d')(?P<city>[A-ZÀ-Ý][\w'\- ]{1,30}?)\s*(?=[)\],.;]|$)"
    r"|(?P<city2>[A-Z][a-z]+(?: [A-Z][a-z]+)?) (?:local )?time\b"
    r"|(?P<local>local time|heure locale|hora local)"
    r"|(?P<label>[A-Z]{2,5})\b"
    r")",
    re.I,
)


@dataclass(frozen=True)
class ZoneGuess:
    """A zone read next to a time: an IANA name, or a fixed offset, and how it was read."""

    zone: str | None
    offset: dt.timedelta | None
    label: str
    review: str | None
    label_offset: dt.timedelta | None = None


def _city_zone(city: str) -> str | None:
    from zoneinfo import available_timezones

    wanted = city.strip().replace(" ", "_").lower()
    for name in sorted(available_timezones()):
        if "/" in name and name.rsplit("/", 1)[1].lower() == wanted and not name.startswith(("Etc/", "posix/", "right/")):
            return name
    return None


def zone_from_match(match: re.Match[str]) -> ZoneGuess | None:
    from tenderctl.tenders.timeline import LABEL_OFFSETS, LABEL_ZONES

    text = match.group(0).strip(" (")
    if match["off"]:
        sign = -1 if match["sign"] in "-−" else 1
        offset = sign * dt.timedelta(hours=int(match["oh"]), minutes=int(match["om"] or 0))
        return ZoneGuess(None, offset, text, None)
    city = match["city"] or match["city2"]
    if city:
        zone = _city_zone(city)
        if zone is None:
            return ZoneGuess(None, None, text, f"the notice says {text!r}; no IANA zone is named after {city.strip()!r}")
        return ZoneGuess(zone, None, text, f"the notice says {text!r}, read as {zone}")
    if match["local"]:
        return ZoneGuess(None, None, text, f"the notice says {text!r} without saying where")
    label = (match["abbr"] or (LONG_NAMES.get(match["long"].lower()) if match["long"] else None) or match["label"] or "").upper()
    if label not in LABEL_OFFSETS and label not in EXTRA_LABEL_ZONES:
        return None
    if label in ("UTC", "GMT", "Z"):
        review = None if label != "GMT" else "GMT read as UTC+0 all year; if the buyer meant London time (BST in summer), use Europe/London"
        return ZoneGuess("UTC", None, text, review)
    zone = EXTRA_LABEL_ZONES.get(label) or LABEL_ZONES.get(label)
    if zone is None:
        return None
    review = f"the notice writes {text!r}; mapped to {zone}"
    if label in AMBIGUOUS_LABELS:
        review += f" ({AMBIGUOUS_LABELS[label]})"
    return ZoneGuess(zone, None, text, review, LABEL_OFFSETS.get(label))


def fmt_offset(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
