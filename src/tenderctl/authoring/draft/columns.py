"""An amendment's old and new dates side by side: two columns, or a label before each.

Amendments often show the change as a table ("Onde se lê | Passa a ler-se", "ORIGINAL SCHEDULE
REVISED SCHEDULE", "CRONOGRAMA ANTERIOR  NUEVO CRONOGRAMA") or as labelled lines ("FROM: ... /
TO: ...", "Donde decía: ... Debe decir: ...", "As published: ... Now revised to: ..."). Prose
readers see two dates of one kind and cannot tell which one holds. This module finds where the
old dates are written, so the build records them as the milestone's ``was`` and keeps the new one:

* :func:`column_rows` reads a table under a header that names an old and a new column; each row
  (a cell may wrap over lines) is rewritten on one line, "label | old => new", padded to the same
  length, so every offset after it is unchanged and a date split over two lines of a cell is whole;
* :func:`old_spans` gives the stretches of text that hold old dates: a table row's old cell, or
  the words from an old label ("Donde dice:") to the next new label ("Debe decir:").

Every look is per line and bounded (a line over 400 characters is not a table's), so the pass is
linear in the notice's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OLD = (
    r"(?:onde se le|onde se lia|onde le|donde dice|donde decia|dice|as (?:originally )?published|originally|original(?: [a-z]+){0,4}"
    r"|previous(?: [a-z]+){0,4}|ancienne(?: [a-z]+){0,4}|ancien(?: [a-z]+){0,4}|au lieu de|date initiale|(?:cronograma|fecha|plazo|"
    r"calendario|data|prazo|calendrier|horario) (?:anterior|original|inicial|initial)|anterior|inicial|existing|current|from|old(?: [a-z]+){0,4}"
    r"|was|redaccion (?:anterior|original)|redacao (?:anterior|original)|texto (?:anterior|original))"
)
_NEW = (
    r"(?:passa a ler-se|passa a ler|leia-se|debe decir|debera decir|dira|now revised to|now reads|revised(?: [a-z]+){0,4}|amended(?: [a-z]+){0,4}"
    r"|nouvelle(?: [a-z]+){0,4}|nouveau(?: [a-z]+){0,4}|lire|(?:nuevo|nueva|novo|nova)(?: [a-z]+){0,4}|(?:cronograma|fecha|plazo|data|"
    r"prazo|calendario|calendrier|horario) (?:nuev[oa]|nov[oa]|modificad[oa]|prorrogad[oa]|revisad[oa]|nouveau|nouvelle|modifie[e]?)"
    r"|to|now|new(?: [a-z]+){0,4}|extended(?: [a-z]+){0,4}|reportee?(?: [a-z]+){0,4})"
)
_HEADER = re.compile(rf"(?<![^\s|])(?P<old>{_OLD}):?[ \t]*(?:\t|[ \t]{{2,}}|[ \t]?[|/][ \t]?)[ \t|]*(?P<new>{_NEW}):?[ \t|]*$")
_WEAK = frozenset({"from", "to", "was", "now", "current", "existing"})
_OLD_LABEL = re.compile(rf"(?:^|(?<=[\s|(\"«]))(?P<label>{_OLD})[ \t]*:")
_NEW_LABEL = re.compile(rf"(?:^|(?<=[\s|(\"«»]))(?P<label>{_NEW})[ \t]*:")
_GAP = re.compile(r"[ \t]{2,}|\t")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
MAX_LINE = 400
MAX_ROWS = 60
MAX_CELL_LINES = 6


@dataclass
class Row:
    """One row of an old/new table: where it is, and its cells' pieces (one per line) in the text."""

    start: int
    end: int
    label: list[tuple[int, int]]
    old: list[tuple[int, int]]
    new: list[tuple[int, int]]


