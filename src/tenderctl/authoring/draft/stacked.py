"""A table flattened column by column: its labels first, one a line, then its values in the same order.

Text taken from a portal's box or a PDF table often comes out as::

    Consultas hasta
    Recepción de ofertas
    Apertura de ofertas
    20 de septiembre de 2027, hasta las 16:00 horas
    27 de septiembre de 2027, de 8:00 a 10:00 horas
    27 de septiembre de 2027, a las 10:15 horas

No word stands beside a date, so a prose reader finds no kind for it. A block of lines (between blank
lines) whose first half holds no digit and whose second half holds dates is read as such a table:
the i-th value line takes the i-th label line. One pass over the lines, each block looked at once.
"""

from __future__ import annotations

import functools
import re

_DATE = re.compile(
    r"(?<!\d)(?:\d{1,2}(?:\s+de)?\s+[a-z]{3,}\.?(?:\s+de)?\s+(?:19|20)\d\d|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|(?:19|20)\d\d-\d\d-\d\d"
    r"|[a-z]{3,}\.? \d{1,2},? (?:19|20)\d\d)"
)
"""A date's shape, enough to see where on its line a value's date starts."""
MIN_ROWS = 3
MAX_ROWS = 30
MAX_LABEL = 60


@functools.lru_cache(maxsize=4)
def stacked_labels(low: str) -> dict[int, tuple[int, int]]:
    """Offset of a value line's start -> (start, end) of its label line, for every column-flattened table in ``low``."""
    labels: dict[int, tuple[int, int]] = {}
    block: list[tuple[int, int]] = []
    at = 0
    for line in [*low.split("\n"), ""]:
        end = at + len(line)
        if line.strip():
            block.append((at, end))
        else:
            _pair(low, block, labels)
            block = []
        at = end + 1
    return labels


def _pair(low: str, block: list[tuple[int, int]], labels: dict[int, tuple[int, int]]) -> None:
    if len(block) % 2 or not MIN_ROWS <= len(block) // 2 <= MAX_ROWS:
        return
    half = len(block) // 2
    heads, values = block[:half], block[half:]
    if any(re.search(r"\d|[:.;,]\s*$", low[a:b]) or b - a > MAX_LABEL or ":" in low[a:b] for a, b in heads):
        return
    dated = [m for a, b in values if (m := _DATE.search(low, a, b))]
    if len(dated) < 2 or any(m.start() - (low.rfind("\n", 0, m.start()) + 1) > 16 for m in dated):
        return  # a value is a date at the start of its line ("20 de septiembre de 2027, hasta las 16:00"), not prose
    for head, value in zip(heads, values, strict=True):
        labels[value[0]] = head


def stacked_label(low: str, line_start: int) -> tuple[int, int] | None:
    """The label line of the value line starting at ``line_start``, when it sits in a column-flattened table."""
    return stacked_labels(low).get(line_start)
