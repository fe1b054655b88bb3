"""Edit a tender file in place without disturbing anything the edit did not mean to touch.

People write tender files by hand: comments, key order, quoting, blank lines and their own
indentation matter to them. ruamel.yaml's round-trip mode keeps most of that, but not all
(it can re-wrap, re-space or re-indent lines it did not change). So we never write its
output as is: we dump the document twice, once as loaded (``R0``) and once after the edit
(``R1``), and apply only the lines that differ between those two dumps to the original
text. Whatever ruamel would have normalised cancels out, and every untouched line stays
byte-for-byte. If a change falls on a line ruamel would have rewritten, we refuse rather
than reformat. The result is re-validated with :func:`tenderctl.tenders.parse.parse_tender` and
checked to mean exactly what the edit asked for before it is written atomically.

From :meth:`TenderFile.open` to :meth:`TenderFile.save` the file is locked against other
tenderctl commands (an exclusive ``flock`` on the file itself): two ``done`` at the same
instant run one after the other, and neither edit is lost. Editors that do not lock are
caught by comparing the file on disk with what was read, just before the atomic replace.

Typical use::

    tf = TenderFile.open(path)
    tf.set_key(["status"], "submitted")
    tf.set_key(["status_date"], date(2026, 11, 23), after="status")
    tf.save()
"""

from __future__ import annotations

import difflib
import io
import os
import re
import stat
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import ScalarString
from ruamel.yaml.tokens import CommentToken

from tenderctl.authoring import filelock
from tenderctl.errors import Problem, TenderctlError
from tenderctl.fsutil import UnreadableFile, atomic_write
from tenderctl.tenders import yamlio
from tenderctl.tenders.loader import read_raw
from tenderctl.tenders.parse import parse_tender

if TYPE_CHECKING:
    from tenderctl.tenders.model import Tender

Key = str | int


