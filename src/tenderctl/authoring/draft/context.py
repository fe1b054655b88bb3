"""The notice as the build reads it: its text, its fold, a line index, and the country it is from."""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from typing import TYPE_CHECKING

from babel.core import Locale, get_global

from tenderctl.authoring.draft.demonyms import demonym as _demonym
from tenderctl.authoring.draft.lexicon import NAME_LOCALES, Place, country_zones, fold, main_zone, places, speaks
from tenderctl.authoring.draft.portals import portal_country
from tenderctl.authoring.draft.towns import town_zone

if TYPE_CHECKING:
    from tenderctl.authoring.draft.dates import FoundDate

COUNTRY_HEAD = 20_000
"""The country is read from the top of the notice (labels, names): bounded, and where it is said."""
COUNTRY_LABEL = re.compile(
    r"^\s*(?:country|pays|pais|beneficiary countr(?:y|ies)(?: or territories)?|location|lieu d'execution|town|ville|ciudad|cidade)\s*[:\t]\s*(?P<v>[^\n]{2,80})$",
    re.M,
)
_BOUNDARY = re.compile(r"[.!?;]\s+|\n\s*\n|\n(?=\s*(?:[-•*]|\d+[.)])\s)")
_NAME = re.compile(r"[a-z][a-z\-]*")


class Notice:
    """The normalised text, its same-length fold, and line positions (computed once)."""

    def __init__(self, text: str, low: str) -> None:
        self.text = text
        self.low = low
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.old_spans: list[tuple[int, int, bool]] = []
        """Where an amendment writes its old dates (:func:`tenderctl.authoring.draft.columns.old_spans`)."""

    def old_span(self, offset: int) -> tuple[int, int, bool] | None:
        """The old-dates stretch holding ``offset``, if any."""
        at = bisect.bisect_right(self.old_spans, (offset, len(self.text) + 1, True)) - 1
        if at >= 0 and self.old_spans[at][0] <= offset < self.old_spans[at][1]:
            return self.old_spans[at]
        return None

    def line_number(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset) - 1

    def line_bounds(self, offset: int) -> tuple[int, int]:
        number = self.line_number(offset)
        start = self.line_starts[number]
        end = self.line_starts[number + 1] - 1 if number + 1 < len(self.line_starts) else len(self.text)
        return start, end

    def window(self, offset: int, reach: int = 300) -> tuple[int, int]:
        """The line around ``offset``, cut to ``reach`` characters either side: every look at
        a date's line is bounded, so a notice that is one long line stays linear."""
        start, end = self.line_bounds(offset)
        return max(start, offset - reach), min(end, offset + reach)

    def line(self, number: int) -> str | None:
        """Line ``number`` (a non-empty one, skipping blank lines upward is the caller's job)."""
        if number < 0 or number >= len(self.line_starts):
            return None
        start = self.line_starts[number]
        end = self.line_starts[number + 1] - 1 if number + 1 < len(self.line_starts) else len(self.text)
        return self.text[start : min(end, start + 400)]

    def sentence(self, item: FoundDate) -> str:
        """The sentence around a date, at most 300 characters either side (bounded: linear overall)."""
        start = max(0, item.mention_start - 300)
        end = min(len(self.text), item.text_end + 300)
        boundaries = list(_BOUNDARY.finditer(self.text, start, item.mention_start))
        left = boundaries[-1].end() if boundaries else max(start, self.text.rfind("\n", start, item.mention_start) + 1)
        right_match = re.compile(r"[.!?](?=\s|$)|\n\n").search(self.text, item.text_end, end)
        right = right_match.end() if right_match else end
        return " ".join(self.text[left:right].split())

    def as_written(self, item: FoundDate) -> str:
        start, end = self.line_bounds(item.mention_start)
        line = self.text[start:end] if end - start <= 300 else ""
        if "|" in line or "\t" in line:
            return " ".join(line.split())
        if end - start <= 200 and ":" in self.text[start : item.mention_start]:
            # a labelled line ("Deadline on: 14-Jul-2026 12:00 (GMT -4.00)"), with a value on the next line when split
            text = self.text[start : max(end, item.text_end)]
            return " ".join(text.split())[:300]
        return self.sentence(item)[:300]


