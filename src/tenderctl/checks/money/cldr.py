"""Currencies as CLDR knows them (through babel): every ISO 4217 code in use, local symbols, names.

``KSh``, ``TSh``, ``F CFA``, ``₱``, ``R$``, ``S/``, ``Kenyan shillings``, ``chelines
kenianos``, ``francs CFA``... Building the index reads some 350 babel locales (0.4 s), so it is
built once, the first time a figure has a word beside it that the rule's own lists do not
know, and kept in the tenderctl cache folder (a JSON file named for the installed CLDR data);
later runs load it in a millisecond or two, without importing babel. Lookups are dictionary probes, linear in the
text around the figure.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tenderctl.cache import cache_dir
from tenderctl.checks._text import fold
from tenderctl.fsutil import atomic_write, read_bounded

INDEX_FORMAT = 6
NAME_LOCALES = ("en", "fr", "es", "pt", "ar", "sw")
MAX_NAME_WORDS = 5
MAX_SYMBOL = 8

# Symbols and head nouns that are everyday words or units: they count only as part of a full name
# ("Egyptian pounds", "South Korean won") or next to a code.
_AMBIGUOUS_HEADS = frozenset(
    """pound pounds won real mark marks sol dram kip pula tala lev leu som crown crowns lek lari dong cent cents
    livre livres libra libras dinar couronne couronnes corona coronas coroa coroas rial gold oro ouro nouveau nouveaux
    novo novos nuevo nuevos sum sums sons bat bats colon colons dongs drams kips wons talas pulas leus laris soms leks
    reals sols""".split()  # noqa: SIM905
)
_SHORT_LETTER_SYMBOLS = frozenset({"Rs", "Rp", "Kz", "kr", "Tk"})
_EXTRA_SYMBOLS = (
    "KSh", "Ksh", "Kshs", "KShs", "Kes", "Shs", "Shs.", "UShs", "USh", "TShs", "TSh", "FCFA", "F CFA", "F.CFA", "CFA", "FrCFA",
    "Frw", "RWF", "GH¢", "GH₵", "N$", "Rs", "Rs.", "Tk", "Tk.", "Rp", "Rp.", "P$", "S/.", "B/.", "Bs.", "Q.", "L.",
)  # fmt: skip
_CODE_WORDS = frozenset(
    ["ALL", "CUP", "SOS", "TOP", "PHP", "AMD", "PEN", "GEL", "TRY", "BOB", "MOP", "STD", "TMT", "MVR", "BAM", "CVE", "LAK", "NAD"]
)
"""Codes that are also words or acronyms in capitals: a currency only beside a figure with separators."""
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class Index:
    codes: frozenset[str]
    symbols: frozenset[str]
    names: frozenset[tuple[str, ...]]
    """Folded word sequences: full names (``kenyan shillings``) and unambiguous head nouns."""


def _build() -> dict[str, Any]:
    # lazy: babel (+21 ms after this module) only to rebuild the CLDR index; check reads the cached index
    from babel import Locale, localedata
    from babel.core import get_global  # lazy: babel (+21 ms after this module) only to rebuild the CLDR index; check reads the cached index

    current: dict[str, set[str]] = {}
    for territory, entries in get_global("territory_currencies").items():
        for code, _start, end, tender in entries:
            if end is None and tender:
                current.setdefault(code, set()).add(territory)
    available = set(localedata.locale_identifiers())
    languages = get_global("territory_languages")
    symbols: set[str] = set(_EXTRA_SYMBOLS)
    names: set[tuple[str, ...]] = set()
    for language in NAME_LOCALES:
        locale = Locale.parse(language)
        plural = locale._data["currency_names_plural"]
        for code in current:
            symbol = locale.currency_symbols.get(code)
            if symbol:
                symbols.add(symbol)
            forms = [locale.currencies.get(code, ""), *list(dict(plural.get(code, {})).values())]
            for form in forms:
                words = tuple(fold(w) for w in _WORD.findall(re.sub(r"\([^)]*\)", " ", form)))
                if not words or len(words) > MAX_NAME_WORDS:
                    continue
                names.add(words)
                head = words[-1] if language == "en" else words[0]
                if head not in _AMBIGUOUS_HEADS and len(head) > 2:
                    names.add((head,))
    # PDF text gives the lam-alef ligature back as alef-lam ("دوالر" for "دولار").
    names |= {tuple(w.replace("لا", "ال") for w in n) for n in names if any("لا" in w for w in n)}
    for code, territories in current.items():
        for territory in sorted(territories):
            spoken = sorted(languages.get(territory, {}).items(), key=lambda kv: -kv[1].get("population_percent", 0))[:2]
            for language, _ in spoken:
                identifier = f"{language}_{territory}"
                if identifier in available:
                    symbol = Locale.parse(identifier).currency_symbols.get(code)
                    if symbol:
                        symbols.add(symbol)
    kept = {s.replace("\u200f", "").replace("\u202f", " ").strip() for s in symbols}
    kept = {
        s
        for s in kept
        if s and len(s) <= MAX_SYMBOL and not (s.isascii() and s.isalpha() and len(s) <= 2 and s not in _SHORT_LETTER_SYMBOLS)
    }
    return {"codes": sorted(current), "symbols": sorted(kept), "names": sorted(list(n) for n in names)}


def _babel_stamp() -> str:
    """Which CLDR data is installed, without importing babel (15 ms): its global.dat's size and time."""
    spec = importlib.util.find_spec("babel")
    origin = spec.origin if spec else None
    if not origin:
        return "none"
    try:
        info = os.stat(os.path.join(os.path.dirname(origin), "global.dat"))
    except OSError:
        return "none"
    return f"{info.st_size}-{int(info.st_mtime)}"


