"""The warm path's cheaper decoding: summaries read back by place in one call (``Pack.load``),
rows walked without row objects (``DeadlineRows.raw``), summaries written without marshal's
back-references; each must give exactly what the slower form gave (issue 17)."""

from __future__ import annotations

import marshal
from datetime import UTC, datetime
from pathlib import Path

import pytest

from speed.test_fastpath import make_folder
from tenderctl import cache as cache_module
from tenderctl import fastpath
from tenderctl.tenders.deadlines import DeadlineRows, DeadlineView, deadline_view
from tenderctl.tenders.loader import load_paths


def _loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int = 9) -> Path:
    monkeypatch.setenv("TENDERCTL_CACHE_DIR", str(tmp_path / "cache"))
    folder: Path = make_folder(tmp_path / "tenders", count)
    assert load_paths(None, tenders=folder, summaries_only=True, lean=True).ok  # the cache learns them
    return folder


def test_pack_load_is_decode_of_read_in_any_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _loaded(tmp_path, monkeypatch)
    cache = cache_module.Cache.open([folder])
    assert cache.old is not None
    places = [entry[cache_module.DATA] for entry in cache.entries.values() if entry[cache_module.DATA] is not None]
    assert len(places) == 9
    # in file order (served from the window), backwards and skipping (reads of their own)
    for order in (sorted(places), sorted(places, reverse=True), sorted(places)[::3] + sorted(places)[1::3]):
        for where in order:
            assert cache.old.load(where) == cache_module.decode(cache.old.read(where))


def test_pack_load_of_a_place_holding_no_summary_is_a_value_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _loaded(tmp_path, monkeypatch, 3)
    cache = cache_module.Cache.open([folder])
    assert cache.old is not None
    where = min(entry[cache_module.DATA] for entry in cache.entries.values())
    offset, length = where >> 32, where & 0xFFFFFFFF
    cut = cache_module.place(offset, length - 5)  # a summary cut short: marshal reads past its end
    with pytest.raises(ValueError):
        cache.old.load(cut)
    past = cache_module.place(cache.old.end + 10, 4)  # beyond the file
    with pytest.raises(ValueError):
        cache.old.load(past)


def test_raw_rows_are_the_rows_fields(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _loaded(tmp_path, monkeypatch, 14)
    result = load_paths(None, tenders=folder, summaries_only=True, lean=True)
    view = deadline_view(result.tenders, datetime(2026, 2, 1, tzinfo=UTC), include_past=True, include_closed=True)
    assert isinstance(view.rows, DeadlineRows) and len(view.rows) > 20
    rows = [(r.reference, r.title, r.status, r.entry, r.path, r.seconds) for r in view.rows]
    raw = [(s["reference"], s["title"], s["status"], e, path, left) for s, e, path, left, _tender in view.rows.raw()]
    assert raw == rows


def test_json_of_a_view_of_plain_rows_is_the_full_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A view whose rows are a list of DeadlineRow (not DeadlineRows) is written the same way."""
    from tenderctl.report.tenders_json import deadlines_data

    folder = _loaded(tmp_path, monkeypatch, 8)
    result = load_paths(None, tenders=folder, summaries_only=True, lean=True)
    now = datetime(2026, 2, 1, tzinfo=UTC)
    view = deadline_view(result.tenders, now, include_past=True, include_closed=True, check=fastpath.printable)
    listed = DeadlineView(rows=list(view.rows), past_hidden=view.past_hidden, closed_hidden=view.closed_hidden, filtered=view.filtered)
    import json

    expected = json.dumps(deadlines_data(view, UTC, now, []), ensure_ascii=False, default=str) + "\n"
    assert fastpath.deadlines_json(view, UTC, now, []) == expected
    assert fastpath.deadlines_json(listed, UTC, now, []) == expected


def test_summaries_are_written_without_back_references_and_older_ones_still_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = {"reference": "R", "title": "T", "status": "open", "tags": ["a", "a"], "milestones": [["x", "submission"] * 6 + [None]]}
    blob = cache_module.encode(summary)
    assert blob is not None and blob == marshal.dumps(summary, 2)
    assert cache_module.decode(blob) == cache_module.decode(marshal.dumps(summary, 4)) == summary
    # An index whose summaries were written by marshal's default version serves the same answer.
    folder = _loaded(tmp_path, monkeypatch, 6)
    argv = ["deadlines", "--all", "--json", "--as-of", "2026-01-05", "--tenders", str(folder)]
    before = fastpath.answer(argv)
    cache = cache_module.Cache.open([folder])
    for name, entry in cache.entries.items():
        found = cache.get_stored(name, cache.signature(name) or [], name)
        assert found is not None
        entry[cache_module.DATA] = marshal.dumps(cache_module.decode(cache.blob(found[0])), 4)
    cache.used.update(cache.entries)
    cache.dirty = True
    cache.save()
    assert before is not None and fastpath.answer(argv) == before
