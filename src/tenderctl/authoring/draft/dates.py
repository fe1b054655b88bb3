"""Dates and times written in a notice, in English, French, Spanish and Portuguese.

One pass of one regular expression over the folded text (same length as the text, so every
offset is an offset in the notice) finds every date; the time and the zone next to each date
are read in windows of bounded size around it, so the whole scan is linear in the notice's
length. Month names come from CLDR (babel), in the four languages, with their abbreviations.

Why not ``dateparser``: measured on this corpus it misread "by March 3, 2026 at 5:00 p.m."
as 05:00, split "jeudi 1er octobre 2026 à 17h00" into four unrelated dates, took "now" and
"120 jours" for dates, and needed 1.25 s for 40 kB (a 1 MB notice would take half a minute).
The patterns here are anchored on the shapes notices use, and every guess is a REVIEW line.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from tenderctl.authoring.draft.lexicon import fold_same_length, months
from tenderctl.authoring.draft.zones import ZoneMention, find_zone

_ORDINAL = r"(?:st|nd|rd|th|er|eme|o|º|°|\.º)?"


@functools.cache
def _date_pattern() -> re.Pattern[str]:
    names = sorted(months(), key=len, reverse=True)
    month = "(?:" + "|".join(re.escape(n) for n in names) + r")(?![a-z])\.?"
    return re.compile(
        r"(?<![\w/.\-])(?:"
        r"(?P<iy>\d{4})(?P<isep>[-/])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})(?![\d])"
        r"|(?P<na>\d{1,2})(?P<sep>[/.\-])(?P<nb>\d{1,2})(?P=sep)(?P<ny>\d{4}|(?<=/)\d{2})(?![\d]|[/.\-]\d)"
        rf"|(?P<dd>\d{{1,2}}){_ORDINAL}(?:\s+|-|/|\.)(?:de\s+|of\s+|del\s+)?(?P<dm>{month})(?:,?\s+|-|/|\.)(?:de\s+|del\s+)?(?P<dy>\d{{4}}|\d{{2}})(?![\d])"
        rf"|(?P<mm>{month})\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>\d{{4}})(?![\d])"
        rf"|(?P<yd>\d{{1,2}}){_ORDINAL}\s+(?:de\s+|of\s+)?(?P<ym>{month})(?![\w])"
        rf"|(?P<zm>{month})\s+(?P<zd>\d{{1,2}})(?:st|nd|rd|th)?(?![\w])"
        r")"
    )


_HOUR = (
    r"(?:(?P<h>\d{1,2})\s*(?::|h|\.)\s*(?P<mi>\d{2})(?::\d{2})?(?!\d)"
    r"|(?P<hh>\d{1,2})\s*(?:heures?|horas?|hours|hrs)(?:\s*(?P<hm>\d{2})(?:\s*minut[eo]s?)?)?(?![\w])"
    r"|(?P<hp>\d{1,2})\s*(?=[ap]\.?\s?m\b|(?:del |do |de )?(?:noon|mediodia|meio-dia|midi)(?![a-z]))"
    r"|(?P<h4>[01]\d|2[0-3])(?P<m4>[0-5]\d)\s*(?:hrs?|hours)(?![\w])"
    r"|(?P<hn>\d{1,2})\s*h(?![\w])"
    r"|(?P<noon>noon|midday|midi|mediodia|meio-dia))"
    r"(?:\s*(?P<ap>[ap])\.?\s?m\b\.?)?(?:\s*(?:del\s+|do\s+|de\s+)?(?P<noon2>noon|mediodia|meio-dia|midi)(?![a-z]))?"
    r"(?:\s*(?:hrs?|hours|horas?|heures?|h)(?![\w]))?"
)
_CONNECT = (
    r"(?:at|a las|a la|as|às|a|à|by|before|avant|up to|upto|until|till|jusqu'a|jusqu'à|hasta las|hasta|ate as|ate às|ate|from|de|des|dès|hrs?|horas?|"
    r"starting|commencing|beginning|las|pelas|pela)"
)
_WEEKDAY = (
    r"(?:[a-z]+day,?|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miercoles|jueves|viernes|sabado|domingo|"
    r"(?:segunda|terca|quarta|quinta|sexta)(?:-feira)?|sat|sun|mon|tue|wed|thu|fri)"
)
TIME_AFTER = re.compile(
    rf"[ \t,;|]*(?:\([ \t]*{_WEEKDAY}[ \t]*\)[ \t,]*)?(?:(?:\n[ \t]*)?(?:local time|heure locale|hora local|time|heure|hora|horario)(?:[ \t]*:[ \t]*min)?"
    rf"(?:[ \t]*:|[ \t]{{2,}}|\t|[ \t]*\n)\s*|[ \t]*\n?[ \t]*)"
    rf"(?:[-–(]\s*)?(?:{_CONNECT}\s+)*{_HOUR}"
)
TIME_BEFORE = re.compile(rf"{_HOUR}(?P<mid>(?:[^\d\n]|(?:gmt|utc) ?[+\-] ?\d{{1,2}}(?::?\d\d)?){{0,60}}\n?[^\d\n]{{0,20}})$")
"""A time before its date ("no later than 10:00 hours local time (GMT+5) on 3 May"); the words
between may hold an offset's digits, never another number."""
_MID_END = re.compile(rf"(?:^[\s,]*$|(?:^|[\s,;()])(?:on|le|the|du|dia|el|of|de|del)\s*{_WEEKDAY}?\s*$|(?:^|[\s,;()]){_WEEKDAY},?\s*$)")
"""The end of the words between a time and its date: "on", "le", "do dia", or a weekday alone ("5pm Thursday 23 September")."""
_RANGE_TO = re.compile(
    r"\s*(?:,\s*)?(?:to|au|al|a|para|ate|até|until|jusqu'au|-|–|and|et|y|e)(?:\s*/\s*(?:to|au|al|a|ate|até|et|y|e))?\s+"
    r"(?:the\s+|le\s+|el\s+)?"
)
"""The words of a range between its two dates, also in a bilingual notice's "2027/11/01 to / au 2030/04/30"."""
SAME_DAY = re.compile(r"(?:the same day|same day|le meme jour|el mismo dia|no mesmo dia|mesmo dia)".replace(" ", r"[ \t]*\n?[ \t]*"))
"""Also wrapped at a line's end ("L'ouverture des plis aura lieu le même / jour à 14 heures")."""


