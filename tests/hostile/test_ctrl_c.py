"""Ctrl-C exits 130 everywhere: every command, interrupted by a real SIGINT at a moment chosen by event.

Each case names the moment (the CLI still loading, a tender file being read, an input being
read, a temporary file about to be renamed into place, the server binding its port) and the
run is interrupted exactly there (see ``interrupts.py``: an audit hook pins the moment, the
test sends SIGINT to the whole process group as a terminal does). Every time: exit 130, the one
line "interrupted" on stderr, no traceback, no process left, and the folder exactly as it was:
no temporary file, no half-written one. Elsewhere: `new` at a prompt in tests/authoring/test_new_interactive.py
(a pseudo-terminal), `serve` while serving in tests/hostile/test_calendar_serve.py, `check` while its workers
read a long folder and `ics` over 3,000 tenders in tests/hostile/test_faults.py.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from interrupts import interrupt_at, snapshot

from conftest import ROOT
from tenderctl.calendar.revisions import STATE_NAME

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups and audit hooks on POSIX")

SEED = "RFPS-NYH-2025-503831"
T = ["--tenders", "tenders"]
TENDER_FILE = r"(^|/)tenders/T-\d+\.yaml$"
TEMPORARY = r"\.tmp$"
LOADING = r"^typer$"

TENDER = """reference: T-{n}
title: Tender {n}
timezone: {zone}
status: open
dates:
  - {{id: questions, kind: questions, at: 2030-02-0{d}}}
  - {{id: submission, kind: submission, at: 2030-03-0{d} 10:00}}
steps:
  - Register
  - {{text: Ask, date: questions}}
