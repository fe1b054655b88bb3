"""The cache never serves a file's old content when it is replaced within one tick of the file
system's clock, with the same size, and the same inode number handed back (issue 17)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import write
from tenderctl import cache as cache_module
from tenderctl.tenders.loader import load_paths

TEXT = """reference: R-1
title: A tender
timezone: Europe/Brussels
dates:
  - id: submission
    kind: submission
    at: 2026-03-0{day} 10:00
"""


def _coarse_clock(monkeypatch: pytest.MonkeyPatch, tick: int = 1_000_000_000) -> None:
    """A file system whose time stamps move by ``tick`` ns (a second: ext3, HFS+) and that hands a
    replaced file's inode number to its replacement."""

    def signature(path: str | Path) -> list[int] | None:
        try:
            info = os.stat(path)
        except OSError:
            return None
        return [info.st_mtime_ns // tick * tick, info.st_size, 7, info.st_ctime_ns // tick * tick]

    monkeypatch.setattr(cache_module.Cache, "signature", staticmethod(signature))


def _replace(path: Path, text: str) -> None:
    spare = path.with_suffix(".tmp")
    spare.write_text(text, encoding="utf-8")
    os.replace(spare, path)


def test_a_file_replaced_in_the_same_second_with_the_same_size_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _coarse_clock(monkeypatch)
    path = write(tmp_path / "t" / "r.yaml", TEXT.format(day=2))
    first = load_paths([path.parent], summaries_only=True)
    assert first.tenders[0].summary["milestones"][0][5] == "2026-03-02"
    _replace(path, TEXT.format(day=9))  # same size; within the second (or the next: still racy)
    again = load_paths([path.parent], summaries_only=True)
    assert again.tenders[0].summary["milestones"][0][5] == "2026-03-09"
    assert again.tenders[0].summary == load_paths([path.parent], use_cache=False).tenders[0].summary


def test_without_the_content_check_the_same_replacement_would_be_served_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scenario above is real: with no entry treated as racy, the signature alone is fooled
    (a clock of a day's ticks, so the two writes always share one)."""
    _coarse_clock(monkeypatch, tick=86_400 * 1_000_000_000)
    monkeypatch.setattr(cache_module, "RACY_NS", -(10**15))
    path = write(tmp_path / "t" / "r.yaml", TEXT.format(day=2))
    load_paths([path.parent], summaries_only=True)
    _replace(path, TEXT.format(day=9))
    stale = load_paths([path.parent], summaries_only=True)
    assert stale.tenders[0].summary["milestones"][0][5] == "2026-03-02"


def test_an_old_file_needs_no_content_check(tmp_path: Path) -> None:
    path = write(tmp_path / "t" / "r.yaml", TEXT.format(day=2))
    old = 1_600_000_000_000_000_000
    os.utime(path, ns=(old, old))
    load_paths([path.parent], summaries_only=True)
    cache = cache_module.Cache.open([path.parent])
    (entry,) = cache.entries.values()
    # ctime cannot be set back: the entry is racy now, and keeps the digest of what it read.
    assert entry[cache_module.HASH] == cache_module.digest(path.read_bytes())
    cache.started_ns += 2 * cache_module.RACY_NS  # later: the signature alone will do
    signature = cache.signature(path)
    assert signature is not None and cache.get(str(path), signature) is not None
    assert entry[cache_module.HASH] is None and cache.dirty


def test_an_entry_holding_str_enum_members_is_stored_as_their_plain_values() -> None:
    """marshal refuses subclasses of str (the checklist's kinds and severities); the JSON index
    wrote their values, and so must this one, else `check` failed on its first run."""
    from tenderctl.cache import decode, encode
    from tenderctl.tenders.model import MilestoneKind, Severity

    data = {"kind": MilestoneKind.submission, "rows": [(Severity.disqualifying, True, 2, 1.5)]}
    back = decode(encode(data))
    assert back == {"kind": "submission", "rows": [["disqualifying", True, 2, 1.5]]}
    assert type(back["kind"]) is str and type(back["rows"][0][1]) is bool
