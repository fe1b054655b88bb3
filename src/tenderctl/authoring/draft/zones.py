"""Time zones from the words next to a time: offsets, abbreviations, cities, countries, zone names.

:func:`find_zone` reads a bounded window of text into a :class:`ZoneMention` (what the words
say, not yet a zone); :func:`resolve` turns it into a :class:`ZoneGuess` for one day, with the
notice's country when it is known. The rule: the zone written into the draft has, on that
day, the offset the text states. When a label and the place disagree ("EST" in New York in
July, when New York is on EDT) the draft keeps the stated offset and a REVIEW line says what
the place's clock shows; except when the label or offset is the named place's (or country's)
own of the other season, which notices copy from a form across the clock change: then the
place's clock, with a REVIEW line giving the literal reading (:mod:`.seasons`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from tenderctl.authoring.draft.demonyms import demonym as _demonym
from tenderctl.authoring.draft.lexicon import (
    REGIONAL_NAMES,
    Place,
    abbreviations,
    alias_counts,
    country_aliases,
    country_spellings,
    country_zones,
    fold,
    label_offset,
    main_zone,
    places,
    speaks,
    zone_info,
    zones_using,
)
from tenderctl.authoring.draft.seasons import fmt_offset, season_clock, season_zone
from tenderctl.authoring.draft.towns import home_namesake
from tenderctl.tenders.timeline import LABEL_ZONES

__all__ = ["ZoneGuess", "ZoneMention", "acronym", "find_zone", "fmt_offset", "resolve"]

OFFSET = re.compile(r"(?<![a-z])(?:gmt|utc)(?:\s*(?:(?P<sign>[+\-−–])\s*)?(?P<oh>\d{1,2})(?:[:.h]?(?P<om>[0-5]\d))?(?![\d]))?(?![a-z])")
ZONE_WORD = re.compile(r"(?<![a-z])(?:time|heure|hora|horario|tiempo|local|standard)(?![a-z])")
LOCAL_ONLY = re.compile(r"(?<![a-z])(?:local time|heure locale|hora local|heure local|horario local)(?![a-z])")
_WRAPPED = re.compile(r"(?<![a-z])(?:de|d'|of|du|des|da|do|dos|das|del|local|hora|heure|horario)\s*$|\(\s*$")
_WORD = re.compile(r"[a-z][a-z\-]*")
_ABBR = re.compile(r"(?<![A-Za-z])[A-Z]{2,5}(?![A-Za-z])")
_NOT_PLACES = frozenset(
    [
        "time",
        "heure",
        "hora",
        "horario",
        "tiempo",
        "local",
        "standard",
        "the",
        "and",
        "des",
        "del",
        "les",
        "los",
        "las",
        "per",
        "all",
        "toutes",
        "todas",
        "todos",
        "tous",
        "see",
        "legal",
        "oficial",
        "official",
        "summer",
        "winter",
        "daylight",
        "zone",
        "hours",
        "horas",
        "heures",
        "office",
        "room",
    ]
)


@dataclass(frozen=True)
class ZoneMention:
    """What a window of text says about a zone."""

    label: str
    start: int
    end: int
    offset: dt.timedelta | None = None
    abbr: str | None = None
    place: Place | None = None
    local: bool = False
    words: str = ""
    """The folded window the mention was read from (bounded): words a country gives a meaning to."""
    picker: tuple[Place, ...] = ()
    """The places of a zone picker's label ("(GMT+00:00) Dublin, Edimburgo, Lisboa, Londres"): its
    offset is the places' standard one, whatever the season."""


@dataclass(frozen=True)
class ZoneGuess:
    """A zone for one date: an IANA name or a fixed offset, with the reason when it was a guess."""

    zone: str | None
    offset: dt.timedelta | None
    label: str
    review: str | None
    place: str | None = None
    """With a kept offset: the zone the words name, whose clock differs that day (for the tender's zone)."""


