"""The edit lock (:mod:`tenderctl.authoring.filelock`) is this process's alone: a forked child never keeps it.

flock belongs to the open file description, which ``fork`` shares with the child: a worker forked
while a TenderFile holds its lock (the parallel tender load forks, so do the document readers)
would keep the file locked after the editor released it or died, and every later edit would wait
for that worker, then give up with "busy". The descriptor is O_CLOEXEC, which covers exec, not a
bare fork: the module closes its copies in every forked child.
"""

from __future__ import annotations

import concurrent.futures
import fcntl
import multiprocessing
import os
import time
from collections.abc import Callable
from pathlib import Path

from tenderctl.authoring import filelock


def _locked_elsewhere(path: Path) -> bool:
    """Whether another open of ``path`` (a new open file description) cannot take the flock now."""
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # also drops a lock it took
    return False


def _fork_and_wait(body: Callable[[], None] | None = None) -> tuple[int, int]:
    """Fork a child that reports ready on a pipe, then waits until ``release`` is closed."""
    ready_r, ready_w = os.pipe()
    release_r, release_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(ready_r)
            os.close(release_w)
            if body is not None:
                body()
            os.write(ready_w, b"1")
            os.read(release_r, 1)  # until the parent closes its end
        finally:
            os._exit(0)
    os.close(ready_w)
    os.close(release_r)
    assert os.read(ready_r, 1) == b"1"
    os.close(ready_r)
    return pid, release_w


def _reap(pid: int, release_w: int) -> None:
    os.close(release_w)
    os.waitpid(pid, 0)


def test_the_lock_is_held_against_another_open_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("reference: X\n", encoding="utf-8")
    lock = filelock.hold(path, time.monotonic() + 5)
    assert lock is not None
    assert _locked_elsewhere(path)
    filelock.release(lock)
    assert not _locked_elsewhere(path)


def test_a_child_forked_while_the_lock_is_held_does_not_keep_it(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("reference: X\n", encoding="utf-8")
    lock = filelock.hold(path, time.monotonic() + 5)
    assert lock is not None
    pid, release_w = _fork_and_wait()
    try:
        assert _locked_elsewhere(path), "the parent still holds it"
        filelock.release(lock)
        # The child is alive and has not exited: before the fix it shared the description, and the lock.
        assert not _locked_elsewhere(path), "a forked child kept the edit lock after the editor released it"
    finally:
        _reap(pid, release_w)


def test_the_child_knows_it_holds_nothing(tmp_path: Path) -> None:
    """In the child the lock objects are released (their descriptors closed), so a release there is a no-op."""
    path = tmp_path / "t.yaml"
    path.write_text("reference: X\n", encoding="utf-8")
    lock = filelock.hold(path, time.monotonic() + 5)
    assert lock is not None
    seen = tmp_path / "seen"

    def look() -> None:
        seen.write_text(f"{lock.fd!r} {len(filelock._HELD)}", encoding="utf-8")
        filelock.release(lock)  # must not close a descriptor the child reused for something else

    pid, release_w = _fork_and_wait(look)
    try:
        assert seen.read_text(encoding="utf-8") == "None 0"
        assert lock.fd is not None and _locked_elsewhere(path), "the parent's lock is untouched by the child"
    finally:
        _reap(pid, release_w)
        filelock.release(lock)


def test_a_process_pool_forked_under_the_lock_does_not_keep_it(tmp_path: Path) -> None:
    """The way tenderctl forks for real: the parallel tender load's fork-context process pool."""
    path = tmp_path / "t.yaml"
    path.write_text("reference: X\n", encoding="utf-8")
    lock = filelock.hold(path, time.monotonic() + 5)
    assert lock is not None
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        assert pool.submit(os.getpid).result(timeout=60) != os.getpid()  # a worker is running
        filelock.release(lock)
        assert not _locked_elsewhere(path), "a pool worker kept the edit lock"
