"""What each procedure's notices leave behind until every input is read, in flat memory.

A change notice can come after (or, in a folder sorted by name, before) the notice it changes,
so no procedure can be written before the last input is read. Per procedure that means: when its
latest notice was issued, that notice (plain data, :class:`~tenderctl.interop.eforms.notice.Notice`,
about 14 kB in memory) and, of every notice, what the import record names (:data:`Seen`).

The first :data:`KEEP_IN_MEMORY` procedures stay in memory (a usual import never touches the
disk); the others go into a private temporary SQLite database, read back once each, in the
order first seen, when their tender is written. SQLite's page cache is bounded (512 KiB), so
memory stays flat however many notices there are: nothing, not even an index of the procedures,
grows in memory with the count; the disk holds a few kB per procedure.

Reading a notice again from its XML would cost one more parse per notice (as much as the
whole import is allowed on top of the parse); a pickle of the plain data costs about a tenth of
that. Only what this process wrote is ever unpickled: the database has no name (SQLite unlinks a
private temporary database as it opens it), so no other process can open it, let alone change it.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from tenderctl.interop.eforms.notice import Notice
from tenderctl.interop.spill import private_db

if TYPE_CHECKING:
    import sqlite3

KEEP_IN_MEMORY = 64
"""Procedures kept in memory: a few MB at most, no temporary database."""

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
        db.execute("CREATE TABLE p (n INTEGER PRIMARY KEY, procedure TEXT UNIQUE NOT NULL, latest INTEGER, notice BLOB, seen BLOB)")
    except Exception:
        db.close()
        raise
    return db


class Pending:
    """Procedure -> its latest notice and what every notice of it leaves behind.

    :meth:`offer` each notice as it is read; :meth:`drain` then gives each procedure once, in
    the order first seen, with its latest notice (of equal issue times, the one offered last)
    and its :data:`Seen` records in the order offered.
    """

    def __init__(self, keep: int | None = None) -> None:
        self._keep = KEEP_IN_MEMORY if keep is None else keep
        self._memory: dict[str, tuple[datetime, Notice, list[Seen]]] = {}
        self._db: sqlite3.Connection | None = None
        self.spilled = 0
        """Procedures that went to the database (the tests look)."""

    def offer(self, procedure: str, issued: datetime, notice: Notice, seen: Seen) -> None:
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
        row = self._db.execute("SELECT latest, seen FROM p WHERE procedure = ?", (procedure,)).fetchone()
        if row is None:
            self._db.execute(
                "INSERT INTO p (procedure, latest, notice, seen) VALUES (?, ?, ?, ?)",
                (procedure, _key(issued), _dump(notice), _dump([seen])),
            )
            self.spilled += 1
            return
        records = pickle.loads(row[1])  # our own bytes, in a database only this process can open
        records.append(seen)
        if _key(issued) >= row[0]:
            self._db.execute(
                "UPDATE p SET latest = ?, notice = ?, seen = ? WHERE procedure = ?",
                (_key(issued), _dump(notice), _dump(records), procedure),
            )
        else:
            self._db.execute("UPDATE p SET seen = ? WHERE procedure = ?", (_dump(records), procedure))

    def drain(self) -> Iterator[tuple[str, Notice, list[Seen]]]:
        """Each procedure once, in the order first seen: (procedure, latest notice, records); each is
        forgotten here as it is given."""
        for procedure in list(self._memory):  # at most KEEP_IN_MEMORY names (unless there was no database)
            _issued, notice, records = self._memory.pop(procedure)
            yield procedure, notice, records
        if self._db is None:
            return
        last = 0
        while True:  # one row at a time, by key: no cursor held open across the writer's work
            row = self._db.execute("SELECT n, procedure, notice, seen FROM p WHERE n > ? ORDER BY n LIMIT 1", (last,)).fetchone()
            if row is None:
                return
            last = row[0]
            self._db.execute("DELETE FROM p WHERE n = ?", (last,))
            notice = pickle.loads(row[2])  # our own bytes, in a database only this process can open
            assert isinstance(notice, Notice)
            yield row[1], notice, pickle.loads(row[3])

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Pending:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