def find_zone(text: str, low: str, start: int, end: int, *, need_word: bool = True) -> ZoneMention | None:
    """The zone words in ``low[start:end]`` (one line, one sentence)."""
    before = ZONE_WORD.search(low, max(0, start - 8, low.rfind("\n", 0, start) + 1), start)  # never the line above's
    if before is not None:  # "14 h 00 heure avancée de l'Est": the time took the zone's first word
        start = before.start()
    window = low[start:end]
    newline = window.find("\n")
    while newline >= 0:
        # a zone phrase wrapped onto the next line ("hora local de\nMaputo") goes on; else one line
        if not _WRAPPED.search(window, 0, newline):
            window = window[:newline]
            break
        newline = window.find("\n", newline + 1)
    stop = re.search(r"[.;!?](?:\s|$)(?!\d)", window)
    if stop:
        window = window[: stop.start()]
    if not window.strip():
        return None
    offset = None
    first = len(window)
    last = 0
    match = OFFSET.search(window)
    if match:
        offset = _offset(match)
        if offset is not None:
            first, last = match.start(), match.end()
    original = text[start : start + len(window)]
    abbr = None
    known = abbreviations()
    for token in _ABBR.finditer(original):
        if token.group(0) in known and token.group(0) not in ("UTC", "GMT"):
            abbr = token.group(0)
            first, last = min(first, token.start()), max(last, token.end())
            break
    place = None
    has_word = ZONE_WORD.search(window) is not None
    if has_word or offset is not None or not need_word:
        hit = _place_in(window, 0 if offset is None else last)
        if hit is None and offset is not None:
            # the place before its offset: "heure de La Réunion (UTC+4)", "horas de Díli (TLT, UTC+9)"
            hit = _place_in(window, max(0, first - PLACE_REACH), first)
            if hit is not None and not has_word and first - hit[2] > 12:
                hit = None  # without a time word, only a place right before the offset is its clock
        if hit is not None and offset is None and has_word and not _near_zone_word(window, hit[1], hit[2]):
            hit = None  # a place named further on in the sentence, not the clock's
        if hit is not None and _lower_town(hit[0], text[start + hit[1] : start + hit[1] + 1]):
            hit = None  # a town's name written in lower case is a word of the sentence ("atenção para a hora legal": not Pará)
        if hit is not None:
            place, p_start, p_end = hit
            first, last = min(first, p_start), max(last, p_end)
    local = bool(LOCAL_ONLY.search(window))
    if offset is None and abbr is None and place is None and not local:
        return None
    if local and first > last:
        found = LOCAL_ONLY.search(window)
        assert found is not None
        first, last = found.start(), found.end()
    label = text[start + first : start + last].strip(" ()")
    if place is not None and has_word:
        # the whole phrase, for the REVIEW line: "(Nairobi local time)", "heure de Dakar"
        phrase_start = min(first, _phrase_start(window, first))
        label = text[start + phrase_start : start + max(last, _phrase_end(window, last))].strip(" ()[],")
    if label.count("(") > label.count(")"):
        label += ")"
    picker = _picker(window, match.end()) if match is not None and offset is not None else ()
    return ZoneMention(label, start + first, start + last, offset, abbr, place, local, window[:120], picker)


_PICKER = re.compile(r"\(\s*(?:gmt|utc)[^)]{0,8}\)\s*(?P<list>[a-z][a-z \-]{1,40}(?:,\s*[a-z][a-z \-]{1,40}){1,8})")


def _picker(window: str, offset_end: int) -> tuple[Place, ...]:
    """The places a zone picker lists after its offset in brackets, as portals and calendars write
    a zone ("(GMT+00:00) Dublin, Edimburgo, Lisboa, Londres", "(UTC+01:00) Brussels, Copenhagen,
    Madrid, Paris"): two cities at least, and at least half the items of the list cities."""
    found = _PICKER.search(window, max(0, offset_end - 20))
    if found is None or found.start("list") < offset_end - 1:
        return ()
    table = places()
    items = [" ".join(item.split()) for item in found["list"].split(",")]
    listed = [p for p in (table.get(item) for item in items) if p is not None and p.kind == "city" and p.zones]
    if len(listed) < 2 or 2 * len(listed) < len(items):
        return ()  # a list of other things (most items are not cities): no picker
    return tuple(listed)


def _lower_town(place: Place, first_letter: str) -> bool:
    """A town or region whose name the text writes in lower case: a word of the sentence, not the
    place ("atenção para a hora legal" is not Pará). The regional time names ("hora peninsular",
    "hora canaria") are written in lower case and stay."""
    return place.kind in ("city", "region") and first_letter.islower() and fold(place.name) not in REGIONAL_NAMES


