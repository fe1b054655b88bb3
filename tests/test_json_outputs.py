"""Every ``--json`` output, over varied inputs, validates against the schema ``tenderctl schema --output`` prints.

The schemas are strict (closed objects: a key they do not name is an error), so an output that
gains, loses or renames a key fails here until its schema and docs/json.md say so. Inputs vary
the way real folders do: valid, invalid, empty, many tenders, zones on both sides of UTC,
all-day and derived milestones, closed statuses, failing and unverified checks, OCDS and eForms
notices that import, update, fail or are not calls for tenders.

A second group of tests keeps the list honest: every command that offers ``--json`` (found by
walking the CLI, not from a list here) has a schema, every schema is exercised by a scenario
here, and docs/json.md names every schema.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import docgen
from conftest import ROOT, write

SEED = "RFPS-NYH-2025-503831"
FIXTURES = ROOT / "tests" / "fixtures"
OCDS = FIXTURES / "ocds"
EFORMS = FIXTURES / "eforms" / "train"
NOTICES = ROOT / "tests" / "notices"
AS_OF = "2025-05-19T09:00"

ZONES = (
    "Europe/Brussels",
    "Asia/Manila",
    "America/New_York",
    "Africa/Nairobi",
    "Pacific/Auckland",
    "America/Bogota",
    "UTC",
    "Asia/Kolkata",
)
STATUSES = ("open", "submitted", "won", "lost", "withdrawn", "cancelled")


def generated_tender(index: int) -> str:
    """A valid tender, different from its neighbours in zone, kinds, all-day or timed, steps and status."""
    zone = ZONES[index % len(ZONES)]
    status = STATUSES[index % len(STATUSES)] if index % 3 == 0 else "open"
    day = 1 + index % 27
    month = 1 + index % 12
    timed = index % 2 == 0
    at = f"2025-{month:02d}-{day:02d} {9 + index % 9:02d}:30" if timed else f"2025-{month:02d}-{day:02d}"
    lines = [
        f"reference: GEN-{index:03d}",
        f"title: 'Tender {index}: équipement / ÉCOLES {index}'",
        f"timezone: {zone}",
        f"status: {status}",
        f"tags: [{'it' if index % 2 else 'works'}, lot-{index % 4}]",
    ]
    if index % 4:
        lines.append(f"buyer: Buyer {index}")
    if index % 5 == 0:
        lines.append("submit_buffer: 1d")
    if status != "open":
        lines.append("status_date: 2025-04-01")
    lines += [
        "dates:",
        "  - id: questions",
        "    kind: questions",
        f"    at: 2025-{month:02d}-{max(day - 1, 1):02d}",
        "  - id: submission",
        "    kind: submission",
        f"    at: {at}",
        f"    as_written: 'by {at}'",
    ]
    if index % 7 == 0:
        lines += [
            "  - id: explicit",
            "    kind: other",
            "    title: An instant in UTC",
            "    at: 2027-03-28T01:30Z",
            "    as_written: '01:30 UTC'",
        ]
    lines += ["steps:", "  - Read the terms", "  - text: Ask a question", "    date: questions"]
    if index % 2:
        lines += ["    done: 2025-01-02", "    note: asked by mail"]
    lines += ["  - text: Submit", "    date: submission", "    url: https://example.org/portal"]
    return "\n".join(lines) + "\n"


NO_CHECKS = "reference: NOCHECK-1\ntitle: No checks at all\ntimezone: Europe/Brussels\ndates:\n  - {id: submission, kind: submission, at: 2030-01-01 10:00}\n"
SCAN_CHECKS = (
    "reference: SCAN-1\ntitle: Checks a scan cannot pass\ntimezone: UTC\nchecks:\n  - rule: no-financials\n    documents: technical\n"
)
WARNED = (
    "reference: WARN-1\ntitle: A zone abbreviation\ntimezone: EST\ndates:\n  - {id: submission, kind: submission, at: 2030-06-01 14:00}\n"
)
BROKEN = "reference: BAD-1\ntitle: [unclosed\ntimezone: Mars/Olympus\n"
WRONG_FIELDS = "reference: BAD-2\ntitle: Wrong\ntimezone: Nowhere/Land\ndates:\n  - {id: s, kind: submission, at: next friday}\n"
NOTICE_NO_DATES = "Call for tenders.\n\nWe would like some help with a project. Please write to us.\n"


@dataclass
class World:
    """Inputs built once per module; tests that write copy the tenders folders first."""

    root: Path
    paths: dict[str, Path] = field(default_factory=dict)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("world")
    w = World(root)
    many = root / "many"
    many.mkdir()
    shutil.copy(ROOT / "tenders" / f"{SEED}.yaml", many / f"{SEED}.yaml")
    for index in range(40):
        write(many / f"GEN-{index:03d}.yaml", generated_tender(index))
    write(many / "NOCHECK-1.yaml", NO_CHECKS)
    write(many / "SCAN-1.yaml", SCAN_CHECKS)
    mixed = root / "mixed"
    write(mixed / "good.yaml", generated_tender(3))
    write(mixed / "warned.yaml", WARNED)
    write(mixed / "broken.yaml", BROKEN)
    write(mixed / "wrong.yaml", WRONG_FIELDS)
    (root / "empty").mkdir()
    w.paths.update(many=many, mixed=mixed, empty=root / "empty")

    shutil.copytree(ROOT / "examples" / "proposal", root / "failing")  # a price, an unsigned block, an encrypted CV
    docgen.proposal_folder(root / "passing")
    scan = root / "scan"
    scan.mkdir()
    docgen.image_only_pdf(scan / "Technical_Proposal.pdf", pages=2)
    (root / "no-files").mkdir()
    w.paths.update(failing=root / "failing", passing=root / "passing", scan=scan, nofiles=root / "no-files")

    write(root / "notice-vague.txt", NOTICE_NO_DATES)
    w.paths.update(notice=NOTICES / "us-edt.txt", forum=NOTICES / "french-dakar.txt", vague=root / "notice-vague.txt")
    berlin = (EFORMS / "deu-berlin.xml").read_text(encoding="utf-8")
    write(root / "berlin-moved.xml", berlin.replace("<cbc:EndDate>2024-02-15+01:00", "<cbc:EndDate>2024-02-22+01:00", 1))
    w.paths.update(berlin_moved=root / "berlin-moved.xml")

    package = json.loads((OCDS / "release-package-1.json").read_text(encoding="utf-8"))
    release = copy.deepcopy(package["releases"][-1])
    release.update(id="99", date="2017-07-01T09:00:00-06:00", tag=["tenderAmendment"])
    release["tender"]["tenderPeriod"]["endDate"] = "2016-01-15T12:00:00-06:00"
    release["tender"]["title"] = "Moved deadline"
    write(root / "amendment.json", json.dumps(release))
    gap = {"ocid": "ocds-gap", "id": "1", "date": "2025-01-01T00:00:00Z", "tag": ["tender"], "tender": {"title": "Gap"}}
    gap["tender"]["tenderPeriod"] = {"endDate": "2025-03-09T02:30:00"}  # in New York's spring-forward gap
    write(root / "gap.jsonl", json.dumps(gap) + "\n")
    write(root / "broken.json", '{"releases": [ {"ocid": ')
    write(root / "not-ocds.json", '{"hello": "world"}')
    w.paths.update(amendment=root / "amendment.json", gap=root / "gap.jsonl", broken_json=root / "broken.json")
    w.paths.update(not_ocds=root / "not-ocds.json")
    return w


@dataclass(frozen=True)
class Case:
    id: str
    schema: str
    args: tuple[str, ...]
    codes: tuple[int, ...] = (0,)
    before: tuple[tuple[str, ...], ...] = ()
    """Commands run first in the same scratch folder (an import to update, a tender to mark done)."""


def case(id: str, schema: str, *args: str, codes: tuple[int, ...] = (0,), before: tuple[tuple[str, ...], ...] = ()) -> Case:
    return Case(id, schema, args, codes, before)


T = ("--tenders", "{tenders}")
NOW = ("--as-of", AS_OF)
CASES = [
    # listings, over many, mixed (invalid files: exit 1, the valid ones still listed) and empty folders
    *(
        case(f"{name}-{folder}{'-tz' if tz else ''}", name, name, *extra, "--json", "--tenders", f"{{{folder}}}", *NOW, *tz, codes=codes)
        for name, extra in (("deadlines", ("--all",)), ("list", ("--all",)), ("agenda", ("--all",)))
        for folder, codes in (("many", (0,)), ("mixed", (1,)), ("empty", (0,)))
        for tz in ((), ("--tz", "Pacific/Auckland"))
    ),
    case("deadlines-default", "deadlines", "deadlines", "--json", "--tenders", "{many}", *NOW),
    case("deadlines-ref-tag", "deadlines", "deadlines", "--json", "--ref", "GEN-001", "--tag", "works", "--tenders", "{many}", *NOW),
    case("list-closed", "list", "list", "--json", "--status", "closed", "--tenders", "{many}", *NOW),
    case("agenda-within", "agenda", "agenda", "--json", "--within", "2w", "--tenders", "{many}", *NOW),
    case("agenda-later", "agenda", "agenda", "--json", "--tenders", "{many}", "--as-of", "2031-01-01T00:00"),
    case("steps-seed", "steps", "steps", SEED, "--json", "--tenders", "{many}", *NOW, "--tz", "America/New_York"),
    case("steps-done", "steps", "steps", "GEN-001", "--json", "--tenders", "{many}", *NOW),
    case("steps-none", "steps", "steps", "NOCHECK-1", "--json", "--tenders", "{many}"),
    case("show-seed", "show", "show", SEED, "--json", "--tenders", "{many}", *NOW, "--tz", "Asia/Kolkata"),
    case("show-derived", "show", "show", "GEN-005", "--json", "--tenders", "{many}"),
    case("show-explicit", "show", "show", "GEN-007", "--json", "--tenders", "{many}"),
    case("show-warned", "show", "show", "WARN-1", "--json", "--tenders", "{mixed}", codes=(0, 1)),
    case("validate-many", "validate", "validate", "--json", "--tenders", "{many}"),
    case("validate-mixed", "validate", "validate", "--json", "--tenders", "{mixed}", codes=(1,)),
    case("validate-empty", "validate", "validate", "--json", "--tenders", "{empty}"),
    case("validate-missing", "validate", "validate", "{tenders}/nothere.yaml", "--json", codes=(1,)),
    # check: failing, passing (or warning), unverified (a scan, no checks), no files
    case("check-failing", "check", "check", "{failing}", "--tender", SEED, "--json", "--tenders", "{many}", codes=(1,)),
    case("check-passing", "check", "check", "{passing}", "--tender", SEED, "--json", "--tenders", "{many}", codes=(0, 1)),
    case("check-scan", "check", "check", "{scan}", "--tender", "SCAN-1", "--json", "--tenders", "{many}", codes=(0, 1)),
    case("check-no-checks", "check", "check", "{failing}", "--tender", "NOCHECK-1", "--json", "--tenders", "{many}"),
    case("check-no-files", "check", "check", "{nofiles}", "--tender", SEED, "--json", "--tenders", "{many}", codes=(1,)),
    case("check-format", "check", "check", "{scan}", "--tender", SEED, "--format", "json", "--strict", "--tenders", "{many}", codes=(1,)),
    case("rules", "rules", "rules", "--json"),
    case("rules-one", "rules", "rules", "files", "--json"),
    # import: created, updated (a moved deadline), unchanged, dry runs, failed tenders, bad inputs
    *(
        case(f"import-ocds-{p.stem}", "import", "import", "ocds", str(p), "--json", *T)
        for p in sorted(OCDS.glob("*-package*.json"))
        if "schema" not in p.name
    ),
    case("import-ocds-dry", "import", "import", "ocds", str(OCDS / "release-package-1.json"), "--dry-run", "--json", *T),
    case(
        "import-ocds-update",
        "import",
        "import",
        "ocds",
        "{amendment}",
        "--json",
        *T,
        before=(("import", "ocds", str(OCDS / "release-package-1.json"), *T),),
    ),
    case(
        "import-ocds-update-dry",
        "import",
        "import",
        "ocds",
        "{amendment}",
        "--dry-run",
        "--json",
        *T,
        before=(("import", "ocds", str(OCDS / "release-package-1.json"), *T),),
    ),
    case(
        "import-ocds-unchanged",
        "import",
        "import",
        "ocds",
        str(OCDS / "release-package-1.json"),
        "--json",
        *T,
        before=(("import", "ocds", str(OCDS / "release-package-1.json"), *T),),
    ),
    case("import-ocds-gap", "import", "import", "ocds", "{gap}", "--timezone", "America/New_York", "--json", *T, codes=(1,)),
    case("import-ocds-broken", "import", "import", "ocds", "{broken_json}", "{not_ocds}", "--json", *T, codes=(1,)),
    case("import-ocds-missing", "import", "import", "ocds", "{tenders}/none.json", "--json", *T, codes=(1,)),
    *(
        case(f"import-eforms-{p.stem}", "import", "import", "eforms", str(p), "--json", *T, codes=(0, 1))
        for p in sorted(EFORMS.glob("*.xml"))
    ),
    case("import-eforms-folder-dry", "import", "import", "eforms", str(EFORMS), "--dry-run", "--json", *T, codes=(0, 1)),
    case(
        "import-eforms-moved",
        "import",
        "import",
        "eforms",
        "{berlin_moved}",
        "--json",
        *T,
        before=(("import", "eforms", str(EFORMS / "deu-berlin.xml"), *T),),
    ),
    case(
        "import-eforms-again",
        "import",
        "import",
        "eforms",
        str(EFORMS / "deu-berlin.xml"),
        "--dry-run",
        "--json",
        *T,
        before=(("import", "eforms", str(EFORMS / "deu-berlin.xml"), *T),),
    ),
    # export --format json: many, mixed, empty, a few references
    case("export-many", "export", "export", "--format", "json", "--tenders", "{many}"),
    case("export-mixed", "export", "export", "--format", "json", "--tenders", "{mixed}", codes=(1,)),
    case("export-empty", "export", "export", "--format", "json", "--tenders", "{empty}"),
    case("export-some", "export", "export", "--format", "json", SEED, "GEN-007", "--tenders", "{many}"),
    # ics: a file, a folder, again unchanged, over many, mixed and empty
    *(
        case(f"ics-{how}-{folder}", "ics", "ics", *target, "--json", "--tenders", f"{{{folder}}}", *NOW, codes=codes)
        for how, target in (("file", ("-o", "{scratch}/out.ics")), ("dir", ("--out-dir", "{scratch}/feed")))
        for folder, codes in (("many", (0,)), ("mixed", (1,)), ("empty", (0,)))
    ),
    case(
        "ics-dir-again",
        "ics",
        "ics",
        "--out-dir",
        "{scratch}/feed",
        "--json",
        "--tenders",
        "{many}",
        *NOW,
        before=(("ics", "--out-dir", "{scratch}/feed", "--tenders", "{many}", *NOW),),
    ),
    # edits
    case("done", "done", "done", SEED, "register", "--date", "2025-05-12", "--json", "--tenders", "{many}"),
    case("done-again", "done", "done", "GEN-001", "2", "--json", "--tenders", "{many}"),
    case("done-undo", "done", "done", "GEN-001", "2", "--undo", "--json", "--tenders", "{many}"),
    case("status", "status", "status", SEED, "won", "--date", "2025-07-14", "--json", "--tenders", "{many}"),
    case("status-same", "status", "status", SEED, "open", "--json", "--tenders", "{many}", *NOW),
    case("new", "new", "new", "--reference", "NEW 1/2026", "--title", "Nouveau", "--timezone", "Africa/Dakar", "--json", *T),
    case(
        "new-deadline",
        "new",
        "new",
        "-r",
        "N-2",
        "--title",
        "T",
        "--tz",
        "Asia/Manila",
        "--deadline",
        "2026-12-22 17:00",
        "--json",
        "--tenders",
        "{many}",
    ),
    case("draft", "draft", "draft", "{notice}", "--json"),
    case("draft-forum", "draft", "draft", "{forum}", "--timezone", "Africa/Nairobi", "--json", codes=(0, 1)),
    case("draft-to-folder", "draft", "draft", "{notice}", "-o", "{scratch}/drafts/", "--json"),
    case("draft-vague", "draft", "draft", "{vague}", "--json", codes=(0, 1)),
]


def _fill(args: tuple[str, ...], paths: dict[str, Path]) -> list[str]:
    return [re.sub(r"\{(\w+)\}", lambda m: str(paths[m.group(1)]), a) for a in args]


@pytest.fixture
def scratch(world: World, tmp_path: Path) -> Iterator[dict[str, Path]]:
    """The world's paths, with the tenders folders copied: commands may write to them."""
    paths = dict(world.paths)
    for name in ("many", "mixed", "empty"):
        paths[name] = Path(shutil.copytree(world.paths[name], tmp_path / name))
    paths["tenders"] = tmp_path / "tenders"
    paths["scratch"] = tmp_path
    yield paths


