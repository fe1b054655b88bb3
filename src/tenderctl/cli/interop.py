"""Commands that move tenders in and out: ``import ocds``, ``import eforms`` and ``export``."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tenderctl.cli import app
from tenderctl.cli.common import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    JsonOption,
    NoCacheOption,
    TendersOption,
    console,
    fail,
    find_or_fail,
    load,
    print_json,
    report_bad_files,
)

if TYPE_CHECKING:
    from tenderctl.errors import Problem
    from tenderctl.interop.ocds import Outcome

import_app = typer.Typer(
    name="import",
    help="Bring tenders in from other formats (OCDS, eForms).",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(import_app, name="import")


@import_app.command(
    "ocds",
    epilog=(
        "Examples:\n\n  tenderctl import ocds release-package.json\n\n"
        "  tenderctl import ocds records.json --timezone America/Mexico_City --dry-run\n\n"
        "  curl -s https://example.org/ocds/ocds-abc123.json | tenderctl import ocds -\n\n"
        "  tenderctl import ocds releases.jsonl --json"
    ),
)
def import_ocds(
    files: Annotated[list[str], typer.Argument(help="OCDS JSON files (release/record packages, releases, JSON Lines), or '-' for stdin.")],
    timezone: Annotated[
        str | None,
        typer.Option(
            "--timezone",
            help="IANA zone for new tenders, e.g. America/Mexico_City (default: a fixed offset from the data).",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Show what would be written (new files in full, updates as a diff); write nothing.")
    ] = False,
    tenders: TendersOption = None,
    json: JsonOption = False,
) -> None:
    """Import OCDS data: one tender file per tender, updated in place on re-import.

    Releases of one tender (one ocid) are merged in date order, across all inputs, so an
    amendment that moves the deadline wins. Dates keep their exact instant and UTC offset.
    Re-importing changes only what OCDS says (title, buyer, portal, links, dates) and keeps
    your steps, checks, notes and comments; a moved deadline is printed first.
    Exit 0 when every tender was imported (warnings allowed), 1 when any input or tender failed.
    """
    from tenderctl.interop.ocds import import_files  # lazy: every command loads this module (cli._register); the OCDS import is 100+ ms
    from tenderctl.tenders.loader import tenders_dir  # lazy: the loader (60 ms, pydantic) is not for --help
    from tenderctl.tenders.timeline import get_zone  # lazy: the zone database (60 ms) is not for --help

    if timezone:
        try:
            get_zone(timezone)
        except ValueError as exc:
            fail(f"--timezone: {exc}", EXIT_USAGE)
    if files.count("-") > 1:
        fail("'-' (stdin) can be given once", EXIT_USAGE)

    problems, outcomes = import_files(files, sys.stdin.buffer, tenders_dir(tenders), zone=timezone, dry_run=dry_run)
    _report(problems, outcomes, dry_run=dry_run, json=json)


def _report(notes: list[Problem], outcomes: list[Outcome], *, dry_run: bool, json: bool) -> None:
    """The import's output, OCDS or eForms alike; exit 1 when any input or tender failed."""
    failed = any(n.level == "error" for n in notes) or any(o.action == "failed" for o in outcomes)
    if json:
        print_json(
            {
                "status": "failed" if failed else "ok",
                "dry_run": dry_run,
                "tenders": [
                    o.to_json() | ({"content": o.text} if dry_run and o.text else {}) | ({"diff": o.diff} if dry_run and o.diff else {})
                    for o in outcomes
                ],
                "problems": [p.to_json() for p in notes],
            }
        )
    else:
        _print_import(notes, outcomes, dry_run)
    if failed:
        raise typer.Exit(EXIT_FINDINGS)


def _print_import(notes: list[Problem], outcomes: list[Outcome], dry_run: bool) -> None:
    from rich.markup import escape  # lazy: rich (40 ms) only to print

    err = console(stderr=True)
    out = console()
    for note in notes:
        err.print(f"[{'red' if note.level == 'error' else 'yellow'}]{escape(str(note))}[/]", soft_wrap=True)
    verb = {"created": "would create" if dry_run else "created", "updated": "would update" if dry_run else "updated"}
    counts: dict[str, int] = {}
    for outcome in outcomes:
        for note in outcome.notes:
            err.print(f"[yellow]{escape(str(note))}[/]", soft_wrap=True)
        counts[outcome.action] = counts.get(outcome.action, 0) + 1
        unit = "release" if outcome.origin == "ocds" else "notice"
        releases = f"{outcome.releases} {unit}{'s' if outcome.releases != 1 else ''}"
        if outcome.action == "failed":
            err.print(f"[red]failed[/] {escape(outcome.reference)} ({escape(outcome.ocid)}): {escape(outcome.error)}", soft_wrap=True)
            for problem in outcome.problems:
                err.print(f"  [red]{escape(str(problem))}[/]", soft_wrap=True)
            continue
        label = verb.get(outcome.action, outcome.action)
        out.print(f"[bold]{label}[/] {escape(outcome.path)} [dim]({escape(outcome.reference)}, {releases})[/]", soft_wrap=True)
        for change in outcome.changes:
            mark = "[bold red]![/]" if change.headline else "-"
            text = escape(change.describe())
            out.print(f"  {mark} {f'[bold]{text}[/]' if change.headline else text}", soft_wrap=True)
        if outcome.action == "updated" and not outcome.changes:
            out.print(f"  - no tender changes; the import record (extensions.{outcome.origin}) is refreshed", soft_wrap=True)
        if dry_run and outcome.action == "created":
            out.print(escape(outcome.text), soft_wrap=True, end="")
        elif dry_run and outcome.diff:
            out.print(escape(outcome.diff), soft_wrap=True, end="")
    summary = ", ".join(f"{n} {verb.get(a, a)}" for a, n in counts.items()) or "nothing imported"
    warnings = sum(1 for n in notes if n.level == "warning") + sum(len(o.notes) for o in outcomes)
    tail = f"; {warnings} warning{'s' if warnings != 1 else ''} (above, on stderr)" if warnings else ""
    err.print(f"{summary}{tail}", soft_wrap=True)


