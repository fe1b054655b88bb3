"""A warm ``tenderctl deadlines`` without typer, rich or pydantic (issue 17).

When every tender file is served by the cache (one index file, checked by stat), the command
needs only the cached summaries, a little date arithmetic and a print. Loading the CLI framework
to parse a few options and rich to draw a table would cost more than all of that. So
:func:`run` parses ``deadlines``' options itself, asks the same core (loader, deadline view,
renderers' layout) for the same answer, and prints the bytes the full path prints: JSON always,
text when stdout is not a terminal and no colour is asked for.

Files the cache does not hold (a cold run, an edit) are parsed as the full path parses them, in
worker processes when there are many, and the cache learns them. Anything it does not handle, it
hands back (returns None) before printing a byte: an option it does not know, a bad value (the
full path's message is the one users see), an invalid file or a duplicate reference, a terminal,
colour, a table rich would squeeze or cut. The full path then runs as
if this module did not exist. ``TENDERCTL_NO_FASTPATH=1`` turns it off (tests compare both).
"""

from __future__ import annotations

import gc
import json
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tenderctl.interrupts import caused_by_interrupt

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from datetime import tzinfo

    from tenderctl.errors import Problem
    from tenderctl.report.tenders_text import DeadlineTable
    from tenderctl.tenders.deadlines import DeadlineView

VALUED = {
    "--within": "within",
    "--kind": "kind",
    "-k": "kind",
    "--status": "status",
    "--ref": "ref",
    "--tag": "tag",
    "-t": "tag",
    "--tz": "tz",
    "--as-of": "as_of",
    "--tenders": "tenders",
    "-T": "tenders",
    "--color": "color",
}
REPEATED = {"kind", "status", "ref", "tag"}
FLAGS = {"--all": "all", "-a": "all", "--json": "json", "--no-cache": "no_cache"}

# Characters rich measures as one cell each and prints as they are: beyond them (wide or
# combining characters, controls, emoji codes, markup) the full path decides.
_PLAIN = re.compile("[\x20-\x7e\xa0-\xac\xae-\u02ff\u0370-\u0482\u048a-\u052f\u2010-\u2027\u2116\u2212]*")
_EMOJI_CODE = re.compile(r":\S*?:")


class Fallback(Exception):
    """This run is for the full path."""


@dataclass
class Options:
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> Any:
        return self.values.get(name)


def parse(argv: list[str]) -> Options:
    """``tenderctl [--color C] deadlines [options]`` (``--color`` anywhere), else :class:`Fallback`."""
    options = Options()
    command_seen = False
    words = list(argv)
    index = 0
    while index < len(words):
        word = words[index]
        name, has_value, inline = word.partition("=") if word.startswith("--") else (word, "", "")
        if not command_seen:
            if word == "deadlines":
                command_seen = True
                index += 1
                continue
            if name != "--color":
                raise Fallback
        if name in FLAGS and not has_value:
            options.values[FLAGS[name]] = True
        elif name in VALUED:
            if not has_value:
                if index + 1 >= len(words):
                    raise Fallback
                index += 1
                inline = words[index]
            key = VALUED[name]
            if key in REPEATED:
                options.values.setdefault(key, []).append(inline)
            else:
                options.values[key] = inline
        else:
            raise Fallback  # --help, "--", a positional argument, "-ak", an unknown option
        index += 1
    if not command_seen or options.get("no_cache"):
        raise Fallback
    return options


def _values(given: list[str] | None) -> set[str] | None:
    if not given:
        return None
    return {v.strip() for item in given for v in item.split(",") if v.strip()}


def _choices(given: list[str] | None, allowed: tuple[str, ...], groups: dict[str, tuple[str, ...]] | None = None) -> set[str] | None:
    values = _values(given)
    if values is None:
        return None
    out: set[str] = set()
    for value in values:
        if groups and value in groups:
            out.update(groups[value])
        elif value in allowed:
            out.add(value)
        else:
            raise Fallback  # the full path says what is wrong
    return out


