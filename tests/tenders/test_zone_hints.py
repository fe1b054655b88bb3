"""Zone hints never propose a zone at another offset; abbreviation zones are named for what they do."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import write
from tenderctl.errors import Level
from tenderctl.tenders.parse import parse_tender
from tenderctl.tenders.timeline import get_zone
from tenderctl.tenders.zones import ABBREVIATIONS, LEGACY_CITY, legacy_zone_warning, offsets_of, parse_offset, unknown_zone_hint

ZONE_IN_TEXT = re.compile(r"\b(?:Etc/GMT[+-]\d{1,2}|Etc/UTC|UTC(?![+−-])|[A-Z][A-Za-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?)")


def proposed(hint: str) -> list[str]:
    return list(ZONE_IN_TEXT.findall(hint))


def unknown(name: str) -> str:
    with pytest.raises(ValueError) as caught:
        get_zone(name)
    return str(caught.value)


OFFSETS = [
    f"{prefix}{sign}{h}{m}"
    for prefix in ("GMT", "UTC", "UTC ", "")
    for sign in "+-"
    for h in ("1", "3", "05", "8", "12")
    for m in ("", ":00", ":30")
]
OFFSETS = [o for o in OFFSETS if o[0] in "GU" or ":" in o]


@pytest.mark.parametrize("written", OFFSETS)
def test_an_offset_hint_proposes_only_zones_at_that_offset(written: str) -> None:
    offset = parse_offset(written)
    assert offset is not None, written
    hint = unknown_zone_hint(written)
    assert hint is not None
    zones = proposed(hint)
    for zone in zones:
        assert offsets_of(zone) == (offset.delta,), (written, zone, offsets_of(zone), hint)
    if offset.delta.total_seconds() % 3600 == 0:
        assert offset.etc_zone() in zones, hint


def test_gmt_plus_one_is_etc_gmt_minus_one_not_plus_one() -> None:
    """The 0.1.0 hint 'Etc/GMT+1' is UTC−1: following it moved a deadline by two hours."""
    message = unknown("GMT+1")
    assert "Etc/GMT-1" in message and "Etc/GMT+1" not in message
    assert ZoneInfo("Etc/GMT-1").utcoffset(datetime(2026, 6, 1)) == timedelta(hours=1)
    assert "POSIX inverts the sign" in message


@pytest.mark.parametrize(
    ("written", "meant"),
    [("UTC+3", "Etc/GMT-3"), ("PHT", "Asia/Manila"), ("COT", "America/Bogota"), ("pht", "Asia/Manila"), ("ET", "America/New_York")],
)
def test_issue_examples_name_the_zone_meant(written: str, meant: str) -> None:
    message = unknown(written)
    assert meant in message, message
    for wrong in ("'UTC'?", "HST", "UCT"):
        assert f"did you mean {wrong}" not in message


def test_an_ambiguous_abbreviation_lists_every_meaning_with_offsets() -> None:
    message = unknown("CST")
    assert "ambiguous" in message
    for zone in ("America/Chicago", "Asia/Shanghai"):
        assert zone in message
    assert "UTC+08:00" in message and "UTC−06:00" in message


@pytest.mark.parametrize("label", sorted(ABBREVIATIONS))
def test_every_abbreviation_meaning_is_a_real_zone_that_uses_it_or_a_fixed_offset(label: str) -> None:
    """Each meaning exists; where the tz database still prints abbreviations, the zone prints this one."""
    for zone, _what in ABBREVIATIONS[label]:
        info = ZoneInfo(zone)
        names = {(datetime(2026, 1, 1, tzinfo=UTC) + timedelta(weeks=w)).astimezone(info).tzname() for w in range(53)}
        numeric = all(n is None or n[0] in "+-" for n in names)
        assert numeric or label in names or label in {"ET", "CT", "MT", "PT", "GMT", "MET", "PHT", "PHST", "IST"} or zone == "UTC", (
            label,
            zone,
            names,
        )


def test_typos_of_region_names_still_get_a_spelling_hint() -> None:
    assert "Europe/Paris" in unknown("Europe/Pari")
    assert "Europe/Paris" in unknown("paris")
    assert "did you mean" not in unknown("XYZT")


@pytest.mark.parametrize("zone", [*sorted(LEGACY_CITY), "Etc/GMT+1"])
def test_abbreviation_zones_warn_with_the_city_meant(zone: str) -> None:
    warning = legacy_zone_warning(zone)
    assert warning is not None
    if zone.startswith("Etc/"):
        assert "UTC−01:00" in warning
    else:
        assert LEGACY_CITY[zone] in warning
    assert legacy_zone_warning("Europe/Brussels") is None and legacy_zone_warning("America/Panama") is None


def test_est_warning_says_summer_deadlines_are_an_hour_off() -> None:
    warning = legacy_zone_warning("EST") or ""
    assert "no summer time" in warning and "America/New_York" in warning


TENDER = """reference: Z-1
title: Zones
timezone: {zone}
dates:
  - id: submission
    kind: submission
    at: {at}
    as_written: "{written}"
"""


def warnings_for(zone: str, at: str, written: str) -> list[str]:
    tender, problems = parse_tender(TENDER.format(zone=zone, at=at, written=written), "z.yaml")
    assert tender is not None, problems
    return [p.message for p in problems if p.level is Level.warning]


def test_est_as_the_tender_zone_is_a_warning_not_silence() -> None:
    [warning] = warnings_for("EST", "2026-06-10 14:00", "2:00 PM Eastern Time")
    assert "America/New_York" in warning


def test_an_abbreviation_that_is_the_zones_own_name_is_no_mismatch() -> None:
    assert warnings_for("Asia/Manila", "2026-06-10 14:00", "2:00 PM PST") == []
    assert warnings_for("Europe/Brussels", "2026-01-10 14:00", "14:00 CET") == []


def test_an_explicit_instant_is_judged_against_its_own_offset() -> None:
    assert warnings_for("Europe/London", "2027-03-28T01:30Z", "01:30 UTC") == []
    [mismatch] = warnings_for("Europe/London", "2027-03-28T01:30+01:00", "01:30 UTC")
    assert "UTC+01:00" in mismatch


def test_a_real_mismatch_still_warns() -> None:
    [mismatch] = warnings_for("America/New_York", "2026-06-10 14:00", "2:00 PM PST")
    assert "PST" in mismatch


def test_validate_new_and_deadlines_give_the_same_hint(cli, tmp_path: Path) -> None:
    write(tmp_path / "tenders" / "Z-1.yaml", TENDER.format(zone="GMT+1", at="2026-06-10 14:00", written="14:00"))
    validate = cli("validate", str(tmp_path / "tenders"), "--no-cache")
    assert validate.exit_code == 1 and "Etc/GMT-1" in validate.stderr, validate.dump
    deadlines = cli("deadlines", "--tz", "GMT+1", "--tenders", str(tmp_path / "tenders"))
    assert deadlines.exit_code == 2 and "Etc/GMT-1" in deadlines.stderr, deadlines.dump
    new = cli(
        "new",
        "--reference",
        "Z-2",
        "--title",
        "T",
        "--timezone",
        "PHT",
        "--deadline",
        "2026-06-10 14:00",
        "--tenders",
        str(tmp_path / "t2"),
    )
    assert new.exit_code == 2 and "Asia/Manila" in new.stderr, new.dump
