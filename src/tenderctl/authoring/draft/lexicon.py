"""Words a notice uses for months, places and zones, in English, French, Spanish and Portuguese.

Nothing here is a hand list of places: month and weekday names, territory names, exemplar
cities and metazone names ("East Africa Time", "heure d'Europe centrale", "Horário de
Brasília") come from CLDR through babel; which zones a country has comes from the tz
database's country table (``zone1970.tab`` / ``zone.tab``, or babel's copy of it when the
system has none); the abbreviations a zone uses ("EAT", "CEST", "PST") come from the tz
database itself. Everything is built once, on first use, and only by ``draft``.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import json
import os
import re
import unicodedata
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import babel
from babel import Locale
from babel.core import UnknownLocaleError, get_global

from tenderctl import __version__
from tenderctl.cache import cache_dir
from tenderctl.fsutil import atomic_write

LANGUAGES = ("en", "fr", "es", "pt")
NAME_LOCALES = ("en", "en_GB", "fr", "fr_CA", "es", "es_MX", "es_419", "pt", "pt_PT")
"""Where place and zone names are read: the four languages and the regional forms notices use
("heure avancée de l'Est" is Canadian French, "horário de Brasília" Brazilian Portuguese)."""


def fold(text: str) -> str:
    """Lower case without accents: 'Brasília' -> 'brasilia', 'Décembre' -> 'decembre'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def _build_months() -> dict[str, int]:
    """Folded month name or abbreviation (without its dot) -> month number, four languages."""

    table: dict[str, int] = {}
    for code in LANGUAGES:
        data = Locale.parse(code).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in data[context][width].items():
                    key = fold(name).rstrip(".")
                    if len(key) >= 3 and not key.isdigit():
                        table.setdefault(key, number)
    # "Sept" and four-letter cuts ("janv", "févr") are common beyond CLDR's abbreviations
    for key, number in list(table.items()):
        if len(key) > 4:
            table.setdefault(key[:4], number)
        if len(key) > 3 and key[:3] not in table:
            table[key[:3]] = number
    return table


def _build_weekdays() -> frozenset[str]:

    names: set[str] = set()
    for code in LANGUAGES:
        for width in ("wide", "abbreviated"):
            names.update(fold(n).rstrip(".") for n in Locale.parse(code).days["format"][width].values())
    return frozenset(n for n in names if len(n) >= 3)


@functools.cache
def _zone_rows() -> tuple[tuple[tuple[str, ...], str, str], ...]:
    """(country codes, zone, comment) rows of the tz database's country table."""

    rows: list[tuple[tuple[str, ...], str, str]] = []
    for folder in _zoneinfo_folders():
        path = Path(folder) / "zone.tab"  # zone.tab: each country with its own zones
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) >= 3:
                rows.append((tuple(parts[0].split(",")), parts[2], parts[3].strip() if len(parts) > 3 else ""))
        if rows:
            break
    return tuple(rows)


@functools.cache
def country_zones() -> dict[str, tuple[str, ...]]:
    """ISO country code -> its zones, from the tz database's country table."""
    table: dict[str, list[str]] = {}
    for codes, zone, _comment in _zone_rows():
        for code in codes:
            zones = table.setdefault(code, [])
            if zone not in zones:
                zones.append(zone)
    if not table:  # no tz tables on this system: babel ships CLDR's copy of the same mapping
        for code, zones in get_global("territory_zones").items():
            table[code] = list(zones)
    return {code: tuple(zones) for code, zones in table.items()}


MAINLAND_WORDS = (
    "mainland",
    "peninsula",
    "peninsular",
    "peninsule",
    "continental",
    "continente",
    "metropolitan",
    "metropolitana",
    "metropolitaine",
    "metropole",
)
"""Words for a country's main part ("hora peninsular", "Portugal continental", "heure de
métropole"): the zone the tz country table describes as "(mainland)" or "(peninsula)", or a
country's first zone."""
_NOT_REGIONS = frozenset(["most areas", "most locations", "mainland", "peninsula", "islands", "east", "west", "north", "south"])


