"""Time rules with real zones: offsets of half and quarter hours, both clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tenderctl.errors import Level
from tenderctl.tenders.parse import parse_tender
from tenderctl.tenders.timeline import NonexistentTime, get_zone, resolve
from tenderctl.tenders.timeparse import format_timedelta, parse_at, parse_duration


def utc(at: str, zone: str) -> datetime:
    return resolve(at, get_zone(zone)).start.astimezone(UTC)


@pytest.mark.parametrize(
    ("at", "zone", "expected"),
    [
        # 15:00 "CET" in June is Brussels summer time: 13:00 UTC (the seed's deadline).
        ("2025-06-05 15:00", "Europe/Brussels", "2025-06-05T13:00:00+00:00"),
        ("2025-01-15 15:00", "Europe/Brussels", "2025-01-15T14:00:00+00:00"),
        ("2025-06-05 15:00", "Asia/Kolkata", "2025-06-05T09:30:00+00:00"),
        # Chatham: +12:45 in winter (June), +13:45 in summer (January).
        ("2025-06-05 15:00", "Pacific/Chatham", "2025-06-05T02:15:00+00:00"),
        ("2025-01-15 15:00", "Pacific/Chatham", "2025-01-15T01:15:00+00:00"),
        # St John's: -03:30 standard, -02:30 daylight.
        ("2025-01-15 15:00", "America/St_Johns", "2025-01-15T18:30:00+00:00"),
        ("2025-06-05 15:00", "America/St_Johns", "2025-06-05T17:30:00+00:00"),
        # An explicit offset is an exact instant whatever the zone says.
        ("2025-06-05T15:00+01:00", "Europe/Brussels", "2025-06-05T14:00:00+00:00"),
        ("2025-06-05T13:00:00Z", "Asia/Kolkata", "2025-06-05T13:00:00+00:00"),
    ],
)
def test_local_times_become_exact_instants(at: str, zone: str, expected: str) -> None:
    assert utc(at, zone).isoformat() == expected


def test_brussels_around_both_clock_changes() -> None:
    zone = get_zone("Europe/Brussels")
    # Spring forward, 2025-03-30: 02:00 -> 03:00. 01:59 and 03:00 exist, 02:30 does not.
    assert utc("2025-03-30 01:59", "Europe/Brussels").isoformat() == "2025-03-30T00:59:00+00:00"
    assert utc("2025-03-30 03:00", "Europe/Brussels").isoformat() == "2025-03-30T01:00:00+00:00"
    with pytest.raises(NonexistentTime, match="does not exist in Europe/Brussels"):
        resolve("2025-03-30 02:30", zone)
    # Fall back, 2025-10-26: 03:00 -> 02:00. 02:30 happens twice: the earlier (CEST) wins.
    when = resolve("2025-10-26 02:30", zone)
    assert when.ambiguous
    assert when.start.isoformat() == "2025-10-26T00:30:00+00:00"
    assert not resolve("2025-10-26 03:30", zone).ambiguous


def test_other_zones_gaps_are_errors() -> None:
    with pytest.raises(NonexistentTime):
        resolve("2025-09-28 03:00", get_zone("Pacific/Chatham"))  # 02:45 -> 03:45
    with pytest.raises(NonexistentTime):
        resolve("2025-03-09 02:30", get_zone("America/St_Johns"))  # 02:00 -> 03:00


def test_all_day_is_due_at_the_end_of_its_day_in_the_zone() -> None:
    when = resolve("2025-05-22", get_zone("Europe/Brussels"))
    assert when.all_day and when.day == date(2025, 5, 22)
    assert when.start.astimezone(UTC).isoformat() == "2025-05-21T22:00:00+00:00"
    assert when.due - when.start == timedelta(days=1)
    assert when.iso() == "2025-05-22"
    # The day of a clock change is 23 hours long.
    spring = resolve("2025-03-30", get_zone("Europe/Brussels"))
    assert spring.due - spring.start == timedelta(hours=23)


@pytest.mark.parametrize("bad", ["2027-02-30", "2025-13-01", "2025-06-05 24:00", "5 June 2025", "2025-06-05T15:00+25:00", ""])
def test_parse_at_rejects_with_a_reason(bad: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_at(bad)
    assert repr(bad) in str(info.value)


def test_parse_at_remembers_results_never_failures() -> None:
    # parse_at is cached (the model and the resolver both parse each `at`): a text that failed
    # must fail again with its message, and a good one give the same value every time.
    for _ in range(2):
        with pytest.raises(ValueError, match="impossible date"):
            parse_at("2027-02-30 10:00")
    assert parse_at("2027-02-28 10:00") == parse_at("2027-02-28 10:00") != parse_at("2027-02-28 10:01")
    assert parse_at(" 2027-02-28 ") == parse_at("2027-02-28")


def test_parse_duration_and_countdown() -> None:
    assert parse_duration("14d") == timedelta(days=14)
    assert parse_duration("1d12h") == timedelta(hours=36)
    assert parse_duration("2w") == timedelta(weeks=2)
    assert parse_duration("90m") == timedelta(minutes=90)
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration("soon")
    assert format_timedelta(timedelta(days=3, hours=4, minutes=10)) == "3 days 4 h"
    assert format_timedelta(timedelta(hours=5, minutes=12)) == "5 h 12 min"
    assert format_timedelta(timedelta(seconds=20)) == "under a minute"


TEMPLATE = """reference: T-1
title: Time rules
timezone: {zone}
dates:
  - id: submission
    kind: submission
    at: {at}
    as_written: "{written}"
  - id: questions
    kind: questions
    at: {questions}
