"""``tenderctl check FOLDER --tender REF --format json`` without typer or rich (issue 17).

On one large PDF the workers read on both cores while this process loads the tender and the
rules; everything this process does besides competes with them for those two cores, and
importing typer, rich and the CLI modules was a third of it. For JSON output this module parses
``check``'s options itself and makes the same core calls as :func:`tenderctl.cli.check.check`
(the same tender lookup, the reading the entry point started, :func:`checklist_for`,
:func:`run_checks`, :func:`render_json`), so stdout, stderr and the exit code are the full
path's, byte for byte.

Anything else it hands back (``run`` returns None) before writing a byte, and the full CLI runs
as if this module did not exist: text or Markdown output, an option it does not know (``--trust``,
``--help``, a typo, a repeated option), a value the full path would refuse (its message is the one
users see), a missing tenders folder or an unknown tender, a progress bar to draw (stderr is a
terminal), a tender naming a rule nobody registered (its message goes through rich). That last
one is only known once the files are read; the full path then reads them again.
``TENDERCTL_NO_FASTPATH=1`` turns it off (the tests compare both paths).
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path

from tenderctl.errors import TenderctlError
from tenderctl.interrupts import caused_by_interrupt

VALUED = {
    "--tender": "tender",
    "-t": "tender",
    "--format": "format",
    "-f": "format",
    "--timeout": "timeout",
    "--tenders": "tenders",
    "-T": "tenders",
}
FLAGS = {"--json": "json", "--strict": "strict", "--no-cache": "no_cache"}


class Fallback(Exception):
    """This run is for the full CLI."""


def parse(argv: list[str]) -> dict[str, str | bool]:
    """``check FOLDER [options]`` with only the options this path knows, each at most once."""
    if len(argv) < 2 or argv[0] != "check" or argv[1].startswith("-") or not argv[1]:
        raise Fallback
    options: dict[str, str | bool] = {"proposal": argv[1]}
    words = argv[2:]
    index = 0
    while index < len(words):
        word = words[index]
        name, has_value, value = word.partition("=") if word.startswith("--") else (word, "", "")
        given: str | bool
        if name in FLAGS and not has_value:
            key, given = FLAGS[name], True
        elif name in VALUED:
            if not has_value:
                if index + 1 >= len(words):
                    raise Fallback
                index += 1
                value = words[index]
            if not value or value.startswith("-"):
                raise Fallback  # the full path decides what an odd value means
            key, given = VALUED[name], value
        else:
            raise Fallback  # --trust, --help, "--", a second folder, "-tREF", a typo
        if key in options:
            raise Fallback  # repeated: the full path's rules
        options[key] = given
        index += 1
    if "tender" not in options:
        raise Fallback
    return options


def run(argv: list[str]) -> int | None:
    """Run ``tenderctl check`` for ``argv`` (without the program name): its exit code, or None
    for the full path (nothing written then)."""
    if os.environ.get("TENDERCTL_NO_FASTPATH"):
        return None
    try:
        return _run(argv)
    except Fallback:
        return None
    except TenderctlError as exc:  # as tenderctl.cli.main says it
        sys.stderr.write(f"error: {exc}\n")
        return exc.exit_code
    except OSError as exc:  # a full disk, an unreadable cache: as tenderctl.cli.main says it
        if caused_by_interrupt(exc):
            raise  # the entry point says "interrupted", exit 130
        where = f"{exc.filename}: " if exc.filename else ""
        sys.stderr.write(f"error: {where}{exc.strerror or exc}\n")
        return 1


def _run(argv: list[str]) -> int:
    options = parse(argv)
    fmt = "json" if options.get("json") else str(options.get("format", "text"))
    if fmt != "json":
        raise Fallback  # text (rich) and markdown: the full path
    proposal = Path(str(options["proposal"]))
    try:
        timeout = float(str(options.get("timeout", "60.0")))
    except ValueError:
        raise Fallback from None
    if not proposal.is_dir() or not math.isfinite(timeout) or timeout <= 0:
        raise Fallback  # the full path's usage errors
    err = sys.stderr
    if not os.environ.get("TENDERCTL_NO_PROGRESS") and hasattr(err, "isatty") and err.isatty():
        raise Fallback  # the progress bar is rich's
    from tenderctl.tenders.loader import load_paths, tenders_dir  # lazy: options first (a fallback never needs it)

    tenders = options.get("tenders")
    root = tenders_dir(Path(str(tenders)) if tenders else None)
    if not root.is_dir():
        raise Fallback
    no_cache = bool(options.get("no_cache"))
    loaded = load_paths(None, tenders=root, use_cache=not no_cache).find(str(options["tender"]))
    if loaded is None:
        raise Fallback  # the full path names the nearest references and the invalid files
    from tenderctl.checks.checklist import checklist_for  # lazy: options first, as above
    from tenderctl.checks.engine import load_rules, run_checks  # lazy: options first, as above
    from tenderctl.documents.folder import FolderReading, claim_early  # lazy: options first, as above

    reading = claim_early(proposal, timeout=timeout) or FolderReading(proposal, timeout=timeout).start()
    try:
        checklist = checklist_for(loaded, use_cache=not no_cache)
        load_rules()
        documents = reading.finish(patterns=dict(checklist.documents) or None)
    finally:
        reading.cancel()
    report = run_checks(checklist, documents, proposal, trust_roots=None, timeout=timeout)
    if report.unknown_rules:
        raise Fallback  # its stderr line is rich's
    from tenderctl.report.check_json import render_json  # lazy: options first, as above

    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("_", "-")
    sys.stdout.write(render_json(report, indent=2 if sys.stdout.isatty() else None, ascii_only=not encoding.startswith("utf")))
    return report.exit_code(bool(options.get("strict")))
