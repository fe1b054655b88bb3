"""Benchmark: `tenderctl deadlines` on 10,000 tender files, against the floors it competes with.

Everything is measured in the same run, on the same files, and reported as ratios:

* cold  = `tenderctl deadlines --all --json` with an empty cache, vs a bare script loading the
  same files with PyYAML's CSafeLoader (libyaml), the fastest safe YAML load in Python;
* warm  = the same command again, files unchanged (served from the stat-keyed cache);
* --help / --version vs a minimal typer app's --help.

Usage: python bench/bench_tenders.py [--files 10000] [--repeat 3]
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
from pathlib import Path

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


def timed(cmd: list[str], env: dict[str, str], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(cmd, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="tenderctl-bench-"))
    try:
        tenders = work / "tenders"
        tenders.mkdir()
        generate(tenders, args.files)
        lines = sum(1 for _ in (tenders / "sub00" / "BENCH-00000.yaml").open())
        env = {**os.environ, "TENDERCTL_CACHE_DIR": str(work / "cache"), "NO_COLOR": "1", "TZ": "UTC"}
        exe = shutil.which("tenderctl") or str(Path(sys.executable).with_name("tenderctl"))
        py = sys.executable
        floor_script = work / "floor.py"
        floor_script.write_text(FLOOR)
        typer_script = work / "minimal_typer.py"
        typer_script.write_text(MINIMAL_TYPER)

        # Warm the OS page cache so both sides read from memory.
        subprocess.run([py, str(floor_script), str(tenders)], check=True, stdout=subprocess.DEVNULL)
        deadlines = [exe, "deadlines", "--all", "--json", "--tenders", str(tenders)]
        floors, colds, warms = [], [], []
        # Interleaved rounds, so a busy moment on the machine hits every side alike.
        for _ in range(args.repeat):
            floors.append(timed([py, str(floor_script), str(tenders)], env, 1))
            shutil.rmtree(work / "cache", ignore_errors=True)
            colds.append(timed(deadlines, env, 1))
            warms += [timed(deadlines, env, 1), timed(deadlines, env, 1)]
        floor, cold, warm = statistics.median(floors), statistics.median(colds), statistics.median(warms)

        help_floor = timed([py, str(typer_script), "--help"], env, args.repeat * 3)
        help_ours = timed([exe, "--help"], env, args.repeat * 3)
        version = timed([exe, "--version"], env, args.repeat * 3)

        print(
            f"files: {args.files} tender files of {lines} lines; median of {args.repeat} rounds (warm: 2 runs a round); python {sys.version.split()[0]}"
        )
        print(f"floor  CSafeLoader bare load     {floor:8.2f} s   ({floor / args.files * 1000:.2f} ms/file)   1.00x")
        print(f"cold   deadlines --all --json    {cold:8.2f} s   {cold / floor:5.2f}x floor   (target <= 1.30x)")
        print(f"warm   deadlines --all --json    {warm:8.2f} s   {warm / floor:5.2f}x floor   (target <= 0.20x)")
        print(f"help   minimal typer app --help  {help_floor * 1000:8.0f} ms  1.00x")
        print(f"help   tenderctl --help          {help_ours * 1000:8.0f} ms  {help_ours / help_floor:5.2f}x   (target <= 1.30x)")
        print(f"version tenderctl --version      {version * 1000:8.0f} ms  {version / help_floor:5.2f}x   (target <= 1.30x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