_SCHEMAS: dict[str, dict[str, Any]] = {}


def schema_of(cli: Any, name: str) -> dict[str, Any]:
    if name not in _SCHEMAS:
        result = cli("schema", "--output", name)
        assert result.exit_code == 0, result.dump
        schema = json.loads(result.stdout)
        jsonschema.Draft202012Validator.check_schema(schema)
        _SCHEMAS[name] = schema
    return _SCHEMAS[name]


@pytest.mark.parametrize("spec", CASES, ids=[c.id for c in CASES])
def test_output_validates_against_its_schema(cli, scratch: dict[str, Path], spec: Case) -> None:
    for before in spec.before:
        first = cli(*_fill(before, scratch))
        assert first.exit_code in (0, 1), first.dump
    result = cli(*_fill(spec.args, scratch))
    assert result.exit_code in spec.codes, result.dump
    assert "Traceback" not in result.stderr, result.dump
    data = json.loads(result.stdout)
    validator = jsonschema.Draft202012Validator(schema_of(cli, spec.schema))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:10])


# --------------------------------------------------------------------------- what the cases show


def _cases(prefix: str) -> list[Case]:
    return [c for c in CASES if c.id.startswith(prefix)]


def test_the_cases_are_varied_not_vacuous(cli, scratch: dict[str, Path]) -> None:
    """The inputs reach the states the schemas describe: a check of each verdict, each import action."""
    verdicts = set()
    for spec in _cases("check-"):
        result = cli(*_fill(spec.args, scratch))
        verdicts.add(json.loads(result.stdout)["status"])
    assert {"fail", "unverified"} <= verdicts, verdicts
    actions = set()
    for spec in _cases("import-"):
        for before in spec.before:
            cli(*_fill(before, scratch))
        data = json.loads(cli(*_fill(spec.args, scratch)).stdout)
        actions |= {t["action"] for t in data["tenders"]}
        scratch["tenders"].mkdir(exist_ok=True)
        shutil.rmtree(scratch["tenders"])
    assert actions >= {"created", "updated", "unchanged", "failed"}, actions
    for name in ("deadlines", "list", "agenda"):
        data = json.loads(cli(*_fill(_cases(f"{name}-mixed")[0].args, scratch)).stdout)
        left_out = {Path(p["file"]).name for p in data["problems"]}
        assert left_out == {"broken.yaml", "wrong.yaml"} and {p["level"] for p in data["problems"]} == {"error"}, data["problems"]
        assert json.loads(cli(*_fill(_cases(f"{name}-many")[0].args, scratch)).stdout)["problems"] == []
    deadlines = json.loads(cli(*_fill(_cases("deadlines-many-tz")[0].args, scratch)).stdout)["deadlines"]
    assert {r["all_day"] for r in deadlines} == {True, False} and len({r["timezone"] for r in deadlines}) >= 5


