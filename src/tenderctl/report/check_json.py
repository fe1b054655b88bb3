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


def render_json(report: Report, indent: int | None = 2) -> str:
    """The report as JSON text that is always valid UTF-8.

    A file name that is not UTF-8 reaches Python as lone surrogates (``surrogateescape``);
    they are written as the JSON escapes ``\\udcxx`` (what ``ensure_ascii`` would write), so
    the output encodes and a reader gets the name's bytes back with ``surrogateescape``.
    """
    text = json.dumps(to_data(report), indent=indent, ensure_ascii=False)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
