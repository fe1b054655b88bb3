"""Benchmark: `tenderctl deadlines` on 10,000 tender files, against the floors it competes with.

Everything is measured in the same run, on the same files, round-robin (every round runs every
variant once, the short commands a few times, so a busy moment on a shared machine slows them
all alike), and reported as ratios of medians, of wall time and of CPU time (user + system of the
whole process tree: on a machine whose cores are busy with other work, wall time mostly says how
much CPU the others left), with the peak RSS of each variant (the largest process of its tree,
from a small launcher: see bench/rss.py):

* cold  = `tenderctl deadlines --all --json` with an empty cache, vs a bare script loading the
  same files with PyYAML's CSafeLoader (libyaml), the fastest safe YAML load in Python;
* warm  = the same command again, files unchanged (the fast path: stat and one cache index);
* warm text = `tenderctl deadlines` piped (the fast path's table), and the same with the fast
  path off (rich draws the table: tens of seconds for 17,000 rows, so it runs in the first round
  only; the "fast path off" row beside warm is the JSON, not the table);
* --help / --version vs a minimal two-command typer app's --help.

``--also NAME=SRC`` adds cold, warm, warm text and --help run from another source tree (``SRC``
holding the ``tenderctl`` package, e.g. ``git archive main src | tar -x -C /tmp/old``: the same
console script with ``PYTHONPATH=SRC``, its own cache folder) to the same rounds, so a change and
what it changes are measured against one floor at one moment of a shared machine.

Usage: python bench/bench_tenders.py [--files 10000 [50000 ...]] [--rounds 5] [--also NAME=SRC ...]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rss import Launcher

ZONES = ["Europe/Brussels", "America/New_York", "Asia/Kolkata", "Africa/Nairobi", "America/St_Johns", "Pacific/Chatham", "UTC"]

TEMPLATE = """\
# Generated tender {n}
reference: BENCH-{n:05d}
title: "Consultancy services for programme {n}: evaluation and learning"
buyer: Agency {buyer}
timezone: {zone}
status: open
portal:
  name: United Nations Global Marketplace
  url: https://www.ungm.org
tags: [bench, consultancy]
notes: >-
  Generated for the benchmark; about forty lines like a real tender file.
dates:
  - id: conference
    kind: conference
    title: Pre-bid conference
    at: {conf}
  - id: questions
    kind: questions
    title: Last day for questions
    at: {questions}
  - id: submission
    kind: submission
    title: Proposal submission deadline
    at: {submission}
    as_written: "{written}"
steps:
  - Read the Terms of Reference
  - Register as a supplier
  - text: Ask questions through the portal
    date: questions
  - text: Upload the proposal
    date: submission
checks:
  - rule: signature
    documents: technical
    tip: The technical proposal must be signed.
  - rule: no-financials
    documents: technical
    tip: No financial information in the technical proposal.
  - rule: cvs
    severity: required
"""


def generate(folder: Path, count: int) -> None:
    rng = random.Random(42)
    for n in range(count):
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        sub = f"2026-{month:02d}-{day:02d} {rng.choice(['12:00', '15:00', '17:00'])}"
        (folder / f"sub{n % 20:02d}").mkdir(exist_ok=True)
        (folder / f"sub{n % 20:02d}" / f"BENCH-{n:05d}.yaml").write_text(
            TEMPLATE.format(
                n=n,
                buyer=n % 97,
                zone=rng.choice(ZONES),
                conf=f"2026-{month:02d}-{max(1, day - 5):02d}",
                questions=f"2026-{month:02d}-{max(1, day - 3):02d}",
                submission=sub,
                written=f"{day} month {month}, local time",
            ),
            encoding="utf-8",
        )


FLOOR = textwrap.dedent(
    """
    import os, sys, yaml
    root = sys.argv[1]
    out = []
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith('.yaml'):
                with open(os.path.join(d, f), 'rb') as h:
                    out.append(yaml.load(h.read().decode('utf-8'), Loader=yaml.CSafeLoader))
    print(len(out))
    """
)

MINIMAL_TYPER = textwrap.dedent(
    """
    import typer
    app = typer.Typer()
    @app.command()
    def hello(name: str = "world") -> None:
        "Say hello."
    @app.command()
    def bye() -> None:
        "Say bye."
    app()
    """
)


LAUNCHER: list[Launcher] = []


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds (user + system, the whole tree) of one run
    of ``cmd`` (from the small launcher: bench/rss.py)."""
    wall, _code, peak, cpu = LAUNCHER[0].run(cmd, env=env)
    return wall, peak, cpu


