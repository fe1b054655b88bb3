"""Figures for the authoring commands, as ratios against baselines measured in the same run.

    .venv/bin/python bench/bench_authoring.py

- edit: TenderFile.open + one change + render (validate, two ruamel dumps, line patch)
  against a bare ruamel round trip (load + dump) of the same file.
- draft: draft_from_text + validation on the seed notice against parse_tender of the
  seed tender file (what `validate` does per file).
- draft, hostile 1 MB notices (issue 18: a 999,000-character line of dates, 30,000 dated
  lines, 300,000 "</a" in HTML, 1 MB of requirement prose): seconds each (target < 2 s),
  and as a ratio against a floor measured in the same round: one pass of a simple regex
  (``re.findall(r"\\d+")``) over the same text. Rounds alternate case and floor (round-robin),
  so load from other processes hits both alike; the median of the rounds is printed.
"""

from __future__ import annotations

import io
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tenders" / "RFPS-NYH-2025-503831.yaml"
NOTICE = Path(os.environ.get("TENDERCTL_SHARED", ROOT.parent / "shared")) / "seeds" / "safe-online-news-and-tender-notice.txt"


def best(fn: Callable[[], object], runs: int = 30) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    from ruamel.yaml import YAML

    from tenderctl.authoring.draft import draft_from_text, validate_draft
    from tenderctl.authoring.edit import TenderFile
    from tenderctl.tenders.parse import parse_tender

    folder = Path(tempfile.mkdtemp())
    path = folder / SEED.name
    shutil.copy(SEED, path)
    text = SEED.read_text(encoding="utf-8")

    def ruamel_round_trip() -> None:
        yaml = YAML(typ="rt")
        data = yaml.load(text)
        yaml.dump(data, io.StringIO())

    def edit() -> None:
        tf = TenderFile.open(path)
        tf.set_key(["steps", 0, "done"], "2026-11-23")
        tf.render()

    def parse() -> None:
        parse_tender(text, "seed")

    notice = NOTICE.read_text(encoding="utf-8")

    def draft() -> None:
        validate_draft(draft_from_text(notice))

    ruamel_round_trip(), edit(), parse(), draft()  # warm imports and caches
    base_rt, t_edit = best(ruamel_round_trip), best(edit)
    base_parse, t_draft = best(parse), best(draft, 10)
    print(
        f"edit (open+change+render, seed tender): {t_edit * 1000:.1f} ms = {t_edit / base_rt:.1f}x a bare ruamel round trip ({base_rt * 1000:.1f} ms)"
    )
    print(
        f"draft (seed notice, {len(notice):,} chars): {t_draft * 1000:.1f} ms = {t_draft / base_parse:.1f}x parse_tender of the seed tender ({base_parse * 1000:.1f} ms)"
    )
    shutil.rmtree(folder)
    hostile()


def hostile(rounds: int = 3) -> None:
    import re

    from tenderctl.authoring.draft import draft_from_text, html_to_text

    cases = {
        "one 999,000-char line of dates": ("Deadline 12 March 2026 at 10:00 EAT, " * 30_000)[:999_000],
        "30,000 dated lines": "".join(f"Submission deadline: {i % 28 + 1:02d}/03/2026 10:00 GMT+3\n" for i in range(30_000)),
        "1 MB of requirement prose": ("The bidder must submit the proposal signed. Questions until 5 May 2026. " * 14_000)[:1_000_000],
    }
    html = "<p>" + "</a" * 300_000 + "</p>"
    draft_from_text("Ref: A-1\nDeadline: 1 May 2026\n")  # CLDR and tz tables loaded once, outside the timing
    for name, text in [*cases.items(), ("300,000 '</a' in HTML (html_to_text + draft)", html)]:
        times, floors = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            draft_from_text(html_to_text(text) if text is html else text)
            times.append(time.perf_counter() - started)
            started = time.perf_counter()
            re.findall(r"\d+", text)
            floors.append(time.perf_counter() - started)
        t, floor = statistics.median(times), statistics.median(floors)
        print(f"draft, {name} ({len(text):,} chars): {t:.2f} s = {t / floor:.0f}x one regex pass over it ({floor * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