REGIONAL_NAMES = {
    "hora peninsular": "Europe/Madrid",
    "horario peninsular": "Europe/Madrid",
    "peninsular": "Europe/Madrid",
    "peninsular malaysia": "Asia/Kuala_Lumpur",
    "hora canaria": "Atlantic/Canary",
    "horario canario": "Atlantic/Canary",
    "heure de metropole": "Europe/Paris",
    "heure metropolitaine": "Europe/Paris",
    "tiempo del centro": "America/Mexico_City",
    "hora del centro de mexico": "America/Mexico_City",
}
"""Regional time names that CLDR does not carry but notices write ("hora peninsular" is Spain's
mainland time): the few the tz comments and CLDR names cannot give."""


def _regions(zone_country: dict[str, str]) -> list[tuple[str, Place]]:
    """Region names from the tz country table's comments ("Canary Islands", "Sonora",
    "New South Wales", "Quintana Roo"), each with its zone, and the mainland words."""
    out: list[tuple[str, Place]] = [(name, Place("region", name, (zone,), zone_country.get(zone))) for name, zone in REGIONAL_NAMES.items()]
    mainland: list[str] = []
    most: list[str] = []
    for _codes, zone, comment in _zone_rows():
        if re.search(r"\((?:mainland|peninsula)\)", comment):
            mainland.append(zone)
        elif comment.startswith("most of "):
            most.append(zone)
        for piece in re.split(r"[,;()&]|\s-\s|\s+and\s+|^(?:most of|[A-Z]{2,4}|Eastern|Central|Mountain|Pacific|Atlantic)\s+-\s*", comment):
            piece = piece.strip()
            if len(piece) < 4 or fold(piece) in _NOT_REGIONS or not re.match(r"[A-Z][a-z]", piece):
                continue
            place = Place("region", piece, (zone,), zone_country.get(zone))
            out.append((piece, place))
            short = re.sub(r"\s+(?:Islands?|Region|Territory|Province)$", "", piece)
            if short != piece and len(short) >= 4:
                out.append((short, place))
    for word in MAINLAND_WORDS:
        out.append((word, Place("mainland", word, tuple(mainland + most))))
    return out


@functools.cache
def country_aliases() -> dict[str, dict[str, str]]:
    """Country -> {folded name: zone} from the tz database's old names that carry a country
    ("Australia/ACT", "Australia/Canberra", "US/Eastern", "Canada/Pacific", "Brazil/East"):
    words that name a zone only inside that country ("ACT local time" in an Australian notice)."""

    by_name = {
        fold(name): code
        for name, code in (("US", "US"), ("Canada", "CA"), ("Australia", "AU"), ("Brazil", "BR"), ("Mexico", "MX"), ("Chile", "CL"))
    }
    for key, place in places().items():
        if place.kind == "country" and place.country:
            by_name.setdefault(key, place.country)
    out: dict[str, dict[str, str]] = {}
    for alias, zone in get_global("zone_aliases").items():
        if alias.count("/") != 1:
            continue
        prefix, tail = alias.split("/")
        code = by_name.get(fold(prefix.replace("_", " ")))
        name = fold(tail.replace("_", " ").replace("-", " "))
        if code and len(name) >= 3 and name not in ("general", "continental", "east", "west", "north", "south", "yancowinna"):
            out.setdefault(code, {})[name] = zone
    return out


@functools.cache
def speaks(country: str, language: str) -> bool:
    """Whether ``language`` is an official language of ``country`` (CLDR's territory data)."""

    info = get_global("territory_languages").get(country, {}).get(language)
    return bool(info and str(info.get("official_status", "")).startswith(("official", "de_facto")))


