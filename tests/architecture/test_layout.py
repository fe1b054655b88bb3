"""The house keeps its shape: no import cycle, modules of a readable size, every package importable."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys

from conftest import ROOT

SRC = ROOT / "src"
MAX_LINES = 600
PACKAGES = ("tenders", "authoring", "calendar", "interop", "checks", "checks.rules", "documents", "documents.formats", "report", "cli")


def module_name(path: object) -> str:
    rel = path.relative_to(SRC).with_suffix("")  # type: ignore[attr-defined]
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(tree: ast.Module, name: str, is_package: bool, known: set[str]) -> set[str]:
    """Every tenderctl module this one imports, at any depth, except under ``if TYPE_CHECKING:``."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name if is_package else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            found.add(base)
            for alias in node.names:
                found.add(f"{base}.{alias.name}")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {m for m in found if m in known and m != name}


def import_graph() -> dict[str, set[str]]:
    files = sorted(SRC.rglob("*.py"))
    known = {module_name(f) for f in files}
    graph = {}
    for f in files:
        name = module_name(f)
        graph[name] = imports_of(ast.parse(f.read_text(encoding="utf-8")), name, f.name == "__init__.py", known)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := walk(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := walk(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_cycles() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None
    tree = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import x.y\ndef f():\n    from . import z\n")
    assert imports_of(tree, "x.w", False, {"x.y", "x.z"}) == {"x.z"}


def test_no_import_cycle() -> None:
    """Lazy imports inside functions count too: a cycle there is a tangle even when it does not crash."""
    cycle = find_cycle(import_graph())
    assert cycle is None, " -> ".join(cycle or [])


def test_modules_stay_readable() -> None:
    """Over 600 lines needs a comment near the top saying why (``# size:``)."""
    too_long = []
    for path in sorted(SRC.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > MAX_LINES and not any(line.startswith("# size:") for line in lines[:40]):
            too_long.append(f"{path.relative_to(ROOT)}: {len(lines)} lines")
    assert not too_long, "\n".join(too_long)


def test_every_package_imports() -> None:
    for name in PACKAGES:
        importlib.import_module(f"tenderctl.{name}")
    done = subprocess.run(
        [sys.executable, "-c", "import " + ", ".join(f"tenderctl.{n}" for n in PACKAGES)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
