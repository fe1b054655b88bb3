"""What a reader worker does to itself, and what the parent clears after it (see :mod:`.sandbox`).

A worker must not outlive the run that started it, nor leave files behind:

* **bounds**: ``RLIMIT_AS`` (memory), no core dumps, and ``RLIMIT_CPU`` reset before each task
  to the CPU time used so far plus the task's budget (:func:`cpu_bound`). The parent's wall
  clock is the main bound; the CPU limit is what still stops a runaway parser when the parent
  cannot (it was stopped, or killed and the worker missed it).
* **dies with its parent**: on Linux ``prctl(PR_SET_PDEATHSIG, SIGKILL)``, so a parent killed
  with SIGKILL (or SIGTERM, which Python does not catch) takes its workers with it even in
  the middle of a task; elsewhere, or when the worker was not started by the main thread (the
  signal follows the thread that forked), a daemon thread watches the parent id and ends the
  worker when it changes (:func:`die_with_parent`).
* **its own temporary folder**: ``TMPDIR`` points every library the worker runs (OCR, archive
  readers) into a folder made for that worker, which the parent removes when the worker ends,
  whatever killed it; folders of runs whose process is gone (SIGKILL) are removed by the next
  run (:func:`sweep_stale`).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable

PR_SET_PDEATHSIG = 1
PREFIX = "tenderctl-worker-"
"""Name of a worker's temporary folder: ``tenderctl-worker-<parent pid>-<random>``."""


_BOUNDED: list[bool] = [False]


def bounded() -> bool:
    """True in a reader worker (its limits lowered by :func:`limit_resources`): where a library
    that may crash on a hostile file (pdf_oxide, see ``formats.pdf_fast``) costs only the worker,
    and the parent reads the file again without it."""
    return _BOUNDED[0]


def limit_resources(memory_mb: int) -> None:
    """Lower this process's address-space and core-dump limits (never raises them)."""
    _BOUNDED[0] = True
    try:
        import resource  # lazy: 1 ms on check, only in a worker
    except ImportError:  # pragma: no cover - not on POSIX
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


MMAP_THRESHOLD = 4 * 1024 * 1024
"""Allocations at least this large get pages of their own (glibc's default: 128 KiB, growing)."""
TRIM_THRESHOLD = 32 * 1024 * 1024
"""Free memory at the top of the heap kept for the next allocation, up to this much."""


def keep_freed_memory() -> None:
    """Let glibc's malloc reuse the memory a reader frees instead of handing it back to the kernel.

    PDFium allocates and frees buffers of a few hundred KiB for every page. With glibc's
    defaults each one is a fresh ``mmap`` (or heap growth trimmed again at once), so every page
    faults its memory in anew: a 300-page text PDF took 77,000 page faults and 0.15 s of system
    time, a third of PDFium's own work (pdftotext: 1,000 faults). Raised thresholds keep those
    buffers in the heap; the address-space bound (``RLIMIT_AS``) still counts all of it. No-op
    where the C library has no ``mallopt`` (musl, macOS).
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
        libc.gnu_get_libc_version  # noqa: B018  # glibc only: another libc's mallopt may mean otherwise
    except (OSError, AttributeError):
        return
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    m_trim_threshold, m_mmap_threshold = -1, -3  # <malloc.h>
    mallopt(m_mmap_threshold, MMAP_THRESHOLD)
    mallopt(m_trim_threshold, TRIM_THRESHOLD)


def cpu_bound(seconds: float) -> None:
    """Allow this process ``seconds`` more CPU time from now (SIGXCPU ends it past that).

    Only the soft limit moves, so the next task can have its own budget; a hard limit set
    by the user is never passed.
    """
    if seconds <= 0:
        return
    try:
        import resource  # lazy: 1 ms on check, only in a worker
    except ImportError:  # pragma: no cover - not on POSIX
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime + seconds) + 1
    with contextlib.suppress(ValueError, OSError):
        _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def die_with_parent(parent: int, deathsig: bool) -> None:
    """End this process as soon as process ``parent`` is gone (see the module docstring)."""

    if deathsig and sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
        if armed:
            if os.getppid() != parent:  # gone before the signal was armed
                os._exit(0)
            return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.25)
        os.kill(os.getpid(), signal.SIGKILL)  # mid-task too: nothing to save for a parent that is gone

    threading.Thread(target=watch, name="tenderctl-parent-watch", daemon=True).start()


def use_tmp(folder: str) -> None:
    """Send this process's temporary files (and those of what it runs) into ``folder``."""
    if not folder:
        return

    os.environ["TMPDIR"] = folder
    tempfile = sys.modules.get("tempfile")
    if tempfile is not None:  # a forked worker inherits the parent's cached choice
        setattr(tempfile, "tempdir", folder)  # noqa: B010 (a module found at run time)


def _base() -> str | None:
    for candidate in (os.environ.get("TMPDIR"), "/tmp", "/var/tmp"):
        if candidate and os.path.isdir(candidate) and os.access(candidate, os.W_OK | os.X_OK):
            return candidate
    return None


def make_tmp() -> str:
    """A new private folder for one worker's temporary files ("" when none can be made)."""
    base = _base()
    if base is None:
        return ""
    for _attempt in range(5):
        path = os.path.join(base, f"{PREFIX}{os.getpid()}-{os.urandom(6).hex()}")
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            continue
        except OSError:
            return ""
        return path
    return ""


def remove_tmp(folder: str) -> None:
    """Remove a worker's temporary folder and whatever it left there (never follows links)."""
    if not folder:
        return
    try:
        os.rmdir(folder)  # the usual case: nothing was left
        return
    except FileNotFoundError:
        return
    except OSError:
        pass

    shutil.rmtree(folder, ignore_errors=True)


def sweep_stale() -> int:
    """Remove the worker folders of runs whose process is gone (a run killed with SIGKILL
    cannot clear its own); only this user's folders, never a live run's. Returns how many."""
    base = _base()
    if base is None:
        return 0
    removed = 0
    try:
        entries = list(os.scandir(base))
    except OSError:
        return 0
    uid = os.getuid() if hasattr(os, "getuid") else None
    for entry in entries:
        if not entry.name.startswith(PREFIX):
            continue
        try:
            owner = int(entry.name[len(PREFIX) :].split("-", 1)[0])
            info = entry.stat(follow_symlinks=False)
        except (ValueError, OSError):
            continue
        if owner == os.getpid() or (uid is not None and info.st_uid != uid) or not entry.is_dir(follow_symlinks=False):
            continue
        if _alive(owner):
            continue
        remove_tmp(entry.path)
        removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


def sigterm_as_interrupt() -> Callable[[], None]:
    """While workers run, SIGTERM raises KeyboardInterrupt as Ctrl-C does, so the caller's own
    cleanup stops the workers and removes their folders (and the CLI exits 130). Only from the
    main thread and over the default handler (a caller's own handler is left alone); returns
    what puts the default back."""

    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return lambda: None

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)

    def undo() -> None:
        if signal.getsignal(signal.SIGTERM) is interrupt:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)

    return undo
