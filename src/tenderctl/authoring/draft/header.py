"""The head of a notice, where its reference, title and buyer are read: how far it goes, its
wrapped prose joined, the strongest label's value, and a found value given back as written.

Only the first 60,000 characters are read: the header is at the top, and that keeps the scan
bounded. The readers of each field are reference.py, title.py and buyer.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tenderctl.authoring.draft.labels import Labelled

HEAD = 60_000


def _best_label(labels: list[Labelled], strength: Callable[[str], int], clean: Callable[[str], str | None], *, minimum: int) -> str | None:
    """The value of the strongest label (the first among equals) whose value is usable."""
    best: tuple[int, str] | None = None
    for item in labels:
        power = strength(item.label)
        if power < minimum or (best is not None and power <= best[0]):
            continue
        value = clean(item.value)
        if value is not None:
            best = (power, value)
    return best[1] if best else None


def _joined_paragraphs(head: str) -> str:
    """The head with wrapped prose lines joined (a long line not ending its sentence goes on
    below): same length, so "X GmbH, on behalf of the German Federal / Ministry ..., is seeking"
    is one sentence."""
    return re.sub(r"(?<=[^\n.:;]{50})\n(?=[ \t]*[A-Za-zÀ-ÿ(])", " ", head)


def as_written(value: str | None, text: str, original: str) -> str | None:
    """``value`` (found in ``text``, the notice with its dashes and quotes made plain) as the
    notice wrote it: ``original`` is ``text`` before that, of the same length, so the span that
    matches gives back "Chimoio – Sussundenga" rather than "Chimoio - Sussundenga"."""
    if not value or len(text) != len(original):
        return value
    pattern = r"\s+".join(re.escape(word) for word in value.split()[:60])
    match = re.search(pattern, text[:HEAD])
    return " ".join(original[match.start() : match.end()].split()) if match else value