class EditError(TenderctlError):
    """An edit that was refused; the file on disk is unchanged."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


class StaleFileError(EditError):
    """The file changed on disk after we read it (another editor saved it)."""


class InvalidTenderError(EditError):
    """The file does not validate (before the edit), or would not after it."""


class FileBusyError(EditError):
    """Another tenderctl command held the file for longer than :data:`LOCK_WAIT`."""


LOCK_WAIT = 15.0
"""Seconds to wait for another tenderctl command to finish its edit of the same file."""


@dataclass(frozen=True)
class Indent:
    """The file's own block indentation, in ruamel's terms.

    ``mapping``: spaces per nested mapping level; ``sequence``: from the parent key to an
    item's content; ``offset``: from the parent key to the dash.
    """

    mapping: int = 2
    sequence: int = 4
    offset: int = 2


def guess_indent(text: str) -> Indent:
    """Read the indentation a file already uses, so lines we add look like their neighbours.

    For lists, an item that is a mapping (``- text: ...``) decides: that is where the item
    indent shows, and the lines an edit adds go into such items.
    """
    mapping: int | None = None
    seq_styles: list[tuple[bool, int, int]] = []  # (item is a mapping, offset, sequence)
    lines = [line for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")]

    def indent_of(line: str) -> int:
        return len(line) - len(line.lstrip())

    def key_column(line: str) -> int:
        """Where the key of a `key:` line starts (after a dash, for `- key:`)."""
        stripped = line.lstrip()
        column = indent_of(line)
        if stripped.startswith("- "):
            column += 2 + (len(stripped[2:]) - len(stripped[2:].lstrip()))
        return column

    for index, line in enumerate(lines):
        body = line.lstrip()
        column = indent_of(line)
        if body.startswith("- ") or body == "-":
            parent = None
            for previous in reversed(lines[max(0, index - 200) : index]):
                is_key = _strip_comment(previous).rstrip().endswith(":")
                if indent_of(previous) < column or (indent_of(previous) == column and not previous.lstrip().startswith("-")):
                    parent = key_column(previous) if is_key else None
                    break
            if parent is None or column < parent:
                continue
            rest = body[1:]
            content = column + 1 + (len(rest) - len(rest.lstrip()))
            is_mapping = bool(re.match(r"^[\w.-]+:(\s|$)", rest.lstrip()))
            seq_styles.append((is_mapping, column - parent, content - parent))
        elif mapping is None and index > 0:
            previous = lines[index - 1]
            if _strip_comment(previous).rstrip().endswith(":") and not previous.lstrip().startswith("-"):
                parent_column = indent_of(previous)
                if column > parent_column:
                    mapping = column - parent_column
        if mapping is not None and any(style[0] for style in seq_styles):
            break
    chosen = next((style for style in seq_styles if style[0]), seq_styles[0] if seq_styles else None)
    offset, sequence = (chosen[1], chosen[2]) if chosen else (2, 4)
    if sequence < offset + 2:  # ruamel cannot write a dash closer than that
        sequence = offset + 2
    return Indent(mapping=mapping or 2, sequence=sequence, offset=offset)


def _strip_comment(line: str) -> str:
    # Good enough to see whether a line ends with "key:"; quoted '#' only matters there if
    # the line is a key with a quoted value, which does not end with ':' anyway.
    index = line.find(" #")
    return line if index < 0 else line[:index]


def _yaml(indent: Indent) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100_000  # never re-wrap a long line we add
    yaml.indent(mapping=indent.mapping, sequence=indent.sequence, offset=indent.offset)
    yaml.representer.ignore_aliases = lambda *args: True  # a date used twice must not become &id001
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


@dataclass
class TenderFile:
    """A tender file opened for a careful round-trip edit.

    ``data`` is the ruamel document (a ``CommentedMap``); change it directly or with the
    helpers, then :meth:`save`. Opening refuses symlinks, non-regular files, files over the
    loader's size limit and files that do not validate.
    """

    path: Path
    original: bytes
    info: os.stat_result
    text: str
    data: CommentedMap
    tender: Tender
    indent: Indent
    _baseline: str = field(repr=False, default="")
    _bom: bool = field(repr=False, default=False)
    _endings: list[str] = field(repr=False, default_factory=list)
    """Each original line's own line break ("\\n", "\\r\\n", "\\r"; "" for a last line without one)."""
    _release: weakref.finalize[Any, Any] | None = field(repr=False, default=None)

    @classmethod
    def open(cls, path: str | Path) -> TenderFile:
        """Read ``path`` for an edit, holding it against other tenderctl editors until
        :meth:`save` writes it or :meth:`close` lets it go (see :func:`tenderctl.authoring.filelock.hold`)."""
        path = Path(path)
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                if stat.S_ISLNK(path.lstat().st_mode):
                    raise EditError(f"{path}: is a symbolic link; edit the file it points to ({os.readlink(path)}) directly")
                try:
                    lock = filelock.hold(path, deadline)
                except filelock.Busy:
                    raise FileBusyError(
                        f"{path}: another tenderctl command is editing this file and did not finish within {LOCK_WAIT:g} s; "
                        "nothing written, run the command again"
                    ) from None
                try:
                    raw, info = read_raw(path)  # the loader's bounded, FIFO-safe read
                except BaseException:
                    filelock.release(lock)
                    raise
            except UnreadableFile as exc:
                raise EditError(f"{path}: {exc.message}") from None
            except OSError as exc:
                raise EditError(f"{path}: cannot read: {exc.strerror or exc}") from None
            if lock is None or lock.key == (info.st_dev, info.st_ino):
                break
            filelock.release(lock)  # the file was replaced (by the editor we waited for): hold the new one
        try:
            tf = cls._parse(path, raw, info)
        except BaseException:
            filelock.release(lock)
            raise
        if lock is not None:  # released by save() or close(), or when the object goes away
            tf._release = weakref.finalize(tf, lock.release)
        return tf

    @classmethod
    def _parse(cls, path: Path, raw: bytes, info: os.stat_result) -> TenderFile:
        try:
            decoded = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise EditError(f"{path}: not valid UTF-8; save it as UTF-8 first") from None
        bom = raw.startswith(b"\xef\xbb\xbf")
        text, endings = _split_endings(decoded)
        tender, problems = parse_tender(text, str(path))
        if tender is None:
            raise InvalidTenderError(
                f"{path}: does not validate, so it was left alone (fix it first; `tenderctl validate {path}`)", problems
            )
        indent = guess_indent(text)
        yaml = _yaml(indent)
        try:
            data = yaml.load(text)
        except Exception as exc:  # ruamel's errors share no useful base class
            raise EditError(f"{path}: cannot be edited safely: {exc}") from None

        if not isinstance(data, CommentedMap):
            raise EditError(f"{path}: the top level is not a mapping")
        return cls(path, raw, info, text, data, tender, indent, _dump(yaml, data), bom, endings)

    def close(self) -> None:
        """Let other editors have the file (done by :meth:`save` after a write; safe to call twice)."""
        release, self._release = self._release, None
        if release is not None:
            release()

    def __enter__(self) -> TenderFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- helpers to change ``data`` ------------------------------------------------------

    def get(self, key_path: Sequence[Key]) -> Any:
        """The node at ``key_path`` (e.g. ``["steps", 0, "done"]``); KeyError/IndexError if absent."""
        node: Any = self.data
        for key in key_path:
            node = node[key]
        return node

    def set_key(self, key_path: Sequence[Key], value: Any, *, after: str | None = None) -> None:
        """Set a mapping key, keeping the quoting style of the value it replaces.

        A new key goes after the key named by ``after`` when that exists, else at the end.
        """
        *parents, last = key_path
        parent = self.get(parents)
        if not isinstance(parent, CommentedMap) or not isinstance(last, str):
            raise EditError(f"{self.path}: {_dotted(key_path)}: not a key of a mapping")
        value = to_yaml(value)
        if last in parent:
            parent[last] = _same_style(parent[last], value)
            return
        keys = list(parent)
        anchor = after if after is not None and after in parent else (keys[-1] if keys else None)
        trailing = _take_trailing(parent, anchor) if anchor is not None else None
        if anchor is not None and anchor != keys[-1]:
            parent.insert(keys.index(anchor) + 1, last, value)
        else:
            parent[last] = value
        if trailing:
            _give_trailing(parent, last, trailing)

    def delete_key(self, key_path: Sequence[Key]) -> bool:
        """Remove a mapping key; False when it was not there."""
        *parents, last = key_path
        parent = self.get(parents)
        if last not in parent:
            return False
        del parent[last]
        return True

    def remove_item(self, key_path: Sequence[Key], index: int) -> None:
        """Remove one item of a list (an import removing a date its source renamed)."""
        del self.get(key_path)[index]

    def append(self, key_path: Sequence[Key], value: Any) -> None:
        """Append to a block list (created if missing), keeping the blank lines and comments
        that follow the list where they were: after the new last item, not before it."""
        *parents, last = key_path
        parent = self.get(parents)
        if last not in parent or parent[last] is None:
            parent[last] = CommentedSeq()
        seq = parent[last]
        if not isinstance(seq, CommentedSeq):
            raise EditError(f"{self.path}: {_dotted(key_path)}: not a list")
        item = to_yaml(value)
        trailing = _take_trailing(seq, len(seq) - 1) if len(seq) else None
        seq.append(item)
        if trailing:
            _give_trailing(seq, len(seq) - 1, trailing)

    def step_mapping(self, index: int) -> CommentedMap:
        """Step ``index`` (0-based) as a mapping; a plain-string step becomes ``{text: ...}``
        in place, keeping its quoting and its comment."""
        steps = self.data.get("steps")
        if steps is None or not 0 <= index < len(steps):
            raise EditError(f"{self.path}: there is no step {index + 1}")
        item = steps[index]
        if isinstance(item, CommentedMap):
            return item
        if not isinstance(item, str):
            raise EditError(f"{self.path}: steps[{index}] is neither text nor a mapping")
        mapping = CommentedMap()
        mapping["text"] = item
        comment = steps.ca.items.pop(index, None)
        if comment and comment[0] is not None:
            mapping.ca.items["text"] = [None, None, comment[0], None]
        steps[index] = mapping
        return mapping

    # -- rendering and saving ------------------------------------------------------------

    def render(self) -> str:
        """The new text: the original with only the edited lines changed (LF line ends)."""
        return "".join(line for line, _origin in self._render_lines())

    def _render_lines(self) -> list[tuple[str, int | None]]:
        """The new text's lines, each with the original line it is (None for a changed line)."""
        current = _dump(_yaml(self.indent), self.data)
        if current == self._baseline:
            return [(line, index) for index, line in enumerate(_lines(self.text))]
        patched = _patch(self.text, self._baseline, current)
        if patched is None or not _same_meaning("".join(line for line, _ in patched), current):
            raise EditError(
                f"{self.path}: this edit would reformat lines it did not mean to change; the file was left alone (make the change by hand)"
            )
        return patched

    def diff(self) -> str:
        """A unified diff of the pending change, for --dry-run and for tests."""
        new = self.render()
        return "".join(difflib.unified_diff(_lines(self.text), _lines(new), str(self.path), str(self.path)))

    def new_bytes(self) -> bytes:
        """The bytes to write: every line that was there keeps its own line break (LF, CRLF or
        a Mac's CR), a line the edit wrote gets the file's most common one; a BOM stays."""
        newline = _usual_ending(self._endings)
        out = []
        for line, origin in self._render_lines():
            if not line.endswith("\n"):
                out.append(line)
                continue
            ending = self._endings[origin] if origin is not None and origin < len(self._endings) else ""
            out.append(line[:-1] + (ending or newline))
        return (b"\xef\xbb\xbf" if self._bom else b"") + "".join(out).encode("utf-8")

    def save(self) -> bool:
        """Validate and write the edit atomically; False (and no write) when nothing changed.

        Refuses when the result does not validate, or when the file on disk is no longer
        the one we read (its bytes changed, or it was replaced).
        """
        text = self.render()
        if text == self.text:
            return False
        tender, problems = parse_tender(text, str(self.path))
        if tender is None:
            raise InvalidTenderError(f"{self.path}: the edit would make the file invalid, so it was not written", problems)
        self._check_unchanged()
        atomic_write(self.path, self.new_bytes(), overwrite=True, mode=stat.S_IMODE(self.info.st_mode))
        self.tender = tender
        self.close()
        return True

    def _check_unchanged(self) -> None:
        try:
            info = self.path.lstat()
            current = self.path.read_bytes() if stat.S_ISREG(info.st_mode) else None
        except OSError as exc:
            raise StaleFileError(f"{self.path}: changed on disk since it was read ({exc.strerror or exc}); nothing written") from None
        if current != self.original or (info.st_ino, info.st_dev) != (self.info.st_ino, self.info.st_dev):
            raise StaleFileError(
                f"{self.path}: changed on disk since it was read (another editor?); nothing written, run the command again"
            )


