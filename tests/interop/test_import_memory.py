"""Memory stays flat as the count of notices grows (issue 15): the import reports as it goes.

The real command (``import eforms FOLDER``, text and ``--json``, and ``import ocds`` over a package
of many tenders) runs in this process with stdout and stderr sent to ``os.devnull``, under
``tracemalloc``; the figure is the growth of the peak of Python allocations per extra tender
between N and 4N generated inputs. No wall time and no RSS: tracemalloc counts the same
allocations on a loaded machine as on an idle one.

Why the bounds: before the import streamed, every outcome and its warnings were kept to print
the report at the end, the folder listing held a ``Path`` per file, and each new OCDS tender's
model was kept: this test measured 2,278 B per notice (text), 5,478 B (``--json``) and 8,683 B
per OCDS tender beyond its releases (bench/bench_eforms.py --memory: 2.8 kB of peak RSS per
notice). Streaming, what is left is what has to be kept per tender, the name of each file in
the folder being read (75 B) and, for each new tender, its reference and file, so that a later
tender of the same run never takes its reference (about 150 B): measured 270-320 B (``--json``),
-70 B (OCDS beyond its releases) and 650 B (text: rich keeps about 150 B per line it prints in
caches of its own, up to about 250 kB; flat past 2,500 lines, but it shows within a few hundred).
The bound, 600 B (1,200 B for text), is about twice what is measured and a quarter to a tenth of
before. Two things are kept out of the figure: the first procedures of an eForms import wait in
memory (``KEEP_IN_MEMORY``, set low here, so both counts are past it), and Python's table of
interned strings (pathlib interns every file name it sees) is rebuilt now and then, a spike of
its whole size in the peak of whichever run it falls in: each count is measured three times
(after a warm-up run) and the lowest peak is taken.
"""

from __future__ import annotations

import gc
import json
import os
import re
import shutil
import tracemalloc
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from conftest import ROOT
from tenderctl.interop import ocds
from tenderctl.interop.eforms import pending

SAMPLES = Path(os.environ.get("TENDERCTL_SHARED") or ROOT.parent / "shared") / "eforms-samples"
SMALL = 40
BOUND = 600
"""Bytes of Python allocations per extra tender (see the module docstring)."""
TEXT_BOUND = 2 * BOUND
"""The text output's bound: rich's own caches show within a few hundred lines (module docstring)."""


def notices(folder: Path, count: int) -> Path:
    """``count`` call-for-tenders notices, each its own procedure, reference and notice."""
    sample = SAMPLES / "cn_24_minimal.xml"
    if not sample.is_file():  # pragma: no cover - CI has ../shared beside the clone
        pytest.fail(f"the eForms SDK samples are not at {SAMPLES} (../shared beside the clone, or set TENDERCTL_SHARED)")
    text = sample.read_text(encoding="utf-8")
    folder.mkdir()
    for n in range(count):
        notice = re.sub(r"<cbc:ContractFolderID>[^<]*<", f"<cbc:ContractFolderID>mem-proc-{n:05d}<", text)
        notice = re.sub(r'(<cbc:ID schemeName="notice-id">)[^<]*<', rf"\g<1>mem-notice-{n:05d}<", notice, count=1)
        notice = re.sub(r'(<cbc:ID schemeName="InternalID">)[^<]*<', rf"\g<1>MEM-{n:05d}<", notice, count=1)
        (folder / f"notice-{n:05d}.xml").write_text(notice, encoding="utf-8")
    return folder


def package(path: Path, n: int) -> Path:
    """An OCDS release package of one tender (number ``n``), one release."""
    release = {
        "ocid": f"ocds-mem-{n:05d}",
        "id": f"r{n}",
        "date": "2030-01-01T00:00:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
        "buyer": {"name": "Memory Council"},
        "tender": {"id": f"MEM-{n:05d}", "title": f"Tender {n}", "tenderPeriod": {"endDate": "2030-03-01T12:00:00+01:00"}},
    }
    path.write_text(json.dumps({"uri": "https://example.org/p", "publishedDate": "2030-01-01T00:00:00Z", "releases": [release]}))
    return path


def peak(args: list[str]) -> int:
    """Peak bytes of Python allocations of one in-process run of the command (exit 0 asserted)."""
    from tenderctl.cli import app

    gc.collect()
    tracemalloc.start()
    try:
        with open(os.devnull, "w", encoding="utf-8") as sink, redirect_stdout(sink), redirect_stderr(sink):
            code = app(args, standalone_mode=False)
    finally:
        top = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert code in (None, 0), args
    return top


def lowest_peaks(run: Callable[[Path], int], tmp_path: Path, inputs: Path) -> tuple[int, int]:
    """The lowest of three peaks of ``run`` over the first SMALL files of the folder ``inputs`` and
    over all 4 * SMALL, after a warm-up over all: the same folder (the others moved aside for the
    small runs) into the same (emptied) tenders folder, so that the small runs print no text the
    warm-up did not (rich and ``re`` keep bounded caches of the text they saw: flat past their
    bound, but growth within a few hundred tenders)."""
    out, aside = tmp_path / "tenders", tmp_path / "aside"
    aside.mkdir(parents=True)
    later = sorted(inputs.iterdir())[SMALL:]

    def once() -> int:
        shutil.rmtree(out, ignore_errors=True)
        return run(out)

    once()  # warm: imports, zone tables, caches
    for path in later:
        path.rename(aside / path.name)
    low = min(once() for _ in range(3))
    for path in later:
        (aside / path.name).rename(path)
    high = min(once() for _ in range(3))
    return low, high


@pytest.mark.parametrize("json_output", [False, True], ids=["text", "json"])
def test_import_eforms_memory_does_not_grow_with_the_notices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, json_output: bool) -> None:
    monkeypatch.setattr(pending, "KEEP_IN_MEMORY", 4)
    folder = notices(tmp_path / "in", 4 * SMALL)
    command = ["import", "eforms", *(["--json"] if json_output else []), str(folder), "--tenders"]
    low, high = lowest_peaks(lambda out: peak([*command, str(out)]), tmp_path, folder)
    per_notice = (high - low) / (3 * SMALL)
    bound = BOUND if json_output else TEXT_BOUND
    assert per_notice < bound, f"{per_notice:.0f} B of Python allocations per extra notice"


def test_import_ocds_memory_grows_only_by_the_releases_it_must_hold(tmp_path: Path) -> None:
    """OCDS holds every release until all inputs are read (the releases of one ocid can be in
    any input), so memory grows with the input; the report must add nothing to that: the growth
    of ``import ocds --json`` per tender, less that of reading the same releases and grouping
    them (what has to be kept), is under the bound."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(4 * SMALL):
        package(folder / f"p{n:03d}.json", n)

    def files() -> list[str]:
        return [str(p) for p in sorted(folder.glob("*.json"))]

    def hold(_out: Path) -> int:
        names = files()
        gc.collect()
        tracemalloc.start()
        releases = [release for name in names for release in ocds.read_source(Path(name).read_bytes(), name)[0]]
        groups, _notes = ocds.group_by_ocid(releases)
        top = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert len(groups) == len(names)
        return top

    held = lowest_peaks(hold, tmp_path / "held", folder)
    imported = lowest_peaks(lambda out: peak(["import", "ocds", "--json", *files(), "--tenders", str(out)]), tmp_path / "import", folder)
    per_tender = ((imported[1] - imported[0]) - (held[1] - held[0])) / (3 * SMALL)
    assert per_tender < BOUND, f"{per_tender:.0f} B of Python allocations per extra tender beyond its releases"
