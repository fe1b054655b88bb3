"""Figures as people write them: thousands separators of every convention, other digit systems.

Every pattern here is linear on any input: quantifiers are bounded (a figure has at most 7
groups of thousands, 15 plain digits) and none nests an unbounded one, so a 40 kB line of
``111 111 ...`` costs one pass (``tests/checks/test_money_linear.py`` times them all).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SEP = r"[ \u00a0\u202f'’.,]"
NUMBER = rf"\d{{1,3}}(?:{_SEP}\d{{3}}){{1,7}}(?:[.,]\d{{1,2}})?(?!\d)|\d{{1,3}}(?:,\d\d){{1,4}},\d{{3}}(?!\d)|\d{{1,15}}(?:[.,]\d{{1,6}})?"
"""A figure: ``98,400``, ``87 500``, ``1.500.000,00``, ``3'000``, Indian ``1,50,000``, ``650``."""
MAGNITUDE = (
    r"(?:millions?|billions?|thousands?|trillions?|milliards?|millones?|mil\s{1,3}millones|milh(?:ão|ao|ões|oes)|"
    r"bilh(?:ão|ao|ões|oes)|mille|mil|mio\.?|mrd\.?|mn|bn|m|k)"
)
BIG_MAGNITUDE = re.compile(r"(?i)^(?:millions?|billions?|trillions?|milliards?|millones?|mil\s{1,3}millones|milh|bilh|mio|mrd|mn|bn|m)")
FIGURE = re.compile(rf"(?<![\w.,])(?P<num>{NUMBER})(?:\s?(?P<mag>{MAGNITUDE})\b)?", re.IGNORECASE)
BARE = re.compile(rf"-?\(?(?:{NUMBER})\)?")
_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3}){1,7}(?:[.,]\d{1,2})?")
_DROP = re.compile(r"[ \u00a0\u202f'’]")
_MARKS = re.compile(r"[.,]")
_YEAR = re.compile(r"(?:19|20)\d\d")


def value(number: str) -> float | None:
    """The numeric value of a figure written with any thousands/decimal convention."""
    digits = _DROP.sub("", number)
    if len(digits) > 40:
        return None
    if _GROUPED.fullmatch(digits):
        last = max(digits.rfind("."), digits.rfind(","))
        if len(digits) - last - 1 <= 2 and digits.count(digits[last]) == 1 and len(_MARKS.findall(digits)) > 1:
            return float(_MARKS.sub("", digits[:last]) + "." + digits[last + 1 :])
        return float(_MARKS.sub("", digits))
    if digits.count(",") > 1:  # Indian grouping 1,50,000
        return float(digits.replace(",", "")) if digits.replace(",", "").isdigit() else None
    try:
        return float(digits.replace(",", "."))
    except ValueError:
        return None


def is_year(number: str) -> bool:
    return bool(_YEAR.fullmatch(number))


@lru_cache(maxsize=1)
def _digit_table() -> dict[int, str]:
    """Every Unicode decimal digit that is not ASCII -> its ASCII digit; Arabic separators too."""
    table: dict[int, str] = {0x066B: ".", 0x066C: ",", 0x060C: ","}
    for code in range(0x80, 0x1FBFA):
        char = chr(code)
        if unicodedata.category(char) == "Nd":
            table[code] = str(unicodedata.digit(char))
    return table


_OTHER_DIGIT = re.compile(r"(?![0-9])\d|[\u066b\u066c]")


def ascii_digits(text: str) -> str:
    """``text`` with Arabic-Indic, Devanagari, Bengali... digits as ASCII (same length, same offsets)."""
    if text.isascii() or not _OTHER_DIGIT.search(text):
        return text
    return text.translate(_digit_table())
