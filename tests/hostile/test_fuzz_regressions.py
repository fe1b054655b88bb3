"""Every input the fuzzers (fuzz/) turned up as a crash, kept as a test.

``fuzz_crashes/yaml-*.yaml``: the loader must return a tender or problems (never raise), and
every problem must render as one line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tenderctl.loader import parse_tender

CRASHES = Path(__file__).parent / "fuzz_crashes"


@pytest.mark.parametrize("path", sorted(CRASHES.glob("yaml-*")), ids=lambda p: p.name)
def test_yaml_crash_inputs(path: Path) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    tender, problems = parse_tender(text, "fuzz.yaml")
    assert tender is not None or any(p.level.value == "error" for p in problems)
    for problem in problems:
        assert "\n" not in str(problem) and "\r" not in str(problem), repr(str(problem))


def test_newline_in_a_key_is_escaped_in_the_field_path() -> None:
    """Found by fuzz_yaml_loader.py: a flow-mapping key spanning two lines split the error line in two."""
    text = (CRASHES / "yaml-newline-in-key.yaml").read_text(encoding="utf-8")
    _tender, problems = parse_tender(text, "fuzz.yaml")
    assert (
        "fuzz.yaml:6:42: dates[0].2...\\n050-11-02 01:30: unknown key '2...\\n050-11-02 01:30' "
        "(known keys: id, kind, title, at, timezone, as_written, notes, sequence)"
    ) in [str(p) for p in problems]
