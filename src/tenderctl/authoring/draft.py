"""A draft tender file from the text of a notice: rule-based, offline, and honest about guesses.

Notices are prose written for people, in several languages and date styles, often pasted
together with unrelated news. We only keep a date when its sentence says what it is for
(deadline, questions, conference, ...), when it sits in a table, or right under a "dates"
heading; every value that needed a guess (a label such as "CET" mapped to an IANA zone, a
date without a time, a time without a zone, an ambiguous 03/04/2026, the rule a tip maps to)
gets a ``# REVIEW:`` comment in the output saying why. Nothing is filled in silently: with no
zone in the notice and none given (``--timezone``), the zone is UTC *with* a REVIEW comment
saying the notice did not state one, so the file validates and the guess is visible.

The output is written by hand (not through a YAML library) so the comments sit exactly on
the lines they explain; it is then validated with :func:`tenderctl.tenders.parse.parse_tender`.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tenderctl.errors import TenderctlError
from tenderctl.fsutil import UnreadableFile, read_bounded

if TYPE_CHECKING:
    from tenderctl.errors import Problem

MAX_NOTICE_BYTES = 5_000_000
"""A notice is at most a few hundred kilobytes of text; larger input is refused unread."""
MAX_PDF_PAGES = 300
MAX_NOTICE_CHARS = 1_000_000
"""Only the first million characters are analysed: that bounds the time on hostile input."""

# --------------------------------------------------------------------------- reading notices


class NoticeError(TenderctlError):
    """The notice could not be read (missing, too big, encrypted, scanned, ...)."""


def read_notice(path: str | Path, stdin_data: bytes | None = None) -> str:
    """The plain text of a .txt/.md/.html/.pdf notice (``-`` reads ``stdin_data``)."""

    if str(path) == "-":
        raw = stdin_data or b""
        if len(raw) > MAX_NOTICE_BYTES:
            raise NoticeError(f"stdin: over the {MAX_NOTICE_BYTES:,}-byte limit")
        return _decode_text(raw, looks_html=raw.lstrip()[:1] == b"<", name="stdin")
    path = Path(path)
    suffix = path.suffix.lower()
    limit = MAX_NOTICE_BYTES * 10 if suffix == ".pdf" else MAX_NOTICE_BYTES
    try:  # a path the user named: a symlink is followed, as `cat` would
        raw, _info = read_bounded(path, limit, follow_symlinks=True, what="notice")
    except UnreadableFile as exc:
        raise NoticeError(f"{path}: {exc.message}" + (f" ({exc.hint})" if exc.hint else "")) from None
    if suffix == ".pdf":
        return _pdf_text(raw, path)
    looks_html = suffix in (".html", ".htm", ".xhtml") or raw.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))
    return _decode_text(raw, looks_html=looks_html, name=str(path))


def _decode_text(raw: bytes, *, looks_html: bool, name: str) -> str:
    if b"\x00" in raw[:65536]:
        raise NoticeError(f"{name}: looks like a binary file, not a text, HTML or PDF notice")
    if not raw.strip():
        raise NoticeError(f"{name}: the notice is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # old notices saved on Windows
    return html_to_text(text) if looks_html else text


def _pdf_text(data: bytes, path: Path) -> str:
    import pypdfium2 as pdfium  # type: ignore[import-untyped,unused-ignore]

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise NoticeError(f"{path}: cannot open the PDF ({exc}); if it is encrypted, save an unprotected copy") from None
    try:
        pages = len(pdf)
        if pages > MAX_PDF_PAGES:
            raise NoticeError(f"{path}: {pages} pages, over the {MAX_PDF_PAGES}-page limit for a notice")
        parts = []
        for index in range(pages):
            page = pdf[index]
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    text = "\n".join(parts).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise NoticeError(f"{path}: the PDF has no text layer (a scan?); run OCR on it first or paste its text")
    return text


class _TextExtractor(html.parser.HTMLParser):
    """HTML -> text lines: blocks become lines, table cells are joined with " | ", items of
    an ordered list get their numbers (so numbered steps survive), scripts are dropped."""

    BLOCKS = frozenset(
        (
            "p",
            "div",
            "br",
            "tr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "section",
            "article",
            "header",
            "footer",
            "ul",
            "ol",
            "table",
            "li",
            "dt",
            "dd",
            "blockquote",
            "pre",
            "hr",
            "main",
            "nav",
        )
    )
    SKIP = frozenset(("script", "style", "noscript", "template", "head", "svg"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.lists: list[list[int] | None] = []  # a counter per open <ol>, None for <ul>
        self.cell = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
            return
        if tag == "title":
            self.skipping += 1  # <title> repeats the heading; the body has it
            return
        if tag in ("td", "th"):
            if self.cell:
                self.parts.append(" | ")
            self.cell += 1
            return
        if tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "tr":
            self.cell = 0
        if tag == "ol":
            self.lists.append([0])
        elif tag == "ul":
            self.lists.append(None)
        elif tag == "li":
            counter = self.lists[-1] if self.lists else None
            if counter is not None:
                counter[0] += 1
                self.parts.append(f"{counter[0]}. ")
            else:
                self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP or tag == "title":
            self.skipping = max(0, self.skipping - 1)
            return
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        if tag in self.BLOCKS and tag not in ("li", "tr", "dt", "dd", "br"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> str:
    """Strip tags with the standard library's tolerant parser; entities are decoded."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"


