"""Amounts in words, in English, French, Spanish and Portuguese.

``fifty-four thousand``, ``quarante-cinq millions``, ``doscientos mil``, ``cento e vinte mil``:
a run of number words (joined by hyphens, "and", "et", "y", "e") is read as one figure with
its value, so the rule can judge ``fifty-four thousand United States dollars`` as it judges
``54,000 USD``. One pass over the words of the text (linear); nothing is looked up twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tenderctl.checks._text import fold

_UNITS = {
    # English
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
    # French
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20,
    "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70, "huitante": 80, "octante": 80,
    "nonante": 90,
    # Spanish
    "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10,
    "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16, "diecisiete": 17,
    "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiuno": 21, "veintiun": 21, "veintidos": 22, "veintitres": 23,
    "veinticuatro": 24, "veinticinco": 25, "veintiseis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29,
    "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90,
    "cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200, "trescientos": 300, "trescientas": 300,
    "cuatrocientos": 400, "cuatrocientas": 400, "quinientos": 500, "quinientas": 500, "seiscientos": 600,
    "seiscientas": 600, "setecientos": 700, "setecientas": 700, "ochocientos": 800, "ochocientas": 800,
    "novecientos": 900, "novecientas": 900,
    # Portuguese
    "um": 1, "uma": 1, "dois": 2, "duas": 2, "quatro": 4, "sete": 7, "oito": 8, "nove": 9, "dez": 10,
    "doze": 12, "treze": 13, "catorze": 14, "dezesseis": 16,
    "dezasseis": 16, "dezessete": 17, "dezassete": 17, "dezoito": 18, "dezenove": 19, "dezanove": 19, "vinte": 20,
    "trinta": 30, "quarenta": 40, "cinquenta": 50, "sessenta": 60, "oitenta": 80,
    "cem": 100, "cento": 100, "duzentos": 200, "duzentas": 200, "trezentos": 300, "trezentas": 300,
    "quatrocentos": 400, "quatrocentas": 400, "quinhentos": 500, "quinhentas": 500, "seiscentos": 600,
    "seiscentas": 600, "setecentos": 700, "setecentas": 700, "oitocentos": 800, "oitocentas": 800,
    "novecentos": 900, "novecentas": 900,
}  # fmt: skip
_HUNDRED = frozenset({"hundred", "hundreds", "cent", "cents"})
_SCALES = {
    "thousand": 10**3, "thousands": 10**3, "mille": 10**3, "mil": 10**3,
    "million": 10**6, "millions": 10**6, "millon": 10**6, "millones": 10**6, "milhao": 10**6, "milhoes": 10**6,
    "billion": 10**9, "billions": 10**9, "milliard": 10**9, "milliards": 10**9, "bilhao": 10**9, "bilhoes": 10**9,
    "trillion": 10**12,
}  # fmt: skip
_JOIN = frozenset({"and", "et", "y", "e"})
_WORD = re.compile(r"[^\W\d_]+")
MAX_RUN = 24
"""Words in one figure: "nine hundred and ninety-nine thousand nine hundred and ninety-nine" is 12."""


@dataclass(frozen=True)
class WordFigure:
    start: int
    end: int
    value: int
    scaled: bool
    """It holds "thousand", "million"...: a sum of money rather than "three experts"."""


def _numeric(token: str) -> bool:
    return token in _UNITS or token in _HUNDRED or token in _SCALES


def figures_in_words(text: str) -> list[WordFigure]:
    """Every run of number words in ``text`` with its value (bounded runs; one pass)."""
    found: list[WordFigure] = []
    run: list[tuple[int, int, str]] = []

    def close() -> None:
        while run and run[-1][2] in _JOIN:
            run.pop()
        if run:
            figure = _evaluate(run)
            if figure is not None:
                found.append(figure)
        run.clear()

    last_end = -1
    for match in _WORD.finditer(text):
        token = fold(match.group(0))
        gap = text[last_end : match.start()] if last_end >= 0 else " "
        joined = bool(run) and len(gap) <= 3 and gap.strip(" -\u00a0'’") == ""
        if _numeric(token) or (token in _JOIN and run and run[-1][2] not in _JOIN):
            if run and not joined:
                close()
            if not run and token in _JOIN:
                last_end = match.end()
                continue
            run.append((match.start(), match.end(), token))
            if len(run) > MAX_RUN:
                close()
        elif run:
            close()
        last_end = match.end()
    close()
    return found


def _evaluate(run: list[tuple[int, int, str]]) -> WordFigure | None:
    total = current = 0
    scaled = False
    previous = ""
    for _, _, token in run:
        if token in _JOIN:
            continue
        if token in _UNITS:
            number = _UNITS[token]
            if token.startswith("vingt") and previous == "quatre":  # quatre-vingt(s) = 80
                current += 80 - 4
            else:
                current += number
        elif token in _HUNDRED:
            if token.startswith("cent") and previous in ("", "and"):
                current = max(current, 1) * 100
            else:
                current = max(current, 1) * 100
        elif token in _SCALES:
            total += max(current, 1) * _SCALES[token]
            current = 0
            scaled = True
        previous = token
    value = total + current
    if value <= 0:
        return None
    return WordFigure(run[0][0], run[-1][1], value, scaled)
