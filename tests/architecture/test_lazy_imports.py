"""Every import inside a function says why it is not at the module top (CONTRIBUTING.md, "Lazy imports").

An import belongs at the top of its module unless ``python bench/bench_imports.py`` shows that it
costs a hot command (``--help``, ``--version``, ``deadlines``, ``check``) something, or it must run
late for another reason (an import cycle, a failure the caller turns into a note, an optional
dependency). Such an import carries a ``# lazy:`` comment on its line (or the line just above)
saying what it would pull into which command: ``# lazy: pypdfium2 (+40 ms) on deadlines``.

A static check of the source, no timing: the figures come from bench_imports; this keeps the rule
from eroding. ``if TYPE_CHECKING:`` blocks are not imports at run time and are left alone.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src" / "tenderctl"

# Files whose function-level imports are not yet moved or explained: empty since every branch of
# issue 12's round was merged. A file may be listed only while work on it is in flight; one listed
# that no longer needs it fails the test below, so the list can only shrink.
NOT_YET_COMMENTED: frozenset[str] = frozenset()


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def function_imports(source: str) -> list[ast.Import | ast.ImportFrom]:
    """Every ``import`` inside a function body, at any depth, ``if TYPE_CHECKING:`` blocks aside."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, True)
            elif isinstance(child, ast.If) and _type_checking(child.test):
                for item in child.orelse:
                    visit(ast.Module(body=[item], type_ignores=[]), in_function)
            elif isinstance(child, (ast.Import, ast.ImportFrom)):
                if in_function:
                    found.append(child)
            else:
                visit(child, in_function)

    visit(ast.parse(source), False)
    return found


def says_why(lines: list[str], node: ast.stmt) -> bool:
    """A ``# lazy: <reason>`` on one of the statement's lines or on the line just above it."""
    end = node.end_lineno or node.lineno
    candidates = lines[node.lineno - 1 : end]
    if node.lineno > 1 and lines[node.lineno - 2].lstrip().startswith("#"):
        candidates.append(lines[node.lineno - 2])
    for line in candidates:
        _, marker, reason = line.partition("# lazy:")
        if marker and reason.strip():
            return True
    return False


def unexplained(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}" for node in function_imports(source) if not says_why(lines, node)
    ]


def test_the_scanner_sees_function_imports_and_their_reasons() -> None:
    source = (
        "import os\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from a import b\n"
        "def f():\n"
        "    import json\n"
        "    import re  # lazy: +1 ms on --help\n"
        "    # lazy: a cycle: b imports this module\n"
        "    from b import (\n"
        "        c,\n"
        "    )\n"
        "    import csv  # lazy:\n"
        "    if TYPE_CHECKING:\n"
        "        import x\n"
        "    def g():\n"
        "        import gzip  # type: ignore[x]  # lazy: gzip (+2 ms) on check\n"
        "class K:\n"
        "    def m(self):\n"
        "        import zlib\n"
    )
    nodes = function_imports(source)
    assert [ast.unparse(n) for n in nodes] == [
        "import json",
        "import re",
        "from b import c",
        "import csv",
        "import gzip",
        "import zlib",
    ]
    lines = source.splitlines()
    assert [says_why(lines, n) for n in nodes] == [False, True, True, False, True, False]


def test_every_function_level_import_says_why_it_is_lazy() -> None:
    missing = []
    for path in sorted(SRC.rglob("*.py")):
        if path.relative_to(SRC).as_posix() not in NOT_YET_COMMENTED:
            missing.extend(unexplained(path))
    assert not missing, (
        "an import inside a function: move it to the module top, or say on its line why it stays lazy "
        "(`# lazy: <what> (+N ms) on <command>`, figures from `python bench/bench_imports.py`):\n" + "\n".join(missing)
    )


def test_the_list_of_files_not_yet_commented_only_shrinks() -> None:
    stale = sorted(name for name in NOT_YET_COMMENTED if not (SRC / name).is_file() or not unexplained(SRC / name))
    assert not stale, "every import in these is explained now (or the file is gone): drop them from NOT_YET_COMMENTED: " + ", ".join(stale)
