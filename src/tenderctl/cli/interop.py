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
    report_bad_files,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from tenderctl.interop.ocds import Outcome, ProblemSink

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
    from tenderctl.interop.ocds import stream_files  # lazy: every command loads this module (cli._register); the OCDS import is 100+ ms
    from tenderctl.tenders.loader import tenders_dir  # lazy: the loader (60 ms, pydantic) is not for --help
    from tenderctl.tenders.timeline import get_zone  # lazy: the zone database (60 ms) is not for --help

    if timezone:
        try:
            get_zone(timezone)
        except ValueError as exc:
            fail(f"--timezone: {exc}", EXIT_USAGE)
    if files.count("-") > 1:
        fail("'-' (stdin) can be given once", EXIT_USAGE)

    folder = tenders_dir(tenders)
    _run_import(
        lambda sink: stream_files(files, sys.stdin.buffer, folder, problems=sink, zone=timezone, dry_run=dry_run),
        dry_run=dry_run,
        json=json,
    )


def _run_import(stream: Callable[[ProblemSink], Iterable[Outcome]], *, dry_run: bool, json: bool) -> None:
    """The import's output, OCDS or eForms alike, written as the import goes (each problem and
    each tender as soon as it is known); exit 1 when any input or tender failed."""
    from tenderctl.cli.import_output import ImportOutput  # lazy: the renderer, only for an import

    output = ImportOutput(dry_run=dry_run, json=json)
    for outcome in stream(output):
        output.outcome(outcome)
    if output.finish():
        raise typer.Exit(EXIT_FINDINGS)


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
    from tenderctl.interop.eforms import language_code, stream_files  # lazy: pulls lxml and the OCDS writer (200+ ms) into every command
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
    folder = tenders_dir(tenders)
    _run_import(
        lambda sink: stream_files(files, sys.stdin.buffer, folder, problems=sink, lang=code, zone=timezone, dry_run=dry_run),
        dry_run=dry_run,
        json=json,
    )


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
