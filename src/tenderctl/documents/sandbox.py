"""Run untrusted-file work in worker processes with a wall-time and an address-space bound.

A PDF or an Office file from a stranger can make a parser loop, allocate gigabytes or crash
in C code. Each file is therefore read in a worker process: the worker lowers its own
``RLIMIT_AS`` (so a runaway allocation fails inside the worker, not the machine), the parent
kills a worker that overruns its time and starts a fresh one. One hostile file costs one
"unreadable" result; the rest of the run goes on.

Workers are long-lived (one per core) and receive tasks over a pipe, so ten thousand small
files do not pay ten thousand process starts. Tasks name a function by module and name (only
inside ``tenderctl``), which keeps them picklable and the worker's attack surface small.

A worker also has a CPU-time bound per task, dies with its parent (even when the parent is
killed with SIGKILL) and keeps its temporary files in a folder of its own, removed when it
ends: see :mod:`tenderctl.documents.confine`.
"""

from __future__ import annotations

import contextlib
import faulthandler
import importlib
import os
import pickle
import select
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tenderctl.documents import confine
from tenderctl.documents.channel import Channel
from tenderctl.fsutil import _hold_signals, _release_signals

if TYPE_CHECKING:
    import subprocess  # imported when a worker is spawned: a forked one never needs it

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
    share: float = 1.0
    """Of the time bound, what this attempt may take: the rest is for an attempt in its place
    (``Runner.on_failure``), which gets only what the earlier ones left."""


class Failure(Exception):
    """A task did not finish: killed on time, out of memory, crashed, or raised."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _call(task: Task) -> Any:
    if not task.module.startswith("tenderctl."):
        raise ValueError(f"refusing to run {task.module}")

    module = importlib.import_module(task.module)
    return getattr(module, task.function)(*task.args)


def _worker_main(conn: Channel, memory_mb: int) -> None:
    """Worker loop: receive (index, task, CPU seconds), send (index, ok, value)."""

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and kills us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, if forked
    confine.limit_resources(memory_mb)
    confine.keep_freed_memory()
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, task, cpu_seconds = message
        confine.cpu_bound(cpu_seconds)
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


def _spawn(fd: int, memory_mb: int, tmp: str, warm: bool) -> subprocess.Popen[bytes]:
    """A fresh interpreter running :func:`_child_main` on the inherited socket ``fd``."""
    import subprocess  # lazy: only to spawn a worker (a forked one never needs it)

    code = (
        "import sys; from tenderctl.documents.sandbox import _child_main; "
        "_child_main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == '1', sys.argv[5], sys.argv[6] == '1')"
    )
    deathsig = threading.current_thread() is threading.main_thread()
    return subprocess.Popen(
        [sys.executable, "-c", code, str(fd), str(memory_mb), str(os.getpid()), "1" if deathsig else "0", tmp, "1" if warm else "0"],
        pass_fds=(fd,),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        close_fds=True,
    )


def _can_fork(memory_mb: int) -> bool:
    """Fork only on Linux, from a single-threaded process (a fork copies no other thread, so a
    lock one of them held would stay locked in the child), and when this process is small
    enough that the worker's memory bound still leaves room to read files."""

    if not sys.platform.startswith("linux") or os.environ.get("TENDERCTL_NO_FORK") or threading.active_count() != 1:
        return False
    try:
        with open("/proc/self/statm", "rb") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return False
    return memory_mb <= 0 or size < memory_mb * 1024 * 1024 // 4


def can_fork(memory_mb: int) -> bool:
    """Whether a worker started now would be forked from this process (and so hold its memory)."""
    return _can_fork(memory_mb)


