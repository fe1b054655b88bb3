"""The latest notice of each procedure, held until every input is read, in flat memory.

A change notice can come after (or, in a folder sorted by name, before) the notice it changes,
so no procedure can be written before the last input is read. Holding every latest
:class:`~tenderctl.interop.eforms.notice.Notice` in memory cost about 14 kB per procedure; here
the first :data:`KEEP_IN_MEMORY` stay in memory (a usual import never touches the disk) and the
others are pickled into an unnamed temporary file and read back once, when their tender is
written: memory stays flat however many notices there are, and the disk holds a few kB each.

Reading a notice again from its XML would cost one more parse per notice (as much as the
whole import is allowed on top of the parse); a pickle of the plain data costs about a tenth of
that. Only what this process wrote is ever unpickled: the file has no name (it is unlinked as it
is made), so no other process can open it, let alone change it.
"""

from __future__ import annotations

import pickle
import tempfile
from typing import IO

from tenderctl.interop.eforms.notice import Notice

KEEP_IN_MEMORY = 64
"""Procedures whose latest notice stays in memory: a few MB at most, no temporary file."""


class Pending:
    """Procedure -> its latest notice; :meth:`put` replaces, :meth:`take` gives it back once."""

    def __init__(self, keep: int | None = None) -> None:
        self._keep = KEEP_IN_MEMORY if keep is None else keep
        self._memory: dict[str, Notice] = {}
        self._spilled: dict[str, tuple[int, int]] = {}  # procedure -> (offset, size) in the file
        self._file: IO[bytes] | None = None
        self._end = 0

    def put(self, procedure: str, notice: Notice) -> None:
        if procedure in self._memory or (len(self._memory) < self._keep and procedure not in self._spilled):
            self._memory[procedure] = notice
            return
        if self._file is None:
            try:
                self._file = tempfile.TemporaryFile(prefix="tenderctl-eforms-")  # noqa: SIM115 - closed by close()
            except OSError:  # no writable temporary folder: memory it is (the import still works)
                self._keep = 1 << 62
                self._memory[procedure] = notice
                return
        data = pickle.dumps(notice, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self._file.seek(self._end)
            self._file.write(data)
        except OSError:  # the temporary folder is full: this one stays in memory
            self._spilled.pop(procedure, None)
            self._memory[procedure] = notice
            return
        self._spilled[procedure] = (self._end, len(data))  # a replaced notice's bytes are left behind: never read
        self._end += len(data)

    def take(self, procedure: str) -> Notice:
        """The latest notice of ``procedure``, forgotten here (each is taken once)."""
        notice = self._memory.pop(procedure, None)
        if notice is not None:
            return notice
        offset, size = self._spilled.pop(procedure)
        assert self._file is not None
        self._file.seek(offset)
        notice = pickle.loads(self._file.read(size))  # our own bytes, in a file only this process can open
        assert isinstance(notice, Notice)
        return notice

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> Pending:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