def column_rows(low: str) -> list[Row]:
    """The rows of every old/new table in ``low`` (the folded text)."""
    rows: list[Row] = []
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*", low) if m.start() == 0 or low[m.start() - 1] == "\n"]
    index = 0
    while index < len(lines) and len(rows) < 400:
        start, end = lines[index]
        header = _HEADER.search(low, start, end) if end - start <= MAX_LINE else None
        index += 1
        if header is None:
            continue
        old_col, new_col = header.start("old") - start, header.start("new") - start
        table: list[Row] = []
        while index < len(lines) and len(table) < MAX_ROWS:
            line_start, line_end = lines[index]
            if line_end - line_start > MAX_LINE or not low[line_start:line_end].strip():
                break
            pieces = _split(low, line_start, line_end, old_col, new_col)
            if pieces is None:
                break
            label, old, new = pieces
            if table and _continues(low, table[-1], label, old):
                row = table[-1]
                if len(row.label) + len(row.old) + len(row.new) >= 3 * MAX_CELL_LINES:
                    break  # a cell of more lines than a date needs: not an old/new table
                row.end = line_end
            else:
                row = Row(line_start, line_end, [], [], [])
                table.append(row)
            for cells, piece in ((row.label, label), (row.old, old), (row.new, new)):
                if piece[1] > piece[0]:
                    cells.append(piece)
            index += 1
        rows.extend(r for r in table if _has_date(low, r.old) and _has_date(low, r.new))
    return rows


def _split(low: str, start: int, end: int, old_col: int, new_col: int) -> tuple[tuple[int, int], ...] | None:
    """A line cut into its label, old and new cells at the gaps nearest the header's columns."""
    cut_new = _cut(low, start, end, start + new_col)
    if cut_new is None:
        return None
    cut_old = start if old_col <= 1 else _cut(low, start, cut_new, start + old_col)
    if cut_old is None:
        cut_old = start if not low[start : start + old_col].strip() else None
    if cut_old is None:
        cut_old = _date_start(low, start, cut_new, start + old_col)
    if cut_old is None:
        return None
    return _strip(low, start, cut_old), _strip(low, cut_old, cut_new), _strip(low, cut_new, end)


def _cut(low: str, start: int, end: int, column: int) -> int | None:
    """Where a cell starting near ``column`` starts: after the gap of two spaces (or a tab) nearest it."""
    if end <= column - 2:
        return end  # the line stops before the column: that cell is empty on this line
    best = None
    if low[column - 1 : column] in (" ", "\t") and low[column : column + 1] not in (" ", "\t", "\n", ""):
        return column  # a cell right at its column (a long label before it may leave one space)
    for gap in _GAP.finditer(low, max(start, column - 12), min(end, column + 12)):
        if low[gap.end() : gap.end() + 1] in (" ", "\t"):
            continue  # a gap cut by the window's edge: not where a cell starts
        if best is None or abs(gap.end() - column) < abs(best - column):
            best = gap.end()
    return best


def _date_start(low: str, start: int, end: int, column: int) -> int | None:
    """A long label that pushes the old cell past its column with one space only ("Fin de recepción de ofertas
    23/04/2027 10:00 hs"): the cell starts at the date nearest the column."""
    best = None
    for date in re.finditer(r"(?<= )\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}", low[max(start, column - 12) : min(end, column + 12)]):
        at = max(start, column - 12) + date.start()
        if best is None or abs(at - column) < abs(best - column):
            best = at
    return best


def _strip(low: str, start: int, end: int) -> tuple[int, int]:
    while start < end and low[start] in " \t|":
        start += 1
    while end > start and low[end - 1] in " \t|":
        end -= 1
    return start, end


_ONLY_TIME = re.compile(r"(?:(?:up to|upto|at|by|a las|as|às|a|à|until|hasta|ate)\s+)?\d{1,2}[.:h]\d{2}(?:\s*(?:hrs?|hours|horas?|h))?\.?")
"""A cell that holds only a time ("up to 17.00 Hrs", "at 11.00 Hrs"): never a row of its own."""


