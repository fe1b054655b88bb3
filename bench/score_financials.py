"""Score no-financials on its document corpus: verdicts right, false passes, false fails, per split.

    .venv/bin/python bench/score_financials.py [--split train|held] [-v]

The corpus is tests/rule_cases/no-financials-documents.yaml (built by tests/financials_corpus.py).
A false pass: a price (``fail`` expected) not failed, or an amount to check (``warn``) passed.
A false fail: ``pass`` or ``warn`` expected and ``fail`` given.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def score(split: str, verbose: bool) -> tuple[int, int, int, int]:
    import financials_corpus as corpus
    from rule_helpers import run_rule
    from tenderctl.documents.folder import read_file
    from tenderctl.documents.model import Role

    right = false_pass = false_fail = total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case, fmt in corpus.documents(split):
            path = corpus.build(case, fmt, Path(tmp))
            doc = read_file(path, role=Role.technical)
            [result] = run_rule("no-financials", [doc])
            got, want = result.status.value, case["verdict"]
            got = "pass" if got == "passed" else got
            total += 1
            if got == want:
                right += 1
            elif got == "fail":
                false_fail += 1
            elif want == "fail" or (want == "warn" and got == "pass"):
                false_pass += 1
            if verbose or got != want:
                print(f"  {'ok ' if got == want else 'BAD'} {case['name']} [{fmt}]: want {want}, got {got}: {result.message[:150]}")
    return total, right, false_pass, false_fail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("train", "held"), action="append")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    for split in args.split or ["train", "held"]:
        total, right, false_pass, false_fail = score(split, args.verbose)
        print(
            f"{split}: {right}/{total} verdicts right, {false_pass} false passes, {false_fail} false fails "
            f"({100 * false_fail / max(total, 1):.1f} %)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