def _zone(name: str | None, tenders: Path | None, err: list[str]) -> tzinfo:
    from tenderctl.config import settings  # lazy: argv must be ours first
    from tenderctl.tenders.timeline import get_zone, local_zone_choice  # lazy: argv must be ours first

    if not name:
        name = os.environ.get("TENDERCTL_TZ") or settings(str(tenders) if tenders else None).timezone
    if not name:
        zone, warning = local_zone_choice()
        if warning:
            err.append(f"warning: {warning}\n")
        return zone
    try:
        return get_zone(name)
    except ValueError:
        raise Fallback from None


def _plain(text: str, markup: bool = False) -> bool:
    """Text rich prints as it is, one cell a character (``markup``: text it reads as markup, unescaped)."""
    return _PLAIN.fullmatch(text) is not None and _EMOJI_CODE.search(text) is None and not (markup and "[" in text)


def _width() -> int:
    columns = os.environ.get("COLUMNS")
    if not columns:
        return 160  # what tenderctl.cli.common.console gives piped output
    if not columns.isdigit() or int(columns) < 20:
        raise Fallback
    return int(columns)


def render_table(layout: DeadlineTable, width: int) -> str:
    """The bytes rich prints for :func:`tenderctl.report.tenders_text.print_deadlines`'s table,
    when no column has to be squeezed or cut (else :class:`Fallback`)."""
    narrow = layout.narrow
    names = [*layout.names, "Milestone · tender"]
    count = len(names)
    pads = [(0 if narrow and i == 0 else 1, 0 if narrow and i == count - 1 else 1) for i in range(count)]
    lasts = [head + tail for _cells, _level, head, tail in layout.rows]
    if any(len(text) > layout.room for text in [names[-1], *lasts]):
        raise Fallback
    inner = [*layout.widths, max(len(names[-1]), *(len(text) for text in lasts))]
    widths = [w + left + right for w, (left, right) in zip(inner, pads, strict=True)]
    extra = count + 1
    if sum(widths) > width - extra:
        raise Fallback  # rich would collapse the columns
    table_width = sum(widths) + extra
    if not _plain(layout.title, markup=True):
        raise Fallback
    for text in [*lasts, *(c for cells, *_ in layout.rows for c in cells)]:
        if not _plain(text):  # escaped, so markup is printed as written
            raise Fallback
    if len(layout.title) > table_width:
        raise Fallback

    def row(cells: list[str], left: str, middle: str, right: str) -> str:
        parts = [" " * lpad + cell.ljust(w - lpad - rpad) + " " * rpad for cell, w, (lpad, rpad) in zip(cells, widths, pads, strict=True)]
        return left + middle.join(parts) + right + "\n"

    def rule(left: str, line: str, middle: str, right: str) -> str:
        return left + middle.join(line * w for w in widths) + right + "\n"

    out = [layout.title.ljust(table_width) + "\n"]
    if narrow:  # box.SIMPLE_HEAD
        out.append(rule(" ", " ", " ", " "))
        out.append(row(names, " ", " ", " "))
        out.append(rule(" ", "─", "─", " "))
        out.extend(row([*cells, head + tail], " ", " ", " ") for cells, _level, head, tail in layout.rows)
        out.append(rule(" ", " ", " ", " "))
    else:  # box.HEAVY_HEAD
        out.append(rule("┏", "━", "┳", "┓"))
        out.append(row(names, "┃", "┃", "┃"))
        out.append(rule("┡", "━", "╇", "┩"))
        out.extend(row([*cells, head + tail], "│", "│", "│") for cells, _level, head, tail in layout.rows)
        out.append(rule("└", "─", "┴", "┘"))
    return "".join(out)