@functools.cache
def country_spellings(country: str) -> dict[str, str]:
    """Abbreviations a country's own names spell, with the zone they mean: 'NST' for Nepal
    (Nepal Standard Time) though the tz database has no letters for Nepal; 'IST' for India.
    From CLDR's territory name and the long names of the country's metazones."""

    zones = country_zones().get(country, ())
    if not zones:
        return {}
    main = main_zone(zones, by_aliases=True) if len(zones) > 1 else zones[0]
    english = Locale.parse("en")
    names: list[tuple[str, str]] = []
    territory = english.territories.get(country)
    if territory and len(zones) == 1:
        names += [(f"{territory} Standard Time", main), (f"{territory} Time", main)]
    metas = get_global("meta_zones")
    counts = alias_counts()
    for zone in sorted(zones, key=lambda z: -counts.get(z, 0)):
        meta = metas.get(zone)
        if meta:
            for width in english.meta_zones.get(meta, {}).values():
                names += [(value, zone) for value in width.values() if " " in value]
    out: dict[str, str] = {}
    for name, zone in names:
        letters = "".join(word[0] for word in re.split(r"[\s\-]+", name) if word[:1].isalpha()).upper()
        if 2 <= len(letters) <= 5:
            out.setdefault(letters, zone)
    return out


def _zoneinfo_folders() -> list[str]:

    folders = list(zoneinfo.TZPATH)
    try:
        folders.append(str(importlib.resources.files("tzdata") / "zoneinfo"))
    except (ModuleNotFoundError, TypeError):
        pass
    return folders


@functools.cache
def alias_counts() -> dict[str, int]:
    """How many old names point at each zone (US/Eastern, Brazil/East, ...): the tz database's
    way of saying which zone is a country's main one. Used to order a country's zones."""

    counts: dict[str, int] = {}
    for _alias, zone in get_global("zone_aliases").items():
        counts[zone] = counts.get(zone, 0) + 1
    return counts


def main_zone(zones: tuple[str, ...] | list[str], *, by_aliases: bool = False) -> str:
    """A country's first zone in the tz country table (its most populated area, by the
    table's convention); among a metazone's zones, the one most old names point at."""
    if not by_aliases:
        return zones[0]
    counts = alias_counts()
    return max(zones, key=lambda z: (counts.get(z, 0), -list(zones).index(z)))


@dataclass(frozen=True)
class Place:
    """What a name in the notice points at: one zone, a country's zones, or a metazone's."""

    kind: str  # "city", "country", "metazone"
    name: str  # as CLDR writes it
    zones: tuple[str, ...]
    country: str | None = None


def _build_places() -> dict[str, Place]:
    """Folded name -> Place: exemplar cities, territory names and metazone names in four languages."""

    meta_of: dict[str, list[str]] = {}
    for zone, meta in get_global("meta_zones").items():
        meta_of.setdefault(meta, []).append(zone)
    zone_country: dict[str, str] = {}
    for code, zones in country_zones().items():
        for zone in zones:
            zone_country.setdefault(zone, code)
    table: dict[str, Place] = {}

    def add(name: str, place: Place) -> None:
        key = " ".join(fold(name).replace("'", " ").split())
        if len(key) >= 3 and key not in table:
            table[key] = place

    known_zones = set(zone_country)
    for code in NAME_LOCALES:
        locale = Locale.parse(code)
        for zone, data in locale.time_zones.items():
            city = data.get("city")
            if city and zone in known_zones:
                add(city, Place("city", city, (zone,), zone_country.get(zone)))
    for zone in known_zones:
        city = zone.rsplit("/", 1)[-1].replace("_", " ")
        add(city, Place("city", city, (zone,), zone_country.get(zone)))
    zones_by_country = country_zones()
    for code in NAME_LOCALES:
        locale = Locale.parse(code)
        for territory, name in locale.territories.items():
            own = zones_by_country.get(territory)
            if own and territory.isalpha():
                add(name, Place("country", name, own, territory))
                plain = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()  # "Congo (RDC)" -> "Congo"
                if plain != name:
                    add(plain, Place("country", name, own, territory))
    for code in NAME_LOCALES:
        locale = Locale.parse(code)
        for meta, data in locale.meta_zones.items():
            zones = tuple(meta_of.get(meta, ()))
            if not zones:
                continue
            for width in ("long",):
                for value in data.get(width, {}).values():
                    add(value, Place("metazone", value, zones))
                    core = _metazone_core(value)
                    if len(core) >= 4:  # "Est" alone is also a French verb
                        add(core, Place("metazone", value, zones))
    for name, place in _regions(zone_country):
        if name in REGIONAL_NAMES:
            table[name] = place  # before CLDR's broader reading of the same words
        add(name, place)
    return table


