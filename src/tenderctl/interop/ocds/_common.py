"""Constants, the note type and small text and time helpers shared by the OCDS stages."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from tenderctl.errors import Level, Problem

MAX_DEPTH = 64
"""JSON nesting allowed; OCDS releases need about ten levels."""

MAX_TITLE = 500
MAX_REFERENCE = 200
MAX_NOTES = 20_000
"""Cuts for free text, so one tender file stays well under the loader's size limit."""

MAX_RELEASES = 100_000
"""Releases read from one input; past that the file is refused rather than half-read."""

EXTENSION_KEY = "tenderctl"
EXTENSION_VERSION = 1
OCID_PREFIX = "tenderctl-"
"""Prefix of the ocid given to a tender that has none (not a registered OCDS prefix)."""

BOOKKEEPING_KEY = "ocds"
"""Key under a tender's ``extensions`` where import keeps what OCDS said last time."""

_ID_BAD = re.compile(r"[^A-Za-z0-9_.-]+")
_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


# -- notes ----------------------------------------------------------------------------------------


def note(
    source: str,
    message: str,
    *,
    ocid: str = "",
    release: str = "",
    field: str = "",
    line: int = 0,
    column: int = 0,
    level: str = "warning",
) -> Problem:
    """One line about the input, as a :class:`tenderctl.errors.Problem`.

    Its field says where in the data: the tender (``ocid``), the release and the field, e.g.
    ``ocds-x: release 02: tender.title``. A position that is not known is 1:1 (the file), as
    everywhere else. ``level`` is ``warning`` (the import goes on) or ``error`` (this file or
    tender is skipped). Line breaks in the data are escaped: one line each, whatever it holds.
    """
    parts = [ocid, f"release {release}" if release else "", field]
    where = ": ".join(p for p in parts if p) or "file"
    return Problem(
        one_physical_line(source), line or 1, column or 1, one_physical_line(where), one_physical_line(message), level=Level(level)
    )


def field_of(problem: Problem) -> str:
    """The data field a note is about, without the tender and release before it."""
    return problem.field.rsplit(": ", 1)[-1]


def one_physical_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


def fixed_offset_zone(offset: timedelta) -> str:
    """The IANA ``Etc/GMT±N`` zone for a whole-hour offset (POSIX sign: UTC-6 is Etc/GMT+6), else UTC."""
    seconds = int(offset.total_seconds())
    if seconds == 0 or seconds % 3600:
        return "UTC"
    hours = seconds // 3600
    if not -12 <= hours <= 14:  # Etc/GMT+12 (UTC-12) to Etc/GMT-14 (UTC+14) exist
        return "UTC"
    return f"Etc/GMT{-hours:+d}"


def _offset_text(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    return f"UTC{sign}{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def _at_text(value: datetime | date) -> str:
    if not isinstance(value, datetime):
        return value.isoformat()
    if value.tzinfo is None:
        return value.replace(microsecond=0).strftime("%Y-%m-%d %H:%M" if value.second == 0 else "%Y-%m-%d %H:%M:%S")
    return value.replace(microsecond=0).isoformat()


def _parse_datetime(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.endswith(("z", "Z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        offset = parsed.utcoffset()
        if offset is not None and (abs(offset) > timedelta(hours=18) or offset.seconds % 60 or offset.microseconds):
            return None  # not an offset a tender file (or RFC 3339) can write
    return parsed


def _text(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    return value.strip() if isinstance(value, str) else ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _name(value: Any) -> str:
    return _one_line(_text(value.get("name"))) if isinstance(value, dict) else ""


def _party_name(release: Mapping[str, Any], roles: tuple[str, ...]) -> str:
    for party in _dicts(release.get("parties")):
        party_roles: list[Any] = party["roles"] if isinstance(party.get("roles"), list) else []
        if any(r in party_roles for r in roles):
            return _name(party)
    return ""


def _get(data: Mapping[str, Any], *keys: str) -> Any:
    node: Any = data
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _safe_id(text: str) -> str:
    cleaned = _ID_BAD.sub("-", text).strip("-._")
    return cleaned[:60] or "milestone"


def _unique(wanted: str, taken: set[str]) -> str:
    candidate, number = wanted, 2
    while candidate in taken:
        candidate = f"{wanted}-{number}"
        number += 1
    taken.add(candidate)
    return candidate
