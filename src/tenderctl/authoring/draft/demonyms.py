"""Adjectives of nationality read as their countries ("colombiana", "togolaise"), derived from CLDR's
territory names rather than listed by hand."""

from __future__ import annotations

import functools

from tenderctl.authoring.draft.lexicon import Place, places


@functools.cache
def _countries_by_prefix() -> dict[str, list[tuple[str, Place]]]:
    index: dict[str, list[tuple[str, Place]]] = {}
    for key, place in places().items():
        if place.kind in ("country", "city") and place.country and len(key) >= 5 and " " not in key:
            index.setdefault(key[:5], []).append((key, place))
    return index


_DEMONYM_ENDINGS = frozenset(
    [
        "a",
        "e",
        "i",
        "n",
        "o",
        "s",
        "an",
        "ana",
        "ano",
        "ans",
        "ian",
        "iana",
        "iano",
        "ien",
        "ienne",
        "ais",
        "aise",
        "ois",
        "oise",
        "ese",
        "esa",
        "eses",
        "es",
        "ense",
        "ino",
        "ina",
        "ico",
        "ica",
        "ic",
        "ique",
        "ish",
        "uesa",
        "ues",
        "uese",
        "eno",
        "ena",
        "ni",
        "eira",
        "eiro",
        "ola",
        "ol",
        "ero",
        "era",
        "teca",
        "teco",
        "na",
        "no",
    ]
)


def demonym(word: str) -> Place | None:
    """'colombiana' -> Colombia, 'mexicana' -> México, 'portuguesa' -> Portugal: the adjective
    shares all but the last two letters of the country's name (at least five) and ends the way
    adjectives of nationality do ('servicio' is not Sérvia)."""
    candidates = sorted(_countries_by_prefix().get(word[:5], []), key=lambda c: (c[1].kind != "country", -len(c[0])))
    for name, place in candidates:
        need = max(5, len(name) - 2)
        rest, tail = word[need:], name[need:]
        stems = (tail, tail[:-1], "")
        if word != name and word[:need] == name[:need] and any(rest.startswith(s) and rest[len(s) :] in _DEMONYM_ENDINGS for s in stems):
            return place
    return _linked_demonym(word)


@functools.cache
def _short_countries() -> dict[str, Place]:
    return {key: place for key, place in places().items() if place.kind == "country" and place.country and key.isalpha() and len(key) >= 4}


def _linked_demonym(word: str) -> Place | None:
    """An adjective made of a country's whole name ending in a vowel, a linking "l" and an
    adjective's ending: "togolaise", "togolese", "congolais" (the first five letters of a short
    name are not enough to index it)."""
    for size in (4, 5, 6):
        place = _short_countries().get(word[:size])
        if place is not None and word[size - 1] in "aeiou" and word[size : size + 1] == "l" and word[size + 1 :] in _DEMONYM_ENDINGS:
            return place
    return None