def notice_country(notice: Notice, limit: int | None = None) -> tuple[str | None, str]:
    """(ISO code, why) of the country the notice is from: a "Country:" (or "Town:") label, else
    the national portal it comes from (BOAMP, PLACSP, GeM...), else the country named most often
    at its top (an address ending in ", USA" counts), else its web and mail domains. Cities
    outside labels are not counted: "porte Saint-Vincent" in Saint-Malo is not Saint Vincent."""

    table = places()
    head = notice.low[: min(COUNTRY_HEAD, limit if limit is not None else COUNTRY_HEAD)]
    for match in COUNTRY_LABEL.finditer(head):
        code = _first_country(match["v"], table)
        if code:
            return code, f"the notice's label {notice.text[match.start() : match.end()].strip()!r}"
    portal = portal_country(head)
    if portal is not None:
        return portal[0], f"the national portal the notice comes from ({portal[1]})"
    counts = _named_countries(notice.text[: len(head)], head)
    if counts:
        code, count = counts.most_common(1)[0]
        tied = [c for c, n in counts.items() if n == count]
        if len(tied) > 1:
            # named as often as another ("Reunión informativa" beside "Pando - Bolivia"): the
            # notice's web and mail addresses (".gob.bo") decide between them
            domain = _country_of_domains(notice.low[: len(head)])[0]
            if domain in tied:
                return domain, f"the country the notice names most ({count}×, as often as {len(tied) - 1} other), and of its addresses"
        return code, f"the country the notice names most ({count}×)"
    return _country_of_domains(notice.low[: len(head)])


_SMALL = frozenset(["of", "the", "du", "de", "des", "la", "le", "del", "los", "las", "da", "do", "dos", "das", "and", "et", "y", "e"])


@functools.cache
def _country_stems() -> dict[frozenset[str], str]:
    """The content words of each several-word country name, cut to five letters, as a set:
    "República Democrática del Congo" (CLDR's Spanish) also reads "République démocratique du
    Congo" and "Democratic Republic of the Congo", which CLDR spells otherwise."""
    found: dict[frozenset[str], set[str]] = {}
    for key, place in places().items():
        if place.kind != "country" or not place.country:
            continue
        stems = _stems(key.split())
        if len(stems) >= 2:
            found.setdefault(stems, set()).add(place.country)
    return {stems: next(iter(codes)) for stems, codes in found.items() if len(codes) == 1}


def _stems(words: list[str]) -> frozenset[str]:
    return frozenset(w[:5] for w in words if w not in _SMALL and len(w) >= 3)


@functools.cache
def _territory_names() -> frozenset[str]:
    """Every country's name in the four languages, folded: a name that is also a city's (CLDR's
    exemplar "Costa Rica", "Panamá") still names its country."""
    names = set()
    for code in NAME_LOCALES:
        for territory, name in Locale.parse(code).territories.items():
            if territory.isalpha():
                names.add(" ".join(fold(name).replace("'", " ").split()))
    return frozenset(names)


def outlying_zone(notice: Notice, country: str | None, limit: int | None = None) -> tuple[str, str] | None:
    """(zone, name) of an outlying region of a several-zone country that the notice's top names:
    one whose zone the tz database files under another area than the country's main zone
    (Atlantic/Azores, Atlantic/Madeira and Atlantic/Canary beside Europe/..., Pacific/Galapagos
    beside America/Guayaquil). A mainland city never moves the zone: "Center" is a town of North
    Dakota and a word of every address. Without a country, the region names its own."""
    table = places()
    zones_by_country = country_zones()
    head = notice.low[: min(COUNTRY_HEAD, limit if limit is not None else COUNTRY_HEAD)]
    counts: Counter[tuple[str, str]] = Counter()
    words = list(_NAME.finditer(head))
    for index, first in enumerate(words):
        if len(counts) > 20 or not notice.text[first.start() : first.start() + 1].isupper():
            continue
        for size in (3, 2, 1):
            key = " ".join(w.group(0) for w in words[index : index + size])
            place = table.get(key)
            if place is None or place.kind not in ("city", "region") or len(place.zones) != 1 or not place.country:
                continue
            own = zones_by_country.get(place.country, ())
            if len(own) < 2 or (country is not None and place.country != country):
                continue
            zone = place.zones[0]
            if zone.split("/", 1)[0] != main_zone(own).split("/", 1)[0]:
                counts[(zone, notice.text[first.start() : first.start() + len(key)])] += 1
            break
    return counts.most_common(1)[0][0] if counts else None


