"""The one-pass line search no-financials uses for digits finds exactly the lines a pass per character finds."""

from __future__ import annotations

import random
import re

from tenderctl.checks._text import lines_containing, lines_holding, lines_matching

DIGITS = re.compile("[0-9]")


def test_the_same_lines_as_one_pass_per_character() -> None:
    rng = random.Random(17)
    alphabet = "ab 1x\u0663é9\t0"
    for _ in range(500):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(rng.randint(0, 40))]
        assert lines_matching(texts, DIGITS) == lines_containing(texts, "0123456789"), texts


def test_edges() -> None:
    assert lines_matching([], DIGITS) == set()
    assert lines_matching(["", "", "7"], DIGITS) == {2}
    assert lines_matching(["1", "", "x"], DIGITS) == {0}
    assert lines_matching(["12 34", "5"], DIGITS) == {0, 1}


def test_lines_holding_finds_what_the_two_searches_find() -> None:
    """Digits and needles in one folded pass: the same lines as the regular expression for the digits
    and a case-sensitive pass per needle, whatever the case, script or digits of the text."""
    rng = random.Random(23)
    alphabet = "aAbB mMiIlL\u00e9\u00c9\u0663\ud800\u20ac1x9\t0\n"
    needle_sets = [
        ("il", "IL", "mil ", "Mil"),
        ("ientos", "entos", "ENTOS", "t"),
        ("\u00e9l", "a\nb", "Ab"),
        ("b1", "B9", "0"),
        (),
    ]
    for _ in range(800):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(rng.randint(0, 30))]
        needles = rng.choice(needle_sets)
        digit = rng.random() < 0.5
        expected = lines_containing(texts, needles) | (lines_matching(texts, DIGITS) if digit else set())
        assert lines_holding(texts, needles, ascii_digit=digit) == expected, (texts, needles, digit)


def test_lines_holding_edges() -> None:
    assert lines_holding([], ("mil",), ascii_digit=True) == set()
    assert lines_holding(["HOUSAND", "housand", "HouSand"], ("housand", "HOUSAND")) == {0, 1}
    assert lines_holding(["cientos", "entos", "x7"], ("ientos",), ascii_digit=True) == {0, 2}
    assert lines_holding(["caf\u00e9 mil ", "mil 3"], ("mil ",)) == {0, 1}
