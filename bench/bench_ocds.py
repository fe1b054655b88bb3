"""Benchmark: OCDS import and export, as ratios against floors measured in the same run.

* read+merge+map: `ocds.prepare` on a generated release package (N tenders x 3 releases, the
  real Mexico City release as template), vs the floor `json.loads` of the same bytes;
* import: `ocds.import_tenders` into an empty folder (YAML written, each file re-validated),
  vs the floor of writing the same number of small files with `Path.write_bytes`;
* re-import of the same data (every file compared, nothing written), vs the same floor;
* export: `ocds.export_package` + `json.dumps` of the imported tenders, vs `json.dumps` of
  the input package.

Usage: python bench/bench_ocds.py [--tenders 500]
"""

from __future__ import annotations

import argparse
import copy
import json
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "tests" / "fixtures" / "ocds" / "release-package-2.json"


def make_package(count: int) -> bytes:
    base = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    releases = []
    for n in range(count):
        for index, release in enumerate(base["releases"] + base["releases"][-1:]):
            item = copy.deepcopy(release)
            item["ocid"] = f"ocds-bench-{n:05d}"
            item["id"] = f"{index + 1:02d}"
            item["date"] = f"2017-0{index + 1}-05T00:00:00-06:00"
            item["tender"]["id"] = f"BENCH-{n:05d}"
            if index == 2:
                item["tag"] = ["tenderAmendment"]
                item["tender"]["tenderPeriod"]["endDate"] = "2015-12-18T14:00:00-06:00"
            releases.append(item)
    return json.dumps({**base, "releases": releases}, ensure_ascii=False).encode("utf-8")


def timed(func) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenders", type=int, default=500)
    args = parser.parse_args()

    from tenderctl.interop import ocds
    from tenderctl.tenders.loader import load_paths

    raw = make_package(args.tenders)
    floor_parse = timed(lambda: json.loads(raw))
    prepared: list = []
    t_prepare = timed(lambda: prepared.extend(ocds.prepare([("bench.json", raw)])[0]))
    assert len(prepared) == args.tenders

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "tenders"
        floor_dir = Path(tmp) / "floor"
        floor_dir.mkdir()
        sample = b"reference: X\ntitle: X\ntimezone: UTC\n" * 20
        floor_write = timed(lambda: [(floor_dir / f"{n}.yaml").write_bytes(sample) for n in range(args.tenders)])
        outcomes: list = []
        t_import = timed(lambda: outcomes.extend(ocds.import_tenders(prepared, folder)))
        assert all(o.action == "created" for o in outcomes), {o.action for o in outcomes}
        again, _ = ocds.prepare([("bench.json", raw)])
        t_reimport = timed(lambda: outcomes.extend(ocds.import_tenders(again, folder)))
        assert all(o.action == "unchanged" for o in outcomes[args.tenders :])
        tenders = [loaded.tender for loaded in load_paths(tenders=folder, use_cache=False).tenders]
        floor_dump = timed(lambda: json.dumps(json.loads(raw)))
        t_export = timed(lambda: json.dumps(ocds.export_package(tenders, now=datetime.now(UTC))))

    size = len(raw) / 1e6
    print(f"{args.tenders} tenders, {args.tenders * 3} releases, {size:.1f} MB of OCDS JSON")
    print(f"read+merge+map   {t_prepare:7.3f} s  = {t_prepare / floor_parse:6.1f} x json.loads ({floor_parse:.3f} s)")
    print(
        f"import (write)   {t_import:7.3f} s  = {t_import / floor_write:6.1f} x bare file writes ({floor_write:.3f} s)"
        f"; {t_import / args.tenders * 1000:.1f} ms per tender"
    )
    print(
        f"re-import (same) {t_reimport:7.3f} s  = {t_reimport / floor_write:6.1f} x bare file writes"
        f"; {t_reimport / args.tenders * 1000:.1f} ms per tender"
    )
    print(f"export ocds      {t_export:7.3f} s  = {t_export / floor_dump:6.1f} x json.loads+dumps of the input ({floor_dump:.3f} s)")


if __name__ == "__main__":
    main()
