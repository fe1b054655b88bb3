"""Text renderers of the tender views (``deadlines``, ``show``): rich tables, never core work.

Times go through :mod:`tenderctl.report.moments`, the one way every command prints a moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tenderctl.report.moments import moment_text
from tenderctl.tenders.timeline import urgency, zone_name
from tenderctl.tenders.timeparse import format_timedelta

if TYPE_CHECKING:
    from datetime import datetime, tzinfo

    from rich.console import Console

    from tenderctl.tenders.deadlines import DeadlineView, TenderListing
    from tenderctl.tenders.loader import LoadedTender

URGENCY_STYLE = {"past": "dim", "critical": "bold red", "soon": "red", "week": "yellow", "later": "green"}
"""Colour of a countdown by :func:`tenderctl.tenders.timeline.urgency`."""

NARROW = 90
"""Below this width tables drop their vertical rules and weekdays, so 80 columns hold a row on one line."""


def _fit(milestone: str, tender: str, room: int) -> tuple[str, str]:
    """``milestone · tender`` cut to ``room`` characters, the tender title going first."""
    tail = f" · {tender}"
    if len(milestone) + len(tail) <= room:
        return milestone, tail
    if len(milestone) + 4 <= room:
        return milestone, tail[: room - len(milestone) - 1] + "…"
    return milestone[: room - 1] + "…", ""


def nothing_upcoming(view: DeadlineView) -> str:
    """The one line ``deadlines`` prints when no milestone is listed."""
    parts = ["Nothing upcoming"]
    if view.past_hidden:
        parts.append(f"{view.past_hidden} milestone{'s are' if view.past_hidden != 1 else ' is'} past (--all lists them)")
    if view.closed_hidden:
        parts.append(f"{view.closed_hidden} closed tender{'s' if view.closed_hidden != 1 else ''} left out")
    if not view.tenders:
        parts = ["No tenders yet (add one with `tenderctl new`)"]
    return ". ".join(parts) + "."


def deadline_notes(view: DeadlineView) -> str:
    """What the table leaves out, in words ("" when nothing is)."""
    notes = []
    if view.past_hidden:
        notes.append(f"{view.past_hidden} past milestone{'s' if view.past_hidden != 1 else ''} hidden (--all)")
    if view.closed_hidden:
        notes.append(f"{view.closed_hidden} closed tender{'s' if view.closed_hidden != 1 else ''} left out (--all)")
    return "; ".join(notes)


@dataclass
class DeadlineTable:
    """The deadline table's text, laid out for a width; drawn by rich here or by the warm fast path
    (:mod:`tenderctl.fastpath`), which must print the same bytes without importing rich."""

    title: str
    narrow: bool
    names: list[str]
    widths: list[int]
    room: int
    rows: list[tuple[list[str], str, str, str]]
    """Per row: the cells before the last column, the countdown's urgency, the milestone and the tender title (both cut)."""


def deadline_table(view: DeadlineView, zone: tzinfo, now: datetime, width: int) -> DeadlineTable:
    """One line per milestone whatever the width: the time, the countdown and the reference are
    never cut (a cut reference is a wrong reference); the kind goes first when room is short (the
    milestone's title usually says it), then the title is cut with an ellipsis."""
    narrow = width < NARROW
    names = ["When", "Left", "Kind", "Reference"]
    shown = list(view.rows)  # made once: the view makes each row as it is reached
    cells = [[moment_text(row.when, zone, weekday=not narrow, beside=False), row.countdown(), row.kind, row.reference] for row in shown]
    widths = [max(len(name), *(len(c[i]) for c in cells)) for i, name in enumerate(names)]
    overhead = (2 if narrow else 3) * (len(names) + 1) + (0 if narrow else 1)
    if width - sum(widths) - overhead < 24:
        del names[2], widths[2]
        for c in cells:
            del c[2]
        overhead -= 3 if not narrow else 2
    room = max(width - sum(widths) - overhead - 2, 8)  # rich keeps a column's padding even when cut
    rows = []
    for row, values in zip(shown, cells, strict=True):
        head, tail = _fit(row.milestone_title, row.title, room)
        rows.append((values, urgency(row.left), head, tail))
    return DeadlineTable(f"Deadlines as of {now:%a %d %b %Y %H:%M} {zone_name(zone)}", narrow, names, widths, room, rows)


