"""Hostile tender files: each case asserts its exact error line, a time bound and a memory bound.

Cases that once crashed the interpreter (deep nesting: the C composer recursed until the
stack overflowed, a segmentation fault) run in a child process, so a regression fails one
test instead of killing pytest. The rest run in-process under ``tracemalloc``.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hostile_support import good_tender, run_tenderctl

from tenderctl.tenders.loader import load_paths

TAG_HINT = "(tender files use plain YAML only; remove the tag)"
NESTING = "yaml: nesting deeper than 64 levels (a tender file needs only a few levels)"
BOMB = "yaml: aliases expand to more than 10000 nodes (this looks like an alias bomb; write the values out instead of nesting aliases)"


def billion_laughs() -> str:
    """Nine levels of nine aliases: 9**9 (387 million) strings once expanded, 414 bytes on disk."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        name, prev = chr(97 + level), chr(96 + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# name -> (content, expected "line:column: field: message (hint)" after the path)
BAD: dict[str, tuple[Callable[[], bytes], str]] = {
    "billion-laughs.yaml": (lambda: billion_laughs().encode(), f"1:1: {BOMB}"),
    "recursive-anchor.yaml": (lambda: b"reference: &a [*a]\n", f"1:1: {BOMB}"),
    "flow-nesting.yaml": (lambda: b"reference: " + b"[" * 100_000 + b"]" * 100_000 + b"\n", f"1:75: {NESTING}"),
    "flow-map-nesting.yaml": (lambda: b"reference: " + b"{a: " * 100_000 + b"}" * 100_000 + b"\n", f"1:264: {NESTING}"),
    "block-nesting.yaml": (lambda: "".join("  " * i + "a:\n" for i in range(500)).encode(), f"65:129: {NESTING}"),
    # Once a segmentation fault: 800 kB of "- - - - ..." nests 400,000 block sequences on one line.
    "compact-nesting.yaml": (lambda: b"- " * 400_000 + b"x\n", f"1:129: {NESTING}"),
    "explicit-key-nesting.yaml": (lambda: b"? " * 400_000 + b"x\n", f"1:129: {NESTING}"),
    "big-50mb.yaml": (
        lambda: b"reference: X\nnotes: " + b"x" * (50 * 1024 * 1024) + b"\n",
        "1:1: file: file is 52,428,821 bytes, over the 1,000,000-byte limit (is this the right tender file?)",
    ),
    "invalid-utf8.yaml": (lambda: b"reference: X\ntitle: caf\xe9\n", "2:11: file: not valid UTF-8 (byte 0xe9) (save the file as UTF-8)"),
    "tabs.yaml": (
        lambda: b"reference: X\ntitle: T\ntimezone: UTC\ndates:\n\t- id: x\n",
        "5:1: yaml: tab character in the indentation (indent with spaces: YAML does not allow tabs there)",
    ),
    "tab-after-key.yaml": (
        lambda: b"reference: X\n\ttitle: T\n",
        "2:1: yaml: tab character in the indentation (indent with spaces: YAML does not allow tabs there)",
    ),
    "python-object.yaml": (
        lambda: b"reference: !!python/object/apply:builtins.open ['PWNED', 'w']\n",
        f"1:12: yaml: tag not allowed: 'tag:yaml.org,2002:python/object/apply:builtins.open' {TAG_HINT}",
    ),
    "python-system.yaml": (
        lambda: b"reference: X\ntitle: !!python/object/apply:os.system ['touch PWNED-SYSTEM']\n",
        f"2:8: yaml: tag not allowed: 'tag:yaml.org,2002:python/object/apply:os.system' {TAG_HINT}",
    ),
    "python-name.yaml": (
        lambda: b"reference: X\ntitle: !!python/name:os.system\n",
        f"2:8: yaml: tag not allowed: 'tag:yaml.org,2002:python/name:os.system' {TAG_HINT}",
    ),
    "local-tag.yaml": (lambda: b"reference: !include /etc/passwd\n", f"1:12: yaml: tag not allowed: '!include' {TAG_HINT}"),
    "merge-not-mapping.yaml": (
        lambda: b"reference: X\n<<: 5\n",
        "2:5: yaml: expected a mapping or list of mappings for merging, but found scalar ('<<:' takes an alias of a mapping, e.g. '<<: *defaults')",
    ),
    "merge-bomb.yaml": (
        lambda: (billion_laughs().replace("a: &a", "x: &a").replace("i: &i [", "reference: X\n<<: [{k: [") + "}]\n").encode(),
        f"1:1: {BOMB}",
    ),
    "int-key.yaml": (lambda: b"reference: X\ntitle: T\n2025: submission\n", "3:1: yaml: key 2025 is not text (quote it)"),
    "bool-key.yaml": (lambda: b"reference: X\ntrue: T\n", "2:1: yaml: key True is not text (quote it)"),
    "null-key.yaml": (lambda: b"reference: X\n~: T\n", "2:1: yaml: key None is not text (quote it)"),
    "list-key.yaml": (lambda: b"reference: X\n? [a, b]\n: c\n", "2:3: yaml: key is a list, not text (keys are plain words)"),
    "duplicate-key.yaml": (
        lambda: b"reference: X\ntitle: T\nreference: Y\n",
        "3:1: yaml: duplicate key 'reference' (each key may appear once in a mapping; remove or rename one)",
    ),
    "long-duplicate-key.yaml": (
        lambda: b"? " + b"k" * 400_000 + b"\n: 1\n? " + b"k" * 400_000 + b"\n: 2\n",
        "3:3: yaml: duplicate key '" + "k" * 76 + "... (each key may appear once in a mapping; remove or rename one)",
    ),
    "empty.yaml": (
        lambda: b"",
        "1:1: document: the file is empty (a tender needs at least reference, title and timezone; see `tenderctl new`)",
    ),
    "only-comments.yaml": (
        lambda: b"# nothing here\n\n",
        "1:1: document: the file is empty (a tender needs at least reference, title and timezone; see `tenderctl new`)",
    ),
    "list.yaml": (
        lambda: b"- reference: X\n- reference: Y\n",
        "1:1: document: expected a mapping of keys, found a list (start with 'reference: ...' at the left margin)",
    ),
    "two-documents.yaml": (
        lambda: b"reference: X\n---\nreference: Y\n",
        "2:1: yaml: but found another document (check the indentation, and quote values that contain ': ' or start with a special character)",
    ),
    "huge-line.yaml": (
        lambda: b"reference: X\ntitle: T\ntimezone: UTC\nnotes: " + b"word " * 190_000 + b"\nbogus: 1\n",
        "5:1: bogus: unknown key 'bogus' (known keys: reference, title, timezone, buyer, status, status_date, portal, url, ocid, "
        "submit_buffer, tags, notes, contacts, links, dates, steps, checks, experts, criteria, documents, extensions)",
    ),
    "nul.yaml": (
        lambda: b"reference: X\x00Y\n",
        "1:13: yaml: control character U+0000 is not allowed (remove it: tender files are plain text)",
    ),
    "long-number.yaml": (
        lambda: b"reference: X\ntitle: " + b"9" * 5000 + b"\n",
        "2:8: yaml: number with 5,000 digits is too long (quote it if it is text)",
    ),
}

