"""Every ``console`` block of the README runs, and prints what the README shows.

The README's examples drifted in 0.1.0 (``seconds_left`` depended on the machine's zone, ``draft
-o tenders/`` said "already exists" on a fresh clone, an event count and the exit-code table were
stale). Here each ``$ tenderctl ...`` line of a ``console`` block runs, in README order, in a scratch
copy of the repository's tenders and examples (so edits the examples make do not touch the
checkout), with a pinned zone and width; its output must be the lines below it. A last line of ``...``
elides the rest: the lines above it must be how the output begins.

After a deliberate change of output, rewrite the blocks from what the commands print now and
read the diff before committing:

    python tests/test_readme_examples.py --update
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
INPUTS = {
    "unknown-key.yaml": ROOT / "tests" / "invalid" / "unknown-key.yaml",
    "impossible-date.yaml": ROOT / "tests" / "invalid" / "impossible-date.yaml",
    "dst-gap.yaml": ROOT / "tests" / "invalid" / "dst-gap.yaml",
    "release-package-2.json": ROOT / "tests" / "fixtures" / "ocds" / "release-package-2.json",
    "cn_24_open.xml": ROOT.parent / "shared" / "eforms-samples" / "cn_24_open.xml",
    "change-cn_24_open_dates.xml": ROOT.parent / "shared" / "eforms-samples" / "change-cn_24_open_dates.xml",
}
"""Files the examples name, copied beside the scratch tenders folder."""
NOT_RUN = {"serve": "runs until Ctrl-C; tests/calendar/test_feed.py serves real requests on loopback"}
"""Commands shown but not run here, and where they are tested instead."""
ENV = {"TZ": "Europe/Brussels", "COLUMNS": "100", "NO_COLOR": "1", "TENDERCTL_NO_PROGRESS": "1", "PYTHONIOENCODING": "utf-8"}
ELIDED = "..."
BLOCK = re.compile(r"^```console\n(.*?)^```$", re.MULTILINE | re.DOTALL)


@dataclass
class Example:
    command: str
    expected: list[str]
    span: tuple[int, int]
    """Where the expected lines sit in the README text (for --update)."""


def examples(text: str) -> list[Example]:
    found: list[Example] = []
    for block in BLOCK.finditer(text):
        body_start = block.start(1)
        lines = block.group(1).splitlines(keepends=True)
        offset = body_start
        current: Example | None = None
        pending = ""
        for line in lines:
            if line.startswith("$ ") or pending:
                command = (pending + line[2:] if not pending else pending + line).rstrip("\n")
                if command.endswith("\\"):
                    pending = command[:-1] + " " if not pending else command[:-1]
                    offset += len(line)
                    continue
                pending = ""
                current = Example(" ".join(command.split()), [], (offset + len(line), offset + len(line)))
                found.append(current)
            elif current is not None:
                current.expected.append(line.rstrip("\n"))
                current.span = (current.span[0], offset + len(line))
            offset += len(line)
    return found


def scratch(tmp: Path) -> Path:
    work = tmp / "repo"
    work.mkdir()
    shutil.copytree(ROOT / "tenders", work / "tenders")
    shutil.copytree(ROOT / "examples", work / "examples")
    for name, source in INPUTS.items():
        shutil.copy(source, work / name)
    shared = ROOT.parent / "shared"
    if shared.exists():
        (tmp / "shared").symlink_to(shared)
    return work


def run(example: Example, cwd: Path) -> list[str]:
    env = {**os.environ, **ENV, "TENDERCTL_CACHE_DIR": str(cwd / ".cache"), "XDG_CONFIG_HOME": str(cwd / ".config")}
    tenderctl = [sys.executable, "-m", "tenderctl"]
    command = example.command.split("#", 1)[0].strip()
    if "|" in command:  # a pipe to a standard tool, as shown (e.g. `| head -2`)
        shell = command.replace("tenderctl ", " ".join(map(shlex.quote, tenderctl)) + " ", 1)
        done = subprocess.run(shell, shell=True, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
    else:
        args = shlex.split(command)
        done = subprocess.run(
            [*tenderctl, *args[1:]], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120
        )
    out = done.stdout.replace(str(cwd) + os.sep, "")  # stdout and stderr interleaved, as a terminal shows them
    return [line.rstrip() for line in out.splitlines()]


def _runnable(example: Example) -> bool:
    words = example.command.split()
    return len(words) > 1 and words[0] == "tenderctl" and words[1] not in NOT_RUN


def outputs(tmp: Path) -> list[tuple[Example, list[str]]]:
    work = scratch(tmp)
    return [(example, run(example, work)) for example in examples(README.read_text(encoding="utf-8")) if _runnable(example)]


def test_readme_examples_print_what_the_readme_shows(tmp_path: Path) -> None:
    results = outputs(tmp_path)
    assert len(results) >= 15
    drifted = []
    for example, actual in results:
        expected = [line.rstrip() for line in example.expected]
        if expected[-1:] == [ELIDED]:
            expected, actual = expected[:-1], actual[: len(expected) - 1]
        if actual != expected:
            drifted.append(f"$ {example.command}\n--- README\n" + "\n".join(expected) + "\n--- printed\n" + "\n".join(actual))
    assert not drifted, "README examples drifted (python tests/test_readme_examples.py --update):\n\n" + "\n\n".join(drifted)


def test_every_shown_command_is_run_or_says_where_it_is_tested() -> None:
    shown = {e.command.split()[1] for e in examples(README.read_text(encoding="utf-8")) if e.command.startswith("tenderctl ")}
    assert shown - set(NOT_RUN), shown
    for name in NOT_RUN:
        assert name in shown, f"{name} is no longer shown: drop it from NOT_RUN"


def test_the_block_parser_reads_continuations_and_outputs() -> None:
    text = "x\n```console\n$ tenderctl new --a \\\n  --b\nout 1\nout 2\n$ tenderctl list\n```\n"
    first, second = examples(text)
    assert first.command == "tenderctl new --a --b" and first.expected == ["out 1", "out 2"]
    assert second.command == "tenderctl list" and second.expected == []


def _update() -> None:
    import tempfile

    text = README.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        results = outputs(Path(tmp))
    for example, actual in sorted(results, key=lambda r: r[0].span[0], reverse=True):
        start, end = example.span
        if example.expected[-1:] == [ELIDED]:
            actual = [*actual[: len(example.expected) - 1], ELIDED]
        body = "".join(line + "\n" for line in actual)
        text = text[:start] + body + text[end:]
    README.write_text(text, encoding="utf-8")
    print(f"rewrote {len(results)} examples in {README}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        _update()
    else:
        sys.exit(pytest.main([__file__, "-q"]))
