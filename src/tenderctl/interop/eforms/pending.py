"""What each procedure's notices leave behind until every input is read, in flat memory.

A change notice can come after (or, in a folder sorted by name, before) the notice it changes,
so no procedure can be written before the last input is read. Per procedure that means: when its
latest notice was issued, what the caller made of that notice (plain data: the eForms import
keeps the notice mapped, its view, record and notes, a few kB) and, of every notice, what the
import record names (:data:`Seen`).

The first :data:`KEEP_IN_MEMORY` procedures stay in memory (a usual import never touches the
disk); the others go into a private temporary SQLite database, read back once each, in the
order first seen, when their tender is written. They go in batches (:data:`_BATCH` rows, one
``executemany``) without a look-up: a notice is an upsert that replaces the procedure's value
only when it is as late, and each record a row of plain columns (no pickle). SQLite's page
cache is bounded (512 KiB), so memory stays flat however many notices there are: nothing, not
even an index of the procedures, grows in memory with the count; the disk holds a few kB per
procedure.

Reading a notice again from its XML would cost one more parse per notice (as much as the
whole import is allowed on top of the parse); a pickle of the plain data costs about a tenth of
that. Only what this process wrote is ever unpickled: the database has no name (SQLite unlinks a
private temporary database as it opens it), so no other process can open it, let alone change it.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from tenderctl.interop.spill import private_db

if TYPE_CHECKING:
    import sqlite3

KEEP_IN_MEMORY = 64
"""Procedures kept in memory: a few MB at most, no temporary database."""

_V = TypeVar("_V")

Seen = tuple[datetime, int, str, str, str]
"""(issued, order read, source, identifier, notice identifier) of one notice of a procedure."""

_NEVER = datetime.min.replace(tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _key(issued: datetime) -> int:
    """``issued`` (aware, UTC) as whole microseconds, an exact order SQLite can keep."""
    return (issued - _NEVER) // _MICROSECOND


def _dump(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _open_store() -> sqlite3.Connection:
    db = private_db(cache_kib=512)  # KiB: the bound on the memory it uses (rows are read once, in order)
    try:
        # p: one row per procedure, numbered in the order first seen; s: what every notice leaves
        # behind, clustered by procedure (read back by one range scan), in the order offered.
        db.execute("CREATE TABLE p (n INTEGER PRIMARY KEY, procedure TEXT UNIQUE NOT NULL, latest INTEGER, notice BLOB)")
        db.execute(
            "CREATE TABLE s (procedure TEXT NOT NULL, k INTEGER NOT NULL, issued INTEGER, ord INTEGER, source TEXT, "
            "identifier TEXT, notice_id TEXT, PRIMARY KEY (procedure, k)) WITHOUT ROWID"
        )
    except Exception:
        db.close()
        raise
    return db


_UPSERT = (
    "INSERT INTO p (procedure, latest, notice) VALUES (?, ?, ?) ON CONFLICT (procedure) DO UPDATE"
    " SET latest = excluded.latest, notice = excluded.notice WHERE excluded.latest >= p.latest"
)
"""A procedure's first notice, or a later one that replaces it (equal issue times: the later wins):
one statement, no look-up, so rows can go in batches."""
_BATCH = 16
"""Rows written to the database at a time (one ``executemany``): at most this many pickled values
(about 60 kB) wait in memory to be written; few, so that an import's peak holds a full batch
from a few dozen notices on (tests/interop/test_import_memory.py measures growth from 40)."""


class Pending(Generic[_V]):
    """Procedure -> its latest notice and what every notice of it leaves behind.

    :meth:`offer` each notice as it is read; :meth:`drain` then gives each procedure once, in
    the order first seen, with its latest notice (of equal issue times, the one offered last)
    and its :data:`Seen` records in the order offered.
    """

    def __init__(self, keep: int | None = None) -> None:
        self._keep = KEEP_IN_MEMORY if keep is None else keep
        self._memory: dict[str, tuple[datetime, _V, list[Seen]]] = {}
        self._db: sqlite3.Connection | None = None
        self._notices: list[tuple[str, int, bytes]] = []
        self._seen: list[tuple[str, int, int, int, str, str, str]] = []
        self._written = 0
        """Records written so far: with a record's place in the batch, its order (``s.k``)."""

    @property
    def spilled(self) -> int:
        """Procedures that went to the database (the tests look)."""
        if self._db is None:
            return 0
        self._flush()
        return int(self._db.execute("SELECT count(*) FROM p").fetchone()[0])

    def offer(self, procedure: str, issued: datetime, notice: _V, seen: Seen) -> None:
        """One notice of ``procedure``: kept if it is the latest issued so far (equals: the later wins)."""
        held = self._memory.get(procedure)
        if held is not None:
            latest, _kept, records = held
            records.append(seen)
            if issued >= latest:
                self._memory[procedure] = (issued, notice, records)
            return
        if self._db is None and len(self._memory) < self._keep:
            self._memory[procedure] = (issued, notice, [seen])
            return
        if self._db is None:
            try:
                self._db = _open_store()
            except Exception:  # no writable temporary folder (or no sqlite3): memory it is, the import still works
                self._keep = 1 << 62
                self._memory[procedure] = (issued, notice, [seen])
                return
        key = _key(issued)
        self._notices.append((procedure, key, _dump(notice)))
        self._seen.append((procedure, len(self._seen) + self._written, _key(seen[0]), seen[1], seen[2], seen[3], seen[4]))
        if len(self._notices) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._db is None or not self._notices:
            return
        self._db.executemany(_UPSERT, self._notices)
        self._db.executemany("INSERT INTO s VALUES (?, ?, ?, ?, ?, ?, ?)", self._seen)
        self._written += len(self._seen)
        self._notices, self._seen = [], []

    def drain(self) -> Iterator[tuple[str, _V, list[Seen]]]:
        """Each procedure once, in the order first seen: (procedure, its latest notice's value, records); each is
        forgotten here as it is given."""
        for procedure in list(self._memory):  # at most KEEP_IN_MEMORY names (unless there was no database)
            _issued, notice, records = self._memory.pop(procedure)
            yield procedure, notice, records
        if self._db is None:
            return
        self._flush()
        last = 0
        while True:  # one row at a time, by key: no cursor held open across the writer's work
            row = self._db.execute("SELECT n, procedure, notice FROM p WHERE n > ? ORDER BY n LIMIT 1", (last,)).fetchone()
            if row is None:
                return
            last, procedure = row[0], row[1]
            stored: list[Seen] = [
                (_NEVER + issued * _MICROSECOND, order, source, identifier, notice_id)
                for issued, order, source, identifier, notice_id in self._db.execute(
                    "SELECT issued, ord, source, identifier, notice_id FROM s WHERE procedure = ? ORDER BY k", (procedure,)
                )
            ]
            self._db.execute("DELETE FROM p WHERE n = ?", (last,))
            self._db.execute("DELETE FROM s WHERE procedure = ?", (procedure,))
            yield procedure, pickle.loads(row[2]), stored  # our own bytes, in a database only this process can open

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Pending[_V]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