SHORT_REPEATS = 5
"""A command of a few hundred milliseconds (--help, --version, their floor) runs this many times
per round, so its median is not three noisy samples beside seconds-long ones."""


def rounds(
    variants: list[tuple[str, Callable[[], tuple[float, int, float]]]],
    count: int,
    short: set[str],
    first_round_only: frozenset[str] = frozenset(),
) -> dict[str, tuple[float, int, float]]:
    """Median wall time, the largest peak RSS and the median CPU time of each variant, round-robin
    (the variants named in ``short`` run SHORT_REPEATS times a round, interleaved with each other;
    those named in ``first_round_only`` run in the first round only)."""
    first_only = first_round_only
    walls: dict[str, list[float]] = {name: [] for name, _ in variants}
    cpus: dict[str, list[float]] = {name: [] for name, _ in variants}
    peaks: dict[str, int] = {name: 0 for name, _ in variants}

    def once(name: str, action: Callable[[], tuple[float, int, float]]) -> None:
        wall, peak, cpu = action()
        walls[name].append(wall)
        cpus[name].append(cpu)
        peaks[name] = max(peaks[name], peak)

    for number in range(count):
        for name, action in variants:
            if name not in short and (number == 0 or name not in first_only):
                once(name, action)
        for _ in range(SHORT_REPEATS):
            for name, action in variants:
                if name in short:
                    once(name, action)
    return {name: (statistics.median(walls[name]), peaks[name], statistics.median(cpus[name])) for name, _ in variants}


