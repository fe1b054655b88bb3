"""Commands that read tender files: validate, deadlines, show, schema."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tenderctl.cli import app
from tenderctl.cli.common import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    JsonOption,
    NoCacheOption,
    ReferenceArgument,
    TendersOption,
    TzOption,
    choices,
    complete_reference,
    console,
    duration_from,
    fail,
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
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders (default: the tenders folder).", show_default=False)] = None,
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


RefOption = Annotated[
    list[str] | None,
    typer.Option("--ref", help="Only this tender (repeatable or comma-separated).", autocompletion=complete_reference, show_default=False),
]
TagOption = Annotated[
    list[str] | None, typer.Option("--tag", "-t", help="Only tenders with this tag (repeatable: any of them).", show_default=False)
]


def _values(given: list[str] | None) -> set[str] | None:
    """Repeatable, comma-separated option values; None when not given (no filter)."""
    if not given:
        return None
    return {v.strip() for item in given for v in item.split(",") if v.strip()}


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
    ref: RefOption = None,
    tag: TagOption = None,
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
    from tenderctl.tenders.deadlines import deadline_view  # lazy: tenders.deadlines (+24 ms) on --help, check
    from tenderctl.vocab import MILESTONE_KINDS, STATUS_GROUPS, STATUSES  # lazy: vocab (+1 ms) on --help, check

    zone = pick_zone(tz, tenders)
    now = _now(as_of, zone)
    span = duration_from("--within", within) if within else None
    kinds = choices("--kind", kind, list(MILESTONE_KINDS))
    statuses = choices("--status", status, list(STATUSES), STATUS_GROUPS)
    result = load(tenders, no_cache, summaries_only=True)
    view = deadline_view(
        result.tenders,
        now,
        include_past=all_,
        include_closed=all_,
        within=span,
        kinds=kinds,
        statuses=statuses,
        references=_values(ref),
        tags=_values(tag),
    )
    if json:
        from tenderctl.report.tenders_json import deadlines_data  # lazy: report.tenders_json (+7 ms) on --help, cold deadlines, check

        print_json(deadlines_data(view, zone, now, result.errors))
    else:
        from tenderctl.report.tenders_text import print_deadlines  # lazy: report.tenders_text (+9 ms) on --help, check

        print_deadlines(console(), view, zone, now)
    report_bad_files(result)
    if not result.ok:
        raise typer.Exit(EXIT_FINDINGS)


@app.command(
    epilog="Examples:\n\n  tenderctl show RFPS-NYH-2025-503831\n\n  tenderctl show RFPS-NYH-2025-503831 --tz America/New_York --json"
)
def show(
    reference: ReferenceArgument,
    tz: TzOption = None,
    as_of: AsOfOption = None,
    tenders: TendersOption = None,
    json: JsonOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """One tender in full: dates with countdowns (your zone and the tender's), steps, checks, tips."""
    zone = pick_zone(tz, tenders)
    now = _now(as_of, zone)
    loaded = find_or_fail(load(tenders, no_cache), reference)
    if json:
        from tenderctl.report.tenders_json import show_data  # lazy: report.tenders_json (+5 ms) on --help, cold deadlines, check

        print_json(show_data(loaded, zone, now))
        return
    from tenderctl.report.tenders_text import print_show  # lazy: report.tenders_text (+18 ms) on --help, check

    print_show(console(), console(stderr=True), loaded, zone, now)


@app.command(
    "list",
    epilog=("Examples:\n\n  tenderctl list\n\n  tenderctl list --tag research --status open\n\n  tenderctl list --all --json"),
)
def list_(
    all_: Annotated[bool, typer.Option("--all", "-a", help="Include closed tenders (won, lost, withdrawn, cancelled).")] = False,
    status: Annotated[
        list[str] | None,
        typer.Option("--status", help="Only tenders with this status (repeatable); closed or active for a group.", show_default=False),
    ] = None,
    tag: TagOption = None,
    tz: TzOption = None,
    as_of: AsOfOption = None,
    tenders: TendersOption = None,
    json: JsonOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Every tender: reference, title, status and its next deadline, by reference.

    Closed tenders are left out unless --all or --status. Invalid files are named on stderr
    (exit 1); the valid ones are still listed.
    """
    from tenderctl.tenders.deadlines import tender_listing  # lazy: tenders.deadlines (+22 ms) on --help, check
    from tenderctl.vocab import STATUS_GROUPS, STATUSES  # lazy: vocab (+3 ms) on --help

    zone = pick_zone(tz, tenders)
    now = _now(as_of, zone)
    statuses = choices("--status", status, list(STATUSES), STATUS_GROUPS)
    result = load(tenders, no_cache, summaries_only=True)
    listing = tender_listing(result.tenders, now, statuses=statuses, tags=_values(tag), include_closed=all_)
    if json:
        from tenderctl.report.tenders_json import list_data  # lazy: report.tenders_json (+7 ms) on --help, cold deadlines, check

        print_json(list_data(listing, zone, now, result.errors))
    else:
        from tenderctl.report.tenders_text import print_listing  # lazy: report.tenders_text (+10 ms) on --help, check

        print_listing(console(), listing, zone, bool(result.tenders))
    report_bad_files(result)
    if not result.ok:
        raise typer.Exit(EXIT_FINDINGS)


@app.command(
    epilog="Examples:\n\n  tenderctl schema > tender.schema.json\n\n  # then, first line of a tender file:\n  # yaml-language-server: $schema=./tender.schema.json\n\n  tenderctl schema --output deadlines"
)
def schema(
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            help="Instead, the schema of a command's --json output: its name (check, deadlines, import, ...; docs/json.md lists them).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of tender files, for editor autocompletion and validation."""
    if output is not None:
        from tenderctl.report.schemas import NAMES, output_schema  # lazy: report.schemas (+13 ms) on --help, cold deadlines, check

        if output not in NAMES:
            fail(f"--output: no schema for {output!r} (choose from {', '.join(NAMES)})", EXIT_USAGE)
        print_json(output_schema(output))
        return
    from tenderctl.tenders.model import Tender  # lazy: the pydantic model (+159 ms) on --help, check

    data = Tender.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    print_json(data)
