"""Calendar text from strangers: CR, LF, commas, semicolons, backslashes and "END:VEVENT" in titles
and notes must come back from independent parsers (vobject, icalendar) as the same text, in the
same number of events, with nothing injected.

iCalendar TEXT cannot carry a bare carriage return (the only line break is ``\\n``), so CR and
CRLF come back as LF; tenderctl also turns a tab into a space and drops other control
characters. ``normal()`` states exactly that and nothing more: everything else is identical.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import vobject
import yaml

from tenderctl.calendar.ics import short_title, unfold

HOSTILE = {
    "inject": "Line one\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil@x\nSUMMARY:injected\nEND:VCALENDAR",
    "escapes": "a,b;c\\d \\, \\; \\n is not a newline \\\\ ;;,,",
    "carriage": "carriage\rreturn, crlf\r\nand lf\nend",
    "property": "DESCRIPTION:fake;LANGUAGE=x:y\nATTACH:http://evil.example/",
    "long": "Résumé 東京 🚀 — " * 12 + "end",
    "tab": "tab\there and a bell\x07 dropped",
}
TITLE = "Tender, with; commas\\ and END:VEVENT\nBEGIN:VALARM second line"


def normal(text: str) -> str:
    """What iCalendar TEXT can carry: line breaks as LF, tab as space, no other control characters."""
    text = re.sub(r"\r\n|\r", "\n", text).replace("\t", " ")
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)


def write_tender(folder: Path) -> None:
    data = {
        "reference": "TXT-1",
        "title": TITLE,
        "buyer": HOSTILE["escapes"],
        "timezone": "Europe/Brussels",
        "dates": [
            {
                "id": "submission",
                "kind": "submission",
                "at": "2025-06-05 15:00",
                "as_written": HOSTILE["carriage"],
                "notes": HOSTILE["inject"],
            },
            {"id": "briefing", "kind": "conference", "title": HOSTILE["property"], "at": "2025-05-20", "notes": HOSTILE["long"]},
        ],
        "steps": [{"text": HOSTILE["tab"]}, {"text": HOSTILE["inject"]}],
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "txt.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_hostile_text_round_trips(tmp_path: Path, cli) -> None:
    write_tender(tmp_path / "tenders")
    out = tmp_path / "out.ics"
    result = cli("ics", "TXT-1", "-o", out, "--as-of", "2025-01-01", "--tenders", tmp_path / "tenders", "--no-cache")
    assert result.exit_code == 0, result.dump
    raw = out.read_bytes()
    text = raw.decode("utf-8")

    # Structure: exactly two events, no line the text could have forged.
    lines = unfold(text)
    assert lines.count("BEGIN:VEVENT") == 2 and lines.count("END:VEVENT") == 2
    assert lines.count("END:VCALENDAR") == 1
    assert not any(line.startswith(("UID:evil", "ATTACH", "SUMMARY:injected")) for line in lines)
    assert all(len(physical.encode()) <= 75 for physical in text.split("\r\n")), "a line longer than 75 octets"
    assert "\r" not in text.replace("\r\n", ""), "a bare CR in the file"

    # vobject
    calendar = vobject.readOne(text)
    events = sorted(calendar.vevent_list, key=lambda e: e.dtstart.value.isoformat())
    assert [e.dtstart.value for e in events] == [date(2025, 5, 20), datetime(2025, 6, 5, 13, 0, tzinfo=UTC)]
    briefing, submission = events
    assert submission.summary.value == f"Submission deadline: {short_title(TITLE)}"
    description = submission.description.value
    for fragment in (
        f"Tender: {normal(TITLE)}",
        f"Buyer: {normal(HOSTILE['escapes'])}",
        f"As written in the notice: {normal(HOSTILE['carriage'])}",
        normal(HOSTILE["inject"]),
        f"- {normal(HOSTILE['tab'])}",
        f"- {normal(HOSTILE['inject'])}",
    ):
        assert fragment in description, f"{fragment!r} not in {description!r}"
    # A conference is labelled by its own title, so the hostile title is the summary's first part.
    assert briefing.summary.value == f"{normal(HOSTILE['property'])}: {short_title(TITLE)}"
    assert briefing.description.value.startswith("Reference: TXT-1\n")
    assert normal(HOSTILE["long"]) in briefing.description.value

    # icalendar, a second independent reader, agrees on every text and instant.
    parsed = icalendar.Calendar.from_ical(raw)
    by_uid = {str(e["UID"]): e for e in parsed.walk("VEVENT")}
    assert len(by_uid) == 2
    for event in events:
        other = by_uid[event.uid.value]
        assert str(other["SUMMARY"]) == event.summary.value
        assert str(other["DESCRIPTION"]) == event.description.value
        assert other.decoded("DTSTART") == event.dtstart.value


def test_hostile_references_stay_inside_the_feed_folder(tmp_path: Path, cli) -> None:
    """References become file names and HTML in a feed folder: no path leaves it, no markup gets through."""
    tenders = tmp_path / "tenders"
    tenders.mkdir()
    hostile = {
        "a": ("../../ESCAPED", "T1"),
        "b": (str(tmp_path / "ABSOLUTE"), "T2"),
        "c": ("..\\..\\x\n<script>alert(1)</script>", "<img src=x onerror=alert(1)>"),
        "d": ("CON", "Reserved name on Windows"),
    }
    for stem, (reference, title) in hostile.items():
        data = {
            "reference": reference,
            "title": title,
            "timezone": "UTC",
            "dates": [{"id": "s", "kind": "submission", "at": "2030-01-01 10:00"}],
        }
        (tenders / f"{stem}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    before = set(tmp_path.rglob("*"))
    result = cli("ics", "--out-dir", tmp_path / "pub", "--as-of", "2025-01-01", "--tenders", tenders, "--no-cache")
    assert result.exit_code == 0, result.dump
    created = set(tmp_path.rglob("*")) - before
    # the calendar revision state and its lock sit beside the tenders under fixed names (docs/calendar.md)
    created -= {tenders / ".tenderctl-calendar.json", tenders / ".tenderctl-calendar.lock"}
    assert created and all(p.parent == tmp_path / "pub" or p == tmp_path / "pub" for p in created), sorted(map(str, created))
    assert not (tmp_path / "ESCAPED.ics").exists() and not (tmp_path / "ABSOLUTE.ics").exists()
    html = (tmp_path / "pub" / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    calendar = vobject.readOne((tmp_path / "pub" / "all.ics").read_text(encoding="utf-8"))
    assert len(calendar.vevent_list) == 4
