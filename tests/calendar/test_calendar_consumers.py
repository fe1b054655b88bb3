"""Issue 16's text defects and new properties, read back by six independent consumers: icalendar,
vobject, Home Assistant's strict `ical`, Mozilla's ical.js and node-ical (both from tests/js,
installed by `npm ci --prefix tests/js`), and libical through GObject (Evolution's parser: Debian
packages only, so its tests are apart and skipped, saying why, where they are missing)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject
from calendar_test_support import JS_DIR, require_node
from ical.calendar_stream import IcsCalendarStream
from test_calendar_parsers import parse_with_libical

from conftest import write

SEPARATED = "first\u2028second\u2029third"
"""NEL (U+0085) never reaches the calendar from YAML (YAML folds it), so it is checked on escape_text below."""
PORTAL = "https://gem.gov.in/खरीद/बोली?q=निविदा"
IDN = "https://bücher.example/ausschreibung/ä"


def tender_yaml(reference: str, title: str, portal_url: str, notes: str, extra: str = "") -> str:
    data = {
        "reference": reference,
        "title": title,
        "timezone": "Asia/Kolkata",
        "portal": {"name": "GeM", "url": portal_url},
        "dates": [{"id": "submission", "kind": "submission", "at": "2025-06-05 15:00", "notes": notes}],
    }
    return json.dumps(data, ensure_ascii=False) + "\n" + extra


def node_parse(script: str, path: Path) -> dict[str, Any]:
    node = require_node()
    if not (JS_DIR / "node_modules" / "node-ical" / "package.json").is_file():
        pytest.fail("the npm package node-ical is needed: run `npm ci --prefix tests/js` (.ci/run does)")
    out = subprocess.run([node, str(JS_DIR / script), str(path)], capture_output=True, text=True, timeout=120, check=True)
    (result,) = json.loads(out.stdout)
    assert result["ok"], result
    return result


@pytest.fixture
def written(tmp_path: Path, cli) -> tuple[Path, Path]:
    folder = tmp_path / "tenders"
    write(folder / "a.json.yaml", tender_yaml("GEM/2025/B/1", "Roads, bridges; and \\ tunnels", PORTAL, SEPARATED))
    write(folder / "b.yaml", tender_yaml("IDN-1", "Plain", IDN, "plain notes"))
    out = tmp_path / "feed"
    result = cli("ics", "--tenders", folder, "--out-dir", out, "--as-of", "2025-01-01", "--no-cache")
    assert result.exit_code == 0, result.dump
    (name,) = [p for p in out.iterdir() if p.name.startswith("GEM")]
    return name, out / "IDN-1.ics"


def test_separators_are_line_breaks_for_every_consumer(written) -> None:
    path, _ = written
    raw = path.read_bytes()
    assert "\u2028".encode() not in raw and "\u2029".encode() not in raw and "\x85".encode() not in raw
    wanted = "first\nsecond\nthird"
    (event,) = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert wanted in str(event["DESCRIPTION"])
    assert wanted in vobject.readOne(raw.decode()).vevent.description.value
    assert wanted in node_parse("parse_ics.mjs", path)["events"][0]["description"]
    described = node_parse("parse_node_ical.mjs", path)["events"][0]["description"]
    assert described and wanted in described  # node-ical dropped the whole DESCRIPTION before
    (strict,) = IcsCalendarStream.calendar_from_ics(raw.decode()).events
    assert strict.description and wanted in strict.description


def test_separators_read_by_libical(written) -> None:
    path, _ = written
    [parsed] = parse_with_libical(path)
    assert "first\nsecond\nthird" in parsed["events"][0]["description"]


def test_urls_are_ascii_and_read_alike(written) -> None:
    gem, idn = written
    expected = {
        gem: "https://gem.gov.in/%E0%A4%96%E0%A4%B0%E0%A5%80%E0%A4%A6/%E0%A4%AC%E0%A5%8B%E0%A4%B2%E0%A5%80"
        "?q=%E0%A4%A8%E0%A4%BF%E0%A4%B5%E0%A4%BF%E0%A4%A6%E0%A4%BE",
        idn: "https://xn--bcher-kva.example/ausschreibung/%C3%A4",
    }
    for path, url in expected.items():
        raw = path.read_bytes()
        (line,) = [x for x in raw.decode().replace("\r\n ", "").split("\r\n") if x.startswith("URL:")]
        assert line == "URL:" + url and line.isascii()
        (event,) = icalendar.Calendar.from_ical(raw).walk("VEVENT")
        assert str(event["URL"]) == url
        assert vobject.readOne(raw.decode()).vevent.url.value == url
        assert node_parse("parse_ics.mjs", path)["events"][0]["url"] == url
        assert node_parse("parse_node_ical.mjs", path)["events"][0]["url"] == url
        (strict,) = IcsCalendarStream.calendar_from_ics(raw.decode()).events
        assert str(strict.url) == url


def test_urls_read_by_libical(written) -> None:
    gem, idn = written
    for path, host in ((gem, "https://gem.gov.in/%E0%A4%96"), (idn, "https://xn--bcher-kva.example/ausschreibung/%C3%A4")):
        [parsed] = parse_with_libical(path)
        url = parsed["events"][0]["url"]
        assert url.isascii() and url.startswith(host)


def test_tender_calendar_name_needs_no_escaping(written) -> None:
    path, _ = written
    raw = path.read_bytes()
    name_line = next(x for x in raw.decode().split("\r\n") if x.startswith("X-WR-CALNAME:"))
    assert "\\" not in name_line
    shown = "GEM/2025/B/1: Roads · bridges · and / tunnels"
    assert str(icalendar.Calendar.from_ical(raw)["X-WR-CALNAME"]) == shown
    assert vobject.readOne(raw.decode()).contents["x-wr-calname"][0].value == shown
    assert node_parse("parse_ics.mjs", path)["name"] == shown
    assert node_parse("parse_node_ical.mjs", path)["name"] == shown
    assert IcsCalendarStream.calendar_from_ics(raw.decode()).name == [shown]  # RFC 7986 allows one NAME per language


def test_tender_calendar_name_read_by_libical(written) -> None:
    path, _ = written
    [parsed] = parse_with_libical(path)
    shown = "GEM/2025/B/1: Roads · bridges · and / tunnels"
    assert parsed["properties"]["NAME"] == [shown] and parsed["properties"]["X-WR-CALNAME"] == [shown]


def test_a_written_id_cannot_take_the_derived_submit_by_uid(tmp_path: Path, cli) -> None:
    folder = tmp_path / "tenders"
    write(
        folder / "d.yaml",
        "reference: D-1\ntitle: Dup\ntimezone: Europe/Brussels\nsubmit_buffer: 1d\ndates:\n"
        "  - {id: submission, kind: submission, at: 2025-06-05 15:00}\n"
        "  - {id: submission-submit-by, kind: internal, at: 2025-06-03 10:00}\n",
    )
    result = cli("validate", "--tenders", folder)
    assert result.exit_code == 1
    assert "milestone id 'submission-submit-by' is reserved" in result.stderr + result.stdout


def test_escape_text_breaks_every_separator() -> None:
    from tenderctl.calendar.ics import escape_text

    assert escape_text("a\u2028b\u2029c\x85d\r\ne") == "a\\nb\\nc\\nd\\ne"


def test_location_categories_color_description_and_source_read_by_every_consumer(tmp_path: Path, cli) -> None:
    folder = tmp_path / "tenders"
    data = json.loads(tender_yaml("LOC-1", "Water works", "https://portal.example/t/1", "n"))
    data["portal"]["name"] = "eProcure, Lot 2"
    data["tags"] = ["roads", "EU funded", "roads"]
    write(folder / "loc.yaml", json.dumps(data))
    out = tmp_path / "feed"
    result = cli(
        "ics", "--tenders", folder, "--out-dir", out, "--base-url", "https://cal.example/t/", "--as-of", "2025-01-01", "--no-cache"
    )
    assert result.exit_code == 0, result.dump
    path = out / "LOC-1.ics"
    raw = path.read_bytes()
    categories = ["submission", "roads", "EU funded"]
    about = "Deadlines of tender LOC-1: Water works (written by tenderctl)"
    source = "https://cal.example/t/LOC-1.ics"

    calendar = icalendar.Calendar.from_ical(raw)
    (event,) = calendar.walk("VEVENT")
    assert str(event["LOCATION"]) == "eProcure, Lot 2"
    assert [str(c) for c in event["CATEGORIES"].cats] == categories
    assert str(event["COLOR"]) == "crimson"
    assert str(calendar["DESCRIPTION"]) == about and str(calendar["SOURCE"]) == source

    parsed = vobject.readOne(raw.decode())
    assert parsed.vevent.location.value == "eProcure, Lot 2"
    assert list(parsed.vevent.categories.value) == categories
    assert parsed.vevent.contents["color"][0].value == "crimson"
    assert parsed.contents["description"][0].value == about and parsed.contents["source"][0].value == source

    js = node_parse("parse_ics.mjs", path)
    assert js["description"] == about and js["source"] == source
    assert (js["events"][0]["location"], js["events"][0]["categories"], js["events"][0]["color"]) == (
        "eProcure, Lot 2",
        categories,
        "crimson",
    )

    node = node_parse("parse_node_ical.mjs", path)
    assert node["description"] == about
    (event_n,) = node["events"]
    assert (event_n["location"], event_n["categories"], event_n["color"]) == ("eProcure, Lot 2", categories, "crimson")

    strict = IcsCalendarStream.calendar_from_ics(raw.decode())
    assert (strict.description, str(strict.source), strict.name) == ([about], source, ["LOC-1: Water works"])
    (event_s,) = strict.events
    assert (event_s.location, event_s.categories, event_s.color) == ("eProcure, Lot 2", categories, "crimson")

    if libical_ready():
        [lib] = parse_with_libical(path)
        assert lib["properties"]["DESCRIPTION"] == [about] and lib["properties"]["SOURCE"] == [source]
        (event_l,) = lib["events"]
        assert (event_l["location"], event_l["categories"], event_l["color"]) == ("eProcure, Lot 2", categories, "crimson")


def libical_ready() -> bool:
    """libical is read in the test above when installed; its own test below says so when it is not."""
    try:
        parse_with_libical()
    except pytest.skip.Exception:
        return False
    return True


def test_libical_is_installed_for_the_property_checks() -> None:
    parse_with_libical()  # skips, saying why, where python3-gi and gir1.2-ical-3.0 are missing


def test_a_no_later_than_day_says_the_instant_it_ends(tmp_path: Path, cli) -> None:
    folder = tmp_path / "tenders"
    data = json.loads(tender_yaml("DAY-1", "Day", "https://portal.example/", "n"))
    data["dates"][0]["at"] = "2025-05-22"
    data["timezone"] = "Pacific/Chatham"  # +12:45 in May: no whole-hour guess passes
    write(folder / "day.yaml", json.dumps(data))
    out = tmp_path / "day.ics"
    assert cli("ics", "--tenders", folder, "-o", out, "--as-of", "2025-01-01", "--no-cache").exit_code == 0
    (event,) = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert "Ends: end of that day in Pacific/Chatham = 2025-05-22 11:15 UTC" in str(event["DESCRIPTION"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://user:secret@portal.example/t/1", None),  # ASCII too: a published calendar must not carry credentials
        ("https://token@portal.example/t/1", None),
        ("https://user:secret@bücher.example/ä", None),
        ("http://[2001:db8::1]:8080/ausschreibung/ä", "http://[2001:db8::1]:8080/ausschreibung/%C3%A4"),
        ("https://Bücher.Example/ä?q=ü#ö", "https://xn--bcher-kva.example/%C3%A4?q=%C3%BC#%C3%B6"),
        ("https://portal.example/t/1?a=b", "https://portal.example/t/1?a=b"),
        ("ftp://portal.example/", None),
    ],
)
def test_safe_url_cases(value: str, expected: str | None) -> None:
    from tenderctl.calendar.urls import safe_url

    assert safe_url(value) == expected


def test_a_base_url_with_credentials_is_refused_without_echoing_them(tmp_path: Path, cli) -> None:
    folder = tmp_path / "tenders"
    write(folder / "b.yaml", tender_yaml("B-1", "Plain", "https://portal.example/", "n"))
    result = cli("ics", "--tenders", folder, "--out-dir", tmp_path / "feed", "--base-url", "https://me:hunter2@cal.example/")
    assert result.exit_code == 2
    said = result.stderr + result.stdout
    assert "holds a user name or password" in said and "hunter2" not in said


def test_calendar_name_and_description_need_no_escaping_for_any_consumer(tmp_path: Path, cli) -> None:
    """`--name` with ; , \\ and the calendar's own description: shown without backslashes by all six."""
    folder = tmp_path / "tenders"
    write(folder / "n.yaml", tender_yaml("N-1", "Roads, bridges", "https://portal.example/", "n"))
    path = tmp_path / "n.ics"
    result = cli("ics", "--tenders", folder, "-o", path, "--as-of", "2025-01-01", "--no-cache", "--name", "Roads, bridges; and \\ tunnels")
    assert result.exit_code == 0, result.dump
    raw = path.read_bytes()
    heads = [x for x in raw.decode().split("\r\n") if x.startswith(("NAME:", "X-WR-CALNAME:", "DESCRIPTION:Tender", "X-WR-CALDESC:"))]
    assert len(heads) == 4 and not any("\\" in x for x in heads), heads
    name, about = "Roads · bridges · and / tunnels", "Tender deadlines and milestones (written by tenderctl)"
    calendar = icalendar.Calendar.from_ical(raw)
    assert [str(calendar[k]) for k in ("NAME", "X-WR-CALNAME", "DESCRIPTION", "X-WR-CALDESC")] == [name, name, about, about]
    parsed = vobject.readOne(raw.decode())
    assert [parsed.contents[k][0].value for k in ("name", "x-wr-calname", "description", "x-wr-caldesc")] == [name, name, about, about]
    strict = IcsCalendarStream.calendar_from_ics(raw.decode())
    extras = {e.name: e.value for e in strict.extras}
    assert (strict.name, strict.description, extras["x-wr-calname"], extras["x-wr-caldesc"]) == ([name], [about], name, about)
    for script in ("parse_ics.mjs", "parse_node_ical.mjs"):
        js = node_parse(script, path)
        assert (js["name"], js["description"]) == (name, about), script
    if libical_ready():
        [lib] = parse_with_libical(path)
        assert [lib["properties"][k] for k in ("NAME", "X-WR-CALNAME", "DESCRIPTION", "X-WR-CALDESC")] == [[name], [name], [about], [about]]
