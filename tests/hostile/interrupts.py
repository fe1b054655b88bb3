"""Ctrl-C at a chosen moment of a real `tenderctl` run, without guessing the moment with a sleep.

The child is the real CLI (``tenderctl.entry.main``) in its own session, started (with ``python -m``, as
users do) through a few lines that add a Python audit hook (PEP 578). The hook watches for one event of the main thread
(``open`` of a tender file, ``os.rename`` of a temporary file, ``import`` of a module...); when it
comes, the hook tells the test through a pipe and, with ``hold``, waits right there. The test
then sends SIGINT to the child's whole process group, as a terminal does on Ctrl-C (workers
included), so the interrupt lands exactly at that moment however loaded the machine is: the
waits are on events (a pipe, the child's exit), never on a fixed time.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

_CHILD = r"""
import os, re, sys, threading, time
ready_fd, mode, event, pattern = int(sys.argv[1]), sys.argv[2], sys.argv[3], re.compile(sys.argv[4])
main_pid, fired = os.getpid(), []

def wait():
    # short sleeps, not one long one: when another thread of the run (a reading pool's) takes the
    # SIGINT, the main thread's sleep is not cut short and sees the interrupt only when it ends
    for _ in range(30000):
        time.sleep(0.01)

def hook(name, args):
    if fired or name != event or os.getpid() != main_pid or threading.current_thread() is not threading.main_thread():
        return
    subject = args[0] if args else ""
    subject = os.fsdecode(subject) if isinstance(subject, (str, bytes, os.PathLike)) else str(subject)
    if not pattern.search(subject):
        return
    fired.append(subject)
    if mode == "go":
        os.write(ready_fd, b"!")
    elif mode == "hold":
        os.write(ready_fd, b"!")
        wait()  # the test's SIGINT ends this wait with KeyboardInterrupt, right here
    elif mode == "exec":  # the interrupt lands in code run from a string (a dataclass's or namedtuple's made methods)
        os.write(ready_fd, b"!")
        exec("for _ in range(30000): time.sleep(0.01)", {"time": time})
    else:  # rewrap, as a compiled library calling back into Python may: its own error, no chain
        try:
            os.write(ready_fd, b"!")  # inside the try: the SIGINT may come before the wait starts
            wait()
        except KeyboardInterrupt:
            pass
        raise RuntimeError("Error building validator: KeyboardInterrupt")

sys.addaudithook(hook)
sys.argv = ["tenderctl", *sys.argv[5:]]
from tenderctl.entry import main
main()
"""


@dataclass
class Interrupted:
    code: int
    stdout: str
    stderr: str
    reached: bool
    """False when the run ended before the event: nothing was interrupted."""

    @property
    def dump(self) -> str:
        return f"exit={self.code} reached={self.reached}\n--- stdout\n{self.stdout[-3000:]}\n--- stderr\n{self.stderr[-3000:]}"


def _default_signals() -> None:
    # whatever the test process ignores or blocks (a background job ignores SIGINT), a user's shell does not
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, set())


def interrupt_at(
    args: list[str],
    event: str,
    pattern: str,
    *,
    cwd: Path,
    hold: bool = True,
    rewrap: bool = False,
    in_exec: bool = False,
    stdin_pipe: bool = False,
    env: dict[str, str] | None = None,
    timeout: float = 180.0,
) -> Interrupted:
    """Run ``tenderctl ARGS``; at the first ``event`` whose subject matches ``pattern``, Ctrl-C.

    ``hold=False`` lets the run go on after the event (the interrupt lands a moment later);
    ``rewrap`` turns the interrupt, at the event, into another error without a chain, as
    pydantic-core does when it lands in a Python callback it runs (``SchemaError``);
    ``in_exec`` lands it in code that ``exec`` runs from a string, as the import of a module making
    dataclasses or namedtuples does (CPython then marks the interrupt unhandled, even once caught);
    ``stdin_pipe`` gives it a stdin that never ends, so a command reading ``-`` waits there.
    """
    ready_read, ready_write = os.pipe()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as child:
        # run as `python -m`, as users do: after a SystemExit, only that path goes on to CPython's
        # own "was an interrupt left unhandled?" check (`-c` and console scripts exit at once)
        Path(child, "interrupted_tenderctl.py").write_text(_CHILD, encoding="utf-8")
        path = os.pathsep.join(filter(None, [child, os.environ.get("PYTHONPATH")]))
        mode = "rewrap" if rewrap else "exec" if in_exec else "hold" if hold else "go"
        proc = subprocess.Popen(
            [sys.executable, "-m", "interrupted_tenderctl", str(ready_write), mode, event, pattern, *args],
            cwd=cwd,
            stdin=subprocess.PIPE if stdin_pipe else subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env={**os.environ, "TENDERCTL_NO_PROGRESS": "1", "PYTHONPATH": path, **(env or {})},
            pass_fds=(ready_write,),
            start_new_session=True,
            preexec_fn=_default_signals,
        )
        os.close(ready_write)
        try:
            ready, _, _ = select.select([ready_read], [], [], timeout)
            reached = bool(ready) and os.read(ready_read, 1) == b"!"  # b"" is the child's exit before the event
            if reached:
                os.killpg(proc.pid, signal.SIGINT)
            code = proc.wait(timeout)
        finally:
            os.close(ready_read)
            if proc.stdin is not None:
                proc.stdin.close()
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        out.seek(0)
        err.seek(0)
        result = Interrupted(code, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"), reached)
    _wait_group_gone(proc.pid)
    return result


def _wait_group_gone(pgid: int, timeout: float = 20.0) -> None:
    """Wait until no process of the child's group is left (workers reaped): polling a state, with a deadline."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        except PermissionError:  # pragma: no cover - a recycled group id of another user
            return
        time.sleep(0.02)
    raise AssertionError(f"processes of the interrupted run are still alive (group {pgid})")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative name -> bytes): a run that was interrupted must leave it as it was."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink()}
