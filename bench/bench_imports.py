"""Which function-level ("lazy") imports in src/tenderctl could move to module top for free.

For every ``import`` inside a function body (``if TYPE_CHECKING:`` blocks aside) this finds the
module it sits in (M) and the statement itself (T), and for each hot command:

* ``tenderctl --version`` (answered before the CLI loads), ``tenderctl --help``, ``tenderctl
  deadlines`` (warm cache: the usual run; and cold: every file validated) and ``tenderctl check``
  (the example proposal against the seed tender),

it runs the command once under ``python -X importtime`` to learn which modules it imports.
Moving T to the top of M adds nothing to a command that never imports M, nor to one that
imports T's module anyway (the function runs, or another module imports it). Otherwise the
cost is T's *marginal* import time: a process imports every module the command imports, then
forks; each child times the statement alone (median of ``--repeat`` children), so what the
command has loaded already is not counted again.

No move can close an import cycle: tests/architecture/test_layout.py already counts lazy imports
in its graph, so a lazy import that would make one fails today, wherever it sits.

An import that fails here (an optional dependency not installed) must stay where it is.

`check` reads files in workers forked from the CLI process: an import moved into a module the
CLI process loads is paid once there, before the fork, instead of in each worker.

An import in a module no hot command loads ("off these paths") is timed the same way after
importing only its module: what the module's own commands (`draft`, `ics`, `import`...) would
pay at least, for a comment that says why it stays lazy.

    python bench/bench_imports.py [--repeat 7] [--markdown] [--threshold-ms 1.0]
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PACKAGE = SRC / "tenderctl"
TENDER = "RFPS-NYH-2025-503831"


@dataclass
class Lazy:
    module: str
    line: int
    function: str
    statement: str
    targets: list[str]
    """Modules the statement imports (``from a import b``: ``a.b`` when that is a module, else ``a``)."""
    commented: bool
    """A ``# lazy:`` reason on the statement or the line above (tests/architecture/test_lazy_imports.py)."""
    cost_ms: dict[str, float | str] = field(default_factory=dict)
    alone: float | str | None = None
    """Off the hot paths: the statement's marginal cost in a process that imported only its module."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _is_module(name: str) -> bool:
    if name.startswith("tenderctl"):
        path = SRC.joinpath(*name.split("."))
        return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def scan() -> list[Lazy]:
    """Every function-level import of src/tenderctl, ``if TYPE_CHECKING:`` blocks aside."""
    found: list[Lazy] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        _scan_file(path, found)
    return found


def _scan_file(path: Path, found: list[Lazy]) -> None:
    module = module_name(path)
    is_package = path.name == "__init__.py"
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)

    def visit(node: ast.AST, function: str | None, guarded: bool) -> None:
        """``function``: the enclosing function's dotted name (None at module and class level)."""
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, f"{function}.{child.name}" if function else child.name, guarded)
            elif isinstance(child, ast.If) and _type_checking(child.test):
                for item in child.body:
                    visit(ast.Module(body=[item], type_ignores=[]), function, True)
                for item in child.orelse:
                    visit(ast.Module(body=[item], type_ignores=[]), function, guarded)
            elif isinstance(child, (ast.Import, ast.ImportFrom)):
                if isinstance(child, ast.Import):
                    targets = [alias.name for alias in child.names]
                else:
                    base = _absolute(child, module, is_package)
                    subs = [f"{base}.{a.name}" for a in child.names if _is_module(f"{base}.{a.name}")]
                    targets = subs or [base]
                if guarded or function is None:  # TYPE_CHECKING only, or run when the module is imported
                    continue
                before = lines[child.lineno - 2].strip() if child.lineno > 1 else ""
                statement = ast.unparse(child)
                if isinstance(child, ast.ImportFrom) and child.level:
                    statement = f"from {_absolute(child, module, is_package)} import " + ", ".join(a.name for a in child.names)
                said = "# lazy:" in "".join(lines[child.lineno - 1 : child.end_lineno or child.lineno]) or before.startswith("# lazy:")
                found.append(Lazy(module, child.lineno, function, statement, targets, said))
            else:
                visit(child, function, guarded)

    visit(tree, None, False)


RUN = r"""
import atexit, os, runpy, sys
_pid, _exit = os.getpid(), os._exit
def _dump():
    if os.getpid() == _pid:  # not the forked readers
        with open(os.environ["BENCH_IMPORTS_LOG"], "w", encoding="utf-8") as out:
            out.write("\n".join(sys.modules))
def _leave(code):
    _dump()
    _exit(code)
os._exit = _leave  # `check` leaves through os._exit (entry._leave): no atexit then
atexit.register(_dump)
sys.argv = ["tenderctl", *sys.argv[1:]]
runpy.run_module("tenderctl", run_name="__main__", alter_sys=True)
"""