PLACE_REACH = 32
"""How far (characters) a place may sit from the time word it qualifies: "hora local de Maputo",
"Nairobi local time", "heure de Paris (France métropolitaine)". A place further on is another
subject ("... hora local, con la mención «... barrios Los Ángeles y Semu»" is a district of
Malabo, not California's clock)."""


def _near_zone_word(window: str, start: int, end: int) -> bool:
    """A place close enough to a time word (before or after it) to be the clock it names."""
    return any(word.start() - PLACE_REACH <= end and start <= word.end() + PLACE_REACH for word in ZONE_WORD.finditer(window))


def _phrase_start(window: str, at: int) -> int:
    word = list(ZONE_WORD.finditer(window, 0, at))
    return word[-1].start() if word and at - word[-1].start() < 30 else at


def _phrase_end(window: str, at: int) -> int:
    word = ZONE_WORD.search(window, at, at + 25)
    return word.end() if word else at


def _offset(match: re.Match[str]) -> dt.timedelta | None:
    if match["oh"] is None:
        return dt.timedelta(0)
    hours, minutes = int(match["oh"]), int(match["om"] or 0)
    if hours > 14:
        return None
    sign = -1 if match["sign"] in ("-", "−", "–") else 1
    return sign * dt.timedelta(hours=hours, minutes=minutes)


_STATE_SUFFIX = re.compile(r"-[a-z]{2}$")


def _place_in(window: str, from_index: int, to_index: int | None = None) -> tuple[Place, int, int] | None:
    """The first place named in ``window[from_index:to_index]``. A metazone's word followed by a
    country or a city gives way to it: in "Hora oficial de la República Oriental del Uruguay",
    "oriental" is part of the country's long name, not Eastern time (no zone of Uruguay is on it)."""
    words = list(_WORD.finditer(window, from_index, len(window) if to_index is None else to_index))
    for index in range(len(words)):
        hit = _place_at(words, index)
        if hit is None:
            continue
        if hit[0].kind == "metazone":
            for later in range(index + 1, min(len(words), index + 4)):
                other = _place_at(words, later)
                if other is not None and other[0].kind in ("country", "city") and not set(other[0].zones) & set(hit[0].zones):
                    return other  # (a country or city on that metazone is its place: "Eastern Time (New York)")
        return hit
    return None


def _place_at(words: list[re.Match[str]], index: int) -> tuple[Place, int, int] | None:
    table = places()
    for size in (6, 5, 4, 3, 2, 1):
        if index + size > len(words):
            continue
        key = " ".join(w.group(0) for w in words[index : index + size])
        if size == 1 and key in _NOT_PLACES:
            continue
        place = table.get(key)
        if place is None and "-" in key:
            place = table.get(_STATE_SUFFIX.sub("", key))  # "Cuiabá-MT", "Rio Branco-AC": a city and its state's code
        if place is not None:
            return place, words[index].start(), words[index + size - 1].end()
    word = words[index].group(0)
    if len(word) >= 6 and word not in _NOT_PLACES:
        demonym = _demonym(word)
        if demonym is not None:
            return demonym, words[index].start(), words[index].end()
    return None


