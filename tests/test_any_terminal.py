"""Any terminal, any encoding, any TZ: output degrades, never crashes; a bad TZ is said once."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT

SEED = "RFPS-NYH-2025-503831"
NON_UTF8 = {
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "C-locale": {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""},
}
COMMANDS = [
    ["deadlines", "--all", "--as-of", "2025-05-19T09:00", "--tz", "America/New_York"],
    ["show", SEED, "--as-of", "2025-05-19T09:00"],
    ["steps", SEED],
    ["agenda", "--as-of", "2025-05-19T09:00"],
    ["check", "examples/proposal", "--tender", SEED],
    ["deadlines", "--all", "--json", "--as-of", "2025-05-19T09:00", "--tz", "UTC"],
]


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    full = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LC_ALL", "LANG", "PYTHONUTF8")}
    full.update({k: v for k, v in env.items() if v})
    full["COLUMNS"] = "200"
    return subprocess.run([sys.executable, "-m", "tenderctl", *args], cwd=ROOT, env=full, capture_output=True, timeout=120)


@pytest.mark.parametrize("encoding", sorted(NON_UTF8))
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_non_utf8_output_degrades_never_crashes(encoding: str, args: list[str]) -> None:
    done = run(args, NON_UTF8[encoding])
    utf8 = run(args, {"PYTHONIOENCODING": "utf-8"})
    assert b"Traceback" not in done.stderr and b"UnicodeEncodeError" not in done.stderr, done.stderr.decode("latin-1")
    assert done.returncode == utf8.returncode, done.stderr.decode("latin-1")
    assert done.stdout.strip()
    if "--json" in args:  # JSON stays exact: escaped to ASCII, the same data
        assert json.loads(done.stdout) == json.loads(utf8.stdout)


def test_an_unknown_tz_is_said_once_not_silently_utc() -> None:
    done = run(["deadlines", "--all", "--as-of", "2025-05-19T09:00"], {"TZ": "Nowhere/Land", "PYTHONIOENCODING": "utf-8"})
    warnings = [line for line in done.stderr.decode().splitlines() if "Nowhere/Land" in line]
    assert len(warnings) == 1 and "not a known time zone" in warnings[0], done.stderr
    fine = run(["deadlines", "--all", "--as-of", "2025-05-19T09:00"], {"TZ": "Europe/Paris", "PYTHONIOENCODING": "utf-8"})
    assert b"warning" not in fine.stderr