def print_deadlines(out: Console, view: DeadlineView, zone: tzinfo, now: datetime) -> None:
    from rich import box  # lazy: rich (+4 ms) on warm deadlines
    from rich.markup import escape  # lazy: rich (+36 ms) on warm deadlines
    from rich.table import Table  # lazy: rich (+60 ms) on warm deadlines

    if not view.rows:
        out.print(nothing_upcoming(view))
        return
    layout = deadline_table(view, zone, now, out.width)
    narrow = layout.narrow
    table = Table(
        title=layout.title,
        title_justify="left",
        expand=False,
        box=box.SIMPLE_HEAD if narrow else box.HEAVY_HEAD,
        pad_edge=not narrow,
    )
    for name, width in zip(layout.names, layout.widths, strict=True):
        table.add_column(name, no_wrap=True, min_width=width)
    table.add_column("Milestone · tender", no_wrap=True, overflow="ellipsis", max_width=layout.room)
    for values, level, head, tail in layout.rows:
        cells = [escape(v) for v in values]
        cells[1] = f"[{URGENCY_STYLE[level]}]{cells[1]}[/]"
        table.add_row(*cells, f"{escape(head)}[dim]{escape(tail)}[/]")
    out.print(table)
    notes = deadline_notes(view)
    if notes:
        out.print("[dim]" + notes + "[/]")


def print_show(out: Console, err: Console, loaded: LoadedTender, zone: tzinfo, now: datetime) -> None:
    from rich.markup import escape  # lazy: rich (+36 ms) on warm deadlines
    from rich.table import Table  # lazy: rich (+60 ms) on warm deadlines

    from tenderctl.tenders.summary import resolved_milestones  # lazy: tenders.summary (+11 ms) on warm deadlines

    tender = loaded.tender
    out.print(f"[bold]{escape(tender.title)}[/]")
    facts = [("Reference", tender.reference), ("Buyer", tender.buyer), ("Status", tender.status.value), ("Time zone", tender.timezone)]
    if tender.portal:
        facts.append(("Portal", tender.portal.name + (f" <{tender.portal.url}>" if tender.portal.url else "")))
    if tender.url:
        facts.append(("Notice", tender.url))
    if tender.submit_buffer:
        facts.append(("Submit buffer", tender.submit_buffer))
    if tender.tags:
        facts.append(("Tags", ", ".join(tender.tags)))
    facts.append(("File", loaded.path))
    for label, value in facts:
        if value:
            out.print(f"  [dim]{label:<14}[/]{escape(str(value))}")
    if tender.notes:
        out.print(f"\n{escape(tender.notes)}")

    resolved = resolved_milestones(tender)
    if resolved:
        narrow = out.width < NARROW
        table = Table(title="Dates", title_justify="left")
        table.add_column("Milestone", min_width=16, ratio=1)
        if narrow:  # one column: the reader's time with the tender's beside it
            table.add_column(f"When ({zone_name(zone)})", ratio=1)
        else:
            table.add_column(f"Your time ({zone_name(zone)})", no_wrap=True)
            table.add_column(f"Tender's time ({tender.timezone})", no_wrap=True)
        table.add_column("Left", no_wrap=True)
        for item in sorted(resolved, key=lambda r: r.when.start):
            when = item.when
            left = when.due - now
            style = URGENCY_STYLE[urgency(left)]
            countdown = f"in {format_timedelta(left)}" if left.total_seconds() > 0 else f"{format_timedelta(left)} ago"
            mine, theirs = moment_text(when, zone, beside=False), moment_text(when, when.zone, beside=False)
            label = f"{escape(item.milestone.title or item.milestone.id)} [dim]({item.milestone.kind.value})[/]"
            if item.milestone.as_written:
                label += f"\n[dim]as written: {escape(item.milestone.as_written)}[/]"
            times = [escape(moment_text(when, zone))] if narrow else [mine, theirs]
            table.add_row(label, *times, f"[{style}]{countdown}[/]")
        out.print(table)

    if tender.steps:
        out.print("\n[bold]Steps[/]")
        for number, step in enumerate(tender.steps, 1):
            mark = "[green]✔[/]" if step.done else "☐"
            due = ""
            if step.date:
                m = next((r for r in resolved if r.milestone.id == step.date), None)
                if m is not None:
                    due = f" [dim](by {escape(moment_text(m.when, zone))})[/]"
            out.print(f"  {mark} {number}. {escape(step.text)}{due}")
    if tender.checks:
        out.print("\n[bold]Checks[/]")
        for check in tender.checks:
            docs = f" on {', '.join(check.documents)}" if check.documents else ""
            out.print(f"  • [bold]{escape(check.rule)}[/]{escape(docs)} [dim]({check.severity.value})[/]")
            if check.tip:
                out.print(f"    [italic]{escape(check.tip)}[/]")
    if tender.experts:
        out.print("\n[bold]Key experts[/]: " + escape(", ".join(e.role + (f" ({e.name})" if e.name else "") for e in tender.experts)))
    if tender.criteria:
        out.print("\n[bold]Evaluation criteria[/]")
        for criterion in tender.criteria:
            weight = f" [dim]({criterion.weight:g})[/]" if criterion.weight is not None else ""
            out.print(f"  • {escape(criterion.title)}{weight}")
    if tender.links:
        out.print("\n[bold]Links[/]")
        for link in tender.links:
            out.print(f"  • {escape(link.title)}: {escape(link.url)}")
    for warning in loaded.warnings:
        err.print(f"[yellow]{escape(str(warning))}[/]", soft_wrap=True)


