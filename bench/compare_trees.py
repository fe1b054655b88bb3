"""Run the benches of several checkouts of tenderctl round-robin and compare their figures.

Each tree runs its own bench scripts with its own venv (``TREE/.venv/bin/python``, so the
editable install points at that tree's ``src/``), one tree after the other within a round and
in the reverse order the next round, so a machine that slows down for a while slows every
tree alike. Every figure a bench prints is kept per tree; the summary gives, for each line
of output the trees share (numbers aside), the median of each figure per tree and the
ratio of the last tree to the first. A bench missing from a tree is reported, not run.

    python bench/compare_trees.py /tmp/before /tmp/after --rounds 3 --out /tmp/figures.json
    python bench/compare_trees.py /tmp/before /tmp/after --summarise /tmp/figures.json
    python bench/compare_trees.py /tmp/before /tmp/after --startup 10

Used for bench/RESULTS-layout.md (issue 12: the layout moves, before and after).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCHES: dict[str, list[str]] = {
    "bench_tenders.py": ["--files", "1000", "--repeat", "3"],
    "bench_check.py": ["--runs", "3", "--pages", "60"],
    "bench_rules.py": ["--pages", "60", "--runs", "3"],
    "bench_calendar.py": ["--files", "500", "--repeat", "2", "--requests", "50", "--concurrent", "20"],
    "bench_ocds.py": ["--tenders", "100"],
    "bench_authoring.py": [],
    "bench_eforms.py": ["--notices", "100", "--rounds", "3"],
}
"""Each bench with options that keep one run to seconds (their defaults take minutes)."""

NUMBER = re.compile(r"(?<![\w.])[-+]?\d[\d,]*(?:\.\d+)?")


def skeleton(line: str) -> str:
    """The line with its figures replaced by ``#``: what stays the same from run to run."""
    return re.sub(r"\s+", " ", NUMBER.sub("#", line.strip()))  # padding widths vary with the figures


def figures(line: str) -> list[float]:
    return [float(n.replace(",", "")) for n in NUMBER.findall(line.strip())]


def accepted(script: Path, options: list[str]) -> list[str]:
    """``options`` without the flags (and their values) an older copy of the bench does not have."""
    text = script.read_text(encoding="utf-8")
    kept: list[str] = []
    for index, item in enumerate(options):
        if item.startswith("--"):
            if f'"{item}"' in text:
                kept.append(item)
        elif kept and options[index - 1] == kept[-1]:
            kept.append(item)
    return kept


def run(tree: Path, bench: str, args: list[str]) -> tuple[float, str, int]:
    args = accepted(tree / "bench" / bench, args)
    python = tree / ".venv" / "bin" / "python"
    env = {**os.environ, "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": ""}
    env.pop("VIRTUAL_ENV", None)
    env["PATH"] = f"{tree / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    started = time.perf_counter()
    done = subprocess.run([str(python), str(tree / "bench" / bench), *args], cwd=tree, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, done.stdout + (done.stderr if done.returncode else ""), done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None, help="bench file names to run (default: all)")
    parser.add_argument("--out", type=Path, default=None, help="write every run's output as JSON")
    parser.add_argument("--summarise", type=Path, default=None, help="summarise a JSON file written by --out instead of running")
    parser.add_argument("--startup", type=int, default=0, metavar="ROUNDS", help="time the hot commands' start-up instead")
    args = parser.parse_args()
    names = [t.name for t in args.trees]
    if args.startup:
        startup(args.trees, args.startup)
        return 0
    if args.summarise:
        saved = json.loads(args.summarise.read_text(encoding="utf-8"))
        for bench, runs in saved.items():
            print(f"== {bench}")
            summarise(runs, [n for n in names if n in runs])
        return 0
    record: dict[str, dict[str, list[dict[str, object]]]] = {}
    for bench, options in BENCHES.items():
        if args.only and bench not in args.only:
            continue
        trees = [t for t in args.trees if (t / "bench" / bench).is_file()]
        absent = [t.name for t in args.trees if t not in trees]
        record[bench] = {t.name: [] for t in trees}
        print(f"== {bench} {' '.join(options)}" + (f"   (not in {', '.join(absent)})" if absent else ""), flush=True)
        for round_ in range(args.rounds):
            for tree in trees if round_ % 2 == 0 else list(reversed(trees)):
                wall, output, code = run(tree, bench, options)
                record[bench][tree.name].append({"wall": wall, "output": output, "code": code, "load": os.getloadavg()[0]})
                print(f"   round {round_ + 1} {tree.name:<8} {wall:6.1f} s  exit {code}  load {os.getloadavg()[0]:.2f}", flush=True)
        summarise(record[bench], [n for n in names if n in record[bench]])
    if args.out:
        args.out.write_text(json.dumps(record, indent=1), encoding="utf-8")
    return 0


BARE_TYPER = """
import typer
app = typer.Typer()
@app.command()
def hello(name: str = "x") -> None:
    print(name)
@app.command()
def bye() -> None:
    pass
app()
"""


