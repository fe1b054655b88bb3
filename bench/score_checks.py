"""Score `check` on the checklist corpus (bench/corpus_checks): verdicts right, false passes, false fails.

    python bench/score_checks.py                # every split, one line each
    python bench/score_checks.py --split train  # one split, with each wrong verdict

Splits: ``train`` (used while writing code), ``holdout`` (kept aside, scored, then two of its
misses looked at and fixed) and ``holdout2`` (written after that, scored once at the end).

A false pass is ``pass`` where the case expects anything else; a false fail is ``fail`` where
it expects anything else. A rule's verdict is its worst result (fail > warn > unverified >
pass), as the report's verdict is; ``_overall`` is the report's status.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "corpus_checks"))

ORDER = ("fail", "warn", "unverified", "pass", "skipped")


def verdicts(case: dict[str, Any], folder: Path) -> dict[str, str]:
    from tenderctl.checks.engine import run_checks
    from tenderctl.documents.folder import read_folder
    from tenderctl.tenders.model import Tender

    tender = Tender.model_validate(
        {
            "reference": "RFPS-NYH-2025-503831",
            "title": "Corpus",
            "timezone": "UTC",
            "experts": case["tender"].get("experts", []),
            "checks": [c if isinstance(c, dict) else {"rule": c} for c in case["tender"].get("checks", [])],
        }
    )
    report = run_checks(tender, read_folder(folder, workers=2), folder)
    got = {"_overall": report.status}
    for result in report.results:
        status = result.status.value
        if result.rule not in got or ORDER.index(status) < ORDER.index(got[result.rule]):
            got[result.rule] = status
    return got


def expected(case: dict[str, Any], ocr: bool) -> dict[str, str]:
    want = dict(case["expect"])
    if ocr:
        want.update(case.get("expect_ocr", {}))
    return want


def score(split: str, cases: dict[str, Any], verbose: bool) -> tuple[int, int, int, int]:
    from build import build, convert_all

    from tenderctl.documents.formats.ocr import tesseract

    ocr = tesseract() is not None
    right = total = false_pass = false_fail = 0
    with tempfile.TemporaryDirectory(prefix="tenderctl-corpus-") as tmp:
        chosen = {name: case for name, case in sorted(cases.items()) if case["split"] == split}
        pending = []
        for name, case in chosen.items():
            pending += build(case, Path(tmp) / name)
        try:
            convert_all(pending)  # LibreOffice exports, one process for the whole split
        except RuntimeError as exc:  # no LibreOffice: say which cases could not be built
            unbuilt = sorted({path.parent.name for path, _ in pending})
            print(f"  {exc}: {len(unbuilt)} cases not built and not scored: {', '.join(unbuilt)}")
            chosen = {name: case for name, case in chosen.items() if name not in unbuilt}
        for name, case in chosen.items():
            got = verdicts(case, Path(tmp) / name)
            for rule, want in expected(case, ocr).items():
                have = got.get(rule, "missing")
                total += 1
                right += have == want
                false_pass += have == "pass" and want != "pass"
                false_fail += have == "fail" and want != "fail"
                if verbose and have != want:
                    print(f"  {name}: {rule} gave {have}, expected {want}")
    return right, total, false_pass, false_fail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("train", "holdout", "holdout2"), action="append")
    args = parser.parse_args()
    cases = yaml.safe_load((HERE / "corpus_checks" / "cases.yaml").read_text(encoding="utf-8"))
    from tenderctl.documents.formats.ocr import tesseract

    print(f"OCR engine: {tesseract() or 'none (scanned pages must be unverified)'}")
    for split in args.split or ("train", "holdout", "holdout2"):
        right, total, false_pass, false_fail = score(split, cases, verbose=bool(args.split))
        folders = sum(1 for c in cases.values() if c["split"] == split)
        print(
            f"{split}: {folders} folders, {total} verdicts: {right} right, {false_pass} false passes, "
            f"{false_fail} false fails ({100 * false_fail / max(1, total):.1f} %)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
