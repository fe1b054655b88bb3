"""Writing imported tenders into tender files, whatever the format they came from (OCDS, eForms).

A format's reader hands over :class:`Prepared` items (the mapped view, what to say about it and
the import record to keep); :func:`import_tenders` writes a new file for a tender seen for the
first time and updates an existing one in place through
:class:`tenderctl.authoring.edit.TenderFile` (three-way, see :mod:`tenderctl.interop.ocds.plan`),
so comments, steps, checks, status and everything the format does not own stay as they were.
A file is only updated when it holds the same tender (same ocid, or same eForms procedure); a
file in the way that holds another tender is never overwritten.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError
from pydantic_core import CoreConfig, SchemaValidator

from tenderctl.errors import Problem, TenderctlError
from tenderctl.fsutil import UnreadableFile, atomic_write, read_bounded
from tenderctl.interop.ocds._common import field_of, note
from tenderctl.interop.ocds.merge import Merged
from tenderctl.interop.ocds.plan import (
    Change,
    apply_changes,
    bookkeeping,
    carried_view,
    dropped,
    new_tender,
    plan_update,
    set_bookkeeping,
)
from tenderctl.interop.ocds.view import View
from tenderctl.interop.spill import SpilledMap
from tenderctl.tenders import parse, semantics
from tenderctl.tenders.loader import MAX_FILE_BYTES, load_paths
from tenderctl.tenders.model import Tender, safe_file_stem
from tenderctl.tenders.writer import write_yaml


class ProblemSink(Protocol):
    """Where an import puts each problem as it finds it: a list, or a renderer that reports at once."""

    def append(self, problem: Problem, /) -> None: ...


@dataclass
class Prepared:
    """One tender ready to write: its merged releases, its view and what to say about it."""

    merged: Merged
    view: View
    notes: list[Problem]
    record: dict[str, Any] | None = None
    """The import record for ``extensions.<origin>``; None: the OCDS one, from ``merged``."""
    if_new: list[Problem] = field(default_factory=list)
    """Notes that only hold when no file has this tender yet (a change notice without its original)."""


# -- writing tender files --------------------------------------------------------------------------


@dataclass
class Outcome:
    """What importing one tender did (or, with ``dry_run``, would do)."""

    reference: str
    ocid: str
    path: str
    action: str  # created | updated | unchanged | failed
    changes: list[Change] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    diff: str = ""
    text: str = ""
    """A new file's text, kept with ``dry_run`` only (to show it)."""
    error: str = ""
    problems: list[Problem] = field(default_factory=list)
    """Why the tender would not validate, as positioned problems (JSON: the one problem shape)."""
    releases: int = 0
    tender: Tender | None = field(default=None, repr=False)
    """The new tender, only until :func:`import_tenders` has noted its identity (then None)."""
    origin: str = "ocds"

    def to_json(self) -> dict[str, Any]:
        """One shape for OCDS and eForms: ``id`` is the ocid or the procedure identifier,
        ``sources`` the releases or notices merged (``origin`` says which)."""
        return {
            "reference": self.reference,
            "origin": self.origin,
            "id": self.ocid,
            "file": self.path,
            "action": self.action,
            "sources": self.releases,
            "changes": [c.to_json() for c in self.changes],
            "warnings": [n.to_json() for n in self.notes],
            "error": self.error or None,
            "problems": [p.to_json() for p in self.problems],
        }


HEADER = (
    "# Imported from OCDS by `tenderctl import ocds` ({source}; ocid {ocid}).\n"
    "# Dates keep the published UTC offsets. Importing again updates the OCDS fields in place\n"
    "# and keeps your steps, checks, notes and comments.\n"
)
HEADERS = {
    "ocds": HEADER,
    "eforms": (
        "# Imported from eForms by `tenderctl import eforms` ({source}; procedure {ocid}).\n"
        "# Dates keep the published UTC offsets. Importing again (or a change notice) updates the\n"
        "# notice's fields in place and keeps your steps, checks, status, notes and comments.\n"
    ),
}
WHAT = {"ocds": "the OCDS data", "eforms": "the eForms notice"}
_ORIGINS = tuple(HEADERS)


def identity(tender: Tender, origin: str) -> str | None:
    """What ties a tender file to its source: the ocid, or the eForms procedure identifier."""
    if origin == "ocds":
        return tender.ocid
    record = tender.extensions.get(origin)
    value = record.get("procedure") if isinstance(record, dict) else None
    return str(value) if value else None


