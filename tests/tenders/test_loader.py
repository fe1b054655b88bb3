"""The loader: safe YAML, positions, one bad file never hiding the others, the cache."""

from __future__ import annotations

import marshal
import os
import time
from pathlib import Path

import pytest
import yaml

from conftest import write
from tenderctl import cache as cache_module
from tenderctl.tenders import yamlio
from tenderctl.tenders.loader import MAX_FILE_BYTES, load_paths
from tenderctl.tenders.model import Status
from tenderctl.tenders.parse import parse_tender

GOOD = """# a comment
reference: {ref}
title: A tender
timezone: Europe/Brussels
dates:
  - id: submission
    kind: submission
    at: {at}
"""


def good(folder: Path, ref: str = "G-1", at: str = "2026-03-02 10:00", name: str | None = None) -> Path:
    return write(folder / (name or f"{ref}.yaml"), GOOD.format(ref=ref, at=at))


def test_seed_tender_transcribed_faithfully(root: Path) -> None:
    result = load_paths([root / "tenders"], use_cache=False)
    assert result.ok, result.problems
    seed = result.find("RFPS-NYH-2025-503831")
    assert seed is not None
    tender = seed.tender
    assert tender.timezone == "Europe/Brussels" and tender.buyer == "Safe Online"
    assert tender.portal is not None and "Global Marketplace" in tender.portal.name
    assert len(tender.steps) == 8
    assert [c.rule for c in tender.checks] == ["signature", "no-financials", "cvs"]
    assert all(c.tip for c in tender.checks)
    by_kind = {m.kind.value: m for m in tender.dates}
    assert by_kind["conference"].at == "2025-05-20"
    assert by_kind["questions"].at == "2025-05-22"
    assert by_kind["submission"].at == "2025-06-05 15:00"
    assert "CET" in (by_kind["submission"].as_written or "")
    from tenderctl.tenders.summary import resolved_milestones

    submission = next(r for r in resolved_milestones(tender) if r.milestone.id == "submission")
    assert submission.when.start.isoformat() == "2025-06-05T13:00:00+00:00"


def test_scalars_stay_text(tmp_path: Path) -> None:
    text = GOOD.format(ref="2025-001", at="2026-03-02") + "tags: [no, on, yes, 15:00, 0755]\nnotes: 2026-01-01\n"
    tender, problems = parse_tender(text, "t.yaml")
    assert tender is not None, problems
    assert tender.reference == "2025-001"
    assert tender.tags == ["no", "on", "yes", "15:00", "0755"]
    assert tender.notes == "2026-01-01"
    assert tender.dates[0].at == "2026-03-02"


def test_numbers_as_references_are_kept_as_text() -> None:
    tender, _problems = parse_tender(GOOD.format(ref="12345", at="2026-03-02"), "t.yaml")
    assert tender is not None and tender.reference == "12345"


def test_one_bad_file_never_hides_the_others(tmp_path: Path) -> None:
    good(tmp_path, "A-1")
    good(tmp_path / "sub" / "deeper", "B-2")
    write(tmp_path / "bad.yml", "reference: [\n")
    write(tmp_path / "notes.txt", "not a tender")
    write(tmp_path / ".hidden" / "x.yaml", "reference: [\n")
    result = load_paths([tmp_path], use_cache=False)
    assert sorted(t.tender.reference for t in result.tenders) == ["A-1", "B-2"]
    assert result.bad_files == [str(tmp_path / "bad.yml")]
    assert result.files == 3


def test_duplicate_references_across_files(tmp_path: Path) -> None:
    good(tmp_path, "DUP-1", name="a.yaml")
    good(tmp_path, "dup-1", name="b.yaml")
    good(tmp_path, "OTHER-1", name="c.yaml")
    result = load_paths([tmp_path], use_cache=False)
    assert [t.reference for t in result.tenders] == ["OTHER-1"]  # neither copy is picked: both could be the stale one
    assert [str(problem) for problem in result.errors] == [
        f"{tmp_path / 'a.yaml'}:2:12: reference: duplicate reference 'DUP-1', also in {tmp_path / 'b.yaml'}: neither file is used "
        "(references must be unique across the tenders folder; rename or remove one)",
        f"{tmp_path / 'b.yaml'}:2:12: reference: duplicate reference 'dup-1', also in {tmp_path / 'a.yaml'}: neither file is used "
        "(references must be unique across the tenders folder; rename or remove one)",
    ]