def print_listing(out: Console, listing: list[TenderListing], zone: tzinfo, any_tenders: bool) -> None:
    """``tenderctl list``: one line per tender; the reference is never cut, the title is."""
    from rich import box  # lazy: rich (+4 ms) on warm deadlines
    from rich.markup import escape  # lazy: rich (+36 ms) on warm deadlines
    from rich.table import Table  # lazy: rich (+60 ms) on warm deadlines

    if not listing:
        out.print("No tenders match." if any_tenders else "No tenders yet (add one with `tenderctl new` or `tenderctl draft`).")
        return
    narrow = out.width < NARROW
    table = Table(box=box.SIMPLE_HEAD if narrow else box.HEAVY_HEAD, pad_edge=not narrow)
    rows = []
    for item in listing:
        if item.next is None:
            upcoming, plain = "[dim]nothing upcoming[/]", "nothing upcoming"
        else:
            style = URGENCY_STYLE[urgency(item.next.left)]
            when, left = moment_text(item.next.when, zone, weekday=not narrow, beside=False), item.next.countdown()
            upcoming, plain = f"{escape(when)} [{style}]{escape(left)}[/]", f"{when} {left}"
        rows.append((item, upcoming, plain))
    widths = [
        max(9, *(len(i.reference) for i, _, _ in rows)),
        max(6, *(len(i.status) for i, _, _ in rows)),
        max(13, *(len(p) for _, _, p in rows)),
    ]
    table.add_column("Reference", no_wrap=True, min_width=widths[0])
    table.add_column("Status", no_wrap=True, min_width=widths[1])
    table.add_column("Next deadline", no_wrap=True, min_width=widths[2])
    overhead = (2 if narrow else 3) * 5 + 2
    table.add_column("Title", no_wrap=True, overflow="ellipsis", max_width=max(out.width - sum(widths) - overhead, 8))
    for item, upcoming, _plain in rows:
        table.add_row(escape(item.reference), item.status, upcoming, escape(item.title))
    out.print(table)
