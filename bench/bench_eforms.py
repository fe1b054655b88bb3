"""Benchmark: eForms import against lxml parsing the same files bare, in the same run.

N notices are generated from the SDK's call-for-tenders samples (../shared/eforms-samples, or
--samples DIR) with fresh procedure, notice and internal identifiers and shifted dates, written to a
temporary folder. Rounds alternate (round-robin) between:

* floor: read each file and ``lxml.etree.fromstring`` it, nothing else;
* read+map: ``eforms.prepare(eforms.iter_inputs(...))``: bounded read, safe parse, extraction,
  zone choice and mapping of every notice (what ``import eforms`` does before writing);

and the median ratio is reported (target: within 2x). ``--write`` also times the full import into
an empty folder (YAML written, each file validated, atomic fsync'd writes) once.
``--memory`` runs read+map in a child for N and 2N notices and reports each peak RSS: flat memory
means the two are close (the notices are consumed one at a time).

Usage: python bench/bench_eforms.py [--notices 1000] [--rounds 5] [--write] [--memory]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CALLS = ("cn_24_FRA_comments.xml", "cn_24_maximal.xml", "cn_24_minimal.xml", "cn_24_multilingual.xml", "cn_24_open.xml")


def default_samples() -> Path:
    for candidate in (ROOT.parent / "shared" / "eforms-samples", Path("/work/shared/eforms-samples")):
        if candidate.is_dir():
            return candidate
    raise SystemExit("eForms samples not found: pass --samples DIR")


def generate(samples: Path, count: int, folder: Path) -> list[Path]:
    """``count`` notices: the samples in turn, identifiers made unique, dates moved by n days."""
    templates = [(samples / name).read_text(encoding="utf-8") for name in CALLS]
    paths = []
    for n in range(count):
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


def read_map(paths: list[Path]) -> int:
    from tenderctl.interop import eforms

    errors: list[object] = []
    prepared, problems = eforms.prepare(eforms.iter_inputs([str(p) for p in paths], sys.stdin.buffer, errors))  # type: ignore[arg-type]
    assert not errors and not [p for p in problems if p.level == "error"], problems[:3]
    return len(prepared)


def timed(func, *args) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def child_peak(samples: Path, count: int) -> float:
    """Peak RSS of read+map over ``count`` notices, generated here so the child only reads them."""
    with tempfile.TemporaryDirectory() as tmp:
        generate(samples, count, Path(tmp))
        code = (
            "import resource, sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); import bench_eforms as b\n"
            "import tenderctl.interop.eforms, tenderctl.interop.ocds, lxml.etree\n"
            "paths = sorted(Path(sys.argv[2]).glob('*.xml'))\n"
            "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "b.read_map(paths)\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, base / 1024)"
        )
        out = subprocess.run([sys.executable, "-c", code, str(ROOT / "bench"), tmp], capture_output=True, text=True, check=True)
    peak, base = map(float, out.stdout.split())
    print(f"  {count:>6} notices: peak RSS {peak:6.1f} MB (after imports, before reading: {base:6.1f} MB)")
    return peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notices", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--samples", type=Path, default=None)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--memory", action="store_true")
    args = parser.parse_args()
    samples = args.samples or default_samples()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = generate(samples, args.notices, folder)
        size = sum(p.stat().st_size for p in paths)
        print(f"{len(paths)} notices, {size / 1e6:.1f} MB of eForms XML")
        read_map(paths[:5])  # warm: imports and zone table
        floor(paths[:5])
        ratios, floors, mapped = [], [], []
        for _ in range(args.rounds):
            f = timed(floor, paths)
            m = timed(read_map, paths)
            floors.append(f)
            mapped.append(m)
            ratios.append(m / f)
        print(f"floor lxml parse   median {statistics.median(floors):.3f} s  ({args.rounds} rounds, round-robin)")
        print(
            f"read+map           median {statistics.median(mapped):.3f} s  = {statistics.median(ratios):.2f} x floor "
            f"(per round: {', '.join(f'{r:.2f}' for r in ratios)}); {1000 * statistics.median(mapped) / len(paths):.2f} ms per notice"
        )
        if args.write:
            from tenderctl.interop import eforms, ocds

            out = folder / "tenders"
            start = time.perf_counter()
            errors: list[object] = []
            prepared, _ = eforms.prepare(eforms.iter_inputs([str(p) for p in paths], sys.stdin.buffer, errors))  # type: ignore[arg-type]
            outcomes = ocds.import_tenders(prepared, out)
            total = time.perf_counter() - start
            created = sum(o.action == "created" for o in outcomes)
            print(f"full import        {total:.3f} s for {created} files written = {total / statistics.median(floors):.1f} x floor")
    if args.memory:
        print("memory (read+map in a child):")
        one = child_peak(samples, args.notices)
        two = child_peak(samples, 2 * args.notices)
        print(f"  ratio {two / one:.2f} for twice the notices")


if __name__ == "__main__":
    main()