def bench(files: int, count: int, work: Path, others: list[tuple[str, str]] = []) -> None:  # noqa: B006 - read only
    tenders = work / f"tenders-{files}"
    tenders.mkdir()
    generate(tenders, files)
    lines = sum(1 for _ in (tenders / "sub00" / "BENCH-00000.yaml").open())
    cache = work / f"cache-{files}"
    env = {**os.environ, "TENDERCTL_CACHE_DIR": str(cache), "NO_COLOR": "1", "TZ": "UTC"}
    exe = shutil.which("tenderctl", path=str(Path(sys.executable).parent)) or shutil.which("tenderctl") or "tenderctl"
    py = sys.executable
    floor_script = work / "floor.py"
    floor_script.write_text(FLOOR)
    typer_script = work / "minimal_typer.py"
    typer_script.write_text(MINIMAL_TYPER)
    # Warm the OS page cache so every side reads from memory; the files must be older than the
    # cache's racy window (2 s) or each warm run would check their bytes (as it should, then).
    subprocess.run([py, str(floor_script), str(tenders)], check=True, stdout=subprocess.DEVNULL)
    time.sleep(2.5)
    deadlines = [exe, "deadlines", "--all", "--json", "--tenders", str(tenders)]
    text = [exe, "deadlines", "--tenders", str(tenders), "--as-of", "2026-06-01"]

    def cold() -> tuple[float, int, float]:
        shutil.rmtree(cache, ignore_errors=True)
        return run(deadlines, env)

    run(deadlines, env)  # a first cache, so `warm` is warm from the first round on
    variants: list[tuple[str, Callable[[], tuple[float, int, float]]]] = [
        ("floor", lambda: run([py, str(floor_script), str(tenders)], env)),
        ("cold", cold),
        ("warm", lambda: run(deadlines, env)),
        ("warm-text", lambda: run(text, env)),
        ("warm-full", lambda: run(deadlines, {**env, "TENDERCTL_NO_FASTPATH": "1"})),
        ("warm-text-full", lambda: run(text, {**env, "TENDERCTL_NO_FASTPATH": "1"})),
        ("typer-help", lambda: run([py, str(typer_script), "--help"], env)),
        ("help", lambda: run([exe, "--help"], env)),
        ("version", lambda: run([exe, "--version"], env)),
    ]
    short = {"typer-help", "help", "version"}
    for name, src in others:
        other_env = {**env, "PYTHONPATH": src, "TENDERCTL_CACHE_DIR": str(work / f"cache-{files}-{name}")}
        run(deadlines, other_env)  # its first cache
        variants.extend(_other_variants(name, other_env, exe, deadlines, text))
        short.add(f"{name}:help")
    # cold rewrites the cache last in each round, before warm: warm is always warm
    got = rounds(variants, count, short, frozenset({"warm-text-full"}))
    floor, help_floor = got["floor"][0], got["typer-help"][0]
    floor_cpu, help_floor_cpu = got["floor"][2], got["typer-help"][2]
    load = os.getloadavg()
    print(
        f"files: {files} tender files of {lines} lines; median of {count} round-robin rounds; python {sys.version.split()[0]}; "
        f"{os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f}"
    )
    rows = [
        ("floor", "CSafeLoader bare load", floor, floor_cpu, ""),
        ("cold", "deadlines --all --json, cold", floor, floor_cpu, "(target <= 1.0x, 60 MiB)"),
        ("warm", "deadlines --all --json, warm", floor, floor_cpu, "(target <= 0.1x)"),
        ("warm-text", "deadlines (table, piped), warm", floor, floor_cpu, ""),
        ("warm-full", "same as warm, fast path off", floor, floor_cpu, ""),
        ("warm-text-full", "table, piped, fast path off (1 run)", floor, floor_cpu, ""),
        ("typer-help", "minimal typer app --help", help_floor, help_floor_cpu, ""),
        ("help", "tenderctl --help", help_floor, help_floor_cpu, "(target <= 1.15x)"),
        ("version", "tenderctl --version", help_floor, help_floor_cpu, ""),
    ]
    for name, _src in others:
        rows += [
            (f"{name}:cold", f"{name}: cold", floor, floor_cpu, ""),
            (f"{name}:warm", f"{name}: warm", floor, floor_cpu, ""),
            (f"{name}:warm-text", f"{name}: table, piped, warm", floor, floor_cpu, ""),
            (f"{name}:help", f"{name}: --help", help_floor, help_floor_cpu, ""),
        ]
    print(f"  {'':<34} {'wall':>8}  {'ratio':>6}  {'CPU':>8}  {'ratio':>6}  peak RSS")
    for key, label, base, base_cpu, target in rows:
        wall, peak, cpu = got[key]
        print(
            f"  {label:<34} {wall * 1000:6.0f} ms {wall / base:6.2f}x  {cpu * 1000:6.0f} ms {cpu / base_cpu:6.2f}x  "
            f"{peak / 1024:6.1f} MiB  {target}"
        )


def _other_variants(
    name: str, env: dict[str, str], exe: str, deadlines: list[str], text: list[str]
) -> list[tuple[str, Callable[[], tuple[float, int, float]]]]:
    """Cold, warm, warm text and --help run from another source tree (``env`` names it and its cache)."""
    cache = env["TENDERCTL_CACHE_DIR"]

    def cold() -> tuple[float, int, float]:
        shutil.rmtree(cache, ignore_errors=True)
        return run(deadlines, env)

    return [
        (f"{name}:cold", cold),
        (f"{name}:warm", lambda: run(deadlines, env)),
        (f"{name}:warm-text", lambda: run(text, env)),
        (f"{name}:help", lambda: run([exe, "--help"], env)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[10_000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--also", action="append", default=[], metavar="NAME=SRC", help="also time tenderctl from this source tree")
    args = parser.parse_args()
    others = [(name, src) for name, _, src in (item.partition("=") for item in args.also)]
    # `pip install` byte-compiles the package; a source tree run with PYTHONDONTWRITEBYTECODE=1
    # would compile every module on every run and time that instead.
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "src" / "tenderctl"), quiet=1)
    for _name, src in others:
        compileall.compile_dir(str(Path(src) / "tenderctl"), quiet=1)
    work = Path(tempfile.mkdtemp(prefix="tenderctl-bench-"))
    LAUNCHER.append(Launcher())
    try:
        for files in args.files:
            bench(files, args.rounds, work, others)
    finally:
        LAUNCHER[0].close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