# -- value conversion --------------------------------------------------------------------


def to_yaml(value: Any) -> Any:
    """Plain dicts and lists -> ruamel's commented types (so they dump in block style)."""
    if isinstance(value, (CommentedMap, CommentedSeq)):
        return value
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = to_yaml(item)
        return out
    if isinstance(value, (list, tuple)):
        return CommentedSeq(to_yaml(item) for item in value)
    return value


def _same_style(old: Any, new: Any) -> Any:
    if isinstance(old, str) and isinstance(new, str) and str(old) == str(new):
        return old  # same text: keep the object, with its fold positions and anchors
    if isinstance(old, ScalarString) and isinstance(new, str) and not isinstance(new, ScalarString):
        return type(old)(new)
    return new


def _dotted(key_path: Sequence[Key]) -> str:
    return "".join(f"[{k}]" if isinstance(k, int) else (f".{k}" if i else k) for i, k in enumerate(key_path))


# -- moving the comment/blank lines that follow the last item of a list ----------------------


def _slot(container: Any, key: Key) -> tuple[Any, Key, int]:
    """Where ruamel keeps the comment that follows ``container[key]``: (container, key, slot).

    For a block mapping or list value that is inside its own last item, recursively.
    """
    child = container[key]
    if isinstance(child, (CommentedMap, CommentedSeq)) and len(child) and not child.fa.flow_style():
        last: Key = list(child)[-1] if isinstance(child, CommentedMap) else len(child) - 1
        return _slot(child, last)
    return container, key, 0 if isinstance(container, CommentedSeq) else 2


