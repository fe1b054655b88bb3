"""The tenderctl command line: a thin layer over the core library.

Each command group lives in its own module and registers itself on :data:`app`.
Exit codes: 0 ok, 1 findings or invalid input, 2 usage error, 130 interrupted.
"""

from __future__ import annotations

import copy
import importlib
import sys
from typing import Annotated

import typer
from typer.main import get_command_name

from tenderctl import __version__
from tenderctl.cli.common import fail, set_color
from tenderctl.errors import TenderctlError
from tenderctl.interrupts import caused_by_interrupt

app = typer.Typer(
    name="tenderctl",
    help=(
        "Track procurement tenders and self-audit bid proposals.\n\n"
        "Tenders are YAML files under ./tenders (or --tenders DIR, or $TENDERCTL_TENDERS).\n\n"
        "Exit codes: 0 ok, 1 findings or invalid input, 2 usage error."
    ),
    epilog="Examples:  tenderctl deadlines   ·   tenderctl show RFPS-NYH-2025-503831   ·   tenderctl validate",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tenderctl {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
    color: Annotated[
        str,
        typer.Option("--color", help="Colour output: auto (on a terminal, unless NO_COLOR is set), always, never."),
    ] = "auto",
) -> None:

    if color not in ("auto", "always", "never"):
        fail(f"--color must be auto, always or never, not {color!r}", 2)
    set_color(color)


COMMAND_MODULES = ("tenders", "authoring", "check", "calendar", "interop")


def _register() -> None:
    # Importing a command module only defines its functions; each keeps its heavy imports
    # inside the function body so `--help` stays fast.
    # The order here is the order of `tenderctl --help`.

    for module in COMMAND_MODULES:
        importlib.import_module(f"tenderctl.cli.{module}")


_register()


def app_for(argv: list[str]) -> typer.Typer:
    """``app`` cut down to the command ``argv`` runs, or all of it (``--help``, options first).

    typer turns every registered command into a click command before it dispatches, and for
    sixteen commands evaluating their annotations cost 70 ms on every run; the command that
    runs behaves the same alone (a test compares help and errors for each command).
    """

    words = argv[1:]
    while words[:1] == ["--color"] or (words and words[0].startswith("--color=")):
        words = words[2:] if words[0] == "--color" else words[1:]
    name = words[0] if words else ""
    if not name or name.startswith("-"):
        return app
    commands = [c for c in app.registered_commands if c.callback and (c.name or get_command_name(c.callback.__name__)) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app  # a typo: the whole app, so click can suggest the right name
    lean = copy.copy(app)
    lean.registered_commands = commands
    lean.registered_groups = groups
    return lean


def help_app(argv: list[str]) -> typer.Typer | None:
    """For ``tenderctl --help`` (or no arguments) only: ``app`` with every command's callback
    replaced by one without parameters, else None.

    The overview lists each command's name and first docstring line, never its options; yet
    typer builds every command's options from its annotations first, a tenth of the run. A test
    compares this help with the whole app's, byte for byte.
    """

    words = argv[1:]
    while words[:1] == ["--color"] or (words and words[0].startswith("--color=")):
        words = words[2:] if words[0] == "--color" else words[1:]
    if words not in ([], ["--help"], ["-h"]):
        return None

    def lean(typer_app: typer.Typer) -> typer.Typer:
        out = copy.copy(typer_app)
        out.registered_commands = [_without_parameters(info) for info in typer_app.registered_commands]
        out.registered_groups = []
        for group in typer_app.registered_groups:
            stub = copy.copy(group)
            if group.typer_instance is not None:
                stub.typer_instance = lean(group.typer_instance)
            out.registered_groups.append(stub)
        return out

    return lean(app)


def _without_parameters(info: typer.models.CommandInfo) -> typer.models.CommandInfo:

    callback = info.callback
    if callback is None:
        return info

    def stub() -> None:  # pragma: no cover - the overview never runs a command
        raise RuntimeError("help only")

    # Not functools.wraps: its __wrapped__ would lead typer back to the real signature.
    for attribute in ("__name__", "__qualname__", "__doc__", "__module__"):
        setattr(stub, attribute, getattr(callback, attribute))
    out = copy.copy(info)
    out.callback = stub
    return out


def degrade_streams() -> None:
    """Let stdout and stderr replace what their encoding cannot write, instead of raising.

    A terminal or pipe in Latin-1 or ASCII (``PYTHONIOENCODING=latin-1``, ``LC_ALL=C`` without
    UTF-8 mode) cannot write a table's box lines or "→": a UnicodeEncodeError in the middle of
    a report would lose the rest of it. Human text then shows "?" for those characters; JSON
    stays exact, escaped to ASCII (see :func:`tenderctl.cli.common.print_json`).
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):  # pragma: no cover - a closed or odd stream
                pass


def global_options_first(argv: list[str]) -> list[str]:
    """``tenderctl deadlines --color never`` works as ``tenderctl --color never deadlines``.

    ``--color`` is an option of the whole program, which click accepts only before the
    command; people type it anywhere. Anything after ``--`` is left alone.
    """
    head, rest = argv[:1], argv[1:]
    moved: list[str] = []
    kept: list[str] = []
    index = 0
    while index < len(rest):
        token = rest[index]
        if token == "--":
            kept.extend(rest[index:])
            break
        if token.startswith("--color="):
            moved.append(token)
        elif token == "--color" and index + 1 < len(rest):
            moved.extend(rest[index : index + 2])
            index += 1
        else:
            kept.append(token)
        index += 1
    return head + moved + kept


def main() -> None:
    """Run the app; expected failures become one line and an exit code, not a traceback."""

    degrade_streams()
    sys.argv = global_options_first(sys.argv)
    try:
        (help_app(sys.argv) or app_for(sys.argv))()
    except TenderctlError as exc:
        sys.stderr.write(f"error: {exc}\n")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except SystemExit as exc:
        if exc.code == 130:  # typer turns Ctrl-C into a silent exit 130: say why the run stopped
            sys.stderr.write("interrupted\n")
        raise
    except Exception as exc:
        if caused_by_interrupt(exc):  # a library turned the Ctrl-C into its own error
            sys.stderr.write("interrupted\n")
            sys.exit(130)
        if not isinstance(exc, OSError):
            raise
        # a full disk or a read-only folder in a command that did not expect it
        where = f"{exc.filename}: " if exc.filename else ""
        sys.stderr.write(f"error: {where}{exc.strerror or exc}\n")
        sys.exit(1)
