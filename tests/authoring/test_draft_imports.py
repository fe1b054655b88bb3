"""`deadlines` and `--help` import nothing that `draft` needs (issue 14): no babel, no CLDR
tables, no draft package, no PDF engine. Checked in a fresh interpreter, on the fast path and
on the full CLI path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DRAFT_ONLY = ("babel", "tenderctl.authoring.draft", "pypdfium2", "dateparser")

TENDER = """\
reference: T-1
title: A tender
timezone: Africa/Nairobi
status: open
dates:
  - id: submission
    kind: submission
    at: 2026-03-03 17:00
"""


def modules_after(argv: list[str], env: dict[str, str]) -> tuple[int, set[str]]:
    probe = (
        "import sys\n"
        "from tenderctl.entry import main\n"
        "sys.argv = ['tenderctl', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\nMODULES ' + ' '.join(sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True, env=env, check=False, timeout=120)
    _err, _, names = done.stderr.rpartition("\nMODULES ")
    return done.returncode, set(names.split())


@pytest.mark.parametrize("fast", [True, False], ids=["fast-path", "full-cli"])
@pytest.mark.parametrize("argv", [["--help"], ["deadlines", "--as-of", "2026-02-01"], ["deadlines", "--as-of", "2026-02-01", "--json"]])
def test_hot_commands_import_nothing_draft_needs(tmp_path: Path, argv: list[str], fast: bool) -> None:
    folder = tmp_path / "tenders"
    folder.mkdir()
    (folder / "t-1.yaml").write_text(TENDER, encoding="utf-8")
    env = {**os.environ, "TENDERCTL_TENDERS": str(folder)}
    if not fast:
        env["TENDERCTL_NO_FASTPATH"] = "1"
    code, names = modules_after(argv, env)
    assert code == 0 and names, "the probe did not run"
    loaded = sorted(n for n in names if any(n == d or n.startswith(d + ".") for d in DRAFT_ONLY))
    assert loaded == []


def test_draft_itself_does_load_them(tmp_path: Path) -> None:
    """The probe sees imports: `draft` on a notice does load babel (else the test above proves nothing)."""
    notice = tmp_path / "n.txt"
    notice.write_text("Tender No.: AB/1/2026\nBids must be submitted by 3 March 2026 at 17:00 (Nairobi time).\n", encoding="utf-8")
    _code, names = modules_after(["draft", str(notice)], dict(os.environ))
    assert "babel" in names and "tenderctl.authoring.draft" in names
