"""What an import must remember of every input until it ends, in memory that does not grow.

A bulk import (a folder of ten thousand eForms notices) has to remember a little of each input
until the last one is read or written: the names of a folder's files, to read them in order, and
the reference of each tender it wrote, so that a later tender of the run never takes it. A few
dozen bytes each, but they add up with the count, and Python keeps more than the bytes (a list
slot, a dict entry, the interned name pathlib makes of every file name). Past the first
:data:`KEEP_IN_MEMORY` entries, so a usual import never touches the disk, they go into a private
temporary SQLite database, whose page cache is bounded (:data:`CACHE_KIB`): memory stays flat
however many there are, and the disk holds a few dozen bytes per entry.

The database has no name (SQLite unlinks a private temporary database as it opens it), so no
other process can open it, let alone change it: the pickles in it are our own bytes.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    import sqlite3

KEEP_IN_MEMORY = 1024
"""Entries kept in memory (a few hundred kB at most) before the rest go to a temporary database."""
CACHE_KIB = 64
"""SQLite's page cache, the bound on the memory a database uses: these are looked up one key at
a time (a B-tree a few pages deep) or read once in order, so a small cache does."""

_V = TypeVar("_V")


def private_db(cache_kib: int | None = None) -> sqlite3.Connection:
    """A private, temporary SQLite database (deleted on close), tuned as scratch space, its page
    cache bounded to ``cache_kib`` (default :data:`CACHE_KIB`)."""
    import sqlite3  # lazy: only for a bulk import, never for one notice

    db = sqlite3.connect("", isolation_level=None)  # "": private, temporary, deleted on close
    try:
        db.execute("PRAGMA journal_mode=OFF")  # a scratch database: nothing to recover after a crash
        db.execute("PRAGMA synchronous=OFF")
        db.execute(f"PRAGMA cache_size=-{CACHE_KIB if cache_kib is None else int(cache_kib)}")  # negative: KiB
    except Exception:
        db.close()
        raise
    return db


def order_key(name: str) -> bytes:
    """``name`` as bytes that sort as Python sorts the strings (UTF-8 keeps the order of code
    points; ``surrogatepass`` extends it to the lone surrogates of undecodable file names)."""
    return name.encode("utf-8", "surrogatepass")


class SortedNames:
    """Names added in any order, given back sorted as Python sorts them (a folder read in order:
    the same output for the same files, whatever order the file system lists them in)."""

    def __init__(self, keep: int | None = None) -> None:
        self._keep = KEEP_IN_MEMORY if keep is None else keep
        self._memory: list[str] = []
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple[bytes]] = []
        self.count = 0

    def add(self, name: str) -> None:
        self.count += 1
        if self._db is None and len(self._memory) < self._keep:
            self._memory.append(name)
            return
        if self._db is None:
            try:
                self._db = private_db()
                self._db.execute("CREATE TABLE n (k BLOB NOT NULL)")
            except Exception:  # no writable temporary folder (or no sqlite3): memory it is
                self._db, self._keep = None, 1 << 62
                self._memory.append(name)
                return
            self._pending = [(order_key(kept),) for kept in self._memory]
            self._memory = []
        self._pending.append((order_key(name),))
        if len(self._pending) >= 256:
            self._flush()

    def _flush(self) -> None:
        assert self._db is not None
        self._db.executemany("INSERT INTO n (k) VALUES (?)", self._pending)
        self._pending = []

    def first(self, limit: int) -> Iterator[str]:
        """The first ``limit`` names, in order (each read from the database as it is given)."""
        if self._db is None:
            self._memory.sort()
            yield from self._memory[:limit]
            return
        self._flush()
        rows = self._db.execute("SELECT k FROM n ORDER BY k LIMIT ?", (limit,))
        try:
            for (key,) in rows:
                yield key.decode("utf-8", "surrogatepass")
        finally:
            rows.close()

    def close(self) -> None:
        self._memory = []
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> SortedNames:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SpilledMap(Generic[_V]):
    """A string -> value map (values pickled past the first entries) that does not grow in memory."""

    def __init__(self, keep: int | None = None) -> None:
        self._keep = KEEP_IN_MEMORY if keep is None else keep
        self._memory: dict[str, _V] = {}
        self._db: sqlite3.Connection | None = None

    def get(self, key: str) -> _V | None:
        found = self._memory.get(key)
        if found is not None or self._db is None:
            return found
        row = self._db.execute("SELECT v FROM m WHERE k = ?", (order_key(key),)).fetchone()
        return None if row is None else pickle.loads(row[0])  # our own bytes

    def __setitem__(self, key: str, value: _V) -> None:
        if self._db is None and (key in self._memory or len(self._memory) < self._keep):
            self._memory[key] = value
            return
        if self._db is None:
            try:
                self._db = private_db()
                self._db.execute("CREATE TABLE m (k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID")
            except Exception:  # no writable temporary folder (or no sqlite3): memory it is
                self._db, self._keep = None, 1 << 62
                self._memory[key] = value
                return
        self._memory.pop(key, None)
        self._db.execute(
            "INSERT OR REPLACE INTO m (k, v) VALUES (?, ?)", (order_key(key), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        )

    def close(self) -> None:
        self._memory = {}
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> SpilledMap[_V]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
