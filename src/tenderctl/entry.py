"""Console-script entry: answer ``--version`` without importing typer or anything else."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from tenderctl import __version__

        sys.stdout.write(f"tenderctl {__version__}\n")
        return
    from tenderctl.cli import main as cli_main

    cli_main()


if __name__ == "__main__":  # pragma: no cover
    main()
