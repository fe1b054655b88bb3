"""Commands for the proposal checklist: ``check`` and ``rules``."""

from __future__ import annotations

import difflib
import os
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tenderctl.cli import app
from tenderctl.cli.common import (
    EXIT_USAGE,
    JsonOption,
    NoCacheOption,
    TendersOption,
    console,
    escape,
    fail,
    find_or_fail,
    load,
    print_json,
    stdout_is_unicode,
)

if TYPE_CHECKING:
    from tenderctl.checks.checklist import Checklist
    from tenderctl.documents.folder import FolderReading
    from tenderctl.documents.model import Document

FORMATS = ("text", "json", "markdown")


@app.command(
    epilog=(
        "Examples:\n\n  tenderctl check examples/proposal --tender RFPS-NYH-2025-503831\n\n"
        "  tenderctl check ./bid --tender RFPS-NYH-2025-503831 --format markdown > report.md\n\n"
        "  tenderctl check ./bid --tender RFPS-NYH-2025-503831 --json --strict\n\n"
        "  tenderctl check ./bid --tender RFPS-NYH-2025-503831 --trust roots.pem\n\n"
        "Exit codes: 0 nothing failed, 1 a rule failed (--strict: also a warning or an unverified check), 2 usage error."
    ),
)
def check(
    proposal: Annotated[Path, typer.Argument(help="The proposal folder (read only: nothing in it is changed).", show_default=False)],
    tender: Annotated[
        str, typer.Option("--tender", "-t", help="The tender's reference (or its file name without .yaml).", show_default=False)
    ],
    format: Annotated[str, typer.Option("--format", "-f", help="Output: text, json or markdown.")] = "text",
    json: JsonOption = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings and unverified checks too, not only on failures.")] = False,
    trust: Annotated[
        Path | None,
        typer.Option(
            "--trust", help="PEM file of trusted root certificates: also judge whom digital signatures chain to.", show_default=False
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds allowed to read one file before it is given up as unreadable.")
    ] = 60.0,
    tenders: TendersOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Check a proposal folder against a tender's checklist: signature, no prices, CVs, files...

    Each file is classified (technical, financial, CV, other) from its name and first page,
    read in a worker with time and memory bounds, and every rule in the tender's `checks:`
    runs on the files of its roles. A check that cannot see (scan, encrypted or broken file)
    says `unverified`, never `pass`.
    """
    if json:
        format = "json"
    if format not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}, not {format!r}", EXIT_USAGE)
    if not proposal.exists():
        fail(f"{proposal}: no such folder", EXIT_USAGE)
    if not proposal.is_dir():
        fail(f"{proposal}: not a folder (pass the folder holding the proposal's files)", EXIT_USAGE)
    if trust is not None and not trust.is_file():
        fail(f"--trust {trust}: no such file (give a PEM file of root certificates)", EXIT_USAGE)
    if timeout <= 0:
        fail("--timeout must be a positive number of seconds", EXIT_USAGE)
    from tenderctl.documents.folder import FolderReading, claim_early  # lazy: documents.folder (+70 ms) on --help, cold deadlines

    # The files are read in worker processes while this process loads the tender and the rules
    # (the entry point may have started already, before the command line was parsed).
    reading = claim_early(proposal, timeout=timeout) or FolderReading(proposal, timeout=timeout).start()
    try:
        loaded = find_or_fail(load(tenders, no_cache), tender)  # exit 1, as every command for an unknown tender
        from tenderctl.checks.checklist import checklist_for  # lazy: checks.checklist (+11 ms) on --help, cold deadlines
        from tenderctl.checks.engine import load_rules, run_checks  # lazy: checks.engine (+58 ms) on --help, cold deadlines

        checklist = checklist_for(loaded, use_cache=not no_cache)
        load_rules()
        documents = _finish(reading, checklist)
    finally:
        reading.cancel()
    report = run_checks(checklist, documents, proposal, trust_roots=trust, timeout=timeout)

    from tenderctl.report import clean  # lazy: report (+3 ms) on --help

    if format == "json":
        from tenderctl.report.check_json import render_json  # lazy: report.check_json (+7 ms) on --help, cold deadlines, check

        sys.stdout.write(render_json(report, indent=2 if sys.stdout.isatty() else None, ascii_only=not stdout_is_unicode()))
    elif format == "markdown":
        from tenderctl.report.check_markdown import render_markdown  # lazy: report.check_markdown (+16 ms) on --help, cold deadlines, check

        sys.stdout.write(render_markdown(report))
    else:
        from tenderctl.report.check_text import render_text  # lazy: report.check_text (+8 ms) on --help, cold deadlines

        render_text(report, console())
    for name in report.unknown_rules:
        console(stderr=True).print(
            f"[red]error:[/] {escape(clean(loaded.path))}: unknown rule {escape(clean(repr(name)))} in checks (see the report; `tenderctl rules` lists them)",
            soft_wrap=True,
        )
    raise typer.Exit(report.exit_code(strict))


def _finish(reading: FolderReading, checklist: Checklist) -> list[Document]:
    """Wait for the files, with a progress bar on a terminal (stderr), none when piped or in tests."""
    patterns = dict(checklist.documents) or None
    err = sys.stderr
    if os.environ.get("TENDERCTL_NO_PROGRESS") or not (hasattr(err, "isatty") and err.isatty()):
        return reading.finish(patterns=patterns)
    # lazy: rich (+20 ms) on --help, cold deadlines, check
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("Reading files"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console(stderr=True), transient=True
    ) as bar:
        task = bar.add_task("read", total=None)

        def progress(done: int, total: int, *_: Any) -> None:
            bar.update(task, completed=done, total=total)

        return reading.finish(patterns=patterns, progress=progress)


@app.command(
    epilog="Examples:\n\n  tenderctl rules\n\n  tenderctl rules no-financials\n\n  tenderctl rules --json",
)
def rules(
    name: Annotated[str | None, typer.Argument(help="Show only this rule.", show_default=False)] = None,
    json: JsonOption = False,
) -> None:
    """Every checklist rule a tender's `checks:` can name: what it checks, its options, an example."""
    from tenderctl.checks.engine import load_rules  # lazy: checks.engine (+40 ms) on --help, cold deadlines

    registry = load_rules()
    specs = sorted(registry.values(), key=lambda s: s.name)
    if name is not None:
        if name not in registry:
            near = difflib.get_close_matches(name, list(registry), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else f" (rules: {', '.join(sorted(registry))})"
            fail(f"no rule named {name!r}{hint}", EXIT_USAGE)
        specs = [registry[name]]
    if json:
        # an object, never a bare list (as every listing): room for more keys beside the rows
        print_json(
            {
                "rules": [
                    {"name": s.name, "summary": s.summary, "documents": list(s.default_documents), "params": s.params, "doc": s.doc}
                    for s in specs
                ]
            }
        )
        return
    out = console()
    for index, spec in enumerate(specs):
        if index:
            out.print()
        out.print(f"[bold]{escape(spec.name)}[/]  [dim](default documents: {', '.join(spec.default_documents)})[/]")
        out.print(escape(_indent(spec.doc)))
        if spec.params:
            out.print("\n  [bold]Options[/]")
            for key, text in spec.params.items():
                out.print(f"    [cyan]{escape(key)}[/]: {escape(text)}")


def _indent(doc: str) -> str:
    lines = doc.splitlines()
    head, rest = lines[:1], textwrap.dedent("\n".join(lines[1:]))
    return textwrap.indent("\n".join([*head, *rest.splitlines()]), "  ")