# --------------------------------------------------------------------------- dates and times

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


def _zone_from_match(match: re.Match[str]) -> ZoneGuess | None:
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
                    item.zone = _zone_from_match(zone_match) if zone_match else None
    if position is not None:
        zone_match = ZONE_AFTER.match(text, position, min(len(text), position + 80))
        if zone_match:
            guess = _zone_from_match(zone_match)
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


# --------------------------------------------------------------------------- the draft

REVIEW_PLACEHOLDER_REFERENCE = "REVIEW-reference"


@dataclass
class DraftMilestone:
    id: str
    kind: str
    title: str
    at: str
    as_written: str
    timezone: str | None = None
    reviews: list[str] = field(default_factory=list)
    found: FoundDate | None = None


@dataclass
class DraftStep:
    text: str
    id: str | None = None
    date: str | None = None
    reviews: list[str] = field(default_factory=list)


@dataclass
class DraftCheck:
    rule: str
    tip: str
    severity: str
    documents: str | None = None
    reviews: list[str] = field(default_factory=list)


@dataclass
class Draft:
    """What the notice gave, with the reasons for every guess; :meth:`to_yaml` writes it."""

    reference: str
    title: str
    timezone: str
    buyer: str | None = None
    reviews: dict[str, list[str]] = field(default_factory=dict)
    dates: list[DraftMilestone] = field(default_factory=list)
    steps: list[DraftStep] = field(default_factory=list)
    checks: list[DraftCheck] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    source: str = ""

    def review(self, key: str, reason: str) -> None:
        self.reviews.setdefault(key, []).append(reason)

    @property
    def review_count(self) -> int:
        count = sum(len(v) for v in self.reviews.values()) + len(self.skipped)
        count += (
            sum(len(m.reviews) for m in self.dates) + sum(len(s.reviews) for s in self.steps) + sum(len(c.reviews) for c in self.checks)
        )
        return count

    def to_yaml(self) -> str:
        out: list[str] = [
            f"# Draft made by `tenderctl draft`{' from ' + self.source if self.source else ''}.",
            "# Lines marked REVIEW are guesses: check each against the notice, then delete the comment.",
        ]

        def comments(reasons: list[str], indent: str = "") -> None:
            for reason in reasons:
                out.append(f"{indent}# REVIEW: {_one_line(reason)}")

        def key(name: str, value: str | None, indent: str = "", reasons: list[str] | None = None) -> None:
            if value is None:
                return
            comments(reasons or [], indent)
            out.append(f"{indent}{name}: {scalar(value)}")

        key("reference", self.reference, reasons=self.reviews.get("reference"))
        key("title", self.title, reasons=self.reviews.get("title"))
        key("buyer", self.buyer, reasons=self.reviews.get("buyer"))
        key("timezone", self.timezone, reasons=self.reviews.get("timezone"))
        out.append("status: open")
        if self.notes:
            comments(self.reviews.get("notes", []))
            out.append("notes: |-")
            out.extend(f"  {line}" if line else "" for line in "\n".join(self.notes).split("\n"))
        if self.dates or self.skipped:
            out.append("")
            out.append("dates:" if self.dates else "dates: []")
            for m in self.dates:
                out.append(f"  - id: {scalar(m.id)}")
                out.append(f"    kind: {m.kind}")
                out.append(f"    title: {scalar(m.title)}")
                comments(m.reviews, "    ")
                out.append(f"    at: {scalar(m.at)}")
                if m.timezone:
                    out.append(f"    timezone: {scalar(m.timezone)}")
                out.append(f"    as_written: {scalar(m.as_written)}")
            for skipped in self.skipped:
                out.append(f"  # REVIEW: not added: {_one_line(skipped)}")
        if self.steps:
            out.append("")
            out.append("steps:")
            for s in self.steps:
                comments(s.reviews, "  ")
                first = True
                for name, value in (("id", s.id), ("text", s.text), ("date", s.date)):
                    if value is None:
                        continue
                    out.append(f"  {'- ' if first else '  '}{name}: {scalar(value)}")
                    first = False
        if self.checks:
            out.append("")
            out.append("checks:")
            for c in self.checks:
                comments(c.reviews, "  ")
                out.append(f"  - rule: {c.rule}")
                if c.documents:
                    out.append(f"    documents: {c.documents}")
                out.append(f"    severity: {c.severity}")
                out.append(f"    tip: {scalar(c.tip)}")
        return "\n".join(out) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


