"""A cache of what validating each tender file found: its deadline summary and problems.

A warm ``deadlines`` run then skips YAML, pydantic and zone arithmetic entirely.

Keyed on each file's stat signature (mtime in ns, size, inode, ctime) and on the tool's
version: any edit, replacement or ``touch`` changes the signature, and an upgrade
discards the whole cache, so stale data is never served.

A signature alone cannot tell two versions apart when both were written within one tick of the
file system's clock (a second on some, a few milliseconds on ext4) with the same size, and a
freed inode is often handed straight to the replacing file. So an entry whose file changed less
than :data:`RACY_NS` before the run looked at it also keeps a digest of the bytes it was made
from, and is only served while the file still has those bytes (git's "racily clean" entries). The cache lives outside the
project (``$TENDERCTL_CACHE_DIR``, else ``$XDG_CACHE_HOME/tenderctl``, else
``~/.cache/tenderctl``), is written atomically, and a cache that cannot be read or
written is silently ignored: it only ever saves time.

The index is one file: a line of text naming the format and the tool's version, then the
entries as :mod:`marshal` data (decoded about twice as fast as the same entries as JSON, and
smaller). A file whose first line is anything else (an older format, another tool's file) is
ignored, never decoded, and replaced on the next save; one that does not decode, or decodes to
the wrong shape, is a miss for every file, never a crash.
"""

from __future__ import annotations

import marshal
import os
import time
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from tenderctl import __version__
from tenderctl.errors import Level, Problem
from tenderctl.fsutil import UnreadableFile, atomic_write, read_bounded

try:  # hashlib's own BLAKE2: ``import hashlib`` maps OpenSSL too (3.5 MB, 3 ms) on a run that only stats files
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

FORMAT = 10
"""Raised whenever what is cached changes shape or meaning (10: each summary its own marshal bytes; 9: marshal after a text header, entries as lists; 8: digests of racily clean files; 7: buyer and tags in the summary; 6: bounds in words; 5: files with shape errors also list their semantic problems)."""

RACY_NS = 2_000_000_000
"""The coarsest file time stamps in use (FAT's two seconds): a file changed less than this before
a run started may change again with the same signature, so its entry is checked by content."""


HEADER = b"tenderctl-cache %d %s\n"
"""The index's first line (format, tool version): checked before a byte of marshal data is read."""

SIG, DATA, PROBLEMS, HASH = range(4)
"""An entry is ``[signature, summary, problems or None, digest or None]``: a list, not a dict
(10,000 dicts of four keys decode and hold a third more than lists). The summary is kept
encoded (:func:`encode`), so reading the index makes one bytes object per file, and a caller
that needs a summary only for a moment (the deadline view) decodes it then and lets it go."""


def encode(data: Any) -> bytes | None:
    """``data`` as marshal bytes. marshal refuses subclasses of its types (a ``StrEnum`` member in
    a checklist), which JSON wrote as their plain values: those are made plain first, so what
    :func:`decode` hands back is what a JSON round trip gave before (format 8)."""
    if data is None:
        return None
    try:
        return marshal.dumps(data)
    except ValueError:
        return marshal.dumps(_plain(data))