def imported_by(command: list[str], env: dict[str, str], cwd: Path) -> tuple[list[str], float]:
    """The modules ``command`` has imported when it leaves (in order) and their total import time
    in ms (one run).

    The list comes from ``sys.modules`` at exit, not from ``-X importtime``: importtime does not
    see a module imported through ``importlib.import_module`` (the command modules registered by
    ``tenderctl.cli``, the rules loaded by ``checks.engine``), so they looked "never imported".
    """
    handle, name = tempfile.mkstemp(prefix="tenderctl-modules-")
    os.close(handle)
    log = Path(name)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", RUN, *command],
        cwd=cwd,
        env={**env, "BENCH_IMPORTS_LOG": str(log)},
        capture_output=True,
        text=True,
        check=False,
    )
    total = 0
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        self_us, _cumulative, _name = line[len("import time:") :].split("|")
        total += int(self_us)
    try:
        modules = log.read_text(encoding="utf-8").split()
    finally:
        log.unlink(missing_ok=True)
    return modules, total / 1000


PROBE = r"""
import json, os, statistics, sys, time
modules, statements, repeat = json.loads(sys.stdin.read())
for name in modules:
    try:
        __import__(name)
    except Exception:
        pass
out = {}
for statement in statements:
    times = []
    for _ in range(repeat):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            started = time.perf_counter()
            try:
                exec(statement, {})
                took = time.perf_counter() - started
            except Exception:
                took = -1.0
            os.write(write, repr(took).encode())
            os._exit(0)
        os.close(write)
        data = b""
        while chunk := os.read(read, 64):
            data += chunk
        os.close(read)
        os.waitpid(pid, 0)
        times.append(float(data or b"-1"))
    out[statement] = statistics.median(times) * 1000 if min(times) >= 0 else None
print(json.dumps(out))
"""


def marginal(modules: list[str], statements: list[str], env: dict[str, str], cwd: Path, repeat: int) -> dict[str, float | None]:
    """Each statement's import time (ms) in a process that has imported ``modules`` already."""
    if not statements:
        return {}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        input=json.dumps([modules, statements, repeat]),
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float | None] = json.loads(done.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="forked children timing each statement (median)")
    parser.add_argument("--threshold-ms", type=float, default=1.0, help="a marginal cost at or above this counts as measurable")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table (for bench/RESULTS-layout.md)")
    args = parser.parse_args()

    lazies = scan()
    work = Path(tempfile.mkdtemp(prefix="tenderctl-imports-"))
    try:
        env = {**os.environ, "NO_COLOR": "1", "TENDERCTL_CACHE_DIR": str(work / "cache"), "COLUMNS": "100"}
        env.pop("TENDERCTL_TENDERS", None)
        env["PYTHONPATH"] = str(SRC) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        tenders = ["--tenders", str(ROOT / "tenders")]
        commands: dict[str, list[str]] = {
            "--version": ["--version"],
            "--help": ["--help"],
            "deadlines (warm)": ["deadlines", *tenders],
            "deadlines (cold)": ["deadlines", "--no-cache", *tenders],
            "check": ["check", str(ROOT / "examples" / "proposal"), "--tender", TENDER, *tenders],
        }
        subprocess.run([sys.executable, "-m", "tenderctl", "deadlines", *tenders], cwd=ROOT, env=env, capture_output=True, check=False)
        subprocess.run([sys.executable, "-m", "tenderctl", *commands["check"]], cwd=ROOT, env=env, capture_output=True, check=False)
        totals: dict[str, float] = {}
        for label, command in commands.items():
            modules, totals[label] = imported_by(command, env, ROOT)
            loaded = set(modules)
            todo = sorted({lz.statement for lz in lazies if lz.module in loaded and not all(t in loaded for t in lz.targets)})
            costs = marginal(modules, todo, env, ROOT, args.repeat)
            for lazy in lazies:
                if lazy.module not in loaded:
                    lazy.cost_ms[label] = "not loaded"
                elif all(t in loaded for t in lazy.targets):
                    lazy.cost_ms[label] = "loaded anyway"
                else:
                    cost = costs.get(lazy.statement)
                    lazy.cost_ms[label] = "fails" if cost is None else round(cost, 2)
        off = [lz for lz in lazies if all(c == "not loaded" for c in lz.cost_ms.values())]
        for module in sorted({lz.module for lz in off}):
            mine = [lz for lz in off if lz.module == module]
            costs = marginal([module], sorted({lz.statement for lz in mine}), env, ROOT, args.repeat)
            for lazy in mine:
                cost = costs.get(lazy.statement)
                lazy.alone = "fails" if cost is None else round(cost, 2)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(lazies, commands=list(totals), totals=totals, threshold=args.threshold_ms, markdown=args.markdown)
    return 0