_PLAIN = re.compile(r"^[A-Za-z0-9À-ÿ(][A-Za-z0-9À-ÿ _.,()/'’&+-]*$")
_RESERVED = re.compile(r"^(?:y|n|yes|no|on|off|true|false|null|~|[-+]?[0-9][0-9_.:eE+-]*)$", re.I)


def scalar(value: str) -> str:
    """A YAML scalar: plain when that cannot be misread, else double-quoted (JSON escapes
    are valid YAML)."""
    if _PLAIN.match(value) and not _RESERVED.match(value) and not value.endswith((" ", ":")) and ": " not in value and " #" not in value:
        return value
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})", value):
        return value  # our own `at` values: the loader reads them as text
    return json.dumps(value, ensure_ascii=False)


def _slug(text: str, words: int = 4) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(parts[:words]) or "step"


def _unique(base: str, used: set[str]) -> str:
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


# --------------------------------------------------------------------------- pieces of the notice

REFERENCE_LABEL = re.compile(
    r"(?:\breference(?:\s+(?:number|no\.?))?|\bref\.?(?:\s*no\.?)?|\bréférence|\bréf\.?|\btender\s+(?:no\.?|number|id)|"
    r"\b(?:rfp|rfq|itb|rfps|eoi|ifb)\s*(?:no\.?|number|#)|\bsolicitation\s+(?:no\.?|number)|\bnotice\s+(?:no\.?|number)|"
    r"\bavis\s+n\s*[°o]|\bappel d'offres\s+n\s*[°o]|\bdossier\s+n\s*[°o]|\bn\s*°)"
    r"\s*(?:is\s+)?[:#]?\s*(?P<ref>[A-Z0-9][A-Z0-9/_.\-]{2,60})",
    re.I,
)
REFERENCE_CODE = re.compile(r"\b[A-Z]{2,}[A-Z0-9]*(?:[-/][A-Z0-9]+)+\b")
TITLE_LABEL = re.compile(r"^\s*(?:title|subject|object|objet|intitulé|titre)\s*:\s*(?P<v>.{3,200})$", re.I | re.M)
BUYER_LABEL = re.compile(
    r"^\s*(?:buyer|contracting authority|purchaser|procuring entity|client|issued by|autorité contractante|acheteur|maître d'ouvrage)"
    r"\s*[:\-–]\s*(?P<v>.{2,120})$",
    re.I | re.M,
)
BUYER_PROSE = re.compile(
    r"^(?P<v>[A-Z][\w&.'’ -]{1,60}?) (?:is looking for|is seeking|seeks|invites|is inviting|hereby invites|lance|invite)\b", re.M
)
NUMBERED = re.compile(r"^\s*(?:step\s+|étape\s+)?(?P<n>\d{1,2})\s*[.)]?\s*[-–:]?\s+(?P<text>\S.*)$", re.I)
STEP_HEADING = re.compile(r"\b(steps?|how to (?:apply|submit|bid|participate)|procedure|instructions|étapes|démarche|process)\b", re.I)
TIP_HEADING = re.compile(r"\b(tips?|important|remember|reminders?|notes?|conseils|attention|à noter)\b", re.I)


