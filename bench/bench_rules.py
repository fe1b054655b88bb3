"""Benchmark: the checklist rules on a long proposal, against one plain regex pass over the same text.

Reading is measured by bench/bench_check.py; this isolates the rules (what runs after the
readers hand back Documents). The proposal: a 300-page technical PDF (prose with figures),
ten CVs and a workbook, read once with ``read_folder``. Baseline measured in the same run:
``re.findall(r"\\w+")`` over the full text of every document, the cheapest scan a rule could do.

    .venv/bin/python bench/bench_rules.py [--pages 300] [--runs 5]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def median_time(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import docgen
    from tenderctl.checks.engine import load_rules, run_checks
    from tenderctl.documents.folder import read_folder
    from tenderctl.tenders.model import Tender

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pages = []
        for number in range(args.pages):
            pages.append(
                [f"Section {number + 1}. Methodology and approach, page {number + 1} of {args.pages}."]
                + [
                    f"In {2000 + number % 25}, {number * 7 % 90 + 3}% of the {number * 13} children in 12 countries took part; see 3.{number % 9}.1."
                ]
                * 10
                + ["Our team of experts will run interviews, focus groups and validation workshops with partners."] * 20
            )
        docgen.text_pdf(folder / "Technical_Proposal.pdf", pages, compress=True)
        for i in range(10):
            docgen.text_pdf(
                folder / f"CV_Expert_{i}.pdf", [[f"Curriculum vitae: Expert {i}"] + ["Ten years of research experience."] * 30] * 3
            )
        docgen.xlsx(folder / "Financial_Proposal.xlsx")
        documents = read_folder(folder)
    text = "\n".join(d.text() for d in documents)
    load_rules()
    base = {
        "reference": "RFPS-NYH-2025-503831",
        "title": "Bench",
        "timezone": "UTC",
        "experts": [{"role": "Team Leader", "name": "Expert 1"}, "Researcher"],
        "criteria": ["Methodology and approach", "Ethics and safeguarding", "Communication products"],
    }
    baseline = median_time(lambda: re.findall(r"\w+", text), args.runs)
    print(f"text: {len(text):,} characters in {sum(len(d.blocks) for d in documents):,} blocks ({args.pages}-page PDF + 10 CVs + workbook)")
    label = "baseline: one re.findall(r'\\w+') pass"
    print(f"{label:45} {baseline:7.3f} s   1.00x")
    total = 0.0
    for name in ["no-financials", "criteria", "reference", "cvs", "files", "page-limit", "required-documents", "language", "signature"]:
        spec = Tender.model_validate({**base, "checks": [{"rule": name, "options": {"max": 30}}]})
        seconds = median_time(lambda spec=spec: run_checks(spec, documents, Path(tmp)), args.runs)
        total += seconds
        print(f"{name:45} {seconds:7.3f} s  {seconds / baseline:5.2f}x")
    print(f"{'all rules':45} {total:7.3f} s  {total / baseline:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