def _take_trailing(container: Any, key: Key) -> str | None:
    """Detach what follows the line of ``container[key]`` (blank lines, comments about what
    comes next), so an item inserted after it goes before them rather than after."""
    holder, slot_key, index = _slot(container, key)
    entry = holder.ca.items.get(slot_key)
    if not entry or entry[index] is None:
        return None
    token = entry[index]
    head, newline, rest = token.value.partition("\n")
    if not rest:
        return None
    token.value = head + newline
    return str(rest)


def _give_trailing(container: Any, key: Key, rest: str) -> None:
    holder, slot_key, index = _slot(container, key)
    entry = holder.ca.items.setdefault(slot_key, [None, None, None, None])
    existing = entry[index]
    if existing is not None:
        existing.value = existing.value + rest if existing.value.endswith("\n") else existing.value + "\n" + rest
    else:
        entry[index] = CommentToken("\n" + rest, CommentMark(0), None)


# -- applying ruamel's change, and only its change, to the original text ----------------------


_ENDING = re.compile(r"\r\n|\r|\n")


def _split_endings(decoded: str) -> tuple[str, list[str]]:
    """The text with LF line breaks, and each line's own break as it was on disk.

    YAML reads CR, CRLF and LF alike as line breaks, so the edit works on LF text; the
    breaks go back on when writing (:meth:`TenderFile.new_bytes`). Only these three count:
    NEL or U+2028 inside a value are characters the line keeps.
    """
    if "\r" not in decoded:
        lines = _lines(decoded)
        return decoded, ["\n"] * (len(lines) - 1) + ["\n" if decoded.endswith("\n") else ""] if lines else []
    parts = _ENDING.split(decoded)
    endings = _ENDING.findall(decoded)
    if parts[-1] == "":  # the text ends with a line break: no unterminated last line
        parts.pop()
    else:
        endings.append("")
    text = "".join(part + ("\n" if ending else "") for part, ending in zip(parts, endings, strict=True))
    return text, endings


