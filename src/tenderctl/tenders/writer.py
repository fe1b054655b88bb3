"""The one writer of *new* tender files: block-style YAML with comments where people read them.

Every command that creates a tender file (``new``, ``draft``, and ``import ocds`` for new
files) builds plain Python data and hands it to :func:`write_yaml`. Edits of existing files
go through :mod:`tenderctl.authoring.edit` instead, which keeps the file's own layout.

API (all a caller needs)::

    from tenderctl.tenders.writer import Note, Commented, write_yaml

    text = write_yaml(
        {
            "reference": Commented("RFP-1", review=["the code the notice mentions most"]),
            "timezone": Commented("Africa/Dakar", inline="times below are read in this zone"),
            "buyer": Note(["buyer: Who issued the call"]),   # a commented-out key
            "dates": Commented([{"id": "submission", "at": "2026-05-04 17:00"}], blank=True),
        },
        header=["Draft made by `tenderctl draft`."],
    )

* Values are ``str``, ``int``, ``float``, ``bool``, ``None`` (entries whose value is ``None``
  are left out), ``list``/``tuple`` and ``dict`` with ``str`` keys, each possibly wrapped in
  :class:`Commented`.
* :class:`Commented` puts ``# text`` lines (``comment``) and ``# REVIEW: text`` lines
  (``review``) above the entry or list item, a ``# text`` at the end of a scalar's line
  (``inline``), comment lines after a list or mapping's last item at its indentation
  (``after``), and an empty line before the entry (``blank``).
* :class:`Note` in a mapping writes only comment lines (a commented-out example key).
* Strings are plain when no YAML reader can take them for something else, else
  double-quoted with escapes; multi-line text is a literal block (``|``) when that keeps it
  exactly. Dates and times (``2026-05-04``, ``2026-05-04 17:00``, ``...T17:00+02:00``) stay plain:
  the tender loader reads them as text.

The promise, tested: ``tenderctl.tenders.yamlio.load(write_yaml(data)) == data`` (with the
wrappers and ``None`` entries removed) for any such data; every comment is a comment.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Commented", "Note", "scalar", "write_yaml"]

INDENT = "  "


@dataclass(frozen=True)
class Commented:
    """A value with the comments written around it (see the module docstring)."""

    value: Any
    comment: Sequence[str] = ()
    review: Sequence[str] = ()
    inline: str | None = None
    after: Sequence[str] = ()
    blank: bool = False


@dataclass(frozen=True)
class Note:
    """Comment lines standing in a mapping where an entry could be (the key is not written)."""

    lines: Sequence[str] = field(default_factory=tuple)
    review: bool = False
    blank: bool = False


_PLAIN = re.compile(r"^[A-Za-z0-9À-ÿ(][A-Za-z0-9À-ÿ _.,()/'’&+-]*$")
_RESERVED = re.compile(r"^(?:y|n|yes|no|on|off|true|false|null|~|[-+]?[0-9][0-9_.:eE+-]*|[-+]?\.(?:inf|nan))$", re.I)
_OUR_DATES = re.compile(r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})")
# Characters a YAML reader treats as line breaks or refuses in a stream: always escaped.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_UNSAFE_BLOCK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def one_line(text: str) -> str:
    """Comment text on one line (a newline in a comment would end it)."""
    return _visible(" ".join(str(text).split()))


def _visible(text: str) -> str:
    """A character no reader accepts in a file, shown as its escape (comments are never lost)."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def _verbatim(text: str) -> str:
    """Comment text kept as written (indentation and spacing), its line breaks made spaces."""
    return _visible(re.sub("[\r\n\x85\u2028\u2029]", " ", str(text)).rstrip())


def scalar(value: str, *, plain_dates: bool = True) -> str:
    """A string as a one-line YAML scalar: plain when it cannot be misread, else double-quoted."""
    if (
        _PLAIN.fullmatch(value)
        and not _RESERVED.fullmatch(value)
        and not value.endswith((" ", ":"))
        and ": " not in value
        and " #" not in value
    ):
        return value
    if plain_dates and _OUR_DATES.fullmatch(value):
        return value
    quoted = json.dumps(value, ensure_ascii=False)  # JSON escapes are valid in YAML's double quotes
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", quoted)


@functools.lru_cache(maxsize=1024)
def _key(key: str) -> str:
    """A mapping key as written (cached: a tender repeats the same few keys in every entry)."""
    return scalar(key, plain_dates=False)


def _scalar_of(value: Any, plain_dates: bool) -> str:
    if type(value) is str:  # the usual case first
        return scalar(value, plain_dates=plain_dates)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        return text if ("." in text or "e" in text or "n" in text) else text + ".0"
    if value is None:
        return "null"
    if isinstance(value, str):
        return scalar(value, plain_dates=plain_dates)
    raise TypeError(f"write_yaml: cannot write a {type(value).__name__}")


