"""Run untrusted-file work in worker processes with a wall-time and an address-space bound.

A PDF or an Office file from a stranger can make a parser loop, allocate gigabytes or crash
in C code. Each file is therefore read in a worker process: the worker lowers its own
``RLIMIT_AS`` (so a runaway allocation fails inside the worker, not the machine), the parent
kills a worker that overruns its time and starts a fresh one. One hostile file costs one
"unreadable" result; the rest of the run goes on.

Workers are long-lived (one per core) and receive tasks over a pipe, so ten thousand small
files do not pay ten thousand process starts. Tasks name a function by module and name (only
inside ``tenderctl``), which keeps them picklable and the worker's attack surface small.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

DEFAULT_TIMEOUT = 60.0
"""Seconds one file may take before its worker is killed."""
DEFAULT_MEMORY_MB = 1536
"""Address space per worker; a 300-page PDF needs well under 300 MB, a zip bomb would need gigabytes."""


@dataclass(frozen=True)
class Task:
    """One call to run in a worker: ``module.function(*args)``."""

    module: str
    function: str
    args: tuple[Any, ...]


class Failure(Exception):
    """A task did not finish: killed on time, out of memory, crashed, or raised."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _limit_resources(memory_mb: int) -> None:
    """Lower this process's address-space and core-dump limits (never raises them)."""
    try:
        import resource
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


def _call(task: Task) -> Any:
    if not task.module.startswith("tenderctl."):
        raise ValueError(f"refusing to run {task.module}")
    import importlib

    module = importlib.import_module(task.module)
    return getattr(module, task.function)(*task.args)


def _worker_main(conn: Any, memory_mb: int) -> None:
    """Worker loop: receive (index, task), send (index, ok, value)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and kills us
    _limit_resources(memory_mb)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, task = message
        try:
            reply = (index, True, _call(task))
        except MemoryError:
            reply = (index, False, f"ran out of its memory bound ({memory_mb} MB)")
        except RecursionError:
            reply = (index, False, "nested too deeply to read (recursion limit)")
        except Exception as exc:  # a reader bug or a library choking on the file: report, don't die
            reply = (index, False, f"reader error: {type(exc).__name__}: {str(exc)[:300]}")
        try:
            conn.send(reply)
        except MemoryError:
            conn.send((index, False, f"result too large for the memory bound ({memory_mb} MB)"))
        except Exception as exc:
            conn.send((index, False, f"could not return the result: {type(exc).__name__}: {str(exc)[:200]}"))


class _Worker:
    """A worker process started as ``python -c`` (never by re-importing the caller's ``__main__``)."""

    def __init__(self, memory_mb: int) -> None:
        import subprocess
        import sys
        from multiprocessing import Pipe

        parent, child = Pipe(duplex=True)
        self.conn = parent
        code = "import sys; from tenderctl.documents.sandbox import _child_main; _child_main(int(sys.argv[1]), int(sys.argv[2]))"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(child.fileno()), str(memory_mb)],
            pass_fds=(child.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )
        child.close()
        self.queue: deque[int] = deque()
        self.deadline = 0.0

    def alive(self) -> bool:
        return self.process.poll() is None

    def exitcode(self) -> int | None:
        with contextlib.suppress(Exception):
            self.process.wait(1)
        return self.process.returncode

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.wait(5)
        with contextlib.suppress(Exception):
            self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.send(None)
        try:
            self.process.wait(2)
        except Exception:
            self.kill()
        with contextlib.suppress(Exception):
            self.conn.close()


def _child_main(fd: int, memory_mb: int) -> None:
    """Entry point of a worker process (see :class:`_Worker`)."""
    from multiprocessing.connection import Connection

    conn = Connection(fd)
    with contextlib.suppress(ImportError):  # warm up while the parent lists the folder
        import lxml.etree  # type: ignore[import-untyped] # noqa: F401
        import pypdfium2  # type: ignore[import-untyped] # noqa: F401
    _worker_main(conn, memory_mb)


def _death_reason(exitcode: int | None, memory_mb: int) -> str:
    import signal

    if exitcode is None:
        return "the reader stopped answering"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if -exitcode in (signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS):
            return f"the reader crashed ({name}), probably out of its memory bound ({memory_mb} MB) or on a malformed file"
        return f"the reader was killed ({name})"
    return f"the reader exited unexpectedly (code {exitcode})"


PIPELINE = 8
"""Small tasks queued ahead per worker, so ten thousand tiny files do not wait on round trips."""
SMALL = 256 * 1024
"""Tasks at most this heavy (bytes) may be queued behind another; heavier ones run alone."""