def test_oversized_file_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    started = time.perf_counter()
    result = load_paths([tmp_path], use_cache=False)
    assert time.perf_counter() - started < 1
    assert "over the 1,000,000-byte limit" in str(result.errors[0])


def test_bom_crlf_and_invalid_utf8(tmp_path: Path) -> None:
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + GOOD.format(ref="BOM", at="2026-03-02").replace("\n", "\r\n").encode())
    (tmp_path / "latin1.yaml").write_bytes(b"reference: X\ntitle: Caf\xe9\n")
    result = load_paths([tmp_path], use_cache=False)
    assert [t.tender.reference for t in result.tenders] == ["BOM"]
    assert str(result.errors[0]).endswith("latin1.yaml:2:11: file: not valid UTF-8 (byte 0xe9) (save the file as UTF-8)")


def test_alias_bomb_fails_fast() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 20):
        lines.append(f"a{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * 10) + "]")
    started = time.perf_counter()
    tender, problems = parse_tender("\n".join(lines), "bomb.yaml")
    assert time.perf_counter() - started < 1
    assert tender is None and "alias" in problems[0].message


def test_a_few_aliases_are_fine() -> None:
    text = GOOD.format(ref="AL", at="2026-03-02") + "tags: &t [a, b]\nnotes: plain\n"
    assert parse_tender(text, "t.yaml")[0] is not None


def test_deep_flow_nesting_is_refused_not_crashing() -> None:
    tender, problems = parse_tender("reference: " + "[" * 5000 + "]" * 5000, "deep.yaml")
    assert tender is None and "nesting deeper than" in problems[0].message


class _LibyamlWithOwnLimit(yamlio._Loader):  # type: ignore[misc,name-defined]
    """libyaml as bundled since PyYAML 6.0.4: its scanner refuses 1000 flow levels, reading ahead of the events."""

    def check_event(self, *choices: object) -> bool:
        raise yaml.scanner.ScannerError("while increasing flow level", None, "exceeded maximum nesting depth", None)


