"""A warm ``tenderctl deadlines`` without typer, rich or pydantic (issue 17).

When every tender file is served by the cache (one index file, checked by stat), the command
needs only the cached summaries, a little date arithmetic and a print. Loading the CLI framework
to parse a few options and rich to draw a table would cost more than all of that. So
:func:`run` parses ``deadlines``' options itself, asks the same core (loader, deadline view,
renderers' layout) for the same answer, and prints the bytes the full path prints: JSON always,
text when stdout is not a terminal and no colour is asked for.

Anything it does not handle, it hands back (returns None) before printing a byte: an option it
does not know, a bad value (the full path's message is the one users see), a cache miss, an
invalid file, a terminal, colour, a table rich would squeeze or cut. The full path then runs as
if this module did not exist. ``TENDERCTL_NO_FASTPATH=1`` turns it off (tests compare both).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime, tzinfo

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
    from tenderctl.config import settings
    from tenderctl.tenders.timeline import get_zone, local_zone_choice

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
    from tenderctl.report.tenders_text import deadline_notes, deadline_table, nothing_upcoming

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
    from tenderctl.config import settings

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
    import gc

    # Hundreds of thousands of small lists come out of the cache and nothing here makes a cycle:
    # the collector would walk them again and again for nothing (a third of the run).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _answer(argv)
    except Fallback:
        return None
    except Exception:  # a settings file the full path must name, an odd file system: its call
        return None
    finally:
        if enabled:
            gc.enable()


def _answer(argv: list[str]) -> tuple[str, str]:
    from tenderctl.tenders.deadlines import deadline_view
    from tenderctl.tenders.loader import load_warm, tenders_dir
    from tenderctl.tenders.timeparse import parse_duration, parse_instant
    from tenderctl.vocab import MILESTONE_KINDS, STATUS_GROUPS, STATUSES

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
    from datetime import datetime

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
    result = load_warm(None, tenders=root)
    if result is None or not result.ok:
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
    )
    if text_out:
        return render_text(view, zone, now, _width()), "".join(err)
    import json

    from tenderctl.report.tenders_json import deadlines_data

    # As tenderctl.cli.common.print_json writes it.
    indent = 2 if sys.stdout.isatty() else None
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("_", "-")
    if indent is None and encoding.startswith("utf"):
        return deadlines_json(view, zone, now), "".join(err)
    data = deadlines_data(view, zone, now)
    return json.dumps(data, indent=indent, ensure_ascii=not encoding.startswith("utf"), default=str) + "\n", "".join(err)


def deadlines_json(view: DeadlineView, reader: tzinfo, now: datetime) -> str:
    """``json.dumps(deadlines_data(view, reader, now), ensure_ascii=False)`` and a newline, written
    row by row: building 30,000 dicts to encode them took most of a warm ``deadlines --all
    --json``. The shape is :meth:`DeadlineRow.to_json`'s, and a test compares the two over many
    cases; a cache entry holding anything but text where text belongs raises TypeError here, and
    the full path answers."""
    import json
    from datetime import datetime as moment

    from tenderctl.report.tenders_json import deadlines_data

    encode = json.encoder.encode_basestring  # what json.dumps uses for str with ensure_ascii=False
    head = deadlines_data(
        view.__class__(rows=[], past_hidden=view.past_hidden, closed_hidden=view.closed_hidden, filtered=view.filtered), reader, now
    )
    rows: list[str] = []
    append = rows.append
    for row in view.rows:
        e = row.entry
        written, utc = e[3], e[12]
        all_day = e[6] is None
        local = "null" if all_day else encode(moment.fromtimestamp(e[8], reader).isoformat(timespec="minutes"))
        seconds = row.seconds
        append(
            f'{{"reference": {encode(row.reference)}, "title": {encode(row.title)}, "status": {encode(row.status)}, '
            f'"milestone": {encode(e[0])}, "kind": {encode(e[1])}, "milestone_title": {encode(row.milestone_title)}, '
            f'"at": {encode(e[11])}, "utc": {"null" if utc is None else encode(utc)}, "timezone": {encode(e[4])}, '
            f'"all_day": {"true" if all_day else "false"}, "local": {local}, '
            f'"as_written": {"null" if written is None else encode(written)}, "seconds_left": {int(seconds)}, '
            f'"past": {"true" if seconds <= 0 else "false"}, "file": {encode(row.path)}}}'
        )
    # Everything but the rows is deadlines_data's own, in its order: a key it adds is never missed here.
    parts = [
        f'"deadlines": [{", ".join(rows)}]' if key == "deadlines" else f"{encode(key)}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in head.items()
    ]
    return "{" + ", ".join(parts) + "}\n"


def run(argv: list[str]) -> int | None:
    """Print the warm answer and return the exit code, or None (nothing printed) for the full path."""
    if os.environ.get("TENDERCTL_NO_FASTPATH") or os.environ.get("_TENDERCTL_COMPLETE"):
        return None
    try:
        found = answer(argv)
    except KeyboardInterrupt:  # as the full path says it
        sys.stderr.write("interrupted\n")
        return 130
    if found is None:
        return None
    out, err = found
    try:
        if err:
            sys.stderr.write(err)
            sys.stderr.flush()
        sys.stdout.write(out)
        sys.stdout.flush()
    except OSError as exc:  # a closed pipe: as the full path says it
        try:
            sys.stderr.write(f"error: {exc.strerror or exc}\n")
        except OSError:
            pass
        return 1
    return 0