def run_tasks(
    tasks: Sequence[Task],
    on_result: Callable[[int, Any], None],
    on_failure: Callable[[int, str], None],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    weights: Sequence[int] | None = None,
) -> None:
    """Run ``tasks`` in bounded workers; report each by index to ``on_result`` or ``on_failure``.

    Every task is reported exactly once; ``progress(done, total)`` is called after each.
    ``weights`` (e.g. file sizes) put heavy tasks first so both cores finish together; small
    tasks are queued a few at a time per worker. The time bound applies to each task from
    the moment its worker starts it; when a worker is killed, the tasks queued behind the
    culprit go back to the queue.
    """
    from multiprocessing.connection import wait

    total = len(tasks)
    if not total:
        return
    weight = list(weights) if weights is not None and len(weights) == total else [0] * total
    count = max(1, min(workers or os.cpu_count() or 1, total))
    pending: deque[int] = deque(sorted(range(total), key=lambda i: -weight[i]))
    pool: list[_Worker] = []
    done = 0

    def report(index: int) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    attempts = [0] * total

    def feed(worker: _Worker) -> bool:
        """Queue tasks on ``worker``; False when the worker turned out to be dead."""
        import pickle

        while pending and len(worker.queue) < PIPELINE:
            if worker.queue and (weight[pending[0]] > SMALL or weight[worker.queue[-1]] > SMALL):
                break
            index = pending.popleft()
            try:
                payload = pickle.dumps((index, tasks[index]))
            except Exception as exc:  # a task that cannot be sent would be retried forever
                on_failure(index, f"could not hand the task to a worker ({type(exc).__name__}: {str(exc)[:200]})")
                report(index)
                continue
            try:
                worker.conn.send_bytes(payload)
            except Exception:
                attempts[index] += 1
                if attempts[index] >= 3:
                    on_failure(index, "could not hand the task to a worker (workers keep dying)")
                    report(index)
                else:
                    pending.appendleft(index)
                return False
            if not worker.queue:
                worker.deadline = time.monotonic() + timeout
            worker.queue.append(index)
        return True

    def retire(worker: _Worker, reason: str | None) -> None:
        """Kill ``worker``; its running task fails with ``reason``, queued ones go back."""
        worker.kill()
        pool.remove(worker)
        if worker.queue:
            head = worker.queue.popleft()
            if reason is not None:
                on_failure(head, reason)
                report(head)
            else:
                pending.appendleft(head)
            for index in reversed(worker.queue):
                pending.appendleft(index)
            worker.queue.clear()

    try:
        while pending or any(w.queue for w in pool):
            for worker in list(pool):
                if not feed(worker):
                    retire(worker, None)
            while len(pool) < count and pending:
                try:
                    worker = _Worker(memory_mb)
                except OSError as exc:  # cannot start a process at all (limits, no memory)
                    if pool:
                        break  # carry on with the workers we have
                    while pending:
                        index = pending.popleft()
                        on_failure(index, f"could not start a reader process: {exc.strerror or exc}")
                        report(index)
                    break
                pool.append(worker)
                if not feed(worker):
                    retire(worker, None)
            busy = [w for w in pool if w.queue]
            if not busy:
                continue
            wait_for = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            wait([w.conn for w in busy], timeout=wait_for + 0.01)
            for worker in busy:
                dead_reason = None
                try:
                    while worker.queue and worker.conn.poll():
                        index, ok, value = worker.conn.recv()
                        head = worker.queue.popleft()
                        if index != head:  # cannot happen with an honest worker
                            raise ValueError("out of order")
                        if ok:
                            on_result(index, value)
                        else:
                            on_failure(index, value)
                        report(index)
                        worker.deadline = time.monotonic() + timeout
                except (EOFError, OSError):
                    dead_reason = _death_reason(worker.exitcode(), memory_mb)
                except Exception as exc:  # a garbled reply
                    dead_reason = f"the reader sent a garbled result ({type(exc).__name__})"
                if not worker.queue and dead_reason is None:
                    continue
                if dead_reason is None and not worker.alive():
                    dead_reason = _death_reason(worker.exitcode(), memory_mb)
                if dead_reason is None and time.monotonic() >= worker.deadline:
                    dead_reason = f"took longer than {timeout:g} s to read (stopped)"
                if dead_reason is not None:
                    retire(worker, dead_reason)
    finally:
        for worker in pool:
            if worker.queue:
                worker.kill()
            else:
                worker.stop()


def run_one(task: Task, *, timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB) -> Any:
    """Run one task in a bounded worker; raise :class:`Failure` with the reason when it fails."""
    box: dict[str, Any] = {}
    run_tasks(
        [task],
        lambda _i, value: box.__setitem__("value", value),
        lambda _i, reason: box.__setitem__("failure", reason),
        timeout=timeout,
        memory_mb=memory_mb,
        workers=1,
    )
    if "failure" in box:
        raise Failure(box["failure"])
    return box.get("value")


# Probes: real misbehaviour for the tests that prove the bounds (a loop, an allocation, a crash).


def probe_sleep(seconds: float) -> str:
    """Hang like a parser in an endless loop (for the time-bound tests)."""
    time.sleep(seconds)
    return "woke up"


def probe_allocate(megabytes: int) -> int:
    """Allocate like a zip bomb would (for the memory-bound tests)."""
    blob = bytearray(megabytes * 1024 * 1024)
    return len(blob)


def probe_crash() -> None:
    """Die like a C library on a malformed file (for the crash tests)."""
    os.abort()


def probe_echo(value: Any) -> Any:
    return value
