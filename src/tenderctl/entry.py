"""Console-script entry: answer ``--version`` without importing typer or anything else, and start
reading ``check``'s proposal folder before the CLI framework loads."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from tenderctl import __version__

        sys.stdout.write(f"tenderctl {__version__}\n")
        return
    if sys.argv[1:2] == ["check"] and len(sys.argv) > 2 and not {"-h", "--help"} & set(sys.argv):
        # Start reading the proposal before the CLI framework loads; `check` claims the reading.
        from tenderctl.documents import read_early

        read_early(sys.argv[2])
    from tenderctl.cli import main as cli_main

    cli_main()


if __name__ == "__main__":  # pragma: no cover
    main()
