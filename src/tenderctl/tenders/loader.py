"""Find tender files, load them safely, and report every problem with its position.

One bad file never hides the others: :func:`load_paths` returns the valid tenders *and*
the sorted problems of the rest. Positions are computed only for files that have
something to report, and validated files are cached by their stat signature (see
:mod:`tenderctl.cache`) so the command people run dozens of times a day stays instant.
"""

from __future__ import annotations

import collections
import difflib
import itertools
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tenderctl.cache import Cache, Pack, Stored, decode, digest, encode, packed
from tenderctl.errors import Level, Problem, TenderctlError
from tenderctl.fsutil import UnreadableFile, read_bounded, safe_file_stem
from tenderctl.tenders.parse import MAX_PROBLEMS_PER_FILE as MAX_PROBLEMS_PER_FILE
from tenderctl.tenders.parse import display_name, parse_tender

if TYPE_CHECKING:
    from tenderctl.tenders.model import Tender

MAX_FILE_BYTES = 1_000_000
"""A hand-written tender is a few kilobytes; anything past a megabyte is refused unread."""

TENDER_SUFFIXES = (".yaml", ".yml")
DEFAULT_TENDERS_DIR = "tenders"


def tenders_dir(option: str | Path | None = None) -> Path:
    """``--tenders`` if given, else ``$TENDERCTL_TENDERS``, else the user's settings file, else ``./tenders``."""
    if option:
        return Path(option)
    if os.environ.get("TENDERCTL_TENDERS"):
        return Path(os.environ["TENDERCTL_TENDERS"])
    from tenderctl.config import settings  # lazy: reads TOML settings (7 ms on check, which names its folder)

    return Path(settings().tenders or DEFAULT_TENDERS_DIR)


_NO_WARNINGS: list[Problem] = []
"""Shared by the tenders without warnings (50,000 empty lists are 2.7 MB); never appended to."""


class LoadedTender:
    """A valid tender file: the deadline summary comes from the cache, the model on demand.

    A warm ``deadlines`` run reads only the summaries kept in the cache, so it never pays
    for parsing and validating 10,000 models it does not need; a command that does need
    the full tender (``show``, ``ics``, ``check``) parses that file when it asks.
    """

    __slots__ = ("_encoded", "_pack", "_reference", "_source", "_summary", "_tender", "path", "warnings")

    def __init__(
        self,
        tender: Tender | None = None,
        path: str = "",
        warnings: list[Problem] | None = None,
        *,
        source: str | Path | None = None,
        summary: dict[str, Any] | None = None,
        encoded: bytes | Stored | None = None,
        reference: str | None = None,
    ) -> None:
        if tender is None and (source is None or (summary is None and encoded is None)):
            raise ValueError("LoadedTender needs a tender, or a source file and its summary")
        self._tender = tender
        self._source = source
        self._summary = summary
        # A summary left in the cache's index file is its file and place there (read when asked).
        self._pack: Pack | None = None
        self._encoded: bytes | int | None = None
        if type(encoded) is tuple:
            self._pack, self._encoded = encoded
        else:
            self._encoded = encoded  # type: ignore[assignment]
        self._reference = reference  # known without decoding the summary (the cache keeps it beside)
        self.path = path
        self.warnings = warnings or _NO_WARNINGS

    @property
    def tender(self) -> Tender:
        if self._tender is None:
            assert self._source is not None
            text, problem = read_text(self._source, self.path)
            tender, problems = parse_tender(text, self.path) if text is not None else (None, [problem])
            if tender is None:
                first = next((p for p in problems if p is not None), None)
                raise TenderctlError(f"{first or self.path}: the file changed while tenderctl was reading it; run the command again")
            self._tender = tender
        return self._tender

    @property
    def source(self) -> Path:
        """The file itself (``path`` is its display form, with odd characters escaped)."""
        return Path(self._source) if self._source is not None else Path(self.path)

    @property
    def summary(self) -> dict[str, Any]:
        """Reference, title, status and every milestone's instants (see summary.summarize).

        A tender loaded lean (:func:`load_paths`) keeps its summary encoded, or only its place in
        the cache's index file, and decodes it at each call: the deadline view reads it once to
        choose rows and again as each row is printed, so 50,000 summaries are never held at once."""
        if self._summary is None and self._encoded is not None:
            if self._pack is not None:
                return self._pack.load(self._encoded)  # type: ignore[arg-type, no-any-return]
            return decode(self._encoded)  # type: ignore[arg-type, no-any-return]
        if self._summary is None:
            from tenderctl.tenders.summary import summarize  # lazy: pulls the zone arithmetic a warm run never needs (49 ms on check)

            self._summary = summarize(self.tender)
        return self._summary

    @property
    def reference(self) -> str:
        if self._reference is not None:
            return self._reference
        return str(self.summary["reference"])

    def __repr__(self) -> str:
        return f"LoadedTender({self.reference!r}, {self.path!r})"


