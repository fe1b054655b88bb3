"""Every pattern the checklist runs on document text is linear (issue 18: 118 s on a 40 kB line).

Each compiled pattern of every module under ``tenderctl.checks`` is timed on hostile texts of
two sizes, 8x apart: a linear scan takes about 8x longer, a quadratic one 64x. The bound
(24x, plus a small constant for timer noise on a shared machine) tells them apart, and an
absolute bound catches a pattern slow at any size. Times are this thread's CPU time, not the
wall clock: on a loaded machine another process taking the core for a moment made a linear
pattern look quadratic (a failure seen at load 9); CPU time does not count those moments.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time

import pytest

import tenderctl.checks
from tenderctl.checks.rules.financials import scan_blocks
from tenderctl.documents.model import TextBlock


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    found: dict[int, tuple[str, re.Pattern[str]]] = {}
    for info in pkgutil.walk_packages(tenderctl.checks.__path__, "tenderctl.checks."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            values = value if isinstance(value, list | tuple) else [value]
            for item in values:
                if isinstance(item, re.Pattern) and isinstance(item.pattern, str):
                    found.setdefault(id(item), (f"{info.name}.{name}", item))
    return sorted(found.values(), key=lambda pair: pair[0])


PATTERNS = _patterns()
HOSTILE = {
    "digit groups": "111 ",
    "digits": "1",
    "commas": "1,",
    "dots": "1.",
    "apostrophes": "1'",
    "letters": "a",
    "dotted words": "a.",
    "spaces": " ",
    "dashes": "1-",
    "slashes": "1/",
    "parentheses": "(1",
    "at signs": "a@",
    "fee": "fee ",
    "currency": "USD ",
    "words": "fifty ",
    "mixed": "Fee: 1 1 a. (",
}


def _time(pattern: re.Pattern[str], text: str, repeats: int = 2) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.thread_time()
        for _match in pattern.finditer(text):
            pass
        best = min(best, time.thread_time() - start)
    return best


def test_patterns_are_found() -> None:
    names = {name for name, _ in PATTERNS}
    assert "tenderctl.checks.rules.financials._AMOUNT_AFTER" not in names or len(PATTERNS) > 40
    assert len(PATTERNS) > 40, names


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_every_checks_pattern_is_linear(kind: str) -> None:
    unit = HOSTILE[kind]
    small = ("fee " + unit * (4_000 // len(unit)))[:4_000]
    large = ("fee " + unit * (32_000 // len(unit)))[:32_000]
    slow = []
    for name, pattern in PATTERNS:
        short, long = _time(pattern, small), _time(pattern, large)
        if long > 24 * short + 0.02:  # suspicious, or another process took the core: measure again, interleaved
            for _ in range(5):
                short, long = min(short, _time(pattern, small, 3)), min(long, _time(pattern, large, 3))
        if long > 1.0 or long > 24 * short + 0.02:  # quadratic would be 64x at 8x the text
            slow.append(f"{name}: {short * 1000:.1f} ms on 4 kB, {long * 1000:.1f} ms on 32 kB")
    assert not slow, "\n".join(slow)


def test_issue_18_fee_line_is_linear() -> None:
    """The input of issue 18: 'fee' then a 40 kB line of '111 111 ...' (118 s before)."""
    times = []
    for count in (1_250, 10_000):
        text = "fee " + "111 " * count
        best = float("inf")
        for _ in range(3):
            start = time.thread_time()
            scan_blocks([TextBlock(text, page=1)])
            best = min(best, time.thread_time() - start)
        times.append(best)
    assert times[1] < 3.0, times
    assert times[1] < 24 * times[0] + 0.1, times
