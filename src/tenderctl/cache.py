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

The index is one file: a line of text naming the format and the tool's version, the summaries'
:mod:`marshal` bytes one after the other, then the table of entries (marshal too: each entry
says where its summary lies), and a fixed trailer saying where the table lies. A run reads the
table, never the summaries it does not need: each is read back (:class:`Pack`) when it is
asked for, so 50,000 summaries are never held at once. A file whose first line is anything
else (an older format, another tool's file) is ignored, never decoded, and replaced on the next
save; one whose trailer, table or an entry's place does not make sense is a miss for every
file, never a crash. A save writes a new file beside the old one and renames it over it, so
a run that is still reading the old one keeps its bytes.
"""

from __future__ import annotations

import marshal
import os
import struct
import tempfile
import time
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from tenderctl import __version__
from tenderctl.errors import Level, Problem
from tenderctl.fsutil import UnreadableFile, read_bounded

try:  # hashlib's own BLAKE2: ``import hashlib`` maps OpenSSL too (3.5 MB, 3 ms) on a run that only stats files
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

FORMAT = 11
"""Raised whenever what is cached changes shape or meaning (11: the summaries apart from the table, read by place; 10: each summary its own marshal bytes; 9: marshal after a text header, entries as lists; 8: digests of racily clean files; 7: buyer and tags in the summary; 6: bounds in words; 5: files with shape errors also list their semantic problems)."""

RACY_NS = 2_000_000_000
"""The coarsest file time stamps in use (FAT's two seconds): a file changed less than this before
a run started may change again with the same signature, so its entry is checked by content."""


HEADER = b"tenderctl-cache %d %s\n"
"""The index's first line (format, tool version): checked before a byte of marshal data is read."""

SIG, DATA, PROBLEMS, HASH, NOTE = range(5)
"""An entry is ``[signature (:func:`packed`), summary, problems or None, digest or None, note or None]`` (the note:
a short text the caller keeps beside the summary to read without it, the tender's reference): a list, not a dict
(10,000 dicts of four keys decode and hold a third more than lists). In the file the summary is
its place in the index (:func:`place`, an int); in memory it may also be its encoded bytes (a
summary not written yet), or None (a file with no valid tender)."""

SIGNATURE = struct.Struct("<qqQq")
"""A signature as the table keeps it: 32 bytes (a list of four large ints held 220)."""


def packed(signature: list[int]) -> bytes | None:
    """``signature`` (:meth:`Cache.signature`) as the table keeps it; None if it cannot be."""
    try:
        return SIGNATURE.pack(*signature)
    except (struct.error, TypeError):
        return None


TRAILER = struct.Struct("<QQ8s")
"""The index's last bytes: where its table starts, how long it is, and a mark."""

MARK = b"tc-index"

_SHIFT = 32
_MASK = (1 << _SHIFT) - 1


def place(offset: int, length: int) -> int:
    """Where a summary lies in an index file, as one int (an entry holds one small number, not a pair)."""
    return offset << _SHIFT | length


class Pack:
    """The summaries of one index file, read back by :func:`place` (and appended to, while a new
    index is written). Reads in the file's order (a view decoding every tender) are served from
    one read of 64 KiB at a time; a read elsewhere (rows printed in time order) reads only its
    summary."""

    WINDOW = 65536

    def __init__(self, fd: int, end: int) -> None:
        self.fd, self.end = fd, end
        self._pending: list[bytes] = []
        self._pending_bytes = 0
        self._written = end
        self._window, self._window_at, self._last_end = b"", -1, -1

    def read(self, where: int) -> bytes:
        """The summary at ``where``; ValueError if the file holds nothing there."""
        offset, length = where >> _SHIFT, where & _MASK
        if offset + length > self._written:
            self.flush()
        inside = offset - self._window_at
        if self._window_at >= 0 and inside >= 0 and inside + length <= len(self._window):
            self._last_end = offset + length
            return self._window[inside : inside + length]
        sequential = offset == self._last_end
        size = max(length, self.WINDOW) if sequential else length
        data = os.pread(self.fd, size, offset)
        self._last_end = offset + length
        if len(data) < length:
            raise ValueError("not an encoded summary")
        if size > length:
            self._window, self._window_at = data, offset
            return data[:length]
        return data

    def load(self, where: int) -> Any:
        """:func:`decode` of :meth:`read`, the common case (a read inside the window) in one call:
        a view decodes every summary once or twice, and the calls between cost as much as the
        decoding."""
        offset = where >> _SHIFT
        inside = offset - self._window_at
        end = inside + (where & _MASK)
        if self._window_at >= 0 and inside >= 0 and end <= len(self._window) and offset + (where & _MASK) <= self._written:
            self._last_end = offset + (where & _MASK)
            blob = self._window[inside:end]
        else:
            blob = self.read(where)
        try:
            return marshal.loads(blob)
        except (EOFError, TypeError, ValueError) as exc:
            raise ValueError("not an encoded summary") from exc

    def append(self, blob: bytes) -> int:
        where = place(self.end, len(blob))
        self._pending.append(blob)
        self._pending_bytes += len(blob)
        self.end += len(blob)
        if self._pending_bytes >= 1 << 18:
            self.flush()
        return where

    def flush(self) -> None:
        if not self._pending:
            return
        data = b"".join(self._pending)
        self._pending, self._pending_bytes = [], 0
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]
        self._written = self.end

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __del__(self) -> None:
        try:
            self.close()
        except OSError:
            pass


Stored = tuple[Pack, int]
"""A summary that stays in its index file until it is asked for."""


MARSHAL_VERSION = 2
"""The marshal version of the summaries: 2 writes no back-references, so a summary decodes a
quarter faster than with version 4, marshal's default (its reference table costs every object a
bookkeeping step), for a fifth more bytes (687 against 567 a bench tender). A warm ``deadlines``
decodes every summary twice. :func:`decode` reads every version, so entries written by version 4
stay readable."""


def encode(data: Any) -> bytes | None:
    """``data`` as marshal bytes. marshal refuses subclasses of its types (a ``StrEnum`` member in
    a checklist), which JSON wrote as their plain values: those are made plain first, so what
    :func:`decode` hands back is what a JSON round trip gave before (format 8)."""
    if data is None:
        return None
    try:
        return marshal.dumps(data, MARSHAL_VERSION)
    except ValueError:
        return marshal.dumps(_plain(data), MARSHAL_VERSION)


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
        self.old: Pack | None = None
        """The index file read at :meth:`open` (its entries' summaries lie there)."""
        self.new: Pack | None = None
        self._new_name = ""
        self.fresh: set[str] = set()
        """Entries whose summary lies in :attr:`new` (or in memory), not in :attr:`old`."""
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
        assert cache.file is not None
        cache.entries, cache.old = read_index(cache.file, key)
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

    def racy(self, signature: list[int] | bytes) -> bool:
        """Whether the file changed too recently for its signature (or :func:`packed` signature) to
        tell a later change apart."""
        values = SIGNATURE.unpack(signature) if isinstance(signature, bytes) else signature
        return max(values[0], values[3]) > self.started_ns - RACY_NS

    def get(self, name: str, signature: list[int], path: str | Path | None = None) -> tuple[Any, list[Problem]] | None:
        """The cached summary and problems of ``name`` if its file still has ``signature`` (and, for a
        racily clean entry, still has the bytes the entry was made from: ``path`` is then read)."""
        found = self.get_stored(name, signature, path)
        if found is None:
            return None
        try:
            return decode(self.blob(found[0])), found[1]
        except (ValueError, OSError):  # a damaged entry: read the file again
            self.used.discard(name)
            return None

    def get_encoded(self, name: str, signature: list[int], path: str | Path | None = None) -> tuple[bytes | None, list[Problem]] | None:
        """:meth:`get` with the summary still encoded (see :func:`decode`)."""
        found = self.get_stored(name, signature, path)
        if found is None:
            return None
        try:
            return self.blob(found[0]), found[1]
        except (ValueError, OSError):
            self.used.discard(name)
            return None

    @staticmethod
    def blob(stored: Stored | bytes | None) -> bytes | None:
        """The encoded summary ``stored`` stands for (:meth:`get_stored`)."""
        if stored is None or isinstance(stored, bytes):
            return stored
        pack, where = stored
        return pack.read(where)

    def get_stored(
        self, name: str, signature: list[int], path: str | Path | None = None
    ) -> tuple[Stored | bytes | None, list[Problem]] | None:
        """:meth:`get` with the summary left where it is: its index file and place (read with
        :meth:`blob` when it is needed), or its encoded bytes when it is not written yet."""
        entry = self.entries.get(name)
        if entry is None or entry[SIG] != packed(signature):
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
        return self._stored(name, entry[DATA]), problems

    def _stored(self, name: str, data: Any) -> Stored | bytes | None:
        if data is None or type(data) is bytes:
            return data
        pack = self.new if name in self.fresh else self.old
        assert pack is not None
        return pack, data

    def note(self, name: str) -> str | None:
        """The note kept with ``name``'s entry (:meth:`put_encoded`); ask after a hit."""
        entry = self.entries.get(name)
        return None if entry is None else entry[NOTE]

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

    def put_encoded(
        self,
        name: str,
        signature: list[int] | bytes,
        blob: bytes | None,
        problems: list[Problem],
        content: str | None = None,
        note: str | None = None,
    ) -> Stored | bytes | None:
        """:meth:`put` of a summary already encoded (by a worker process: see :func:`encode`).
        The summary goes straight to the new index file: what it gives back stands for it there
        (:meth:`blob`), so the caller need not hold its bytes."""
        kept = [[p.line, p.column, p.field, p.message, p.hint, p.level.value] for p in problems] or None
        racy = self.racy(signature)
        kept_signature = signature if isinstance(signature, bytes) else packed(signature)
        if (racy and content is None) or kept_signature is None:
            return blob
        data: Any = blob
        if blob is not None and self._open_new():
            assert self.new is not None
            data = self.new.append(blob)
        self.entries[name] = [kept_signature, data, kept, content if racy else None, note]
        self.fresh.add(name)
        self.used.add(name)
        self.dirty = True
        return self._stored(name, data)

    def _open_new(self) -> bool:
        """The new index file, begun (its header written) on the first summary it is given."""
        if self.new is not None:
            return True
        if self.file is None or self._new_name == "-":
            return False
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd, self._new_name = tempfile.mkstemp(prefix=f".{self.file.name}.", suffix=".tmp", dir=self.file.parent)
        except OSError:
            self._new_name = "-"  # a cache that cannot be written only ever saves time: not this run
            return False
        self.new = Pack(fd, 0)
        self.new.append(_header())
        return True

    def save(self) -> None:
        if self.file is None:
            return
        stale = set(self.entries) - self.used
        if stale:
            for name in stale:
                del self.entries[name]
            self.dirty = True
        if not self.dirty:
            self.discard()
            return
        try:
            self._write()
        except BaseException as exc:  # a full disk, Ctrl-C: the old index stays as it was
            self.discard()
            if isinstance(exc, (OSError, ValueError)):  # ValueError: something marshal cannot write (never from tenderctl)
                return
            raise
        try:  # the JSON index of format 8 and before, under the old name: this file replaces it
            self.file.with_suffix(".json").unlink()
        except OSError:
            pass

    def _write(self) -> None:
        """The summaries not in the new file yet (those read from the old one, those kept in
        memory) appended to it, then the table and the trailer; synced, renamed over the old."""
        if not self._open_new():
            raise OSError("the cache folder cannot be written")
        assert self.file is not None and self.new is not None
        new, old = self.new, self.old
        for name, entry in self.entries.items():
            data = entry[DATA]
            if type(data) is bytes:
                entry[DATA] = new.append(data)
            elif data is not None and name not in self.fresh:
                assert old is not None
                entry[DATA] = new.append(old.read(data))
        self.fresh.update(self.entries)
        table = marshal.dumps((self.key, self.entries))
        at = new.end
        new.append(table)
        new.append(TRAILER.pack(at, len(table), MARK))
        new.flush()
        os.fsync(new.fd)
        os.replace(self._new_name, self.file)
        self._new_name = ""

    def discard(self) -> None:
        """Remove the new index file begun in this run, unsaved (its summaries stay readable
        through the descriptor while the run holds it)."""
        if self._new_name and self._new_name != "-":
            try:
                os.unlink(self._new_name)
            except OSError:
                pass
            self._new_name = ""


def _header() -> bytes:
    return HEADER % (FORMAT, __version__.encode("ascii", "replace"))


def read_index(file: Path, key: str) -> tuple[dict[str, list[Any]], Pack | None]:
    """The entries of the index ``file`` made for ``key`` by this format and version (and the
    file, to read their summaries from), else none.

    The text header is read first and must match exactly, so a file of another format or
    version is never handed to :mod:`marshal`; the trailer must point at a table inside the
    file, the table must decode to the shape :meth:`Cache._write` writes, and every entry's
    summary must lie between the header and the table, or the whole index is a miss."""
    header = _header()
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return {}, None
    pack = Pack(fd, 0)
    try:
        size = os.fstat(fd).st_size
        if size < len(header) + TRAILER.size or os.pread(fd, len(header), 0) != header:
            return {}, None
        at, length, mark = TRAILER.unpack(os.pread(fd, TRAILER.size, size - TRAILER.size))
        if mark != MARK or at < len(header) or at + length != size - TRAILER.size:
            return {}, None
        found = marshal.loads(os.pread(fd, length, at))
    except (OSError, ValueError, EOFError, TypeError, struct.error):
        return {}, None
    if not (type(found) is tuple and len(found) == 2 and found[0] == key and type(found[1]) is dict):
        return {}, None
    entries: dict[str, list[Any]] = found[1]
    start = len(header)
    for entry in entries.values():  # cheap next to the decoding; a wrong entry spoils the index
        if (
            type(entry) is not list
            or len(entry) != 5
            or type(entry[SIG]) is not bytes
            or not (entry[NOTE] is None or type(entry[NOTE]) is str)
        ):
            return {}, None
        where = entry[DATA]
        if where is not None and not (
            type(where) is int and where >= 0 and start <= where >> _SHIFT and (where >> _SHIFT) + (where & _MASK) <= at
        ):
            return {}, None
    pack.end = pack._written = size
    return entries, pack