def startup(trees: list[Path], rounds: int) -> None:
    """``--help``, ``--version``, ``deadlines`` and ``deadlines --json`` (warm), and ``check`` of the
    example proposal (warm, and cold: an empty cache folder each run), each
    tree's own ``tenderctl`` on the newest tree's tenders/ and examples/, alternating trees; with
    two floors run by each tree's python in the same rounds (``python -c pass``, a bare two-command
    typer app's ``--help``) and every command's ratio to each."""
    newest = trees[-1]
    folder = str(newest / "tenders")
    commands = {
        "--help": ["--help"],
        "--version": ["--version"],
        "deadlines (warm cache)": ["deadlines", "--tenders", folder],
        "deadlines --json (warm)": ["deadlines", "--json", "--tenders", folder],
        "check examples/proposal": [
            "check",
            str(newest / "examples" / "proposal"),
            "--tender",
            "RFPS-NYH-2025-503831",
            "--tenders",
            folder,
        ],
    }
    commands["check (cold cache)"] = commands["check examples/proposal"]
    cold = {"check (cold cache)"}
    floors = {
        "floor: python -c pass": ["-c", "pass"],
        "floor: bare typer --help": ["-c", BARE_TYPER, "--help"],
    }
    commands.update(floors)
    times: dict[tuple[str, str], list[float]] = {(t.name, c): [] for t in trees for c in commands}
    outputs: dict[tuple[str, str], set[tuple[int, int]]] = {(t.name, c): set() for t in trees for c in commands}
    with tempfile.TemporaryDirectory(prefix="tenderctl-startup-") as cache:

        def once(tree: Path, label: str) -> None:
            where = f"{cache}/{tree.name}" if label not in cold else tempfile.mkdtemp(dir=cache)  # a fresh, empty cache each run
            env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TENDERCTL_CACHE_DIR": where}
            started = time.perf_counter()
            program = "python" if label in floors else "tenderctl"
            done = subprocess.run([str(tree / ".venv" / "bin" / program), *commands[label]], cwd=newest, env=env, capture_output=True)
            times[(tree.name, label)].append(time.perf_counter() - started)
            outputs[(tree.name, label)].add((done.returncode, len(done.stdout)))

        for tree in trees:  # fill the caches, as a user's first run does
            for label in commands:
                once(tree, label)
        for key in times:
            times[key].clear()
        for round_ in range(rounds):
            for tree in trees if round_ % 2 == 0 else list(reversed(trees)):
                for label in commands:
                    once(tree, label)
    print(f"start-up, {rounds} rounds, median wall ms (x the first tree); load {os.getloadavg()[0]:.2f}")
    for label in commands:
        base = statistics.median(times[(trees[0].name, label)])
        cells = [
            f"{t.name} {statistics.median(times[(t.name, label)]) * 1000:5.0f} ({statistics.median(times[(t.name, label)]) / base:.2f}x)"
            for t in trees
        ]
        seen = " ".join(f"{t.name}={sorted(outputs[(t.name, label)])}" for t in trees)
        print(f"  {label:<24} " + "  ".join(cells) + f"   exit/stdout bytes: {seen}")
    for floor in floors:
        ratios = [
            f"{t.name} "
            + " ".join(
                f"{label} {statistics.median(times[(t.name, label)]) / statistics.median(times[(t.name, floor)]):.2f}x"
                for label in commands
                if label not in floors
            )
            for t in trees
        ]
        print(f"  x {floor}: " + "; ".join(ratios))


def summarise(runs: dict[str, list[dict[str, object]]], names: list[str]) -> None:
    """Per output line shared by every tree: median figures per tree, last/first ratio of each."""
    per_tree: dict[str, dict[str, list[list[float]]]] = {}
    order: list[str] = []
    for name in names:
        lines: dict[str, list[list[float]]] = {}
        for one in runs[name]:
            for line in str(one["output"]).splitlines():
                if not line.strip():
                    continue
                key = skeleton(line)
                lines.setdefault(key, []).append(figures(line))
                if key not in order:
                    order.append(key)
        per_tree[name] = lines
    walls = {n: statistics.median(float(str(r["wall"])) for r in runs[n]) for n in names}
    print("   whole bench run (median wall s): " + "  ".join(f"{n} {walls[n]:.1f}" for n in names))
    for key in order:
        present = [n for n in names if key in per_tree[n]]
        if len(present) < len(names):
            print(f"   only in {','.join(present)}: {key}")
            continue
        medians = {n: [statistics.median(col) for col in zip(*per_tree[n][key], strict=False)] for n in names}
        first, last = medians[names[0]], medians[names[-1]]
        ratios = [f"{b / a:.2f}" if a else "-" for a, b in zip(first, last, strict=False)]
        shown = "  |  ".join(f"{n}: {' '.join(f'{v:g}' for v in medians[n])}" for n in names)
        print(f"   {key}\n      {shown}  |  {names[-1]}/{names[0]}: {' '.join(ratios)}")


if __name__ == "__main__":
    sys.exit(main())
