"""JSON rendering: the documented shape scripts rely on (``tenderctl check --format json``)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tenderctl.checks.engine import Report


def to_data(report: Report) -> dict[str, Any]:
    """``{reference, title, proposal, status, checks_defined, counts, results: [...], files: [...]}``.

    The tender is named as in every other output (``reference``, ``title``), not ``tender``.
    """
    data = report.to_json()
    return {"reference": data.pop("tender"), "title": report.title, **data}


_SURROGATE = re.compile("[\ud800-\udfff]")


def render_json(report: Report, indent: int | None = 2, *, ascii_only: bool = False) -> str:
    """The report as JSON text that is always valid UTF-8 (``ascii_only``: plain ASCII).

    A file name that is not UTF-8 reaches Python as lone surrogates (``surrogateescape``);
    they are written as the JSON escapes ``\\udcxx`` (what ``ensure_ascii`` would write), so
    the output encodes and a reader gets the name's bytes back with ``surrogateescape``.
    ``ascii_only`` is for a stdout that cannot write every character (Latin-1, ``LC_ALL=C``):
    escaped, the JSON stays exact instead of losing "…" to "?".
    """
    if ascii_only:
        return json.dumps(to_data(report), indent=indent, ensure_ascii=True) + "\n"
    text = json.dumps(to_data(report), indent=indent, ensure_ascii=False)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