# Could overflow the C stack if the nesting bound regressed: only ever parsed in a child process.
IN_CHILD_ONLY = {"flow-nesting.yaml", "flow-map-nesting.yaml", "block-nesting.yaml", "compact-nesting.yaml", "explicit-key-nesting.yaml"}

VALID_TEXT = """reference: {ref}
title: Accepted variant
timezone: Europe/Brussels
dates:
  - &first
    id: submission
    kind: submission
    title: Submission
    at: 2030-03-02 10:00
"""

# name -> bytes that must load as a valid tender (reference = stem upper-cased)
GOOD: dict[str, Callable[[], bytes]] = {
    "bom.yaml": lambda: b"\xef\xbb\xbf" + VALID_TEXT.format(ref="BOM").encode(),
    "crlf.yaml": lambda: VALID_TEXT.format(ref="CRLF").replace("\n", "\r\n").encode(),
    # Merge keys are accepted (standard YAML, handy for dates that share fields); aliases are
    # counted before construction, so a merge cannot smuggle in a bomb (merge-bomb.yaml above).
    "merge.yaml": lambda: (VALID_TEXT.format(ref="MERGE") + "  - <<: *first\n    id: questions\n    kind: questions\n").encode(),
}


def write_corpus(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (content, _expected) in BAD.items():
        (folder / name).write_bytes(content())
    for name, content in GOOD.items():
        (folder / name).write_bytes(content())


@pytest.mark.parametrize("name", sorted(set(BAD) - IN_CHILD_ONLY))
def test_bad_yaml_in_process(tmp_path: Path, name: str) -> None:
    content, expected = BAD[name]
    path = tmp_path / name
    path.write_bytes(content())
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = load_paths([path], use_cache=False)
    finally:
        seconds = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert [str(p) for p in result.problems] == [f"{path}:{expected}"]
    assert result.tenders == []
    # Pydantic's first import is part of the first case's time; the heaviest case parses a 1 MB line.
    assert seconds < 5, f"{name}: {seconds:.2f}s"
    assert peak < 64 * 1024 * 1024, f"{name}: peak {peak / 1e6:.1f} MB"


def test_billion_laughs_fails_fast(tmp_path: Path) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    load_paths([tmp_path / "nothing-here"], use_cache=False)  # warm the imports
    tracemalloc.start()
    start = time.perf_counter()
    result = load_paths([path], use_cache=False)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [p.message for p in result.problems] == ["aliases expand to more than 10000 nodes"]
    assert seconds < 1.0
    assert peak < 16 * 1024 * 1024


def test_fifty_megabytes_refused_unread(tmp_path: Path) -> None:
    """The size check happens on stat: the 50 MB are never read (peak memory stays far below 50 MB, or even 1 MB)."""
    path = tmp_path / "big.yaml"
    path.write_bytes(BAD["big-50mb.yaml"][0]())
    tracemalloc.start()
    start = time.perf_counter()
    result = load_paths([path], use_cache=False)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [p.field for p in result.problems] == ["file"]
    assert seconds < 1.0
    assert peak < 512 * 1024, f"peak {peak} bytes: the file was read"


@pytest.mark.parametrize("name", sorted(IN_CHILD_ONLY))
def test_deep_nesting_in_child(tmp_path: Path, name: str) -> None:
    content, expected = BAD[name]
    (tmp_path / name).write_bytes(content())
    run = run_tenderctl(["validate", name, "--no-cache"], cwd=tmp_path, timeout=30, limit_mb=1024)
    assert run.code == 1, run.dump  # -11 would be the segmentation fault this once was
    assert run.stderr.splitlines() == [f"{name}:{expected}"], run.dump
    assert run.seconds < 15, run.dump
    assert run.max_rss_mb < 300, run.dump


@pytest.mark.parametrize("name", sorted(GOOD))
def test_accepted_variants(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(GOOD[name]())
    result = load_paths([path], use_cache=False)
    assert result.problems == []
    [loaded] = result.tenders
    assert loaded.tender.reference == path.stem.upper()
    assert loaded.tender.title == "Accepted variant"  # no BOM, no '\r' left in the values
    if name == "merge.yaml":
        first, second = loaded.tender.dates
        assert (second.id, second.kind.value, second.title, second.at) == ("questions", "questions", first.title, first.at)


def test_object_building_tags_execute_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The payloads really would create files under an unsafe loader; through tenderctl they do not."""
    proof = tmp_path / "proof"
    proof.mkdir()
    monkeypatch.chdir(proof)
    opened = yaml.load(BAD["python-object.yaml"][0](), Loader=yaml.UnsafeLoader)  # the point: an unsafe loader obeys the tag
    opened["reference"].close()
    yaml.load(BAD["python-system.yaml"][0](), Loader=yaml.UnsafeLoader)
    assert sorted(p.name for p in proof.iterdir()) == ["PWNED", "PWNED-SYSTEM"]

    work = tmp_path / "work"
    work.mkdir()
    for name in ("python-object.yaml", "python-system.yaml", "python-name.yaml"):
        (work / name).write_bytes(BAD[name][0]())
    run = run_tenderctl(["validate", ".", "--no-cache"], cwd=work, timeout=30)
    assert run.code == 1, run.dump
    assert sorted(run.stderr.splitlines()) == sorted(
        f"./{n}:{BAD[n][1]}" for n in ("python-object.yaml", "python-system.yaml", "python-name.yaml")
    )
    assert sorted(p.name for p in work.iterdir()) == ["python-name.yaml", "python-object.yaml", "python-system.yaml"]


def test_one_bad_file_never_hides_the_others(tmp_path: Path) -> None:
    """Every hostile file plus good ones in one folder: good tenders listed, each bad file named, exit 1, bounded."""
    folder = tmp_path / "tenders"
    write_corpus(folder)
    good_tender(folder, "GOOD-1")
    run = run_tenderctl(
        ["deadlines", "--json", "--all", "--as-of", "2030-01-01", "--tz", "UTC", "--tenders", "tenders"],
        cwd=tmp_path,
        timeout=60,
        limit_mb=1024,
    )
    assert run.code == 1, run.dump
    rows = json.loads(run.stdout)["deadlines"]
    assert sorted({row["reference"] for row in rows}) == ["BOM", "CRLF", "GOOD-1", "MERGE"], run.dump
    lines = run.stderr.splitlines()
    for name, (_content, expected) in BAD.items():
        assert f"tenders/{name}:{expected}" in lines, f"{name} not reported\n{run.dump}"
    assert lines[-1] == f"{len(BAD)} invalid tender files left out (run `tenderctl validate` for details)", run.dump
    assert len(lines) == len(BAD) + 1, run.dump
    assert run.seconds < 30, run.dump
    assert run.max_rss_mb < 300, run.dump


def test_seventy_thousand_problems_are_bounded(tmp_path: Path) -> None:
    """A megabyte of unknown keys: locating each error was quadratic and each 'did you mean' cost 1 ms
    (minutes in all), and printing 70,000 lines took longer still. Now: 100 problems, one line for the rest."""
    keys = "".join(f"k{i}: {i}\n" for i in range(70_000))
    (tmp_path / "keys.yaml").write_text("reference: X\ntitle: T\ntimezone: UTC\n" + keys, encoding="utf-8")
    run = run_tenderctl(["validate", "keys.yaml", "--no-cache"], cwd=tmp_path, timeout=120, limit_mb=1024)
    assert run.code == 1, run.dump
    lines = run.stderr.splitlines()
    assert len(lines) == 101, run.dump
    assert lines[0] == "keys.yaml:4:1: k0: unknown key 'k0' (known keys: " + ", ".join(KNOWN_KEYS) + ")"
    assert lines[99].startswith("keys.yaml:103:1: k99: unknown key 'k99'")
    assert (
        lines[100]
        == "keys.yaml:104:1: document: 69,900 more problems from here on, not listed (fix the ones above first; is this really a tender file?)"
    )
    assert run.seconds < 30, run.dump  # about 5 s here
    assert run.max_rss_mb < 400, run.dump


KNOWN_KEYS = [
    "reference",
    "title",
    "timezone",
    "buyer",
    "status",
    "status_date",
    "portal",
    "url",
    "ocid",
    "submit_buffer",
    "tags",
    "notes",
    "contacts",
    "links",
    "dates",
    "steps",
    "checks",
    "experts",
    "criteria",
    "documents",
    "extensions",
]


# The same mistakes with the line breaks of other systems: the message and its position must not
# depend on them. (CR-only files, old Mac: no '\n' at all; the deep-nesting pre-check looked for
# line starts after '\n' only, so a CR-only file went to libyaml's own limit, 1000 levels on.)
ENDINGS = {"lf": "\n", "cr": "\r", "crlf": "\r\n", "nel": "\x85", "ls": "\u2028"}
SAME_EVERYWHERE = {
    "tab": ("reference: R{n}title: T{n}dates:{n}\t- x{n}", "4:1: yaml: tab character in the indentation"),
    "control": ("reference: R{n}title: T{n}notes: bell \x07 here{n}", "3:13: yaml: control character U+0007 is not allowed"),
    "compact-nesting": ("reference: R{n}a:{n}" + "- " * 20_000 + "x{n}", f"3:127: {NESTING}"),
}


@pytest.mark.parametrize("ending", sorted(ENDINGS))
@pytest.mark.parametrize("case", sorted(SAME_EVERYWHERE))
def test_line_endings_change_no_message_nor_position(tmp_path: Path, case: str, ending: str) -> None:
    template, expected = SAME_EVERYWHERE[case]
    name = f"{case}-{ending}.yaml"
    (tmp_path / name).write_bytes(template.format(n=ENDINGS[ending]).encode("utf-8"))
    run = run_tenderctl(["validate", name, "--no-cache"], cwd=tmp_path, timeout=30, limit_mb=1024)
    assert run.code == 1, run.dump
    [line] = run.stderr.splitlines()
    assert line.startswith(f"{name}:{expected}"), run.dump
    assert run.seconds < 15 and run.max_rss_mb < 300, run.dump
