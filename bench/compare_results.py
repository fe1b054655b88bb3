"""What the benches produce, made by several checkouts of tenderctl from the same inputs, compared.

The benches time work whose output they do not print; a layout move must leave that output
unchanged. Each tree's own ``tenderctl`` (``TREE/.venv/bin/tenderctl``) runs the benched
commands on the same generated inputs (made once, with the newest tree's bench generators and
tests/docgen.py) and this prints a digest of each output per tree, and the first lines that
differ when two trees disagree:

* deadlines: ``deadlines --all --json --as-of`` on 300 generated tender files (bench_tenders);
* ics: ``ics -o --as-of`` on the same files, DTSTAMP lines aside (bench_calendar);
* check: ``check --json`` of a proposal (60-page PDF, 10 CVs, a workbook: bench_check's and
  bench_rules' proposal) against the seed tender, each result's rule, status and message;
* draft: ``draft`` of the seed notice (bench_authoring);
* ocds: ``import ocds`` of a generated package (bench_ocds), the files written.

Besides the bytes, a content view of each: deadlines' instants, the calendar's events (uid,
times, summary) and the imported files' YAML data, so a deliberate change of format (a new
JSON envelope, new calendar properties, another quoting style) shows apart from a change of
what was computed.

    python bench/compare_results.py /tmp/before /tmp/moves /tmp/after
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import yaml

AS_OF = "2026-01-01T00:00"


def module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


def tenderctl(tree: Path, args: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "TZ": "UTC", "COLUMNS": "200", "TENDERCTL_CACHE_DIR": str(home / "cache")}
    env.pop("TENDERCTL_TENDERS", None)
    return subprocess.run([str(tree / ".venv" / "bin" / "tenderctl"), *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)


def outputs(tree: Path, inputs: Path, work: Path) -> dict[str, list[str]]:
    home = work / tree.name
    home.mkdir()
    got: dict[str, list[str]] = {}
    done = tenderctl(tree, ["deadlines", "--all", "--json", "--as-of", AS_OF, "--tenders", str(inputs / "tenders")], work, home)
    got["deadlines"] = [f"exit {done.returncode}", *done.stdout.splitlines()]
    data = json.loads(done.stdout or "[]")
    records = data["deadlines"] if isinstance(data, dict) else data
    got["deadlines, each milestone's instant"] = [f"exit {done.returncode}"] + [
        " ".join(str(r.get(k)) for k in ("reference", "milestone", "kind", "at", "utc", "timezone", "all_day", "seconds_left", "past"))
        for r in records
    ]
    ics = home / "all.ics"
    done = tenderctl(tree, ["ics", "--tenders", str(inputs / "tenders"), "-o", str(ics), "--as-of", AS_OF[:10], "--force"], work, home)
    lines = ics.read_text(encoding="utf-8").splitlines() if ics.exists() else []
    got["ics"] = [f"exit {done.returncode}", *(ln for ln in lines if not ln.startswith("DTSTAMP"))]
    unfolded: list[str] = []
    for line in lines:
        if line.startswith(" ") and unfolded:
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    keys = ("BEGIN:VEVENT", "UID", "DTSTART", "DTEND", "SUMMARY", "RRULE")
    got["ics, each event's uid, times and summary"] = [f"exit {done.returncode}"] + [ln for ln in unfolded if ln.startswith(keys)]
    done = tenderctl(
        tree,
        ["check", str(inputs / "proposal"), "--tender", "RFPS-NYH-2025-503831", "--json", "--tenders", str(inputs / "seed")],
        work,
        home,
    )
    try:
        report = json.loads(done.stdout)
        got["check"] = [f"exit {done.returncode}", f"status {report['status']}"] + [
            f"{r['rule']}: {r['status']}: {r['message']}" for r in report["results"]
        ]
    except (ValueError, KeyError):
        got["check"] = [f"exit {done.returncode}", *done.stdout.splitlines(), *done.stderr.splitlines()]
    done = tenderctl(tree, ["draft", str(inputs / "notice.txt"), "--timezone", "Europe/Brussels"], work, home)
    got["draft"] = [f"exit {done.returncode}", *done.stdout.splitlines()]
    target = home / "ocds"
    done = tenderctl(tree, ["import", "ocds", str(inputs / "package.json"), "--tenders", str(target)], work, home)
    files = sorted(target.rglob("*.yaml")) if target.exists() else []
    got["ocds"] = [f"exit {done.returncode}", f"{len(files)} files"] + [
        f"{p.relative_to(target)} {hashlib.sha256(p.read_bytes()).hexdigest()[:12]}" for p in files
    ]
    got["ocds, the data of each file"] = [f"exit {done.returncode}", f"{len(files)} files"] + [
        f"{p.relative_to(target)} {json.dumps(yaml.safe_load(p.read_text(encoding='utf-8')), sort_keys=True, default=str)}" for p in files
    ]
    return got


def make_inputs(newest: Path, inputs: Path) -> None:
    sys.path.insert(0, str(newest / "tests"))
    (inputs / "tenders").mkdir(parents=True)
    module(newest / "bench" / "bench_tenders.py").generate(inputs / "tenders", 300)
    check = module(newest / "bench" / "bench_check.py")
    (inputs / "proposal").mkdir()
    check.build(inputs / "proposal", 60)
    (inputs / "seed").mkdir()
    shutil.copy(newest / "tenders" / "RFPS-NYH-2025-503831.yaml", inputs / "seed")
    shutil.copy(Path("/work/shared/seeds/safe-online-news-and-tender-notice.txt"), inputs / "notice.txt")
    (inputs / "package.json").write_bytes(module(newest / "bench" / "bench_ocds.py").make_package(20))


def main() -> int:
    trees = [Path(t) for t in sys.argv[1:]]
    work = Path(tempfile.mkdtemp(prefix="tenderctl-compare-"))
    try:
        make_inputs(trees[-1], work / "inputs")
        got = {t.name: outputs(t, work / "inputs", work) for t in trees}
        for what in got[trees[0].name]:
            digests = {name: hashlib.sha256("\n".join(out[what]).encode()).hexdigest()[:12] for name, out in got.items()}
            sizes = {name: len(out[what]) for name, out in got.items()}
            print(f"{what}:\n   " + "  ".join(f"{n} {digests[n]} ({sizes[n]} lines, {got[n][what][0]})" for n in digests))
            first = got[trees[0].name][what]
            for name, out in got.items():
                if out[what] == first:
                    continue
                removed = [ln for ln in first if ln not in set(out[what])]
                added = [ln for ln in out[what] if ln not in set(first)]
                print(f"   {trees[0].name} -> {name}: {len(removed)} lines gone, {len(added)} new; first of each:")
                for ln in removed[:3]:
                    print(f"     - {ln[:160]}")
                for ln in added[:3]:
                    print(f"     + {ln[:160]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