@lru_cache(maxsize=1)
def index() -> Index:
    """The currency index, from the cache folder when a previous run built it."""
    path = cache_dir() / f"cldr-currencies-{_babel_stamp()}-{INDEX_FORMAT}.json"
    data = None
    try:
        raw, _ = read_bounded(path, 4 << 20, what="cache file")
        data = json.loads(raw)
    except Exception:  # no cache yet, or a damaged one: build again
        data = None
    if not isinstance(data, dict) or not {"codes", "symbols", "names"} <= set(data):
        data = _build()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OSError:  # a read-only cache folder costs the build next time, nothing else
            pass
    return Index(
        codes=frozenset(data["codes"]),
        symbols=frozenset(data["symbols"]),
        names=frozenset(tuple(n) for n in data["names"]),
    )


def any_currency(tokens: list[str]) -> bool:
    """Whether any word token is a currency code, symbol or name CLDR knows (the rule's cheap first look)."""
    words = _tokens()
    if not words.isdisjoint(tokens):  # one C-level pass: the usual "no"
        return True
    return any((fold(t),) in index().names for t in tokens if not t.isascii())


@lru_cache(maxsize=1)
def _tokens() -> frozenset[str]:
    """Every word that can start a currency: codes, alphabetic symbols, every word of every name (lower case too)."""
    idx = index()
    words = {w for name in idx.names for w in name} | set(idx.codes) | {s for s in idx.symbols if s.isalpha()}
    return frozenset(words | {w.lower() for w in words} | {w.capitalize() for w in words} | {w.upper() for w in words})


def _letter(char: str) -> bool:
    return char.isalpha()


_JOINERS = frozenset({"de", "d", "of", "em", "en", "in"})


def currency_after(text: str, end: int, value: float | None = None, grouped: bool = False) -> int | None:
    """Where a currency that follows a figure ending at ``end`` ends, or None.

    ``45,000 Kenya Shillings``, ``45 000 000) de francs CFA``, ``12 000 KSh``, ``500 PHP``.
    """
    idx = index()
    window = text[end : end + 80]
    i = 0
    while i < len(window) and window[i] in " \u00a0\u202f)]":
        i += 1
    for symbol_length in range(min(MAX_SYMBOL, len(window) - i), 0, -1):
        candidate = window[i : i + symbol_length]
        if (
            candidate in idx.symbols
            and (grouped or candidate not in _CODE_WORDS)
            and not (i + symbol_length < len(window) and _letter(window[i + symbol_length]) and _letter(candidate[-1]))
        ):
            return end + i + symbol_length
    words = list(_WORD.finditer(window, i))[: MAX_NAME_WORDS + 2]
    if not words or words[0].start() - i > 1:
        return None
    if words[0].group(0) in idx.codes and (words[0].group(0) not in _CODE_WORDS or grouped):
        return end + words[0].end()
    folded = [fold(w.group(0)) for w in words]
    start = 1 if folded[0] in _JOINERS or folded[0] == "d'" else 0
    if start and words[1].start() - words[0].end() > 2 if len(words) > 1 else False:
        return None
    for length in range(min(MAX_NAME_WORDS, len(folded) - start), 0, -1):
        piece = tuple(folded[start : start + length])
        if piece in idx.names and _contiguous(words[start : start + length]):
            return end + words[start + length - 1].end()
    # "45,000 Kenya Shillings", "United States dollars": a country's name before the head noun.
    for length in range(1, 4):
        if len(folded) <= start + length or not words[start + length - 1].group(0)[:1].isupper():
            break
        if (folded[start + length],) in idx.names and _contiguous(words[start : start + length + 1]):
            return end + words[start + length].end()
    return None


def currency_before(text: str, start: int, grouped: bool = False) -> int | None:
    """Where a currency written before a figure starting at ``start`` begins, or None (``KSh 45,000``)."""
    idx = index()
    low = max(0, start - 60)
    window = text[low:start]
    j = len(window)
    while j > 0 and window[j - 1] in " \u00a0\u202f:(":
        j -= 1
    if len(window) - j > 2:
        return None
    if j > 1 and window[j - 1] == "." and window[j - 2].isalpha():
        j -= 1  # "Kshs. 45,000", "Rs. 500"
    for symbol_length in range(min(MAX_SYMBOL, j), 0, -1):
        candidate = window[j - symbol_length : j]
        if (
            candidate in idx.symbols
            and (grouped or candidate not in _CODE_WORDS)
            and not (j - symbol_length > 0 and _letter(window[j - symbol_length - 1]) and _letter(candidate[0]))
        ):
            return low + j - symbol_length
    words = list(_WORD.finditer(window[:j]))[-MAX_NAME_WORDS:]
    if not words or words[-1].end() != j:
        return None
    if words[-1].group(0) in idx.codes and (words[-1].group(0) not in _CODE_WORDS or grouped):
        return low + words[-1].start()
    folded = [fold(w.group(0)) for w in words]
    for length in range(min(MAX_NAME_WORDS, len(folded)), 0, -1):
        if tuple(folded[-length:]) in idx.names and _contiguous(words[-length:]):
            return low + words[-length].start()
    return None


def _contiguous(words: list[re.Match[str]]) -> bool:
    return all(b.start() - a.end() <= 2 for a, b in itertools.pairwise(words))
