"""Writing files without ever leaving a half-written one behind."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from tenderctl.errors import TenderctlError

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_file_stem(reference: str) -> str:
    """A portable file name for a reference ("RFP 12/2025" -> "RFP-12-2025")."""
    stem = _UNSAFE_NAME.sub("-", reference).strip("-.")
    return stem[:120] or "tender"


def atomic_write(path: Path, data: bytes, *, overwrite: bool = True, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, fsync, rename.

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
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:  # name the file the user asked for, not our temporary one
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
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
            tmp.unlink()
        _fsync_dir(folder)
    except BaseException as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        if isinstance(exc, OSError) and exc.filename in (None, tmp_name, str(tmp)):  # say which file could not be written
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise


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