"""


def problems_for(zone: str = "Europe/Brussels", at: str = "2025-06-05 15:00", written: str = "", questions: str = "2025-05-22"):
    tender, problems = parse_tender(TEMPLATE.format(zone=zone, at=at, written=written, questions=questions), "t.yaml")
    return tender, [str(p) for p in problems]


def test_label_that_contradicts_the_zone_warns() -> None:
    tender, problems = problems_for(written="5 June 2025, 15:00 Central European Time (CET)")
    assert tender is not None
    assert problems == [
        "t.yaml:8:17: warning: dates[0].as_written: the notice says CET (UTC+01:00) but Europe/Brussels is at UTC+02:00 (CEST) "
        "on 2025-06-05; using 15:00 CEST = 13:00 UTC (check the notice; if the fixed offset is really meant, write it in 'at' with the offset)"
    ]


@pytest.mark.parametrize(
    ("written", "zone", "at"),
    [
        ("5 June 2025, 15:00 CEST", "Europe/Brussels", "2025-06-05 15:00"),
        ("15 July 2025, 15:00 CEST", "Europe/Brussels", "2025-07-15 15:00"),
        ("5 June 2025 at 3 PM EDT", "America/New_York", "2025-06-05 15:00"),
        ("5 June 2025 15:00 IST", "Asia/Kolkata", "2025-06-05 15:00"),
        ("5 June 2025 15:00 (GMT+5:30)", "Asia/Kolkata", "2025-06-05 15:00"),
        ("5 June 2025", "Europe/Brussels", "2025-06-05 15:00"),
    ],
)
def test_matching_labels_do_not_warn(written: str, zone: str, at: str) -> None:
    tender, problems = problems_for(zone=zone, at=at, written=written)
    assert tender is not None
    assert problems == []


def test_ambiguous_time_warns_and_takes_the_earlier_instant() -> None:
    tender, problems = problems_for(at="2025-10-26 02:30")
    assert tender is not None
    assert len(problems) == 1 and "happens twice in Europe/Brussels" in problems[0] and "2025-10-26T02:30+02:00" in problems[0]


def test_gap_is_an_error_with_position() -> None:
    tender, problems = problems_for(at="2025-03-30 02:30")
    assert tender is None
    assert problems[0].startswith("t.yaml:7:9: dates[0].at: '2025-03-30 02:30' does not exist in Europe/Brussels")


def test_midnight_and_impossible_order_warn() -> None:
    tender, problems = problems_for(at="2025-06-05 00:00", questions="2025-06-06")
    assert tender is not None
    assert any("exactly midnight" in p for p in problems)
    assert any("comes after the submission deadline" in p for p in problems)
    levels = {p.level for p in parse_tender(TEMPLATE.format(zone="UTC", at="2025-06-05 00:00", written="", questions="2025-06-06"), "t")[1]}
    assert levels == {Level.warning}


def test_per_date_zone_override() -> None:
    text = (
        TEMPLATE.format(zone="Europe/Brussels", at="2026-03-02 10:00", written="", questions="2026-02-20")
        + "    timezone: America/New_York\n"
    )
    tender, problems = parse_tender(text, "t.yaml")
    assert tender is not None and problems == []
    from tenderctl.tenders.summary import resolved_milestones

    items = {r.milestone.id: r for r in resolved_milestones(tender)}
    assert items["submission"].when.start.astimezone(UTC).isoformat() == "2026-03-02T09:00:00+00:00"
    assert str(items["questions"].when.zone) == "America/New_York"
