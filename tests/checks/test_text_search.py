"""The one-pass line search no-financials uses for digits finds exactly the lines a pass per character finds."""

from __future__ import annotations

import random
import re

from tenderctl.checks._text import lines_containing, lines_matching

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
