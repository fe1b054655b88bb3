"""Score `tenderctl draft` on the notice corpus: per-field precision and recall, training and held-out.

    .venv/bin/python bench/score_drafts.py                 # both parts
    .venv/bin/python bench/score_drafts.py --split train -v
    .venv/bin/python bench/score_drafts.py --json
    .venv/bin/python bench/score_drafts.py --split train --match r7d- -v   # one family of notices
    .venv/bin/python bench/score_drafts.py --split train --skip aside.txt   # leave a set-aside part out
    .venv/bin/python bench/score_drafts.py --split train --only aside.txt   # score it once, at the end
    .venv/bin/python bench/score_drafts.py --speed            # a 10-page notice: target < 1 s

The corpus is tests/authoring/notices/{train,heldout}/: each NAME.txt (a notice written after
the shape of a real portal's, never copied) beside NAME.truth.yaml (its facts: reference, buyer,
title, dates with kind and local time + zone or offset, or an all-day ``day``, the rules its
requirements map to, and ``not_rules`` it must not produce). The held-out part is not looked
at while the code is written; its score is the honest one.

Fields: reference, buyer, title, submission (the exact UTC instant), other dates (kind + exact
instant, as a set), rules (as a set). A single-valued field is *predicted* when the draft has a
value that is not a placeholder. "Unmarked wrong dates" counts dates in the draft that are not
in the truth and carry no REVIEW line: the target is zero.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "authoring" / "notices"
FIELDS = ("reference", "buyer", "title", "submission", "dates", "rules")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).replace("’", "'").split()).strip(" .")


def close(truth: str, guess: str | None) -> bool:
    """The same name: one holds the other and is at least half its length."""
    if not guess:
        return False
    a, b = fold(truth), fold(guess)
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return shorter in longer and len(shorter) >= 0.5 * len(longer)


def truth_instant(entry: dict[str, Any]) -> dt.datetime | dt.date:
    if "day" in entry:
        day = entry["day"]
        return day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
    local = dt.datetime.strptime(str(entry["local"]), "%Y-%m-%d %H:%M")
    if "offset" in entry:
        sign = -1 if str(entry["offset"]).startswith("-") else 1
        hours, minutes = str(entry["offset"]).lstrip("+-").split(":")
        tz: dt.tzinfo = dt.timezone(sign * dt.timedelta(hours=int(hours), minutes=int(minutes)))
    else:
        tz = ZoneInfo(entry["zone"])
    return local.replace(tzinfo=tz).astimezone(dt.UTC)


def draft_instant(at: str, zone: str) -> dt.datetime | dt.date:
    if len(at) == 10:
        return dt.date.fromisoformat(at)
    if "T" in at:
        return dt.datetime.fromisoformat(at).astimezone(dt.UTC)
    return dt.datetime.strptime(at, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)


def _utc(instant: dt.datetime | dt.date) -> str:
    """An instant as the misses print it: '2026-03-03 14:00Z', or the day alone."""
    return f"{instant:%Y-%m-%d %H:%MZ}" if isinstance(instant, dt.datetime) else instant.isoformat()


class Tally:
    def __init__(self) -> None:
        self.right = dict.fromkeys(FIELDS, 0)
        self.predicted = dict.fromkeys(FIELDS, 0)
        self.expected = dict.fromkeys(FIELDS, 0)
        self.unmarked_wrong = 0
        self.notices = 0
        self.misses: list[str] = []

    def add(self, field: str, right: int, predicted: int, expected: int) -> None:
        self.right[field] += right
        self.predicted[field] += predicted
        self.expected[field] += expected

    def summary(self) -> dict[str, Any]:
        fields = {}
        for name in FIELDS:
            p = self.right[name] / self.predicted[name] if self.predicted[name] else 1.0
            r = self.right[name] / self.expected[name] if self.expected[name] else 1.0
            fields[name] = {"precision": round(p, 3), "recall": round(r, 3), "right": self.right[name], "of": self.expected[name]}
        right = sum(self.right.values())
        expected = sum(self.expected.values())
        return {
            "notices": self.notices,
            "fields": fields,
            "fields_right": right,
            "fields_expected": expected,
            "fields_right_share": round(right / expected, 3) if expected else 1.0,
            "unmarked_wrong_dates": self.unmarked_wrong,
        }


def score(notice: Path, tally: Tally, verbose: bool) -> None:
    from tenderctl.authoring.draft import draft_from_text, read_notice, validate_draft
    from tenderctl.authoring.draft.model import REVIEW_PLACEHOLDER_REFERENCE

    truth = yaml.safe_load(notice.with_suffix("").with_suffix(".truth.yaml").read_text(encoding="utf-8"))
    draft = draft_from_text(read_notice(notice), source=notice.name)
    _yaml, problems = validate_draft(draft)
    tally.notices += 1
    name = notice.stem
    if problems:
        tally.misses.append(f"{name}: draft does not validate: {problems[0].message}")

    def single(field: str, ok: bool, predicted: bool, shown: object, wanted: object = None) -> None:
        tally.add(field, int(ok), int(predicted), 1)
        if not ok:
            tally.misses.append(f"{name}: {field}: got {shown!r}, want {wanted if wanted is not None else truth.get(field)!r}")

    reference = draft.reference if draft.reference != REVIEW_PLACEHOLDER_REFERENCE else None
    single("reference", reference is not None and fold(reference) == fold(str(truth["reference"])), reference is not None, reference)
    single("buyer", close(truth["buyer"], draft.buyer), draft.buyer is not None, draft.buyer)
    single("title", close(truth["title"], draft.title), bool(draft.title) and not draft.title.startswith("REVIEW"), draft.title)

    wanted = [(d["kind"], truth_instant(d)) for d in truth.get("dates", [])]
    got = [(m.kind, draft_instant(m.at, m.timezone or draft.timezone), bool(m.reviews), m.at) for m in draft.dates]
    want_sub = [w for w in wanted if w[0] == "submission"]
    got_sub = [g for g in got if g[0] == "submission"]
    sub_ok = len(got_sub) == 1 and bool(want_sub) and got_sub[0][1] == want_sub[0][1]
    shown_want = [_utc(w[1]) for w in want_sub]
    single("submission", sub_ok, bool(got_sub), [f"{g[3]} = {_utc(g[1])}" for g in got_sub], shown_want)
    want_other = {w for w in wanted if w[0] != "submission"}
    got_other = {(g[0], g[1]) for g in got if g[0] != "submission"}
    hits = len(want_other & got_other)
    tally.add("dates", hits, len(got_other), len(want_other))
    if hits != len(want_other) or hits != len(got_other):
        tally.misses.append(
            f"{name}: dates: missing {sorted(map(str, want_other - got_other))}, extra {sorted(map(str, got_other - want_other))}"
        )
    for kind, instant, reviewed, at in got:
        if (kind, instant) not in set(wanted) and not reviewed:
            tally.unmarked_wrong += 1
            tally.misses.append(f"{name}: UNMARKED WRONG DATE {kind} {at}")
    want_rules = set(truth.get("rules") or [])
    got_rules = {c.rule for c in draft.checks}
    tally.add("rules", len(want_rules & got_rules), len(got_rules), len(want_rules))
    if want_rules != got_rules:
        tally.misses.append(f"{name}: rules: missing {sorted(want_rules - got_rules)}, extra {sorted(got_rules - want_rules)}")
    forbidden = set(truth.get("not_rules") or []) & got_rules
    if forbidden:
        tally.misses.append(f"{name}: FORBIDDEN rules {sorted(forbidden)}")


PAGE_CHARS = 3_000
"""About one printed page of a notice (A4, 11 pt, single-spaced)."""


def ten_page_notice() -> str:
    """Ten pages built from the training notices one after another: dates, tables, labels and
    requirement prose as real long notices mix them."""
    parts: list[str] = []
    size = 0
    for notice in sorted((CORPUS / "train").glob("*.txt")):
        text = notice.read_text(encoding="utf-8")
        parts.append(text)
        size += len(text)
        if size >= 10 * PAGE_CHARS:
            break
    return "\n\n".join(parts)[: 10 * PAGE_CHARS]


def speed(rounds: int = 7) -> int:
    """Seconds for `draft` on a 10-page notice, in process and as a command, each against a
    floor measured in the same round (round-robin, so load from other processes hits both):
    one regex pass over the text, and `tenderctl --version` (the interpreter's start)."""
    import re
    import resource
    import statistics
    import subprocess
    import tempfile
    import time

    from tenderctl.authoring.draft import draft_from_text, validate_draft

    text = ten_page_notice()
    validate_draft(draft_from_text("Ref: A-1\nDeadline: 1 May 2026\n"))  # CLDR and tz tables loaded once
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ten-pages.txt"
        path.write_text(text, encoding="utf-8")
        command = [sys.executable, "-m", "tenderctl", "draft", str(path), "--allow-incomplete", "-o", str(Path(folder) / "out.yaml")]
        floor_command = [sys.executable, "-m", "tenderctl", "--version"]
        core, floor, cli, start, cpu, cpu_start = [], [], [], [], [], []
        for _ in range(rounds):
            t0 = time.perf_counter()
            re.findall(r"\d+", text)
            t1 = time.perf_counter()
            validate_draft(draft_from_text(text, source=path.name))
            t2 = time.perf_counter()
            u0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(floor_command, capture_output=True, check=True)
            t3 = time.perf_counter()
            u1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            (Path(folder) / "out.yaml").unlink(missing_ok=True)
            subprocess.run(command, capture_output=True, check=False)
            t4 = time.perf_counter()
            u2 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu_start.append(u1.ru_utime + u1.ru_stime - u0.ru_utime - u0.ru_stime)
            cpu.append(u2.ru_utime + u2.ru_stime - u1.ru_utime - u1.ru_stime)
            floor.append(t1 - t0)
            core.append(t2 - t1)
            start.append(t3 - t2)
            cli.append(t4 - t3)
    med = statistics.median
    print(f"10-page notice ({len(text):,} chars, {rounds} rounds, medians):")
    print(f"  draft_from_text + validate: {med(core):.3f} s = {med(core) / med(floor):.0f}x one regex pass ({med(floor) * 1000:.2f} ms)")
    print(f"  tenderctl draft (a process): {med(cli):.3f} s = {med(cli) / med(start):.1f}x tenderctl --version ({med(start):.3f} s)")
    print(f"  its CPU time (user + sys; less moved by other processes): {med(cpu):.3f} s = {med(cpu) / med(cpu_start):.1f}x --version's")
    print(
        f"  target < 1 s: {'met' if med(cli) < 1.0 else 'NOT met'} on the wall clock, {'met' if med(cpu) < 1.0 else 'NOT met'} in CPU time"
    )
    return 0


def _stems(path: Path) -> set[str]:
    """Notice names, one a line, as a helper's set-aside list holds them (blank lines and # comments ignored)."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("train", "heldout", "all"), default="all")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--match", default="", metavar="PREFIX", help="only the notices whose name starts with PREFIX (r7d-)")
    parser.add_argument("--speed", action="store_true", help="time a 10-page notice instead of scoring")
    parser.add_argument("--only", type=Path, metavar="FILE", help="only the notices named in FILE (one stem a line): a set-aside part")
    parser.add_argument("--skip", type=Path, metavar="FILE", help="leave out the notices named in FILE: the part worked on")
    args = parser.parse_args(argv)
    if args.speed:
        return speed()
    splits = ("train", "heldout") if args.split == "all" else (args.split,)
    only = _stems(args.only) if args.only else None
    skip = _stems(args.skip) if args.skip else set()
    results = {}
    for split in splits:
        tally = Tally()
        for notice in sorted((CORPUS / split).glob(f"{args.match}*.txt")):
            if (only is None or notice.stem in only) and notice.stem not in skip:
                score(notice, tally, args.verbose)
        results[split] = (tally.summary(), tally.misses)
    if args.json:
        print(json.dumps({split: summary for split, (summary, _m) in results.items()}, indent=2))
        return 0
    for split, (summary, misses) in results.items():
        if not summary["notices"]:
            print(f"{split}: no notices (tests/authoring/notices/{split}/ is empty or absent)")
            continue
        print(
            f"{split}: {summary['notices']} notices, {summary['fields_right']}/{summary['fields_expected']} fields right "
            f"({summary['fields_right_share']:.1%}), unmarked wrong dates: {summary['unmarked_wrong_dates']}"
        )
        for name, values in summary["fields"].items():
            print(f"  {name:<11} precision {values['precision']:.2f}  recall {values['recall']:.2f}  ({values['right']}/{values['of']})")
        if args.verbose:
            for miss in misses:
                print("   -", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
