"""Benchmark: eForms import against lxml parsing the same files bare, in the same run.

N notices are generated from the SDK's call-for-tenders samples (../shared/eforms-samples, or
--samples DIR) with fresh procedure, notice and internal identifiers and shifted dates, written to a
temporary folder. Rounds alternate (round-robin, so load from other processes hits all alike):

* floor: read each file and ``lxml.etree.fromstring`` it (default parser), nothing else;
* read+map: ``eforms.prepare(eforms.iter_inputs(...))``: bounded read, safe parse, extraction,
  zone choice and mapping of every notice (what ``import eforms`` does before writing YAML);
* with ``--write``, also:
  - floor+write: the floor, plus writing the same tender files the import writes (their bytes
    made beforehand) through ``fsutil.atomic_write`` (temporary file, fsync, link, folder
    fsync: how tenderctl writes every file) into an empty folder;
  - import: ``eforms.import_files`` into an empty folder: read+map, then each tender's YAML
    made and validated (``write.validate_written``: the data, or the text where the writer's
    round trip does not vouch for it), and written durably.

Each timed pair is reported as the median of per-round ratios, in wall time and in CPU time
(``process_time``: what is ours, less sensitive to the other processes on a shared machine; the
fsyncs of ``--write`` wait on the disk, so there the wall ratio is noisy), with the median CPU
seconds of each, and as the ratio of the fastest CPU round of each (the least disturbed by other
processes).
Target: within 2x. ``--memory`` runs the real command, ``tenderctl import eforms FOLDER``, over
generated notices once per count (N, 5N and 10N by default, ``--counts``; past 10,000 the notices
are spread over folders of 10,000, ``--per-folder``, all named to the command), each started by the
small launcher of bench/rss.py (so nothing of this benchmark counts in its peak), and prints each
peak RSS and the flatness, MiB per 1,000 extra notices between counts (target: about 0).

Usage: python bench/bench_eforms.py [--notices 1000] [--rounds 5] [--write] [--memory] [--counts 1000,10000,20000,50000]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from rss import Launcher  # noqa: E402

CALLS = ("cn_24_FRA_comments.xml", "cn_24_maximal.xml", "cn_24_minimal.xml", "cn_24_multilingual.xml", "cn_24_open.xml")


def default_samples() -> Path:
    for candidate in (ROOT.parent / "shared" / "eforms-samples", Path("/work/shared/eforms-samples")):
        if candidate.is_dir():
            return candidate
    raise SystemExit("eForms samples not found: pass --samples DIR")


PER_FOLDER = 10_000
"""Notices per generated folder: ``import eforms`` reads at most 10,000 from one folder
(``eforms.MAX_FOLDER_FILES``), so a larger count is spread over several, all named to the command."""


def generate(samples: Path, count: int, folder: Path, *, start: int = 0) -> list[Path]:
    """``count`` notices (numbered from ``start``): the samples in turn, identifiers made unique,
    dates moved by n days."""
    templates = [(samples / name).read_text(encoding="utf-8") for name in CALLS]
    paths = []
    for n in range(start, start + count):
        text = templates[n % len(templates)]
        text = re.sub(r"<cbc:ContractFolderID>[^<]*<", f"<cbc:ContractFolderID>bench-proc-{n:06d}<", text)
        text = re.sub(r'(<cbc:ID schemeName="notice-id">)[^<]*<', rf"\g<1>bench-notice-{n:06d}<", text, count=1)
        text = re.sub(
            r'(<cac:ProcurementProject>\s*(?:<!--[^>]*-->\s*)?<cbc:ID schemeName="InternalID">)[^<]*<',
            rf"\g<1>BENCH-{n:06d}<",
            text,
            count=1,
        )
        year = 2030 + n % 5
        text = re.sub(
            r"<cbc:(EndDate|OccurrenceDate)>(\d{4})-(\d{2})-(\d{2})",
            lambda m, year=year, day=1 + n % 28: f"<cbc:{m[1]}>{year}-{m[3]}-{day:02d}",
            text,
        )
        path = folder / f"notice-{n:06d}.xml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def floor(paths: list[Path]) -> None:
    from lxml import etree

    for path in paths:
        etree.fromstring(path.read_bytes())


def floor_write(paths: list[Path], texts: list[bytes], out: Path) -> None:
    """The floor, plus the same tender files written the way tenderctl writes every file."""
    from tenderctl.fsutil import atomic_write

    floor(paths)
    out.mkdir()
    for n, data in enumerate(texts):
        atomic_write(out / f"tender-{n:06d}.yaml", data, overwrite=False)


def read_map(paths: list[Path]) -> int:
    from tenderctl.interop import eforms

    errors: list[object] = []
    prepared, problems = eforms.prepare(eforms.iter_inputs([str(p) for p in paths], sys.stdin.buffer, errors))  # type: ignore[arg-type]
    assert not errors and not [p for p in problems if p.level == "error"], problems[:3]
    return len(prepared)


def full_import(paths: list[Path], out: Path) -> int:
    from tenderctl.interop import eforms

    problems, outcomes = eforms.import_files([str(p) for p in paths], sys.stdin.buffer, out)
    assert not [p for p in problems if p.level == "error"], problems[:3]
    created = sum(o.action == "created" for o in outcomes)
    assert created == len(paths), [o.error for o in outcomes if o.action != "created"][:3]
    return created


def timed(func, *args) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(wall, CPU) seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    func(*args)
    return time.perf_counter() - wall, time.process_time() - cpu


def generate_folders(samples: Path, count: int, parent: Path, per_folder: int = PER_FOLDER) -> list[Path]:
    """``count`` notices in folders of at most ``per_folder`` (``in-00``, ``in-01``...), numbered
    across them (every procedure distinct); the folders, in order."""
    folders = []
    for start in range(0, count, per_folder):
        folder = parent / f"in-{len(folders):02d}"
        folder.mkdir()
        generate(samples, min(per_folder, count - start), folder, start=start)
        folders.append(folder)
    return folders


def launched_peak(launcher: Launcher, samples: Path, count: int, per_folder: int = PER_FOLDER) -> int:
    """Peak RSS (KiB) of ``tenderctl import eforms FOLDER...`` over ``count`` generated notices
    (in folders of at most ``per_folder``) into an empty folder: the real command, started by the
    small launcher (bench/rss.py) so that nothing of this benchmark is counted in it."""
    with tempfile.TemporaryDirectory() as tmp:
        folders = generate_folders(samples, count, Path(tmp), per_folder)
        out = Path(tmp) / "out"
        cmd = [sys.executable, "-m", "tenderctl", "import", "eforms", *map(str, folders), "--tenders", str(out)]
        wall, code, peak, cpu = launcher.run(cmd, env=dict(os.environ))
        written = sum(1 for name in os.listdir(out) if name.endswith(".yaml")) if out.is_dir() else 0
    if code != 0 or written != count:
        raise SystemExit(f"import of {count} notices: exit {code}, {written} tender files written")
    print(
        f"  {count:>6} notices ({len(folders)} folder{'s' if len(folders) > 1 else ''}): peak RSS {peak / 1024:6.1f} MiB "
        f"({wall:.0f} s wall, {cpu:.0f} s CPU; load {os.getloadavg()[0]:.1f})",
        flush=True,
    )
    return peak


def report(name: str, times: list[tuple[float, float]], floors: list[tuple[float, float]], count: int, floor_name: str) -> None:
    wall = [t[0] / f[0] for t, f in zip(times, floors, strict=True)]
    cpu = [t[1] / f[1] for t, f in zip(times, floors, strict=True)]
    median = statistics.median(t[0] for t in times)
    best = min(t[1] for t in times) / min(f[1] for f in floors)
    print(
        f"{name:<12} median {median:.3f} s = {statistics.median(wall):.2f} x {floor_name} wall "
        f"(rounds: {', '.join(f'{r:.2f}' for r in wall)}), {statistics.median(cpu):.2f} x CPU "
        f"({statistics.median(t[1] for t in times):.3f} s vs {statistics.median(f[1] for f in floors):.3f} s) "
        f"(fastest round of each: {best:.2f} x); {1000 * median / count:.2f} ms per notice"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notices", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--samples", type=Path, default=None)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--counts", default="", help="notice counts for --memory (default: N, 5N and 10N; e.g. 1000,10000,20000,50000)")
    parser.add_argument("--per-folder", type=int, default=PER_FOLDER, help="notices per generated folder for --memory (at most 10,000)")
    args = parser.parse_args()
    samples = args.samples or default_samples()
    if args.rounds > 0:  # --rounds 0: memory only
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "in"
            folder.mkdir()
            paths = generate(samples, args.notices, folder)
            size = sum(p.stat().st_size for p in paths)
            print(f"{len(paths)} notices, {size / 1e6:.1f} MB of eForms XML; {args.rounds} rounds, round-robin")
            read_map(paths[:5])  # warm: imports and zone table
            floor(paths[:5])
            texts: list[bytes] = []
            if args.write:  # the tender files the import writes, as bytes, for the write floor
                full_import(paths, Path(tmp) / "model")
                texts = [p.read_bytes() for p in sorted((Path(tmp) / "model").glob("*.yaml"))]
                print(f"{len(texts)} tender files, {sum(map(len, texts)) / 1e6:.1f} MB of YAML")
            floors, mapped, write_floors, imports = [], [], [], []
            for n in range(args.rounds):
                floors.append(timed(floor, paths))
                mapped.append(timed(read_map, paths))
                if args.write:
                    write_floors.append(timed(floor_write, paths, texts, Path(tmp) / f"floor-{n}"))
                    imports.append(timed(full_import, paths, Path(tmp) / f"import-{n}"))
                    for done in (Path(tmp) / f"floor-{n}", Path(tmp) / f"import-{n}"):
                        shutil.rmtree(done)
            print(f"floor        median {statistics.median(f[0] for f in floors):.3f} s (read + bare lxml parse)")
            report("read+map", mapped, floors, len(paths), "floor")
            if args.write:
                print(
                    f"floor+write  median {statistics.median(f[0] for f in write_floors):.3f} s (the floor + atomic_write of the same files)"
                )
                report("import", imports, write_floors, len(paths), "floor+write")
    if args.memory:
        counts = [int(c) for c in args.counts.split(",")] if args.counts else [args.notices, 5 * args.notices, 10 * args.notices]
        print("memory (`tenderctl import eforms FOLDER`, the real command, one run per count):")
        launcher = Launcher()
        try:
            launched_peak(launcher, samples, 5)  # the smallest import: what loading the command costs
            peaks = [launched_peak(launcher, samples, count, args.per_folder) for count in counts]
        finally:
            launcher.close()
        for (a, pa), (b, pb) in zip(zip(counts, peaks, strict=True), list(zip(counts, peaks, strict=True))[1:], strict=False):
            print(f"  {a:>6} -> {b:<6} {(pb - pa) / 1024 / max(1, b - a) * 1000:+.2f} MiB per 1,000 extra notices")
        per = (peaks[-1] - peaks[0]) / 1024 / max(1, counts[-1] - counts[0]) * 1000
        print(f"  flatness: {per:+.2f} MiB per 1,000 extra notices between {counts[0]:,} and {counts[-1]:,} (target: about 0)")


if __name__ == "__main__":
    main()
