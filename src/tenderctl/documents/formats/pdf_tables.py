"""Tables rebuilt from a PDF page's character boxes: rows, columns and the header over each cell.

A PDF has no tables, only characters at positions. Word and LibreOffice export a cost table
as runs of characters on shared baselines; PDFium's text even breaks a row apart when one cell
wraps ("Senior / Evaluation / Expert" then "45 500 22,500"). So the page is rebuilt by geometry:

1. characters into *segments*: consecutive characters on one baseline with no gap wider than
   about a character's height (a word space is a third of that, a cell gap far more);
2. segments into *rows*: segments whose vertical middles fall in one band;
3. a *header row*: two or more segments of words, no figure, followed closely by a row
   holding a figure; the header's segments give the columns (a header that wraps, "Daily
   rate" over "(USD)", is joined from the rows of words right under it);
4. each later segment goes to the column it overlaps most, until a gap or a line of prose.

Cells reach the rules as DOCX and ODT cells do (:mod:`tenderctl.documents.tables`): place
``Page 3 table 1!C4`` and column header ``Daily rate (USD)``. Only pages whose text holds a
digit and a word of money are measured (a character box costs a call into PDFium); the
rest keep the plain lines. Bounded: at most ``MAX_CHARS`` characters and ``MAX_TABLES``
tables a page.

Measured against pdfplumber's table finder: see docs in ``bench/bench_pdf_tables.py``.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Any

from tenderctl.documents.model import TextBlock
from tenderctl.documents.tables import cell_block, column_letters

MAX_CHARS = 60_000
MAX_TABLES = 20
MAX_HEADER_ROWS = 3
HINTS = (
    "cost", "coût", "cout", "price", "pric", "prix", "rate", "taux", "tarif", "fee", "honor", "budget", "presupuest",
    "orçament", "orcament", "amount", "montant", "monto", "montante", "importe", "total", "precio", "preç", "preco",
    "costo", "custo", "valor", "value", "valeur", "remun", "rémun", "salar", "usd", "eur", "fcfa", "ksh", "$", "€", "£",
    "¥", "₹", "₦", "₱", "₵", "r$",
)  # fmt: skip
"""Words of money, lower case: a page without any of them is not measured (speed only)."""


@dataclass
class Segment:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str = ""


@dataclass
class Row:
    y0: float
    y1: float
    segments: list[Segment] = field(default_factory=list)


def worth_measuring(text: str) -> bool:
    lowered = text.lower()  # the words first: a substring search each, where the digit test walks every character
    return any(hint in lowered for hint in HINTS) and any(ch.isdigit() for ch in text)


def _segments(raw: Any) -> list[Segment]:
    import pypdfium2.raw as c  # type: ignore[import-untyped]  # lazy: pypdfium2 (+26 ms) on check

    count = min(c.FPDFText_CountChars(raw), MAX_CHARS)
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    segments: list[Segment] = []
    current: Segment | None = None
    space = ""  # "" none, "typed" a space in the text, "generated" one PDFium inferred from a gap
    for index in range(count):
        char = chr(c.FPDFText_GetUnicode(raw, index) or 32)
        if char in "\r\n":
            current, space = None, ""
            continue
        if char.isspace():
            space = "generated" if c.FPDFText_IsGenerated(raw, index) == 1 else (space or "typed")
            continue
        if not c.FPDFText_GetCharBox(raw, index, left, right, bottom, top):
            continue
        x0, x1, y0, y1 = left.value, right.value, bottom.value, top.value
        height = max(y1 - y0, 4.0)
        if current is not None:
            same_line = abs(((y0 + y1) / 2) - ((current.y0 + current.y1) / 2)) < 0.6 * max(height, current.y1 - current.y0)
            gap = x0 - current.x1
            # Text typed with spaces runs on; a gap with no typed space (or a very wide one) is a cell boundary.
            line_height = max(height, current.y1 - current.y0)  # a full stop's box is a point high
            limit = 1.5 * line_height if space == "typed" else max(1.5, 0.35 * line_height)
            # A ligature's box ("fi") covers the next character's: overlapping is running on, going back is not.
            if same_line and x0 >= current.x0 - 1.0 and gap <= limit:
                # PDFium generates spaces inside "9.600.000" too: a generated one counts only where glyphs stand apart.
                current.text += (" " if space == "typed" or (space and gap > 0.2 * line_height) else "") + char
                current.x1, current.y0, current.y1 = max(current.x1, x1), min(current.y0, y0), max(current.y1, y1)
                space = ""
                continue
        current = Segment(x0, y0, x1, y1, char)
        segments.append(current)
        space = ""
    return segments


def _rows(segments: list[Segment]) -> list[Row]:
    rows: list[Row] = []
    for segment in sorted(segments, key=lambda s: (-s.y1, s.x0)):
        middle = (segment.y0 + segment.y1) / 2
        for row in rows[-3:]:
            if row.y0 <= middle <= row.y1:
                row.segments.append(segment)
                break
        else:
            rows.append(Row(segment.y0, segment.y1, [segment]))
    for row in rows:
        row.segments.sort(key=lambda s: s.x0)
    return rows


def _figure(text: str) -> bool:
    stripped = text.strip().strip("()$€£-").strip()
    return bool(stripped) and stripped[0].isdigit() and all(ch.isdigit() or ch in " .,'’\u00a0\u202f%/-" for ch in stripped)


def _wordy(row: Row) -> bool:
    """Two or more labels side by side, apart from each other: a header candidate."""
    if len(row.segments) < 2 or any(b.x0 - a.x1 < 2.0 for a, b in zip(row.segments, row.segments[1:], strict=False)):
        return False
    return all(any(ch.isalpha() for ch in s.text) and not _figure(s.text) for s in row.segments)


def _overlaps(row: Row, segment: Segment) -> int:
    """How many of ``row``'s segments ``segment`` overlaps horizontally."""
    return sum(1 for s in row.segments if min(s.x1, segment.x1) > max(s.x0, segment.x0))


