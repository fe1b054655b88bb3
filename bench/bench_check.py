"""Benchmark: `tenderctl check` on a realistic proposal against pdftotext on the same PDFs.

Two workloads, each measured round-robin against its own floor in the same run:

* ``proposal``: a 300-page technical PDF, ten 3-page CVs and a workbook (issue 4, "Speed");
* ``single``: one 300-page A4 PDF of 45 lines of prose a page (about 4,000 characters), alone in
  its folder (issue 17): a proposal is often one large PDF, read on both cores by page runs.

Baselines measured in the same run on the same files:

- pdftotext (poppler-utils), each PDF in turn: the issue's reference figure;
- pdftotext with two processes in parallel (the same two cores tenderctl uses);
- pypdfium2 plain text extraction, in-process (what our PDF reader builds on).

And the parts of `tenderctl check`: the full CLI run (process start, tender load, reading in
bounded workers, rules, report; the tender and its checklist come from the cache after the
first run, as they do for a user) and `read_folder` alone. Figures are medians of ``--runs``.
The package is byte-compiled first, as `pip install` does.

    .venv/bin/python bench/bench_check.py [--runs 5] [--pages 300] [--workload both] [--tenderctl PATH] \
        [--also NAME=SRC ...]

``--also NAME=SRC`` adds ``check`` run from another source tree (``SRC`` holding the ``tenderctl``
package, e.g. ``git archive COMMIT src | tar -x -C /tmp/old``) to the same rounds, so the steps
of a change are measured against one floor in one run.

Peak RSS is the largest process of each command's tree (``os.wait4``, from a small launcher: see
bench/rss.py); the in-process variants have none of their own. CPU is user + system time of this
process and its children, the launcher's children included.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

from rss import Launcher  # noqa: E402

import docgen  # noqa: E402

TENDER = "RFPS-NYH-2025-503831"


def build_single(folder: Path, pages: int) -> list[Path]:
    return [docgen.many_page_pdf(folder / "Technical_Proposal.pdf", pages, lines_per_page=45)]


def build(folder: Path, pages: int) -> list[Path]:
    docgen.many_page_pdf(folder / "Technical_Proposal.pdf", pages)
    for number in range(10):
        docgen.many_page_pdf(folder / f"CV_Expert_{number + 1}.pdf", 3, title=f"Curriculum vitae: expert {number + 1}", seed=number + 10)
    rows: list[tuple[object, ...]] = [("Item", "Days", "Daily rate", "Total cost")]
    rows += [(f"Activity {i}", i % 20 + 1, 650, 650 * (i % 20 + 1)) for i in range(500)]
    docgen.xlsx(folder / "Financial_Proposal.xlsx", rows)
    return sorted(folder.glob("*.pdf"))


def _cpu() -> float:
    """CPU seconds (user + system) of this process and its waited-for children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + sum(LAUNCHED_CPU)


PEAKS: dict[str, int] = {}
"""Peak RSS (KiB) of the children of the variant being measured (0: it runs in this process)."""
LAUNCHER: list[Launcher] = []
LAUNCHED_CPU: list[float] = []
"""CPU seconds of the commands the launcher ran (not this process's children: its grandchildren)."""


def run_child(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> int:
    """Run ``cmd`` to the end (from the small launcher, see bench/rss.py); its exit code."""
    _wall, code, peak, cpu = LAUNCHER[0].run(cmd, cwd=cwd, env={**os.environ, **(env or {})})
    PEAKS["last"] = max(PEAKS.get("last", 0), peak)
    LAUNCHED_CPU.append(cpu)
    return code


def rounds(variants: list[tuple[str, Callable[[], object]]], runs: int) -> list[tuple[str, tuple[float, float, int]]]:
    """Median wall-clock and CPU seconds and the peak RSS of each variant, measured round-robin:
    every round runs each variant once, so a machine that slows down for a while slows all alike."""
    walls: dict[str, list[float]] = {name: [] for name, _ in variants}
    cpus: dict[str, list[float]] = {name: [] for name, _ in variants}
    peaks: dict[str, int] = {name: 0 for name, _ in variants}
    for _ in range(runs):
        for name, action in variants:
            PEAKS["last"] = 0
            cpu = _cpu()
            started = time.perf_counter()
            action()
            walls[name].append(time.perf_counter() - started)
            cpus[name].append(_cpu() - cpu)
            peaks[name] = max(peaks[name], PEAKS["last"])
    return [(name, (statistics.median(walls[name]), statistics.median(cpus[name]), peaks[name])) for name, _ in variants]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--workload", choices=("proposal", "single", "both"), default="both")
    parser.add_argument(
        "--tenderctl",
        help="the tenderctl to time (default: this venv's); e.g. one from a plain `pip install .`, as users run it",
    )
    parser.add_argument("--also", action="append", default=[], metavar="NAME=SRC", help="also time check from this source tree")
    args = parser.parse_args()
    others = [(name, src) for name, _, src in (item.partition("=") for item in args.also)]
    for _name, src in others:
        compileall.compile_dir(src, quiet=1)
    LAUNCHER.append(Launcher())  # before anything heavy is imported here

    # `pip install` byte-compiles the package; a source tree run with PYTHONDONTWRITEBYTECODE=1
    # (as in some sandboxes) would recompile every module on every run and time that instead.
    compileall.compile_dir(str(ROOT / "src" / "tenderctl"), quiet=1)
    tenderctl = args.tenderctl or shutil.which("tenderctl", path=str(Path(sys.executable).parent)) or shutil.which("tenderctl")
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}; median of {args.runs} round-robin runs\n")
    for workload in ("single", "proposal") if args.workload == "both" else (args.workload,):
        bench(workload, args.pages, args.runs, tenderctl, others)
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    return 0


