"""``tenderctl --help`` builds no command's options, and reads exactly as the whole app's help (issue 17)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tenderctl.cli import app, help_app


@pytest.mark.parametrize("args", [["--help"], ["-h"], [], ["--color", "never", "--help"], ["--color=always", "-h"]])
@pytest.mark.parametrize("columns", ["200", "80", "50"])
def test_overview_help_is_the_whole_apps(args: list[str], columns: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    lean = help_app(["tenderctl", *args])
    assert lean is not None and lean is not app
    runner = CliRunner()
    whole, alone = runner.invoke(app, args), runner.invoke(lean, args)
    assert (alone.exit_code, alone.stdout, alone.stderr) == (whole.exit_code, whole.stdout, whole.stderr)
    assert "deadlines" in whole.stdout and "import" in whole.stdout


def test_overview_commands_have_no_parameters_to_build() -> None:
    lean = help_app(["tenderctl", "--help"])
    assert lean is not None
    import inspect

    for info in [
        *lean.registered_commands,
        *(c for g in lean.registered_groups if g.typer_instance for c in g.typer_instance.registered_commands),
    ]:
        assert info.callback is not None and not inspect.signature(info.callback).parameters, info.callback.__name__
    assert len(lean.registered_commands) == len(app.registered_commands)


@pytest.mark.parametrize("args", [["--version"], ["deadlines", "--help"], ["--bogus"], ["import", "--help"], ["--color", "never", "list"]])
def test_anything_else_runs_the_real_commands(args: list[str]) -> None:
    assert help_app(["tenderctl", *args]) is None