def render_text(view: DeadlineView, zone: tzinfo, now: datetime, width: int) -> str:
    from tenderctl.report.tenders_text import deadline_notes, deadline_table, nothing_upcoming  # lazy: argv must be ours first

    def line(text: str) -> str:
        if len(text) > width or not _plain(text, markup=True):
            raise Fallback  # rich would wrap it
        return text + "\n"

    if not view.rows:
        return line(nothing_upcoming(view))
    text = render_table(deadline_table(view, zone, now, width), width)
    notes = deadline_notes(view)
    return text + (line(notes) if notes else "")


def _text_allowed(color: str) -> bool:
    """Plain text is what the full path prints: stdout is no terminal, and no colour is forced."""
    from tenderctl.config import settings  # lazy: argv must be ours first

    isatty = getattr(sys.stdout, "isatty", None)
    if isatty is None or isatty():
        return False
    if any(name in os.environ for name in ("FORCE_COLOR", "TTY_COMPATIBLE")):
        return False
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("_", "-")
    if not encoding.startswith("utf"):
        return False
    if color == "auto" and not os.environ.get("NO_COLOR"):
        color = settings().color or "auto"
    return color != "always"


def answer(argv: list[str]) -> tuple[str, str] | None:
    """What ``tenderctl`` prints for ``argv`` on stdout and stderr (exit 0), or None for the full path."""
    found = answer_pieces(argv)
    return None if found is None else ("".join(found[0]), found[1])


def answer_pieces(argv: list[str]) -> tuple[Iterable[str], str] | None:
    """:func:`answer` with stdout in pieces, made as they are written: 30,000 rows joined into
    one string, then encoded into one buffer, held 13 MB twice over for nothing. Whatever could
    make the run fall back has been checked before the first piece is made."""
    # Hundreds of thousands of small lists come out of the cache and nothing here makes a cycle:
    # the collector would walk them again and again for nothing (a third of the run).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _answer(argv)
    except Fallback:
        return None
    except Exception as exc:  # a settings file the full path must name, an odd file system: its call
        if caused_by_interrupt(exc):  # a Ctrl-C a library turned into its own error (pydantic-core): the interruption
            raise KeyboardInterrupt from exc
        return None
    finally:
        if enabled:
            gc.enable()


def _answer(argv: list[str]) -> tuple[Iterable[str], str]:
    from tenderctl.tenders.deadlines import deadline_view  # lazy: argv must be ours first
    from tenderctl.tenders.loader import load_paths, tenders_dir  # lazy: argv must be ours first
    from tenderctl.tenders.timeparse import parse_duration, parse_instant  # lazy: argv must be ours first
    from tenderctl.vocab import MILESTONE_KINDS, STATUS_GROUPS, STATUSES  # lazy: argv must be ours first

    options = parse(argv)
    color = options.get("color") or "auto"
    if color not in ("auto", "always", "never"):
        raise Fallback
    given = options.get("tenders")
    if given == "":
        raise Fallback
    env_tenders = os.environ.get("TENDERCTL_TENDERS")
    tenders = Path(given) if given is not None else (Path(env_tenders) if env_tenders else None)
    err: list[str] = []
    zone = _zone(options.get("tz"), tenders, err)
    as_of = options.get("as_of")
    try:
        now = parse_instant(as_of, zone) if as_of else datetime.now(zone)
        span = parse_duration(options.get("within")) if options.get("within") else None
    except ValueError:
        raise Fallback from None
    kinds = _choices(options.get("kind"), MILESTONE_KINDS)
    statuses = _choices(options.get("status"), STATUSES, dict(STATUS_GROUPS))
    text_out = not options.get("json")
    if text_out and not _text_allowed(color):
        raise Fallback
    root = tenders_dir(tenders)
    if not root.is_dir():
        raise Fallback
    # Warm, this only stats the files and reads the cache's one index. Cold or changed files are
    # parsed as the full path parses them (in worker processes when there are many, so this
    # process never imports pydantic or PyYAML) and the cache learns them; an invalid file or a
    # duplicate reference is the full path's to report (it then finds them cached).
    result = load_paths(None, tenders=root, summaries_only=True, lean=True)
    if not result.ok:
        raise Fallback
    every = bool(options.get("all"))
    view = deadline_view(
        result.tenders,
        now,
        include_past=every,
        include_closed=every,
        within=span,
        kinds=kinds,
        statuses=statuses,
        references=_values(options.get("ref")),
        tags=_values(options.get("tag")),
        check=None if text_out else printable,
    )
    if text_out:
        return [render_text(view, zone, now, _width())], "".join(err)
    from tenderctl.report.tenders_json import deadlines_data  # lazy: as the other tenderctl imports here

    # As tenderctl.cli.common.print_json writes it.
    indent = 2 if sys.stdout.isatty() else None
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("_", "-")
    if indent is None and encoding.startswith("utf"):
        return deadlines_json_pieces(view, zone, now, result.errors), "".join(err)
    data = deadlines_data(view, zone, now, result.errors)
    return [json.dumps(data, indent=indent, ensure_ascii=not encoding.startswith("utf"), default=str) + "\n"], "".join(err)


