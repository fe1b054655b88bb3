"""The output of ``import ocds`` and ``import eforms``, written as the import goes.

The import core hands over each problem as it finds it (:meth:`ImportOutput.append`, a
``ProblemSink``) and each tender's outcome as it is written (:meth:`ImportOutput.outcome`);
nothing is kept here but counts, so the output of ten thousand notices costs no more memory
than that of one. Text: problems and warnings on stderr, one line each, a line per tender on
stdout, the summary on stderr at the end. ``--json``: the one documented document
(``tenderctl schema --output import``), written as it goes: ``dry_run``, then each tender of
``tenders`` as it is done, then ``problems``, then ``status`` (known only at the end). Problems
wait in a spooled temporary file (memory up to 1 MiB, then disk) until ``tenders`` is closed.
"""

from __future__ import annotations

import json
import sys
import tempfile
from typing import TYPE_CHECKING, Any

from tenderctl.cli.common import console, stdout_is_unicode

if TYPE_CHECKING:
    from rich.console import Console

    from tenderctl.errors import Problem
    from tenderctl.interop.ocds import Outcome

SPOOL_IN_MEMORY = 1 << 20
"""Bytes of JSON problems held in memory before they go to a temporary file."""


class ImportOutput:
    """One import's output; :meth:`finish` closes it and says whether the import failed (exit 1)."""

    def __init__(self, *, dry_run: bool, json: bool) -> None:
        self.dry_run = dry_run
        self.json = json
        self.failed = False
        self.warnings = 0
        self.counts: dict[str, int] = {}
        self._tenders = 0
        self._verb = {"created": "would create" if dry_run else "created", "updated": "would update" if dry_run else "updated"}
        self._err: Console | None = None
        self._out: Console | None = None
        self._spool: Any = None
        self._problems = 0
        if json:
            self._indent = sys.stdout.isatty()  # indented for a person at a terminal, as print_json
            self._ascii = not stdout_is_unicode()
            self._spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY, mode="w+", encoding="utf-8")  # noqa: SIM115 - closed by finish()
            flag = "true" if dry_run else "false"
            sys.stdout.write(f'{{\n  "dry_run": {flag},\n  "tenders": [' if self._indent else f'{{"dry_run": {flag}, "tenders": [')
        else:
            self._err = console(stderr=True)
            self._out = console()

    # -- what the core hands over -------------------------------------------------------------------

    def append(self, problem: Problem, /) -> None:
        """A problem found while reading (the ``ProblemSink`` of the import core)."""
        if problem.level == "error":
            self.failed = True
        else:
            self.warnings += 1
        if self._spool is not None:
            self._spool.write(json.dumps(problem.to_json(), ensure_ascii=self._ascii, default=str) + "\n")
            self._problems += 1
            return
        self._print_problem(problem, "red" if problem.level == "error" else "yellow")

    def outcome(self, outcome: Outcome) -> None:
        """One tender imported (or failed, or planned with ``--dry-run``)."""
        self.counts[outcome.action] = self.counts.get(outcome.action, 0) + 1
        self.warnings += len(outcome.notes)
        if outcome.action == "failed":
            self.failed = True
        if self._spool is not None:
            self._write_tender(outcome)
        else:
            self._print_outcome(outcome)

    def finish(self) -> bool:
        """Close the output (the JSON document, or the summary line); True when the import failed."""
        if self._spool is not None:
            self._finish_json()
        else:
            self._print_summary()
        return self.failed

    # -- JSON ------------------------------------------------------------------------------------------

    def _item(self, data: Any, first: bool) -> None:
        if self._indent:
            text = json.dumps(data, indent=2, ensure_ascii=self._ascii, default=str).replace("\n", "\n    ")
            sys.stdout.write(f"{'' if first else ','}\n    {text}")
        else:
            sys.stdout.write(f"{'' if first else ', '}{json.dumps(data, ensure_ascii=self._ascii, default=str)}")

    def _write_tender(self, outcome: Outcome) -> None:
        data = outcome.to_json()
        if self.dry_run and outcome.text:
            data["content"] = outcome.text
        if self.dry_run and outcome.diff:
            data["diff"] = outcome.diff
        self._item(data, self._tenders == 0)
        self._tenders += 1

    def _finish_json(self) -> None:
        sep = ",\n  " if self._indent else ", "
        close = "\n  ]" if self._indent else "]"
        sys.stdout.write(f'{close if self._tenders else "]"}{sep}"problems": [')
        spool, self._spool = self._spool, None
        try:
            spool.seek(0)
            for n, line in enumerate(spool):
                if self._indent:
                    self._item(json.loads(line), n == 0)
                else:
                    sys.stdout.write(f"{', ' if n else ''}{line.rstrip(_NL)}")
        finally:
            spool.close()
        status = json.dumps("failed" if self.failed else "ok")
        sys.stdout.write(f'{close if self._problems else "]"}{sep}"status": {status}{_NL if self._indent else ""}}}\n')

    # -- text ------------------------------------------------------------------------------------------

    def _print_problem(self, problem: Problem | str, colour: str, indent: str = "") -> None:
        from rich.markup import escape  # lazy: rich (40 ms) only to print

        assert self._err is not None
        self._err.print(f"{indent}[{colour}]{escape(str(problem))}[/]", soft_wrap=True)

    def _print_outcome(self, outcome: Outcome) -> None:
        from rich.markup import escape  # lazy: rich (40 ms) only to print

        assert self._err is not None and self._out is not None
        for note in outcome.notes:
            self._print_problem(note, "yellow")
        if outcome.action == "failed":
            self._err.print(f"[red]failed[/] {escape(outcome.reference)} ({escape(outcome.ocid)}): {escape(outcome.error)}", soft_wrap=True)
            for problem in outcome.problems:
                self._print_problem(problem, "red", "  ")
            return
        unit = "release" if outcome.origin == "ocds" else "notice"
        releases = f"{outcome.releases} {unit}{'s' if outcome.releases != 1 else ''}"
        label = self._verb.get(outcome.action, outcome.action)
        self._out.print(f"[bold]{label}[/] {escape(outcome.path)} [dim]({escape(outcome.reference)}, {releases})[/]", soft_wrap=True)
        for change in outcome.changes:
            mark = "[bold red]![/]" if change.headline else "-"
            text = escape(change.describe())
            self._out.print(f"  {mark} {f'[bold]{text}[/]' if change.headline else text}", soft_wrap=True)
        if outcome.action == "updated" and not outcome.changes:
            self._out.print(f"  - no tender changes; the import record (extensions.{outcome.origin}) is refreshed", soft_wrap=True)
        if self.dry_run and outcome.action == "created":
            self._out.print(escape(outcome.text), soft_wrap=True, end="")
        elif self.dry_run and outcome.diff:
            self._out.print(escape(outcome.diff), soft_wrap=True, end="")

    def _print_summary(self) -> None:
        assert self._err is not None
        summary = ", ".join(f"{n} {self._verb.get(a, a)}" for a, n in self.counts.items()) or "nothing imported"
        tail = f"; {self.warnings} warning{'s' if self.warnings != 1 else ''} (above, on stderr)" if self.warnings else ""
        self._err.print(f"{summary}{tail}", soft_wrap=True)


_NL = "\n"