def _usual_ending(endings: Sequence[str]) -> str:
    """The line break most lines of the file use (LF for a file of one unterminated line)."""
    counts = {ending: endings.count(ending) for ending in ("\n", "\r\n", "\r")}
    best = max(counts.values())
    return next((ending for ending in endings if ending and counts[ending] == best), "\n")


def _lines(text: str) -> list[str]:
    """Lines split at LF only, each with its LF (``str.splitlines`` would also split at NEL,
    U+2028, form feeds and more: characters of a value, not line breaks, here)."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def _patch(original: str, before: str, after: str) -> list[tuple[str, int | None]] | None:
    """Apply the line changes ``before`` -> ``after`` to ``original``: its lines, each with the
    index of the original line it is (None for a new or changed line); None if the changes
    cannot be placed on lines ``original`` and ``before`` share exactly."""
    o_lines = _lines(original)
    b_lines = _lines(before)
    a_lines = _lines(after)
    # Which original line each line of `before` is (only exactly equal lines count).
    where: dict[int, int] = {}
    b_next = o_next = 0
    for block in difflib.SequenceMatcher(None, b_lines, o_lines, autojunk=False).get_matching_blocks():
        # Between two runs of equal lines, as many lines on each side: the same lines, written
        # differently by ruamel (`key:   value`, another item indent); pair them in order.
        if block.a - b_next == block.b - o_next:
            for k in range(block.a - b_next):
                where[b_next + k] = o_next + k
        for k in range(block.size):
            where[block.a + k] = block.b + k
        b_next, o_next = block.a + block.size, block.b + block.size
    edits: list[tuple[int, int, list[str]]] = []  # (start, end) in original, replacement
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, b_lines, a_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        new = a_lines[j1:j2]
        if i2 > i1:
            mapped = [where.get(i) for i in range(i1, i2)]
            if any(m is None for m in mapped):
                return None
            start, end = mapped[0], mapped[-1]
            assert start is not None and end is not None
            if end - start != i2 - i1 - 1:  # the replaced lines must be contiguous in the original too
                return None
            edits.append((start, end + 1, new))
        else:  # pure insertion before line i1 of `before`
            if i1 > 0 and (i1 - 1) in where:
                position = where[i1 - 1] + 1
                if i1 < len(b_lines) and where.get(i1) not in (position, None):
                    return None  # the original has extra lines here; we cannot tell where to insert
            elif i1 < len(b_lines) and i1 in where:
                position = where[i1]
            elif i1 == 0:
                position = 0
            else:
                return None
            edits.append((position, position, new))
    out: list[tuple[str, int | None]] = [(line, index) for index, line in enumerate(o_lines)]
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        if start == end and start > 0 and not out[start - 1][0].endswith("\n"):
            out[start - 1] = (out[start - 1][0] + "\n", out[start - 1][1])
        out[start:end] = [(line, None) for line in new]
    return out


def _same_meaning(patched: str, intended: str) -> bool:
    try:
        return bool(yamlio.load(patched) == yamlio.load(intended))
    except yamlio.YamlProblem:
        return False
