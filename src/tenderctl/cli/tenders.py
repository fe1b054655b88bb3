"""Commands that read tender files: validate, deadlines, show, schema."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tenderctl.cli import app
from tenderctl.cli.common import (
    EXIT_FINDINGS,
    JsonOption,
    NoCacheOption,
    TendersOption,
    choices,
    console,
    duration_from,
    find_or_fail,
    load,
    now_from,
    pick_zone,
    print_json,
    print_problems,
    report_bad_files,
)

if TYPE_CHECKING:
    from datetime import datetime, tzinfo

    from tenderctl.tenders.loader import LoadedTender

URGENCY_STYLE = {"past": "dim", "critical": "bold red", "soon": "red", "week": "yellow", "later": "green"}

TzOption = Annotated[
    str | None,
    typer.Option("--tz", help="Show times in this IANA zone, e.g. Asia/Kolkata [default: this machine's zone].", show_default=False),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Pretend now is this date-time (ISO 8601; naive values are read in --tz).", show_default=False),
]


def _now(as_of: str | None, zone: tzinfo) -> datetime:
    return now_from(as_of, zone)


@app.command(
    epilog="Examples:\n\n  tenderctl validate\n\n  tenderctl validate tenders/RFPS-NYH-2025-503831.yaml --json",
)
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders [default: the tenders folder].", show_default=False)] = None,
    tenders: TendersOption = None,
    json: JsonOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Check tender files; print every problem as file:line:column: field: message (hint).

    Exit 0 when every file is valid (warnings allowed), 1 when any is invalid.
    """
    result = load(tenders, no_cache, paths, summaries_only=True)
    if json:
        print_json(
            {
                "status": "ok" if result.ok else "invalid",
                "files": result.files,
                "valid": len(result.tenders),
                "problems": [p.to_json() for p in result.problems],
            }
        )
    else:
        print_problems(result.problems)
        warnings = len(result.problems) - len(result.errors)
        tail = f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
        out = console()
        if result.ok:
            out.print(f"[green]ok[/]: {result.files} file{'s' if result.files != 1 else ''} valid{tail}")
        else:
            if result.files == 0:
                out.print(f"[red]invalid[/]: no tender files found{tail}")
            else:
                listed = sum(1 for path in result.bad_files if not _missing(result, path))
                out.print(f"[red]invalid[/]: {listed} of {result.files} file{'s' if result.files != 1 else ''} with errors{tail}")
    if not result.ok:
        raise typer.Exit(EXIT_FINDINGS)


def _missing(result: Any, path: str) -> bool:
    """A path named on the command line that does not exist (reported, but not one of the files read)."""
    return any(p.path == path and p.field == "path" for p in result.errors)