def bench(workload: str, pages: int, runs: int, tenderctl: str | None, others: Sequence[tuple[str, str]] = ()) -> None:
    pdftotext = shutil.which("pdftotext")
    with tempfile.TemporaryDirectory(prefix="tenderctl-bench-") as tmp:
        folder = Path(tmp) / "proposal"
        folder.mkdir()
        pdfs = build_single(folder, pages) if workload == "single" else build(folder, pages)
        size = sum(p.stat().st_size for p in folder.iterdir())
        what = (
            f"one {pages}-page PDF of 45 lines a page"
            if workload == "single"
            else f"{pages}-page technical PDF + 10 CVs + a 2,000-cell workbook"
        )
        print(f"{workload}: {len(list(folder.iterdir()))} files, {size / 1e6:.1f} MB, {what}")

        def run_pdftotext(path: Path) -> None:
            run_child([pdftotext, "-q", str(path), "-"])  # type: ignore[list-item]

        def pdftotext_serial() -> None:
            for path in pdfs:
                run_pdftotext(path)

        def pdftotext_parallel() -> None:
            with ThreadPoolExecutor(2) as pool:
                list(pool.map(run_pdftotext, pdfs))

        def pypdfium_text() -> None:
            import pypdfium2 as pdfium

            for path in pdfs:
                pdf = pdfium.PdfDocument(str(path))
                for page in pdf:
                    page.get_textpage().get_text_range()
                pdf.close()

        def read_folder() -> None:
            from tenderctl.documents.folder import read_folder as read

            read(folder)

        def check_cli() -> None:
            code = run_child([tenderctl, "check", str(folder), "--tender", TENDER, "--format", "json"], cwd=ROOT)  # type: ignore[list-item]
            if code not in (0, 1):
                raise SystemExit(f"tenderctl check failed ({code})")

        def check_from(src: str) -> Callable[[], None]:
            def run() -> None:
                cmd = [
                    sys.executable,
                    "-c",
                    "from tenderctl.entry import main; main()",
                    "check",
                    str(folder),
                    "--tender",
                    TENDER,
                    "--format",
                    "json",
                ]
                code = run_child(cmd, cwd=ROOT, env={"PYTHONPATH": src})
                if code not in (0, 1):
                    raise SystemExit(f"tenderctl check from {src} failed ({code})")

            return run

        variants: list[tuple[str, Callable[[], object]]] = []
        if pdftotext:
            variants.append(("pdftotext, one PDF after another (baseline)", pdftotext_serial))
            if len(pdfs) > 1:
                variants.append(("pdftotext, two processes", pdftotext_parallel))
        else:
            print("pdftotext not found (apt-get install poppler-utils): the baseline is pypdfium2 text extraction\n")
        variants.append(("pypdfium2 get_text_range, in-process", pypdfium_text))
        variants.append(("tenderctl read_folder (bounded workers)", read_folder))
        if tenderctl:
            check_cli()  # the first run fills the tender cache, as any user's first run does
            variants.append(("tenderctl check --format json (whole CLI run)", check_cli))
        else:
            print("tenderctl CLI not found: benchmarking read_folder only\n")
        for name, src in others:
            check_from(src)()  # as above: the caches learn the tender
            variants.append((f"check from {name}", check_from(src)))
        figures = rounds(variants, runs)
        base_wall, base_cpu, _ = figures[0][1]
        width = max(len(name) for name, _ in figures)
        print(f"{'':<{width}}  {'wall':>9}  {'ratio':>6}  {'cpu':>9}  {'ratio':>6}  {'peak RSS':>9}")
        for name, (wall, cpu, peak) in figures:
            memory = f"{peak / 1024:5.0f} MiB" if peak else "  (in-process)"
            print(f"{name:<{width}}  {wall:7.3f} s  {wall / base_wall:5.2f}x  {cpu:7.3f} s  {cpu / base_cpu:5.2f}x  {memory}")
        print()


if __name__ == "__main__":
    raise SystemExit(main())
