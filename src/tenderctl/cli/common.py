"""What every command shares: options, consoles, problem printing, exit codes.

Nothing heavy is imported at module level: ``tenderctl --help`` must stay as quick as a
bare typer app, so rich, pydantic and the core are imported inside the functions.
"""

from __future__ import annotations

import difflib
import json
import os
import select
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from datetime import timedelta, tzinfo

    from rich.console import Console
    from rich.table import Table

    from tenderctl.errors import Problem
    from tenderctl.tenders.loader import LoadedTender, LoadResult

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

_color_choice = "auto"

TendersOption = Annotated[
    Path | None,
    typer.Option(
        "--tenders",
        "-T",
        envvar="TENDERCTL_TENDERS",
        help="Folder of tender files (default: ./tenders).",
        show_default=False,
    ),
]
TzOption = Annotated[
    str | None,
    typer.Option("--tz", help="Show times in this IANA zone, e.g. Asia/Kolkata (default: this machine's zone).", show_default=False),
]


def complete_reference(incomplete: str) -> list[str]:
    """Shell completion of tender references, from the tenders folder's cached summaries.

    Completion runs on every Tab: it reads the loader's cache (warm: no YAML) and never
    prints an error; a broken folder completes nothing.
    """
    try:
        from tenderctl.tenders.loader import load_paths  # lazy: tenders.loader (+25 ms) on --help

        result = load_paths(None, summaries_only=True)
    except Exception:  # a completion must never print a traceback into the user's shell
        return []
    wanted = incomplete.casefold()
    return sorted(t.reference for t in result.tenders if t.reference.casefold().startswith(wanted))


ReferenceArgument = Annotated[
    str,
    typer.Argument(help="The tender's reference (or its file name without .yaml).", autocompletion=complete_reference, show_default=False),
]

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Ignore and do not update the cache of validated files.")]


def set_color(choice: str) -> None:
    global _color_choice
    _color_choice = choice


def _color_system(stream: Any) -> dict[str, Any]:
    choice = _color_choice
    if choice == "auto" and not os.environ.get("NO_COLOR"):
        from tenderctl.config import settings  # lazy: config (+9 ms) on --help, check

        choice = settings().color or "auto"
    if choice == "never" or (choice == "auto" and os.environ.get("NO_COLOR")):
        return {"no_color": True, "color_system": None}
    if choice == "always":
        return {"force_terminal": True}
    return {}


def console(stderr: bool = False) -> Console:
    """A rich console: colour only on a terminal, never with NO_COLOR or --color never."""
    from rich.console import Console  # lazy: rich (+25 ms) on every command module's import, e.g. a quiet `ics -o`

    stream = sys.stderr if stderr else sys.stdout
    options = _color_system(stream)
    isatty = getattr(stream, "isatty", None)
    if not (isatty and isatty()) and not os.environ.get("COLUMNS"):
        options["width"] = 160  # piped output: do not squeeze tables into 80 columns
    return Console(file=stream, highlight=False, soft_wrap=False, **options)


def escape(text: str) -> str:
    """rich's markup escape, for text printed through a console (rich imported on first use)."""
    from rich.markup import escape as markup_escape  # lazy: rich, as in console()

    return markup_escape(text)


def new_table(**options: Any) -> Table:
    """A rich table (rich imported on first use, as in :func:`console`)."""
    from rich.table import Table  # lazy: rich, as in console()

    return Table(**options)


def print_problems(problems: Iterable[Problem]) -> None:
    """One line per problem on stderr: ``path:line:col: field: message (hint)``."""
    err = console(stderr=True)
    for problem in problems:
        style = "yellow" if problem.level.value == "warning" else "red"
        err.print(f"[{style}]{escape(str(problem))}[/]", soft_wrap=True)


def fail(message: str, code: int = EXIT_FINDINGS) -> NoReturn:
    console(stderr=True).print(f"[red]error:[/] {escape(message)}", soft_wrap=True)
    raise typer.Exit(code)


def load(tenders: Path | None, no_cache: bool = False, paths: list[Path] | None = None, *, summaries_only: bool = False) -> LoadResult:
    from tenderctl.tenders.loader import load_paths, tenders_dir  # lazy: tenders.loader (+24 ms) on --help

    root = tenders_dir(tenders)
    if not paths and not root.is_dir():
        fail(f"{root}: no tenders folder here (pass --tenders DIR, set TENDERCTL_TENDERS, or run `tenderctl new`)")
    return load_paths(paths or None, tenders=root, use_cache=not no_cache, summaries_only=summaries_only)


def report_bad_files(result: LoadResult) -> None:
    """Errors only (warnings belong to `validate`), so listings stay readable."""
    errors = result.errors
    if errors:
        print_problems(errors)
        files = result.bad_files
        console(stderr=True).print(
            f"[red]{len(files)} invalid tender file{'s' if len(files) != 1 else ''} left out[/] (run `tenderctl validate` for details)",
            soft_wrap=True,
        )