def resolve(
    mention: ZoneMention, day: dt.date, wall: dt.time, country: str | None, language: str | None = None, low: str | None = None
) -> ZoneGuess:
    """The zone of ``mention`` on ``day`` at ``wall``, read with the notice's ``country`` (and
    its ``language``, to choose among places of several countries when the country is unknown;
    its folded text ``low``, where a town of the country is named again)."""
    label = mention.label
    if country and mention.offset is None and mention.abbr is None:
        scoped = _country_word(mention, country)
        if scoped is not None:
            word, zone = scoped
            return ZoneGuess(zone, None, label, f"{word!r} read with the notice's country ({country}): {zone}")
    if mention.place is not None and mention.place.kind == "mainland" and mention.offset is None:
        return _mainland(mention, country, language)
    if mention.offset is not None and mention.picker:
        picked = _from_picker(mention, day, wall, country, language)
        if picked is not None:
            return picked
    if mention.offset is not None:
        named = _named_zones(mention, day, wall, country)
        same = [z for z in named if _offset_at(z, day, wall) == mention.offset]
        if same:
            return ZoneGuess(same[0], None, label, None)
        if named:
            other = named[0]
            season = season_clock(other, day, wall, mention.offset, label) if mention.place is not None else None
            if season is not None:
                return ZoneGuess(other, None, label, season)  # "GMT-5 (hora de Nueva York)" in July: the city's clock
            return ZoneGuess(
                None,
                mention.offset,
                label,
                place=other,
                review=f"the notice writes {label!r}: UTC{fmt_offset(mention.offset)} is kept, but {other} is on "
                f"UTC{fmt_offset(_offset_at(other, day, wall))} that day; check which one the buyer means",
            )
        return _country_zone_with(mention, day, wall, country) or ZoneGuess(None, mention.offset, label, None)
    if mention.abbr is not None:
        return _from_abbreviation(mention, day, wall, country, language)
    if mention.place is not None:
        place = mention.place
        home = home_namesake(place, country, low)
        if home is not None:
            return ZoneGuess(
                home, None, label, f"{place.name} is also a town of the notice's country ({country}): read as {home}, not {place.zones[0]}"
            )
        zones = list(place.zones)
        if country and place.kind != "city":
            mine = [z for z in zones if z in _country_zone_set(country)]
            zones = mine or zones
        if not country and language and len({_zone_country(z) for z in zones}) > 1:
            zones = [z for z in zones if speaks(_zone_country(z), language)] or zones
        if len(zones) == 1:
            review = None if place.kind in ("city", "region") else f"the notice says {label!r}, read as {zones[0]}"
            return ZoneGuess(zones[0], None, label, review)
        zone = main_zone(zones, by_aliases=place.kind == "metazone")
        return ZoneGuess(zone, None, label, f"the notice says {label!r}, which covers {len(zones)} zones; read as {zone}")
    if not country and mention.offset is None and mention.abbr is None:
        unique = _one_country_word(mention)
        if unique is not None:
            word, code, zone = unique
            return ZoneGuess(
                zone,
                None,
                label,
                f"the notice names no country; {word!r} is a zone name of {code} only (the tz database's old names): read as {zone}; check it",
            )
    return ZoneGuess(None, None, label, f"the notice says {label!r} without saying where")


def _from_picker(mention: ZoneMention, day: dt.date, wall: dt.time, country: str | None, language: str | None) -> ZoneGuess | None:
    """A zone picker's label names its places' clock: its offset is their standard one, so in summer
    "(GMT+00:00) Lisboa" is Lisbon's WEST (UTC+1). The place of the notice's country is taken, else
    one whose country speaks the notice's language, else the first listed; always with a REVIEW line,
    since the offset written differs from the clock's that day."""
    assert mention.offset is not None
    standard = [p for p in mention.picker if _standard_offset(p.zones[0], day.year) == mention.offset]
    if not standard:
        return None
    chosen = next((p for p in standard if country and p.country == country), None)
    if chosen is None and language:
        chosen = next((p for p in standard if p.country and speaks(p.country, language)), None)
    chosen = chosen or standard[0]
    zone = chosen.zones[0]
    actual = _offset_at(zone, day, wall)
    review = None
    if actual != mention.offset:
        review = (
            f"the notice writes {mention.label!r}, a zone picker's label: UTC{fmt_offset(mention.offset)} is {chosen.name}'s "
            f"standard offset, and on {day:%d %B %Y} its clock is on UTC{fmt_offset(actual)}: read as {zone}; check it"
        )
    return ZoneGuess(zone, None, mention.label, review)


def _standard_offset(zone: str, year: int) -> dt.timedelta:
    """A zone's standard (winter) offset in ``year``: the smaller of January's and July's."""
    return min(_offset_at(zone, dt.date(year, month, 15), dt.time(12)) for month in (1, 7))


