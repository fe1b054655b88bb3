"""Each milestone's instant: its own zone words, else the notice's statement ("all times are
Paris time"), else the notice's country, else a placeholder that says so.

The tender's zone is the submission deadline's zone. A milestone in another zone keeps its
own ``timezone:``; one whose text states an offset the place does not have that day keeps the
stated offset (``2026-10-20T23:59-05:00``) and a REVIEW line says what the place's clock shows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import TYPE_CHECKING

from tenderctl.authoring.draft.context import named_place_zone, outlying_zone
from tenderctl.authoring.draft.lexicon import country_zones, main_zone
from tenderctl.authoring.draft.townvote import named_town_zone
from tenderctl.authoring.draft.zones import LOCAL_ONLY as LOCAL_TIME
from tenderctl.authoring.draft.zones import ZoneGuess, ZoneMention, acronym, find_zone, fmt_offset, resolve
from tenderctl.tenders.timeline import get_zone

if TYPE_CHECKING:
    from tenderctl.authoring.draft.context import Notice
    from tenderctl.authoring.draft.model import Draft, DraftMilestone

ALL_TIMES = re.compile(
    r"(?<![a-z])(?:all|every|toutes|tous|todas|todos|les heures|las horas|os horarios|the times|hours indicated|heures indiquees|"
    r"los plazos|las fechas|os prazos|as datas|les dates|les delais|the dates|the deadlines)(?![a-z])"
)
"""Words of a sentence about every time of the notice: "all times", and the schedule's nouns with
their article ("Los plazos indicados en esta ficha se rigen por la hora oficial de Chile
continental", "Le informamos las fechas del procedimiento (hora local de Ciudad Juárez)")."""
MAX_STATEMENTS = 400
STATED = "the notice says "
"""How the reason of a zone from a notice-wide statement begins: a statement is never overridden by a place."""


def place_dates(
    draft: Draft, notice: Notice, country: str | None, country_why: str, given: str | None, language: str | None = None
) -> None:

    if given:
        get_zone(given)  # raises ValueError for a bad --timezone before anything else
    statement = _statement(notice, draft, country, language)
    acronyms = {acronym(m.found.zone.label): m.found.zone for m in draft.dates if m.found and m.found.zone and m.found.zone.place}
    if statement is not None and statement[0].place is not None:
        acronyms.setdefault(acronym(statement[0].label), statement[0])
    guesses: dict[int, ZoneGuess | None] = {}
    for index, m in enumerate(draft.dates):
        item = m.found
        assert item is not None
        mention = item.zone
        if mention is not None and mention.abbr and mention.offset is None and mention.place is None and mention.abbr in acronyms:
            mention = acronyms[mention.abbr]
        if mention is not None and item.wall is not None:
            guesses[index] = resolve(mention, item.day, item.wall, country, language, notice.low)
        elif mention is not None:
            guesses[index] = resolve(mention, item.day, dt.time(12), country, language, notice.low)
        elif statement is not None:
            guesses[index] = _stated_offset(statement, item.day, country, language)
        else:
            guesses[index] = None

    fallback, fallback_why = _fallback(statement, country, country_why, guesses, draft, language, notice.low)
    stated = fallback is not None and fallback_why.startswith(STATED)
    region = (
        outlying_zone(notice, country)
        if not stated and (fallback is None or fallback == main_zone(country_zones().get(country or "", ("",))))
        else None
    )
    written = any(g is not None and (g.zone or g.offset is not None) for g in guesses.values())
    if region is not None and not written:
        fallback = region[0]
        fallback_why = f"the notice names {region[1]!r}, whose zone is {region[0]}" + (
            f" (not its country's first, {country})" if country else ""
        )
    elif not stated and not written and (fallback is None or (country and len(country_zones().get(country, ())) > 1)):
        place = named_place_zone(notice, country, language)
        if place is not None and place[0] != fallback:
            fallback = place[0]
            fallback_why = f"the notice writes no zone; it names {place[1]!r}, whose zone is {place[0]}" + (
                f" (its country, {country}, has several)" if country else ""
            )
        elif fallback is None and (town := named_town_zone(notice, language)) is not None:
            fallback, fallback_why = town
            draft.warnings.append(
                f"no time zone or country found in the notice: times are read in {fallback}, the zone of the towns it names; check it"
            )
    if given:
        draft.timezone = given
    else:
        submission = next(
            (i for i, m in enumerate(draft.dates) if m.kind == "submission" and (g := guesses.get(i)) is not None and (g.zone or g.place)),
            None,
        )
        if submission is not None:
            guess = guesses[submission]
            assert guess is not None
            draft.timezone = guess.zone or guess.place or "UTC"
            draft.review("timezone", f"from {guess.label!r} at the submission deadline" + (f"; {guess.review}" if guess.review else ""))
        elif fallback is not None:
            draft.timezone = fallback
            draft.review("timezone", fallback_why)
        else:
            named = Counter(g.zone for g in guesses.values() if g is not None and g.zone)
            if named:
                draft.timezone = named.most_common(1)[0][0]
                draft.review("timezone", "the zone most of the notice's dates name")
            else:
                draft.timezone = "UTC"
                timed = any(m.found and m.found.wall for m in draft.dates)
                if timed and not all(g is not None and g.offset is not None for g in guesses.values()):
                    draft.review(
                        "timezone",
                        "the notice states no time zone: UTC is a placeholder; put the buyer's zone here (or run draft with --timezone)",
                    )
                    draft.warnings.append(
                        "no time zone found in the notice: times are read as UTC (a placeholder); give --timezone or fix the draft"
                    )
                else:
                    draft.review("timezone", "the notice states no time zone; UTC is a placeholder for the buyer's zone")
    for index, m in enumerate(draft.dates):
        _at(draft, m, guesses.get(index), fallback, fallback_why, given)


STATEMENT_WORD = re.compile(r"(?<![a-z])(?:time|heures?|horas?|horario|tiempo|local|standard|hours|gmt|utc)(?![a-z])")
"""Where a zone statement may be: a time word, the plural that "all times" takes ("Todas as horas
indicadas ... são horas de Díli (TLT, UTC+9)"), or an offset."""
SENTENCE_REACH = 400


def _statement(notice: Notice, draft: Draft, country: str | None = None, language: str | None = None) -> tuple[ZoneMention, str] | None:
    """A zone said once for the whole notice, on a line of its own (no date on it).

    A sentence about every time ("all times", "todas as referências de tempo") gives the zone it
    names after those words, read to the sentence's end across wrapped lines: "embora a SEPLAG
    esteja sediada em Cuiabá (horário local ...), todas as referências ... observam o horário de
    Brasília" states Brasília. Otherwise the first statement whose zone is in the notice's country
    wins over one naming another country's clock (a portal in New York, the buyer in Colombo)."""
    dated_lines = {notice.line_number(m.found.mention_start) for m in draft.dates if m.found}
    dated_lines |= {notice.line_number(m.found.text_end) for m in draft.dates if m.found}
    day = next((m.found.day for m in draft.dates if m.found), dt.date.today())
    best: tuple[ZoneMention, str] | None = None
    in_country: tuple[ZoneMention, str] | None = None
    seen: set[int] = set()
    for count, match in enumerate(STATEMENT_WORD.finditer(notice.low)):
        if count >= MAX_STATEMENTS:
            break
        number = notice.line_number(match.start())
        if number in seen or number in dated_lines:
            continue
        seen.add(number)
        start, end = notice.line_bounds(match.start())
        if end - start > 400:
            start, end = max(start, match.start() - 200), min(end, match.end() + 200)
        every = ALL_TIMES.search(notice.low, start, end)
        if every is not None:
            said = _every_time(notice, every.start())
            if said is not None:
                return said
        mention = find_zone(notice.text, notice.low, start, end)
        if mention is None or (mention.place is None and mention.offset is None and mention.abbr is None):
            continue
        if country and _foreign_place_only(mention, day, country, language, notice.low):
            continue
        line = " ".join(notice.text[start:end].split())
        if every is not None:
            return mention, line
        if best is None:
            best = (mention, line)
        if in_country is None and country and _names_country(mention, day, country, language, notice.low):
            in_country = (mention, line)
    return in_country or best


def _stated_offset(statement: tuple[ZoneMention, str], day: dt.date, country: str | None, language: str | None) -> ZoneGuess | None:
    """A notice-wide statement that gives only an offset ("Toutes les heures sont indiquées en heure
    locale (UTC+01:00)") with no zone it could be: the offset, for a time that states nothing."""
    mention, line = statement
    if mention.offset is None:
        return None
    guess = resolve(mention, day, dt.time(12), country, language)
    if guess.zone is not None or guess.offset is None:
        return None
    return ZoneGuess(None, guess.offset, guess.label, f"{STATED}{line[:160]!r}: UTC{fmt_offset(guess.offset)} for this time")


CLOCK_WORD = re.compile(r"(?<![a-z])(?:time|heures?|horas?|horario|tiempo|hours)(?![a-z])")
"""A word of a clock, which "local" alone is not: "Junta de Gobierno Local del Ayuntamiento de Mérida"."""


def _foreign_place_only(mention: ZoneMention, day: dt.date, country: str, language: str | None, low: str | None = None) -> bool:
    """A line that names only a place of another country than the notice's, with no clock word
    ("Gobierno Local ... de Mérida" in a Spanish notice is not Mexico's Mérida): no statement. A
    place the tz tables know once may be a namesake of the notice's own town; the country decides."""
    if mention.offset is not None or mention.abbr is not None or mention.place is None:
        return False
    if CLOCK_WORD.search(mention.words) or LOCAL_TIME.search(mention.words):
        return False
    return not _names_country(mention, day, country, language, low)


def _every_time(notice: Notice, at: int) -> tuple[ZoneMention, str] | None:
    """The zone a sentence about every time names after its "all times" words, the sentence read
    across the lines it is wrapped on (bounded)."""
    stop = re.compile(r"[.;!?](?:\s|$)(?!\d)|\n\s*\n").search(notice.text, at, at + SENTENCE_REACH)
    end = stop.start() if stop else min(len(notice.text), at + SENTENCE_REACH)
    flat = notice.text[at:end].replace("\n", " ")
    mention = find_zone(flat, notice.low[at:end].replace("\n", " "), 0, len(flat))
    if mention is None or (mention.place is None and mention.offset is None and mention.abbr is None):
        return None
    return mention, " ".join(flat.split())


def _names_country(mention: ZoneMention, day: dt.date, country: str, language: str | None, low: str | None = None) -> bool:
    guess = resolve(mention, day, dt.time(12), country, language, low)
    return (guess.zone or guess.place or "") in country_zones().get(country, ())


def _fallback(
    statement: tuple[ZoneMention, str] | None,
    country: str | None,
    country_why: str,
    guesses: dict[int, ZoneGuess | None],
    draft: Draft,
    language: str | None = None,
    low: str | None = None,
) -> tuple[str | None, str]:
    if statement is not None:
        mention, line = statement
        day = next((m.found.day for m in draft.dates if m.found), dt.date.today())
        guess = resolve(mention, day, dt.time(12), country, language, low)
        if guess.zone:
            return guess.zone, f"{STATED}{line[:160]!r}" + (f"; {guess.review}" if guess.review else "")
    named = [g.zone for g in guesses.values() if g is not None and g.zone]
    if named:
        return Counter(named).most_common(1)[0][0], "the zone the notice's other dates name"
    if country:
        zones = country_zones().get(country, ())
        if zones:
            zone = main_zone(zones)
            more = f"; the country has {len(zones)} zones, this is its first in the tz table" if len(zones) > 1 else ""
            return (
                zone,
                f"the notice names no zone for this time; read in {zone}, the zone of its country ({country}, from {country_why}){more}",
            )
    return None, ""


def _at(draft: Draft, m: DraftMilestone, guess: ZoneGuess | None, fallback: str | None, fallback_why: str, given: str | None) -> None:
    item = m.found
    assert item is not None
    day = item.day.isoformat()
    if item.wall is None:
        m.at = day
        m.reviews.append("the notice gives no time: all day (due until the end of that day in the tender's zone)")
        return
    local = f"{day} {item.wall:%H:%M}"
    if guess is not None and guess.offset is not None:
        m.at = f"{day}T{item.wall:%H:%M}{fmt_offset(guess.offset)}"
        if guess.review:
            m.reviews.append(guess.review)
        return
    m.at = local
    if guess is not None and guess.zone is not None:
        if guess.zone != draft.timezone:
            m.timezone = guess.zone
        if guess.review and "at the submission deadline" not in guess.review:
            m.reviews.append(guess.review)
        return
    reason = guess.review + "; " if guess is not None and guess.review else ""
    if given:
        m.reviews.append(f"{reason}no zone given for this time; read in {given} (given with --timezone)")
    elif fallback is not None:
        if fallback != draft.timezone:
            m.timezone = fallback
        m.reviews.append(f"{reason}no zone next to this time; {fallback_why}")
    else:
        m.reviews.append(f"{reason}the notice gives no time zone for this time; read in {draft.timezone}")
