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
    TzOption,
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
        from tenderctl.report.tenders_json import deadlines_data

        print_json(deadlines_data(view, zone, now))
    else:
        from tenderctl.report.tenders_text import print_deadlines

        print_deadlines(console(), view, zone, now)
    report_bad_files(result)
    if not result.ok:
        raise typer.Exit(EXIT_FINDINGS)


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
        from tenderctl.report.tenders_json import show_data

        print_json(show_data(loaded, zone, now))
        return
    from tenderctl.report.tenders_text import print_show

    print_show(console(), console(stderr=True), loaded, zone, now)


@app.command(
    epilog="Examples:\n\n  tenderctl schema > tender.schema.json\n\n  # then, first line of a tender file:\n  # yaml-language-server: $schema=./tender.schema.json"
)
def schema() -> None:
    """Print the JSON Schema of tender files, for editor autocompletion and validation."""
    from tenderctl.tenders.model import Tender

    data = Tender.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    print_json(data)