def dump_yaml(data: Mapping[str, Any], header: str = "") -> str:
    """A new tender file, written by the one writer of new tender files (:mod:`tenderctl.tenders.writer`).

    Date-like strings are quoted so that any YAML reader keeps them as text; control
    characters in the source's text are escaped, never written raw (the loader refuses them).
    """

    lines = [line[2:] if line.startswith("# ") else line.lstrip("#") for line in header.splitlines()]
    return write_yaml(data, header=lines, plain_dates=False)


class _NotPromised(Exception):
    """The data holds something the writer's round-trip promise does not cover."""


_MAX_PROMISED_INT = 10**12
_MAX_PROMISED_DEPTH = 16


def _as_loaded(value: Any, depth: int = 0) -> Any:
    """``value`` as the tender loader reads it back from :func:`dump_yaml`'s text: mapping entries
    whose value is None left out, tuples as lists. :class:`_NotPromised` for anything outside
    the writer's promise (a float, a big number, a non-text key, another type)."""
    if depth > _MAX_PROMISED_DEPTH:
        raise _NotPromised
    kind = type(value)
    if kind is str or kind is bool:
        return value
    if kind is int:
        if -_MAX_PROMISED_INT <= value <= _MAX_PROMISED_INT:
            return value
        raise _NotPromised
    if kind is dict:
        out = {}
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPromised
            if item is not None:
                out[key] = _as_loaded(item, depth + 1)
        return out
    if kind is list or kind is tuple:
        return [_as_loaded(item, depth + 1) for item in value]
    raise _NotPromised


@functools.cache
def _import_validator() -> SchemaValidator:
    """``Tender.model_validate`` for the import's new tenders, without pydantic-core's cache of the
    strings it makes: a bulk import's strings are each seen once (identifiers, titles), so the
    cache only fills (about 1 MiB, up to 16,384 strings, reached by about 10,000 tenders) and
    never hits; the same speed (measured). The shared ``Tender`` model keeps its cache (loading
    a folder repeats field values). Its results are ``Tender`` instances, equal to the model's."""
    return SchemaValidator(Tender.__pydantic_core_schema__, CoreConfig(cache_strings=False))


def validate_written(data: Mapping[str, Any], text: str, display: str) -> tuple[Tender | None, list[Problem]]:
    """``parse_tender(text, display)`` for ``text = dump_yaml(data, ...)``, without reading the YAML back.

    The writer promises, and a property test holds it to (``tests/authoring/test_writer.py``):
    ``yamlio.load(write_yaml(data)) == data`` with None mapping entries left out, for text (no
    lone surrogates), whole numbers, booleans, lists and mappings with text keys. So the tender
    validated from that data is the one the file holds, and reading the text back (as much
    work as writing it) can be skipped. Whatever the promise does not cover goes through
    :func:`tenderctl.tenders.parse.parse_tender` on the text itself: a value of another type, a
    lone surrogate (the writer escapes it as ``\\udXXX``, so the text is searched for that
    escape), and any problem at all (the text gives its position). Same result either way:
    tests/interop/test_write_validation.py compares both over every shared sample.
    """

    if "\\ud" in text or "\\uD" in text:
        return parse.parse_tender(text, display)
    try:
        tender = _import_validator().validate_python(_as_loaded(data))
    except (_NotPromised, ValidationError):
        return parse.parse_tender(text, display)
    if semantics.check(tender):  # warnings too: their positions come from the text
        return parse.parse_tender(text, display)
    return tender, []


def import_tenders(prepared: Iterable[Prepared], folder: Any, *, dry_run: bool = False) -> list[Outcome]:
    """:func:`iter_import` as a list (for a caller that wants every outcome at once)."""
    return list(iter_import(prepared, folder, dry_run=dry_run))


def iter_import(prepared: Iterable[Prepared], folder: Any, *, dry_run: bool = False) -> Iterator[Outcome]:
    """Write (or update in place) one tender file per tender under ``folder``, yielding each
    tender's outcome as soon as it is written (nothing of it is kept here afterwards).

    An existing tender is found by ocid, else by reference; it is updated through
    :class:`tenderctl.authoring.edit.TenderFile`, so comments and everything OCDS does not own stay as
    they were. A file in the way that holds another tender is never overwritten: the new
    tender gets the next free name. Each tender succeeds or fails on its own.

    What later tenders of the same run are checked against, each new tender's reference
    (casefolded) and file (and, in a dry run, which has no file to read back, its identity), waits
    in a :class:`~tenderctl.interop.spill.SpilledMap` (on disk past the first thousand), so memory
    does not grow with the count of new tenders.
    """
    with SpilledMap[Any]() as made:  # reference -> the file this run wrote for it (its identity read back if needed)
        yield from _import_all(prepared, Path(folder), made, dry_run)