def _clean_ref(value: str) -> str:
    return value.rstrip(".,;:/-")


def find_reference(text: str) -> tuple[str | None, str | None]:
    """(reference, review reason or None)."""
    for match in REFERENCE_LABEL.finditer(text):
        ref = _clean_ref(match["ref"])
        if any(c.isdigit() for c in ref) and len(ref) >= 4:
            return ref, None
    codes = Counter(_clean_ref(m.group(0)) for m in REFERENCE_CODE.finditer(text) if any(c.isdigit() for c in m.group(0)))
    if codes:
        ref, count = codes.most_common(1)[0]
        return ref, f"no labelled reference number in the notice; {ref!r} is the code it mentions most ({count}×)"
    return None, None


@dataclass
class _ListItem:
    number: int
    heading: str
    body: str
    start: int  # offset in text of the item line
    end: int


def numbered_lists(text: str) -> list[tuple[str, list[_ListItem]]]:
    """Runs of items numbered 1, 2, 3, ... with the heading line above them.

    When the line after item 1 is prose rather than item 2, every item is a heading with a
    one-paragraph body ("1. Terms of Reference" / "Read the full Terms of Reference here").
    """
    lines = text.split("\n")
    offsets = []
    position = 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1

    def next_filled(k: int) -> int:
        while k < len(lines) and not lines[k].strip():
            k += 1
        return k

    results: list[tuple[str, list[_ListItem]]] = []
    index = 0
    while index < len(lines):
        first = NUMBERED.match(lines[index])
        if not first or int(first["n"]) != 1:
            index += 1
            continue
        heading_line = next((lines[k].strip() for k in range(index - 1, max(-1, index - 4), -1) if lines[k].strip()), "")
        after_first = next_filled(index + 1)
        with_bodies = after_first < len(lines) and not NUMBERED.match(lines[after_first])
        items: list[_ListItem] = []
        k = index
        while k < len(lines):
            m = NUMBERED.match(lines[k])
            if not m or int(m["n"]) != len(items) + 1:
                break
            start, last = k, k
            body = ""
            k += 1
            if with_bodies:
                j = next_filled(k)
                if j < len(lines) and not NUMBERED.match(lines[j]):
                    body, last, k = lines[j].strip(), j, j + 1
            items.append(_ListItem(len(items) + 1, m["text"].strip(), body, offsets[start], offsets[last] + len(lines[last])))
            k = next_filled(k)
        if len(items) >= 2:
            results.append((heading_line, items))
        index = max(k, index + 1)
    return results


