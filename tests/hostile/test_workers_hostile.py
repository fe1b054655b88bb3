"""Reader workers never outlive their run and leave nothing behind.

The issue: SIGTERM during `check` left a reader process running for over 90 s past
`--timeout 5`. Here the parent of real worker processes is killed with SIGKILL (nothing of
its own cleanup runs) while its workers are busy, and the workers must be gone within seconds;
a worker that burns CPU with no parent to stop it is ended by its CPU-time limit; temporary
files a killed worker made are removed, by the parent or, when the parent was killed too, by
the next run.
"""

from __future__ import annotations

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
tasks = [Task("tenderctl.documents.sandbox", "probe_litter", (300,)) for _ in range(2)]
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
    assert sandbox.run_one(Task("tenderctl.documents.sandbox", "probe_echo", ("next run",))) == "next run"
    assert sorted(p.name for p in scratch.iterdir()) == [Path(mine).name]
    confine.remove_tmp(mine)


def test_a_worker_spinning_with_no_one_to_stop_it_meets_its_cpu_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The task is handed over directly (no wall clock watching): RLIMIT_CPU alone ends it."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    worker = sandbox._Worker(sandbox.DEFAULT_MEMORY_MB)
    try:
        worker.conn.send((0, Task("tenderctl.documents.sandbox", "probe_spin", (120,)), 1.0))
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
        sandbox.run_one(Task("tenderctl.documents.sandbox", "probe_litter", (60,)), timeout=1)
    assert list(tmp_path.iterdir()) == []


def test_cpu_budget_never_stops_what_the_wall_clock_allows() -> None:
    runner = sandbox.Runner([], lambda i, v: None, lambda i, r: None, timeout=5)
    assert runner.cpu_seconds() >= 2 * 5  # a reader using both cores for the whole time bound