def deadlines_json(view: DeadlineView, reader: tzinfo, now: datetime, problems: list[Problem]) -> str:
    """:func:`deadlines_json_pieces` joined."""
    return "".join(deadlines_json_pieces(view, reader, now, problems))


ROWS_PER_PIECE = 2000


def deadlines_json_pieces(view: DeadlineView, reader: tzinfo, now: datetime, problems: list[Problem]) -> Iterable[str]:
    """``json.dumps(deadlines_data(view, reader, now, problems), ensure_ascii=False)`` and a newline,
    in pieces of a few thousand rows, made as they are printed (the 67 MB of JSON of 50,000
    tenders are never held at once); the rows are written one by one: building 30,000 dicts to
    encode them took most of a warm ``deadlines --all --json``. Everything around the rows is
    :func:`deadlines_data`'s own, encoded by json; each row is :meth:`DeadlineRow.to_json`'s
    shape, and a test compares the two over many cases.

    The view must have been made with ``check=printable``: a cache entry holding anything but
    text where text belongs (or no number where a time belongs) then raised :class:`Fallback`
    before the first piece, and the full path answered."""
    from tenderctl.report.tenders_json import deadlines_data  # lazy: as the other tenderctl imports here

    empty = view.__class__(rows=[], past_hidden=view.past_hidden, closed_hidden=view.closed_hidden, filtered=view.filtered)
    frame = deadlines_data(empty, reader, now, problems)
    if frame.get("deadlines") != []:
        raise Fallback  # the shape moved: the full path knows it
    marker = "\x00rows\x00"
    frame["deadlines"] = marker
    text = json.dumps(frame, ensure_ascii=False, default=str)
    quoted = json.dumps(marker)
    if text.count(quoted) != 1:
        raise Fallback
    before, after = text.split(quoted)
    return _pieces(view, reader, before, after)


_TIMES = 1e11
"""Epoch seconds a printable row's instants stay within (year 5138: the format's years end at
2200, and ``datetime.fromtimestamp`` fails past 9999)."""


def printable(summary: dict[str, Any]) -> None:
    """:class:`Fallback` unless :func:`_pieces` can write every row of ``summary`` as the full path
    writes it: text where text belongs, finite instants within range (what :func:`summarize`
    makes; a cache file edited by hand may hold anything). Checked while the view decodes each
    summary, so rows can be printed as they are made without half an answer ever going out."""
    try:
        ok = type(summary["reference"]) is str and type(summary["title"]) is str and type(summary["status"]) is str
        milestones = summary["milestones"]
        ok = ok and type(milestones) is list
        for entry in milestones if ok else ():
            if type(entry) is not list or len(entry) != 13:
                ok = False
                break
            ident, kind, title, written, zone, _day, _wall, _offset, start, due, _ambiguous, iso, utc = entry
            if not (
                type(ident) is str
                and type(kind) is str
                and type(zone) is str
                and type(iso) is str
                and (title is None or type(title) is str)
                and (written is None or type(written) is str)
                and (utc is None or type(utc) is str)
                and type(start) is float
                and type(due) is float
                and -_TIMES < start < _TIMES
                and -_TIMES < due < _TIMES
            ):
                ok = False
                break
    except (TypeError, KeyError, IndexError):
        ok = False
    if not ok:
        raise Fallback


