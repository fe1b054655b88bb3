"""bench/bench_tenders.py's round-robin: every variant in every round, the short ones several
times a round, a variant named "once" in the first round only (the piped table with the fast path
off takes tens of seconds), and medians per variant."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import bench_tenders


def test_rounds_interleave_and_run_once_variants_in_the_first_round_only() -> None:
    calls: list[str] = []

    def variant(name: str, wall: float) -> tuple[str, Callable[[], tuple[float, int, float]]]:
        def action() -> tuple[float, int, float]:
            calls.append(name)
            return wall + len(calls) / 1000, len(calls), wall / 2

        return name, action

    variants = [variant("a", 1.0), variant("slow", 9.0), variant("b", 2.0), variant("short", 0.1)]
    got = bench_tenders.rounds(variants, 3, {"short"}, frozenset({"slow"}))
    per_round = ["a", "slow", "b", *["short"] * bench_tenders.SHORT_REPEATS]
    later = ["a", "b", *["short"] * bench_tenders.SHORT_REPEATS]
    assert calls == per_round + later + later
    assert got["slow"][0] == 9.0 + 2 / 1000  # its one run
    assert got["a"][2] == 0.5 and got["b"][2] == 1.0
    assert got["short"][1] == len(calls)  # the largest peak