def classify_tip(text: str) -> tuple[str, str | None, str, str] | None:
    """(rule, documents, severity, why) for a tip one of the known rules covers."""
    lowered = text.lower()
    fatal = re.search(r"disqualif|discard|reject|eliminat|élimin|rejet|automatically|will not be considered|irrecevable", lowered)
    severity = "disqualifying" if fatal else "required"
    technical = "technical" if re.search(r"technical|technique", lowered) else None
    if re.search(r"\b(sign(ed|ature)?|signée?s?|signature)\b", lowered):
        return "signature", technical, severity, "the tip asks for a signature"
    if re.search(r"financ|pric|cost|budget|prix|montant", lowered) and re.search(
        r"\b(not|no|never|without|exclude|ne pas|aucun|sans)\b", lowered
    ):
        return "no-financials", technical or "technical", severity, "the tip forbids financial information in the technical proposal"
    if re.search(r"\bcvs?\b|curricul|résumés?\b|key experts", lowered):
        return "cvs", None, "disqualifying" if fatal else "required", "the tip asks for the experts' CVs"
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def draft_from_text(text: str, *, timezone: str | None = None, source: str = "") -> Draft:
    """Read a notice's text into a :class:`Draft`. Never raises on odd input."""

    text = _CONTROL.sub(" ", text)  # a stray control character would make the draft unloadable
    truncated = len(text) > MAX_NOTICE_CHARS
    text = text[:MAX_NOTICE_CHARS]
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u202f", " ")
    text = text.replace("’", "'").replace("‘", "'").replace("\u2010", "-").replace("\u2011", "-")
    us_style = bool(re.search(r"\b\d{1,2}(?::\d{2})?\s*[AP]\.?M\.?\b|\b(?:EST|EDT|CST|CDT|PST|PDT|MST|MDT)\b", text))
    reference, ref_review = find_reference(text)
    draft = Draft(reference=reference or REVIEW_PLACEHOLDER_REFERENCE, title="", timezone="UTC", source=source)
    if reference is None:
        draft.review("reference", "no reference number found in the notice; replace this placeholder")
    elif ref_review:
        draft.review("reference", ref_review)

    title_match = TITLE_LABEL.search(text)
    if title_match:
        draft.title = title_match["v"].strip()
    else:
        first = next((line.strip().lstrip("#").strip() for line in text.split("\n") if line.strip().lstrip("#").strip()), "")
        draft.title = first[:150] or "REVIEW: title"
        draft.review(
            "title", "the notice's first line; check it is the tender's title" if first else "the notice has no text to take a title from"
        )

    buyer = BUYER_LABEL.search(text)
    if buyer:
        draft.buyer = buyer["v"].strip().rstrip(".")
    else:
        prose = BUYER_PROSE.search(text)
        if prose:
            draft.buyer = prose["v"].strip()
            draft.review("buyer", f"from the sentence {prose.group(0)!r}")

    lists = numbered_lists(text)
    step_list = next((items for heading, items in lists if STEP_HEADING.search(heading)), None)
    tip_list = next((items for heading, items in lists if TIP_HEADING.search(heading)), None)

    if truncated:
        draft.skipped.append(f"the notice's text was cut at {MAX_NOTICE_CHARS:,} characters; anything after that was not read")
    _dates(draft, text, us_style, step_list, [items for _heading, items in lists if items in (step_list, tip_list)])
    _zone(draft, timezone)
    _steps(draft, text, step_list)
    _tips(draft, tip_list)
    return draft


_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-ZÀ-Ý]|\s*$)")


def _sentence(text: str, start: int, end: int) -> tuple[str, int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end]
    # sentence boundaries inside the line: ". " followed by a capital
    left = line_start
    for m in re.finditer(r"[.!?]\s+(?=[A-ZÀ-Ý])", line):
        if line_start + m.end() <= start:
            left = line_start + m.end()
    right = line_end
    stop = _SENTENCE_END.search(text, end, line_end) if end < line_end else None
    if stop:
        right = stop.end()
    return text[left:right].strip(), left, right


