"""What a zone written by a person means: offsets, abbreviations and legacy names.

The one owner of every hint that proposes a time zone (``validate``, ``new --timezone``,
``deadlines --tz`` all reach it through :func:`tenderctl.tenders.timeline.get_zone`). Its rule:
**a hint never proposes a zone with a different offset.** Following a wrong hint moves a
deadline by hours, which is worse than no hint at all, so:

* an offset ("GMT+1", "UTC-05:30", "+03:00") is answered with the fixed zone of exactly
  that offset (``Etc/GMT-1`` *is* UTC+01:00: POSIX inverts the sign, which the hint says)
  and with city zones that sit at that offset all year;
* an abbreviation ("PHT", "COT", "EST") is answered with the zones it names, each with its
  offsets, and an ambiguous one ("CST": US Central, China, Cuba) lists every meaning;
* a legacy zone that exists but is not a place ("EST", "CET", "EST5EDT", "Etc/GMT+1") is
  accepted with a warning that says what it really does and which city zone is meant.

Offsets come from the tz database itself (``zoneinfo``), never from this file's table, so
a test can check every proposal against the offset it claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

# Abbreviations people write, with the zone(s) each one means. Where the tz database still
# prints the abbreviation itself (EST, CET, PST in Manila) the zone's own names confirm it;
# many (PHT, COT, ART, ICT...) were dropped from the database for numeric names ("-05"), so
# they are listed here. Each entry's offsets are read from zoneinfo, not written here.
ABBREVIATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "UTC": (("UTC", "Coordinated Universal Time"),),
    "GMT": (("UTC", "Greenwich Mean Time, UTC+00:00 all year"), ("Europe/London", "UK time: GMT in winter, BST in summer")),
    "WET": (("Europe/Lisbon", "Western European Time"),),
    "WEST": (("Europe/Lisbon", "Western European Summer Time"),),
    "BST": (("Europe/London", "British Summer Time"),),
    "IST": (("Asia/Kolkata", "India Standard Time"), ("Europe/Dublin", "Irish Standard Time")),
    "CET": (("Europe/Brussels", "Central European Time (CEST in summer)"),),
    "CEST": (("Europe/Brussels", "Central European Summer Time"),),
    "MET": (("Europe/Brussels", "Middle European Time, the same as CET"),),
    "EET": (("Europe/Athens", "Eastern European Time (EEST in summer)"), ("Africa/Cairo", "Eastern European Time in Egypt")),
    "EEST": (("Europe/Athens", "Eastern European Summer Time"),),
    "MSK": (("Europe/Moscow", "Moscow Time"),),
    "EAT": (("Africa/Nairobi", "East Africa Time"),),
    "CAT": (("Africa/Maputo", "Central Africa Time"),),
    "WAT": (("Africa/Lagos", "West Africa Time"),),
    "SAST": (("Africa/Johannesburg", "South Africa Standard Time"),),
    "ET": (("America/New_York", "US Eastern Time (EST in winter, EDT in summer)"),),
    "EST": (("America/New_York", "US Eastern Standard Time; EDT in summer"),),
    "EDT": (("America/New_York", "US Eastern Daylight Time"),),
    "CT": (("America/Chicago", "US Central Time (CST in winter, CDT in summer)"),),
    "CST": (
        ("America/Chicago", "US Central Standard Time; CDT in summer"),
        ("Asia/Shanghai", "China Standard Time"),
        ("America/Havana", "Cuba Standard Time"),
    ),
    "CDT": (("America/Chicago", "US Central Daylight Time"),),
    "MT": (("America/Denver", "US Mountain Time (MST in winter, MDT in summer)"),),
    "MST": (("America/Denver", "US Mountain Standard Time; MDT in summer"), ("America/Phoenix", "Arizona, MST all year")),
    "MDT": (("America/Denver", "US Mountain Daylight Time"),),
    "PT": (("America/Los_Angeles", "US Pacific Time (PST in winter, PDT in summer)"),),
    "PST": (("America/Los_Angeles", "US Pacific Standard Time; PDT in summer"), ("Asia/Manila", "Philippine Standard Time")),
    "PDT": (("America/Los_Angeles", "US Pacific Daylight Time"),),
    "AKST": (("America/Anchorage", "Alaska Standard Time"),),
    "HST": (("Pacific/Honolulu", "Hawaii Standard Time"),),
    "AST": (
        ("America/Halifax", "Atlantic Standard Time (Canada)"),
        ("America/Puerto_Rico", "Atlantic Standard Time, all year"),
        ("Asia/Riyadh", "Arabia Standard Time"),
    ),
    "NST": (("America/St_Johns", "Newfoundland Standard Time"),),
    "PHT": (("Asia/Manila", "Philippine Time"),),
    "PHST": (("Asia/Manila", "Philippine Standard Time"),),
    "COT": (("America/Bogota", "Colombia Time"),),
    "PET": (("America/Lima", "Peru Time"),),
    "ECT": (("America/Guayaquil", "Ecuador Time"),),
    "VET": (("America/Caracas", "Venezuela Time"),),
    "BOT": (("America/La_Paz", "Bolivia Time"),),
    "CLT": (("America/Santiago", "Chile Standard Time"),),
    "ART": (("America/Argentina/Buenos_Aires", "Argentina Time"),),
    "BRT": (("America/Sao_Paulo", "Brasília Time"),),
    "UYT": (("America/Montevideo", "Uruguay Time"),),
    "PYT": (("America/Asuncion", "Paraguay Time"),),
    "GST": (("Asia/Dubai", "Gulf Standard Time"),),
    "PKT": (("Asia/Karachi", "Pakistan Standard Time"),),
    "NPT": (("Asia/Kathmandu", "Nepal Time"),),
    "BDT": (("Asia/Dhaka", "Bangladesh Time"),),
    "ICT": (("Asia/Bangkok", "Indochina Time"),),
    "WIB": (("Asia/Jakarta", "Western Indonesia Time"),),
    "SGT": (("Asia/Singapore", "Singapore Time"),),
    "MYT": (("Asia/Kuala_Lumpur", "Malaysia Time"),),
    "HKT": (("Asia/Hong_Kong", "Hong Kong Time"),),
    "JST": (("Asia/Tokyo", "Japan Standard Time"),),
    "KST": (("Asia/Seoul", "Korea Standard Time"),),
    "AEST": (("Australia/Sydney", "Australian Eastern Standard Time"),),
    "AEDT": (("Australia/Sydney", "Australian Eastern Daylight Time"),),
    "NZST": (("Pacific/Auckland", "New Zealand Standard Time"),),
    "NZDT": (("Pacific/Auckland", "New Zealand Daylight Time"),),
}

# Zones that exist in the tz database but are not places: accepted, with a warning.
LEGACY_CITY: dict[str, str] = {
    "EST": "America/New_York",
    "MST": "America/Denver",
    "HST": "Pacific/Honolulu",
    "CET": "Europe/Brussels",
    "MET": "Europe/Brussels",
    "EET": "Europe/Athens",
    "WET": "Europe/Lisbon",
    "EST5EDT": "America/New_York",
    "CST6CDT": "America/Chicago",
    "MST7MDT": "America/Denver",
    "PST8PDT": "America/Los_Angeles",
}

_OFFSET = re.compile(r"^\s*(?:(?:UTC|GMT|Z)\s*)?([+\-−±])\s*(\d{1,2})(?:[:.h]?\s*(\d{2}))?\s*$", re.IGNORECASE)
_ETC = re.compile(r"^Etc/GMT([+-])(\d{1,2})$")


@dataclass(frozen=True)
class Offset:
    """A fixed UTC offset as written, e.g. ``GMT+1`` -> +01:00."""

    delta: timedelta

    def text(self) -> str:
        minutes = int(self.delta.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "−"
        return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"

    def etc_zone(self) -> str | None:
        """The tz database's fixed zone for this offset (sign inverted), if there is one."""
        minutes = int(self.delta.total_seconds() // 60)
        if minutes % 60 or not -12 * 60 <= minutes <= 14 * 60:
            return None
        hours = minutes // 60
        return "Etc/UTC" if hours == 0 else f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"


def parse_offset(text: str) -> Offset | None:
    """``GMT+1``, ``UTC -05:30``, ``+03:00``, ``UTC−3`` -> the offset; None for anything else."""
    match = _OFFSET.match(text)
    if not match or match[1] == "±":
        return None
    hours, minutes = int(match[2]), int(match[3] or 0)
    if hours > 14 or minutes >= 60:
        return None
    sign = -1 if match[1] in "-−" else 1
    return Offset(sign * timedelta(hours=hours, minutes=minutes))


def offsets_of(zone: str, year: int | None = None) -> tuple[timedelta, ...]:
    """The distinct UTC offsets ``zone`` uses in ``year``, in the order met from January, from zoneinfo.

    Sampled weekly: a suspension of summer time for a month (Morocco in Ramadan) is seen too.
    """
    return _offsets_of(zone, year or datetime.now(UTC).year)


@lru_cache(maxsize=1024)
def _offsets_of(zone: str, year: int) -> tuple[timedelta, ...]:
    info = ZoneInfo(zone)
    start = datetime(year, 1, 1, 12, tzinfo=UTC)
    seen: list[timedelta] = []
    for week in range(53):
        offset = (start + timedelta(weeks=week)).astimezone(info).utcoffset()
        if offset is not None and offset not in seen:
            seen.append(offset)
    return tuple(seen)


def _offsets_text(zone: str) -> str:
    return " / ".join(Offset(o).text() for o in offsets_of(zone))


@lru_cache(maxsize=1)
def _canonical_zones() -> tuple[str, ...]:
    """City zones of zone1970.tab (one per region of same clocks since 1970), else every zone."""
    text = _tab_file("zone1970.tab")
    if text is None:
        return tuple(sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))))
    zones = [line.split("\t")[2] for line in text.splitlines() if line and not line.startswith("#") and len(line.split("\t")) > 2]
    return tuple(sorted(set(zones)))


