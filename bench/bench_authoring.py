"""Figures for the authoring commands, as ratios against baselines measured in the same run.

    .venv/bin/python bench/bench_authoring.py

- edit: TenderFile.open + one change + render (validate, two ruamel dumps, line patch)
  against a bare ruamel round trip (load + dump) of the same file.
- draft: draft_from_text + validation on the seed notice against parse_tender of the
  seed tender file (what `validate` does per file).
"""

from __future__ import annotations

import io
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tenders" / "RFPS-NYH-2025-503831.yaml"
NOTICE = ROOT.parent / "shared" / "seeds" / "safe-online-news-and-tender-notice.txt"


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


if __name__ == "__main__":
    main()
