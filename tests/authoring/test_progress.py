"""steps / done / status / agenda: the core and the commands, on real files."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, write
from tenderctl.authoring.progress import agenda, find_step, step_rows, today_in
from tenderctl.tenders.loader import load_paths

SEED = "RFPS-NYH-2025-503831"

OTHER = """\
reference: DK-77
title: Dakar works
timezone: Africa/Dakar
status: open   # still bidding
dates:
  - id: visit
    kind: site-visit
    at: 2025-05-19 10:00
  - id: sub
    kind: submission
    at: 2025-06-01 17:00
steps:
  - Collect the company registration   # plain text step
  - text: Visit the site
    date: visit
  - text: Submit
    id: submit
    date: sub
"""

CLOSED = """\
reference: OLD-1
title: A lost bid
timezone: UTC
status: lost
dates:
  - id: sub
    at: 2025-05-01
steps:
  - text: Never done
    date: sub
"""


@pytest.fixture
def folder(tmp_path: Path, root: Path) -> Path:
    tenders = tmp_path / "tenders"
    tenders.mkdir()
    shutil.copy(root / "tenders" / f"{SEED}.yaml", tenders)
    write(tenders / "DK-77.yaml", OTHER)
    write(tenders / "OLD-1.yaml", CLOSED)
    return tenders


def diff_lines(before: str, after: str) -> list[str]:
    return [
        line.rstrip("\n")
        for line in difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def brussels(text: str) -> dt.datetime:
    from zoneinfo import ZoneInfo

    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo("Europe/Brussels"))


# ---------------------------------------------------------------- core


def test_step_rows_take_due_dates_from_milestones(folder: Path) -> None:
    tender = load_paths([folder / f"{SEED}.yaml"]).tenders[0].tender
    rows = step_rows(tender)
    assert [r.number for r in rows] == list(range(1, 9))
    assert rows[0].when is None
    assert rows[5].when is not None and rows[5].when.all_day and rows[5].when.day == dt.date(2025, 5, 20)
    # the submission step is due at 15:00 Brussels (CEST) = 13:00 UTC
    assert rows[7].due == dt.datetime(2025, 6, 5, 13, 0, tzinfo=dt.UTC)
    # an all-day milestone is due until the end of its day in the tender's zone
    assert not rows[5].overdue(brussels("2025-05-20 23:59"))
    assert rows[5].overdue(brussels("2025-05-21 00:00"))


def test_find_step_by_number_and_id(folder: Path) -> None:
    tender = load_paths([folder / "DK-77.yaml"]).tenders[0].tender
    assert find_step(tender, "1") == 0
    assert find_step(tender, "submit") == 2
    assert find_step(tender, "SUBMIT") == 2
    assert find_step(tender, "sub") == 2  # a unique start of an id
    from tenderctl.errors import UsageError

    with pytest.raises(UsageError, match="has 3 steps; there is no step 4"):
        find_step(tender, "4")
    with pytest.raises(UsageError, match="did you mean 'submit'"):
        find_step(tender, "submt")


def test_today_is_the_tenders_day() -> None:
    tender = load_paths([ROOT / "tenders" / f"{SEED}.yaml"]).tenders[0].tender
    late_utc = dt.datetime(2025, 5, 21, 23, 30, tzinfo=dt.UTC)
    assert today_in(tender, late_utc) == dt.date(2025, 5, 22)  # already the 22nd in Brussels


def test_agenda_order_overdue_first_closed_left_out(folder: Path) -> None:
    result = load_paths([folder])
    now = brussels("2025-05-21 09:00")
    view = agenda(result.tenders, now)
    keys = [(i.reference, i.row.number) for i in view.items]
    # overdue: DK visit (19 May 10:00) then seed conference (20 May); then by due; undated last
    assert keys[:2] == [("DK-77", 2), (SEED, 6)]
    assert keys[2:4] == [(SEED, 7), ("DK-77", 3)]  # 22 May, then 1 June before 5 June
    assert keys[4] == (SEED, 8)
    assert set(keys[5:]) == {("DK-77", 1), (SEED, 1), (SEED, 2), (SEED, 3), (SEED, 4), (SEED, 5)}
    assert view.closed_hidden == 1
    assert all(i.reference != "OLD-1" for i in view.items)
    assert any(i.reference == "OLD-1" for i in agenda(result.tenders, now, include_closed=True).items)


def test_agenda_within(folder: Path) -> None:
    result = load_paths([folder])
    view = agenda(result.tenders, brussels("2025-05-21 09:00"), within=dt.timedelta(days=2))
    assert [(i.reference, i.row.number) for i in view.items] == [("DK-77", 2), (SEED, 6), (SEED, 7)]
    assert view.later_hidden == 8  # 11 undone steps in open tenders, 3 shown


# ---------------------------------------------------------------- commands


def test_done_plain_step_edits_only_that_step(cli, folder: Path) -> None:
    path = folder / "DK-77.yaml"
    result = cli("done", "DK-77", "1", "--note", "from the registry", "--as-of", "2025-05-21T23:30:00+00:00", "-T", folder)
    assert result.exit_code == 0, result.dump
    assert "step 1 (Collect the company registration) done on 2025-05-21" in result.stdout  # Dakar is UTC+0
    after = path.read_text(encoding="utf-8")
    changed = diff_lines(OTHER, after)
    assert changed[0] == "-  - Collect the company registration   # plain text step"
    assert changed[1].startswith("+  - text: Collect the company registration") and changed[1].endswith("# plain text step")
    assert changed[2:] == ["+    done: 2025-05-21", "+    note: from the registry"]


def test_done_by_id_then_undo_restores_the_file(cli, folder: Path) -> None:
    path = folder / "DK-77.yaml"
    assert cli("done", "DK-77", "submit", "--date", "2025-05-30", "-T", folder).exit_code == 0
    assert diff_lines(OTHER, path.read_text(encoding="utf-8")) == ["+    done: 2025-05-30"]
    again = cli("done", "DK-77", "submit", "--as-of", "2025-06-01", "-T", folder)
    assert "already done on 2025-05-30; nothing changed" in again.stdout, again.dump
    undone = cli("done", "DK-77", "submit", "--undo", "-T", folder)
    assert undone.exit_code == 0, undone.dump
    assert path.read_text(encoding="utf-8") == OTHER


def test_done_json_and_unknown_step(cli, folder: Path) -> None:
    result = cli("done", SEED, "register", "--date", "2025-05-12", "--json", "-T", folder)
    data = json.loads(result.stdout)
    assert data["step"] == 2 and data["done"] == "2025-05-12" and data["changed"] is True
    bad = cli("done", SEED, "regster", "-T", folder)
    assert bad.exit_code == 2 and "did you mean 'register'" in bad.stderr, bad.dump
    bad_date = cli("done", SEED, "1", "--date", "12/05/2025", "-T", folder)
    assert bad_date.exit_code == 2 and "write YYYY-MM-DD" in bad_date.stderr


def test_done_refuses_an_invalid_file(cli, folder: Path) -> None:
    path = folder / "DK-77.yaml"
    broken = OTHER.replace("date: visit", "date: nowhere")
    path.write_text(broken, encoding="utf-8")
    result = cli("done", "DK-77", "1", "-T", folder)
    assert result.exit_code == 1, result.dump
    assert path.read_text(encoding="utf-8") == broken


def test_status_edits_in_place_and_deadlines_leaves_closed_out(cli, folder: Path) -> None:
    path = folder / "DK-77.yaml"
    result = cli("status", "DK-77", "won", "--as-of", "2025-07-01T10:00", "-T", folder)
    assert result.exit_code == 0, result.dump
    assert "open → won on 2025-07-01" in result.stdout
    assert diff_lines(OTHER, path.read_text(encoding="utf-8")) == [
        "-status: open   # still bidding",
        "+status: won    # still bidding",  # the comment keeps its column
        "+status_date: 2025-07-01",
    ]
    same = cli("status", "DK-77", "won", "-T", folder)
    assert "already won; nothing changed" in same.stdout
    view = cli("deadlines", "--as-of", "2025-05-01", "--json", "-T", folder)
    assert {row["reference"] for row in json.loads(view.stdout)["deadlines"]} == {SEED}
    text = cli("deadlines", "--as-of", "2025-05-01", "-T", folder)
    assert "2 closed tenders left out" in text.stdout, text.dump
    assert cli("status", "DK-77", "wn", "-T", folder).exit_code == 2


def test_status_submitted_stays_in_deadlines_and_agenda(cli, folder: Path) -> None:
    assert cli("status", SEED, "submitted", "--date", "2025-06-04", "-T", folder).exit_code == 0
    view = json.loads(cli("deadlines", "--as-of", "2025-05-01", "--json", "-T", folder).stdout)["deadlines"]
    assert SEED in {row["reference"] for row in view}
    items = json.loads(cli("agenda", "--as-of", "2025-05-01", "--json", "-T", folder).stdout)["items"]
    assert SEED in {item["reference"] for item in items}


def test_status_adds_status_when_missing(cli, tmp_path: Path) -> None:
    text = "reference: N-1\ntitle: No status yet\nbuyer: Someone\ntimezone: UTC\n\nsteps:\n  - One\n"
    path = write(tmp_path / "t" / "N-1.yaml", text)
    assert cli("status", "N-1", "withdrawn", "--date", "2025-01-02", "-T", path.parent).exit_code == 0
    assert diff_lines(text, path.read_text(encoding="utf-8")) == ["+status: withdrawn", "+status_date: 2025-01-02"]
    assert "buyer: Someone\nstatus: withdrawn\nstatus_date: 2025-01-02\ntimezone: UTC\n" in path.read_text(encoding="utf-8")


def test_steps_command_marks_overdue(cli, folder: Path) -> None:
    result = cli("steps", SEED, "--as-of", "2025-05-21T09:00", "-T", folder)
    assert result.exit_code == 0, result.dump
    assert "(overdue)" in result.stdout and "0 of 8 done, 1 overdue" in result.stdout
    data = json.loads(cli("steps", SEED, "--as-of", "2025-05-21T09:00", "--json", "-T", folder).stdout)
    assert [s["overdue"] for s in data["steps"]] == [False] * 5 + [True, False, False]
    assert data["steps"][7]["due"]["at"] == "2025-06-05T15:00+02:00"
    assert data["steps"][7]["due"]["utc"] == "2025-06-05T13:00:00Z" and data["steps"][0]["due"] is None


def test_agenda_command(cli, folder: Path) -> None:
    result = cli("agenda", "--as-of", "2025-05-21T09:00", "-T", folder)
    assert result.exit_code == 0, result.dump
    assert "overdue" in result.stdout and "1 closed tender left out (--all)" in result.stdout
    data = json.loads(cli("agenda", "--as-of", "2025-05-21T09:00", "--json", "-T", folder).stdout)
    assert [(i["reference"], i["number"], i["overdue"]) for i in data["items"][:3]] == [
        ("DK-77", 2, True),
        (SEED, 6, True),
        (SEED, 7, False),
    ]
    with_closed = json.loads(cli("agenda", "--all", "--as-of", "2025-05-21T09:00", "--json", "-T", folder).stdout)
    assert with_closed["items"][0]["reference"] == "OLD-1"  # overdue since 1 May


def test_agenda_names_bad_files_but_lists_the_rest(cli, folder: Path) -> None:
    write(folder / "broken.yaml", "reference: B\ntitle: [unclosed\n")
    result = cli("agenda", "--as-of", "2025-05-21T09:00", "-T", folder)
    assert result.exit_code == 1
    assert "DK-77" in result.stdout and "broken.yaml" in result.stderr