def _continues(low: str, row: Row, label: tuple[int, int], old: tuple[int, int]) -> bool:
    """Is this line more of the row above (a wrapped cell), not a row of its own?"""
    if label[1] > label[0]:
        if old[1] > old[0] and _ONLY_TIME.fullmatch(low, old[0], old[1]):
            return True  # "submission (up to)   up to 17.00 hrs   up to 17.00 hrs": the times of the dates above
        return not (old[1] > old[0])  # a label alone on its line: the rest of the label above ("bids")
    if row.label:
        return True  # a table with labels: a line without one goes on the row above
    first = low[old[0] : old[0] + 1] if old[1] > old[0] else ""
    complete = any(_YEAR.search(low, a, b) for a, b in row.old) and any(_YEAR.search(low, a, b) for a, b in row.new)
    return not first.isalpha() or not complete  # "outubro de 2027": the rest of a date the line above began


def _has_date(low: str, cells: list[tuple[int, int]]) -> bool:
    return any(_YEAR.search(low, a, b) or re.search(r"\d", low[a:b]) for a, b in cells)


def rewrite_rows(text: str, rows: list[Row]) -> str:
    """``text`` with each row on one line ("label | old => new"), padded to its own length: the
    "|" keeps the line read as a row (its label is its only words), "=>" keeps the old date's
    reader from taking the new date's time."""
    if not rows:
        return text
    out: list[str] = []
    at = 0
    for row in rows:
        flat = _flat(text, row)
        if flat is None:
            continue
        out.append(text[at : row.start])
        out.append(flat.ljust(row.end - row.start))
        at = row.end
    out.append(text[at:])
    return "".join(out)


def _flat(text: str, row: Row) -> str | None:
    label = " ".join(text[a:b] for a, b in row.label)
    old = " ".join(text[a:b] for a, b in row.old)
    new = " ".join(text[a:b] for a, b in row.new)
    flat = f"{label} | {old} => {new}"
    return None if len(flat) > row.end - row.start else flat


MAX_BLOCK = 3_000
"""How far an old label alone on its line ("DICE:") looks for its new one: a table of a dozen rows."""


def _block_end(low: str, match: re.Match[str]) -> re.Match[str] | None:
    """The new label of an old label that stands alone on its line, over a block of its own ("DICE:" / a table of the
    old dates / "DEBE DECIR:" / the same table with the new ones): the new label must stand alone on its line too."""
    line_start = low.rfind("\n", 0, match.start()) + 1
    line_end = low.find("\n", match.end())
    if low[line_start : match.start()].strip(" \t") or (line_end >= 0 and low[match.end() : line_end].strip(" \t")):
        return None
    for stop in _NEW_LABEL.finditer(low, match.end(), min(len(low), match.end() + MAX_BLOCK)):
        start = low.rfind("\n", 0, stop.start()) + 1
        end = low.find("\n", stop.end())
        if not low[start : stop.start()].strip(" \t") and not low[stop.end() : end if end >= 0 else len(low)].strip(" \t"):
            return stop
    return None


def old_spans(unflat: str, low: str, rows: list[Row]) -> list[tuple[int, int, bool]]:
    """Where old dates are written in ``low`` (``unflat`` rewritten by :func:`rewrite_rows`), sorted: (start, end, weak); ``weak`` for a plain "from:",
    "was:" whose old date must follow the label at once (an e-mail's "From:" is no old date)."""
    spans: list[tuple[int, int, bool]] = []
    for row in rows:
        flat = _flat(unflat, row)  # the fold before :func:`rewrite_rows`, whose offsets ``rows`` holds
        if flat is not None:
            label_end = row.start + flat.index(" | ") + 3
            spans.append((label_end, low.find(" => ", label_end, row.end), False))
    for tries, match in enumerate(_OLD_LABEL.finditer(low)):
        if len(spans) >= 2000 or tries >= 5000:
            break  # each label looks 400 characters on: a notice of "From:" lines stays linear
        stop = _NEW_LABEL.search(low, match.end(), min(len(low), match.end() + 400))
        if stop is None or low.count("\n", match.end(), stop.start()) > 3:
            stop = _block_end(low, match)
            if stop is None:
                continue
        weak = match.group("label") in _WEAK or stop.group("label") in _WEAK
        spans.append((match.end(), stop.start(), weak))
    spans.sort()
    return spans