class _Forked:
    """A forked worker, with the slice of the ``Popen`` interface the pool uses."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    @classmethod
    def start(cls, child_fd: int, parent_fd: int, memory_mb: int, tmp: str, warm: bool) -> _Forked:
        parent = os.getpid()
        for stream in (sys.stdout, sys.stderr):  # or the child would write out the buffered text again
            with contextlib.suppress(Exception):
                stream.flush()
        # Ctrl-C goes to the whole process group, the worker being born included: held back over the
        # fork, it cannot land in the Python that runs in the child before its own handlers are set
        # (threading's after-fork hook printed "Exception ignored ... KeyboardInterrupt" on the
        # terminal). The child then ignores it, which drops it; the parent gets it once the worker is known.
        held = _hold_signals()
        pid = os.fork()
        if pid == 0:  # the worker: it never returns into the caller's code
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and kills us
                signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler
                _release_signals(held)
                faulthandler.disable()  # a crash on a hostile file is reported by the parent, not dumped on its stderr
                os.close(parent_fd)
                devnull = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(devnull, fd)
                _child_main(child_fd, memory_mb, parent, True, tmp, warm)  # single-threaded: this is the main thread
            finally:
                os._exit(1)
        try:
            return cls(pid)
        finally:
            _release_signals(held)

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.returncode = -1
            else:
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.poll() is None:
            if timeout is None:
                with contextlib.suppress(ChildProcessError):
                    self.returncode = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
            elif not _wait_exit(self.pid, timeout) or self.poll() is None:
                raise TimeoutError(f"worker {self.pid} still running")
        return self.returncode if self.returncode is not None else -1

    def kill(self) -> None:

        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)


class _Worker:
    """A worker process: forked from this one when that is safe (cheap: the interpreter and
    tenderctl are already loaded), otherwise started as ``python -c`` (never by re-importing
    the caller's ``__main__``)."""

    def __init__(self, memory_mb: int, warm: bool = True) -> None:

        parent, child = Channel.pair()
        self.conn = parent
        self.tmp = confine.make_tmp()
        self.process: subprocess.Popen[bytes] | _Forked
        try:
            self.process = (
                _Forked.start(child.fileno(), parent.fileno(), memory_mb, self.tmp, warm)
                if _can_fork(memory_mb)
                else _spawn(child.fileno(), memory_mb, self.tmp, warm)
            )
        except BaseException:
            parent.close()
            confine.remove_tmp(self.tmp)
            raise
        finally:
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
        self.clear_tmp()

    def clear_tmp(self) -> None:
        """Remove the worker's temporary folder, once it has exited (whatever it left there)."""

        if self.tmp and self.process.poll() is not None:
            confine.remove_tmp(self.tmp)
            self.tmp = ""

    def ask_to_stop(self) -> None:
        """Tell an idle worker to exit (it does at once, see :func:`_child_main`)."""
        with contextlib.suppress(Exception):
            self.conn.send(None)
        with contextlib.suppress(Exception):
            self.conn.close()

    def reap(self, deadline: float) -> None:
        """Wait for the exit asked for, until ``deadline``; kill a worker that does not go."""
        if _wait_exit(self.process.pid, deadline - time.monotonic()) and self.process.poll() is not None:
            self.clear_tmp()
            return
        try:
            self.process.wait(max(0.0, deadline - time.monotonic()))
        except Exception:
            self.kill()
        self.clear_tmp()


def _wait_exit(pid: int, timeout: float) -> bool:
    """Block until process ``pid`` exits or ``timeout`` passes, without polling in a sleep loop
    (``Popen.wait(timeout)`` sleeps in steps, which cost every run tens of milliseconds).
    False when this system cannot wait that way."""
    if not hasattr(os, "pidfd_open"):
        return False

    try:
        fd = os.pidfd_open(pid)
    except OSError:
        return False
    try:
        select.select([fd], [], [], max(0.0, timeout))
    finally:
        os.close(fd)
    return True


def _stop_all(workers: Sequence[_Worker], grace: float = 2.0) -> None:
    """Ask every idle worker to exit, then reap them all (in parallel, not one after another)."""
    for worker in workers:
        worker.ask_to_stop()
    deadline = time.monotonic() + grace
    for worker in workers:
        worker.reap(deadline)


def _child_main(fd: int, memory_mb: int, parent: int = 0, deathsig: bool = True, tmp: str = "", warm: bool = True) -> None:
    """Entry point of a worker process (see :class:`_Worker`); ``parent`` is the pid it must
    not outlive, ``tmp`` its own temporary folder (see :mod:`tenderctl.documents.confine`);
    ``warm``: import the readers before the first task comes."""

    if parent:
        confine.die_with_parent(parent, deathsig)
    confine.use_tmp(tmp)
    conn = Channel.from_fd(fd)
    if warm:
        _warm_up()
    _worker_main(conn, memory_mb)
    os._exit(0)  # nothing to flush or clean up: skip the interpreter's teardown, let the parent go on


def _warm_up() -> None:
    """Import the PDF reader before the first task comes (nothing to do in a worker forked from a
    parent that has it already). lxml is left to the first Office file: a folder of PDFs never
    needs it, and it cost each worker 16 ms of CPU at the start of the reading."""
    with contextlib.suppress(ImportError):
        # lazy: what a worker imports before its first task; at the top, every command would pay it
        import pypdfium2  # type: ignore[import-untyped] # noqa: F401  # lazy: the readers' engine, as above

        import tenderctl.documents.formats.pdf  # lazy: warm-up of a spawned worker, with the one above
        import tenderctl.documents.reader  # noqa: F401  # lazy: the warm-up, as above


def _death_reason(exitcode: int | None, memory_mb: int) -> str:

    if exitcode is None:
        return "the reader stopped answering"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if -exitcode in (signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS):
            return f"the reader crashed ({name}), probably out of its memory bound ({memory_mb} MB) or on a malformed file"
        if -exitcode == getattr(signal, "SIGXCPU", None):
            return "the reader used up its CPU time bound (twice the time bound; stopped)"
        return f"the reader was killed ({name})"
    return f"the reader exited unexpectedly (code {exitcode})"


PIPELINE = 8
"""Small tasks queued ahead per worker, so ten thousand tiny files do not wait on round trips."""
SMALL = 256 * 1024
"""Tasks at most this heavy (bytes) may be queued behind another; heavier ones run alone."""


class Runner:
    """Tasks running in bounded workers, started now and collected later.

    :meth:`start` launches the workers and hands them their first tasks without waiting, so
    the caller can do its own work (load a tender, import rules) while the files are read;
    :meth:`finish` waits for the rest. Every task is reported exactly once, by index, to
    ``on_result`` or ``on_failure``; ``progress(done, total)`` is called after each.
    ``weights`` (e.g. file sizes) put heavy tasks first so both cores finish together; small
    tasks are queued a few at a time per worker. The time bound applies to each task from
    the moment its worker starts it; when a worker is killed, the tasks queued behind the
    culprit go back to the queue. ``warm=False`` starts workers without importing the readers
    first (for tasks that are not readers, see :func:`tenderctl.checks.engine.run_checks`).
    """

    def __init__(
        self,
        tasks: Sequence[Task],
        on_result: Callable[[int, Any], None],
        on_failure: Callable[[int, str], Task | None],
        *,
        timeout: float = DEFAULT_TIMEOUT,
        memory_mb: int = DEFAULT_MEMORY_MB,
        workers: int | None = None,
        progress: Callable[[int, int], None] | None = None,
        weights: Sequence[int] | None = None,
        warm: bool = True,
        doing: str = "to read",
    ) -> None:
        self.tasks = list(tasks)
        self.warm = warm
        self.doing = doing
        """What a task does, for the time-out message ("took longer than 60 s to read")."""
        self.on_result = on_result
        self.on_failure = on_failure
        self.progress = progress
        self.timeout = timeout
        self.memory_mb = memory_mb
        total = len(tasks)
        self.weight = list(weights) if weights is not None and len(weights) == total else [0] * total
        self.count = max(1, min(workers or os.cpu_count() or 1, total))
        self.pending: deque[int] = deque(sorted(range(total), key=lambda i: -self.weight[i]))
        self.pool: list[_Worker] = []
        self.done = 0
        self.attempts = [0] * total
        self.started, self.spent = [0.0] * total, [0.0] * total  # when each began; its failed attempts' seconds
        self.undo_sigterm: Callable[[], None] = lambda: None

    def _report(self, index: int) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, len(self.tasks))

    def _fail(self, index: int, reason: str) -> None:
        retry = self.on_failure(index, reason)  # or a task to run in its place (another way to read the file)
        if retry is not None:
            if self.started[index]:  # it ran (a task never handed over took none of the bound)
                self.spent[index] += max(0.0, time.monotonic() - self.started[index])
                self.started[index] = 0.0
            self.tasks[index] = retry
            return self.pending.append(index)
        self._report(index)

    def _bound(self, index: int) -> float:
        """Seconds task ``index`` may run: its share of the bound, within what earlier attempts left."""
        return max(0.0, min(self.timeout * self.tasks[index].share, self.timeout - self.spent[index]))

    def _start_clock(self, worker: _Worker, index: int) -> None:
        self.started[index] = time.monotonic()  # task ``index`` heads ``worker``'s queue from now
        worker.deadline = self.started[index] + self._bound(index)

    def _feed(self, worker: _Worker) -> bool:
        """Queue tasks on ``worker``; False when the worker turned out to be dead."""

        pending, weight = self.pending, self.weight
        # Deep queues only while there is plenty left: near the end a task queued behind a busy
        # worker would wait while another worker sits idle.
        depth = min(PIPELINE, max(2, len(pending) // (2 * self.count)))
        while pending and len(worker.queue) < depth:
            if worker.queue and (weight[pending[0]] > SMALL or weight[worker.queue[-1]] > SMALL):
                break
            index = pending.popleft()
            try:
                payload = pickle.dumps((index, self.tasks[index], self.cpu_seconds()))
            except Exception as exc:  # a task that cannot be sent would be retried forever
                self._fail(index, f"could not hand the task to a worker ({type(exc).__name__}: {str(exc)[:200]})")
                continue
            try:
                worker.conn.send_bytes(payload)
            except Exception:
                self.attempts[index] += 1
                if self.attempts[index] >= 3:
                    self._fail(index, "could not hand the task to a worker (workers keep dying)")
                else:
                    pending.appendleft(index)
                return False
            if not worker.queue:
                self._start_clock(worker, index)
            worker.queue.append(index)
        return True

    def _retire(self, worker: _Worker, reason: str | None) -> None:
        """Kill ``worker``; its running task fails with ``reason``, queued ones go back."""
        worker.kill()
        self.pool.remove(worker)
        if worker.queue:
            head = worker.queue.popleft()
            if reason is not None:
                self._fail(head, reason)
            else:
                self.pending.appendleft(head)
            for index in reversed(worker.queue):
                self.pending.appendleft(index)
            worker.queue.clear()

    def _staff(self) -> None:
        """Feed the workers; start new ones while there is work and room."""
        for worker in list(self.pool):
            if not self._feed(worker):
                self._retire(worker, None)
        while len(self.pool) < self.count and self.pending:
            try:
                worker = _Worker(self.memory_mb, self.warm)
            except OSError as exc:  # cannot start a process at all (limits, no memory)
                if self.pool:
                    break  # carry on with the workers we have
                while self.pending:
                    self._fail(self.pending.popleft(), f"could not start a reader process: {exc.strerror or exc}")
                break
            self.pool.append(worker)
            if not self._feed(worker):
                self._retire(worker, None)

    def cpu_seconds(self) -> float:
        """A task's CPU-time budget: twice its wall time, so a reader on two cores (OCR) is never
        stopped by it before the wall clock would; it matters when the parent cannot act."""
        return 2 * self.timeout + 1

    def set_timeout(self, timeout: float) -> None:
        """Change the time bound, also for the tasks already running (from when they started)."""
        self.timeout = timeout
        for worker in self.pool:
            if worker.queue:
                head = worker.queue[0]
                worker.deadline = self.started[head] + self._bound(head)

    def start(self) -> Runner:
        """Start the workers and hand out the first tasks; return at once."""

        confine.sweep_stale()  # what runs killed with SIGKILL left
        self.undo_sigterm = confine.sigterm_as_interrupt()
        try:
            self._staff()
        except BaseException:
            self.close()
            raise
        return self

    def finish(self) -> None:
        """Wait until every task is reported, then stop the workers."""

        try:
            while self.pending or any(w.queue for w in self.pool):
                self._staff()
                busy = [w for w in self.pool if w.queue]
                if not busy:
                    continue
                wait_for = max(0.0, min(w.deadline for w in busy) - time.monotonic())
                select.select([w.conn for w in busy], [], [], wait_for + 0.01)
                for worker in busy:
                    self._collect(worker)
        finally:
            self.close()

    def _collect(self, worker: _Worker) -> None:
        """Take ``worker``'s finished results; retire it when it died or overran."""
        dead_reason = None
        try:
            while worker.queue and worker.conn.poll():
                index, ok, value = worker.conn.recv()
                head = worker.queue.popleft()
                if index != head:  # cannot happen with an honest worker
                    raise ValueError("out of order")
                if ok:
                    self.on_result(index, value)
                    self._report(index)
                else:  # the reader raised (out of memory, say): maybe another way to read the file
                    self._fail(index, value)
                if worker.queue:
                    self._start_clock(worker, worker.queue[0])
        except (EOFError, OSError):
            dead_reason = _death_reason(worker.exitcode(), self.memory_mb)
        except Exception as exc:  # a garbled reply
            dead_reason = f"the reader sent a garbled result ({type(exc).__name__})"
        if not worker.queue and dead_reason is None:
            return
        if dead_reason is None and not worker.alive():
            dead_reason = _death_reason(worker.exitcode(), self.memory_mb)
        if dead_reason is None and time.monotonic() >= worker.deadline:
            dead_reason = f"took longer than {self.timeout:g} s {self.doing} (stopped)"
        if dead_reason is not None:
            self._retire(worker, dead_reason)

    def close(self) -> None:
        """Stop every worker (killing busy ones); safe to call twice."""
        idle = [w for w in self.pool if not w.queue]
        for worker in self.pool:
            if worker.queue:
                worker.kill()
        _stop_all(idle)
        self.pool.clear()
        self.undo_sigterm()


def run_tasks(tasks: Sequence[Task], on_result: Callable[[int, Any], None], on_failure: Callable[[int, str], None], **options: Any) -> None:
    """Run ``tasks`` in bounded workers and wait for all of them (``options``: see :class:`Runner`)."""
    if tasks:
        Runner(tasks, on_result, on_failure, **options).start().finish()


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
