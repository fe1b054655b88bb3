"""Stage 1, source: bytes of one input (a release package, a record package, a single release, a
record, a JSON array or JSON Lines) -> its releases, bounded in size and nesting; bad JSON is
one note with its line and column. :func:`read_inputs` reads the files the user named."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, BinaryIO

from tenderctl.errors import Problem
from tenderctl.fsutil import UnreadableFile, read_bounded
from tenderctl.interop.ocds._common import MAX_DEPTH, MAX_RELEASES, note, one_physical_line

if TYPE_CHECKING:
    from tenderctl.interop.ocds.write import ProblemSink

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""OCDS bulk files can be large, but a tender import has no use for more than this."""


def read_inputs(files: Iterable[str], stdin: BinaryIO) -> tuple[list[tuple[str, bytes]], list[Problem]]:
    """(display name, bytes) per input, and one message per input that could not be read."""
    errors: list[Problem] = []
    return list(iter_inputs(files, stdin, errors)), errors


def iter_inputs(files: Iterable[str], stdin: BinaryIO, errors: ProblemSink) -> Iterator[tuple[str, bytes]]:
    """(display name, bytes) per input, one at a time (an input's bytes are let go as the next is
    read); a message for each input that cannot be read is appended to ``errors``.

    ``-`` reads ``stdin``; files go through :func:`tenderctl.fsutil.read_bounded` (a path the
    user named: symlinks followed; pipes and devices refused, so a FIFO cannot hang the import).
    """

    for name in files:
        if name == "-":
            yield "<stdin>", stdin.read(MAX_INPUT_BYTES + 1)
            continue
        try:
            data, _info = read_bounded(name, MAX_INPUT_BYTES, follow_symlinks=True, what="JSON file")
        except UnreadableFile as exc:
            hint = exc.hint
            if exc.message == "is a folder":
                hint = f"name the JSON files (e.g. {name}/*.json)"
            elif exc.message == "not a regular file":
                hint = "pipes and devices are not read; use '-' for stdin"
            elif exc.size > MAX_INPUT_BYTES:
                hint = "split it first"
            errors.append(Problem(one_physical_line(name), 1, 1, "file", exc.message, hint or ""))
            continue
        yield name, data


# -- reading ---------------------------------------------------------------------------------------


@dataclass
class SourceRelease:
    """A release (or a record's compiled release) and where it came from."""

    data: dict[str, Any]
    source: str
    label: str

    @property
    def ocid(self) -> str:
        value = self.data.get("ocid")
        return str(value).strip() if isinstance(value, (str, int)) and str(value).strip() else ""