NAMED_PLACE_HEAD = 6_000
"""The buyer's places are named in its header and address lines, near the top."""


def named_place_zone(notice: Notice, country: str | None, language: str | None = None) -> tuple[str, str] | None:
    """(zone, name) of the place the notice's top names most, for a notice that states no zone:
    a city or a region of the tz tables ("Comunidad de Madrid", "Governo do Estado de São Paulo",
    "Tijuana, Baja California"). With a country known, only its regions count (a region is more
    specific than its country; a mainland city is not: "Center" is a town of North Dakota). Without
    one, only places of a country that speaks the notice's language, when it has one (a Portuguese
    school "de Santa Cruz" is not in Argentina's Santa Cruz). A name the notice also writes in lower
    case is a common word there ("reunião", "para"), never a place."""
    table = places()
    head = notice.low[: min(len(notice.low), NAMED_PLACE_HEAD)]
    text = notice.text[: len(head)]
    counts: Counter[tuple[str, str]] = Counter()
    words = list(_NAME.finditer(head))
    common = lower_words(text)
    index = 0
    while index < len(words):
        first = words[index]
        step = 1
        if text[first.start() : first.start() + 1].isupper():
            for size in (4, 3, 2, 1):
                if index + size > len(words):
                    continue
                key = " ".join(w.group(0) for w in words[index : index + size])
                found = _named_zone(table.get(key), key, country, language)
                if found is None:
                    continue
                zone, town = found
                if town and not _stands_alone(text, first.start(), words[index + size - 1].end()):
                    continue  # "Civic Center": a word of a longer name, not the town of Center
                written = text[first.start() : words[index + size - 1].end()]
                if written.lower() in text if size > 1 else written.lower() in common:
                    break  # also written in lower case: a common word of the notice
                counts[(zone, written)] += 1
                step = size
                break
        index += step
    return counts.most_common(1)[0][0] if counts else None


def _named_zone(place: Place | None, key: str, country: str | None, language: str | None) -> tuple[str, bool] | None:
    """(zone, whether from a town) a name of the notice's top gives: a region of the tz tables
    (of the notice's country when it is known), a city of a country that speaks the notice's
    language when the country is not, or a town of the notice's country when that country has
    several zones (GeoNames' towns: Goma is in the Congo's east)."""
    if len(key) < 4:
        return None
    if place is not None and len(place.zones) == 1 and place.country and place.kind in ("city", "region"):
        if country is None and (language is None or speaks(place.country, language)):
            return place.zones[0], False
        if country is not None and place.country == country and place.kind == "region":
            return place.zones[0], False
    if country is not None and (place is None or place.kind in ("city", "region")):
        zone = town_zone(country, key)
        return (zone, True) if zone is not None else None
    return None


def _stands_alone(text: str, start: int, end: int) -> bool:
    """A name that is the whole of its capitalised run: no capitalised word right before or after
    it on its line ("Civic Center", "Center Street" are not the town of Center; "City of Boulder",
    "Goma, Nord-Kivu" and headings in capitals are)."""
    before = text[max(0, start - 40) : start].rstrip(" \t")
    previous = re.search(r"([A-Za-zÀ-ÿ]+)\Z", before)
    after = text[end : end + 40].lstrip(" \t")
    following = re.match(r"[A-Za-zÀ-ÿ]+", after)
    return not any(word is not None and _title_word(word.group(0)) for word in (previous, following))


