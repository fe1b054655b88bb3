"""EU tenders from eForms XML notices (every notice on TED since 2023) into tender files.

A pipeline like the OCDS one, and sharing its last stages:

1. :func:`read_inputs`: files, folders (their ``*.xml``) and ``-``, through the bounded reader;
2. :func:`tenderctl.interop.eforms.notice.read_notice`: safe XML parsing (:mod:`.safexml`) into
   plain data (:mod:`.model`; dates, offsets and whitespace: :mod:`.values`);
3. :func:`prepare`: each notice mapped by :mod:`tenderctl.interop.eforms.mapping` as it is read,
   and grouped by procedure (BT-04): the latest of each (a change notice restates the whole
   notice) waits in :mod:`.pending` until every input is read;
4. :func:`tenderctl.interop.ocds.write.iter_import`: one tender file per procedure, updated in
   place by a re-import or a change notice (moved deadlines first), user data kept.

:func:`stream_files` runs them all as a stream: each problem goes to the caller's sink as it is
found, each tender's outcome is yielded as it is written, and nothing of a finished notice or
tender is kept, so the memory of an import does not grow with the number of notices.

A prior information notice (``pin-only``) or a contract award notice is not a call for tenders:
one line says so and nothing is imported (there is no ``--all``: a tender without a deadline to
meet, or one already awarded, is nothing to bid on).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from tenderctl.errors import Level, Problem
from tenderctl.fsutil import UnreadableFile, read_bounded
from tenderctl.interop.eforms.mapping import language_code, notice_view
from tenderctl.interop.eforms.notice import MAX_NOTICE_BYTES, Notice, NoticeError, problem, read_notice
from tenderctl.interop.eforms.pending import Pending
from tenderctl.interop.ocds.merge import Merged
from tenderctl.interop.ocds.source import SourceRelease
from tenderctl.interop.ocds.view import View
from tenderctl.interop.ocds.write import Outcome, Prepared, ProblemSink, iter_import
from tenderctl.interop.spill import SortedNames

__all__ = [
    "MAX_NOTICE_BYTES",
    "Notice",
    "import_files",
    "iter_inputs",
    "iter_prepared",
    "language_code",
    "prepare",
    "read_inputs",
    "read_notice",
    "stream_files",
]

MAX_FOLDER_FILES = 10_000
"""Notices read from one folder; more is a bulk download to split."""

_NOT_A_CALL = {
    "pin": "a prior information notice ({code}) announces a procedure, it is not a call for tenders",
    "can": "a contract award notice ({code}) reports a result, it is not a call for tenders",
    "cn": "this notice ({code}) is not a call for tenders",
}


def read_inputs(names: Iterable[str], stdin: BinaryIO) -> tuple[list[tuple[str, bytes]], list[Problem]]:
    """(display name, bytes) per notice, and one problem per input that could not be read."""
    errors: list[Problem] = []
    return list(iter_inputs(names, stdin, errors)), errors


def iter_inputs(names: Iterable[str], stdin: BinaryIO, errors: ProblemSink) -> Iterator[tuple[str, bytes]]:
    """(display name, bytes) per notice, one at a time (memory stays flat however many there are);
    a problem for each input that cannot be read is appended to ``errors``.

    A folder gives its ``*.xml`` files (not its subfolders), sorted (the same output for the same
    files, whatever order the file system lists them in); symbolic links inside a folder are not
    followed, a link named on the command line is. A folder's names wait in
    :class:`~tenderctl.interop.spill.SortedNames` (on disk past the first thousand) and each file
    is named by a plain string, never a ``Path`` (pathlib interns every file name it sees, a
    table that would grow with the folder), so memory does not grow with the folder either.
    """

    for name in names:
        if name == "-":
            yield "<stdin>", stdin.read(MAX_NOTICE_BYTES + 1)
            continue
        path = Path(name)
        if not path.is_dir():
            yield from _read_one(str(path), True, errors)
            continue
        with SortedNames() as found:
            try:
                with os.scandir(path) as listing:
                    for entry in listing:
                        if len(entry.name) > 4 and entry.name[-4:].lower() == ".xml":  # PurePath(name).suffix, no Path
                            found.add(entry.name)
            except OSError as exc:
                errors.append(problem(name, 1, "folder", f"cannot list: {exc.strerror or exc}"))
                continue
            if not found.count:
                errors.append(problem(name, 1, "folder", "no *.xml files in this folder"))
            if found.count > MAX_FOLDER_FILES:
                errors.append(problem(name, 1, "folder", f"more than {MAX_FOLDER_FILES:,} notices; only the first are read"))
            base = str(path)
            for entry_name in found.first(MAX_FOLDER_FILES):
                yield from _read_one(entry_name if base == "." else os.path.join(base, entry_name), False, errors)


def _read_one(entry: str, named: bool, errors: ProblemSink) -> Iterator[tuple[str, bytes]]:
    """One file's (display name, bytes), or its problem in ``errors``."""
    try:
        data, _info = read_bounded(entry, MAX_NOTICE_BYTES, follow_symlinks=named, what="notice")
    except UnreadableFile as exc:
        hint = exc.hint if exc.message != "not a regular file" else "pipes and devices are not read; use '-' for stdin"
        errors.append(problem(entry, 1, "file", exc.message, hint=hint))
        return
    yield entry, data