def find_or_fail(result: LoadResult, reference: str, code: int = EXIT_FINDINGS) -> LoadedTender:
    """The tender with ``reference``, else one line with the nearest references and exit ``code``.

    Invalid files are named too: the tender asked for may be the one that failed to load.
    """
    loaded = result.find(reference)
    if loaded is None:
        invalid = result.invalid_file_for(reference)
        if invalid is not None:
            print_problems(p for p in result.errors if p.path == invalid)
            fail(f"tender {reference!r} is in {invalid}, which is invalid: fix the problems above (`tenderctl validate {invalid}`)", code)
        near = result.suggest(reference)
        hint = f" (did you mean {', '.join(near)}?)" if near else " (`tenderctl deadlines --all` lists the references)"
        report_bad_files(result)
        fail(f"no tender with reference {reference!r}{hint}", code)
    return loaded


def pick_zone(name: str | None, tenders: Path | None = None) -> Any:
    """The reader's zone: ``--tz``, else ``$TENDERCTL_TZ``, else the settings files' ``timezone``,
    else this machine's zone (saying once if it fell back). An unknown name exits 2 with the hint."""
    from tenderctl.config import settings  # lazy: config (+9 ms) on --help, check
    from tenderctl.tenders.timeline import get_zone, local_zone_choice  # lazy: tenders.timeline (+19 ms) on --help, check

    if not name:
        name = os.environ.get("TENDERCTL_TZ") or settings(str(tenders) if tenders else None).timezone
    if not name:
        zone, warning = local_zone_choice()
        if warning and not _said(warning):
            sys.stderr.write(f"warning: {warning}\n")
        return zone
    try:
        return get_zone(name)
    except ValueError as exc:
        fail(str(exc), EXIT_USAGE)


_SAID: set[str] = set()


def _said(message: str) -> bool:
    """True if ``message`` was already printed in this run (a warning is said once)."""
    if message in _SAID:
        return True
    _SAID.add(message)
    return False


def now_from(as_of: str | None, zone: tzinfo | None = None) -> datetime:
    """``--as-of`` parsed (naive values read in ``zone``, default this machine's), else now."""
    from tenderctl.tenders.timeparse import parse_instant  # lazy: tenders.timeparse (+9 ms) on --help, check

    zone = zone if zone is not None else pick_zone(None)
    if not as_of:
        return datetime.now(zone)
    try:
        return parse_instant(as_of, zone)
    except ValueError as exc:
        fail(f"--as-of: {exc}", EXIT_USAGE)


def duration_from(option: str, text: str) -> timedelta:
    """A duration option (``7d``, ``36h``, ``1d 4h``) parsed, else one line and exit 2."""
    from tenderctl.tenders.timeparse import parse_duration  # lazy: tenders.timeparse (+6 ms) on --help, check

    try:
        return parse_duration(text)
    except ValueError as exc:
        fail(f"{option}: {exc}", EXIT_USAGE)


def choices(
    option: str, given: list[str] | None, allowed: Sequence[str], groups: Mapping[str, Iterable[str]] | None = None
) -> set[str] | None:
    """Repeatable or comma-separated option values, checked against ``allowed`` (exit 2 otherwise).

    ``groups`` names sets of values (``--status closed`` is won, lost, withdrawn and cancelled).
    A near spelling is suggested only when it is close (a "closed" is not a "lost").
    """
    if not given:
        return None
    groups = groups or {}
    values: set[str] = set()
    for value in {v.strip() for item in given for v in item.split(",") if v.strip()}:
        if value in groups:
            values.update(groups[value])
            continue
        if value not in allowed:
            near = difflib.get_close_matches(value, [*allowed, *groups], n=1, cutoff=0.75)
            names = ", ".join([*allowed, *groups])
            hint = f" (did you mean {near[0]!r}?)" if near else f" (choose from {names})"
            fail(f"{option}: unknown value {value!r}{hint}", EXIT_USAGE)
        values.add(value)
    return values


def print_json(data: Any) -> None:
    # Indented for a person at a terminal; compact (and several times faster: the C
    # encoder only runs without indent) when a script reads it.
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, indent=indent, ensure_ascii=not stdout_is_unicode(), default=str) + "\n")


def stdout_is_unicode() -> bool:
    """Whether stdout can write any character; JSON is escaped to ASCII when it cannot (still exact)."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("_", "-")
    return encoding.startswith("utf")


_PENDING_INPUT = bytearray()


def read_answer(prompt: str) -> str:
    """``input(prompt)`` for the prompts of a terminal, where Ctrl-C is never left waiting.

    ``input()`` writes the prompt, then blocks in ``read()``; a Ctrl-C that lands between the two
    (the user is quick, or the machine is loaded) only sets Python's flag, and the run hangs until
    Enter. Here the wait is ``select`` with a short timeout, so Python checks for a pending
    signal several times a second and the KeyboardInterrupt comes at once.
    """
    try:
        fd = sys.stdin.fileno()
    except (OSError, ValueError):  # no descriptor (a test's in-memory stdin): nothing can be left pending
        fd = -1
    if fd < 0 or not os.isatty(fd):
        return input(prompt)
    sys.stdout.write(prompt)
    sys.stdout.flush()
    while b"\n" not in _PENDING_INPUT:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        chunk = os.read(fd, 4096)
        if not chunk:  # end of input (Ctrl-D)
            if not _PENDING_INPUT:
                raise EOFError
            break
        _PENDING_INPUT.extend(chunk)
    line, _, rest = bytes(_PENDING_INPUT).partition(b"\n")
    _PENDING_INPUT[:] = rest
    return line.rstrip(b"\r").decode(sys.stdin.encoding or "utf-8", "replace")
