"""A proposal folder: its files listed and read in bounded workers.

Public API (everything a rule or the CLI needs)::

    read_folder(folder, patterns=..., timeout=..., memory_mb=..., workers=..., progress=...) -> list[Document]
    FolderReading(folder, ...).start() ... .finish(patterns=..., progress=...)  (read while doing other work)
    read_file(path, display=None, role=None, timeout=..., memory_mb=...) -> Document
    list_files(folder) -> list[Entry]
    classify(path, title, patterns) -> (Role, why)
    verify_signatures(path, trust_roots, timeout=..., memory_mb=...) -> list[SignatureInfo]

Files are read in worker processes with a wall-time and an address-space bound; the folder
is never written to, symlinks and special files (FIFOs, devices, sockets) are never opened.
Heavy libraries (pypdfium2, lxml, pyHanko) are imported inside the workers only.
"""

from __future__ import annotations

import atexit
import dataclasses
import os
import stat
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tenderctl.documents import sandbox
from tenderctl.documents.formats.pdf import finish_pdf
from tenderctl.documents.model import Document, Role, SignatureInfo
from tenderctl.documents.reader import EXTENSIONS, Limits
from tenderctl.documents.sandbox import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, Failure, Runner, Task

__all__ = [
    "DEFAULT_MEMORY_MB",
    "DEFAULT_TIMEOUT",
    "MAX_DEPTH",
    "MAX_FILES",
    "Entry",
    "FolderReading",
    "cancel_early",
    "claim_early",
    "classify",
    "list_files",
    "read_early",
    "read_file",
    "read_folder",
    "verify_signatures",
]

MAX_DEPTH = 64
"""Folders nested deeper than this are not entered (reported)."""
MAX_FILES = 100_000
"""Listing stops after this many entries (reported)."""

SYSTEM_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})


@dataclass(frozen=True)
class Entry:
    """One thing found in the proposal folder."""

    path: str
    """Absolute path (as listed; never resolved through a symlink)."""
    display: str
    """Relative to the proposal folder, with ``/``."""
    size: int
    kind: str
    """``file``, ``symlink``, ``special`` (FIFO, device, socket), ``deep`` (beyond MAX_DEPTH), ``error``, ``system``."""
    note: str = ""


def list_files(folder: Path, *, max_depth: int = MAX_DEPTH, max_files: int = MAX_FILES) -> list[Entry]:
    """Every entry under ``folder`` without following symlinks, sorted by relative path.

    Regular files come back as ``file``; everything that must not be opened comes back with
    its kind and a note, so the report can say what was skipped and why.
    """
    root = os.fspath(folder)
    entries: list[Entry] = []
    stack: list[tuple[str, str, int]] = [(root, "", 0)]
    while stack:
        current, prefix, depth = stack.pop()
        try:
            with os.scandir(current) as iterator:
                children = list(iterator)
        except OSError as exc:
            entries.append(Entry(current, prefix.rstrip("/") or ".", 0, "error", f"folder not readable: {exc.strerror or exc}"))
            continue
        for child in children:
            display = prefix + child.name
            try:
                info = child.stat(follow_symlinks=False)
            except OSError as exc:
                entries.append(Entry(child.path, display, 0, "error", f"cannot stat: {exc.strerror or exc}"))
                continue
            mode = info.st_mode
            if stat.S_ISLNK(mode):
                entries.append(Entry(child.path, display, 0, "symlink", "a symbolic link: not followed"))
            elif stat.S_ISDIR(mode):
                if depth + 1 > max_depth:
                    entries.append(Entry(child.path, display, 0, "deep", f"folder nested deeper than {max_depth} levels: not read"))
                else:
                    stack.append((child.path, display + "/", depth + 1))
            elif stat.S_ISREG(mode):
                lowered = child.name.lower()
                if lowered in SYSTEM_FILES or child.name.startswith("~$"):
                    entries.append(Entry(child.path, display, info.st_size, "system", "an operating-system or lock file: ignored"))
                else:
                    entries.append(Entry(child.path, display, info.st_size, "file"))
            else:
                entries.append(Entry(child.path, display, 0, "special", "not a regular file (FIFO, device or socket): not opened"))
            if len(entries) >= max_files:
                entries.append(Entry(root, ".", 0, "error", f"more than {max_files} entries: listing stopped"))
                return sorted(entries, key=lambda e: e.display)
    return sorted(entries, key=lambda e: e.display)