@dataclass
class FoundDate:
    day: dt.date
    start: int
    end: int
    style: str
    wall: dt.time | None = None
    zone: ZoneMention | None = None
    reviews: list[str] = field(default_factory=list)
    text_end: int = 0
    mention_start: int = 0
    numeric: tuple[int, int, int] | None = None
    """(first, second, year) of a numeric date, read again once the notice's order is known."""
    wall_end: dt.time | None = None
    """The end of a time window after the date ("de 08:30 a 16:30 horas"): a deadline's time."""


def find_dates(
    text: str, *, low: str | None = None, month_first: bool | None = None, dropped: list[FoundDate] | None = None, limit: int | None = None
) -> list[FoundDate]:
    """Every date in ``text`` with the time and zone written next to it; ``low`` is its
    same-length fold (computed when not given). Yearless dates take the year of the next
    full date in the same sentence (with a REVIEW), else they are left out (into ``dropped``)."""

    low = fold_same_length(text) if low is None else low
    table = months()
    found: list[FoundDate] = []
    for match in _date_pattern().finditer(low):
        group = match.group
        try:
            if group("iy"):
                item = FoundDate(dt.date(int(group("iy")), int(group("im")), int(group("id"))), match.start(), match.end(), "iso")
            elif group("na"):
                a, b, year = int(group("na")), int(group("nb")), _year(group("ny"))
                item = FoundDate(_numeric_day(a, b, year, month_first), match.start(), match.end(), "num", numeric=(a, b, year))
                if len(group("ny")) == 2:  # "14/12/27": Uruguay's and Chile's portals write two digits
                    item.reviews.append(f"{group(0)!r} has a two-digit year, read as {year}")
            elif group("dd"):
                year = _year(group("dy"))
                item = FoundDate(dt.date(year, table[group("dm").rstrip(".")], int(group("dd"))), match.start(), match.end(), "dmy")
            elif group("mm"):
                item = FoundDate(
                    dt.date(int(group("my")), table[group("mm").rstrip(".")], int(group("md"))), match.start(), match.end(), "mdy"
                )
            else:
                day_text = group("yd") or group("zd")
                month_name = (group("ym") or group("zm")).rstrip(".")
                item = FoundDate(dt.date(2000, table[month_name], int(day_text)), match.start(), match.end(), "yearless")
        except (ValueError, KeyError):
            continue
        item.text_end = item.end
        item.mention_start = item.start
        found.append(item)
        if limit is not None and len(found) >= limit:
            break
    found = _complete_years(low, found, dropped)
    for index, item in enumerate(found):
        _attach_time(text, low, item, found[index + 1].start if index + 1 < len(found) else len(low))
    _same_day(text, low, found)
    return found


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def _numeric_day(a: int, b: int, year: int, month_first: bool | None) -> dt.date:
    if a > 12:
        return dt.date(year, b, a)
    if b > 12:
        return dt.date(year, a, b)
    return dt.date(year, a, b) if month_first else dt.date(year, b, a)