class _LibyamlWithoutLimit(yamlio._Loader):  # type: ignore[misc,name-defined]
    """A libyaml that yields events as it scans (PyYAML up to 6.0.3): our own count meets the 65th level."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._events = yaml.SafeLoader(text)

    def check_event(self, *choices: object) -> bool:
        return bool(self._events.check_event(*choices))

    def get_event(self) -> object:
        return self._events.get_event()


@pytest.mark.parametrize("loader", [_LibyamlWithOwnLimit, _LibyamlWithoutLimit])
@pytest.mark.parametrize(("text", "position"), [("reference: " + "[" * 5000, (1, 75)), ("reference: " + "{a: " * 3000, (1, 264))])
def test_nesting_message_is_ours_whichever_libyaml(
    monkeypatch: pytest.MonkeyPatch, loader: type, text: str, position: tuple[int, int]
) -> None:
    monkeypatch.setattr(yamlio, "_Loader", loader)
    with pytest.raises(yamlio.YamlProblem) as caught:
        yamlio.load(text)
    assert (caught.value.line, caught.value.column) == position
    assert caught.value.message == "nesting deeper than 64 levels"


def test_cache_serves_warm_and_never_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "tenders"
    path = good(folder, "C-1", at="2026-03-02 10:00")
    first = load_paths([folder])
    assert first.tenders[0].tender.dates[0].at == "2026-03-02 10:00"
    cache_files = list(Path(os.environ["TENDERCTL_CACHE_DIR"]).glob("*.idx"))
    assert len(cache_files) == 1

    # Warm: parse_tender must not run at all.
    calls: list[str] = []
    import tenderctl.tenders.loader as loader

    real = loader.parse_tender
    monkeypatch.setattr(loader, "parse_tender", lambda text, display: calls.append(display) or real(text, display))
    warm = load_paths([folder])
    assert calls == [] and warm.tenders[0].summary == first.tenders[0].summary
    # The full model is parsed on demand, from the file itself.
    assert warm.tenders[0].tender == first.tenders[0].tender and calls == [str(path)]
    calls.clear()

    # Same size, same mtime (restored by hand): the inode/ctime still change the signature.
    stat = path.stat()
    path.write_text(GOOD.format(ref="C-1", at="2026-03-09 10:00"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    fresh = load_paths([folder])
    assert calls == [str(path)]
    assert fresh.tenders[0].tender.dates[0].at == "2026-03-09 10:00"

    # A new version of the tool discards the cache.
    calls.clear()
    monkeypatch.setattr(cache_module, "__version__", "999")
    load_paths([folder])
    assert calls == [str(path)]

    # Deleted files leave the cache; problems are cached too.
    write(folder / "bad.yaml", "title: [")
    calls.clear()
    load_paths([folder])
    again = load_paths([folder])
    assert calls == [str(folder / "bad.yaml")] and again.bad_files == [str(folder / "bad.yaml")]
    (folder / "bad.yaml").unlink()
    assert load_paths([folder]).ok
    cache = cache_module.Cache.open([folder])
    assert cache.file == cache_files[0] and list(cache.entries) == [str(path)]


def test_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    folder = tmp_path / "tenders"
    good(folder, "C-2")
    load_paths([folder])
    (file,) = Path(os.environ["TENDERCTL_CACHE_DIR"]).glob("*.idx")
    good_index = file.read_bytes()
    header = cache_module.HEADER % (cache_module.FORMAT, cache_module.__version__.encode())
    assert good_index.startswith(header)
    trailer = cache_module.TRAILER
    at, length, mark = trailer.unpack(good_index[-trailer.size :])
    key, entries = marshal.loads(good_index[at : at + length])
    body = good_index[:at]

    def index(table: object, start: bytes = body) -> bytes:
        raw = marshal.dumps(table)
        return start + raw + trailer.pack(len(start), len(raw), mark)

    (name,) = entries
    beyond = {name: [entries[name][0], cache_module.place(at - 10, 20), None, None, "C-2"]}  # a summary running into the table
    damaged = [
        b"{not json",  # another tool's file, or format 8's JSON
        header + b"\xff\x00garbage",  # marshal that does not decode
        header + good_index[len(header) : len(header) + 40],  # cut short
        good_index[:-1],  # the trailer cut short
        good_index[: -trailer.size] + trailer.pack(at, length + 1, mark),  # a table running into the trailer
        good_index[: -trailer.size] + trailer.pack(at, length, b"other---"),  # not our mark
        index(("some other key", entries)),  # another folder's index
        index((key, {str(folder / "x.yaml"): "not an entry"})),
        index((key, beyond)),
        index((key, {name: [entries[name][0], -5, None, None, "C-2"]})),
        index((key, {name: [*entries[name][:4], 17]})),  # a reference that is no text
        index((key, {name: entries[name][:4]})),  # an entry of the previous shape
        index((key, {name: [[1, 2, 3, 4], *entries[name][1:]]})),  # a signature not packed
        index([key, entries]),
        index((key, entries), header[:-1] + b"\n" * 2),  # the wrong header
        cache_module.HEADER % (cache_module.FORMAT - 1, cache_module.__version__.encode()) + good_index[len(header) :],  # an older format
    ]
    assert cache_module.Cache.open([folder]).entries == entries  # the helper above makes a good index from good parts
    file.write_bytes(index((key, entries)))
    assert cache_module.Cache.open([folder]).entries == entries
    for text in damaged:
        file.write_bytes(text)
        assert cache_module.Cache.open([folder]).entries == {}
        assert load_paths([folder]).tenders[0].tender.reference == "C-2"
        assert file.read_bytes().startswith(header)  # replaced by a good index


def test_a_previous_format_index_is_ignored_and_replaced(tmp_path: Path) -> None:
    """Format 8 kept JSON under ``.json``: never read, and removed once the new index is written."""
    folder = tmp_path / "tenders"
    good(folder, "C-3")
    probe = cache_module.Cache.open([folder])
    assert probe.file is not None
    old = probe.file.with_suffix(".json")
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_text('{"format": 8, "entries": {}}', encoding="utf-8")
    assert load_paths([folder]).tenders[0].reference == "C-3"
    assert not old.exists() and probe.file.exists()


def test_status_and_extras_round_trip() -> None:
    text = GOOD.format(ref="S-1", at="2026-03-02") + (
        "status: submitted\nportal: UNGM\nsubmit_buffer: 1d 4h\nexperts: [Team leader, {role: Researcher, name: Ana}]\n"
        "criteria: [Methodology, {title: Experience, weight: 30}]\ncontacts: [{name: Desk, email: desk@example.org}]\n"
    )
    tender, problems = parse_tender(text, "t.yaml")
    assert tender is not None, problems
    assert tender.status is Status.submitted and not tender.status.closed
    assert tender.portal is not None and tender.portal.name == "UNGM"
    assert [e.role for e in tender.experts] == ["Team leader", "Researcher"]
    assert tender.criteria[1].weight == 30


def test_submit_buffer_adds_an_internal_milestone() -> None:
    from tenderctl.tenders.summary import resolved_milestones

    text = GOOD.format(ref="B-1", at="2025-06-05 15:00") + "submit_buffer: 1d\n"
    tender, _ = parse_tender(text, "t.yaml")
    assert tender is not None
    derived = [r for r in resolved_milestones(tender) if r.derived]
    assert len(derived) == 1 and derived[0].milestone.kind.value == "internal"
    assert derived[0].when.start.isoformat() == "2025-06-04T13:00:00+00:00"


def test_vocabularies_agree_with_the_model() -> None:
    from tenderctl import vocab
    from tenderctl.tenders.model import MilestoneKind

    assert {s.value for s in Status if s.closed} == vocab.CLOSED_STATUSES
    assert tuple(s.value for s in Status) == vocab.STATUSES
    assert tuple(k.value for k in MilestoneKind) == vocab.MILESTONE_KINDS


def test_warm_summary_matches_fresh_resolution(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from tenderctl.tenders.deadlines import deadline_view

    folder = tmp_path / "t"
    write(folder / "a.yaml", GOOD.format(ref="W-1", at="2025-10-26 02:30") + "submit_buffer: 2h\n")
    write(folder / "b.yaml", GOOD.format(ref="W-2", at="2025-06-05T15:00+01:00"))
    write(folder / "c.yaml", GOOD.format(ref="W-3", at="2025-03-30"))
    now = datetime(2025, 1, 1, tzinfo=UTC)
    cold = deadline_view(load_paths([folder]).tenders, now)
    warm_result = load_paths([folder])
    assert all(t._tender is None for t in warm_result.tenders)  # served from the cache
    warm = deadline_view(warm_result.tenders, now)
    assert [(r.reference, r.milestone, r.when, r.left) for r in warm.rows] == [
        (r.reference, r.milestone, r.when, r.left) for r in cold.rows
    ]
    assert [r.to_json() for r in warm.rows] == [r.to_json() for r in cold.rows]
    assert len(warm.rows) == 4


def test_parallel_load_matches_sequential(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tenderctl.tenders.loader as loader

    folder = tmp_path / "many"
    for n in range(40):
        good(folder, f"P-{n:02d}", at="2025-10-26 02:30" if n % 7 == 0 else "2026-03-02 10:00")
    write(folder / "bad.yaml", "reference: [\n")
    monkeypatch.setattr(loader, "PARALLEL_MIN_FILES", 2)
    import threading

    # Fork only from a single-threaded process (a thread another test left running means
    # the safe sequential path, which must give the same answer).
    assert loader._worker_count(41) == (0 if threading.active_count() > 1 else 1)  # one worker for a few files
    monkeypatch.setattr(loader, "SECOND_WORKER_MIN_FILES", 2)
    expected = 0 if threading.active_count() > 1 else min(os.cpu_count() or 1, 8)
    assert loader._worker_count(41) == expected
    parallel = load_paths([folder], use_cache=False, summaries_only=True)
    monkeypatch.setenv("TENDERCTL_NO_PARALLEL", "1")
    sequential = load_paths([folder], use_cache=False, summaries_only=True)
    assert [t.summary for t in parallel.tenders] == [t.summary for t in sequential.tenders]
    assert parallel.problems == sequential.problems and len(parallel.problems) == 7
    assert parallel.tenders[3].tender == sequential.tenders[3].tender  # models still come on demand


def test_an_interrupted_load_leaves_no_half_written_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The new index is begun as the first summary arrives: a run stopped before its save removes it."""
    import tenderctl.tenders.loader as loader

    folder = tmp_path / "tenders"
    for n in range(3):
        good(folder, f"I-{n}")
    old = 1_600_000_000_000_000_000  # not racy, so the first file's summary is written at once
    for path in folder.iterdir():
        os.utime(path, ns=(old, old))
    real = loader._parse_one
    seen: list[str] = []

    def stop_at_the_second(path: str, display: str) -> object:
        seen.append(path)
        if len(seen) == 2:
            raise KeyboardInterrupt
        return real(path, display)

    monkeypatch.setattr(loader, "_parse_one", stop_at_the_second)
    with pytest.raises(KeyboardInterrupt):
        load_paths([folder])
    cache_dir = Path(os.environ["TENDERCTL_CACHE_DIR"])
    assert len(seen) == 2 and cache_dir.is_dir() and not [p for p in cache_dir.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.setattr(loader, "_parse_one", real)
    assert [t.reference for t in load_paths([folder]).tenders] == ["I-0", "I-1", "I-2"]