def test_a_closed_schema_refuses_an_unknown_key(cli, scratch: dict[str, Path]) -> None:
    for name, args in (("deadlines", ("deadlines", "--json", "--all", "--tenders", "{many}")), ("rules", ("rules", "--json"))):
        data = json.loads(cli(*_fill(args, scratch)).stdout)
        schema = schema_of(cli, name)
        jsonschema.validate(data, schema)
        rows = data["deadlines"] if name == "deadlines" else data["rules"]
        rows[0]["surprise"] = 1
        with pytest.raises(jsonschema.ValidationError, match="surprise"):
            jsonschema.validate(data, schema)
        del rows[0]["surprise"]
        data["surprise"] = 1
        with pytest.raises(jsonschema.ValidationError, match="surprise"):
            jsonschema.validate(data, schema)


def test_one_shape_for_a_problem_and_a_moment_everywhere(cli, scratch: dict[str, Path]) -> None:
    """validate, show, import and draft print a problem alike; deadlines, show, steps, list and draft a moment."""
    problem = schema_of(cli, "validate")["$defs"]["problem"]
    moment_keys = set(schema_of(cli, "deadlines")["$defs"]["moment"]["required"])
    for name in ("show", "import", "draft", "check", "ics", "export"):
        schema = schema_of(cli, name)
        assert schema["$defs"]["problem"] == problem and set(schema["$defs"]["moment"]["required"]) == moment_keys
    gap = json.loads(cli(*_fill(_cases("import-ocds-gap")[0].args, scratch)).stdout)
    failed = next(t for t in gap["tenders"] if t["action"] == "failed")
    assert failed["problems"] and all(set(p) == set(problem["properties"]) for p in failed["problems"])
    draft = json.loads(cli(*_fill(_cases("draft")[0].args, scratch)).stdout)
    submission = next(d for d in draft["dates"] if d["kind"] == "submission")
    assert submission["utc"].endswith("Z") and submission["at"] != submission["utc"] and submission["timezone"].startswith("America/")