def prepare(
    inputs: Iterable[tuple[str, bytes]], *, lang: str | None = None, zone: str | None = None
) -> tuple[list[Prepared], list[Problem]]:
    """Read every notice, group them by procedure, and map the latest notice of each."""
    problems: list[Problem] = []
    return list(iter_prepared(inputs, problems, lang=lang, zone=zone)), problems


def _issued(notice: Notice) -> datetime:
    return notice.issued.astimezone(UTC) if notice.issued and notice.issued.tzinfo else _NEVER


_NEVER = datetime.min.replace(tzinfo=UTC)


def iter_prepared(
    inputs: Iterable[tuple[str, bytes]], problems: ProblemSink, *, lang: str | None = None, zone: str | None = None
) -> Iterator[Prepared]:
    """:func:`prepare`, one procedure at a time: every reading problem is in ``problems`` before
    the first item, mapping problems are added as items are made.

    ``inputs`` is consumed one notice at a time, each mapped as it is read; what each procedure
    leaves behind (its latest notice mapped, :data:`Mapped`, plain data, never a parsed tree or the
    bytes, and the names of all its notices) waits
    in :class:`~tenderctl.interop.eforms.pending.Pending` (on disk past the first few), so a
    folder of thousands of notices runs in flat memory, and each item is made only when the
    writer asks for it.
    """
    with Pending[Mapped | Problem]() as pending:
        yield from _prepared(inputs, problems, pending, lang=lang, zone=zone)


