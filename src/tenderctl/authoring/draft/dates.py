"""Dates and times written in a notice, and what each date is for."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from tenderctl.authoring.draft.zones import ZONE_AFTER, ZoneGuess, zone_from_match

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan janvier janv enero",
        "february feb feb. février fevrier févr fevr febrero",
        "march mar mars marzo",
        "april apr avril abril",
        "may mai mayo",
        "june jun juin junio",
        "july jul juillet juil julio",
        "august aug août aout agosto",
        "september sep sept septembre septiembre",
        "october oct octobre octubre",
        "november nov novembre noviembre",
        "december dec décembre decembre déc diciembre",
    ],
    1,
):
    for _name in _names.split():
        MONTHS[_name.rstrip(".")] = _number

_MONTH = "(?:" + "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True)) + r")\.?"
_DAY_SUFFIX = r"(?:st|nd|rd|th|er|ème)?"
DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("dmy", re.compile(rf"\b(?P<d>\d{{1,2}}){_DAY_SUFFIX}\s+(?:of\s+|de\s+)?(?P<mn>{_MONTH}),?\s+(?:de\s+)?(?P<y>\d{{4}})\b", re.I)),
    ("mdy", re.compile(rf"\b(?P<mn>{_MONTH})\s+(?P<d>\d{{1,2}}){_DAY_SUFFIX},?\s+(?P<y>\d{{4}})\b", re.I)),
    ("num", re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})\b")),
]
YEARLESS = re.compile(rf"\b(?:\d{{1,2}}{_DAY_SUFFIX}\s+(?:of\s+)?{_MONTH}|{_MONTH}\s+\d{{1,2}}{_DAY_SUFFIX})\b(?!,?\s+\d{{4}})", re.I)

_AMPM = r"(?P<ampm>[ap])\.?\s?m\b\.?"
TIME_AFTER = re.compile(
    r"[\s,;]*(?:[-–(]\s*)?(?:(?:at|à|by|before|avant|until|till|jusqu'à|from|de|a\.s\.|hrs?)\s+)?"
    rf"(?:(?P<h>\d{{1,2}})\s*(?::|h|H)\s*(?P<min>\d{{2}})?(?:\s*(?:hrs?|hours|heures?)\b)?(?:\s*{_AMPM})?"
    rf"|(?P<h2>\d{{1,2}})\s*{_AMPM.replace('ampm', 'ampm2')}|(?P<noon>noon|midday|midi))",
    re.I,
)
TIME_BEFORE = re.compile(
    rf"(?:(?P<h>\d{{1,2}})\s*(?::|h)\s*(?P<min>\d{{2}})?(?:\s*{_AMPM})?|(?P<h2>\d{{1,2}})\s*{_AMPM.replace('ampm', 'ampm2')})"
    r"\s*(?:hrs?|hours)?\s*(?P<label>\(?[A-Z]{2,5}\)?)?\s*(?:on|le|,)?\s*(?:the\s+)?(?:[A-Za-zé]+day,?\s*)?$"
)


@dataclass
class FoundDate:
    day: dt.date
    start: int
    end: int
    style: str
    wall: dt.time | None = None
    zone: ZoneGuess | None = None
    reviews: list[str] = field(default_factory=list)
    text_end: int = 0


def _month(name: str) -> int | None:
    return MONTHS.get(name.lower().rstrip("."))


def find_dates(text: str, *, us_style: bool = False) -> list[FoundDate]:
    """Every full date (with a year) in ``text``, with the time and zone written next to it."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for style, pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            reviews: list[str] = []
            try:
                if style == "num":
                    a, b, year = int(match["a"]), int(match["b"]), int(match["y"])
                    if a > 12 or (b <= 12 and not us_style and match.group(0)[2:3] != "/") or (b <= 12 and not us_style):
                        day, month = a, b
                        if a <= 12 and b <= 12 and a != b:
                            reviews.append(
                                f"{match.group(0)!r} read as day/month/year; if the notice is American it means {dt.date(year, a, b):%d %B %Y}"
                            )
                    else:
                        month, day = a, b
                        if a <= 12 and b <= 12 and a != b:
                            reviews.append(f"{match.group(0)!r} read as month/day/year (the notice uses US conventions)")
                    if a > 12:
                        day, month = a, b
                    elif b > 12:
                        month, day = a, b
                        reviews = []
                    value = dt.date(year, month, day)
                elif style == "iso":
                    value = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
                else:
                    month_number = _month(match["mn"])
                    if month_number is None:
                        continue
                    value = dt.date(int(match["y"]), month_number, int(match["d"]))
            except ValueError:
                continue
            taken.append((match.start(), match.end()))
            item = FoundDate(value, match.start(), match.end(), style, reviews=reviews, text_end=match.end())
            _attach_time(text, item)
            found.append(item)
    found.sort(key=lambda f: f.start)
    return found