def _import_all(prepared: Iterable[Prepared], folder: Path, made: SpilledMap[Any], dry_run: bool) -> Iterator[Outcome]:
    by_key: dict[tuple[str, str], str] = {}
    by_ref: dict[str, tuple[str, tuple[str | None, ...]]] = {}  # reference -> (path, identity per origin of HEADERS)
    current: dict[str, Tender] = {}
    if folder.is_dir():
        existing = load_paths(tenders=folder, use_cache=False)
        for loaded in existing.tenders:
            current[loaded.path] = loaded.tender
            for origin in HEADERS:
                key = identity(loaded.tender, origin)
                if key:
                    by_key.setdefault((origin, key), loaded.path)
            by_ref.setdefault(loaded.tender.reference.casefold(), (loaded.path, _identities(loaded.tender)))
    for item in prepared:
        view = item.view
        path = by_key.get((view.origin, view.ocid))
        ref = view.reference.casefold()
        if dry_run:  # (file, identity) of a tender this dry run would make comes first, as if it were on disk
            ref_hit = made.get(ref) or by_ref.get(ref)
        else:
            ref_hit = by_ref.get(ref) or _made_ref(made.get(ref))
        if path is None and ref_hit is not None:
            ref_path, ref_identities = ref_hit
            ref_key = ref_identities[_ORIGINS.index(view.origin)]
            if view.origin == "ocds" and (
                ref_key in (None, view.ocid) or (view.carried is not None and ref_key == view.carried.get("ocid"))
            ):
                path = ref_path
            elif view.origin == "ocds":
                item.notes.append(
                    note(
                        item.merged.source,
                        f"reference {view.reference!r} is taken by {ref_path} (ocid {ref_key}); using the ocid as reference",
                        ocid=view.ocid,
                        field="tender.id",
                    )
                )
                view.reference = view.ocid
                if view.carried is not None:
                    view.carried["reference"] = view.ocid
            else:  # never update a file this import did not write: the reference may be a coincidence
                why = f"procedure {ref_key}" if ref_key else "not imported from eForms"
                item.notes.append(
                    note(
                        item.merged.source,
                        f"reference {view.reference!r} is taken by {ref_path} ({why}); not touched, "
                        f"using the procedure identifier {view.ocid!r} as reference",
                        field="reference",
                    )
                )
                view.reference = view.ocid
        held = None if path is None else current.get(path) or _made_here(path)
        if path is not None and held is not None:
            outcome = _update(item, Path(path), held, dry_run)
        else:
            item.notes.extend(item.if_new)
            outcome = _create(item, folder, dry_run)
            if outcome.action == "created":
                if view.origin == "ocds":  # eForms notices come grouped by procedure: never twice in a run
                    by_key[(view.origin, view.ocid)] = outcome.path
                if outcome.tender is not None:
                    if dry_run:  # no file to read back
                        made[view.reference.casefold()] = (outcome.path, _identities(outcome.tender))
                    else:
                        made[view.reference.casefold()] = outcome.path
                    if view.origin == "ocds" and dry_run:
                        # An OCDS release carried from an export can match, by reference, a tender
                        # made earlier in this run: a real import reads that file back then
                        # (_made_here), a dry run has no file to read, so keeps the model. No
                        # other new tender's model is kept (memory stays flat over a bulk import).
                        current[outcome.path] = outcome.tender
                    outcome.tender = None
        yield outcome


def _made_here(path: str) -> Tender | None:
    """The tender this run wrote at ``path`` (every file that was there before is in ``current``),
    read back; None when it cannot be read or no longer validates (a new file is made instead)."""
    try:
        data, _info = read_bounded(path, MAX_FILE_BYTES, what="tender file")
        text = data.decode("utf-8")
    except (UnreadableFile, UnicodeDecodeError):
        return None
    tender, _problems = parse.parse_tender(text, path)
    return tender


def _made_ref(path: str | None) -> tuple[str, tuple[str | None, ...]] | None:
    """A file this run wrote, as an entry of the reference index (None: none, or unreadable)."""
    tender = None if path is None else _made_here(path)
    return None if tender is None or path is None else (path, _identities(tender))