def _skipped(entry: Entry) -> Document:
    return Document(
        path=entry.display,
        format=entry.kind,
        size=entry.size,
        readable=False,
        unreadable_reason=entry.note,
        notes=[entry.note],
    )


def classify(
    path: str, title: str | None = None, patterns: Mapping[str, Sequence[str]] | None = None, doc: Document | None = None
) -> tuple[Role, str]:
    """(role, why) for a file: :func:`tenderctl.documents.classify.classify`, imported on first use.
    ``check`` starts its readers before anything needs a role, and that module's keyword patterns
    (14 ms) held back the fork of the readers, which need none of them."""
    from tenderctl.documents.classify import classify as classify_file  # lazy: after the readers are forked

    return classify_file(path, title, patterns, doc)


def _assign_role(doc: Document, patterns: Mapping[str, Sequence[str]] | None) -> None:
    role, why = classify(doc.path, doc.title, patterns, doc)  # content too (area/coverage hook)
    doc.role = role
    if why != "from its name":  # the obvious case needs no note; a title or a pattern does
        doc.notes.append(f"role {role.value}: {why}")


def read_folder(
    folder: Path,
    *,
    patterns: dict[str, list[str]] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    limits: object | None = None,
) -> list[Document]:
    """Read every file of a proposal folder into Documents with roles, sorted by path.

    Each file is read in a worker (``workers`` processes, default: one per core) bounded by
    ``timeout`` seconds and ``memory_mb`` of address space; a file that overruns, crashes or
    cannot be parsed comes back ``readable=False`` with the reason. Symlinks, FIFOs and other
    special files come back unreadable with a note and are never opened. ``patterns`` are the
    tender's ``documents:`` globs per role. ``limits`` is a :class:`reader.Limits`.
    """
    reading = FolderReading(folder, timeout=timeout, memory_mb=memory_mb, workers=workers, limits=limits)
    return reading.start().finish(patterns=patterns, progress=progress)