def _country_zone_with(mention: ZoneMention, day: dt.date, wall: dt.time, country: str | None) -> ZoneGuess | None:
    """A bare offset ("heure de Goma, GMT+2") in a notice of a known country: the country's zone
    on that offset that day (the Congo's east, Africa/Lubumbashi, not Kinshasa), so the notice's
    other times, which state nothing, are read on the same clock. None when no zone of the
    country has that offset then (the offset is kept as written)."""
    if not country or mention.offset is None:
        return None
    zones = [z for z in country_zones().get(country, ()) if _offset_at(z, day, wall) == mention.offset]
    if not zones:
        return None
    zone = main_zone(zones, by_aliases=True) if len(zones) > 1 else zones[0]
    every = country_zones().get(country, ())
    review = None
    if len(every) > 1:
        review = (
            f"the notice writes {mention.label!r}: of the {len(every)} zones of its country ({country}), "
            f"{zone} is on UTC{fmt_offset(mention.offset)} that day"
        )
        if len(zones) > 1:
            review += f" (as are {len(zones) - 1} others: the same clock)"
    return ZoneGuess(zone, None, mention.label, review)


def _one_country_word(mention: ZoneMention) -> tuple[str, str, str] | None:
    """A word of a local-time mention ("ACT Local Time") that one country's old zone names carry
    and no other's: the country the notice does not name. Read only for a mention that says
    "local time" (or its words) and found no place: a REVIEW line always goes with it."""
    if not mention.local:
        return None
    owners: dict[str, set[tuple[str, str]]] = {}
    for code, names in country_aliases().items():
        for name, zone in names.items():
            owners.setdefault(name, set()).add((code, zone))
    for word in _WORD.findall(mention.words):
        found = owners.get(word)
        if found is not None and len({c for c, _z in found}) == 1 and len(word) >= 3:
            code, zone = sorted(found)[0]
            return (word.upper() if len(word) <= 4 else word), code, zone
    return None


def _named_zones(mention: ZoneMention, day: dt.date, wall: dt.time, country: str | None) -> list[str]:
    if mention.place is not None:
        zones = list(mention.place.zones)
        if country:
            zones = [z for z in zones if z in _country_zone_set(country)] or zones
        return zones
    if mention.abbr is not None:
        return [z for z in zones_using(mention.abbr, day) if not country or z in _country_zone_set(country)]
    return []


def _from_abbreviation(mention: ZoneMention, day: dt.date, wall: dt.time, country: str | None, language: str | None = None) -> ZoneGuess:
    abbr, label = mention.abbr or "", mention.label
    candidates = zones_using(abbr, day)
    if country:
        mine = [z for z in candidates if z in _country_zone_set(country)]
        spelled = country_spellings(country).get(abbr)
        if not mine and spelled is not None and not _country_uses(abbr, country, day.year):
            offset = _offset_at(spelled, day, wall)
            return ZoneGuess(
                spelled,
                None,
                label,
                f"{abbr} read as the notice's country's own time ({country}: {spelled}, UTC{fmt_offset(offset)}); "
                f"elsewhere {abbr} means another zone",
            )
        if mine:
            zone = main_zone(mine, by_aliases=True)
            return ZoneGuess(
                zone,
                None,
                label,
                f"{abbr} read with the notice's country ({country}): {zone}, UTC{fmt_offset(_offset_at(zone, day, wall))}",
            )

    usual = LABEL_ZONES.get(abbr)  # the project's own reading of the label, when it is one of them
    if mention.place is not None and mention.place.kind != "country":
        usual = main_zone(list(mention.place.zones), by_aliases=True)
    if candidates and usual and usual not in candidates and label_offset(abbr, day.year) is not None:
        candidates = []  # "CET" in June: Brussels is on CEST; keep the stated offset, never Algiers
    if candidates:
        by_offset: dict[dt.timedelta, list[str]] = {}
        for zone in candidates:
            by_offset.setdefault(_offset_at(zone, day, wall), []).append(zone)
        if len(by_offset) == 1:
            zone = usual if usual in candidates else main_zone(candidates, by_aliases=True)
            offset = _offset_at(zone, day, wall)
            utc = (dt.datetime.combine(day, wall) - offset).time()
            note = f"{abbr} mapped to {zone} (UTC{fmt_offset(offset)} that day, so {wall:%H:%M} there is {utc:%H:%M} UTC)"
            if country:
                note += f"; no zone of the notice's country ({country}) is called {abbr}"
            return ZoneGuess(zone, None, label, note)
        # a country that speaks the notice's language first ("IST" in an English notice: India's, not Israel's)
        groups = sorted(by_offset.items(), key=lambda item: (not _spoken(item[1], language), -max(_alias(z) for z in item[1])))
        zone = main_zone(groups[0][1], by_aliases=True)
        others = ", ".join(f"{main_zone(g, by_aliases=True)} (UTC{fmt_offset(o)})" for o, g in groups[1:])
        return ZoneGuess(zone, None, label, f"{abbr} is ambiguous: read as {zone}; it is also {others}")
    stated = label_offset(abbr, day.year)
    place_zones = mention.place.zones if mention.place is not None and mention.place.kind in ("city", "region") else None
    own = season_zone(abbr, day.year, place_zones, country_zones().get(country or "", ()))
    if own is not None:
        season = season_clock(own, day, wall, None, label, label=abbr)
        if season is not None:
            return ZoneGuess(own, None, label, season)  # "11:00 (CET)" in September in Mons: Brussels' clock
    if stated is None:
        return ZoneGuess(None, None, label, f"the notice writes {abbr!r}, which no zone uses on {day:%d %B %Y}")
    offset, zone = stated
    zone = usual or zone
    local = zone_info(zone)
    actual = dt.datetime.combine(day, wall, tzinfo=local)
    return ZoneGuess(
        None,
        offset,
        label,
        place=zone,
        review=f"the notice writes {abbr} (UTC{fmt_offset(offset)}), kept as written; but on {day:%d %B %Y} {zone} is on "
        f"{actual.tzname()} (UTC{fmt_offset(actual.utcoffset() or dt.timedelta(0))}): if the buyer means that clock, "
        f"write at: {day.isoformat()} {wall:%H:%M} with timezone: {zone}",
    )