def _column(columns: list[tuple[float, float]], segment: Segment) -> int | None:
    best, best_overlap = None, 0.0
    for index, (x0, x1) in enumerate(columns):
        overlap = min(x1, segment.x1) - max(x0, segment.x0)
        if overlap > best_overlap:
            best, best_overlap = index, overlap
    if best is not None:
        return best
    centre = (segment.x0 + segment.x1) / 2
    nearest = min(range(len(columns)), key=lambda i: abs((columns[i][0] + columns[i][1]) / 2 - centre))
    low, high = columns[0][0] - 30, columns[-1][1] + 30
    return nearest if low <= centre <= high else None


def table_blocks(raw: Any, page_no: int, lines: list[TextBlock]) -> list[TextBlock]:
    """Cells of the tables on one page (``raw``: its PDFium text page; ``lines``: its text lines)."""
    if not lines or not worth_measuring("\n".join(block.text for block in lines)):
        return []
    rows = _rows(_segments(raw))
    blocks: list[TextBlock] = []
    index, number = 0, 0
    while index < len(rows) and number < MAX_TABLES:
        row = rows[index]
        following = rows[index + 1] if index + 1 < len(rows) else None
        if not _wordy(row) or following is None or (_wordy(following) and len(following.segments) > len(row.segments)):
            index += 1  # a heading or a line of prose above the real header
            continue
        height = max(row.y1 - row.y0, 4.0)
        header_rows = [row]
        while (
            len(header_rows) < MAX_HEADER_ROWS
            and index + len(header_rows) < len(rows)
            and all(not _figure(s.text) and _overlaps(row, s) <= 1 for s in rows[index + len(header_rows)].segments)
            and header_rows[-1].y0 - rows[index + len(header_rows)].y1 < 1.5 * height
        ):
            header_rows.append(rows[index + len(header_rows)])
        columns = [(s.x0, s.x1) for s in row.segments]
        headers = [s.text for s in row.segments]
        for extra in header_rows[1:]:
            for segment in extra.segments:
                column = _column(columns, segment)
                if column is not None:
                    headers[column] = f"{headers[column]} {segment.text}"
                    columns[column] = (min(columns[column][0], segment.x0), max(columns[column][1], segment.x1))
        body: list[Row] = []
        last = header_rows[-1]
        for candidate in rows[index + len(header_rows) :]:
            if last.y0 - candidate.y1 > 3.0 * height:
                break
            if (
                len(candidate.segments) == 1
                and sum(1 for x0, x1 in columns if min(x1, candidate.segments[0].x1) > max(x0, candidate.segments[0].x0)) > 1
            ):
                break  # a line of prose across the columns: the table ended
            body.append(candidate)
            last = candidate
        if not any(_figure(s.text) for r in body for s in r.segments):
            index += 1
            continue
        number += 1
        name = f"Page {page_no} table {number}"
        for position, text in enumerate(headers):
            blocks.append(cell_block(text, f"{name}!{column_letters(position + 1)}1", None, page_no))
        for row_number, data in enumerate(body, start=2):
            cells: dict[int, list[str]] = {}
            for segment in data.segments:
                column = _column(columns, segment)
                if column is not None:
                    cells.setdefault(column, []).append(segment.text)
            for column, texts in sorted(cells.items()):
                place = f"{name}!{column_letters(column + 1)}{row_number}"
                blocks.append(cell_block(" ".join(texts), place, headers[column][:200], page_no))
        index += len(header_rows) + len(body)
    return blocks
