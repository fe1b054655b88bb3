"""Dates and times written in words, rewritten as digits in the fold the date scanner reads.

Formal notices (Latin America, Lusophone Africa, notarial French) spell dates out: "veintiséis
(26) de octubre de dos mil veintisiete", "aos quinze dias do mês de março de dois mil e vinte e
sete", "le vingt-trois mai deux mille vingt-sept à dix heures". The scanner in
:mod:`tenderctl.authoring.draft.dates` reads digits, so this pass writes the digits over the words
in the folded text, padded with spaces to the same length: every offset stays an offset in the
notice, and the words shown to the user are still the notice's own. Only a number in a date's or
a time's place is rewritten (before "(26)", before a month, a year with "mil"/"mille"/
"thousand", before "horas"/"heures" or after "a las"/"à"), so "un plazo" or "one copy" stay words.

One pass over the words (a tokenising regex without nesting), each look-ahead anchored and of
bounded width: linear in the notice's length.
"""

from __future__ import annotations

import functools
import re

from tenderctl.authoring.draft.lexicon import months

_UNITS = {
    # es
    "un": 1, "uno": 1, "una": 1, "primero": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
    "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiun": 21,
    "veintiuno": 21, "veintidos": 22, "veintitres": 23, "veinticuatro": 24, "veinticinco": 25, "veintiseis": 26,
    "veintisiete": 27, "veintiocho": 28, "veintinueve": 29, "treinta": 30, "cuarenta": 40, "cincuenta": 50,
    # pt
    "um": 1, "uma": 1, "primeiro": 1, "dois": 2, "duas": 2, "quatro": 4, "sete": 7, "oito": 8, "nove": 9,
    "dez": 10, "onze": 11, "doze": 12, "treze": 13, "catorze": 14, "quatorze": 14, "dezasseis": 16,
    "dezesseis": 16, "dezassete": 17, "dezessete": 17, "dezoito": 18, "dezanove": 19, "dezenove": 19,
    "vinte": 20, "trinta": 30, "quarenta": 40, "cinquenta": 50,
    # fr
    "une": 1, "premier": 1, "deux": 2, "trois": 3, "quatre": 4, "douze": 12, "quinze": 15, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "treize": 13, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    # en
    "one": 1, "first": 1, "two": 2, "second": 2, "three": 3, "third": 3, "four": 4, "fourth": 4, "five": 5,
    "fifth": 5, "sixth": 6, "seven": 7, "seventh": 7, "eight": 8, "eighth": 8, "nine": 9, "ninth": 9, "ten": 10,
    "tenth": 10, "eleven": 11, "eleventh": 11, "twelve": 12, "twelfth": 12, "thirteen": 13, "thirteenth": 13,
    "fourteen": 14, "fourteenth": 14, "fifteen": 15, "fifteenth": 15, "sixteen": 16, "sixteenth": 16,
    "seventeen": 17, "seventeenth": 17, "eighteen": 18, "eighteenth": 18, "nineteen": 19, "nineteenth": 19,
    "twenty": 20, "twentieth": 20, "thirty": 30, "thirtieth": 30, "forty": 40, "fifty": 50,
}  # fmt: skip
_THOUSAND = frozenset({"mil", "mille", "thousand"})
_AND = frozenset({"y", "e", "et", "and"})
_WORD = re.compile(r"[a-z]+")
_GAP = re.compile(r"[ \t\n\-]{1,3}")
_BRACKET = re.compile(r"[ \t\n]{0,3}\((\d{1,4})\)")
_HOUR_WORD = re.compile(r"[ \t]*(?:horas?|heures?|hours?|h(?![a-z])|o'clock)")
_PART = re.compile(
    r"[ \t]*(?:(?P<am>de la manana|du matin|da manha|in the morning|a\.?\s?m\b\.?)"
    r"|(?P<pm>de la tarde|de la noche|de l'apres-midi|du soir|da tarde|da noite|in the afternoon|in the evening|p\.?\s?m\b\.?)"
    r"|(?P<noon>del mediodia|do meio-dia|de midi|noon))"
)
_TIME_ECHO = re.compile(r"[ \t\n]{0,3}\((?=[^()\n]{0,6}\d)[^()\n]{1,16}\)")
_MINUTES_JOIN = re.compile(r"[ \t]+(?:(?:y|e|et|and|con|com)[ \t]+)?")
_MINUTE_WORD = re.compile(r"[ \t]*minut[eo]s?(?![a-z])")
_TIME_BEFORE = re.compile(r"(?:a las|a la|as|a|at|by|until|hasta las|ate as|jusqu'a|des)[ \t]+$")
_DAY_TAIL = re.compile(r"[ \t\n]+(?:(?:dias?|day)[ \t\n]+)?(?:(?:do|del|of|de)[ \t\n]+)?(?:(?:mes|month)[ \t]+(?:de[ \t]+|of[ \t]+)?)?")
_YEAR_LEAD = re.compile(r"(?:ano|year|annee|l'an)[ \t]+$")


@functools.cache
def _month_names() -> frozenset[str]:
    return frozenset(name.rstrip(".") for name in months())


def digits_for_words(low: str) -> str:
    """``low`` with every date or time written in words rewritten as digits, same length."""
    if not any(word in low for word in ("mil", "thousand", "(", "hora", "heure", "hour", "clock", "minut", "manana", "midi", "meio")):
        return low  # no year in words, bracketed number, hour or minute word: nothing to do
    out = list(low)
    tokens = list(_WORD.finditer(low))
    index = 0
    last_end = 0
    while index < len(tokens):
        run, after = _run(low, tokens, index)
        if not run or run[0].start() < last_end:
            index = after if run else index + 1
            continue
        end = _write(low, out, run)
        if end:
            last_end = end
            while after < len(tokens) and tokens[after].start() < end:
                after += 1
        index = after
    return "".join(out)