def _title_word(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


_ADDRESS_END = re.compile(r",[ \t]*(?P<code>[A-Z]{3})\.?[ \t]*$", re.M)
"""An address line ending in a country's three-letter code ("Harrisburg, PA 17101, USA")."""


_LOWER_WORD = re.compile(r"(?<![\w.@/\-])[a-zß-ÿ][\w]*(?![\w@\-]|\.\w)")


def lower_words(original: str) -> frozenset[str]:
    """The words ``original`` writes in lower case, outside addresses (a mail or web name, "angola"
    in "minfin.gv.ao/angola", is no word): a name among them is a common word of the notice."""
    return frozenset(_LOWER_WORD.findall(original))


def _named_countries(original: str, head: str) -> Counter[str]:
    """Countries named in the notice's top: names (up to five words, the first capitalised),
    adjectives of nationality, and three-letter codes that end an address line."""
    table = places()
    stems = _country_stems()
    counts: Counter[str] = Counter()
    words = list(_NAME.finditer(head))
    common = lower_words(original)
    index = 0
    while index < len(words):
        hit = None
        named = False  # a country's name, not its adjective ("République Algérienne" is Algeria)
        first = words[index]
        if original[first.start() : first.start() + 1].isupper():
            for size in (5, 4, 3, 2, 1):
                if index + size > len(words):
                    continue
                run = [w.group(0) for w in words[index : index + size]]
                key = " ".join(run)
                place = table.get(key)
                if size == 1 and place is not None and place.kind != "country" and original[first.start() : first.end()].lower() in common:
                    break  # "Reunião de esclarecimento" beside "a reunião": a word of the notice, not Réunion ("suisse" stays Suisse)
                if place is not None and place.country and len(key) >= 4 and (place.kind == "country" or key in _territory_names()):
                    hit = (place.country, size)
                    named = True
                    break
                code = stems.get(_stems(run)) if size >= 2 and run[-1] not in _SMALL else None
                if code is not None:
                    hit = (code, size)
                    named = True
                    break
            own = table.get(first.group(0))
            if hit is None and len(first.group(0)) >= 6 and (own is None or own.kind != "city"):
                # (a place's own name is no adjective: "Colombo" is Sri Lanka's city, not Colombian)
                place = _demonym(first.group(0))  # "Philippine Government", "Kenyan shillings"
                if place is not None and place.country and place.kind == "country":  # "Eastern" is not Easter Island
                    hit = (place.country, 1)
        if hit and hit[0] in _UNINHABITED:
            index += hit[1]  # "Tierra del Fuego, Antártida e Islas del Atlántico Sur" is an Argentine province
        elif hit and named and _part_of_name(original, first.start(), words[index + hit[1] - 1].end()):
            index += hit[1]  # "Av. San Martín 1401", "María Guadalupe Ornelas": a street's or a person's name
        elif hit:
            counts[hit[0]] += 1
            index += hit[1]
        else:
            index += 1
    aliases = get_global("territory_aliases")
    zones = country_zones()
    for count, match in enumerate(_ADDRESS_END.finditer(original)):
        if count >= 200:
            break
        codes = aliases.get(match["code"]) or []
        if len(codes) == 1 and codes[0] in zones:
            counts[codes[0]] += 1
    zips = sum(1 for _zip, _count in zip(_US_ZIP.finditer(original), range(200), strict=False))
    if zips:
        counts["US"] += zips
    return counts


_UNINHABITED = frozenset(["AQ", "BV", "HM", "GS"])
"""Territories without a town or a buyer (Antarctica, Bouvet, Heard and McDonald, South Georgia):
their names are words of other places' names, never a notice's country."""
_HOUSE_NUMBER = re.compile(r"[ \t]+\d{1,5}(?![\d/.:\-])")
_STREET_BEFORE = re.compile(r"(?i:\b(?:av|avda|avenida|calle|rua|rue|jr|pje|pasaje|travessa|alameda)\.?)[ \t]+\Z")
_WORD_BEFORE = re.compile(r"([A-ZÀ-Þ][\wÀ-ÿ]*)[ \t]+\Z")
_WORD_AFTER = re.compile(r"[ \t]+([A-ZÀ-Þ][\wÀ-ÿ]*)")
_ARTICLES = frozenset(
    ["the", "la", "le", "les", "el", "lo", "o", "a", "os", "as", "un", "une", "una", "um", "uma", "in", "en", "em", "to", "for"]
)


def _part_of_name(original: str, start: int, end: int) -> bool:
    """Whether a country's name at ``start:end`` is a word of a longer name: a street's (followed
    by a house number: "San Martín 1401", or after "Av.", "Rua") or a person's (right after a
    capitalised word that is no article or linking word: "María Guadalupe", or in capitals between
    two such words: "MARÍA GUADALUPE ORNELAS"). Saints and heroes
    name streets and people all over Latin America; counted as countries they made Uruguayan
    notices French (Saint-Martin). "Ministry of Health, Kenya", "REPUBLIQUE DU SENEGAL" and "The
    Kenya Roads Board" still count."""
    if _HOUSE_NUMBER.match(original, end):
        return True
    before = original[max(0, start - 30) : start]
    before = before[before.rfind("\n") + 1 :]
    if _STREET_BEFORE.search(before):
        return True
    word = _WORD_BEFORE.search(before)
    if word is None or word.group(1).lower() in _SMALL | _ARTICLES:
        return False
    if not word.group(1).isupper():
        return True  # "María Guadalupe"
    # in capitals, a first name is followed by a surname ("MARÍA GUADALUPE ORNELAS"); an agency's
    # acronym is not ("UNDP Sri Lanka - COLOMBO", "UNICEF Mozambique")
    following = _WORD_AFTER.match(original, end)
    return following is not None and following.group(1).isupper() and original[start:end].isupper()


_US_ZIP = re.compile(r"^[^\n]{0,80}\b[A-Z][a-z]+,?[ \t]+[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?[ \t]*$", re.M)
"""A United States address line ending in a state's two letters and a ZIP code ("1777 Broadway, Boulder, CO 80302")."""


# A two-letter top-level domain is a country's, except those sold to anyone (.co, .io, .tv...):
# those count only under a government or academic second level (".gov.co", ".edu.co").
_DOMAIN = re.compile(r"(?:https?://|www\.|@)(?P<host>[a-z0-9][a-z0-9.\-]{0,120}?)\.(?P<tld>[a-z]{2})(?![a-z0-9\-])")
_SOLD = frozenset(
    [
        "co",
        "io",
        "tv",
        "me",
        "ai",
        "fm",
        "ly",
        "cc",
        "ws",
        "to",
        "sh",
        "gg",
        "la",
        "so",
        "vc",
        "am",
        "nu",
        "tk",
        "eu",
        "int",
        "md",
        "gd",
        "ms",
    ]
)
_PUBLIC = re.compile(r"(?:^|\.)(?:gov|gob|gouv|go|gv|govt|edu|ac|mil|nic)$")


def _country_of_domains(head: str) -> tuple[str | None, str]:

    zones = country_zones()
    counts: Counter[str] = Counter()
    for count, match in enumerate(_DOMAIN.finditer(head)):
        if count >= 200:
            break
        tld = match["tld"]
        if tld in _SOLD and not _PUBLIC.search(match["host"]):
            continue
        code = "GB" if tld == "uk" else tld.upper()
        if code in zones:
            counts[code] += 1
    if counts:
        code, count = counts.most_common(1)[0]
        return code, f"the country of the notice's web and mail addresses (.{code.lower()}, {count}×)"
    return None, ""


_LANGUAGE_WORDS = {
    "en": frozenset(["the", "and", "of", "for", "with", "must", "shall", "will", "be", "by", "to", "is", "are", "from", "this"]),
    "fr": frozenset(
        ["le", "la", "les", "des", "du", "et", "pour", "avec", "doit", "doivent", "sont", "est", "une", "aux", "au", "par", "dans"]
    ),
    "es": frozenset(["el", "la", "los", "las", "del", "y", "para", "con", "debe", "deberan", "por", "una", "es", "son", "en", "al"]),
    "pt": frozenset(
        ["o", "a", "os", "as", "do", "da", "dos", "das", "e", "para", "com", "deve", "deverao", "por", "uma", "nao", "sao", "em", "ao"]
    ),
}


def notice_language(low: str) -> str | None:
    """The notice's language among the four, from its commonest small words (the first 20,000
    characters); None when no language has more than a few of them."""
    counts = Counter(word for word in re.findall(r"[a-z]+", low[:COUNTRY_HEAD]) if len(word) <= 8)
    scores = {code: sum(counts[w] for w in words) for code, words in _LANGUAGE_WORDS.items()}
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] >= 5 else None


def _first_country(value: str, table: dict) -> str | None:  # type: ignore[type-arg]
    words = _NAME.findall(value)
    for index in range(len(words)):
        for size in (3, 2, 1):
            key = " ".join(words[index : index + size])
            place = table.get(key)
            if place is not None and place.country:
                return str(place.country)
        demonym = _demonym(words[index]) if len(words[index]) >= 6 else None  # "Pays : République Togolaise"
        if demonym is not None and demonym.kind == "country" and demonym.country:
            return str(demonym.country)
    return None
