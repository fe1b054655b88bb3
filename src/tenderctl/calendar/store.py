"""The render cache of one output: rendered tenders on disk, so the next run renders only what changed."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tenderctl import __version__
from tenderctl.cache import cache_dir
from tenderctl.calendar.ics import CalendarOptions, RenderedTender
from tenderctl.tenders.loader import LoadedTender, LoadResult, discover, drop_duplicate_references, load_paths

CACHE_FORMAT = 7


class RenderStore:
    """Rendered tenders on disk for one output, so the next run renders only what changed.

    Two files in a folder of the cache dir: ``pack`` holds the events' bytes, appended to
    (and compacted when mostly garbage), and ``index.json`` maps each content key to its
    slice of the pack with a CRC, plus two shortcuts: each tender file's stat signature
    with its content hash (so unchanged files are not read and hashed again), and each
    output file's signature with the hash of what was written (so unchanged outputs are
    not read back to compare). Anything that does not check out is simply rendered or
    compared again: the store only ever saves time. Writes skip fsync for that reason.
    """

    def __init__(self, folder: Path | None) -> None:
        """``folder=None``: in memory only (the server), just the stat-signature shortcuts."""
        self.folder = folder
        self.entries: dict[str, list[Any]] = {}
        self.files: dict[str, list[Any]] = {}
        self.outputs: dict[str, list[Any]] = {}
        self.pack = b""
        self.fresh: dict[str, bytes] = {}
        self.used: set[str] = set()
        self.dirty = False
        self.rewrite = True  # until a pack and its index have been read and agree
        if folder is not None:
            self._load()

    def _load(self) -> None:
        assert self.folder is not None
        try:
            index = json.loads((self.folder / "index.json").read_bytes())
            if index.get("format") != CACHE_FORMAT:
                return
            pack = (self.folder / "pack").read_bytes()
            if len(pack) != index["pack_size"]:
                return  # another run got between the pack and its index
            self.pack = pack
            self.entries = dict(index["entries"])
            self.files = dict(index["files"])
            self.outputs = dict(index["outputs"])
            self.rewrite = False
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries, self.files, self.outputs, self.pack = {}, {}, {}, b""

    def content_hash(self, path: str) -> str | None:
        """The file's SHA-256, reused while its stat signature is unchanged; None if unreadable."""
        try:
            info = os.stat(path)
        except OSError:
            return None
        signature = [info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns]
        known = self.files.get(path)
        if known is not None and len(known) >= 5 and known[:4] == signature:
            return str(known[4])
        try:
            with open(path, "rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()[:32]
        except OSError:
            return None
        self.files[path] = [*signature, digest]
        self.dirty = True
        return digest

    def known_file(self, path: str) -> tuple[str, str] | None:
        """(reference, status) of a file whose stat signature is unchanged since it was rendered."""
        known = self.files.get(path)
        if known is None or len(known) < 7:
            return None
        try:
            info = os.stat(path)
        except OSError:
            return None
        if known[:4] != [info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns]:
            return None
        return str(known[5]), str(known[6])

    def note_file(self, path: str, rendered: RenderedTender) -> None:
        known = self.files.get(path)
        if known is not None and len(known) >= 5:
            record = [*known[:5], rendered.reference, rendered.status]
            if known != record:
                self.files[path] = record
                self.dirty = True

    def get(self, key: str) -> RenderedTender | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        try:
            offset, length, crc, reference, title, status, events, cancelled, zones, tags = entry
            data = self.pack[offset : offset + length]
            if len(data) != length or zlib.crc32(data) != crc:
                return None
            # what it published is not kept: a feed folder or file reads that back from itself
            rendered = RenderedTender(str(reference), str(title), str(status), data, int(events), {}, bool(cancelled))
            rendered.zones = {str(k): (int(v[0]), int(v[1])) for k, v in dict(zones).items()}
            rendered.tags = tuple(str(t) for t in tags)
        except (ValueError, TypeError, AttributeError, IndexError):
            return None
        self.used.add(key)
        return rendered

    def put(self, key: str, rendered: RenderedTender) -> None:
        if self.folder is None:
            return  # the builder's own memory cache holds it
        zones = {k: list(v) for k, v in rendered.zones.items()}
        meta = [rendered.reference, rendered.title, rendered.status, rendered.events, rendered.cancelled, zones, list(rendered.tags)]
        self.fresh[key] = rendered.data
        self.entries[key] = [-1, len(rendered.data), zlib.crc32(rendered.data), *meta]
        self.used.add(key)
        self.dirty = True

    def output_unchanged(self, path: Path, name: str, digest: str) -> bool:
        known = self.outputs.get(name)
        if known is None or known[4] != digest:
            return False
        try:
            info = os.lstat(path)
        except OSError:
            return False
        return stat.S_ISREG(info.st_mode) and known[:4] == [info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns]

    def record_output(self, path: Path, name: str, digest: str) -> None:
        try:
            info = os.lstat(path)
        except OSError:
            self.outputs.pop(name, None)
            return
        record = [info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns, digest]
        if self.outputs.get(name) != record:
            self.outputs[name] = record
            self.dirty = True

    def save(self, live_files: Iterable[str], live_outputs: Iterable[str]) -> None:
        """Keep what this run used; append new events to the pack, compact it when mostly garbage."""
        if self.folder is None:
            return
        files = {p: self.files[p] for p in live_files if p in self.files}
        outputs = {n: self.outputs[n] for n in live_outputs if n in self.outputs}
        entries = {k: v for k, v in self.entries.items() if k in self.used}
        if not self.dirty and len(files) == len(self.files) and len(outputs) == len(self.outputs) and len(entries) == len(self.entries):
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            live = sum(v[1] for v in entries.values())
            pack_path = self.folder / "pack"
            if self.rewrite or live < len(self.pack) // 2:
                # compact: rewrite the pack with only the live entries
                chunks, offset = [], 0
                for entry_key, entry in entries.items():
                    data = self.fresh.get(entry_key) or self.pack[entry[0] : entry[0] + entry[1]]
                    entry[0] = offset
                    chunks.append(data)
                    offset += len(data)
                pack = b"".join(chunks)
                tmp = self.folder / f".pack.{os.getpid()}.tmp"
                tmp.write_bytes(pack)
                os.replace(tmp, pack_path)
                size = len(pack)
            else:
                size = len(self.pack)
                with open(pack_path, "ab") as handle:
                    if handle.tell() != size:
                        raise OSError("the pack changed under us")
                    for entry_key, data in self.fresh.items():
                        if entry_key in entries:
                            entries[entry_key][0] = size
                            handle.write(data)
                            size += len(data)
            index = {"format": CACHE_FORMAT, "pack_size": size, "entries": entries, "files": files, "outputs": outputs}
            tmp = self.folder / f".index.{os.getpid()}.tmp"
            tmp.write_bytes(json.dumps(index, separators=(",", ":"), ensure_ascii=False).encode())
            os.replace(tmp, self.folder / "index.json")
        except OSError:
            with contextlib.suppress(OSError):
                (self.folder / "index.json").unlink()  # never leave an index that lies about the pack


def source_path(item: LoadedTender) -> str:
    """The file a loaded tender came from (its ``path`` is the display form of it)."""
    return str(item.source)


def load_known(roots: list[Path], store: RenderStore, *, use_cache: bool = True) -> LoadResult:
    """:func:`tenderctl.tenders.loader.load_paths`, except that files the store rendered and that did
    not change since (same stat signature) are not loaded at all: their reference, title and
    status come from the store, and the model is parsed only if something asks for it.

    Regenerating a 10,000-tender feed after one file changed then reads one file, not the
    loader's cache of all of them. Everything else (discovery, which files are valid,
    duplicate references, the problems) is the loader's own code.
    """
    files, problems = discover(roots)
    loaded: list[LoadedTender] = []
    unknown: list[Path] = []
    for path, display in files:
        meta = store.known_file(path)
        if meta is None:
            unknown.append(Path(path))
            continue
        reference, status = meta
        summary = {"reference": reference, "status": status}
        loaded.append(LoadedTender(path=display, source=path, summary=summary))
    if not loaded:
        return load_paths(roots, use_cache=use_cache)  # nothing known yet: the loader's own cache may be warm
    if unknown:
        # changed or new files (and invalid ones, which are never in the store): the loader's cache
        # is keyed by its roots, so a one-off set of files would only add a stray cache file
        fresh = load_paths(unknown, use_cache=False)
        if fresh.conflicts:
            # changed files that claim one reference were set aside among themselves, so a known file
            # with that reference would look unclaimed: the loader's own pass over everything says it right
            return load_paths(roots, use_cache=use_cache)
        loaded.extend(fresh.tenders)
        problems.extend(fresh.problems)
    order = {display: number for number, (_path, display) in enumerate(files)}
    loaded.sort(key=lambda t: order.get(t.path, len(order)))
    valid = loaded
    loaded, duplicates = drop_duplicate_references(valid)
    problems.extend(duplicates)
    problems.sort()
    conflicts = frozenset(item.reference for item in valid) - {item.reference for item in loaded} if duplicates else frozenset()
    return LoadResult(loaded, problems, len(files), conflicts)


def store_for(target: str, options: CalendarOptions) -> RenderStore:
    """The render cache of one output (a feed folder, a file, stdout) with these options.

    Per output, because SEQUENCE depends on what that output published before.
    """
    key = f"{CACHE_FORMAT}\0{__version__}\0{target}\0{options.key()}"
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return RenderStore(cache_dir() / f"calendar-{digest}")
