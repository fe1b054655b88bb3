"""Dates at the edge of what datetime can hold: a positioned error for that file, every other tender still listed.

0.1.0 raised OverflowError (timeline.localize, timeparse) in validate, show, deadlines and ics on any
of these, and listed nothing at all, not even the valid tenders.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile_support import run_tenderctl

from conftest import write

TENDER = "reference: {ref}\ntitle: Extreme\ntimezone: {zone}\n{extra}dates:\n  - id: submission\n    kind: submission\n    at: {at}\n"

EXTREMES = {
    "LATE-PAGO": ("Pacific/Pago_Pago", "9999-12-31 23:30", "", "7:9: dates[0].at: year 9999 is out of range"),
    "LATE-ALLDAY": ("UTC", "9999-12-31", "", "7:9: dates[0].at: year 9999 is out of range"),
    "EARLY-KIRITIMATI": ("Pacific/Kiritimati", "0001-01-01 10:00", "submit_buffer: 1d\n", "8:9: dates[0].at: year 1 is out of range"),
    "HUGE-BUFFER": ("UTC", "2026-01-01 10:00", "submit_buffer: 99999999999d\n", "4:16: submit_buffer: duration too long"),
    "STATUS-FAR": ("UTC", "2026-01-01 10:00", "status_date: 9999-12-31\n", "4:14: status_date: year 9999 is out of range"),
    "OFFSET-EDGE": ("UTC", "9999-12-31T23:30-12:00", "", "7:9: dates[0].at: year 9999 is out of range"),
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "tenders"
    for ref, (zone, at, extra, _) in EXTREMES.items():
        write(folder / f"{ref}.yaml", TENDER.format(ref=ref, zone=zone, at=at, extra=extra))
    write(folder / "GOOD.yaml", TENDER.format(ref="GOOD", zone="Europe/Brussels", at="2030-03-02 10:00", extra=""))
    return folder


def test_validate_positions_each_extreme_date(folder: Path) -> None:
    run = run_tenderctl(["validate", "--no-cache", "--tenders", folder], cwd=folder.parent, timeout=60)
    assert run.code == 1 and "Traceback" not in run.stderr, run.dump
    for ref, (*_, expected) in EXTREMES.items():
        assert any(line.startswith(f"{folder}/{ref}.yaml:{expected}") for line in run.stderr.splitlines()), f"{ref}\n{run.dump}"
    assert run.seconds < 20


@pytest.mark.parametrize(
    "command", [["deadlines", "--all", "--json"], ["list", "--all", "--json"], ["ics"], ["show", "GOOD"], ["agenda", "--all"]]
)
def test_the_valid_tender_is_still_listed(folder: Path, command: list[str]) -> None:
    run = run_tenderctl([*command, "--tenders", folder], cwd=folder.parent, timeout=60)
    assert "Traceback" not in run.stderr and "OverflowError" not in run.stderr, run.dump
    assert run.code == 1 or command[0] == "show", run.dump
    assert "GOOD" in run.stdout or "2030" in run.stdout or (command[0] == "agenda" and "Nothing to do" in run.stdout), run.dump
    if command[-1] == "--json":
        json.loads(run.stdout)


def test_as_of_out_of_range_is_a_usage_error(folder: Path) -> None:
    run = run_tenderctl(["deadlines", "--as-of", "9999-12-31T23:59", "--tz", "Pacific/Kiritimati", "--tenders", folder], cwd=folder.parent)
    assert run.code == 2 and "year 9999 is out of range" in run.stderr and "Traceback" not in run.stderr, run.dump
