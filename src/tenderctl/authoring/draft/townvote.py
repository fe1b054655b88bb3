"""The zone of the towns a notice names, for a notice whose country is not known.

A notice from Lugo, Porirua or Guadalajara often names neither its country nor a zone: its
header, address and signature name the town. Without a country the drafter read its times in
UTC, a placeholder. GeoNames' towns (see :mod:`towns`) of the countries that have several zones
know these towns and their zones, so the towns the notice names vote for a zone. The vote is
careful, because a capitalised word of a heading can be a town somewhere ("Mission", "Victoria"):
only towns of a country that speaks the notice's language count, a name the notice also writes in
lower case is a common word there, and a single town named once does not decide. The zone chosen
is always a guess with its reason, for a REVIEW line.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from typing import TYPE_CHECKING

from tenderctl.authoring.draft.lexicon import LANGUAGES, fold, months, places, speaks, weekdays, zone_info
from tenderctl.authoring.draft.towns import country_towns, town_zones

if TYPE_CHECKING:
    from tenderctl.authoring.draft.context import Notice

TOWN_HEAD = 12_000
"""The header, address and first pages name the buyer's town; later pages quote other places."""

MIN_MENTIONS = 2
"""How many times the notice must name its towns (one town twice, or two towns once) to decide."""

_CAPITALISED = re.compile(r"(?<![\w@./\-])[A-ZÀ-Þ][\w'\-]*(?:[ \t]+(?:de|del|do|da|la|el|los|las)?[ \t]*[A-ZÀ-Þ][\w'\-]*){0,2}")
_LOWER = re.compile(r"(?<![\w@./\-])[a-zß-ÿ][\w]*")


def named_town_zone(notice: Notice, language: str | None) -> tuple[str, str] | None:
    """(zone, why) of the towns the notice's top names, or None when they do not agree.

    Each capitalised run of one to three words ("Lugo", "San Juan del Río") is looked up among
    the towns of every country with several zones whose official languages include the notice's
    (any of the four when it is not known).
    The country whose towns the notice names most wins when it is named at least
    :data:`MIN_MENTIONS` times and no other country's towns are named as often; its zone is the
    one most of its named towns are in."""
    spoken = (language,) if language else LANGUAGES  # a short notice whose language is not told
    countries = [code for code in town_zones() if any(speaks(code, each) for each in spoken)]
    if not countries:
        return None
    text = notice.text[:TOWN_HEAD]
    common = {fold(m.group(0)) for m in _LOWER.finditer(text)}
    votes: Counter[str] = Counter()
    zones: dict[str, Counter[str]] = {}
    names: dict[str, set[str]] = {}
    for match in _CAPITALISED.finditer(text):
        found = _town(text, match, countries, common)
        if found is None:
            continue
        code, zone, name = found
        votes[code] += 1
        zones.setdefault(code, Counter())[zone] += 1
        names.setdefault(code, set()).add(name)
    if not votes:
        return None
    ranked = votes.most_common(2)
    code, count = ranked[0]
    if count < MIN_MENTIONS or (len(ranked) > 1 and ranked[1][1] == count):
        return None
    if len({_clock(zone) for zone in zones[code]}) > 1:
        return None  # its towns keep different clocks (Québec and Cap-aux-Meules): no guess
    zone = zones[code].most_common(1)[0][0]
    towns = ", ".join(sorted(names[code]))
    return zone, f"the notice names no country and no zone; it names the town(s) {towns} ({code}, {count}×), whose zone is {zone}"


def _town(text: str, run: re.Match[str], countries: list[str], common: set[str]) -> tuple[str, str, str] | None:
    """(country, zone, name) of the longest town name the capitalised ``run`` starts with, or None."""
    words = list(re.finditer(r"\S+", run.group(0)))
    for size in range(len(words), 0, -1):
        name = run.group(0)[: words[size - 1].end()]
        key = " ".join(fold(name).replace("'", " ").split())
        if len(key) < 4 or key in common or key in _not_towns() or (size == 1 and name.isupper()):
            continue
        if not _placed(text, run.start(), run.start() + len(name)):
            continue
        found = [(code, zone) for code in countries if (zone := country_towns(code).get(key)) and _namesake(key, code)]
        if len({code for code, _ in found}) == 1:
            return found[0][0], found[0][1], name
        if found:
            return None  # towns of several countries: the name does not say which
    return None


def _placed(text: str, start: int, end: int) -> bool:
    """Whether a name sits where an address or a signature writes a town: followed by a comma, a
    bracket, a dash, a postal code or the end of its line, and not the whole line by itself (a
    heading such as "Opportunity" or "Annex")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if line.strip(" \t.,:;-–()") == text[start:end]:
        return False
    return _AFTER.match(text, end) is not None


_AFTER = re.compile(r"[ \t]*(?:[,)/;]|[-–—][ \t]|\d{4,}|\(|$)", re.M)


def _clock(zone: str) -> tuple[dt.timedelta | None, ...]:
    """A zone's offsets in January and July: two zones with the same keep the same clock."""
    info = zone_info(zone)
    year = dt.date.today().year
    return tuple(dt.datetime(year, month, 15, 12, tzinfo=info).utcoffset() for month in (1, 7))


def _namesake(key: str, country: str) -> bool:
    """Whether a town of ``country`` may be meant by ``key``: not when CLDR knows the name as a
    city or a country elsewhere (a notice that names Rome or Vienna names Italy's or Austria's,
    never a namesake town of the United States) or as a zone's name ("Atlantic", "Central")."""
    place = places().get(key)
    if place is None:
        return True
    if place.kind in ("metazone", "mainland"):
        return False
    return place.country == country


@functools.cache
def _not_towns() -> frozenset[str]:
    """Folded months and weekdays in the four languages: "Março" is a town of Brazil."""
    return frozenset(set(months()) | set(weekdays()))
