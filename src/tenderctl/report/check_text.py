"""Text rendering for people: a table grouped by rule, evidence under each finding, the tip, a verdict."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape as markup_escape
from rich.table import Table

from tenderctl.checks.engine import effective_status
from tenderctl.checks.registry import Evidence
from tenderctl.report import STATUS_LABEL, clean, failed_rule_names, shown_evidence, verdict

if TYPE_CHECKING:
    from rich.console import Console

    from tenderctl.checks.engine import Report

STYLE = {"pass": "green", "fail": "bold red", "warn": "yellow", "unverified": "magenta", "skipped": "dim"}
MAX_EVIDENCE = 8


def render_text(report: Report, console: Console) -> None:
    def escape(text: object) -> str:  # every string that came from a file or the tender
        return markup_escape(clean(text))

    console.print(f"[bold]{escape(report.tender)}[/] [dim]{escape(report.title)}[/]")
    console.print(f"[dim]Proposal:[/] {escape(report.proposal)}")
    table = Table(show_lines=True, expand=False)
    table.add_column("Rule", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Finding and evidence")
    order: list[str] = []
    for result in report.results:
        if result.rule not in order:
            order.append(result.rule)
    for rule in order:
        group = [r for r in report.results if r.rule == rule]
        tip_shown = False
        for index, result in enumerate(group):
            status = result.status.value
            body = escape(result.message)
            evidence = shown_evidence(result)
            for item in evidence[:MAX_EVIDENCE]:
                assert isinstance(item, Evidence)
                place = escape(item.file) + (f" p.{item.page}" if item.page else "")
                quote = f": “{escape(item.excerpt)}”" if item.excerpt else ""
                body += f"\n  [dim]•[/] {place}{quote}"
            if len(evidence) > MAX_EVIDENCE:
                body += f"\n  [dim]… {len(evidence) - MAX_EVIDENCE} more (--format json lists all)[/]"
            if result.tip and status in ("fail", "warn", "unverified") and not tip_shown:
                body += f"\n[italic cyan]Tip: {escape(result.tip)}[/]"
                tip_shown = True
            label = f"{escape(rule)}\n[dim]{escape(result.severity)}[/]" if index == 0 else ""
            # A fail under an advisory severity does not sink the bid: shown in the warning colour.
            style = STYLE[effective_status(result).value]
            table.add_row(label, f"[{style}]{STATUS_LABEL[status]}[/]", body)
    if report.results:
        console.print(table)
    else:
        console.print("The tender lists no checks (add `checks:` to it; `tenderctl rules` lists the rules).")

    files = Table(title="Files", title_justify="left", expand=False)
    for column in ("File", "Role", "Format", "Pages", "Read", "Notes"):
        files.add_column(column, no_wrap=column in ("Role", "Format", "Pages", "Read"))
    for f in report.files:
        read = "[green]yes[/]" if f.readable else "[red]no[/]"
        if f.readable and not f.complete:
            read = "[yellow]partly[/]"
        files.add_row(
            escape(f.path), escape(f.role), escape(f.format), str(f.pages) if f.pages is not None else "–", read, escape("; ".join(f.notes))
        )
    if report.files:
        console.print(files)
    else:
        console.print("[yellow]No files were read from the proposal folder.[/]")
    counts = ", ".join(f"{n} {s}" for s, n in report.counts().items() if n)
    style = STYLE[report.status]
    console.print(
        f"[{style}]{escape(verdict(report.status, failed_rule_names(list(report.results)), report.checks_defined))}[/] [dim]({counts})[/]"
    )