def reread_numeric(item: FoundDate, month_first: bool, decided_by: str | None) -> None:
    """Read a numeric date again in the notice's order; an undecidable one gets a REVIEW."""
    if item.numeric is None:
        return
    a, b, year = item.numeric
    try:
        item.day = _numeric_day(a, b, year, month_first)
    except ValueError:
        return
    if a <= 12 and b <= 12 and a != b:
        order = "month/day/year" if month_first else "day/month/year"
        other = dt.date(year, b, a) if month_first else dt.date(year, a, b)
        why = f" ({decided_by})" if decided_by else " (nothing in the notice decides the order)"
        item.reviews.append(f"{a:02d}/{b:02d}/{year} read as {order}{why}; the other reading is {other:%d %B %Y}")


def _complete_years(low: str, found: list[FoundDate], dropped: list[FoundDate] | None) -> list[FoundDate]:
    """'from 10 April to 24 April 2026': a yearless date right before "to <full date>" takes
    that date's year (with a REVIEW); other yearless dates are dropped (reported by the build)."""
    out: list[FoundDate] = []
    for index, item in enumerate(found):
        if item.style != "yearless":
            out.append(item)
            continue
        following = found[index + 1] if index + 1 < len(found) else None
        if following is None or following.style == "yearless" or not _RANGE_TO.fullmatch(low, item.end, following.start):
            if dropped is not None and len(dropped) < 20:
                dropped.append(item)
            continue  # only "10 April to 24 April 2026": elsewhere a date without a year is not guessed
        try:
            item.day = item.day.replace(year=following.day.year)
        except ValueError:
            continue
        item.style = "dmy"
        item.reviews.append(f"the notice gives no year here; read with the year of the date after it ({following.day.year})")
        out.append(item)
    return out


ISO_TIME = re.compile(r"t(?P<h>[01]\d|2[0-3]):(?P<mi>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?(?P<z>z|[+\-](?P<oh>[01]\d):?(?P<om>[0-5]\d))?(?![\d])")


def _attach_time(text: str, low: str, item: FoundDate, next_start: int) -> None:
    """The time and zone next to a date; never reaching into the next date."""
    if item.style == "iso":
        iso = ISO_TIME.match(low, item.end)
        if iso is not None:  # 2026-03-15T10:00:00+02:00
            item.wall = dt.time(int(iso["h"]), int(iso["mi"]))
            item.text_end = iso.end()
            if iso["z"]:
                sign = -1 if iso["z"].startswith("-") else 1
                offset = dt.timedelta(0) if iso["z"] == "z" else sign * dt.timedelta(hours=int(iso["oh"]), minutes=int(iso["om"]))
                item.zone = ZoneMention(text[iso.start("z") : iso.end("z")], iso.start("z"), iso.end("z"), offset=offset)
                return
    window_end = min(len(low), item.end + 70, next_start)
    wrapped = _CELL_WRAP.match(low, item.end, min(len(low), item.end + 200))
    if wrapped is not None:  # "14 de septiembre de 2027, a" / (the cell's next line, indented to its column) "las 10:00 a.m."
        window_end = min(len(low), wrapped.end() + 40, next_start)
    after = TIME_AFTER.match(low, item.text_end, window_end) if item.wall is None else None
    if after is not None and next_start < len(low) and _NEXT_DATES_TIME.fullmatch(low, after.end(), next_start):
        after = None  # "das 08h00 do dia 27/07 / até as 09h59 do dia 10/08": the time leads to the next date
    zone_from = item.end
    if after is not None:
        wall = _wall(after)
        if wall is not None:
            item.wall = wall
            item.text_end = after.end()
            zone_from = after.end()
            until = _WINDOW_END.match(low, after.end(), min(len(low), after.end() + 30))
            until_wall = _wall(until) if until is not None else None
            if until is not None and until_wall is not None and until_wall > wall:
                item.wall_end = until_wall
                item.text_end = zone_from = until.end()
    if item.wall is None:
        below = _time_below(low, item) or _time_in_cell_below(low, item)
        if below is not None:
            item.wall = below
    if item.wall is None:
        start = max(0, item.start - 90)
        before = TIME_BEFORE.search(low, start, item.start)
        if (
            before is not None
            and _MID_END.search(before["mid"])
            and not re.search(r"[.;]\s|\n[^:]*:", before["mid"])  # "10:00" / "Plazo para consultas: hasta el": a new label
        ):
            wall = _wall(before)
            if wall is not None:
                item.wall = wall
                item.mention_start = before.start()
                mention = find_zone(text, low, before.end("mid") - len(before["mid"]), item.start)
                if mention is not None:
                    item.zone = mention
    if item.wall is None:
        _restated_time(text, low, item)
    if item.zone is None:
        mention = find_zone(text, low, zone_from, max(zone_from, min(len(low), zone_from + 90, next_start)))
        if mention is not None:
            item.zone = mention
            item.text_end = max(item.text_end, mention.end)


