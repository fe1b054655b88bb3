"""Hold a file against other tenderctl editors while it is read, edited and replaced.

See :func:`hold`; :mod:`tenderctl.authoring.edit` holds every tender file it opens.

The lock is this process's alone. flock belongs to the open file description, which ``fork``
shares with the child (O_CLOEXEC covers exec only): a worker forked while a lock is held (the
parallel tender load, the document readers) would keep the file locked after this process let
go of it, or died. Every forked child therefore closes its copies at once (:func:`_forget_in_child`).
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
import time
from pathlib import Path


class Busy(Exception):
    """Another process held the file until the deadline."""


class Held:
    """An exclusive ``flock`` held on one file (see :func:`hold`); :meth:`release` runs once."""

    def __init__(self, fd: int, key: tuple[int, int]) -> None:
        self.fd: int | None = fd
        self.key = key
        self.thread = threading.get_ident()

    def release(self) -> None:
        fd, self.fd = self.fd, None
        if fd is None:
            return
        with _HELD_GUARD:
            if _HELD.get(self.key) is self:
                del _HELD[self.key]
        with contextlib.suppress(OSError):
            os.close(fd)  # closing the descriptor releases its flock


_HELD: dict[tuple[int, int], Held] = {}
"""The locks this process holds, by (device, inode)."""
_HELD_GUARD = threading.Lock()


def _forget_in_child() -> None:
    """After ``fork``, in the child: close the inherited lock descriptors (the parent's locks stay
    held; a flock lasts while any descriptor of its open file description is open) and forget
    them, so a release in the child closes nothing it opened since. No lock is taken here: the
    thread that held ``_HELD_GUARD`` at the fork does not exist in the child."""
    global _HELD_GUARD
    for lock in list(_HELD.values()):
        fd, lock.fd = lock.fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
    _HELD.clear()
    _HELD_GUARD = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


def hold(path: Path, deadline: float) -> Held | None:
    """Hold ``path`` against other tenderctl editors: an exclusive ``flock`` on the file itself.

    Two commands that each read, edit and replace the file would otherwise both succeed and
    the second would write over the first one's edit (the stale-file check and the rename
    are two steps). The lock spans the whole read-edit-write, so the second command waits,
    then reads the first one's result and applies its own edit to it. The lock is on the
    file, not on a lock file beside it, so nothing is ever left behind; because a save
    replaces the file, the caller checks that the file it locked is still the one at
    ``path`` and locks again if not. The descriptor is a plain read-only open (a FIFO or a
    device is never locked or waited on: reading refuses those). None when the file cannot
    be locked here (no ``fcntl``, a file system without locks): the stale-file check in
    :meth:`tenderctl.authoring.edit.TenderFile.save` is then the only guard, as it is against editors that do not lock.

    A lock this thread already holds on the file (a TenderFile opened and never saved or
    closed) is taken over rather than waited for, which could only end in a deadlock; the
    older TenderFile still cannot overwrite a newer file, its save checks what is on disk.
    """
    try:
        import fcntl  # lazy: its ImportError is the "cannot lock here" answer (not POSIX), kept beside it
    except ImportError:  # pragma: no cover - not POSIX
        return None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None  # reading the file says what is wrong with it
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError("not a regular file")
        key = (info.st_dev, info.st_ino)
        with _HELD_GUARD:
            mine = _HELD.get(key)
        if mine is not None and mine.thread == threading.get_ident():
            mine.release()
        pause = 0.005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Busy(str(path)) from None
                time.sleep(pause)
                pause = min(pause * 2, 0.05)
    except Busy:
        os.close(fd)
        raise
    except OSError:
        os.close(fd)
        return None
    lock = Held(fd, key)
    with _HELD_GUARD:
        _HELD[key] = lock
    return lock


def release(lock: Held | None) -> None:
    if lock is not None:
        lock.release()
