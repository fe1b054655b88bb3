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

from collections.abc import Iterable
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
from tenderctl.interop.ocds.source import MAX_INPUT_BYTES, SourceRelease, read_inputs, read_source
from tenderctl.interop.ocds.view import OWNED_SCALARS, View, standard_view
from tenderctl.interop.ocds.write import HEADER, Outcome, Prepared, dump_yaml, import_tenders

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
    "merge_releases",
    "new_tender",
    "note",
    "plan_update",
    "prepare",
    "read_inputs",
    "read_source",
    "set_bookkeeping",
    "standard_view",
]


def prepare(inputs: Iterable[tuple[str, bytes]], *, zone: str | None = None) -> tuple[list[Prepared], list[Problem]]:
    """Read every input, merge releases per ocid across inputs, and map each tender."""
    releases: list[SourceRelease] = []
    notes: list[Problem] = []
    for source, raw in inputs:
        found, more = read_source(raw, source)
        releases.extend(found)
        notes.extend(more)
    groups, more = group_by_ocid(releases)
    notes.extend(more)
    prepared: list[Prepared] = []
    for ocid, items in groups.items():
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
        prepared.append(Prepared(merged, view, merged.notes + view_notes))
    return prepared, notes


def import_files(
    files: Iterable[str], stdin: BinaryIO, folder: Path, *, zone: str | None = None, dry_run: bool = False
) -> tuple[list[Problem], list[Outcome]]:
    """``import ocds`` as one call: read the inputs, prepare every tender, write (or plan) the files.

    Returns every problem (unreadable inputs first) and one outcome per tender.
    """
    inputs, problems = read_inputs(files, stdin)
    prepared, notes = prepare(inputs, zone=zone)
    return problems + notes, import_tenders(prepared, folder, dry_run=dry_run)
