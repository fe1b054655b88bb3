"""Steps as VTODOs (RFC 5545 3.6.2): DUE from the step's milestone, COMPLETED from ``done``.

For clients that show tasks (Thunderbird, Evolution, Apple Reminders via CalDAV, many
CalDAV task apps); clients that do not, skip VTODOs. A step's UID comes from the tender's
reference and the step's ``id`` (or, without one, its text and its occurrence among steps
with that text), with a suffix no milestone UID has, so it never collides with an event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from tenderctl.calendar.icstext import escape_text, fold, format_date, short_title, uid_for
from tenderctl.calendar.urls import safe_url
from tenderctl.calendar.vtimezone import timed

if TYPE_CHECKING:
    from tenderctl.calendar.ics import CalendarOptions
    from tenderctl.tenders.model import Tender
    from tenderctl.tenders.summary import ResolvedMilestone


@dataclass(frozen=True)
class Todo:
    uid: str
    due: str
    """The DUE line ("" for a step due at no milestone)."""
    body: str


def step_key(text: str, step_id: str | None, seen: dict[str, int]) -> str:
    """What a step's UID is made from: its id, else its text (numbered when repeated)."""
    if step_id:
        return "id:" + step_id
    words = " ".join(text.split())
    seen[words] = seen.get(words, 0) + 1
    return f"text:{words}" + (f"#{seen[words]}" if seen[words] > 1 else "")


def step_todos(
    tender: Tender,
    resolved: Sequence[ResolvedMilestone],
    options: CalendarOptions,
    now: datetime,
    head: list[str],
    tags: list[str],
    cancelled: bool,
    zones: dict[str, tuple[int, int]],
    describe: Callable[[ResolvedMilestone], tuple[str, list[str]]],
) -> list[Todo]:
    """The VTODOs of a tender's steps, honouring --kind and --within through the step's milestone.

    ``describe(milestone)`` gives its label and "When:" lines (the events' own wording).
    A step due at no milestone is kept only when no --kind or --within narrows the calendar.
    """
    by_id = {r.milestone.id: r for r in resolved}
    seen: dict[str, int] = {}
    out: list[Todo] = []
    for step in tender.steps:
        key = step_key(step.text, step.id, seen)
        item = by_id.get(step.date) if step.date else None
        if options.kinds is not None and (item is None or item.milestone.kind.value not in options.kinds):
            continue
        if options.within is not None:
            if item is None:
                continue
            left = item.when.due - now
            if left <= timedelta(0) or left > options.within + (item.when.due - item.when.start):
                continue
        lines = [step.text]
        if step.note:
            lines.append(step.note)
        due = ""
        if item is not None:
            label, when_lines = describe(item)
            lines.append(f"Due by: {label}")
            lines += when_lines
            if item.when.all_day:
                due = f"DUE;VALUE=DATE:{format_date(item.when.day)}"
            else:
                due = timed("DUE", item.when.start, None if options.utc else item.when.zone, zones)
        lines += head
        summary = f"{short_title(step.text)} ({tender.reference})"
        if cancelled:
            summary = f"CANCELLED: {summary}"
        parts = [
            fold("SUMMARY:" + escape_text(summary)),
            fold("DESCRIPTION:" + escape_text("\n".join(lines))),
            fold("CATEGORIES:" + ",".join(["step", *tags])),
        ]
        if cancelled:
            parts.append("STATUS:CANCELLED\r\n")
        elif step.done is not None:
            # a date, and COMPLETED must be a UTC date-time: noon UTC names that day in every zone within 12 h of UTC
            parts.append(f"STATUS:COMPLETED\r\nCOMPLETED:{format_date(step.done)}T120000Z\r\nPERCENT-COMPLETE:100\r\n")
        else:
            parts.append("STATUS:NEEDS-ACTION\r\n")
        url = safe_url(step.url)
        if url:
            parts.append(fold("URL:" + url))
        out.append(Todo(uid_for(tender.reference, key, "step"), due, "".join(parts)))
    return out
