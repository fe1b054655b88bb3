"""A zone's own label or offset written in the wrong season: "11:00 (CET)" in September in Mons,
"2:00 PM EST" in Indianapolis in May, "17:00 GMT-5" beside "hora de Washington" in July.

Notices copy their zone label from a form filled in once, and the label stays when the clocks
change. Readers (and every blind writer of the corpus) take the place's wall clock: when the
notice names the place (or its country, for a label) and the label or offset is that place's own
in the other season, the date is read on the place's clock and a REVIEW line gives both readings,
with the line to write for the literal one. With no place known the literal offset is kept.
"""

from __future__ import annotations

import datetime as dt

from tenderctl.authoring.draft.lexicon import main_zone, zone_info
from tenderctl.tenders.timeline import LABEL_ZONES


def fmt_offset(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _moments(zone: str, year: int) -> list[dt.datetime]:
    local = zone_info(zone)
    return [dt.datetime(year, month, 15, 12, tzinfo=local) for month in (1, 7)]


def uses_label(zone: str, label: str, year: int) -> bool:
    """Whether ``zone`` calls itself ``label`` in winter or summer of ``year`` ("CET" for Brussels)."""
    return any(moment.tzname() == label for moment in _moments(zone, year))


def uses_offset(zone: str, offset: dt.timedelta, year: int) -> bool:
    """Whether ``zone`` is on ``offset`` in winter or summer of ``year``."""
    return any(moment.utcoffset() == offset for moment in _moments(zone, year))


def label_offset_of(zone: str, label: str, year: int) -> dt.timedelta | None:
    """The offset ``zone`` has when it calls itself ``label`` in ``year`` ("CST" in Chicago: -6:00,
    whatever China's CST is)."""
    for moment in _moments(zone, year):
        if moment.tzname() == label:
            return moment.utcoffset()
    return None


def season_clock(
    zone: str, day: dt.date, wall: dt.time, stated: dt.timedelta | None, written: str, *, label: str | None = None
) -> str | None:
    """The REVIEW line for reading ``written`` (a label, or the offset ``stated`` when ``label``
    is None) on ``zone``'s clock, when it is the zone's own label or offset of the other season;
    None when it is not (then the caller keeps what the text states, or reads it otherwise)."""
    moment = dt.datetime.combine(day, wall, tzinfo=zone_info(zone))
    actual = moment.utcoffset() or dt.timedelta(0)
    if label is not None:
        stated = label_offset_of(zone, label, day.year)
    if stated is None or actual == stated or moment.tzname() == label:
        return None
    if label is None and not uses_offset(zone, stated, day.year):
        return None
    season = "standard" if stated < actual else "daylight-saving"
    what = f"{label} (UTC{fmt_offset(stated)})" if label is not None else f"UTC{fmt_offset(stated)}"
    utc = (dt.datetime.combine(day, wall) - actual).time()
    return (
        f"the notice writes {written!r}: {what} is {zone}'s {season} time, but on {day:%d %B %Y} its clock is on "
        f"{moment.tzname()} (UTC{fmt_offset(actual)}): read on the place's clock, {wall:%H:%M} there is {utc:%H:%M} UTC; "
        f"if the buyer means the label as written, write at: {day.isoformat()}T{wall:%H:%M}{fmt_offset(stated)}"
    )


def season_zone(label: str, year: int, place_zones: tuple[str, ...] | None, country_zones: tuple[str, ...]) -> str | None:
    """The zone of the place the notice names (the mention's city or region, else the notice's
    country) that calls itself ``label`` in one season of ``year``; None without a place."""
    zones = place_zones if place_zones is not None else country_zones
    own = [z for z in zones if uses_label(z, label, year)]
    if not own:
        return None
    usual = LABEL_ZONES.get(label)  # the label's usual zone ("EST": New York), else the one most old names point at
    return usual if usual in own else main_zone(own, by_aliases=True)