def _dates(draft: Draft, text: str, us_style: bool, step_list: list[_ListItem] | None, structure: list[list[_ListItem]]) -> None:
    found = find_dates(text, us_style=us_style)
    lines = text.split("\n")
    line_starts = []
    position = 0
    for line in lines:
        line_starts.append(position)
        position += len(line) + 1
    # Lines right under a "dates" heading count as dated milestones whatever they say.
    dated_section: set[int] = set()
    for number, line in enumerate(lines):
        if DATES_HEADING.search(line) and len(line.strip()) <= 40 and not find_dates(line):
            k = number + 1
            while k < len(lines) and (not lines[k].strip() or find_dates(lines[k], us_style=us_style)):
                if lines[k].strip():
                    dated_section.add(k)
                k += 1
    # A notice with structure (numbered steps or tips, a dates section) ends with the last of
    # them: what follows is usually other text pasted along (news, other calls), so dates
    # there are reported for review, not added.
    ends = [items[-1].end for items in structure] + [line_starts[k] + len(lines[k]) for k in dated_section]
    limit = max(ends) if ends else len(text)

    def line_number(offset: int) -> int:
        import bisect

        return bisect.bisect_right(line_starts, offset) - 1

    used: set[str] = set()
    seen: set[tuple[dt.date, dt.time | None, str]] = set()
    for item in found:
        number = line_number(item.start)
        line = lines[number]
        in_table = "|" in line or "\t" in line.strip()
        sentence, _left, _right = _sentence(text, item.start, item.text_end)
        context = line if in_table else sentence
        heading = _step_heading_for(step_list, item.start)
        kind = kind_of(context) or (kind_of(heading) if heading else None)
        if kind is None and not (in_table or number in dated_section):
            continue
        kind = kind or "other"
        if item.start > limit:
            if len(draft.skipped) < 5:
                draft.skipped.append(
                    f"{text[item.start : item.text_end]!r} ({kind}?): after the end of the notice's steps/tips/dates: {sentence[:140]!r}"
                )
            continue
        key = (item.day, item.wall, kind)
        if key in seen:
            continue
        seen.add(key)
        title = _title_for(line, item, in_table, heading, kind)
        as_written = (line.strip() if in_table else sentence)[:300]
        milestone = DraftMilestone(_unique(kind, used), kind, title, "", as_written, found=item)
        milestone.reviews.extend(item.reviews)
        draft.dates.append(milestone)
    submissions = [m for m in draft.dates if m.kind == "submission"]
    if len(submissions) > 1:
        for m in submissions:
            m.reviews.append(f"the notice gives {len(submissions)} submission dates (an extension?); keep the one that applies")
    # Yearless dates in a milestone's sentence are reported, never completed with a guessed year.
    import bisect

    starts = [f.start for f in found]
    for match in YEARLESS.finditer(text, 0, limit):
        if len(draft.skipped) >= 20:
            break
        at = bisect.bisect_right(starts, match.start()) - 1
        if at >= 0 and found[at].start <= match.start() < found[at].end:
            continue
        sentence, _l, _r = _sentence(text, match.start(), match.end())
        if kind_of(sentence):
            draft.skipped.append(f"{match.group(0)!r} has no year ({sentence[:120]!r})")


def _step_heading_for(step_list: list[_ListItem] | None, offset: int) -> str | None:
    for item in step_list or []:
        if item.start <= offset <= item.end:
            return item.heading
    return None


def _title_for(line: str, item: FoundDate, in_table: bool, heading: str | None, kind: str) -> str:
    if in_table:
        cells = [c.strip() for c in re.split(r"\||\t", line) if c.strip()]
        label = next((c for c in cells if not find_dates(c)), None)
        if label:
            return label[:100]
    label_match = re.match(r"^\s*(?P<label>[^:|]{3,80}?)\s*:\s*\S", line)
    if label_match and find_dates(line[label_match.end() - 1 :]):
        return label_match["label"].strip()
    if heading and not find_dates(heading):
        return heading[:100]
    return KIND_TITLES[kind]