def _identities(tender: Tender) -> tuple[str | None, ...]:
    """The tender's identity per origin, in the order of :data:`HEADERS` (a tuple: one is kept per new tender)."""
    return tuple(identity(tender, origin) for origin in _ORIGINS)


def _create(item: Prepared, folder: Any, dry_run: bool) -> Outcome:
    view, merged = item.view, item.merged
    outcome = Outcome(view.reference, view.ocid, "", "created", notes=item.notes, releases=len(merged.sources), origin=view.origin)
    data = new_tender(view, merged, item.record)
    header = "" if view.carried is not None else HEADERS[view.origin].format(source=merged.source, ocid=view.ocid)
    text = dump_yaml(data, header)
    stem = safe_file_stem(str(data.get("reference") or view.reference))
    folder = Path(folder)
    candidate = folder / f"{stem}.yaml"
    number = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = folder / f"{stem}-{number}.yaml"
        number += 1
    if number > 2:
        item.notes.append(
            note(
                merged.source,
                f"{folder / (stem + '.yaml')} exists and holds another tender (or is not valid); not touched, writing {candidate.name}",
                ocid=view.ocid,
            )
        )
    outcome.path = str(candidate)
    tender, problems = validate_written(data, text, str(candidate))
    if tender is None:
        outcome.action = "failed"
        outcome.error = "the imported tender does not validate; nothing written"
        outcome.problems = list(problems)
        return outcome
    outcome.tender = tender
    if dry_run:
        outcome.text = text  # shown by --dry-run; a real import does not keep every file's text
        return outcome
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(candidate, text.encode("utf-8"), overwrite=False)
    except (OSError, TenderctlError) as exc:
        outcome.action = "failed"
        outcome.error = f"cannot write {candidate}: {getattr(exc, 'strerror', None) or exc}"
    return outcome


def _update(item: Prepared, path: Any, current: Tender, dry_run: bool) -> Outcome:
    from tenderctl.authoring.edit import EditError, TenderFile  # lazy: ruamel.yaml (20 ms), only to update a file in place

    view, merged = item.view, item.merged
    item.notes[:] = [n for n in item.notes if field_of(n) != "timezone"]  # the file keeps its own zone
    outcome = Outcome(view.reference, view.ocid, str(path), "updated", notes=item.notes, releases=len(merged.sources), origin=view.origin)
    ours = current.model_dump(mode="json")
    stored = (ours.get("extensions") or {}).get(view.origin)
    base: View | Mapping[str, Any]
    if view.carried is not None:
        base = carried_view(view.carried, view.ocid)
    elif isinstance(stored, dict) and isinstance(stored.get("last"), dict):
        base = stored["last"]
    else:
        base = carried_view(ours, view.ocid)
    changes = plan_update(ours, base, view)
    for mid in dropped(ours, base, view):
        item.notes.append(note(merged.source, f"date {mid!r} is no longer in {WHAT[view.origin]}; kept in the file", ocid=view.ocid))
    record = (item.record if item.record is not None else bookkeeping(view, merged)) if view.carried is None else None
    if record is not None and isinstance(stored, dict) and isinstance(stored.get("notices"), list) and "notices" in record:
        record = {
            **record,
            "notices": list(dict.fromkeys([*map(str, stored["notices"]), *record["notices"]])),
        }  # a change notice adds to the history
    if not changes and (record is None or record == stored):
        outcome.action = "unchanged"  # decided on plain data: no round-trip YAML work at all
        return outcome
    try:
        with TenderFile.open(path) as document:  # the edit lock let go on every path, not left to the collector
            if document.tender != current:
                raise EditError(f"{path}: changed on disk while importing; nothing written, run the command again")
            apply_changes(document, changes)
            if record is not None:
                set_bookkeeping(document, record, view.origin)
            outcome.diff = document.diff()
            outcome.changes = changes
            if not outcome.diff:
                outcome.action = "unchanged"
                return outcome
            if not dry_run:
                document.save()
    except EditError as exc:
        outcome.action = "failed"
        outcome.error = str(exc)
        outcome.problems = list(getattr(exc, "problems", []))
    except (KeyError, IndexError) as exc:
        outcome.action = "failed"
        outcome.error = f"{path}: cannot apply the change at {exc}; the file was left alone"
    return outcome
