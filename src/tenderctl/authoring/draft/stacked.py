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
    r"(?<!\d)(?:\d{1,2}(?:st|nd|rd|th|er|o)?(?:\s+de|\s+of)?\s+[a-z]{3,}\.?(?:\s+de)?\s+(?:19|20)\d\d|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|(?:19|20)\d\d-\d\d-\d\d"
    r"|[a-z]{3,}\.? \d{1,2},? (?:19|20)\d\d)"
)
"""A date's shape, enough to see where on its line a value's date starts ("Thursday 9th September 2027")."""
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


_SEPARATOR = re.compile(r"\s*\|?[\s:|\-+=]*$")


def pipe_header(low: str, line_start: int, offset: int) -> str | None:
    """The header cell over a pipe table's cell ("| Visita al sitio | Junta de aclaraciones |" over
    "| 11/05/2027 08:00 hrs. | 12/05/2027 10:00 hrs. |"): the cell of the same index in the nearest row
    above that holds no date and as many cells, past separator rows; None when the line is no pipe row."""
    line_end = low.find("\n", line_start)
    line_end = len(low) if line_end < 0 else line_end
    line = low[line_start:line_end]
    if not line.lstrip().startswith("|"):
        return None
    cells = line.strip().strip("|").split("|")
    index = low.count("|", line_start, offset) - 1
    if index < 0 or index >= len(cells):
        return None
    end = line_start - 1
    for _ in range(4):
        if end <= 0:
            return None
        start = low.rfind("\n", 0, end) + 1
        above = low[start:end]
        end = start - 1
        if _SEPARATOR.fullmatch(above):
            continue
        if not above.lstrip().startswith("|") or _DATE.search(above):
            return None
        heads = above.strip().strip("|").split("|")
        return heads[index].strip() if len(heads) == len(cells) else None
    return None
