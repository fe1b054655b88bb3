from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# The suite is deterministic: the same generated examples on every run, so a landing never fails on
# a new random draw. Searching for new failures is a separate, deliberate run:
#   HYPOTHESIS_PROFILE=explore python -m pytest -q tests
# and what it finds becomes an @example on the test, so the deterministic run keeps it.
settings.register_profile("default", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", max_examples=1000, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own cache folder, a fixed zone and no colour."""
    monkeypatch.setenv("TENDERCTL_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("TZ", "Europe/Brussels")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("TENDERCTL_TENDERS", raising=False)
    from tenderctl.tenders.timeline import local_zone

    local_zone.cache_clear()
    yield
    local_zone.cache_clear()


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def cli():
    """Run the CLI in-process; on failure the assertion shows stdout and stderr."""
    from typer.testing import CliRunner

    from tenderctl.cli import app

    runner = CliRunner()

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):
        result = runner.invoke(app, [str(a) for a in args], input=input, env=env, catch_exceptions=False)
        result.__dict__["dump"] = f"exit={result.exit_code}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
        return result

    return run


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


os.environ.setdefault("TENDERCTL_NO_PROGRESS", "1")
# The same zone for module-scoped fixtures as for tests: a C library that called tzset() during a
# test (PDFium does) would otherwise leave the C zone at odds with the environment, and tzlocal
# (pyHanko's signing time) warns about the mismatch.
os.environ["TZ"] = "Europe/Brussels"
time.tzset()