def _spoken(zones: list[str], language: str | None) -> bool:
    return language is not None and any(speaks(_zone_country(z), language) for z in zones)


def _country_uses(abbr: str, country: str, year: int) -> bool:
    """Whether a zone of ``country`` calls itself ``abbr`` in some season of ``year`` ("EST" is
    New York's in winter): then the label states its offset, and the offset is kept."""
    for zone in country_zones().get(country, ()):
        for month in (1, 7):
            if dt.datetime(year, month, 15, 12, tzinfo=zone_info(zone)).tzname() == abbr:
                return True
    return False


def _country_word(mention: ZoneMention, country: str) -> tuple[str, str] | None:
    """A word that names a zone only inside the notice's country ("ACT", "NSW", "Canberra" in
    Australia), when the mention found no place of that country."""
    if mention.place is not None and mention.place.country == country:
        return None
    scoped = country_aliases().get(country)
    if not scoped:
        return None
    for word in _WORD.findall(mention.words):
        zone = scoped.get(word)
        if zone is not None:
            return word.upper() if len(word) <= 4 else word, zone
    return None


def _mainland(mention: ZoneMention, country: str | None, language: str | None) -> ZoneGuess:
    """The main part of the notice's country: "hora peninsular", "Portugal continental"."""
    assert mention.place is not None
    zones = list(mention.place.zones)
    label = mention.label
    if country:
        own = country_zones().get(country, ())
        mine = [z for z in zones if z in own]
        zone = mine[0] if mine else (own[0] if own else None)
        if zone is not None:
            return ZoneGuess(zone, None, label, f"the notice says {label!r}: the main part of its country ({country}), {zone}")
    if language:
        zones = [z for z in zones if speaks(_zone_country(z), language)]
    if zones:
        return ZoneGuess(
            zones[0],
            None,
            label,
            f"the notice says {label!r} and names no country: read as {zones[0]} (a country of its language); check it",
        )
    return ZoneGuess(None, None, label, f"the notice says {label!r} without saying where")


@functools.cache
def _zone_country(zone: str) -> str:
    for code, zones in country_zones().items():
        if zone in zones:
            return code
    return ""


def _alias(zone: str) -> int:

    return alias_counts().get(zone, 0)


@functools.cache
def _country_zone_set(country: str) -> frozenset[str]:

    return frozenset(country_zones().get(country, ()))


def _offset_at(zone: str, day: dt.date, wall: dt.time) -> dt.timedelta:
    return dt.datetime.combine(day, wall, tzinfo=zone_info(zone)).utcoffset() or dt.timedelta(0)


def acronym(phrase: str) -> str:
    """'Nepal Standard Time' -> 'NST', 'East Africa Time' -> 'EAT'."""
    return "".join(word[0] for word in fold(phrase).split() if word[0].isalpha()).upper()
