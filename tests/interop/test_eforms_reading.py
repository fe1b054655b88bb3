"""Reading thousands of notices: what each file costs beyond its own bytes.

``import eforms`` reads every notice through ``fsutil.read_bounded``; a folder of TED notices is
thousands of files of 10-100 kB, so a fixed cost per file shows in the benchmark
(bench/bench_eforms.py): these tests pin the costs that were found there.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from tenderctl.fsutil import read_bounded
from tenderctl.interop.eforms import MAX_NOTICE_BYTES


def test_a_small_file_is_read_without_a_buffer_of_the_largest_size(tmp_path: Path) -> None:
    """os.read allocates what it is asked for before reading: asking for the 4 MB chunk for a
    50 kB notice cost a fresh 4 MB buffer (page faults, cold caches) per file."""
    notice = tmp_path / "n.xml"
    notice.write_bytes(b"<a>" + b"x" * 50_000 + b"</a>")
    read_bounded(notice, MAX_NOTICE_BYTES)  # warm
    tracemalloc.start()
    try:
        data, _info = read_bounded(notice, MAX_NOTICE_BYTES)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert data == notice.read_bytes()
    assert peak < 4 * len(data), f"reading {len(data):,} bytes allocated up to {peak:,}"


def test_sizes_around_the_bound_and_the_chunk_are_read_whole_or_refused(tmp_path: Path) -> None:
    """Reads sized by the file must still read large files whole (several chunks) and refuse one
    byte over the bound."""
    from tenderctl.fsutil import _CHUNK, UnreadableFile

    for size in (0, 1, 65_535, 65_536, 65_537, _CHUNK - 1, _CHUNK, _CHUNK + 1, 2 * _CHUNK + 3):
        path = tmp_path / f"f{size}"
        path.write_bytes(bytes(range(256)) * (size // 256) + b"z" * (size % 256))
        assert read_bounded(path, 3 * _CHUNK)[0] == path.read_bytes(), size
        if size:
            assert read_bounded(path, size)[0] == path.read_bytes(), size
            try:
                read_bounded(path, size - 1)
            except UnreadableFile as exc:
                assert "limit" in exc.message
            else:
                raise AssertionError(f"{size} bytes read under a bound of {size - 1}")


def test_a_notice_over_the_size_bound_is_one_line_and_the_others_are_imported(tmp_path: Path, cli) -> None:
    """From a file (refused before reading: sparse, so nothing is allocated) and from stdin."""
    from conftest import write

    big = tmp_path / "big.xml"
    with big.open("wb") as handle:
        handle.truncate(MAX_NOTICE_BYTES + 1)
    good = write(
        tmp_path / "good.xml",
        (Path(__file__).parent.parent / "fixtures" / "eforms" / "train" / "deu-berlin.xml").read_text(encoding="utf-8"),
    )
    result = cli("import", "eforms", big, good, "--tenders", tmp_path / "t")
    assert result.exit_code == 1, result.dump
    [line] = [line for line in result.stderr.splitlines() if line.startswith(str(big))]
    assert (
        line
        == f"{big}:1:1: file: file is {MAX_NOTICE_BYTES + 1:,} bytes, over the {MAX_NOTICE_BYTES:,}-byte limit (is this the right notice?)"
    )
    assert len(list((tmp_path / "t").glob("*.yaml"))) == 1
    piped = cli("import", "eforms", "-", "--tenders", tmp_path / "t", input=b"<a>" + b" " * MAX_NOTICE_BYTES + b"</a>")
    assert piped.exit_code == 1, piped.dump
    assert piped.stderr.startswith(f"<stdin>:1:1: file: {MAX_NOTICE_BYTES + 1:,} bytes, over the {MAX_NOTICE_BYTES:,}-byte limit"), (
        piped.dump
    )