@dataclass
class LoadResult:
    tenders: list[LoadedTender]
    problems: list[Problem]
    files: int
    conflicts: frozenset[str] = frozenset()
    """References two or more files claim (every such file is set aside, see :func:`drop_duplicate_references`)."""
    parsed: int = 0
    """How many of the files were parsed in this run (the others came from the cache)."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level is Level.error]

    @property
    def bad_files(self) -> list[str]:
        return sorted({p.path for p in self.errors})

    @property
    def ok(self) -> bool:
        return not self.errors

    def find(self, reference: str) -> LoadedTender | None:
        """By exact reference, else case-insensitively, else by file stem."""
        for loaded in self.tenders:
            if loaded.reference == reference:
                return loaded
        lowered = reference.lower()
        for loaded in self.tenders:
            if loaded.reference.lower() == lowered or Path(loaded.path).stem.lower() == lowered:
                return loaded
        return None

    def invalid_file_for(self, reference: str) -> str | None:
        """The invalid file that holds ``reference``, if one does (by its name or its ``reference:`` line).

        A tender whose file fails to load is still the one the user means: "no tender with
        reference" would send them looking for a typo that is not there.
        """

        wanted = reference.strip().casefold()
        stems = {wanted, safe_file_stem(reference).casefold()}
        sources = {p.path: p for p in self.errors}
        for display in self.bad_files:
            if Path(display).stem.casefold() in stems:
                return display
        for display in sources:
            try:
                raw, _info = read_bounded(display, MAX_FILE_BYTES, follow_symlinks=True)
            except UnreadableFile:
                continue
            for line in raw.decode("utf-8", "replace").splitlines():
                key, _, value = line.partition(":")
                if key.strip() == "reference" and value.strip().strip("'\"").casefold() == wanted:
                    return display
        return None

    def suggest(self, reference: str) -> list[str]:
        refs = [t.reference for t in self.tenders]
        return difflib.get_close_matches(reference, refs, n=3, cutoff=0.5)


def discover(paths: Sequence[Path]) -> tuple[list[tuple[str, str]], list[Problem]]:
    """Tender files under ``paths`` as (path, display name), sorted; missing paths as problems.

    Folders are walked without recursion (a hostile tree can be thousands of levels deep);
    symlinked folders are not descended (no loops) and a symlinked file is read only when
    it points inside the folder being walked. Only regular files are read (a FIFO would hang).
    """
    found: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for root in paths:
        if root.is_dir():
            _walk(str(root), found, problems)
        elif root.exists() or root.is_symlink():
            found.append((str(root), display_name(str(root))))
        else:
            problems.append(
                Problem(display_name(str(root)), 1, 1, "path", "no such file or folder", "check the path, or pass --tenders DIR")
            )
    found.sort(key=lambda item: item[1])
    return found, problems


def _walk(root: str, found: list[tuple[str, str]], problems: list[Problem]) -> None:
    real_root = os.path.realpath(root)
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            problems.append(Problem(display_name(folder), 1, 1, "folder", f"cannot list: {exc.strerror or exc}", "check its permissions"))
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                    continue
                link = entry.is_symlink()
            except OSError:
                link = False
            if not name.endswith(TENDER_SUFFIXES):
                continue
            full = entry.path  # plain strings: 10,000 Paths cost real time
            if link:
                target = os.path.realpath(full)
                if not target.startswith(real_root.rstrip(os.sep) + os.sep):
                    problems.append(
                        Problem(
                            display_name(full),
                            1,
                            1,
                            "file",
                            "symbolic link to a file outside the folder, not followed",
                            "copy the file into the folder, or name it on the command line",
                        )
                    )
                    continue
            found.append((full, display_name(full)))


def read_raw(path: str | Path) -> tuple[bytes, os.stat_result]:
    """A tender file's bytes (within the size bound) and its stat, or :class:`UnreadableFile`.

    Symlinks are followed: discovery has already refused those that leave the tenders folder.
    The loader and the in-place editor both read through here.
    """
    return read_bounded(path, MAX_FILE_BYTES, follow_symlinks=True, what="tender file")


def read_text(path: str | Path, display: str) -> tuple[str | None, Problem | None]:
    """Read a tender file within the size bound, as UTF-8 (a BOM is allowed); see :func:`read_raw`."""
    text, problem, _digest = read_text_digest(path, display)
    return text, problem


def read_text_digest(path: str | Path, display: str) -> tuple[str | None, Problem | None, str | None]:
    """:func:`read_text`, and the digest of the bytes read (what a racily clean cache entry keeps)."""

    try:
        raw, _info = read_raw(path)
    except UnreadableFile as exc:
        return None, Problem(display, 1, 1, "file", exc.message, exc.hint), None
    try:
        return raw.decode("utf-8-sig"), None, digest(raw)
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        problem = Problem(display, line, column, "file", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", "save the file as UTF-8")
        return None, problem, digest(raw)


LEAN_MIN_FILES = 0
"""From this many files a ``lean`` load keeps cached summaries in the index file, read and decoded
when asked (see :func:`load_paths`). It was 20,000 while the parent also decoded each summary for
the duplicate check (a third more CPU to save 10 MiB at 10,000 files); with the reference kept
beside each entry, a warm ``deadlines`` at 10,000 files measured 4 % more CPU for 16 MiB less
(docs/speed.md), so every folder is read so. Tests set it high to read summaries decoded."""

CHUNK_FILES = 256
"""Files a worker parses per task, at most: what waits in the parent for its turn stays small."""

PARALLEL_MIN_FILES = 400
"""Below this many files to parse, a second process costs more than it saves."""

SECOND_WORKER_MIN_FILES = 2_000
"""Below this many files to parse, one worker parses them all: each worker imports pydantic and
the model (about 0.15 s of CPU), which at 1,000 files is a fifth of a cold run's CPU for a
saving of about 0.13 s of wall time on two idle cores (none on busy ones; docs/speed.md)."""


def load_paths(
    paths: Sequence[Path] | None = None,
    *,
    tenders: str | Path | None = None,
    use_cache: bool = True,
    summaries_only: bool = False,
    lean: bool = False,
) -> LoadResult:
    """Load every tender under ``paths`` (default: the tenders folder).

    ``summaries_only`` says the caller needs only each tender's deadline summary (the
    ``deadlines`` view): many uncached files are then parsed in worker processes, one per
    core, and the models are built again only if something asks for them. ``lean`` (with it)
    keeps the summaries parsed in this run encoded, and those from the cache too when there are
    :data:`LEAN_MIN_FILES` files or more, decoded
    whenever it is asked for (see :attr:`LoadedTender.summary`): memory for a few hundred
    bytes a tender instead of a few kilobytes, for a caller that reads each summary a few
    times at most.

    """
    result = _load(paths, tenders, use_cache, summaries_only, warm_only=False, lean=lean and summaries_only)
    assert result is not None
    return result


def load_warm(paths: Sequence[Path] | None = None, *, tenders: str | Path | None = None) -> LoadResult | None:
    """:func:`load_paths` for the warm fast path (:mod:`tenderctl.fastpath`): None as soon as one
    file is not served by the cache, before anything is parsed (the caller takes the full path)."""
    return _load(paths, tenders, True, True, warm_only=True)


def _load(
    paths: Sequence[Path] | None,
    tenders: str | Path | None,
    use_cache: bool,
    summaries_only: bool,
    *,
    warm_only: bool,
    lean: bool = False,
) -> LoadResult | None:

    roots = list(paths) if paths else [tenders_dir(tenders)]
    files, problems = discover(roots)
    # Files parsed now are encoded anyway (by the workers, for the cache): decoding them again is
    # cheap beside their parse. Cache hits are kept encoded only for a large folder.
    lean_hits = lean and len(files) >= LEAN_MIN_FILES
    cache = Cache.open(roots, max_bytes=MAX_FILE_BYTES) if use_cache else None
    slots: list[LoadedTender | None] = []
    # The files to parse, as their places in ``files`` and their signatures packed (50,000 tuples
    # of four and lists of four large ints were 15 MB, in this process and in every worker).
    misses: list[int] = []
    miss_signatures: list[bytes | None] = []
    for path, display in files:
        signature = Cache.signature(path) if cache is not None else None
        cached: tuple[Any, list[Problem]] | None = None
        if cache is not None and signature:
            cached = cache.get_stored(display, signature, path) if lean_hits else cache.get(display, signature, path)
        if cached is None:
            if warm_only:
                return None
            misses.append(len(slots))
            miss_signatures.append(packed(signature) if signature else None)
            slots.append(None)
            continue
        summary, file_problems = cached
        item = None
        if summary is not None:
            warnings = [p for p in file_problems if p.level is Level.warning] if file_problems else None
            if lean_hits:
                note = cache.note(display) if cache is not None else None
                item = LoadedTender(path=display, warnings=warnings, source=path, encoded=summary, reference=note)
            else:
                item = LoadedTender(path=display, warnings=warnings, source=path, summary=summary)
        problems.extend(file_problems)
        slots.append(item)

    try:
        for slot, miss_signature, (item, file_problems, content, blob) in zip(
            misses, miss_signatures, _parse_misses([files[slot] for slot in misses], summaries_only, lean), strict=True
        ):
            display = files[slot][1]
            problems.extend(file_problems)
            slots[slot] = item
            if cache is not None and miss_signature:
                if blob is None and item is not None:
                    blob = encode(item.summary)
                stored = cache.put_encoded(
                    display, miss_signature, blob, file_problems, content, item.reference if item is not None else None
                )
                if lean and item is not None and type(stored) is tuple:  # the summary is in the index file now
                    item._pack, item._encoded = stored
    except BaseException:  # Ctrl-C, a worker lost: the index begun in this run is not left behind
        if cache is not None:
            cache.discard()
        raise
    if cache is not None:
        cache.save()
    valid = [item for item in slots if item is not None]
    loaded, duplicates = drop_duplicate_references(valid)
    problems.extend(duplicates)
    problems.sort()
    conflicts = frozenset(item.reference for item in valid) - {item.reference for item in loaded} if duplicates else frozenset()
    return LoadResult(loaded, problems, len(files), conflicts, parsed=len(misses))


def _parse_one(path: str, display: str) -> tuple[Tender | None, list[Problem], str | None]:
    """The tender in a file, its problems, and the digest of the bytes parsed."""
    text, problem, content = read_text_digest(path, display)
    if problem is not None:
        return None, [problem], content
    assert text is not None
    tender, problems = parse_tender(text, display)
    return tender, problems, content


def _parse_summaries(chunk: list[tuple[str, str]]) -> list[tuple[bytes | None, list[Problem], str | None, str | None]]:
    """Worker side of a parallel load: encoded summaries and problems travel back, not models
    (one bytes object a file pickles and unpickles in a fraction of a nested summary's time,
    and is what the cache keeps), with each tender's reference (so the parent need not decode)."""
    from tenderctl.tenders.summary import summarize  # lazy: pulls the zone arithmetic a warm run never needs (49 ms on check)

    out: list[tuple[bytes | None, list[Problem], str | None, str | None]] = []
    for path, display in chunk:
        tender, file_problems, content = _parse_one(path, display)
        if tender is None:
            out.append((None, file_problems, content, None))
        else:
            summary = summarize(tender)
            out.append((encode(summary), file_problems, content, str(summary["reference"])))
    return out


