"""Tables of every format as one kind of cell: a place on the grid (``Table 2!C3``) and its column header.

DOCX and ODT describe a table as rows of grid cells; PDFs are rebuilt into the same rows
from character boxes (:mod:`tenderctl.documents.formats.pdf_tables`); spreadsheets name their
cells themselves. Each reader hands the rules :class:`~tenderctl.documents.model.TextBlock`
objects with ``cell`` and ``column_header`` set through :func:`cell_block`, so a rule judges
650 under "Daily rate (USD)" the same whichever software made the file.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

from tenderctl.documents.model import BBox, TextBlock

MAX_HEADER_ROWS = 3
"""Rows read as the header: repeated header rows beyond this are data (a hostile file marks them all)."""
MAX_SPAN = 1 << 16
MAX_HEADER_TEXT = 200
_FIGURE = re.compile(r"[-+(]?\d[\d \u00a0\u202f'’.,]*\)?%?")
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class GridCell:
    """A cell on the table grid: columns ``start`` to ``end`` (0-based, end excluded)."""

    start: int
    end: int
    node: Any


@lru_cache(maxsize=1024)
def column_letters(number: int) -> str:
    """1 -> A, 28 -> AB: cells are named as in a spreadsheet."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _is_figure(text: str) -> bool:
    return bool(_FIGURE.fullmatch(text)) and not _YEAR.fullmatch(text)


def _guess_header(rows: Sequence[Sequence[GridCell]], texts_of: Callable[[int], list[str]]) -> list[int]:
    """The header row of a table not marked as having one: its first row of labels, if it has one.

    Empty rows and caption rows (one cell across the whole table) are skipped; a first row
    holding a figure is data, so the table has no header.
    """
    width = max((row[-1].end for row in rows if row), default=0)
    for index, row in enumerate(rows[: MAX_HEADER_ROWS + 1]):
        filled = [(cell, text) for cell, text in zip(row, texts_of(index), strict=True) if text]
        if not filled:
            continue
        if width > 1 and len(filled) == 1 and filled[0][0].end - filled[0][0].start >= width:
            continue
        if any(_is_figure(text) for _, text in filled) or not any(ch.isalpha() for _, text in filled for ch in text):
            return []
        return [index]
    return []


def _header_spans(rows: Sequence[Sequence[tuple[GridCell, str]]]) -> list[tuple[int, int, str]]:
    """Header text over each stretch of grid columns, stacked header rows joined with " / ".

    Kept as stretches, not per column, so a cell spanning 100,000 columns costs one entry.
    """
    points = sorted({p for row in rows for cell, _ in row for p in (cell.start, cell.end)})
    cursors = [0] * len(rows)
    spans: list[tuple[int, int, str]] = []
    for low, high in pairwise(points):
        parts: list[str] = []
        for r, row in enumerate(rows):
            i = cursors[r]
            while i < len(row) and row[i][0].end <= low:
                i += 1
            cursors[r] = i
            if i < len(row) and row[i][0].start <= low and row[i][1]:
                parts.append(row[i][1])
        if parts:
            spans.append((low, high, " / ".join(dict.fromkeys(parts))[:MAX_HEADER_TEXT]))
    return spans


def _header_over(spans: list[tuple[int, int, str]], ends: list[int], cell: GridCell) -> str | None:
    """The header over ``cell``: the distinct texts of (at most four) stretches it spans."""
    i = bisect_right(ends, cell.start)
    texts: list[str] = []
    while i < len(spans) and spans[i][0] < cell.end and len(texts) < 4:
        texts.append(spans[i][2])
        i += 1
    return " / ".join(dict.fromkeys(texts))[:MAX_HEADER_TEXT] or None


def table_cells(
    name: str, rows: Sequence[tuple[int, Sequence[GridCell]]], marked_header: int, text_of: Callable[[Any], str]
) -> Iterator[tuple[Any, str, str | None]]:
    """(cell element, place such as ``Table 2!C3``, column header) for every cell of one table.

    ``rows`` are (row number, cells in grid order; cells that hold nothing may be left out);
    the header is the ``marked_header`` leading rows (Word's repeated header rows,
    OpenDocument's header rows), else a guess. Cells of the header rows, and of every row of
    a table without header, get no header.
    """
    grid = [cells for _, cells in rows]
    texts: dict[int, list[str]] = {}

    def texts_of(index: int) -> list[str]:  # only the first few rows are ever read as header
        if index not in texts:
            texts[index] = [text_of(cell.node) for cell in grid[index]]
        return texts[index]

    header = list(range(min(marked_header, MAX_HEADER_ROWS, len(grid)))) if marked_header else _guess_header(grid, texts_of)
    spans = _header_spans([list(zip(grid[i], texts_of(i), strict=True)) for i in header])
    ends = [end for _, end, _ in spans]
    last_header = header[-1] if header else -1
    for index, (number, cells) in enumerate(rows):
        for cell in cells:
            column = None if index <= last_header else _header_over(spans, ends, cell)
            yield cell.node, f"{name}!{column_letters(cell.start + 1)}{number}", column


def cell_block(
    text: str, place: str, header: str | None, page: int | None = None, where: str = "table", bbox: BBox | None = None
) -> TextBlock:
    """The block a reader hands over for one table cell."""
    return TextBlock(text, page=page, where=where, bbox=bbox, cell=place, column_header=header)
