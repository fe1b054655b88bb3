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

from tenderctl.authoring.draft.context import outlying_zone
from tenderctl.authoring.draft.lexicon import country_zones, main_zone
from tenderctl.authoring.draft.zones import ZONE_WORD, ZoneGuess, ZoneMention, acronym, find_zone, fmt_offset, resolve
from tenderctl.tenders.timeline import get_zone

if TYPE_CHECKING:
    from tenderctl.authoring.draft.context import Notice
    from tenderctl.authoring.draft.model import Draft, DraftMilestone

ALL_TIMES = re.compile(
    r"(?<![a-z])(?:all|every|toutes|tous|todas|todos|les heures|las horas|os horarios|the times|hours indicated|heures indiquees)(?![a-z])"
)
MAX_STATEMENTS = 400


def place_dates(
    draft: Draft, notice: Notice, country: str | None, country_why: str, given: str | None, language: str | None = None
) -> None:

    if given:
        get_zone(given)  # raises ValueError for a bad --timezone before anything else
    statement = _statement(notice, draft)
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
            guesses[index] = resolve(mention, item.day, item.wall, country, language)
        elif mention is not None:
            guesses[index] = resolve(mention, item.day, dt.time(12), country, language)
        else:
            guesses[index] = None

    fallback, fallback_why = _fallback(statement, country, country_why, guesses, draft, language)
    region = (
        outlying_zone(notice, country) if fallback is None or fallback == main_zone(country_zones().get(country or "", ("",))) else None
    )
    if region is not None and not any(g is not None and (g.zone or g.offset is not None) for g in guesses.values()):
        fallback = region[0]
        fallback_why = f"the notice names {region[1]!r}, whose zone is {region[0]}" + (
            f" (not its country's first, {country})" if country else ""
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


def _statement(notice: Notice, draft: Draft) -> tuple[ZoneMention, str] | None:
    """A zone said once for the whole notice, on a line of its own (no date on it)."""
    dated_lines = {notice.line_number(m.found.mention_start) for m in draft.dates if m.found}
    dated_lines |= {notice.line_number(m.found.text_end) for m in draft.dates if m.found}
    best: tuple[ZoneMention, str] | None = None
    seen: set[int] = set()
    for count, match in enumerate(ZONE_WORD.finditer(notice.low)):
        if count >= MAX_STATEMENTS:
            break
        number = notice.line_number(match.start())
        if number in seen or number in dated_lines:
            continue
        seen.add(number)
        start, end = notice.line_bounds(match.start())
        if end - start > 400:
            start, end = max(start, match.start() - 200), min(end, match.end() + 200)
        mention = find_zone(notice.text, notice.low, start, end)
        if mention is None or (mention.place is None and mention.offset is None and mention.abbr is None):
            continue
        line = " ".join(notice.text[start:end].split())
        if ALL_TIMES.search(notice.low[start:end]):
            return mention, line
        if best is None:
            best = (mention, line)
    return best


def _fallback(
    statement: tuple[ZoneMention, str] | None,
    country: str | None,
    country_why: str,
    guesses: dict[int, ZoneGuess | None],
    draft: Draft,
    language: str | None = None,
) -> tuple[str | None, str]:
    if statement is not None:
        mention, line = statement
        day = next((m.found.day for m in draft.dates if m.found), dt.date.today())
        guess = resolve(mention, day, dt.time(12), country, language)
        if guess.zone:
            return guess.zone, f"the notice says {line[:160]!r}" + (f"; {guess.review}" if guess.review else "")
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
