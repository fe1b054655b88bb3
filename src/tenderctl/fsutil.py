"""Files from strangers read within bounds, and files written without ever leaving a half-written one.

Every file tenderctl reads that a user or a stranger supplied (tender files, notices, OCDS
inputs, proposal documents, feed folders) is opened through :func:`read_bounded`; every file
it writes goes through :func:`atomic_write`.
"""

from __future__ import annotations

import os
import re
import signal
import stat
import tempfile
from pathlib import Path

from tenderctl.errors import TenderctlError

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_file_stem(reference: str) -> str:
    """A portable file name for a reference ("RFP 12/2025" -> "RFP-12-2025")."""
    stem = _UNSAFE_NAME.sub("-", reference).strip("-.")
    return stem[:120] or "tender"


class UnreadableFile(Exception):
    """A file that must not or cannot be read: what is wrong, and what to do about it."""

    def __init__(self, message: str, hint: str = "", size: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.size = size
        """The size seen before refusing (0 if the file could not be opened), for reports."""


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)  # POSIX only; harmless elsewhere
_CHUNK = 1 << 22
_SMALL = 1 << 16


def read_bounded(path: str | Path, max_bytes: int, *, follow_symlinks: bool = False, what: str = "file") -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file of at most ``max_bytes``, and its stat; else :class:`UnreadableFile`.

    * A symlink is refused (``O_NOFOLLOW``) unless ``follow_symlinks``: only the tenders folder
      follows links, after its discovery checked they stay inside the folder.
    * A FIFO, device or socket is never read: the open is non-blocking (so a FIFO cannot hang
      us) and the open descriptor is checked, so a file swapped after a ``stat`` is caught too.
    * The size is checked on the descriptor and again while reading, in chunks: a file that
      grows while being read (``/dev/zero`` behind a name) stops at the bound.

    ``what`` names the file in the messages ("tender file", "notice", ...).
    """
    flags = _OPEN_FLAGS | (0 if follow_symlinks else getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if not follow_symlinks and os.path.islink(path):
            raise UnreadableFile("is a symbolic link (not followed)", f"name the {what} itself") from None
        raise UnreadableFile(f"cannot read: {exc.strerror or exc}", _open_hint(exc, path)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile("is a folder", f"name the {what} inside it")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("not a regular file", f"a {what} must be a plain file, not a pipe or a device")
        if info.st_size > max_bytes:
            raise UnreadableFile(
                f"file is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit", f"is this the right {what}?", info.st_size
            )
        chunks = []
        remaining = max_bytes + 1
        # os.read allocates the size asked for before reading: ask for the file's size and a byte
        # more (growth shows), never _CHUNK for a small file (a fresh 4 MB buffer per file costs
        # page faults and cold caches, more than the read itself when thousands are read).
        wanted = info.st_size + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, _CHUNK, max(wanted, _SMALL)))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
            wanted -= len(chunk)
    except OSError as exc:
        raise UnreadableFile(f"cannot read: {exc.strerror or exc}", "check the file's permissions") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise UnreadableFile(f"grew past the {max_bytes:,}-byte limit while being read", f"is this the right {what}?", len(data))
    return data, info


def _open_hint(exc: OSError, path: str | Path) -> str:
    if isinstance(exc, PermissionError):
        return "check the file's permissions"
    if isinstance(exc, FileNotFoundError):
        return "a symbolic link to a file that is not there" if os.path.islink(path) else "check the path"
    return "check the path and its permissions"


def atomic_write(path: Path, data: bytes | tuple[bytes, ...], *, overwrite: bool = True, mode: int | None = None) -> None:
    """Write ``data`` (bytes, or a tuple of pieces written one after the other, so a large body
    is never copied to put a header before it) to ``path`` through a temporary file in the
    same folder, fsync, rename.

    Readers see the old file or the new one, never a mix; a failure (full disk, Ctrl-C)
    leaves the old file as it was and removes the temporary one. The file keeps its
    permissions. With ``overwrite=False`` an existing file is an error, checked at rename
    time with a hard link so a concurrent writer cannot slip in between.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not overwrite and path.exists():
        raise TenderctlError(f"{path}: already exists (pass --force to overwrite)")
    try:
        existing_mode = path.stat().st_mode & 0o7777
    except OSError:
        existing_mode = None
    tmp_name = ""
    try:
        # Ctrl-C or SIGTERM held back while the temporary file is made and named, so the
        # cleanup below always knows it: no signal can land between mkstemp and the try.
        held = _hold_signals()
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:  # name the file the user asked for, not our temporary one
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        finally:
            _release_signals(held)
        # the temporary name stays a str: a Path interns its parts, and a random name per write
        # would grow the interpreter's interned-string table over a long import (about 1 MiB near
        # 10,000 files); an OSError on it then also names it as ``tmp_name``, as the handler expects
        tmp = tmp_name
        with os.fdopen(fd, "wb") as handle:
            for piece in data if isinstance(data, tuple) else (data,):
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        final_mode = mode if mode is not None else existing_mode
        if final_mode is None:
            umask = os.umask(0)
            os.umask(umask)
            final_mode = 0o666 & ~umask
        os.chmod(tmp, final_mode)
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise TenderctlError(f"{path}: already exists (pass --force to overwrite)") from None
            os.unlink(tmp)
        _fsync_dir(folder)
    except BaseException as exc:
        if tmp_name:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
        if isinstance(exc, OSError) and exc.filename in (None, tmp_name):  # say which file could not be written
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise


_HELD = {getattr(signal, n) for n in ("SIGINT", "SIGTERM") if hasattr(signal, n)}


def _hold_signals() -> set[int | signal.Signals] | None:
    """Block SIGINT and SIGTERM in this thread (POSIX); the previous mask, or None where unsupported."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)


def _release_signals(held: set[int | signal.Signals] | None) -> None:
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a signal that came meanwhile is delivered now


TEMP_PATTERN = r"\.{name}\.[A-Za-z0-9_]{{8}}\.tmp"
"""What :func:`atomic_write` names its temporary files (``.<name>.XXXXXXXX.tmp``), as a regex template."""


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