def _zone(draft: Draft, given: str | None) -> None:
    from tenderctl.tenders.timeline import get_zone as zone_of

    zones = Counter(m.found.zone.zone for m in draft.dates if m.found and m.found.zone and m.found.zone.zone)
    if given:
        draft.timezone = given
    elif zones:
        # the submission deadline's zone wins: it is the time that matters most
        submission = next(
            (m.found.zone.zone for m in draft.dates if m.kind == "submission" and m.found and m.found.zone and m.found.zone.zone), None
        )
        draft.timezone = submission or zones.most_common(1)[0][0]
        labels = sorted({m.found.zone.label for m in draft.dates if m.found and m.found.zone and m.found.zone.zone == draft.timezone})
        draft.review("timezone", f"from {', '.join(repr(lbl) for lbl in labels)} in the notice; see the REVIEW notes on the dates")
    else:
        draft.timezone = "UTC"
        if any(m.found and m.found.wall for m in draft.dates):
            draft.review(
                "timezone", "the notice states no time zone: UTC is a placeholder; put the buyer's zone here (or run draft with --timezone)"
            )
        else:
            draft.review("timezone", "the notice states no time zone (its dates have no times); UTC is a placeholder for the buyer's zone")
    zone_of(draft.timezone)  # raises ValueError for a bad --timezone before anything else
    for m in draft.dates:
        item = m.found
        assert item is not None
        if item.wall is None:
            m.at = item.day.isoformat()
            m.reviews.append("the notice gives no time: all day (due until the end of that day in the tender's zone)")
            continue
        local = f"{item.day.isoformat()} {item.wall:%H:%M}"
        guess = item.zone
        if guess is None:
            m.at = local
            reason = "the notice gives no time zone for this time"
            m.reviews.append(f"{reason}; read in {draft.timezone}" + (" (given with --timezone)" if given else ""))
            continue
        if guess.offset is not None:
            sign = "+" if guess.offset >= dt.timedelta(0) else "-"
            minutes = int(abs(guess.offset.total_seconds()) // 60)
            m.at = f"{item.day.isoformat()}T{item.wall:%H:%M}{sign}{minutes // 60:02d}:{minutes % 60:02d}"
            continue
        m.at = local
        if guess.zone is None:
            m.reviews.append(f"{guess.review}; read in {draft.timezone}")
            continue
        if guess.zone != draft.timezone:
            m.timezone = guess.zone
        if guess.review:
            reason = guess.review
            zone = zone_of(guess.zone)
            instant = dt.datetime.combine(item.day, item.wall, tzinfo=zone)
            actual = instant.utcoffset()
            utc = instant.astimezone(dt.UTC)
            if guess.label_offset is not None and actual is not None and actual != guess.label_offset:
                name = instant.tzname()
                reason += (
                    f"; on {item.day:%d %B %Y} {guess.zone} is on {name} (UTC{_fmt_offset(actual)}), not UTC{_fmt_offset(guess.label_offset)}, "
                    f"so {item.wall:%H:%M} there is {utc:%H:%M} UTC. If the notice really means UTC{_fmt_offset(guess.label_offset)} all year, "
                    f"write at: {item.day.isoformat()}T{item.wall:%H:%M}{_fmt_offset(guess.label_offset)}"
                )
            elif guess.label_offset is not None:
                reason += f" (on that day UTC{_fmt_offset(guess.label_offset)}, so {item.wall:%H:%M} there is {utc:%H:%M} UTC)"
            m.reviews.append(reason)


def _fmt_offset(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _steps(draft: Draft, text: str, step_list: list[_ListItem] | None) -> None:
    if not step_list:
        return
    used: set[str] = set()
    for item in step_list:
        if item.body and item.body.lower().startswith(item.heading.lower()):
            full = item.body  # "Ask questions" / "Ask questions via the ..." says it once
        else:
            full = f"{item.heading}: {item.body}" if item.body else item.heading
        step = DraftStep(text=full, id=_unique(_slug(item.heading), used))
        for m in draft.dates:
            if m.found and item.start <= m.found.start <= item.end:
                step.date = m.id
                break
        else:
            kind = kind_of(item.heading)
            same_kind = [m for m in draft.dates if m.kind == kind]
            if kind and len(same_kind) == 1:
                step.date = same_kind[0].id
                step.reviews.append(f"due by the {kind} milestone because of the word(s) in {item.heading!r}")
        draft.steps.append(step)


def _tips(draft: Draft, tip_list: list[_ListItem] | None) -> None:
    if not tip_list:
        return
    leftovers = []
    for item in tip_list:
        tip = item.body or item.heading
        rule = classify_tip(f"{item.heading} {item.body}")
        if rule is None:
            leftovers.append(f"- {item.heading}: {item.body}" if item.body else f"- {item.heading}")
            continue
        name, documents, severity, why = rule
        draft.checks.append(
            DraftCheck(name, tip, severity, documents, [f"rule '{name}' chosen because {why} ({item.heading!r}); severity {severity}"])
        )
    if leftovers:
        draft.notes.append("Tips from the notice:")
        draft.notes.extend(leftovers)
        draft.review("notes", "tips no known rule covers, kept as notes")


def validate_draft(draft: Draft) -> tuple[str, list[Problem]]:
    """The draft's YAML and the problems the loader finds in it (none, normally)."""
    from tenderctl.tenders.parse import parse_tender

    text = draft.to_yaml()
    tender, problems = parse_tender(text, draft.source or "draft")
    return text, problems if tender is None else [p for p in problems if p.level.value == "error"]