def _tab_file(name: str) -> str | None:
    try:
        from importlib.resources import files  # lazy: importlib.resources (+4 ms) on warm deadlines

        return (files("tzdata") / "zoneinfo" / name).read_text(encoding="utf-8")
    except (ImportError, ModuleNotFoundError, OSError, FileNotFoundError):
        pass
    try:
        with open(f"/usr/share/zoneinfo/{name}", encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return None


def zones_always_at(delta: timedelta, limit: int = 4) -> list[str]:
    """City zones at exactly ``delta`` all year (no summer time): safe to propose for an offset."""
    return [zone for zone in _canonical_zones() if offsets_of(zone) == (delta,)][:limit]


def unknown_zone_hint(name: str) -> str | None:
    """What to write instead of an unknown zone name, never a zone at another offset; None if nothing fits."""
    offset = parse_offset(name)
    if offset is not None:
        return offset_hint(offset)
    meanings = ABBREVIATIONS.get(name.strip().upper())
    if meanings:
        return abbreviation_hint(name.strip().upper(), meanings)
    return None


def offset_hint(offset: Offset) -> str:
    etc = offset.etc_zone()
    cities = zones_always_at(offset.delta)
    parts = []
    if etc:
        etc_note = "" if etc == "Etc/UTC" else " (POSIX inverts the sign)"
        parts.append(f"for a fixed {offset.text()} all year write {etc}{etc_note}")
    else:
        parts.append(f"there is no fixed zone for {offset.text()}: write the offset in each 'at', e.g. 2025-06-05T15:00{offset.text()[3:]}")
    if cities:
        parts.append(f"zones at {offset.text()} all year: {', '.join(cities)}")
    parts.append("if the place has summer time, use its city zone instead")
    return "; ".join(parts)


def abbreviation_hint(label: str, meanings: tuple[tuple[str, str], ...]) -> str:
    described = [f"{zone} ({what}, {_offsets_text(zone)})" for zone, what in meanings]
    if len(described) == 1:
        return f"{label} is {described[0]}: use the IANA name"
    return f"{label} is ambiguous: " + "; or ".join(described) + ": pick the one the notice means"


def legacy_zone_warning(name: str) -> str | None:
    """Why a zone that exists is still the wrong choice for a tender, or None if it is a place."""
    etc = _ETC.match(name)
    if etc:
        hours = int(etc[2]) * (-1 if etc[1] == "+" else 1)
        return f"{name} is a fixed {Offset(timedelta(hours=hours)).text()} (POSIX inverts the sign), with no summer time; use the city zone of the place if it has summer time"
    city = LEGACY_CITY.get(name)
    if city is None:
        return None
    own = offsets_of(name)
    meant = offsets_of(city)
    if own == meant:
        return f"{name} is a legacy zone, not a place; write the city zone meant, e.g. {city} ({_offsets_text(city)})"
    return (
        f"{name} is {_offsets_text(name)} all year, with no summer time, but {city} is {_offsets_text(city)}: "
        f"a summer deadline written in {name} is an hour off the local clock; write {city} if the notice means local time there"
    )


def abbreviation_is_zone_name(label: str, zone: ZoneInfo | object, instant: datetime) -> bool:
    """True when ``label`` is what ``zone`` itself calls that instant (PST in Manila, CET in Brussels)."""
    tzinfo = zone if isinstance(zone, ZoneInfo) else None
    if tzinfo is None:
        return False
    return instant.astimezone(tzinfo).tzname() == label.upper()