def _raw_rows(view: DeadlineView) -> Iterator[tuple[dict[str, Any], list[Any], str, float, Any]]:
    """The view's rows as :meth:`DeadlineRows.raw` gives them (a view whose rows are a plain list of
    :class:`DeadlineRow`, as tests make, gives the same fields)."""
    from tenderctl.tenders.deadlines import DeadlineRows  # lazy: as the other tenderctl imports here

    rows = view.rows
    if isinstance(rows, DeadlineRows):
        return rows.raw()
    return (({"reference": r.reference, "title": r.title, "status": r.status}, r.entry, r.path, r.seconds, r.path) for r in rows)


def _pieces(view: DeadlineView, reader: tzinfo, before: str, after: str) -> Iterator[str]:
    moment = datetime
    encode = json.encoder.encode_basestring  # what json.dumps uses for str with ensure_ascii=False
    yield before + "["
    rows: list[str] = []
    append = rows.append
    first = True
    # A tender's three or so rows share its reference, title, status and file: encoded once (for
    # the tenders met lately: its rows come close together in time).
    heads: dict[Any, tuple[str, str]] = {}
    for summary, e, path, seconds, tender in _raw_rows(view):
        ends = heads.get(tender)
        if ends is None:
            if len(heads) >= 4096:
                heads.clear()
            ends = heads[tender] = (
                f'{{"reference": {encode(summary["reference"])}, "title": {encode(summary["title"])}, '
                f'"status": {encode(summary["status"])}, "milestone": ',
                f', "file": {encode(path)}}}',
            )
        written, utc, title = e[3], e[12], e[2]
        all_day = e[6] is None
        local = "null" if all_day else encode(moment.fromtimestamp(e[8], reader).isoformat(timespec="minutes"))
        append(
            f'{ends[0]}{encode(e[0])}, "kind": {encode(e[1])}, '
            f'"milestone_title": {encode(str(title or e[1].replace("-", " ").capitalize()))}, '
            f'"at": {encode(e[11])}, "utc": {"null" if utc is None else encode(utc)}, "timezone": {encode(e[4])}, '
            f'"all_day": {"true" if all_day else "false"}, "local": {local}, '
            f'"as_written": {"null" if written is None else encode(written)}, "seconds_left": {int(seconds)}, '
            f'"past": {"true" if seconds <= 0 else "false"}{ends[1]}'
        )
        if len(rows) == ROWS_PER_PIECE:
            yield ("" if first else ", ") + ", ".join(rows)
            first = False
            rows.clear()
    if rows:
        yield ("" if first else ", ") + ", ".join(rows)
    yield f"]{after}\n"


def run(argv: list[str]) -> int | None:
    """Print the warm answer and return the exit code, or None (nothing printed) for the full path."""
    if os.environ.get("TENDERCTL_NO_FASTPATH") or os.environ.get("_TENDERCTL_COMPLETE"):
        return None
    try:
        found = answer_pieces(argv)
    except KeyboardInterrupt:  # as the full path says it
        sys.stderr.write("interrupted\n")
        return 130
    if found is None:
        return None
    out, err = found
    gc.disable()  # the pieces are made now, from the same hundreds of thousands of lists (see answer_pieces)
    try:
        if err:
            sys.stderr.write(err)
            sys.stderr.flush()
        for piece in out:
            sys.stdout.write(piece)
        sys.stdout.flush()
    except KeyboardInterrupt:  # while the pieces are made and printed
        sys.stdout.flush()
        sys.stderr.write("interrupted\n")
        return 130
    except OSError as exc:  # a closed pipe: as the full path says it
        try:
            sys.stderr.write(f"error: {exc.strerror or exc}\n")
        except OSError:
            pass
        return 1
    return 0