def _plain(data: Any) -> Any:
    if isinstance(data, dict):
        return {_plain(key): _plain(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [_plain(item) for item in data]
    if isinstance(data, Enum):
        return _plain(data.value)  # str() of a (str, Enum) member is "Kind.name", not its value
    if isinstance(data, str):
        return str.__str__(data)
    for kind in (bool, int, float):  # bool before int: True stays True
        if isinstance(data, kind):
            return kind(data)
    return data


def decode(blob: bytes | None) -> Any:
    """What :func:`encode` was given; ValueError for anything else."""
    if blob is None:
        return None
    if type(blob) is not bytes:
        raise ValueError("not an encoded summary")
    try:
        return marshal.loads(blob)
    except (EOFError, TypeError) as exc:
        raise ValueError("not an encoded summary") from exc


def digest(raw: bytes) -> str:
    return blake2b(raw, digest_size=16).hexdigest()


def cache_dir() -> Path:
    explicit = os.environ.get("TENDERCTL_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tenderctl"


class Cache:
    def __init__(self, file: Path | None) -> None:
        self.file = file
        self.entries: dict[str, list[Any]] = {}
        self.used: set[str] = set()
        self.dirty = False
        # Taken before any file is looked at: a file whose change is older than this minus
        # RACY_NS cannot change again without changing its signature.
        self.started_ns = time.time_ns()

    @classmethod
    def open(cls, roots: Sequence[Path], kind: str = "tenders", max_bytes: int | None = None) -> Cache:
        """The cache of ``kind`` for these tender folders or files (one cache file each); a racily
        clean file is read again within ``max_bytes``."""
        if os.environ.get("TENDERCTL_NO_CACHE"):
            return cls(None)
        key = "\0".join(str(r.resolve()) for r in roots)
        name_hash = blake2b(key.encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()
        cache = cls(cache_dir() / f"{kind}-{name_hash}.idx")
        if max_bytes is not None:
            cache.max_bytes = max_bytes
        cache.entries = read_index(cache.file, key)  # type: ignore[arg-type]
        cache.key = key
        return cache

    key: str = ""

    @staticmethod
    def signature(path: str | Path) -> list[int] | None:
        try:
            info = os.stat(path)
        except OSError:
            return None
        return [info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns]

    def racy(self, signature: list[int]) -> bool:
        """Whether the file changed too recently for its signature to tell a later change apart."""
        return max(signature[0], signature[3]) > self.started_ns - RACY_NS

    def get(self, name: str, signature: list[int], path: str | Path | None = None) -> tuple[Any, list[Problem]] | None:
        """The cached summary and problems of ``name`` if its file still has ``signature`` (and, for a
        racily clean entry, still has the bytes the entry was made from: ``path`` is then read)."""
        found = self.get_encoded(name, signature, path)
        if found is None:
            return None
        try:
            return decode(found[0]), found[1]
        except ValueError:  # a damaged entry: read the file again
            self.used.discard(name)
            return None

    def get_encoded(self, name: str, signature: list[int], path: str | Path | None = None) -> tuple[bytes | None, list[Problem]] | None:
        """:meth:`get` with the summary still encoded (see :func:`decode`)."""
        entry = self.entries.get(name)
        if entry is None or entry[SIG] != signature:
            return None
        if entry[HASH] is not None:
            if not self._same_bytes(path if path is not None else name, entry[HASH]):
                return None
            if not self.racy(signature):  # old enough now: the signature alone will do from here on
                entry[HASH] = None
                self.dirty = True
        kept = entry[PROBLEMS]
        try:
            problems = [Problem(name, p[0], p[1], p[2], p[3], p[4], Level(p[5])) for p in kept] if kept else []
        except (TypeError, ValueError, IndexError, KeyError):  # a damaged entry: read the file again
            return None
        self.used.add(name)
        return entry[DATA], problems

    max_bytes: int = 1_000_000
    """The bound a racily clean file is read again within (the loader's own)."""

    def _same_bytes(self, path: str | Path, kept: str) -> bool:

        try:
            raw, _info = read_bounded(path, self.max_bytes, follow_symlinks=True)
        except UnreadableFile:
            return False
        return digest(raw) == kept

    def put(self, name: str, signature: list[int], data: Any, problems: list[Problem], content: str | None = None) -> None:
        """Keep what ``name`` gave; ``content`` is the digest of the bytes it was read from, kept
        when the file is racily clean (an entry without it is not kept then: it could go stale)."""
        self.put_encoded(name, signature, encode(data), problems, content)

    def put_encoded(self, name: str, signature: list[int], blob: bytes | None, problems: list[Problem], content: str | None = None) -> None:
        """:meth:`put` of a summary already encoded (by a worker process: see :func:`encode`)."""
        kept = [[p.line, p.column, p.field, p.message, p.hint, p.level.value] for p in problems] or None
        racy = self.racy(signature)
        if racy and content is None:
            return
        self.entries[name] = [signature, blob, kept, content if racy else None]
        self.used.add(name)
        self.dirty = True

    def save(self) -> None:
        if self.file is None:
            return
        stale = set(self.entries) - self.used
        if stale:
            for name in stale:
                del self.entries[name]
            self.dirty = True
        if not self.dirty:
            return

        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.file, self._encoded())
        except (OSError, ValueError):  # ValueError: something marshal cannot write (never from tenderctl)
            return
        try:  # the JSON index of format 8 and before, under the old name: this file replaces it
            self.file.with_suffix(".json").unlink()
        except OSError:
            pass

    def _encoded(self) -> tuple[bytes, bytes]:
        """The header and the entries, written one after the other (joined, the 26 MB of a
        50,000-tender index were held twice)."""
        return HEADER % (FORMAT, __version__.encode("ascii", "replace")), marshal.dumps((self.key, self.entries))


def read_index(file: Path, key: str) -> dict[str, list[Any]]:
    """The entries of the index ``file`` made for ``key`` by this format and version, else none.

    The text header is read first and must match exactly, so a file of another format or
    version is never handed to :mod:`marshal`; what follows must decode to the shape
    :meth:`Cache._encoded` writes, or the whole index is a miss."""
    header = HEADER % (FORMAT, __version__.encode("ascii", "replace"))
    try:
        with open(file, "rb") as handle:
            if handle.read(len(header)) != header:
                return {}
            found = marshal.loads(handle.read())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if not (type(found) is tuple and len(found) == 2 and found[0] == key and type(found[1]) is dict):
        return {}
    entries: dict[str, list[Any]] = found[1]
    for entry in entries.values():  # cheap next to the decoding; a wrong entry spoils the index
        if type(entry) is not list or len(entry) != 4:
            return {}
    return entries