def read_source(raw: bytes, source: str) -> tuple[list[SourceRelease], list[Problem]]:
    """Bytes of one input -> its releases, and notes. A broken file gives one error note."""
    if len(raw) > MAX_INPUT_BYTES:
        return [], [note(source, f"input is over the {MAX_INPUT_BYTES:,}-byte limit; split it (e.g. with ocdskit) first", level="error")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return [], [
            note(source, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); OCDS JSON must be UTF-8", line=line, column=column, level="error")
        ]
    if not text.strip():
        return [], [note(source, "the input is empty", level="error")]
    containers = text.count("[") + text.count("{")  # an upper bound (brackets in strings count too)
    if containers > MAX_CONTAINERS:
        return [], [
            note(
                source,
                f"more than {MAX_CONTAINERS:,} JSON objects and arrays ({containers:,}); not read, to keep memory bounded "
                "(split the file first, e.g. with ocdskit)",
                level="error",
            )
        ]
    big: list[int] = []
    try:
        documents = [(_loads(text, big), 0)]
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            return [], [_json_note(source, exc)]
        try:
            big.clear()
            documents = _json_lines(text, big)
        except json.JSONDecodeError as line_exc:
            return [], [_json_note(source, line_exc)]
    except _TooDeep:
        return [], [note(source, f"JSON nested more than {MAX_DEPTH} levels deep; not OCDS", level="error")]
    notes: list[Problem] = []
    if big:
        notes.append(_big_number_note(source, text, big))
    if _ESCAPED_SURROGATE.search(text):
        documents = [(_no_surrogates(document), line) for document, line in documents]
        notes.append(
            note(
                source,
                "lone UTF-16 surrogate escapes (\\ud800-\\udfff) replaced with U+FFFD; the text cannot be written as UTF-8 otherwise",
            )
        )
    releases: list[SourceRelease] = []
    capped = _Capped(source)
    for document, line in documents:
        releases.extend(_releases_in(document, source, line, capped))
        if len(releases) > MAX_RELEASES:
            return [], [note(source, f"more than {MAX_RELEASES:,} releases; split the file first", level="error")]
    notes.extend(capped.finish())
    if not releases and not any(n.level == "error" for n in notes):
        notes.append(note(source, "no releases or records found (is this OCDS data?)", level="error"))
    return releases, notes


class _TooDeep(ValueError):
    pass


_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(value: Any) -> Any:
    """JSON may escape half a UTF-16 pair; such text cannot be encoded, so mark it instead."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_no_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_no_surrogates(k): _no_surrogates(v) for k, v in value.items()}
    return value


MAX_CONTAINERS = 2_000_000
"""JSON objects and arrays in one input. Real releases have one per 60-100 bytes (the fixtures: 90-100
pretty-printed), so a full 64 MiB input has about a million; 20 million empty ``[]`` (60 MB) would
otherwise take gigabytes once parsed."""

MAX_REPEATS = 10
"""Notes of one kind shown per input; the rest are counted in one line ('and 199,990 more: ...')."""

_INT_DIGITS = 4300
"""Python's own limit for int() of a digit string (sys.get_int_max_str_digits); no OCDS number is near it."""


class _Capped:
    """The notes of one input, at most :data:`MAX_REPEATS` of each kind; the rest only counted
    (a file of 200,000 odd items gives a dozen lines, and memory for a dozen notes)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.notes: list[Problem] = []
        self.seen: dict[str, int] = {}
        self.levels: dict[str, str] = {}
        self.total = 0

    def add(self, kind: str, make: Callable[[], Problem], level: str = "warning") -> None:
        self.total += 1
        count = self.seen[kind] = self.seen.get(kind, 0) + 1
        self.levels[kind] = level
        if count <= MAX_REPEATS:
            self.notes.append(make())

    def finish(self) -> list[Problem]:
        for kind, count in self.seen.items():
            if count > MAX_REPEATS:
                self.notes.append(note(self.source, f"and {count - MAX_REPEATS:,} more: {kind}", level=self.levels[kind]))
        return self.notes


def _big_number_note(source: str, text: str, big: list[int]) -> Problem:
    match = re.search(r"\d{" + str(_INT_DIGITS + 1) + ",}", text)
    line = column = 0
    if match:
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    more = f" (and {len(big) - 1:,} more)" if len(big) > 1 else ""
    return note(
        source,
        f"a number of {max(big):,} digits{more} is read as text: no OCDS amount or id is that long (check the file)",
        field="json",
        line=line,
        column=column,
    )


def _loads(text: str, big: list[int]) -> Any:
    def integer(digits: str) -> int | str:
        if len(digits.lstrip("-")) > _INT_DIGITS:
            big.append(len(digits.lstrip("-")))
            return digits  # kept as text: int() refuses it (and it would be quadratic to convert)
        return int(digits)

    try:
        value = json.loads(text, parse_int=integer)
    except RecursionError:  # the C parser's own guard, far beyond MAX_DEPTH
        raise _TooDeep from None
    _check_depth(value)
    return value


def _check_depth(value: Any) -> None:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _TooDeep
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item if isinstance(v, (dict, list)))


def _json_lines(text: str, big: list[int]) -> list[tuple[Any, int]]:
    """JSON Lines: one document per non-blank line; an error carries the file's line number."""
    out: list[tuple[Any, int]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append((_loads(line, big), number))
        except json.JSONDecodeError as exc:
            raise json.JSONDecodeError(exc.msg, text, _offset_of_line(text, number) + exc.pos) from None
    return out


def _offset_of_line(text: str, number: int) -> int:
    offset = 0
    for _ in range(number - 1):
        offset = text.index("\n", offset) + 1
    return offset


def _json_note(source: str, exc: json.JSONDecodeError) -> Problem:
    return note(source, f"not valid JSON: {exc.msg}", field="json", line=exc.lineno, column=exc.colno, level="error")


def _releases_in(document: Any, source: str, line: int, notes: _Capped) -> list[SourceRelease]:
    """The releases of one JSON document, whichever OCDS container it is; notes go to ``notes``."""
    where = f"line {line}" if line else ""
    if isinstance(document, list):
        out: list[SourceRelease] = []
        for index, item in enumerate(document):
            said = notes.total
            found = _releases_in(item, source, line, notes)
            if not found and notes.total == said:
                notes.add(
                    "items that are not a release, record or package; skipped",
                    partial(note, source, f"item {index} is not a release, record or package; skipped", line=line),
                )
            out.extend(found)
        return out
    if not isinstance(document, dict):
        kind = type(document).__name__
        notes.add(
            f"not a JSON object ({kind})",
            partial(note, source, f"expected a JSON object, found {kind}", line=line, level="error"),
            "error",
        )
        return []
    if isinstance(document.get("releases"), list) and "ocid" not in document:  # release package
        out = []
        for index, item in enumerate(document["releases"]):
            if isinstance(item, dict) and "url" in item and "ocid" not in item:
                label = _release_label(item, index, where)
                notes.add(
                    "linked releases (only a url): not fetched, skipped",
                    partial(note, source, "a linked release (only a url): not fetched, skipped", release=label, line=line),
                )
            elif isinstance(item, dict):
                out.append(SourceRelease(item, source, _release_label(item, index, where)))
            else:
                label = _release_label(item, index, where)
                notes.add(
                    "releases that are not JSON objects; skipped",
                    partial(note, source, "not a JSON object; skipped", release=label, line=line),
                )
        return out
    if isinstance(document.get("records"), list):  # record package
        out = []
        for index, record in enumerate(document["records"]):
            if not isinstance(record, dict):
                notes.add(
                    "records that are not JSON objects; skipped",
                    partial(note, source, f"records[{index}] is not a JSON object; skipped", line=line),
                )
                continue
            out.extend(_record_releases(record, source, index, where, notes))
        return out
    if "ocid" in document and ("releases" in document or "compiledRelease" in document):  # a lone record
        return _record_releases(document, source, 0, where, notes)
    if "ocid" in document:  # a single release
        return [SourceRelease(document, source, _release_label(document, 0, where))]
    notes.add(
        "neither a release, a record, nor a package of them",
        partial(
            note,
            source,
            "neither a release, a record, nor a package of them (no 'ocid', 'releases' or 'records')",
            line=line,
            level="error",
        ),
        "error",
    )
    return []


def _record_releases(record: dict[str, Any], source: str, index: int, where: str, notes: _Capped) -> list[SourceRelease]:
    compiled = record.get("compiledRelease")
    ocid = str(record.get("ocid") or "")
    if isinstance(compiled, dict):
        compiled.setdefault("ocid", ocid)
        return [SourceRelease(compiled, source, f"records[{index}].compiledRelease")]
    out: list[SourceRelease] = []
    for position, item in enumerate(record.get("releases") or []):
        label = _release_label(item, position, where)
        if isinstance(item, dict) and "tag" in item and ("tender" in item or "buyer" in item or "ocid" in item):
            item.setdefault("ocid", ocid)
            out.append(SourceRelease(item, source, label))
        else:
            notes.add(
                "linked releases without a compiledRelease: not fetched, skipped",
                partial(
                    note, source, "a linked release (only a url) and no compiledRelease: not fetched, skipped", ocid=ocid, release=label
                ),
            )
    return out


def _release_label(item: Any, index: int, where: str) -> str:
    rid = item.get("id") if isinstance(item, dict) else None
    label = str(rid) if isinstance(rid, (str, int)) and str(rid) else f"#{index + 1}"
    return f"{label} ({where})" if where else label
