"""Markdown rendering: a report to paste into an e-mail, a ticket or a pull request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tenderctl.checks.registry import Evidence
from tenderctl.report import STATUS_LABEL, clean, failed_rule_names, shown_evidence, verdict

if TYPE_CHECKING:
    from tenderctl.checks.engine import Report

_ICON = {"pass": "✅", "fail": "❌", "warn": "⚠️", "unverified": "❔", "skipped": "➖"}


def _cell(text: object) -> str:
    """Table-safe: control characters escaped, pipes escaped, newlines folded."""
    return clean(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def render_markdown(report: Report) -> str:
    lines = [
        f"# Proposal check: {_cell(report.tender)}",
        "",
        f"*{_cell(report.title)}*",
        "",
        f"- Proposal folder: `{_cell(report.proposal)}`",
        f"- Verdict: **{verdict(report.status, failed_rule_names(list(report.results)), report.checks_defined)}**",
        "- Counts: " + ", ".join(f"{n} {s}" for s, n in report.counts().items() if n),
        "",
        "## Checks",
        "",
        "| Rule | Status | Severity | Finding | Evidence |",
        "| --- | --- | --- | --- | --- |",
    ]
    for result in report.results:
        items = [e for e in shown_evidence(result) if isinstance(e, Evidence)]
        evidence = "<br>".join(
            _cell(f"{e.file}" + (f" p.{e.page}" if e.page else "") + (f": “{e.excerpt}”" if e.excerpt else "")) for e in items[:10]
        )
        if len(items) > 10:
            evidence += f"<br>… {len(items) - 10} more"
        status = result.status.value
        lines.append(
            f"| `{_cell(result.rule)}` | {_ICON[status]} {STATUS_LABEL[status]} | {_cell(result.severity)} | {_cell(result.message)} | {evidence} |"
        )
    tips = []
    for result in report.results:
        if result.tip and result.status.value in ("fail", "warn", "unverified") and (result.rule, result.tip) not in tips:
            tips.append((result.rule, result.tip))
    if tips:
        lines += ["", "## Tips from the tender", ""]
        lines += [f"- **{_cell(rule)}**: {_cell(tip)}" for rule, tip in tips]
    lines += ["", "## Files", "", "| File | Role | Format | Pages | Readable | Notes |", "| --- | --- | --- | --- | --- | --- |"]
    for f in report.files:
        lines.append(
            f"| `{_cell(f.path)}` | {f.role} | {f.format} | {f.pages if f.pages is not None else '–'} | "
            f"{'partly' if f.readable and not f.complete else 'yes' if f.readable else 'no'} | {_cell('; '.join(f.notes))} |"
        )
    return "\n".join(lines) + "\n"
