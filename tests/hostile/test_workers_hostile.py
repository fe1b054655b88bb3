"""Reader workers never outlive their run and leave nothing behind.

The issue: SIGTERM during `check` left a reader process running for over 90 s past
`--timeout 5`. Here the parent of real worker processes is killed with SIGKILL (nothing of
its own cleanup runs) while its workers are busy, and the workers must be gone within seconds;
a worker that burns CPU with no parent to stop it is ended by its CPU-time limit; temporary
files a killed worker made are removed, by the parent or, when the parent was killed too, by
the next run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tenderctl.documents import confine, sandbox
from tenderctl.documents.sandbox import Task

PARENT = """
import sys
from tenderctl.documents.sandbox import Runner, Task
tasks = [Task("tenderctl.documents.probes", "probe_litter", (300,)) for _ in range(2)]
runner = Runner(tasks, lambda i, v: None, lambda i, r: None, timeout=600, workers=2).start()
print(" ".join(str(w.process.pid) for w in runner.pool), flush=True)
runner.finish()
"""


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")  # a zombie waiting for init to reap it is no longer running


def _wait_for(predicate, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to see the worker processes")
@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_workers_die_with_a_parent_killed_by_sigkill(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: str) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    if start == "spawn":
        env["TENDERCTL_NO_FORK"] = "1"
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert parent.stdout is not None
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert workers
        # Every worker busy: each has made its temporary file and is sleeping in its task.
        assert _wait_for(lambda: len(list(scratch.glob(f"{confine.PREFIX}*/probe-*"))) == len(workers), 30), list(scratch.rglob("*"))
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        started = time.monotonic()
        assert _wait_for(lambda: all(_gone(pid) for pid in workers), 10), [p for p in workers if not _gone(p)]
        seconds = time.monotonic() - started
    finally:
        parent.kill()
        parent.wait()
        if parent.stdout is not None:
            parent.stdout.close()
        for pid in workers if "workers" in locals() else []:
            if not _gone(pid):
                os.kill(pid, signal.SIGKILL)
    assert seconds < 3, f"the workers outlived their parent by {seconds:.1f} s"
    # Nobody could clear those folders; the next run does, and only those of dead runs.
    assert len(list(scratch.glob(f"{confine.PREFIX}*"))) == len(workers)
    monkeypatch.setenv("TMPDIR", str(scratch))
    mine = confine.make_tmp()
    assert sandbox.run_one(Task("tenderctl.documents.probes", "probe_echo", ("next run",))) == "next run"
    assert sorted(p.name for p in scratch.iterdir()) == [Path(mine).name]
    confine.remove_tmp(mine)


def test_a_worker_spinning_with_no_one_to_stop_it_meets_its_cpu_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The task is handed over directly (no wall clock watching): RLIMIT_CPU alone ends it."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    worker = sandbox._Worker(sandbox.DEFAULT_MEMORY_MB)
    try:
        worker.conn.send((0, Task("tenderctl.documents.probes", "probe_spin", (120,)), 1.0))
        started = time.monotonic()
        assert _wait_for(lambda: worker.process.poll() is not None, 30)
        seconds = time.monotonic() - started
    finally:
        worker.kill()
    assert worker.process.returncode == -signal.SIGXCPU
    assert "CPU time bound" in sandbox._death_reason(worker.process.returncode, sandbox.DEFAULT_MEMORY_MB)
    assert seconds < 15, seconds  # 1 s of CPU (plus what it had used), on a shared machine
    assert list(tmp_path.iterdir()) == []


def test_a_worker_killed_on_time_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    with pytest.raises(sandbox.Failure, match="took longer than 1 s"):
        sandbox.run_one(Task("tenderctl.documents.probes", "probe_litter", (60,)), timeout=1)
    assert list(tmp_path.iterdir()) == []


def test_cpu_budget_never_stops_what_the_wall_clock_allows() -> None:
    runner = sandbox.Runner([], lambda i, v: None, lambda i, r: None, timeout=5)
    assert runner.cpu_seconds() >= 2 * 5  # a reader using both cores for the whole time bound


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid and stat[0] not in ("Z", "X"):
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to see the worker processes")
def test_sigterm_during_check_stops_its_workers_and_leaves_nothing(tmp_path: Path) -> None:
    """The issue's case: SIGTERM while `check` works left a reader running for over 90 s past --timeout 5."""
    proposal = tmp_path / "proposal"
    proposal.mkdir()
    (proposal / "Technical_Proposal.txt").write_text("Our fee " + "111 " * 200_000 + "\n", encoding="utf-8")
    tenders = tmp_path / "tenders"
    tenders.mkdir()
    (tenders / "t.yaml").write_text(
        "reference: FEE-1\ntitle: Fees\ntimezone: UTC\ndates:\n  - id: s\n    kind: submission\n    at: 2030-01-01 10:00\n"
        "checks:\n  - rule: no-financials\n",
        encoding="utf-8",
    )
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "TENDERCTL_NO_PROGRESS": "1"}
    args = ["check", str(proposal), "--tender", "FEE-1", "--tenders", str(tenders), "--timeout", "60", "--no-cache"]
    seen: set[int] = set()
    with subprocess.Popen(
        [sys.executable, "-m", "tenderctl", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
    ) as parent:
        try:
            # Freeze each worker the moment it shows up: a frozen worker can neither finish the
            # reading (which a fast machine did in under a second, so the run ended before the
            # signal came) nor go of its own accord, so SIGTERM always finds the run at work and
            # only the parent's own stopping can end these workers (SIGKILL ends frozen ones too).
            end = time.monotonic() + 60
            settled = end
            while time.monotonic() < min(end, settled) and parent.poll() is None:
                for pid in set(_children(parent.pid)) - seen:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGSTOP)
                    seen.add(pid)
                if seen and settled == end:
                    settled = time.monotonic() + 1  # catch a worker started just after the first
                time.sleep(0.02)
            assert seen, "check started no worker"
            assert parent.poll() is None, "check ended before it could be stopped"
            parent.send_signal(signal.SIGTERM)
            _out, err = parent.communicate(timeout=30)
        finally:
            parent.kill()
            parent.wait()
    assert parent.returncode in (130, -signal.SIGTERM), err
    assert "Traceback" not in err, err
    assert _wait_for(lambda: all(_gone(pid) for pid in seen), 5), [p for p in seen if not _gone(p)]
    assert list(scratch.iterdir()) == [], list(scratch.rglob("*"))


_CTRL_C_AT_FORK = r"""
import os, signal, sys
from tenderctl.documents import sandbox
from tenderctl.documents.sandbox import Task

# Ctrl-C reaches the whole process group: here it lands in a worker while the Python of its
# after-fork hooks runs (where threading's own hook runs), before the worker set its handlers.
os.register_at_fork(after_in_child=lambda: os.kill(os.getpid(), signal.SIGINT))
print(sandbox.run_one(Task("tenderctl.documents.probes", "probe_echo", ("read",)), timeout=60))
"""


def test_ctrl_c_landing_in_a_worker_being_forked_says_nothing_and_the_worker_works(tmp_path: Path) -> None:
    """The signal is held over the fork and dropped by the worker: no "Exception ignored ...
    KeyboardInterrupt" on the user's terminal, and the task is still done (before: both broken)."""
    run = subprocess.run(
        [sys.executable, "-c", _CTRL_C_AT_FORK],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TENDERCTL_NO_FORK": ""},
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert run.stdout == "read\n"
