"""The buyer's scan of a notice's top lines stays linear on lines built to make a pattern backtrack.

A top line holding a colon is judged sentence or field (``buyer._sentence_with_colon``). The
regular expression that judged it once nested one quantifier in another and took exponential time
on a line of many words whose colon was not followed by a space: a corpus of 500 notices took 30 s
instead of 7, and a hostile line never finished. The judgement is now counted; these lines are
hostile input and must be answered (in a child process, so a regression fails instead of hanging).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tenderctl.authoring.draft.buyer import _sentence_with_colon

HOSTILE = [
    "word " * 60 + "x:y",  # many words, a colon with no space after it
    "Estimados, " + "la consulta " * 80 + ":",  # a comma, then many words, the colon last
    ", " * 400 + "a :",  # longer than a label can be
    "\t".join(["campo"] * 200) + ":valor",
]


@pytest.mark.parametrize("line", HOSTILE, ids=["words", "comma-words", "commas", "tabs"])
def test_a_hostile_top_line_is_judged_in_a_child_within_a_minute(line: str) -> None:
    notice = "\n".join([line] * 20 + ["", "The Ministry of Works invites sealed bids for road repairs."])
    code = "import sys\nfrom tenderctl.authoring.draft import draft_from_text\ndraft_from_text(sys.stdin.read(), source='hostile.txt')\n"
    done = subprocess.run([sys.executable, "-c", code], input=notice, text=True, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.parametrize(
    ("line", "sentence"),
    [
        ("Estimados, respondemos la consulta: el plazo vence el lunes", True),
        ("Please note that the following is the answer to your question: no", True),
        ("Reference: RFP/2027/114", False),
        ("Date limite de dépôt des offres : 12 mars 2027", False),
        ("Nombre de la entidad, sede central: Alcaldía", False),  # a comma, but upper case after the colon
        ("a b c d e f g h:no space after the colon", False),
        ("no colon at all, only words and words and words", False),
    ],
)
def test_a_line_with_a_colon_is_a_sentence_or_a_field(line: str, sentence: bool) -> None:
    assert _sentence_with_colon(line) is sentence