_NEXT_DATES_TIME = re.compile(r"[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?(?:(?:do|del|el|du|le|on|the|de)[ \t]+(?:dia[ \t]+)?|dia[ \t]+)")
"""What stands between a time and the next date when the time is that date's ("às 09h59 do dia 10/08")."""
_CELL_WRAP = re.compile(r"[^\n]{0,30}\n[ \t]{8,}")
"""A date's line that goes on, after a newline, at a deep indent: the rest of a table cell wrapped under it."""
_CELL_TIME = re.compile(rf"[ \t]{{0,3}}{_HOUR}(?![\w:])")


def _time_below(low: str, item: FoundDate) -> dt.time | None:
    """A table's time written in the same column on the next line ("14/06/2027" over "10h00"): a
    date standing alone in its cell (column gaps around it) takes the time right under it."""
    line_start = low.rfind("\n", 0, item.start) + 1
    if item.start > line_start and not re.search(r"(?: {2,}|\t|\|\s*)$", low[line_start : item.start]):
        return None  # a date inside a sentence: the line below is the sentence going on, not its column
    line_end = low.find("\n", item.end)
    rest = low[item.end : line_end] if line_end >= 0 else ""
    if line_end < 0 or (rest.strip(" \t|") and not re.match(r" {2,}|\t|\s*\|", rest)):
        return None
    below_end = low.find("\n", line_end + 1)
    below_end = len(low) if below_end < 0 else below_end
    column = line_end + 1 + item.start - line_start
    if column >= below_end or (column > line_end + 1 and low[column - 1] not in " \t|"):
        return None  # the cell below must start at the date's column
    cell = _CELL_TIME.match(low, column, below_end)
    return _wall(cell) if cell is not None else None


_RESTATED = re.compile(
    r"(?<![a-z])(?:i\.\s?e\.?|that is|namely|ou seja|isto e|soit|c'est-a-dire|es decir|o sea|a saber)[,:]?"
    r"[^\d\n.;]{0,25}$"
)
"""Words that restate a counted day as a date ("on the 31st day from first publication, i.e. 7 September 2027")."""


def _restated_time(text: str, low: str, item: FoundDate) -> None:
    """The time of a counted day said before it ("on or before 12:00 noon (NST) on the 31st day from first
    publication, i.e. 7 September 2027", "Até às 18:00 do 30.º dia a contar ..., ou seja, até ao dia 2027/06/14"):
    the restated date takes the last time of its sentence, with a REVIEW, when no other date stands between."""
    restated = _RESTATED.search(low, max(0, item.start - 40), item.start)
    if restated is None:
        return
    floor = max(0, item.start - 250)
    start = max(low.rfind(". ", floor, restated.start()) + 2, low.rfind("\n\n", floor, restated.start()) + 2, floor)
    times = [
        (m, w)
        for m in _TIME_ONLY.finditer(low, start, item.start)
        if (w := _wall(m)) is not None and not re.search(r"(?:utc|gmt)\s?[+\-]\s?$", low[max(0, m.start() - 6) : m.start()])
    ]
    if not times:
        return
    match, wall = times[-1]
    if re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)|\d{1,2}[/.\-]\d{1,2}[/.\-]\d", low[match.end() : item.start]):
        return  # another date stands between the time and the restated day
    item.wall = wall
    item.reviews.append(f"the time {text[match.start() : match.end()].strip()!r} is said before the day it restates")
    mention = find_zone(text, low, match.end(), min(item.start, match.end() + 60))
    if mention is not None:
        item.zone = mention


