"""The buyer's time zone: eForms dates carry a UTC offset, never a zone.

The zone comes from the buyer's country through the tz database's own country table
(``zone.tab``: one line per country and zone, the country's main zone first; ``zone1970.tab`` as a
fallback), read from ``/usr/share/zoneinfo`` or the ``tzdata`` package. A country with one zone
takes it; a country with several (Spain, Portugal, France overseas...) takes the first whose UTC
offset on that date is the published one; when none matches, or the country is unknown, the zone is
a fixed offset (``Etc/GMT-1``) and a note says so. The instant itself is always kept as published.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from importlib.resources import files
from pathlib import Path

from tenderctl.interop.eforms._codes import COUNTRY_ALPHA2
from tenderctl.interop.ocds._common import fixed_offset_zone
from tenderctl.tenders.timeline import get_zone

_SYSTEM_TABLES = (Path("/usr/share/zoneinfo/zone.tab"), Path("/usr/share/zoneinfo/zone1970.tab"))


@functools.cache
def country_zones() -> dict[str, tuple[str, ...]]:
    """ISO 3166-1 alpha-2 -> IANA zones, as the tz database lists them (empty when no table is found)."""
    for text in _tables():
        table: dict[str, list[str]] = {}
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) < 3:
                continue
            for country in fields[0].split(","):
                table.setdefault(country.strip().upper(), []).append(fields[2].strip())
        if table:
            return {k: tuple(v) for k, v in table.items()}
    return {}


def _tables() -> list[str]:
    texts: list[str] = []
    for name in ("zone.tab", "zone1970.tab"):
        try:
            texts.append(files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8"))
        except (ImportError, OSError, ModuleNotFoundError):
            pass
        system = next((p for p in _SYSTEM_TABLES if p.name == name), None)
        if system is not None:
            try:
                texts.append(system.read_text(encoding="utf-8"))
            except OSError:
                pass
    return texts


def zones_of(country: str) -> tuple[str, ...]:
    """The zones of a country given as eForms writes it (alpha-3, ``FRA``) or as alpha-2."""
    code = country.strip().upper()
    alpha2 = COUNTRY_ALPHA2.get(code, code if len(code) == 2 else "")
    return country_zones().get(alpha2, ())


@functools.lru_cache(maxsize=1024)
def offset_in(zone: str, instant: datetime) -> timedelta | None:
    """The UTC offset ``zone`` has at ``instant`` (an aware datetime; cached: the lots of a notice
    repeat their instants)."""

    try:
        return instant.astimezone(get_zone(zone)).utcoffset()
    except (ValueError, OverflowError):
        return None


def choose_zone(country: str, instant: datetime | None) -> tuple[str, str]:
    """(zone, why) for a buyer in ``country`` whose deadline is the aware ``instant``.

    ``why`` is empty when the country's zone was used without doubt, else the note to show.
    """
    offset = instant.utcoffset() if instant is not None else None
    zones = zones_of(country) if country else ()
    if not country:
        reason = "the buyer has no country"
    elif not country_zones():
        reason = "the tz database's country table (zone.tab) is not installed"
    elif not zones:
        reason = f"country {country!r} is not in the tz database's country table"
    elif len(zones) == 1:
        return zones[0], ""
    elif instant is None or offset is None:
        return zones[0], f"{country} has several zones ({', '.join(zones)}); no dated offset to choose by, took {zones[0]}"
    else:
        for zone in zones:
            if offset_in(zone, instant) == offset:
                return zone, ""
        reason = f"no zone of {country} ({', '.join(zones)}) has the offset {offset_text(offset)} on {instant.date()}"
    if offset is None:
        return "UTC", f"{reason}, and no date carries an offset: the tender's zone is UTC (pass --timezone)"
    name = fixed_offset_zone(offset)
    return name, f"{reason}: the tender's zone is {name}, the fixed offset {offset_text(offset)} (pass --timezone for the real zone)"


def offset_text(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    return f"{sign}{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"
