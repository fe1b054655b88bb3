"""Every worker task named by strings resolves to a real function (issue 12: a module move must
not break a ``Task("module", "function", ...)`` silently, only at run time inside a worker)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from conftest import ROOT

# Tasks that name something on purpose unrunnable: the sandbox must refuse them.
REFUSED = {("os", "system")}


def _task_names() -> list[tuple[str, int, str, str]]:
    found = []
    for base in ("src", "tests", "bench", "fuzz"):
        for path in sorted((ROOT / base).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name != "Task" or len(node.args) < 2:
                    continue
                module, function = node.args[0], node.args[1]
                assert isinstance(module, ast.Constant) and isinstance(function, ast.Constant), (
                    f"{path}:{node.lineno}: name the task's module and function with literals so this test can check them"
                )
                found.append((str(Path(path).relative_to(ROOT)), node.lineno, module.value, function.value))
    return found


def test_every_task_name_resolves() -> None:
    names = _task_names()
    assert len(names) >= 8  # folder.py's readers and the sandbox tests' probes are all seen
    for where, line, module, function in names:
        if (module, function) in REFUSED:
            continue
        assert module.startswith("tenderctl."), f"{where}:{line}: {module} is outside tenderctl (the worker refuses it)"
        target = getattr(importlib.import_module(module), function, None)
        assert callable(target), f"{where}:{line}: {module}.{function} does not exist (moved or renamed?)"
