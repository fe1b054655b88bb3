"""Numbered lists in a notice (steps to apply, tips), with the heading above each."""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBERED = re.compile(r"^\s*(?:step\s+|étape\s+)?(?P<n>\d{1,2})\s*[.)]?\s*[-–:]?\s+(?P<text>\S.*)$", re.I)
STEP_HEADING = re.compile(r"\b(steps?|how to (?:apply|submit|bid|participate)|procedure|instructions|étapes|démarche|process)\b", re.I)
TIP_HEADING = re.compile(r"\b(tips?|important|remember|reminders?|notes?|conseils|attention|à noter)\b", re.I)


@dataclass
class _ListItem:
    number: int
    heading: str
    body: str
    start: int  # offset in text of the item line
    end: int


def numbered_lists(text: str) -> list[tuple[str, list[_ListItem]]]:
    """Runs of items numbered 1, 2, 3, ... with the heading line above them.

    When the line after item 1 is prose rather than item 2, every item is a heading with a
    one-paragraph body ("1. Terms of Reference" / "Read the full Terms of Reference here").
    """
    lines = text.split("\n")
    offsets = []
    position = 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1

    def next_filled(k: int) -> int:
        while k < len(lines) and not lines[k].strip():
            k += 1
        return k

    results: list[tuple[str, list[_ListItem]]] = []
    index = 0
    while index < len(lines):
        first = NUMBERED.match(lines[index])
        if not first or int(first["n"]) != 1:
            index += 1
            continue
        heading_line = next((lines[k].strip() for k in range(index - 1, max(-1, index - 4), -1) if lines[k].strip()), "")
        after_first = next_filled(index + 1)
        with_bodies = after_first < len(lines) and not NUMBERED.match(lines[after_first])
        items: list[_ListItem] = []
        k = index
        while k < len(lines):
            m = NUMBERED.match(lines[k])
            if not m or int(m["n"]) != len(items) + 1:
                break
            start, last = k, k
            body = ""
            k += 1
            if with_bodies:
                j = next_filled(k)
                paragraph: list[str] = []
                while j < len(lines) and lines[j].strip() and not NUMBERED.match(lines[j]):
                    # the body runs to the paragraph's end: an item wrapped over several lines stays one item
                    paragraph.append(lines[j].strip())
                    last, j = j, j + 1
                    if j >= len(lines) or not lines[j].strip() or not _continues(lines[j]):
                        break
                if paragraph:
                    body, k = " ".join(paragraph), last + 1
            items.append(_ListItem(len(items) + 1, m["text"].strip(), body, offsets[start], offsets[last] + len(lines[last])))
            k = next_filled(k)
        if len(items) >= 2:
            results.append((heading_line, items))
        index = max(k, index + 1)
    return results


def _continues(line: str) -> bool:
    """A line that goes on the paragraph above it: indented, as a wrapped list item is."""
    return line[:1].isspace()