# --------------------------------------------------------------------------- no command without a schema


def json_commands() -> dict[str, str]:
    """Every command that can print JSON -> the schema name it must have (``import ocds`` -> ``import``)."""
    import typer.main

    from tenderctl.cli import app

    found: dict[str, str] = {}
    group = typer.main.get_group(app)
    for name, command in group.commands.items():
        subcommands = getattr(command, "commands", None)
        for sub_name, sub in (subcommands or {name: command}).items():
            label = f"{name} {sub_name}" if subcommands else name
            for param in sub.params:
                flags = set(getattr(param, "opts", ()))
                a_format = param.name in ("format", "format_") and "json" in (getattr(param, "help", None) or "")
                if "--json" in flags or a_format:
                    found[label] = name
    return found


def test_every_command_with_json_output_has_a_schema(cli) -> None:
    from tenderctl.report.schemas import NAMES

    commands = json_commands()
    assert {"check", "deadlines", "import ocds", "import eforms", "export", "ics", "rules", "draft"} <= set(commands), commands
    missing = {label for label, name in commands.items() if name not in NAMES}
    assert not missing, f"commands printing JSON without a schema in report/schemas.py: {sorted(missing)}"
    stale = set(NAMES) - set(commands.values())
    assert not stale, f"schemas of no command: {sorted(stale)}"
    exercised = {c.schema for c in CASES}
    assert set(NAMES) <= exercised, f"schemas no case here validates: {sorted(set(NAMES) - exercised)}"
    unknown = cli("schema", "--output", "nope")
    assert unknown.exit_code == 2 and f"choose from {', '.join(NAMES)}" in unknown.stderr