def _attach_time(text: str, item: FoundDate) -> None:
    after = TIME_AFTER.match(text, item.end, min(len(text), item.end + 60))
    position = None
    if after and (after["h"] or after["h2"] or after["noon"]):
        wall = _wall(after)
        if wall is not None:
            item.wall = wall
            position = after.end()
    if item.wall is None:
        window = text[max(0, item.start - 45) : item.start]
        window = window.rsplit("\n", 1)[-1]
        before = TIME_BEFORE.search(window)
        if before:
            wall = _wall(before)
            if wall is not None:
                item.wall = wall
                label = (before["label"] or "").strip("()")
                if label:
                    zone_match = ZONE_AFTER.match(label)
                    item.zone = zone_from_match(zone_match) if zone_match else None
    if position is not None:
        zone_match = ZONE_AFTER.match(text, position, min(len(text), position + 80))
        if zone_match:
            guess = zone_from_match(zone_match)
            if guess is not None:
                item.zone = guess
                position = zone_match.end()
        item.text_end = position


def _wall(match: re.Match[str]) -> dt.time | None:
    if match.groupdict().get("noon"):
        return dt.time(12, 0)
    hour_text = match["h"] or match["h2"]
    if hour_text is None:
        return None
    hour = int(hour_text)
    minute = int(match["min"] or 0) if match["h"] else 0
    ampm = (match["ampm"] or match["ampm2"] or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


# --------------------------------------------------------------------------- what a date is for

KIND_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("questions", ("question", "clarification", "queries", "query", "enquiries", "éclaircissement", "renseignement", "preguntas")),
    ("site-visit", ("site visit", "visite de site", "visite des lieux", "visite du site", "site inspection")),
    (
        "conference",
        ("conference", "conférence", "pre-bid", "prebid", "pre-proposal", "briefing", "information session", "webinar", "réunion"),
    ),
    ("opening", ("opening", "opened", "ouverture")),
    ("award", ("award", "attribution")),
    ("amendment", ("amendment", "addendum", "addenda", "rectificatif")),
    (
        "submission",
        (
            "deadline",
            "submit",
            "submission",
            "due",
            "closing",
            "closes",
            "remise",
            "dépôt",
            "déposée",
            "déposées",
            "date limite",
            "au plus tard",
            "no later than",
            "proposals must",
            "offers must",
            "bids must",
            "soumission",
            "receipt of",
            "réception des offres",
        ),
    ),
]
KIND_TITLES = {
    "submission": "Submission deadline",
    "questions": "Deadline for questions",
    "conference": "Pre-bid conference",
    "site-visit": "Site visit",
    "opening": "Opening of bids",
    "award": "Award",
    "amendment": "Amendment",
    "other": "Milestone",
}
DATES_HEADING = re.compile(r"\b(key dates|dates|deadlines?|timeline|schedule|calendar|calendrier|échéancier|dates clés)\b", re.I)


def kind_of(context: str) -> str | None:
    lowered = context.lower()
    for kind, words in KIND_WORDS:
        if any(word in lowered for word in words):
            return kind
    return None
