"""Round-trip edits: only the lines an edit means to change may change, byte for byte."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import stat
from pathlib import Path

import pytest

from tenderctl.authoring.edit import EditError, Indent, InvalidTenderError, StaleFileError, TenderFile, guess_indent

DAY = dt.date(2026, 11, 23)

HAND_WRITTEN = """\
# A hand-written tender: odd spacing, quotes and blank lines are the author's.
reference:   "X-1"   # spacing kept
title: 'Single quoted title'
timezone: Africa/Dakar
status: open

# Dates come next
dates:
- id: sub
  kind: submission
  at: 2026-12-12 17:00    # heure de Dakar
  as_written: "le 12 décembre 2026 à 17h00 (heure de Dakar)"
steps:
- Read the ToR     # first
- "Register"

- text: Ask questions
  date: sub


# about the tags
tags: [a, b]
notes: >-
  A folded note that ruamel
  must keep as folded.
"""


def changed_lines(before: str, after: str) -> list[str]:
    """The diff as '-line' / '+line' entries, without context."""
    return [
        line.rstrip("\n")
        for line in difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.fixture
def hand(tmp_path: Path) -> Path:
    path = tmp_path / "X-1.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    return path


def test_no_edit_writes_nothing(hand: Path) -> None:
    tf = TenderFile.open(hand)
    assert tf.render() == HAND_WRITTEN
    before = hand.stat().st_mtime_ns
    assert tf.save() is False
    assert hand.stat().st_mtime_ns == before


def test_seed_file_edits_touch_only_their_lines(root: Path, tmp_path: Path) -> None:
    original = (root / "tenders" / "RFPS-NYH-2025-503831.yaml").read_text(encoding="utf-8")
    path = tmp_path / "seed.yaml"
    path.write_text(original, encoding="utf-8")
    tf = TenderFile.open(path)
    tf.set_key(["status"], "submitted")
    tf.set_key(["status_date"], DAY, after="status")
    tf.set_key(["steps", 0, "done"], DAY)
    tf.append(["steps"], {"id": "extra", "text": "Archive the proposal"})
    assert tf.save() is True
    after = path.read_text(encoding="utf-8")
    assert changed_lines(original, after) == [
        "-status: open",
        "+status: submitted",
        "+status_date: 2026-11-23",
        "+    done: 2026-11-23",
        "+  - id: extra",
        "+    text: Archive the proposal",
    ]
    # the appended step lands before the blank line that separates steps from checks
    assert "    text: Archive the proposal\n\nchecks:\n" in after


def test_plain_string_step_becomes_a_mapping_in_place(hand: Path) -> None:
    tf = TenderFile.open(hand)
    tf.step_mapping(1)
    tf.set_key(["steps", 1, "done"], DAY)
    tf.set_key(["steps", 1, "note"], "sent by Awa")
    tf.save()
    after = hand.read_text(encoding="utf-8")
    assert changed_lines(HAND_WRITTEN, after) == [
        '-- "Register"',
        '+- text: "Register"',
        "+  done: 2026-11-23",
        "+  note: sent by Awa",
    ]
    # the blank line after the step stays after the step, not inside it
    assert '- text: "Register"\n  done: 2026-11-23\n  note: sent by Awa\n\n- text: Ask' in after


def test_plain_step_keeps_its_comment(hand: Path) -> None:
    tf = TenderFile.open(hand)
    tf.step_mapping(0)
    tf.set_key(["steps", 0, "done"], DAY)
    after = tf.render()
    lines = changed_lines(HAND_WRITTEN, after)
    assert lines[0] == "-- Read the ToR     # first"
    assert lines[1].startswith("+- text: Read the ToR") and lines[1].endswith("# first")
    assert lines[2:] == ["+  done: 2026-11-23"]


def test_new_key_goes_before_the_blank_line_and_comment_that_follow(hand: Path) -> None:
    tf = TenderFile.open(hand)
    tf.set_key(["status_date"], DAY, after="status")
    assert "status: open\nstatus_date: 2026-11-23\n\n# Dates come next\n" in tf.render()


def test_replaced_value_keeps_its_quotes(hand: Path) -> None:
    tf = TenderFile.open(hand)
    tf.set_key(["title"], "New title")
    assert changed_lines(HAND_WRITTEN, tf.render()) == ["-title: 'Single quoted title'", "+title: 'New title'"]


def test_file_indentation_is_kept_for_new_lines(tmp_path: Path) -> None:
    text = "reference: R\ntitle: T\ntimezone: UTC\nsteps:\n    -   text: one\n        id: one\n"
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    tf = TenderFile.open(path)
    assert tf.indent == Indent(mapping=2, sequence=8, offset=4)
    tf.set_key(["steps", 0, "done"], DAY)
    tf.append(["steps"], {"text": "two", "id": "two"})
    assert changed_lines(text, tf.render()) == ["+        done: 2026-11-23", "+    -   text: two", "+        id: two"]


def test_guess_indent_styles() -> None:
    assert guess_indent("a:\n- x\nb:\n  c: 1\n") == Indent(mapping=2, sequence=2, offset=0)
    assert guess_indent("a:\n    b: 1\nc:\n  - x\n") == Indent(mapping=4, sequence=4, offset=2)
    assert guess_indent("a: 1\n") == Indent()


def test_crlf_and_bom_are_kept(tmp_path: Path) -> None:
    text = "reference: R   # r\r\ntitle: T\r\ntimezone: UTC\r\nstatus: open\r\n"
    path = tmp_path / "r.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    tf = TenderFile.open(path)
    tf.set_key(["status"], "won")
    tf.save()
    assert path.read_bytes() == b"\xef\xbb\xbf" + text.replace("status: open", "status: won").encode()


def test_permissions_are_kept(hand: Path) -> None:
    os.chmod(hand, 0o640)
    tf = TenderFile.open(hand)
    tf.set_key(["status"], "lost")
    tf.save()
    assert stat.S_IMODE(hand.stat().st_mode) == 0o640


def test_failed_rename_leaves_the_original_intact(hand: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tf = TenderFile.open(hand)
    tf.set_key(["status"], "submitted")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        tf.save()
    assert hand.read_text(encoding="utf-8") == HAND_WRITTEN
    assert sorted(p.name for p in hand.parent.iterdir()) == ["X-1.yaml"]  # no temporary file left behind


def test_refuses_when_the_file_changed_on_disk(hand: Path) -> None:
    tf = TenderFile.open(hand)
    tf.set_key(["status"], "submitted")
    someone_else = HAND_WRITTEN.replace("Single quoted title", "Edited elsewhere")
    hand.write_text(someone_else, encoding="utf-8")
    with pytest.raises(StaleFileError, match="changed on disk"):
        tf.save()
    assert hand.read_text(encoding="utf-8") == someone_else


def test_refuses_when_the_file_was_replaced_with_the_same_bytes_elsewhere(hand: Path) -> None:
    tf = TenderFile.open(hand)
    tf.set_key(["status"], "submitted")
    other = hand.with_name("other.yaml")
    other.write_text(HAND_WRITTEN, encoding="utf-8")
    os.replace(other, hand)  # an editor that saves by rename: new inode
    with pytest.raises(StaleFileError):
        tf.save()


def test_refuses_a_file_that_does_not_validate(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("reference: R\ntitle: T\ntimezone: Mars/Olympus\n", encoding="utf-8")
    with pytest.raises(InvalidTenderError, match="does not validate") as info:
        TenderFile.open(path)
    assert any("timezone" in p.field for p in info.value.problems)


def test_refuses_an_edit_that_would_not_validate(hand: Path) -> None:
    tf = TenderFile.open(hand)
    tf.set_key(["status"], "pending")
    with pytest.raises(InvalidTenderError, match="invalid") as info:
        tf.save()
    assert [p.field for p in info.value.problems] == ["status"]
    assert hand.read_text(encoding="utf-8") == HAND_WRITTEN


def test_refuses_symlinks(hand: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(hand)
    with pytest.raises(EditError, match="symbolic link"):
        TenderFile.open(link)


def test_refuses_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(EditError, match="not a regular file"):
        TenderFile.open(fifo)


def test_missing_step(hand: Path) -> None:
    with pytest.raises(EditError, match="no step 9"):
        TenderFile.open(hand).step_mapping(8)


def test_folded_and_flow_values_survive_an_edit_next_to_them(hand: Path) -> None:
    tf = TenderFile.open(hand)
    tf.append(["tags"], "c")
    tf.set_key(["notes"], "A folded note that ruamel must keep as folded.")  # same text: no change
    after = tf.render()
    assert changed_lines(HAND_WRITTEN, after) == ["-tags: [a, b]", "+tags: [a, b, c]"]


def test_a_line_ruamel_would_respace_can_still_be_edited(tmp_path: Path) -> None:
    text = "reference:   R-1\ntitle: T\ntimezone: UTC\nstatus:    open     # odd spacing\nnotes: n\n"
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    tf = TenderFile.open(path)
    tf.set_key(["status"], "won")
    lines = changed_lines(text, tf.render())
    assert lines[0] == "-status:    open     # odd spacing"
    assert lines[1].startswith("+status: won") and lines[1].endswith("# odd spacing")
    assert len(lines) == 2  # `reference:   R-1` keeps its spacing


def test_refuses_rather_than_reformat(tmp_path: Path) -> None:
    # ruamel joins a multi-line plain scalar into one line: changing it cannot be done
    # without rewriting the author's line breaks, so the edit is refused, file untouched.
    text = "reference: R-1\ntitle: T\ntimezone: UTC\nnotes: a note written\n  over two lines\ntags: [x]\n"
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    tf = TenderFile.open(path)
    assert tf.render() == text  # no edit, no change
    tf.set_key(["notes"], "another note")
    with pytest.raises(EditError, match="would reformat lines"):
        tf.save()
    assert path.read_text(encoding="utf-8") == text


# ---------------------------------------------------------------- property: any layout, one step's lines


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_words = st.text(alphabet="abcdefghij klm", min_size=1, max_size=12).map(str.strip).filter(bool)


@st.composite
def hand_files(draw):
    step_indent, item_extra = draw(st.sampled_from([(0, 2), (2, 2), (4, 2), (2, 4), (4, 4)]))
    pad = " " * step_indent
    lines = ["# header comment", "reference: R-1", "title: Some title   # why", "timezone: UTC", ""]
    if draw(st.booleans()):
        lines += ["# the steps", ""]
    lines.append("steps:")
    count = draw(st.integers(1, 5))
    plain = []
    for n in range(count):
        text = f"step {n} {draw(_words)}"
        comment = "   # c" if draw(st.booleans()) else ""
        if draw(st.booleans()):
            quote = draw(st.sampled_from(["", '"', "'"]))
            lines.append(f"{pad}- {quote}{text}{quote}{comment}")
            plain.append(True)
        else:
            inner = " " * (step_indent + item_extra)
            lines.append(f"{pad}-{' ' * (item_extra - 1)}text: {text}{comment}")
            lines.append(f"{inner}id: s{n}")
            plain.append(False)
        if draw(st.booleans()):
            lines.append("")
        if draw(st.booleans()):
            lines.append(f"{pad}# between steps")
    lines += ["", "# trailing", "tags: [x, y]", ""]
    target = draw(st.integers(0, count - 1))
    return "\n".join(lines), target, plain[target], step_indent + item_extra


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hand_files())
def test_marking_any_step_done_changes_only_that_step(tmp_path, case) -> None:
    text, target, was_plain, inner = case
    path = tmp_path / "r.yaml"  # one file, rewritten for each example
    path.write_text(text, encoding="utf-8")
    tf = TenderFile.open(path)
    tf.step_mapping(target)
    tf.set_key(["steps", target, "done"], DAY)
    assert tf.save()
    after = path.read_text(encoding="utf-8")
    lines = changed_lines(text, after)
    added = [line for line in lines if line.startswith("+")]
    removed = [line for line in lines if line.startswith("-")]
    if was_plain:  # the converted item's keys line up after its dash, whatever the file's style
        inner = next(line for line in added if "text:" in line).index("text:") - 1
    assert f"+{' ' * inner}done: 2026-11-23" in added
    assert len(removed) == (1 if was_plain else 0), lines
    assert len(added) == (2 if was_plain else 1), lines
    tender = TenderFile.open(path).tender
    assert tender.steps[target].done == DAY
    assert [s.done for i, s in enumerate(tender.steps) if i != target] == [None] * (len(tender.steps) - 1)