class FolderReading:
    """A proposal folder being read: :meth:`start` returns at once, :meth:`finish` collects.

    The CLI starts reading before it loads the tender and imports the rules, so that work
    overlaps the reading instead of adding to it (see :func:`read_folder` for the bounds).
    """

    def __init__(
        self,
        folder: Path,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        memory_mb: int = DEFAULT_MEMORY_MB,
        workers: int | None = None,
        limits: object | None = None,
    ) -> None:

        folder = Path(folder)
        if not folder.is_dir():
            raise NotADirectoryError(f"{folder}: not a folder")
        self.folder = folder
        self.limits = limits if isinstance(limits, Limits) else Limits()
        self.entries = entries = list_files(folder)
        cores = max(1, workers or os.cpu_count() or 1)
        self.parts: list[list[Document | None]] = [[] for _ in entries]
        tasks: list[Task] = []
        self.task_slots: list[tuple[int, int]] = []
        weights: list[int] = []
        for slot, entry in enumerate(entries):
            if entry.kind != "file":
                self.parts[slot] = [_skipped(entry)]
                continue
            # A long PDF is read by every worker at once, each taking one run of its pages.
            split = cores if cores > 1 and entry.size >= SPLIT_PDF_BYTES and entry.display.lower().endswith(".pdf") else 1
            self.parts[slot] = [None] * split
            for part in range(split):
                part_limits = dataclasses.replace(self.limits, part=part, parts=split) if split > 1 else self.limits
                tasks.append(_read_task(entry.path, entry.display, part_limits))
                self.task_slots.append((slot, part))
                weights.append(entry.size // split)
        self.remaining = [len(pieces) if pieces and pieces[0] is None else 0 for pieces in self.parts]
        self.finished = sum(1 for count in self.remaining if count == 0)
        self.progress: Callable[[int, int], None] | None = None
        self.runner = Runner(tasks, self._store, self._failed, timeout=timeout, memory_mb=memory_mb, workers=workers, weights=weights)

    def start(self) -> FolderReading:
        """Start the workers on the folder's files; return at once."""
        if self.runner.tasks:
            pdfs = any(e.kind == "file" and e.display.lower().endswith(".pdf") for e in self.entries)
            if pdfs and sandbox.can_fork(self.runner.memory_mb):
                # Workers forked from here are then born with PDFium loaded: one import (45 ms of
                # CPU) for all of them, not one each on the same two cores.
                import pypdfium2  # type: ignore[import-untyped] # noqa: F401  # lazy: only when a PDF is to be read, by forked workers

                from tenderctl.documents.formats.pdf_fast import engine  # lazy: with pypdfium2, as above

                engine()  # pdf_oxide, the plain pages' text: likewise

                import tenderctl.documents.reader  # noqa: F401  # lazy: with pypdfium2, as above
            self.runner.start()
        return self

    def finish(
        self, *, patterns: Mapping[str, Sequence[str]] | None = None, progress: Callable[[int, int], None] | None = None
    ) -> list[Document]:
        """Wait for every file; assign roles with the tender's ``documents:`` ``patterns``."""
        self.progress = progress
        if progress is not None:  # the total is known now; the bar need not spin on "?"
            progress(self.finished, len(self.entries))
        if self.runner.tasks:
            self.runner.finish()
        result = [_merge([p for p in pieces if p is not None], self.limits) for pieces in self.parts if pieces and pieces[0] is not None]
        for doc in result:
            _assign_role(doc, patterns)
        return result

    def cancel(self) -> None:
        """Stop reading (the caller gave up, e.g. the tender was not found)."""
        self.runner.close()

    def _store(self, index: int, doc: Document) -> None:
        slot, part = self.task_slots[index]
        self.parts[slot][part] = doc
        self.remaining[slot] -= 1
        if self.remaining[slot] == 0:
            self.finished += 1
            if self.progress is not None:
                self.progress(self.finished, len(self.entries))

    def _failed(self, index: int, reason: str) -> Task | None:
        retry = _without_fast_text(self.runner.tasks[index], reason)
        if retry is not None:
            return retry
        entry = self.entries[self.task_slots[index][0]]
        self._store(index, _failed(entry.display, entry.size, reason))
        return None


FAST_TEXT_SHARE = 2 / 3
"""The share of a file's time bound its reading with pdf_oxide may take: past it the worker is
stopped and PDFium alone reads the file in the third left (20 s of the default 60). pdf_oxide
could loop where PDFium would not, and a time-out must not make a file PDFium reads unreadable;
nor may the two readings together take longer than the file's bound. A PDF that needs more than
two thirds of the bound even with pdf_oxide would need more than the whole of it with PDFium."""


def _read_task(path: str, display: str, limits: Limits) -> Task:
    """The worker's task for one file (or one part of a split PDF)."""
    first_of_two = limits.fast_text and display.lower().endswith(".pdf")  # the names _without_fast_text retries
    return Task("tenderctl.documents.reader", "read_path", (path, display, limits), share=FAST_TEXT_SHARE if first_of_two else 1.0)


def _without_fast_text(task: Task, reason: str) -> Task | None:
    """The same PDF read again by PDFium alone when its reading with pdf_oxide on did not finish:
    it crashed its worker, ran out of memory (a Rust panic that aborts, a stack overflow on a cyclic
    page tree) or used up its share of the time bound (:data:`FAST_TEXT_SHARE`): pdf_oxide must
    never cost a file PDFium can read. The second reading gets what the first left of the file's
    bound (``Task.share``), so the two together never take longer than the bound."""
    limits = task.args[2] if len(task.args) == 3 else None
    if not isinstance(limits, Limits) or not limits.fast_text:
        return None
    if not str(task.args[1]).lower().endswith(".pdf"):
        return None
    return dataclasses.replace(task, args=(*task.args[:2], dataclasses.replace(limits, fast_text=False)), share=1.0)


_EARLY: FolderReading | None = None
"""A reading started by :func:`read_early` before the command line was parsed."""


def read_early(folder: str) -> None:
    """Start reading ``folder`` now, before the CLI framework loads (``tenderctl check FOLDER``).

    The command claims it with :func:`claim_early` once its arguments are parsed; if it never
    does (a usage error, Ctrl-C), the workers are stopped when the process exits. Reading is
    read-only and bounded, so starting it early costs nothing but the work.
    """
    global _EARLY
    if _EARLY is not None or not os.path.isdir(folder):
        return

    try:
        _EARLY = FolderReading(Path(folder)).start()
    except OSError:
        return
    atexit.register(cancel_early)


def _take_early() -> FolderReading | None:
    global _EARLY
    reading, _EARLY = _EARLY, None
    return reading


def cancel_early() -> None:
    """Stop an early reading nobody claimed (safe to call at any time)."""
    reading = _take_early()
    if reading is not None:
        reading.cancel()


def claim_early(folder: Path, *, timeout: float) -> FolderReading | None:
    """The early reading of ``folder``, with ``timeout`` applied; None if there is none for it."""
    reading = _take_early()
    if reading is None:
        return None
    if os.path.abspath(reading.folder) != os.path.abspath(folder):
        reading.cancel()
        return None
    reading.runner.set_timeout(timeout)
    return reading


SPLIT_PDF_BYTES = 256 * 1024
"""PDFs at least this large are read by all workers in parallel (a run of pages each)."""


def _merge(pieces: list[Document], limits: object) -> Document:
    """Join the parts of a PDF read by several workers into one Document."""

    base = pieces[0]
    if len(pieces) == 1:
        return base
    if base.format != "pdf":
        return base  # not really a PDF: part 0 read it whole
    widgets: dict[str | None, int | None] = {}
    for piece in pieces[1:]:
        if not piece.readable and base.readable:
            base.readable = False
            base.unreadable_reason = piece.unreadable_reason
        base.blocks.extend(piece.blocks)
        base.images.extend(piece.images)
        base.ink.extend(piece.ink)
        base.image_only_pages.extend(piece.image_only_pages)
        base.damaged_pages.extend(piece.damaged_pages)
        base.partial = base.partial or piece.partial
        base.notes.extend(n for n in piece.notes if n not in base.notes)
        base.parts.extend(p for p in piece.parts if not p.read)  # coverage hook (area/coverage)
        widgets.update({s.field: s.page for s in piece.signatures if s.kind == "widget"})
    base.signatures = [
        s if s.page is not None or s.field not in widgets else SignatureInfo(**{**s.__dict__, "page": widgets[s.field]})
        for s in base.signatures
    ]
    base.blocks.sort(key=lambda b: (b.page is None, b.page or 0))
    base.images.sort(key=lambda i: i.page or 0)
    base.ink.sort(key=lambda i: i.page or 0)
    finish_pdf(base, limits if isinstance(limits, Limits) else Limits())
    if base.readable and not base.blocks and not base.image_only_pages:
        base.notes.append("no text found")  # as tenderctl.documents.reader says of a file read whole
    return base


def _failed(display: str, size: int, reason: str) -> Document:

    suffix = Path(display).suffix.lower()
    return Document(
        path=display, format=EXTENSIONS.get(suffix, "unknown"), size=size, readable=False, unreadable_reason=reason, notes=[reason]
    )


def read_file(
    path: Path,
    display: str | None = None,
    *,
    patterns: dict[str, list[str]] | None = None,
    role: Role | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
    limits: object | None = None,
) -> Document:
    """Read one file in a bounded worker (same rules as :func:`read_folder`).

    ``role`` forces the role; otherwise it is classified from the name and title.
    A symlink or special file is not opened: it comes back unreadable with the reason.
    """

    path = Path(path)
    display = display or path.name
    limits = limits if isinstance(limits, Limits) else Limits()
    try:
        info = path.lstat()
    except OSError as exc:
        doc = _failed(display, 0, f"cannot stat: {exc.strerror or exc}")
    else:
        if stat.S_ISLNK(info.st_mode):
            doc = _skipped(Entry(str(path), display, 0, "symlink", "a symbolic link: not followed"))
        elif not stat.S_ISREG(info.st_mode):
            doc = _skipped(Entry(str(path), display, 0, "special", "not a regular file (FIFO, device or socket): not opened"))
        else:
            task: Task | None = _read_task(str(path), display, limits)
            started = time.monotonic()
            while task is not None:
                try:
                    doc = sandbox.run_one(
                        task, timeout=timeout, memory_mb=memory_mb
                    )  # through the module: tests put a hanging reader there
                    task = None
                except Failure as failure:
                    doc = _failed(display, info.st_size, failure.reason)
                    task = _without_fast_text(task, failure.reason)  # type: ignore[arg-type]  # not None in the loop
                    if task is not None:  # what the first reading left of the file's bound (as Runner does)
                        left = 1.0 - (time.monotonic() - started) / timeout if timeout > 0 else 0.0
                        task = dataclasses.replace(task, share=max(0.0, left))
    if role is not None:
        doc.role = role
    else:
        _assign_role(doc, patterns)
    return doc


def verify_signatures(
    path: Path, trust_roots: Path, *, timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB
) -> list[SignatureInfo]:
    """Validate a PDF's signatures against the PEM/DER certificates in ``trust_roots`` (bounded worker).

    Raises ``OSError`` when the roots cannot be read and :class:`sandbox.Failure` when validation
    does not finish.
    """

    roots = Path(trust_roots).read_bytes()
    result: list[SignatureInfo] = sandbox.run_one(
        Task("tenderctl.documents.formats.pdfsign", "verify_file", (str(path), roots)), timeout=timeout, memory_mb=memory_mb
    )
    return result