def _prepared(
    inputs: Iterable[tuple[str, bytes]], problems: ProblemSink, pending: Pending[Mapped | Problem], *, lang: str | None, zone: str | None
) -> Iterator[Prepared]:
    for order, (source, raw) in enumerate(inputs):
        try:
            notice = read_notice(raw, source)
        except NoticeError as exc:
            problems.append(exc.problem)
            continue
        except Exception as exc:  # a bug must cost one notice, never the run (and be named)
            problems.append(
                problem(source, 1, "file", f"internal error while reading this notice ({type(exc).__name__}: {exc}); please report it")
            )
            continue
        if not notice.competition:
            message = _NOT_A_CALL.get(notice.form, _NOT_A_CALL["cn"]).format(code=notice.type_code or "no NoticeTypeCode")
            problems.append(problem(source, notice.type_line, "cbc:NoticeTypeCode", f"{message}; nothing imported", Level.warning))
            continue
        if any(p.level is Level.error for p in notice.problems):
            for reason in notice.problems:  # the notice is not imported: every reason, one line each
                problems.append(reason)
            continue
        issued = _issued(notice)
        pending.offer(
            notice.procedure_id, issued, _mapped(notice, lang, zone), (issued, order, notice.source, notice.identifier, notice.notice_id)
        )
    for procedure, latest, seen in pending.drain():
        if not isinstance(latest, tuple):  # the latest notice could not be mapped: its one line
            problems.append(latest)
            continue
        view, record, notes, source, changed_notice, changes_line = latest
        seen.sort()  # by issue time, then in the order read
        last = record.pop("last")
        record["source"] = ", ".join(dict.fromkeys(name for _i, _o, name, _id, _n in seen))
        record["notices"] = [identifier for _i, _o, _s, identifier, _n in seen]
        record["last"] = last
        sources = [SourceRelease({"id": identifier}, name, identifier) for _i, _o, name, identifier, _n in seen]
        merged = Merged(procedure, {}, sources)
        item = Prepared(merged, view, notes, record=record)
        known = {identifier for _i, _o, _s, identifier, _n in seen} | {notice_id for *_rest, notice_id in seen}
        if changed_notice and changed_notice not in known:
            item.if_new.append(
                problem(
                    source,
                    changes_line,
                    "efac:Changes",
                    f"a change notice for {changed_notice}, whose original was not imported (no tender has procedure "
                    f"{procedure}); imported as a new tender",
                    Level.warning,
                )
            )
        yield item


Mapped = tuple[View, dict[str, Any], list[Problem], str, str, int]
"""What a notice leaves behind until its procedure's tender is made: its view, import record and
notes (:func:`~tenderctl.interop.eforms.mapping.notice_view`, the notice's own problems first), its
source, and the notice it changes with that element's line. A plain tuple of plain data: it
pickles at C speed, about half the cost of the :class:`Notice` it was mapped from."""


def _mapped(notice: Notice, lang: str | None, zone: str | None) -> Mapped | Problem:
    """The notice mapped as it is read (mapping a notice a later change notice replaces is the
    rare waste; the usual procedure has one notice), or the line that says it could not be."""
    try:
        view, record, notes = notice_view(notice, lang=lang, zone=zone)
    except Exception as exc:  # a bug must cost one tender, never the run (and be named)
        return problem(
            notice.source, 1, "file", f"internal error while mapping this notice ({type(exc).__name__}: {exc}); please report it"
        )
    return view, record, notice.problems + notes, notice.source, notice.changed_notice, notice.changes_line


def stream_files(
    names: Iterable[str],
    stdin: BinaryIO,
    folder: Path,
    *,
    problems: ProblemSink,
    lang: str | None = None,
    zone: str | None = None,
    dry_run: bool = False,
) -> Iterator[Outcome]:
    """``import eforms`` as one call, as a stream: notices read one at a time, grouped, mapped
    and written; each problem is appended to ``problems`` as it is found (an input that cannot
    be read, a notice that is not imported), each procedure's outcome is yielded as its tender
    is written. Nothing is kept of what was given out, so a caller that reports as it goes
    runs in flat memory.
    """
    items = iter_prepared(iter_inputs(names, stdin, problems), problems, lang=lang, zone=zone)
    yield from iter_import(items, folder, dry_run=dry_run)  # each tender mapped as it is written


def import_files(
    names: Iterable[str],
    stdin: BinaryIO,
    folder: Path,
    *,
    lang: str | None = None,
    zone: str | None = None,
    dry_run: bool = False,
) -> tuple[list[Problem], list[Outcome]]:
    """:func:`stream_files` collected: every problem (in the order found) and one outcome per procedure."""
    problems: list[Problem] = []
    outcomes = list(stream_files(names, stdin, folder, problems=problems, lang=lang, zone=zone, dry_run=dry_run))
    return problems, outcomes