def _flat(value: Any, plain_dates: bool) -> str:
    """A value written on its key's (or its dash's) line: a scalar, or an empty ``{}``/``[]``."""
    if type(value) is str:  # the usual case, without the (slow) Mapping ABC check
        return scalar(value, plain_dates=plain_dates)
    return "{}" if isinstance(value, Mapping) else "[]" if isinstance(value, (list, tuple)) else _scalar_of(value, plain_dates)


def _literal(value: str, indent: str) -> list[str] | None:
    """``|`` block lines for multi-line text, or None when a block would change the text."""
    if "\n" not in value or _UNSAFE_BLOCK.search(value) or value[:1] in (" ", "\t"):
        return None
    body = value.rstrip("\n")
    trailing = len(value) - len(body)
    lines = body.split("\n")
    if not body or any(line.strip() == "" and line for line in lines) or any(line != line.rstrip(" \t") for line in lines):
        return None
    chomp = "-" if trailing == 0 else ("" if trailing == 1 else "+")
    out = [f"|{chomp}"]
    out += [f"{indent}{line}" if line else "" for line in lines]
    out += [""] * (trailing - 1 if trailing > 1 else 0)
    return out


def _comments(out: list[str], indent: str, item: Commented | None) -> None:
    if item is None:
        return
    out.extend(f"{indent}# {one_line(c)}" for c in item.comment)
    out.extend(f"{indent}# REVIEW: {one_line(r)}" for r in item.review)


def _unwrap(value: Any) -> tuple[Any, Commented | None]:
    return (value.value, value) if isinstance(value, Commented) else (value, None)


def _is_block(value: Any) -> bool:
    kind = type(value)
    if kind is str:  # the usual case, without the (slow) Mapping ABC check
        return False
    if kind is dict or kind is list:
        return len(value) > 0
    return isinstance(value, (Mapping, list, tuple)) and len(value) > 0


def _inline_tail(item: Commented | None) -> str:
    return f"   # {one_line(item.inline)}" if item is not None and item.inline else ""


def _mapping(out: list[str], data: Mapping[str, Any], indent: str, dates: bool, first_prefix: str | None = None) -> None:
    """Entries of ``data`` at ``indent``; the first line starts with ``first_prefix`` (a list's ``- ``)."""
    prefix = first_prefix
    for key, raw in data.items():
        if isinstance(raw, Note):
            if raw.blank:
                out.append("")
            tag = "# REVIEW: " if raw.review else "# "
            out.extend(f"{indent}{tag}{_verbatim(line)}" for line in raw.lines)
            continue
        value, meta = _unwrap(raw)
        if value is None:
            continue
        if not isinstance(key, str):
            raise TypeError(f"write_yaml: keys are strings, not {type(key).__name__}")
        if meta is not None:
            if meta.blank and out:
                out.append("")
            _comments(out, indent, meta)
        lead = prefix if prefix is not None else indent
        prefix = None
        name = _key(key)
        if _is_block(value):
            out.append(f"{lead}{name}:{_inline_tail(meta)}")
            _block(out, value, indent + INDENT, dates)
        elif isinstance(value, str) and (block := _literal(value, indent + INDENT)) is not None:
            out.append(f"{lead}{name}: {block[0]}{_inline_tail(meta)}")
            out.extend(block[1:])
        else:
            out.append(f"{lead}{name}: {_flat(value, dates)}{_inline_tail(meta)}")
        if meta is not None and isinstance(value, (Mapping, list, tuple)):
            out.extend(f"{indent + INDENT}# {_verbatim(c)}" for c in meta.after)
    if prefix is not None:  # a list item that is an empty mapping
        out.append(f"{prefix}{{}}")


def _block(out: list[str], value: Any, indent: str, dates: bool) -> None:
    if isinstance(value, Mapping):
        _mapping(out, value, indent, dates)
        return
    for raw in value:
        item, meta = _unwrap(raw)
        _comments(out, indent, meta)
        if type(item) is not str and isinstance(item, Mapping) and item:
            _mapping(out, item, indent + INDENT, dates, first_prefix=f"{indent}- ")
        elif _is_block(item):
            out.append(f"{indent}-{_inline_tail(meta)}")
            _block(out, item, indent + INDENT, dates)
        elif isinstance(item, str) and (block := _literal(item, indent + INDENT)) is not None:
            out.append(f"{indent}- {block[0]}{_inline_tail(meta)}")
            out.extend(block[1:])
        else:
            out.append(f"{indent}- {_flat(item, dates)}{_inline_tail(meta)}")


def write_yaml(data: Mapping[str, Any], *, header: Sequence[str] = (), plain_dates: bool = True) -> str:
    """The YAML text of ``data`` (a mapping), ``header`` lines first as ``# `` comments.

    ``plain_dates=False`` quotes date-shaped strings too, for readers that would turn them
    into dates (PyYAML, ruamel); the tender loader reads them as text either way.
    """
    out = [f"# {one_line(line)}" if line else "#" for line in header]
    _mapping(out, data, "", plain_dates)
    return "\n".join(out) + "\n"
