"""`ics --out-dir DIR --feed NAME=QUERY`: per-subscriber calendars in a static folder, and honest `ics --json`.

Every calendar is read back by parsers that are not ours (icalendar and vobject); the page by the
standard library's HTML parser; the JSON against its published schema.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import jsonschema
import pytest
import vobject

from conftest import write

AS_OF = ("--as-of", "2030-01-01")


def tender_yaml(reference: str, status: str = "open", tags: str = "[]") -> str:
    return (
        f"reference: '{reference}'\ntitle: 'Tender {reference}'\ntimezone: Europe/Brussels\nstatus: {status}\ntags: {tags}\n"
        "dates:\n  - id: submission\n    kind: submission\n    at: 2030-06-05 15:00\n"
        "  - id: questions\n    kind: questions\n    at: 2030-05-22\n"
        "  - id: site\n    kind: site-visit\n    at: 2030-05-12 10:00\n"
    )


@pytest.fixture
def tenders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("TENDERCTL_CALENDAR_STATE", raising=False)
    folder = tmp_path / "tenders"
    write(folder / "a.yaml", tender_yaml("ROAD-1", tags="[Roads, bridges]"))
    write(folder / "b.yaml", tender_yaml("ROAD-2", status="submitted", tags="['  roads ']"))
    write(folder / "c.yaml", tender_yaml("IT-1", tags="[software]"))
    write(folder / "d.yaml", tender_yaml("submissions"))  # its plain file name is a feed's name
    return folder


def events_of(path: Path) -> dict[str, tuple[str, str, int]]:
    """UID -> (reference in the description, first category, SEQUENCE), by icalendar; vobject must agree."""
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    out = {}
    for event in calendar.walk("VEVENT"):
        if str(event["SUMMARY"]).startswith("Reminder"):
            continue
        reference = str(event["DESCRIPTION"]).split("Reference: ", 1)[1].split("\n", 1)[0]
        out[str(event["UID"])] = (reference, str(event["CATEGORIES"].cats[0]), int(event["SEQUENCE"]))
    parsed = vobject.readOne(path.read_text(encoding="utf-8"))
    uids = {str(e.uid.value) for e in parsed.contents.get("vevent", []) if not str(e.summary.value).startswith("Reminder")}
    assert uids == set(out)
    return out


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(v for k, v in attrs if k == "href" and v)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def validate_ics_json(cli, data: dict) -> None:
    """Against the schema `tenderctl schema --output ics` publishes."""
    printed = cli("schema", "--output", "ics")
    assert printed.exit_code == 0, printed.dump
    jsonschema.Draft202012Validator(json.loads(printed.stdout)).validate(data)


def test_named_feeds_hold_what_their_filters_say(cli, tenders: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    args = [
        "ics", "--tenders", tenders, "--out-dir", out, "--json", *AS_OF, "--base-url", "https://example.org/t/",
        "--feed", "submissions=kind=submission", "--feed", "roads=tag=ROADS&status=open,submitted", "--feed", "open-it=status=open&tag=software&kind=questions,site-visit",
    ]  # fmt: skip
    result = cli(*args)
    assert result.exit_code == 0, result.dump
    data = json.loads(result.stdout)
    validate_ics_json(cli, data)
    assert data["status"] == "ok" and data["problems"] == []
    assert [f["name"] for f in data["feeds"]] == ["submissions", "roads", "open-it"]
    assert {"submissions.ics", "roads.ics", "open-it.ics", "all.ics", "index.html"} <= set(data["written"])
    every = events_of(out / "all.ics")
    subs = events_of(out / "submissions.ics")
    assert subs and {kind for _, kind, _ in subs.values()} == {"submission"}
    assert {ref for ref, _, _ in subs.values()} == {"ROAD-1", "ROAD-2", "IT-1", "submissions"}
    roads = events_of(out / "roads.ics")
    assert {ref for ref, _, _ in roads.values()} == {"ROAD-1", "ROAD-2"} and len(roads) == 6
    open_it = events_of(out / "open-it.ics")
    assert {ref for ref, _, _ in open_it.values()} == {"IT-1"} and sorted(k for _, k, _ in open_it.values()) == ["questions", "site-visit"]
    # the same event is the same everywhere: UID, SEQUENCE
    for feed in (subs, roads, open_it):
        assert all(every[uid] == value for uid, value in feed.items())
    assert {f["name"]: f["events"] for f in data["feeds"]} == {"submissions": 4, "roads": 6, "open-it": 2}
    # the tender whose file name a feed took got another one; nothing was overwritten
    assert any(name.startswith("submissions-") and name.endswith(".ics") for name in data["written"])
    calendar = icalendar.Calendar.from_ical((out / "roads.ics").read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "Tender deadlines: roads" and str(calendar["SOURCE"]) == "https://example.org/t/roads.ics"
    page = Links()
    page.feed((out / "index.html").read_text(encoding="utf-8"))
    for name in ("submissions", "roads", "open-it"):
        assert f"https://example.org/t/{name}.ics" in page.hrefs and f"webcal://example.org/t/{name}.ics" in page.hrefs
    assert "kind=questions,site-visit, status=open, tag=software" in "".join(page.text)

    # again: nothing changes; then a feed dropped from the command is removed (ours), the others stay
    again = json.loads(cli(*args).stdout)
    assert again["written"] == [] and "roads.ics" in again["unchanged"]
    fewer = json.loads(cli(*args[:-2]).stdout)
    validate_ics_json(cli, fewer)
    assert fewer["removed"] == ["open-it.ics"] and not (out / "open-it.ics").exists() and (out / "roads.ics").exists()


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("roads", "write NAME=FILTERS"),
        ("all=kind=submission", "not 'all' or 'index'"),
        ("a b=kind=submission", "write NAME=FILTERS"),
        ("x=", "no filter after the name"),
        ("x=kind=lunch", "kind: unknown value 'lunch'"),
        ("x=status=maybe", "status: unknown value 'maybe'"),
    ],
)
def test_a_bad_feed_is_one_line_and_exit_2(cli, tenders: Path, tmp_path: Path, given: str, says: str) -> None:
    result = cli("ics", "--tenders", tenders, "--out-dir", tmp_path / "out", "--feed", given)
    assert result.exit_code == 2 and says in result.stderr and "Traceback" not in result.stderr, result.dump
    assert not (tmp_path / "out").exists()


def test_feed_needs_a_folder_and_unique_names(cli, tenders: Path, tmp_path: Path) -> None:
    alone = cli("ics", "--tenders", tenders, "-o", tmp_path / "x.ics", "--feed", "a=kind=submission")
    assert alone.exit_code == 2 and "--feed only applies to --out-dir" in alone.stderr
    twice = cli("ics", "--tenders", tenders, "--out-dir", tmp_path / "o", "--feed", "a=kind=submission", "--feed", "A=tag=x")
    assert twice.exit_code == 2 and "given twice" in twice.stderr


@pytest.mark.parametrize("target", ["file", "folder"])
def test_json_status_is_honest_about_invalid_files(cli, tenders: Path, tmp_path: Path, target: str) -> None:
    write(tenders / "broken.yaml", "reference: [\n")
    where = ["-o", tmp_path / "all.ics"] if target == "file" else ["--out-dir", tmp_path / "public"]
    result = cli("ics", "--tenders", tenders, *where, "--json", *AS_OF)
    assert result.exit_code == 1, result.dump
    data = json.loads(result.stdout)
    validate_ics_json(cli, data)
    assert data["status"] == "invalid" and [p["file"] for p in data["problems"]] == [str(tenders / "broken.yaml")]
    assert all(isinstance(data[key], list) for key in ("written", "unchanged", "cleared"))
    assert isinstance(data["events"], int) and isinstance(data["tenders"], int) and data["events"] > 0
    (tenders / "broken.yaml").unlink()
    fine = cli("ics", "--tenders", tenders, *where, "--json", *AS_OF)
    assert fine.exit_code == 0 and json.loads(fine.stdout)["status"] == "ok" and json.loads(fine.stdout)["problems"] == []
