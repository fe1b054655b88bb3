"""Console-script entry: answer ``--version`` without importing typer or anything else, answer a
warm ``deadlines`` from the cache without the CLI framework (:mod:`tenderctl.fastpath`), and start
reading ``check``'s proposal folder before the CLI framework loads."""

from __future__ import annotations

import os
import sys

from tenderctl import __version__, interrupts


def _main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        sys.stdout.write(f"tenderctl {__version__}\n")
        return
    if "deadlines" in sys.argv[1:4]:
        from tenderctl.fastpath import run  # lazy: only for deadlines (90 ms on --version)

        code = run(sys.argv[1:])
        if code is not None:
            raise SystemExit(code)
    checking = sys.argv[1:2] == ["check"] and len(sys.argv) > 2 and not {"-h", "--help"} & set(sys.argv)
    if checking:
        # Start reading the proposal before the CLI framework loads; `check` claims the reading.
        from tenderctl.documents.folder import read_early  # lazy: only for check (102 ms on --version, 35 ms on a warm deadlines)

        read_early(sys.argv[2])
        from tenderctl.checks.quick import run as quick_check  # lazy: only for check

        code = quick_check(sys.argv[1:])  # JSON without typer or rich; None: the full CLI's run
        if code is not None:
            _leave(code)
    try:
        from tenderctl.cli import main as cli_main  # lazy: typer and rich, never for --version or a warm deadlines (204 ms)
    except KeyboardInterrupt:  # Ctrl-C (or SIGTERM, while readers run) before the CLI could catch it
        sys.stderr.write("interrupted\n")
        _leave(130)

    if not checking:
        cli_main()
        return
    try:
        cli_main()
    except SystemExit as done:
        # The report is out and the readers are stopped: leave without tearing down the tens of
        # thousands of objects the documents were read into (a tenth of a short run's time).
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        if isinstance(done.code, str):
            sys.stderr.write(done.code + "\n")
        _leave(code)
    _leave(0)


def _leave(code: int) -> None:

    from tenderctl.documents.folder import cancel_early  # lazy: only for check (132 ms on --version)

    cancel_early()  # a usage error came before `check` claimed the reading: stop its workers
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            code = code or 1
    os._exit(code)


def main() -> None:
    """The console script. Ctrl-C while the CLI is still loading (before its own handler is in
    place), or turned by a library into its own error, is the same one line and exit 130 as
    later, never a traceback (see :mod:`tenderctl.interrupts`)."""

    interrupts.install()
    code = 1  # an error that is no interrupt leaves as a traceback, exit 1
    try:
        _main()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        raise
    except (KeyboardInterrupt, Exception) as exc:
        if not interrupts.caused_by_interrupt(exc):
            raise
        sys.stderr.write("interrupted\n")
        folder = sys.modules.get("tenderctl.documents.folder")
        if folder is not None:  # `check` started reading early: stop its workers
            folder.cancel_early()
        code = 130
        sys.exit(130)
    finally:
        interrupts.settle()  # an interrupt caught anywhere above stays caught: the exit code stands
        interrupts.quiet_from_now(code)  # a signal during shutdown: that code, no "Exception ignored"


if __name__ == "__main__":  # pragma: no cover
    main()
