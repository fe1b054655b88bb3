"""The Open Contracting Data Standard (OCDS 1.1) in and out of tender files.

Import is a pipeline of pure steps, each returning data plus one-line notes, never printing:

1. source, :func:`read_source` turns bytes (a release package, a record package, a single release, a
   record, a JSON array or JSON Lines) into releases, bounded in size and nesting; bad JSON is
   one note with its line and column.
2. merge, :func:`merge_releases` folds the releases of one ``ocid`` in date order with the OCDS merge
   rules (objects merge, ``null`` removes, arrays of objects merge by ``id``), so a later
   ``tenderAmendment`` that moves the deadline wins.
3. view, :func:`standard_view` maps the compiled release onto tender fields (the "OCDS-owned" view:
   title, buyer, portal, links, dates, ...), warning about messy data as it goes.
4. plan, :func:`plan_update` compares three views, the file as it is now (ours), what OCDS said
   last time (base) and what it says now (theirs): a field OCDS changed wins, a field only
   the user changed stays, and nothing is ever deleted. Steps, checks and notes are never
   OCDS-owned, so a re-import cannot touch them. :func:`import_tenders` (module ``write``, shared
   with the eForms import) carries the plan out: new files, or updates in place.

5. release: export (:func:`export_package`) writes a release package that validates against the OCDS 1.1
release package schema. The whole tender also travels in ``tender.tenderctl`` (a namespaced
extension field, see docs), so export -> import loses nothing; the standard fields stay
authoritative, because import compares them with what the carried tender would export.

OCDS dates carry UTC offsets, not zones: every imported ``at`` keeps the exact instant with
its offset; the tender's zone is ``--timezone`` or a fixed-offset ``Etc/GMT±N`` zone, and the
notes say it was inferred.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from tenderctl.errors import Problem
from tenderctl.interop.ocds._common import (
    BOOKKEEPING_KEY,
    EXTENSION_KEY,
    EXTENSION_VERSION,
    MAX_DEPTH,
    MAX_NOTES,
    MAX_REFERENCE,
    MAX_RELEASES,
    MAX_TITLE,
    OCID_PREFIX,
    fixed_offset_zone,
    note,
)
from tenderctl.interop.ocds.merge import Merged, group_by_ocid, merge_releases
from tenderctl.interop.ocds.plan import (
    Change,
    DictDocument,
    apply_changes,
    bookkeeping,
    carried_view,
    dropped,
    new_tender,
    plan_update,
    set_bookkeeping,
)
from tenderctl.interop.ocds.release import export_package, export_release
from tenderctl.interop.ocds.source import MAX_INPUT_BYTES, SourceRelease, iter_inputs, read_inputs, read_source
from tenderctl.interop.ocds.view import OWNED_SCALARS, View, standard_view
from tenderctl.interop.ocds.write import HEADER, Outcome, Prepared, ProblemSink, dump_yaml, import_tenders, iter_import

__all__ = [
    "BOOKKEEPING_KEY",
    "EXTENSION_KEY",
    "EXTENSION_VERSION",
    "HEADER",
    "MAX_DEPTH",
    "MAX_INPUT_BYTES",
    "MAX_NOTES",
    "MAX_REFERENCE",
    "MAX_RELEASES",
    "MAX_TITLE",
    "OCID_PREFIX",
    "OWNED_SCALARS",
    "Change",
    "DictDocument",
    "Merged",
    "Outcome",
    "Prepared",
    "ProblemSink",
    "SourceRelease",
    "View",
    "apply_changes",
    "bookkeeping",
    "carried_view",
    "dropped",
    "dump_yaml",
    "export_package",
    "export_release",
    "fixed_offset_zone",
    "group_by_ocid",
    "import_files",
    "import_tenders",
    "iter_import",
    "iter_inputs",
    "iter_prepared",
    "merge_releases",
    "new_tender",
    "note",
    "plan_update",
    "prepare",
    "read_inputs",
    "read_source",
    "set_bookkeeping",
    "standard_view",
    "stream_files",
]


def prepare(inputs: Iterable[tuple[str, bytes]], *, zone: str | None = None) -> tuple[list[Prepared], list[Problem]]:
    """Read every input, merge releases per ocid across inputs, and map each tender."""
    notes: list[Problem] = []
    return list(iter_prepared(inputs, notes, zone=zone)), notes


def iter_prepared(inputs: Iterable[tuple[str, bytes]], notes: ProblemSink, *, zone: str | None = None) -> Iterator[Prepared]:
    """:func:`prepare`, one tender at a time: every input is read (the releases of one ocid can
    be in any of them) and each problem appended to ``notes`` as it is found; then each tender
    is merged and mapped only when the writer asks for it.

    The releases are held until the end (merging needs them all); an input's bytes are not.
    """
    releases: list[SourceRelease] = []
    for source, raw in inputs:
        found, more = read_source(raw, source)
        del raw  # the bytes of a large input are let go before the next is read
        releases.extend(found)
        for problem in more:
            notes.append(problem)
    groups, more = group_by_ocid(releases)
    del releases
    for problem in more:
        notes.append(problem)
    while groups:
        ocid, items = next(iter(groups.items()))
        del groups[ocid]  # a tender's releases are let go once it is written
        try:
            merged = merge_releases(ocid, items)
            view, view_notes = standard_view(merged, zone=zone)
        except Exception as exc:  # a bug must cost one tender, never the run (and be named)
            source = ", ".join(dict.fromkeys(i.source for i in items))
            notes.append(
                note(
                    source,
                    f"internal error while reading this tender ({type(exc).__name__}: {exc}); please report it",
                    ocid=ocid,
                    level="error",
                )
            )
            continue
        yield Prepared(merged, view, merged.notes + view_notes)


def stream_files(
    files: Iterable[str], stdin: BinaryIO, folder: Path, *, problems: ProblemSink, zone: str | None = None, dry_run: bool = False
) -> Iterator[Outcome]:
    """``import ocds`` as one call, as a stream: each problem appended to ``problems`` as it is
    found (an input that cannot be read first, then what reading and merging found), each
    tender's outcome yielded as its file is written (or planned, with ``dry_run``)."""
    items = iter_prepared(iter_inputs(files, stdin, problems), problems, zone=zone)
    yield from iter_import(items, folder, dry_run=dry_run)


def import_files(
    files: Iterable[str], stdin: BinaryIO, folder: Path, *, zone: str | None = None, dry_run: bool = False
) -> tuple[list[Problem], list[Outcome]]:
    """:func:`stream_files` collected: every problem (in the order found) and one outcome per tender."""
    problems: list[Problem] = []
    outcomes = list(stream_files(files, stdin, folder, problems=problems, zone=zone, dry_run=dry_run))
    return problems, outcomes