def verdict(lazy: Lazy, threshold: float) -> str:
    costs = [c for c in lazy.cost_ms.values() if isinstance(c, float)]
    if "fails" in lazy.cost_ms.values():
        return "keep lazy (the import fails here: an optional dependency)"
    worst = max(costs, default=0.0)
    if worst >= threshold:
        hot = [label for label, c in lazy.cost_ms.items() if isinstance(c, float) and c >= threshold]
        return f"keep lazy (+{worst:.1f} ms on {', '.join(hot)})"
    if all(c == "not loaded" for c in lazy.cost_ms.values()):
        alone = f"+{lazy.alone:.1f} ms" if isinstance(lazy.alone, float) else str(lazy.alone)
        return f"off these paths (no hot command imports the module; {alone} after the module alone)"
    if not costs:
        return "move: free (every hot command that imports the module loads the target anyway)"
    return "move: free" if worst < threshold / 4 else f"move: {worst:.2f} ms at most"


def report(lazies: list[Lazy], *, commands: list[str], totals: dict[str, float], threshold: float, markdown: bool) -> None:
    def cell(value: float | str) -> str:
        if isinstance(value, float):
            return f"{value:.2f}"
        return {"not loaded": "·", "loaded anyway": "0 (loaded)", "fails": "fails"}[value]

    header = ["where", "function", "import", *commands, "comment", "verdict"]
    rows = [
        [
            f"{lz.module}:{lz.line}",
            lz.function,
            lz.statement,
            *(cell(lz.cost_ms[c]) for c in commands),
            "yes" if lz.commented else "",
            verdict(lz, threshold),
        ]
        for lz in sorted(lazies, key=lambda lz: (lz.module, lz.line))
    ]
    counts: dict[str, int] = {}
    for row in rows:
        key = row[-1].split(" (")[0].split(":")[0]
        counts[key] = counts.get(key, 0) + 1
    summary = (
        f"{len(rows)} function-level imports in src/tenderctl; each command's own import time (one -X importtime run): "
        + ", ".join(f"{c} {totals[c]:.0f} ms" for c in commands)
        + "; verdicts: "
        + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    )
    if markdown:
        print(summary + "\n")
        print(
            "Cost columns: ms the statement would add at module top (marginal: after everything the command imports, "
            "median of forked children); `·` the command never imports the module; `0 (loaded)` it imports the target anyway.\n"
        )
        kept = [row for row in rows if not row[-1].startswith(("move: free", "off these paths"))]
        print(f"### Measurable or not movable ({len(kept)}): keep lazy, each with a comment saying why\n")
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in kept:
            print("| " + " | ".join(f"`{c}`" if i == 2 else c.replace("|", "\\|") for i, c in enumerate(row)) + " |")
        groups = (
            ("move: free", "Free: may move to module top", "every hot command that imports the module loads the target anyway"),
            (
                "off these paths",
                "Off these paths: no hot command imports the module",
                "moving costs `--version`, `--help`, `deadlines` and `check` nothing, but the module's own command "
                "(`draft`, `ics`, `serve`, `import`...) would pay the import even when it does not need it: "
                "measure that command before moving a heavy one (pypdfium2, lxml, openpyxl, pyhanko)",
            ),
        )
        for prefix, title, why in groups:
            chosen = [row for row in rows if row[-1].startswith(prefix)]
            print(f"\n### {title} ({len(chosen)})\n")
            print(f"Each line: a module, then `line: import` for each such import in it ({why}).\n")
            by_module: dict[str, list[str]] = {}
            for row in chosen:
                where, line = row[0].rsplit(":", 1)
                by_module.setdefault(where, []).append(f"{line}: `{row[2]}`")
            for where, items in by_module.items():
                print(f"- `{where}`: " + "; ".join(items))
        return
    print(summary)
    for row in rows:
        print("  ".join(row))


if __name__ == "__main__":
    raise SystemExit(main())