_FRAME = re.compile(
    r"\b(?:standard|daylight|summer|time|heure|hora|horario|horário|normale|avancee|avancée|estandar|estándar|padrao|padrão|"
    r"de verano|de verao|de verão|d'ete|d'été|d'|de l'|de la|del|de|du|des|da|do|dos|das)\b",
    re.I,
)


def _metazone_core(name: str) -> str:
    """'Brasilia Time' -> 'brasilia'; 'Horário de Brasília' -> 'brasilia'; 'East Africa Time' -> 'east africa'."""
    core = _FRAME.sub(" ", fold(name))
    return re.sub(r"\s+", " ", core).strip(" '")


def _build_abbreviations() -> frozenset[str]:
    """Every alphabetic abbreviation the tz database uses for a zone of a country (EAT, CEST, PST...)."""
    names: set[str] = set()
    for zone in _all_zones():
        for month in (1, 7):
            name = dt.datetime(2026, month, 15, 12, tzinfo=_zone(zone)).tzname() or ""
            if name.isalpha() and name.isupper():
                names.add(name)
    names.update({"UTC", "GMT"})
    return frozenset(names)


def zones_using(label: str, day: dt.date) -> list[str]:
    """The zones that call themselves ``label`` on ``day`` (noon local)."""
    return [zone for zone in _all_zones() if dt.datetime.combine(day, dt.time(12), tzinfo=_zone(zone)).tzname() == label]


def label_offset(label: str, year: int) -> tuple[dt.timedelta, str] | None:
    """The offset a label stands for, and a zone that uses it in ``year`` (EST -> -5:00, America/New_York)."""
    for zone in sorted(_all_zones(), key=lambda z: -alias_counts().get(z, 0)):
        for month in (1, 4, 7, 10):
            moment = dt.datetime(year, month, 15, 12, tzinfo=_zone(zone))
            if moment.tzname() == label:
                offset = moment.utcoffset()
                if offset is not None:
                    return offset, zone
    return None


@functools.cache
def _all_zones() -> tuple[str, ...]:
    return tuple(sorted({zone for zones in country_zones().values() for zone in zones}))


@functools.cache
def _zone(name: str) -> dt.tzinfo:

    return ZoneInfo(name)


def zone_info(name: str) -> dt.tzinfo:
    return _zone(name)


def _build_language_names() -> dict[str, str]:
    """Folded language name in the four languages -> code (only the codes the language rule knows)."""

    table: dict[str, str] = {}
    for code in LANGUAGES:
        names = Locale.parse(code).languages
        for wanted in LANGUAGES:
            name = names.get(wanted)
            if name:
                table[fold(name)] = wanted
    # adjectives and the other name of Spanish, as notices write them
    for extra, code in (("anglais", "en"), ("francais", "fr"), ("francaise", "fr"), ("castellano", "es"), ("espanol", "es")):
        table.setdefault(extra, code)
    return table


