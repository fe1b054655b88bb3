"""Keep the README honest: every command is toured, the quick start matches CI."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def command_names() -> list[str]:
    from tenderctl.cli import app

    names = [c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands]
    names += [g.name for g in app.registered_groups if g.name]
    return names


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in command_names() if f"tenderctl {name}" not in readme]
    assert not missing, f"commands missing from README.md: {missing}"
    assert len(command_names()) >= 16


def test_quick_start_commands_are_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    head = readme[: readme.index("## Commands")]
    assert "bash .ci/run" in head
    assert "pip install . && tenderctl deadlines --all && tenderctl check examples/proposal --tender RFPS-NYH-2025-503831" in head
    assert ci.rstrip().splitlines()[-4:] == ["ruff check .", "ruff format --check .", "mypy", "python -m pytest -q"]
    assert "-c requirements/constraints.txt" in ci and "pip install -c requirements/constraints.txt -e '.[dev]'" in readme
    assert (ROOT / "requirements" / "constraints.txt").is_file()


def test_example_proposal_and_seed_exist() -> None:
    assert (ROOT / "tenders" / "RFPS-NYH-2025-503831.yaml").is_file()
    assert any((ROOT / "examples" / "proposal").iterdir())
