"""Shared tools for the hostile-input corpus (imported by the test modules beside it): run tenderctl in a bounded subprocess and measure it.

A hostile file can crash the interpreter (a C stack overflow is a segmentation fault, not an
exception), so cases that could take pytest down with them run in a child process with an
address-space limit (RLIMIT_AS) and a timeout; the test then asserts the exit code, the
exact error lines, the wall time (``time.perf_counter``) and the child's peak resident memory
(``VmHWM`` polled from ``/proc``, see :func:`_high_water_kb`).
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MiB = 1024 * 1024


PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE = 1
CAP_DAC_READ_SEARCH = 2


def drop_dac_capabilities() -> None:
    """Remove root's power to ignore file permissions from this process and what it executes."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def can_drop_dac_capabilities() -> bool:
    """Whether a child can be made subject to file permissions (false: not root and not needed, or not allowed)."""
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); import hostile_support as h; h.drop_dac_capabilities()",
            str(Path(__file__).parent),
        ],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


@dataclass
class Run:
    code: int
    """Exit code; a negative number is the signal that killed the child (-11: segfault)."""
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float
    timed_out: bool = False

    @property
    def dump(self) -> str:
        return (
            f"exit={self.code} seconds={self.seconds:.2f} rss={self.max_rss_mb:.0f}MB timed_out={self.timed_out}\n"
            f"--- stdout\n{self.stdout[-4000:]}\n--- stderr\n{self.stderr[-4000:]}"
        )


def run_tenderctl(args: Sequence[str | os.PathLike[str]], **options: Any) -> Run:
    """``python -m tenderctl ARGS`` in a bounded child (see :func:`run_child` for the options)."""
    return run_child(["-m", "tenderctl", *map(str, args)], **options)


def run_child(
    args: Sequence[str | os.PathLike[str]],
    *,
    timeout: float = 60.0,
    limit_mb: int = 1024,
    cwd: str | os.PathLike[str] | None = None,
    env: dict[str, str] | None = None,
    drop_file_permission_override: bool = False,
    on_start: Callable[[subprocess.Popen[bytes]], None] | None = None,
) -> Run:
    """``python ARGS`` in a child limited to ``limit_mb`` of address space, timed and measured.

    ``drop_file_permission_override``: as root, drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH
    from the child's bounding set before exec, so that file permissions (chmod 000) apply to it
    as they would to any user. ``on_start`` is called with the running process (e.g. to send it SIGINT).
    """
    limit = limit_mb * MiB

    def limit_child() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        if drop_file_permission_override and os.geteuid() == 0:
            drop_dac_capabilities()

    full_env = dict(os.environ)
    full_env.update(env or {})
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, *map(str, args)],
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            env=full_env,
            preexec_fn=limit_child,
        )
        if on_start is not None:
            on_start(proc)
        timed_out = False
        peak_kb = 0
        while True:
            peak_kb = max(peak_kb, _high_water_kb(proc.pid))
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                timed_out = True
                os.kill(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
        out.seek(0)
        err.seek(0)
        return Run(
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            (peak_kb or usage.ru_maxrss) / 1024,
            timed_out,
        )


def _high_water_kb(pid: int) -> int:
    """The child's peak resident memory so far (VmHWM), 0 when unknown.

    Polled rather than taken from ``wait4``: ``ru_maxrss`` also counts the pytest process's
    pages the child inherited at fork, before exec (hundreds of MB after a big test).
    """
    try:
        with open(f"/proc/{pid}/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


GOOD_TENDER = """reference: {ref}
title: A good tender among hostile files
timezone: Europe/Brussels
dates:
  - id: submission
    kind: submission
    title: Submission
    at: 2030-03-02 10:00
"""


def good_tender(folder: Path, ref: str = "GOOD-1", name: str | None = None) -> Path:
    path = folder / (name or f"{ref}.yaml")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(GOOD_TENDER.format(ref=ref), encoding="utf-8")
    return path


READ_ONE = """
import pickle, sys
from tenderctl.documents.reader import read_path
doc = read_path(sys.argv[1], sys.argv[2])
sys.stdout.buffer.write(pickle.dumps(doc))
"""


def read_document_in_child(path: Path, *, timeout: float = 120.0, limit_mb: int = 1536) -> tuple[Any, Run]:
    """Run the document reader on one file in a bounded child: (Document or None, the measured run)."""
    import pickle

    with tempfile.NamedTemporaryFile(suffix=".pickle") as out:
        code = READ_ONE.replace("sys.stdout.buffer.write(pickle.dumps(doc))", f"open({out.name!r}, 'wb').write(pickle.dumps(doc))")
        run = run_child(["-c", code, str(path), path.name], timeout=timeout, limit_mb=limit_mb)
        data = Path(out.name).read_bytes()
    return (pickle.loads(data) if run.code == 0 and data else None), run