@import_app.command(
    "eforms",
    epilog=(
        "Examples:\n\n  tenderctl import eforms notice.xml\n\n"
        "  tenderctl import eforms downloads/ --lang fr --dry-run\n\n"
        "  tenderctl import eforms change-notice.xml   # moves the deadlines of the tender it changes\n\n"
        "  curl -s https://example.org/notice.xml | tenderctl import eforms - --json"
    ),
)
def import_eforms(
    files: Annotated[list[str], typer.Argument(help="eForms XML notices, folders of them (*.xml), or '-' for stdin.")],
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the texts, e.g. en, fr, DEU (default: the first submission language, then English); others go to notes.",
            show_default=False,
        ),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            "--timezone",
            help="IANA zone for new tenders (default: the buyer's country's zone, from the tz database).",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Show what would be written (new files in full, updates as a diff); write nothing.")
    ] = False,
    tenders: TendersOption = None,
    json: JsonOption = False,
) -> None:
    """Import EU contract notices in eForms XML (TED): one tender file per procedure.

    Reference: the procedure's internal identifier (BT-22), else the procedure identifier (BT-04).
    Lots are milestones of the one tender (per lot when their deadlines differ). Dates keep their
    exact instant; the zone is the buyer's country's, with a warning where an offset does not match.
    A change notice, or importing again, updates the tender in place (moved deadlines first) and
    keeps your steps, checks, status, notes and comments. Prior information and award notices are
    not calls for tenders: nothing is imported from them.
    Exit 0 when every notice was imported (warnings allowed), 1 when any input failed, 2 usage error.
    """
    from tenderctl.interop.eforms import import_files, language_code  # lazy: pulls lxml and the OCDS writer (200+ ms) into every command
    from tenderctl.tenders.loader import tenders_dir  # lazy: the loader (60 ms, pydantic) is not for --help
    from tenderctl.tenders.timeline import get_zone  # lazy: the zone database (60 ms) is not for --help

    if timezone:
        try:
            get_zone(timezone)
        except ValueError as exc:
            fail(f"--timezone: {exc}", EXIT_USAGE)
    code = None
    if lang:
        try:
            code = language_code(lang)
        except ValueError as exc:
            fail(f"--lang: {exc}", EXIT_USAGE)
    if files.count("-") > 1:
        fail("'-' (stdin) can be given once", EXIT_USAGE)
    problems, outcomes = import_files(files, sys.stdin.buffer, tenders_dir(tenders), lang=code, zone=timezone, dry_run=dry_run)
    _report(problems, outcomes, dry_run=dry_run, json=json)


@app.command(
    "export",
    epilog=(
        "Examples:\n\n  tenderctl export --format csv --out deadlines.csv\n\n"
        "  tenderctl export --format ocds --out tenders.ocds.json\n\n"
        "  tenderctl export --format json RFPS-NYH-2025-503831 | jq .tenders[0].tender.dates"
    ),
)
def export(
    references: Annotated[
        list[str] | None, typer.Argument(help="Only these tenders (references) (default: all).", show_default=False)
    ] = None,
    format_: Annotated[
        str, typer.Option("--format", "-f", help="csv (a row per milestone), json (the full model) or ocds (a release package).")
    ] = "csv",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")] = False,
    no_extension: Annotated[
        bool,
        typer.Option(
            "--no-extension",
            help="OCDS only: leave out tender.tenderctl (steps, checks, tips, experts, tags...); notes still become the description.",
        ),
    ] = False,
    tenders: TendersOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Export tenders as CSV for spreadsheets, JSON for scripts, or an OCDS 1.1 release package.

    CSV: one row per milestone with start_utc/due_utc (ISO 8601, UTC), local (the tender's
    own zone) and all_day; written as UTF-8 with a BOM to a file so spreadsheets read accents.
    OCDS: validates against the OCDS 1.1 release package schema; steps, checks and every
    other tenderctl field travel in tender.tenderctl, so `tenderctl import ocds` restores them.
    Invalid tender files are named on stderr (and in `problems` with --format json) and the exit code is 1.
    """
    from tenderctl.errors import TenderctlError  # lazy: cli modules import only typer at the top (cli/common.py)
    from tenderctl.interop.export import check_export_options, export_tenders  # lazy: the loader and summaries, for export only

    try:
        check_export_options(format_, carry=not no_extension, out=out, force=force)
    except TenderctlError as exc:
        fail(str(exc), exc.exit_code)
    result = load(tenders, no_cache)
    chosen: list[Any] = list(result.tenders)
    if references:
        chosen = [find_or_fail(result, reference) for reference in references]
    try:
        data = export_tenders(chosen, format_, now=datetime.now(UTC), carry=not no_extension, out=out, force=force, left_out=result.errors)
    except TenderctlError as exc:
        fail(str(exc), exc.exit_code)
    if out is None:
        sys.stdout.flush()
        if hasattr(sys.stdout, "buffer"):
            sys.stdout.buffer.write(data)  # bytes as they are: CRLF line ends survive
        else:  # pragma: no cover - a text-only stdout
            sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
    else:
        console(stderr=True).print(f"wrote {len(chosen)} tender{'s' if len(chosen) != 1 else ''} to {out} ({format_})", soft_wrap=True)
    report_bad_files(result)
    if not result.ok:
        raise typer.Exit(EXIT_FINDINGS)