@app.command(
    epilog=(
        "Examples:\n\n  tenderctl deadlines\n\n  tenderctl deadlines --within 14d --kind submission\n\n"
        "  tenderctl deadlines --all --tz Asia/Kolkata --json\n\n  tenderctl deadlines --as-of 2025-05-21"
    ),
)
def deadlines(
    all_: Annotated[bool, typer.Option("--all", "-a", help="Include past milestones and closed tenders.")] = False,
    within: Annotated[
        str | None, typer.Option("--within", help="Only milestones due within this time, e.g. 14d, 36h, 2w.", show_default=False)
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", "-k", help="Only this kind (repeatable): submission, questions, conference, ...", show_default=False),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            help="Only tenders with this status (repeatable): open, submitted, won, ...; closed or active for a group.",
            show_default=False,
        ),
    ] = None,
    tz: TzOption = None,
    as_of: AsOfOption = None,
    tenders: TendersOption = None,
    json: JsonOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Upcoming milestones across all tenders, soonest first, with the time left.

    All-day milestones (a date without a time) count as due until the end of that day in
    the tender's zone. Invalid tender files are named on stderr and the exit code is 1,
    but every valid tender is still listed.
    """
    from tenderctl.tenders.deadlines import deadline_view
    from tenderctl.vocab import MILESTONE_KINDS, STATUS_GROUPS, STATUSES

    zone = pick_zone(tz)
    now = _now(as_of, zone)
    span = duration_from("--within", within) if within else None
    kinds = choices("--kind", kind, list(MILESTONE_KINDS))
    statuses = choices("--status", status, list(STATUSES), STATUS_GROUPS)
    result = load(tenders, no_cache, summaries_only=True)
    view = deadline_view(result.tenders, now, include_past=all_, include_closed=all_, within=span, kinds=kinds, statuses=statuses)
    if json:
        print_json([row.to_json(zone if tz else None) for row in view.rows])
    else:
        _print_deadlines(view, zone, now)
    report_bad_files(result)
    if not result.ok:
        raise typer.Exit(EXIT_FINDINGS)


def _fit(milestone: str, tender: str, room: int) -> tuple[str, str]:
    """``milestone · tender`` cut to ``room`` characters, the tender title going first."""
    tail = f" · {tender}"
    if len(milestone) + len(tail) <= room:
        return milestone, tail
    if len(milestone) + 4 <= room:
        return milestone, tail[: room - len(milestone) - 1] + "…"
    return milestone[: room - 1] + "…", ""


def _print_deadlines(view: Any, zone: tzinfo, now: datetime) -> None:
    from rich.markup import escape
    from rich.table import Table

    from tenderctl.tenders.timeline import urgency, zone_name

    out = console()
    if not view.rows:
        parts = ["Nothing upcoming"]
        if view.past_hidden:
            parts.append(f"{view.past_hidden} milestone{'s are' if view.past_hidden != 1 else ' is'} past (--all lists them)")
        if view.closed_hidden:
            parts.append(f"{view.closed_hidden} closed tender{'s' if view.closed_hidden != 1 else ''} left out")
        if not view.tenders:
            parts = ["No tenders yet (add one with `tenderctl new`)"]
        out.print(". ".join(parts) + ".")
        return
    table = Table(title=f"Deadlines as of {now:%a %d %b %Y %H:%M} {zone_name(zone)}", title_justify="left", expand=False)
    names = ["When", "Left", "Kind", "Reference"]
    cells = [[row.display(zone), row.countdown(), row.kind, row.reference] for row in view.rows]
    # One line per milestone: the fixed columns keep their width, the last is cut to fit;
    # on a narrow terminal the kind goes first (the milestone's title usually says it).
    widths = [max(len(name), *(len(c[i]) for c in cells)) for i, name in enumerate(names)]
    if out.width - sum(widths) - 3 * len(names) - 4 < 24:
        del names[2], widths[2]
        for c in cells:
            del c[2]
    room = out.width - sum(widths) - 3 * len(names) - 4
    wrap = room < 16  # too narrow to cut sensibly: let every column wrap instead
    for name, width in zip(names, widths, strict=True):
        table.add_column(name, no_wrap=not wrap, min_width=None if wrap else width)
    table.add_column("Milestone · tender", no_wrap=not wrap)
    if wrap:
        room = 10_000
    for row, values in zip(view.rows, cells, strict=True):
        style = URGENCY_STYLE[urgency(row.left)]
        head, tail = _fit(row.milestone_title, row.title, room)
        values = [escape(v) for v in values]
        values[1] = f"[{style}]{values[1]}[/]"
        table.add_row(*values, f"{escape(head)}[dim]{escape(tail)}[/]")
    out.print(table)
    notes = []
    if view.past_hidden:
        notes.append(f"{view.past_hidden} past milestone{'s' if view.past_hidden != 1 else ''} hidden (--all)")
    if view.closed_hidden:
        notes.append(f"{view.closed_hidden} closed tender{'s' if view.closed_hidden != 1 else ''} left out (--all)")
    if notes:
        out.print("[dim]" + "; ".join(notes) + "[/]")


@app.command(
    epilog="Examples:\n\n  tenderctl show RFPS-NYH-2025-503831\n\n  tenderctl show RFPS-NYH-2025-503831 --tz America/New_York --json"
)
def show(
    reference: Annotated[str, typer.Argument(help="The tender's reference (or its file name without .yaml).")],
    tz: TzOption = None,
    as_of: AsOfOption = None,
    tenders: TendersOption = None,
    json: JsonOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """One tender in full: dates with countdowns (your zone and the tender's), steps, checks, tips."""
    zone = pick_zone(tz)
    now = _now(as_of, zone)
    loaded = find_or_fail(load(tenders, no_cache), reference)
    if json:
        print_json(_show_json(loaded, now))
        return
    _print_show(loaded, zone, now)


def _show_json(loaded: LoadedTender, now: datetime) -> dict[str, Any]:
    from tenderctl.tenders.summary import resolved_milestones

    tender = loaded.tender
    data = tender.model_dump(mode="json", exclude_none=True)
    data["file"] = loaded.path
    data["dates"] = [
        {
            **item.milestone.model_dump(mode="json", exclude_none=True),
            "all_day": item.when.all_day,
            "iso": item.when.iso(),
            "utc": None if item.when.all_day else item.when.start.isoformat().replace("+00:00", "Z"),
            "seconds_left": int((item.when.due - now).total_seconds()),
            "derived": item.derived,
        }
        for item in resolved_milestones(tender)
    ]
    data["warnings"] = [p.to_json() for p in loaded.warnings]
    return data


def _print_show(loaded: Any, zone: tzinfo, now: datetime) -> None:
    from rich.markup import escape
    from rich.table import Table

    from tenderctl.tenders.summary import resolved_milestones
    from tenderctl.tenders.timeline import urgency, zone_name
    from tenderctl.tenders.timeparse import format_timedelta

    tender = loaded.tender
    out = console()
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
        table = Table(title="Dates", title_justify="left")
        table.add_column("Milestone")
        table.add_column(f"Your time ({zone_name(zone)})", no_wrap=True)
        table.add_column(f"Tender's time ({tender.timezone})", no_wrap=True)
        table.add_column("Left", no_wrap=True)
        for item in sorted(resolved, key=lambda r: r.when.start):
            when = item.when
            left = when.due - now
            style = URGENCY_STYLE[urgency(left)]
            countdown = f"in {format_timedelta(left)}" if left.total_seconds() > 0 else f"{format_timedelta(left)} ago"
            if when.all_day:
                mine = theirs = f"{when.day:%a %d %b %Y} (all day)"
            else:
                a, b = when.start.astimezone(zone), when.start.astimezone(when.zone)
                mine, theirs = f"{a:%a %d %b %Y %H:%M} {a.tzname()}", f"{b:%a %d %b %Y %H:%M} {b.tzname()}"
            label = f"{escape(item.milestone.title or item.milestone.id)} [dim]({item.milestone.kind.value})[/]"
            if item.milestone.as_written:
                label += f"\n[dim]as written: {escape(item.milestone.as_written)}[/]"
            table.add_row(label, mine, theirs, f"[{style}]{countdown}[/]")
        out.print(table)

    if tender.steps:
        out.print("\n[bold]Steps[/]")
        for number, step in enumerate(tender.steps, 1):
            mark = "[green]✔[/]" if step.done else "☐"
            due = ""
            if step.date:
                m = next((r for r in resolved if r.milestone.id == step.date), None)
                if m is not None:
                    due = f" [dim](by {m.when.iso()})[/]"
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
        console(stderr=True).print(f"[yellow]{escape(str(warning))}[/]", soft_wrap=True)


@app.command(
    epilog="Examples:\n\n  tenderctl schema > tender.schema.json\n\n  # then, first line of a tender file:\n  # yaml-language-server: $schema=./tender.schema.json"
)
def schema() -> None:
    """Print the JSON Schema of tender files, for editor autocompletion and validation."""
    from tenderctl.tenders.model import Tender

    data = Tender.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    print_json(data)
