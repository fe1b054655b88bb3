"""Line breaks from other systems survive an edit: CR-only (old Mac), CRLF (Windows), LF, and a mix.

Every line the edit did not change keeps its bytes, its own line break included; a line the edit
writes gets the file's most common line break. Checked through the core and through `done`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tenderctl.authoring.edit import TenderFile

LINES = [
    "# written on an old Mac",
    "reference: LE-1   # spacing kept",
    "title: 'Line endings'",
    "timezone: UTC",
    "status: open",
    "",
    "dates:",
    "  - id: sub",
    "    kind: submission",
    "    at: 2030-01-10 12:00",
    "steps:",
    "  - Read the terms   # first",
    "  - text: Register",
    "    note: portal",
    "  - Send it",
]


def _file(tmp_path: Path, newline: str, *, last: bool = True) -> Path:
    path = tmp_path / "tenders" / "le.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((newline.join(LINES) + (newline if last else "")).encode())
    return path


def _breaks(data: bytes) -> list[bytes]:
    return re.findall(rb"\r\n|\r|\n", data)


def _mark_first_done(path: Path) -> bytes:
    tf = TenderFile.open(path)
    tf.step_mapping(0)["done"] = dt.date(2030, 1, 2)
    assert tf.save()
    return path.read_bytes()


@pytest.mark.parametrize("newline", ["\r", "\r\n"], ids=["cr", "crlf"])
@pytest.mark.parametrize("last", [True, False], ids=["terminated", "unterminated"])
def test_done_keeps_the_files_line_breaks(tmp_path: Path, newline: str, last: bool) -> None:
    """The edit is byte for byte the LF file's edit, with the file's own line break in place of LF."""
    lf = _mark_first_done(_file(tmp_path / "lf", "\n", last=last))
    other = _mark_first_done(_file(tmp_path / "other", newline, last=last))
    assert b"done: 2030-01-02" in lf
    assert set(_breaks(other)) == {newline.encode()}, other
    assert other == lf.replace(b"\n", newline.encode())
    assert TenderFile.open(tmp_path / "other" / "tenders" / "le.yaml").tender.steps[0].done == dt.date(2030, 1, 2)


def test_an_addition_after_an_unterminated_last_line(tmp_path: Path) -> None:
    path = _file(tmp_path, "\r", last=False)
    tf = TenderFile.open(path)
    tf.append(["steps"], {"text": "Celebrate"})
    assert tf.save()
    after = path.read_bytes()
    assert set(_breaks(after)) == {b"\r"}
    assert after.startswith(b"\r".join(line.encode() for line in LINES) + b"\r")


def test_a_mixed_file_keeps_each_lines_own_break(tmp_path: Path) -> None:
    """A file edited on two systems: the untouched lines keep theirs, new lines take the usual one (CRLF here)."""
    breaks = ["\r\n"] * 10 + ["\n", "\r", "\r\n", "\n", "\r\n"]
    path = tmp_path / "mixed.yaml"
    original = "".join(line + end for line, end in zip(LINES, breaks, strict=True)).encode()
    path.write_bytes(original)
    tf = TenderFile.open(path)
    tf.set_key(["status"], "submitted")
    tf.set_key(["status_date"], dt.date(2030, 1, 3), after="status")
    assert tf.save()
    after = path.read_bytes()
    assert after == original.replace(b"status: open\r\n", b"status: submitted\r\nstatus_date: 2030-01-03\r\n")


def test_done_command_on_a_cr_only_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _file(tmp_path, "\r")
    result = cli("done", "LE-1", "2", "--date", "2030-01-05", "-T", path.parent)
    assert result.exit_code == 0, result.dump
    after = path.read_bytes()
    assert b"\n" not in after
    assert b"  - text: Register\r    note: portal\r    done: 2030-01-05\r" in after or b"    done: 2030-01-05\r" in after
    assert after.count(b"\r") == len(LINES) + 1


def test_nel_and_line_separator_inside_a_value_are_not_line_breaks(tmp_path: Path) -> None:
    """U+0085 and U+2028 in a quoted value are characters of the value (str.splitlines would split there)."""
    path = tmp_path / "u.yaml"
    text = 'reference: U-1\ntitle: "one\u2028two\x85three"\ntimezone: UTC\nstatus: open\n'
    path.write_bytes(text.encode())
    tf = TenderFile.open(path)
    tf.set_key(["status"], "won")
    assert tf.save()
    assert path.read_bytes() == text.replace("status: open", "status: won").encode()