def _run(low: str, tokens: list[re.Match[str]], index: int) -> tuple[list[re.Match[str]], int]:
    """The number words from ``tokens[index]`` on (joined by spaces, hyphens, "y", "e", "et", "and")."""
    run: list[re.Match[str]] = []
    at = index
    while at < len(tokens) and len(run) < 12:
        word = tokens[at].group()
        if word in _UNITS or word in _THOUSAND:
            if run and not _GAP.fullmatch(low, run[-1].end(), tokens[at].start()) and not _joined(low, tokens, run[-1], at):
                break
            run.append(tokens[at])
            at += 1
            continue
        if run and word in _AND and at + 1 < len(tokens) and tokens[at + 1].group() in _UNITS:
            at += 1  # "treinta y uno", "vingt et un": the joining word is read as part of the number
            continue
        break
    return run, max(at, index + 1)


def _joined(low: str, tokens: list[re.Match[str]], last: re.Match[str], at: int) -> bool:
    """Is ``tokens[at]`` joined to ``last`` by one "y"/"e"/"et"/"and"?"""
    between = tokens[at - 1]
    return (
        between.group() in _AND
        and between.start() > last.end()
        and bool(_GAP.fullmatch(low, last.end(), between.start()))
        and bool(_GAP.fullmatch(low, between.end(), tokens[at].start()))
    )


def _value(words: list[str]) -> tuple[int, bool]:
    total = current = 0
    thousand = False
    for word in words:
        if word in _THOUSAND:
            total += (current or 1) * 1000
            current = 0
            thousand = True
        else:
            current += _UNITS[word]
    return total + current, thousand


def _put(out: list[str], start: int, end: int, digits: str, *, first: bool = False) -> int:
    """Write ``digits`` over ``[start, end)``, padded: a day's digits where its words began (the
    words before a date stay near it), a year's or a time's where its words ended (the words
    after stay near)."""
    if len(digits) > end - start:
        return 0
    out[start:end] = list(digits.ljust(end - start) if first else digits.rjust(end - start))
    return end


def _write(low: str, out: list[str], run: list[re.Match[str]]) -> int:
    """Write the digits of one run where it reads as a date's or a time's number; its end, or 0."""
    start, end = run[0].start(), run[-1].end()
    value, thousand = _value([m.group() for m in run])
    bracket = _BRACKET.match(low, end)
    if bracket is not None:  # "veintiséis (26)": the digits are the notice's own reading
        month = _DAY_TAIL.match(low, bracket.end())
        return _put(out, start, bracket.end(), bracket.group(1), first=month is not None and len(bracket.group(1)) <= 2)
    if thousand:
        if 1900 <= value <= 2100:
            lead = _YEAR_LEAD.search(low, max(0, start - 12), start)
            return _put(out, lead.start() if lead else start, end, str(value))
        return 0
    tail = _DAY_TAIL.match(low, end)
    if tail is not None and 1 <= value <= 31:
        month = _WORD.match(low, tail.end())
        if month is not None and month.group() in _month_names():
            return _put(out, start, tail.end(), f"{value} ", first=True)
    return _time(low, out, run, value)


def _time(low: str, out: list[str], run: list[re.Match[str]], value: int) -> int:
    """ "a las diez y quince minutos de la mañana", "à dix heures trente", "doce horas del mediodía"."""
    start, end = run[0].start(), run[-1].end()
    words = [m.group() for m in run]
    hour, minute = value, 0
    minute_word = _MINUTE_WORD.match(low, end)
    joined = [i for i in range(1, len(run)) if low[run[i - 1].end() : run[i].start()].strip(" \t\n-") in _AND]
    if minute_word is not None and joined:  # "diez y quince minutos": the hour, then its minutes
        hour, _ = _value(words[: joined[0]])
        minute, _ = _value(words[joined[0] :])
        end = minute_word.end()
    hour_word = _HOUR_WORD.match(low, end)
    if hour_word is not None:
        end = hour_word.end()
        more = _minutes_after(low, end)
        if more is not None and minute == 0:
            minute, end = more
    part = _PART.match(low, end)
    led = _TIME_BEFORE.search(low, max(0, start - 12), start) is not None
    if hour_word is None and part is None and not (led and minute_word is not None):
        return 0
    if part is not None:
        end = part.end()
        if part.group("pm") and 1 <= hour < 12:
            hour += 12
        elif part.group("noon") and hour != 12:
            return 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return 0
    echo = _TIME_ECHO.match(low, end)
    if echo is not None:  # "a las diez de la mañana (10:00 a.m.)": the digits say it again; read once
        end = echo.end()
    return _put(out, start, end, f"{hour:02d}:{minute:02d}")


def _minutes_after(low: str, at: int) -> tuple[int, int] | None:
    """The minutes after "horas"/"heures": "y quince minutos", "trente", "et quart"."""
    match = _MINUTES_JOIN.match(low, at)
    if match is None:
        return None
    tokens = list(_WORD.finditer(low, match.end(), min(len(low), match.end() + 60)))
    if not tokens or tokens[0].start() != match.end():
        return None
    run, _ = _run(low, tokens, 0)
    if not run:
        return None
    minute, thousand = _value([m.group() for m in run])
    if thousand or not 1 <= minute <= 59:
        return None
    end = run[-1].end()
    minute_word = _MINUTE_WORD.match(low, end)
    return minute, minute_word.end() if minute_word else end