# ISO countries that write numeric dates month first (CLDR short date pattern starts with M).
@functools.cache
def month_first(country: str | None) -> bool | None:
    if not country:
        return None

    # The territory's languages, most spoken first: CLDR has no locale for many of them (en_ET,
    # mos_BF, kri_SL), so the first one it knows decides; none known: undecided, never a crash.
    for language in get_global("territory_languages").get(country, {}):
        try:
            pattern = Locale.parse(f"{language}_{country}").date_formats["short"].pattern
        except (UnknownLocaleError, ValueError, LookupError, AttributeError):
            continue
        letters = [c for c in pattern if c in "dMy"]
        return bool(letters) and letters[0] == "M"
    return None


_FOLD_CACHE: dict[str, str] = {}


def fold_same_length(text: str) -> str:
    """:func:`fold` one character at a time, so offsets in the result are offsets in ``text``."""
    if text.isascii():
        return text.lower()
    out = []
    for char in text:
        if char.isascii():
            out.append(char.lower())
            continue
        folded = _FOLD_CACHE.get(char)
        if folded is None:
            folded = fold(char)
            if len(folded) != 1:
                folded = char.lower() if len(char.lower()) == 1 else char
            _FOLD_CACHE[char] = folded
        out.append(folded)
    return "".join(out)


TABLES_FORMAT = 1
"""Raised whenever a cached table changes shape or meaning."""
MAX_TABLES_BYTES = 20_000_000


def _tables_key() -> str:
    """What the cached tables were built from: this tool and module, babel (CLDR), the tz data."""
    parts = [__version__, babel.__version__, str(TABLES_FORMAT)]
    for path in [Path(__file__), *(Path(f) / "zone.tab" for f in _zoneinfo_folders())]:
        try:
            info = path.stat()
        except OSError:
            continue
        parts.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(parts)


@functools.cache
def _tables() -> dict[str, Any]:
    """The CLDR tables `draft` reads (months, places, abbreviations, language names), built once
    per version of the tool, babel and the tz data, and kept in the user's cache: building them
    reads nine CLDR locales (about half a second); loading them is a JSON read. A cache that
    cannot be read or written is ignored (``TENDERCTL_NO_CACHE`` skips it)."""
    key = _tables_key()
    path = cache_dir() / "draft-tables.json"
    use_cache = not os.environ.get("TENDERCTL_NO_CACHE")
    if use_cache:
        try:
            if path.stat().st_size <= MAX_TABLES_BYTES:
                data = json.loads(path.read_bytes())
                if isinstance(data, dict) and data.get("key") == key:
                    return data
        except (OSError, ValueError):
            pass
    data = {
        "key": key,
        "months": _build_months(),
        "weekdays": sorted(_build_weekdays()),
        "places": {name: [p.kind, p.name, list(p.zones), p.country] for name, p in _build_places().items()},
        "abbreviations": sorted(_build_abbreviations()),
        "language_names": _build_language_names(),
    }
    if use_cache:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except OSError:
            pass
    return data


@functools.cache
def months() -> dict[str, int]:
    """Folded month name or abbreviation (without its dot) -> month number, four languages."""
    return {str(k): int(v) for k, v in _tables()["months"].items()}


@functools.cache
def weekdays() -> frozenset[str]:
    return frozenset(_tables()["weekdays"])


@functools.cache
def places() -> dict[str, Place]:
    """Folded name -> Place: exemplar cities, territory names, metazone names in four languages,
    regions of the tz country table and the mainland words."""
    return {name: Place(kind, label, tuple(zones), country) for name, (kind, label, zones, country) in _tables()["places"].items()}


@functools.cache
def abbreviations() -> frozenset[str]:
    """Every alphabetic abbreviation the tz database uses for a zone of a country (EAT, CEST, PST...)."""
    return frozenset(_tables()["abbreviations"])


@functools.cache
def language_names() -> dict[str, str]:
    """Folded language name in the four languages -> code (only the codes the language rule knows)."""
    return dict(_tables()["language_names"])