_CELL_GOES_ON = re.compile(rf"[ \t,]*(?:(?:{_CONNECT})[ \t]*)?$")
_CELL_START = re.compile(r"(?: {2,}|\t)(?=\S)")


def _time_in_cell_below(low: str, item: FoundDate) -> dt.time | None:
    """A two-column layout whose right cell wraps: "5. Recepción de Propuestas ...      Hasta el martes 14 de
    septiembre de 2027, a" over "   apertura de ...                              las 10:00 a.m.": the date's line
    ends with a connector, and the next line, at the column where the date's cell starts, holds the time."""
    line_start = low.rfind("\n", 0, item.start) + 1
    line_end = low.find("\n", item.end)
    if line_end < 0 or line_end - line_start > 400 or not _CELL_GOES_ON.match(low, item.end, line_end):
        return None
    gaps = list(_CELL_START.finditer(low, line_start, item.start))
    if not gaps:
        return None
    column = gaps[-1].end() - line_start
    below_end = low.find("\n", line_end + 1)
    below_end = len(low) if below_end < 0 else below_end
    at = line_end + 1 + column
    if at >= below_end or low[at - 1] not in " \t":
        return None
    cell = re.compile(rf"[ \t]{{0,3}}(?:(?:{_CONNECT})\s+)*{_HOUR}").match(low, at, below_end)
    return _wall(cell) if cell is not None else None


def _wall(match: re.Match[str]) -> dt.time | None:
    group = match.group
    if group("noon") or group("noon2"):
        hour_text = group("h") or group("hp") or "12"
        if int(hour_text) != 12:
            return None
        return dt.time(12, 0)
    if group("h4"):
        return dt.time(int(group("h4")), int(group("m4")))
    hour_text = group("h") or group("hh") or group("hp") or group("hn")
    if hour_text is None:
        return None
    hour = int(hour_text)
    minute = int(group("mi") or group("hm") or 0)
    ampm = (group("ap") or "").lower()
    if group("hp") and not ampm:
        return None
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


_WINDOW_END = re.compile(rf"[ \t]*\n?[ \t]*(?:a|al|to|ate|-|–|a las|hasta las|hasta|jusqu'a|until)[ \t]+{_HOUR}")
_TIME_ONLY = re.compile(rf"(?:{_CONNECT}\s+)?{_HOUR}")
_STATED_TIME = re.compile(rf"[\s,;(]*(?:{_CONNECT}\s+)?{_HOUR}")


def time_right_after(low: str, at: int) -> tuple[dt.time, int] | None:
    """A time written right at ``at`` (", at 12:30 p.m."), with where it ends; None when there is none."""
    match = _STATED_TIME.match(low, at, min(len(low), at + 40))
    wall = _wall(match) if match is not None else None
    return (wall, match.end()) if wall is not None and match is not None else None


def _same_day(text: str, low: str, found: list[FoundDate]) -> None:
    """'opened at 10:30 hours the same day' / 'le même jour à 10 heures 30': a time on the day
    of the date before it."""
    if not found:
        return
    starts = [f.start for f in found]
    added: list[FoundDate] = []
    for match in SAME_DAY.finditer(low):
        at = bisect.bisect_left(starts, match.start()) - 1
        if at < 0:
            continue
        previous = found[at]
        if match.start() - previous.end > 600:
            continue
        window_start = max(previous.text_end, match.start() - 40)
        candidates = list(_TIME_ONLY.finditer(low, window_start, min(len(low), match.end() + 40)))
        wall = None
        chosen = None
        for candidate in candidates:
            wall = _wall(candidate)
            if wall is not None:
                chosen = candidate
                break
        if wall is None or chosen is None:
            continue
        start = min(match.start(), chosen.start())
        end = max(match.end(), chosen.end())
        item = FoundDate(previous.day, start, end, "same-day", wall=wall, text_end=end, mention_start=start)
        item.reviews.append(f"'{text[match.start() : match.end()]}': the day of the date before it ({previous.day:%d %B %Y})")
        mention = find_zone(text, low, end, min(len(low), end + 60))
        item.zone = mention
        added.append(item)
    if added:
        found.extend(added)
        found.sort(key=lambda f: f.start)
