"""Run benchmark commands from a small launcher process, for honest peak RSS figures.

Linux counts a forked child's memory from before its ``exec`` in its peak RSS (``ru_maxrss``): a
command started by a benchmark that has imported pypdfium2 and reportlab would report the
benchmark's 50 MiB. So commands are started by a launcher, a bare Python started before anything
heavy is imported, that waits for each with ``os.wait4`` and reports its exit code and the peak
RSS of its process tree (the largest process in it). The launcher's own size (about 10 MiB) is the
smallest figure a command can show.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any

LAUNCHER = r"""
import json, os, subprocess, sys
for line in sys.stdin:
    job = json.loads(line)
    child = subprocess.Popen(job["cmd"], cwd=job.get("cwd"), env=job.get("env"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    cpu = usage.ru_utime + usage.ru_stime
    sys.stdout.write(json.dumps([os.waitstatus_to_exitcode(status), usage.ru_maxrss, cpu]) + "\n")
    sys.stdout.flush()
"""


class Launcher:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-S", "-c", LAUNCHER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
        )

    def run(
        self, cmd: list[str], *, cwd: str | os.PathLike[str] | None = None, env: dict[str, str] | None = None
    ) -> tuple[float, int, int, float]:
        """Wall seconds (as seen here), exit code, peak RSS in KiB and CPU seconds (user + system,
        the whole tree) of one run of ``cmd``."""
        assert self.process.stdin is not None and self.process.stdout is not None
        job: dict[str, Any] = {"cmd": [str(c) for c in cmd], "cwd": str(cwd) if cwd else None, "env": env}
        started = time.perf_counter()
        self.process.stdin.write(json.dumps(job) + "\n")
        reply = self.process.stdout.readline()
        wall = time.perf_counter() - started
        code, peak, cpu = json.loads(reply)
        return wall, int(code), int(peak), float(cpu)

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait()
