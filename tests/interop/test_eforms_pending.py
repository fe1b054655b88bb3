"""The latest notice of each procedure waits on disk past the first few (flat memory): same import.

bench/bench_eforms.py --memory shows the memory (peak RSS at several counts), test_memory.py its
growth; here, that a notice that waited in the temporary database comes back the same, that the import is the same whether the
notices waited in memory or on disk (change notices included), and that without a usable
temporary folder the import still works, in memory.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import ROOT, TESTS
from tenderctl.interop import eforms
from tenderctl.interop.eforms import pending
from tenderctl.interop.eforms.notice import Notice, NoticeError, read_notice

SAMPLES = Path(os.environ.get("TENDERCTL_SHARED") or ROOT.parent / "shared") / "eforms-samples"
VARIANTS = TESTS / "fixtures" / "eforms"


def samples() -> list[Path]:
    if not SAMPLES.is_dir():  # pragma: no cover - CI has ../shared beside the clone
        pytest.fail(f"the eForms SDK samples are not at {SAMPLES} (../shared beside the clone, or set TENDERCTL_SHARED)")
    return sorted(SAMPLES.glob("*.xml"))


def notices() -> list[Notice]:
    out = []
    for path in samples() + sorted(VARIANTS.glob("*/*.xml")):
        try:
            out.append(read_notice(path.read_bytes(), str(path)))
        except NoticeError:
            continue
    return out


def test_a_notice_comes_back_from_the_database_as_it_went_in() -> None:
    read = notices()
    assert len(read) > 10
    early, late = datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 2, 1, tzinfo=UTC)
    with pending.Pending(keep=1) as store:
        for n, notice in enumerate(read):
            store.offer(f"p{n}", early, notice, (early, n, notice.source, notice.identifier, notice.notice_id))
        # a later notice of a procedure that waited on disk replaces it; an older one does not
        store.offer("p1", late, read[0], (late, 100, "later", "id-later", "n-later"))
        store.offer("p2", datetime(2023, 1, 1, tzinfo=UTC), read[0], (early, 101, "older", "id-older", "n-older"))
        assert store.spilled == len(read) - 1  # the others waited on disk
        drained = list(store.drain())
        assert list(store.drain()) == []  # each is given once
    assert [procedure for procedure, _n, _s in drained] == [f"p{n}" for n in range(len(read))]  # the order first seen
    expected = [read[0] if n == 1 else r for n, r in enumerate(read)]
    assert [notice for _p, notice, _s in drained] == expected
    assert [record[3] for record in drained[1][2]] == [read[1].identifier, "id-later"]
    assert [record[3] for record in drained[2][2]] == [read[2].identifier, "id-older"]


def imported(folder: Path, inputs: list[Path]) -> tuple[list[str], list[str], dict[str, bytes]]:
    problems, outcomes = eforms.import_files([str(p) for p in inputs], sys.stdin.buffer, folder)
    files = {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}
    return [str(p) for p in problems], [f"{o.action} {o.path} {o.releases} {[str(n) for n in o.notes]}" for o in outcomes], files


@pytest.mark.parametrize("keep", [0, 1, 3])
def test_the_import_is_the_same_whether_notices_wait_in_memory_or_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keep: int
) -> None:
    inputs = samples() + sorted(VARIANTS.glob("*/*.xml"))
    change = SAMPLES / "change-cn_24_open_dates.xml"
    inputs = [change, *inputs, change]  # a change notice before its original, and again after
    expected = imported(tmp_path / "memory", inputs)
    monkeypatch.setattr(pending, "KEEP_IN_MEMORY", keep)
    spilled: list[int] = []
    real = pending.Pending.offer

    def counting(self: pending.Pending, procedure: str, issued: datetime, notice: Notice, seen: pending.Seen) -> None:
        real(self, procedure, issued, notice, seen)
        spilled.append(self.spilled)

    monkeypatch.setattr(pending.Pending, "offer", counting)
    got = imported(tmp_path / "disk", inputs)
    assert max(spilled) > 5  # the notices really waited on disk
    assert [p.replace("/disk/", "/memory/") for p in got[0]] == expected[0]
    assert [o.replace("/disk/", "/memory/") for o in got[1]] == expected[1]
    assert got[2] == expected[2]


def test_without_a_temporary_folder_the_notices_wait_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = samples()
    expected = imported(tmp_path / "memory", inputs)

    def refuse(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(pending, "KEEP_IN_MEMORY", 0)
    monkeypatch.setattr(sqlite3, "connect", refuse)
    got = imported(tmp_path / "disk", inputs)
    assert got[2] == expected[2] and len(got[1]) == len(expected[1])