"""
ZONES = ("Europe/Brussels", "Asia/Manila", "America/New_York", "UTC")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ctrl-c")
    tenders = root / "tenders"
    tenders.mkdir()
    for n in range(50):
        (tenders / f"T-{n}.yaml").write_text(TENDER.format(n=n, zone=ZONES[n % 4], d=1 + n % 9), encoding="utf-8")
    shutil.copy(ROOT / "tenders" / f"{SEED}.yaml", tenders / f"{SEED}.yaml")
    shutil.copytree(ROOT / "examples" / "proposal", root / "bid")
    shutil.copy(ROOT / "tests" / "fixtures" / "ocds" / "release-package-1.json", root / "releases.json")
    shutil.copy(ROOT / "tests" / "fixtures" / "eforms" / "train" / "deu-berlin.xml", root / "notice.xml")
    shutil.copy(ROOT / "tests" / "notices" / "us-edt.txt", root / "notice.txt")
    (root / "feed").mkdir()
    (root / "feed" / "old.ics").write_bytes(b"OLD CONTENT\n")
    return root


CASES = [
    # (id, arguments, event, subject pattern)
    # A cold `deadlines` runs without the CLI framework (tenderctl.fastpath): its loading is the tender model's.
    ("deadlines-loading", ["deadlines", *T], "import", r"^tenderctl\.tenders\.model$"),
    *((f"{name}-loading", [name, *rest], "import", LOADING) for name, rest in (("rules", []), ("schema", []))),
    ("check-loading", ["check", "bid", "--tender", SEED, *T], "import", LOADING),
    *(
        (f"{words[0]}-reading", [*words, *T], "open", TENDER_FILE)
        for words in (
            ["deadlines", "--all"],
            ["list"],
            ["agenda"],
            ["validate"],
            ["show", "T-7"],
            ["steps", "T-7"],
            ["export", "--format", "json"],
            ["ics", "-o", "feed/old.ics", "--force"],
            ["serve", "--port", "0"],
            ["done", "T-7", "1"],
            ["status", "T-7", "won"],
            ["check", "bid", "--tender", SEED],
        )
    ),
    ("ics-dir-reading", ["ics", "--out-dir", "feed", "--force", *T], "open", TENDER_FILE),
    ("import-ocds-reading", ["import", "ocds", "releases.json", *T], "open", r"releases\.json$"),
    ("import-eforms-reading", ["import", "eforms", "notice.xml", *T], "open", r"notice\.xml$"),
    ("draft-reading", ["draft", "notice.txt", "-o", "drafts/"], "open", r"notice\.txt$"),
    ("serve-binding", ["serve", "--port", "0", *T], "socket.bind", r"."),
    # about to move a complete temporary file into place: the old file stays, the temporary goes
    ("ics-writing", ["ics", "-o", "feed/old.ics", "--force", *T], "os.rename", TEMPORARY),
    ("ics-dir-writing", ["ics", "--out-dir", "feed", "--force", *T], "os.rename", TEMPORARY),
    ("export-writing", ["export", "--out", "out.csv", *T], "os.link", TEMPORARY),
    ("done-writing", ["done", "T-7", "1", *T], "os.rename", TEMPORARY),
    ("status-writing", ["status", "T-7", "won", *T], "os.rename", TEMPORARY),
    ("new-writing", ["new", "-r", "N-1", "--title", "New", "--timezone", "UTC", *T], "os.link", TEMPORARY),
    ("import-ocds-writing", ["import", "ocds", "releases.json", *T], "os.link", TEMPORARY),
    ("import-eforms-writing", ["import", "eforms", "notice.xml", *T], "os.link", TEMPORARY),
    ("draft-writing", ["draft", "notice.txt", "-o", "drafts/"], "os.link", TEMPORARY),
]


@pytest.mark.parametrize(("args", "event", "pattern"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_ctrl_c_exits_130_and_leaves_nothing_behind(template: Path, tmp_path: Path, args: list[str], event: str, pattern: str) -> None:
    work = Path(shutil.copytree(template, tmp_path / "w"))
    before = snapshot(work)
    run = interrupt_at(args, event, pattern, cwd=work)
    assert run.reached, f"the run never reached {event} {pattern}: nothing was interrupted\n{run.dump}"
    assert run.code == 130, run.dump
    assert "Traceback" not in run.stderr and run.stderr.strip().splitlines()[-1:] == ["interrupted"], run.dump
    after = snapshot(work)
    # The calendar revision state is no leftover: it records what a calendar run rendered before the
    # signal (serve renders before it binds), so the next run's SEQUENCE and DTSTAMP stay the same.
    after.pop(f"tenders/{STATE_NAME}", None)
    assert after == before, "an interrupted run changed the folder"


@pytest.mark.parametrize(
    ("args", "module"),
    [
        (["draft", "-", "-o", "drafts/"], "tenderctl.authoring.draft"),
        (["import", "ocds", "-", *T], "tenderctl.interop.ocds"),
        (["import", "eforms", "-", *T], "tenderctl.interop.eforms"),
    ],
    ids=["draft", "import-ocds", "import-eforms"],
)
def test_ctrl_c_while_waiting_for_stdin(template: Path, tmp_path: Path, args: list[str], module: str) -> None:
    """`... -` reading a pipe that never ends (a slow `curl |`): Ctrl-C stops the wait with 130, nothing written."""
    work = Path(shutil.copytree(template, tmp_path / "w"))
    before = snapshot(work)
    run = interrupt_at(args, "import", f"^{module}$", cwd=work, hold=False, stdin_pipe=True)
    assert run.reached, run.dump
    assert run.code == 130, run.dump
    assert "Traceback" not in run.stderr and run.stderr.strip().splitlines()[-1:] == ["interrupted"], run.dump
    assert snapshot(work) == before


@pytest.mark.parametrize(
    ("args", "pattern"),
    [(["deadlines", *T], r"^tenderctl\.tenders\.model$"), (["validate", *T], r"^tenderctl\.tenders\.model$")],
    ids=["deadlines", "validate"],
)
def test_ctrl_c_that_a_library_turned_into_its_own_error_is_still_130(
    template: Path, tmp_path: Path, args: list[str], pattern: str
) -> None:
    """A Ctrl-C landing in a callback of a compiled library comes back as that library's error (pydantic-core
    building the tender model: SchemaError "...: KeyboardInterrupt"); it was a traceback, now it is the interruption."""
    work = Path(shutil.copytree(template, tmp_path / "w"))
    for extra in sorted((work / "tenders").glob("T-*.yaml"))[3:]:
        extra.unlink()  # a few files, parsed in this process (many go to workers, whose own interrupt would hide this one)
    before = snapshot(work)
    run = interrupt_at(args, "import", pattern, cwd=work, rewrap=True)
    assert run.reached, run.dump
    assert run.code == 130, run.dump
    assert "Traceback" not in run.stderr and run.stderr.strip().splitlines()[-1:] == ["interrupted"], run.dump
    assert snapshot(work) == before


@pytest.mark.parametrize(
    ("args", "event", "pattern"),
    [
        (["validate", *T], "open", TENDER_FILE),
        (["ics", *T, "-o", "all.ics"], "import", r"^tenderctl\.calendar\.ics$"),
        (["check", "proposal", *T], "import", LOADING),
    ],
    ids=["validate", "ics", "check"],
)
def test_ctrl_c_inside_code_run_from_a_string_is_still_130(
    template: Path, tmp_path: Path, args: list[str], event: str, pattern: str
) -> None:
    """CPython marks a KeyboardInterrupt that leaves an ``exec`` of a string as unhandled, even when it is
    caught later, and then ends the process by SIGINT after the exit code was chosen: the run was
    "interrupted" on stderr but died by signal 2, not 130 (CI caught it once in 60 runs of `ics`)."""
    work = Path(shutil.copytree(template, tmp_path / "w"))
    (work / "proposal").mkdir(exist_ok=True)
    before = snapshot(work)
    run = interrupt_at(args, event, pattern, cwd=work, in_exec=True)
    assert run.reached, run.dump
    assert run.code == 130, run.dump
    assert "Traceback" not in run.stderr and run.stderr.strip().splitlines()[-1:] == ["interrupted"], run.dump
    after = snapshot(work)
    after.pop(f"tenders/{STATE_NAME}", None)
    assert after == before


def test_ctrl_c_in_the_warm_deadlines_fast_path(template: Path, tmp_path: Path) -> None:
    """A warm `deadlines` answers from the cache without the CLI framework (tenderctl.fastpath):
    interrupted while it reads the cache, it is the same 130 and one line."""
    import os
    import subprocess

    work = Path(shutil.copytree(template, tmp_path / "w"))
    warm = subprocess.run([sys.executable, "-m", "tenderctl", "deadlines", "--json", *T], cwd=work, capture_output=True, timeout=120)
    assert warm.returncode == 0, warm.stderr
    cache = re.escape(os.environ["TENDERCTL_CACHE_DIR"])
    run = interrupt_at(["deadlines", "--json", *T], "open", f"^{cache}/", cwd=work)
    assert run.reached, run.dump
    assert run.code == 130, run.dump
    assert "Traceback" not in run.stderr and run.stderr.strip().splitlines()[-1:] == ["interrupted"], run.dump
    assert run.stdout == ""  # nothing half-printed


@pytest.mark.parametrize(("argv", "code"), [(["--version"], 0), (["no-such-command"], 2)])
def test_a_signal_during_shutdown_keeps_the_exit_code_and_prints_no_traceback(argv: list[str], code: int) -> None:
    """A SIGINT that lands after the run is done (here from an atexit callback, as a late Ctrl-C or
    SIGTERM does under load) ends the process with the code the run chose, never "Exception ignored"."""
    import subprocess  # lazy: only this test runs a bare interpreter

    script = (
        "import atexit, os, signal, sys\n"
        "atexit.register(lambda: os.kill(os.getpid(), signal.SIGINT))\n"
        f"sys.argv = ['tenderctl', *{argv!r}]\n"
        "from tenderctl.entry import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert done.returncode == code, done.stderr