def _parse_misses(
    misses: list[tuple[str, str]], summaries_only: bool, lean: bool = False
) -> Iterator[tuple[LoadedTender | None, list[Problem], str | None, bytes | None]]:
    """Each miss (path, display name) parsed, in order, as its results arrive: the tender, its problems, the digest
    of its bytes and (from a worker) its encoded summary."""

    def loaded(display: str, path: str, problems: list[Problem], **kwargs: Any) -> LoadedTender:
        return LoadedTender(path=display, warnings=[p for p in problems if p.level is Level.warning], source=path, **kwargs)

    workers = _worker_count(len(misses)) if summaries_only else 0
    if workers:
        import concurrent.futures  # lazy: only for many files to parse (30 ms on a warm deadlines)
        import multiprocessing  # lazy: only for many files to parse (28 ms on a warm deadlines)

        size = max(1, min(CHUNK_FILES, -(-len(misses) // (workers * 4))))
        chunks = (misses[k : k + size] for k in range(0, len(misses), size))
        # fork: the workers inherit the imported modules instead of importing them again.
        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            # A few chunks in flight, not every one submitted at once: the results waiting to be
            # taken stay a few hundred summaries however many files there are.
            flight = collections.deque(pool.submit(_parse_summaries, chunk) for chunk in itertools.islice(chunks, workers * 2))
            done = 0
            while flight:
                results = flight.popleft().result()
                flight.extend(pool.submit(_parse_summaries, chunk) for chunk in itertools.islice(chunks, 1))
                for (path, display), (blob, file_problems, content, reference) in zip(
                    misses[done : done + len(results)], results, strict=True
                ):
                    item = None
                    if blob is not None:
                        kept = {"encoded": blob, "reference": reference} if lean else {"summary": decode(blob)}
                        item = loaded(display, path, file_problems, **kept)
                    yield item, file_problems, content, blob
                done += len(results)
        return
    for path, display in misses:
        tender, file_problems, content = _parse_one(path, display)
        yield (loaded(display, path, file_problems, tender=tender) if tender is not None else None), file_problems, content, None


def _worker_count(files: int) -> int:
    """Worker processes for a load (0: parse here): only for many files, never where forking is
    unsafe (another thread running, or no fork on this platform); one per core from
    :data:`SECOND_WORKER_MIN_FILES` files, one below (so this process stays lean)."""

    if files < PARALLEL_MIN_FILES or os.environ.get("TENDERCTL_NO_PARALLEL") or not hasattr(os, "fork"):
        return 0
    if threading.active_count() > 1:
        return 0
    if files < SECOND_WORKER_MIN_FILES:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def drop_duplicate_references(loaded: list[LoadedTender]) -> tuple[list[LoadedTender], list[Problem]]:
    """Files that share a reference are all set aside, each named as in conflict with the others.

    Picking one would be a guess: the copy that sorts first is as likely to be a stale
    "REF (old copy).yaml" as the original, and publishing its older deadline costs a bid.
    So none is authoritative until the user renames or removes one (an error: exit 1).
    """
    keys = [item.reference.casefold() for item in loaded]
    if len(set(keys)) == len(keys):  # the usual case: no two files share a reference
        return loaded, []
    groups: dict[str, list[LoadedTender]] = {}
    for key, item in zip(keys, loaded, strict=True):
        groups.setdefault(key, []).append(item)
    kept: list[LoadedTender] = []
    problems: list[Problem] = []
    for key, item in zip(keys, loaded, strict=True):
        group = groups[key]
        if len(group) == 1:
            kept.append(item)
            continue
        others = ", ".join(other.path for other in group if other is not item)
        line, column = _reference_position(str(item.source))
        problems.append(
            Problem(
                item.path,
                line,
                column,
                "reference",
                f"duplicate reference {item.reference!r}, also in {others}: neither file is used",
                "references must be unique across the tenders folder; rename or remove one",
            )
        )
    return kept, problems


def _reference_position(path: str) -> tuple[int, int]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return (1, 1)
    from tenderctl.tenders import yamlio  # lazy: PyYAML, only for a duplicate reference (78 ms on a warm deadlines)

    return yamlio.locate(yamlio.compose(text), ("reference",))