def test_the_docs_describe_every_schema() -> None:
    from tenderctl.report.schemas import DEFS, NAMES

    text = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"`tenderctl schema --output {name}`" in text, name
    for concept in DEFS:
        assert f"`{concept}`" in text, concept


# --------------------------------------------------------------------------- any terminal


@pytest.mark.parametrize(
    "env", [{"PYTHONIOENCODING": "latin-1"}, {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}]
)
def test_json_on_a_terminal_that_cannot_write_unicode_is_exact(cli, scratch: dict[str, Path], env: dict[str, str]) -> None:
    """One case per schema, in a real process whose stdout is Latin-1 or ASCII: the JSON is escaped, never lossy.

    `check --json` wrote "?" for the "…" of an excerpt (its own renderer did not escape).
    """
    import os
    import subprocess
    import sys

    firsts = {c.schema: c for c in reversed(CASES) if not c.before}
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LC_ALL", "LANG", "PYTHONUTF8", "LC_CTYPE")}
    texts = []
    for name, spec in sorted(firsts.items()):
        run = subprocess.run(
            [sys.executable, "-m", "tenderctl", *_fill(spec.args, scratch)],
            capture_output=True,
            env={**clean, **env},
            timeout=120,
        )
        assert run.returncode in spec.codes, (name, run.stderr.decode("utf-8", "replace"))
        # export writes the bytes of a file (UTF-8, as with --out) whatever the terminal; the others escape
        assert run.stdout.isascii() or name == "export", name
        data = json.loads(run.stdout.decode("utf-8"))
        jsonschema.validate(data, schema_of(cli, name))
        texts.append(json.dumps(data, ensure_ascii=False))
    everything = "\n".join(texts)
    assert "…" in everything and "équipement" in everything  # from the proposal's excerpts and the tenders' titles
