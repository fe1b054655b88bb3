"""One way to print a moment, for every command: the reader's zone first, the tender's beside it.

``deadlines``, ``show``, ``steps`` and ``agenda`` all print milestones and due dates; 0.1.0
printed them four ways ("PST", "EAT" and "-05" mixed, raw ISO in ``show``'s steps). Here:

* text: ``Thu 05 Jun 2025 09:00 EDT`` in the reader's zone, and when the tender's clock reads
  otherwise, ``(15:00 CEST in Europe/Brussels)`` beside it; a zone the tz database names
  only by its offset prints ``UTC−05:00``, never a bare ``-05``;
* an all-day milestone stays its date, never shifted into another zone;
* JSON: one shape, :meth:`tenderctl.tenders.timeline.When.to_json`, wherever a moment appears.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from tenderctl.tenders.timeline import zone_name

if TYPE_CHECKING:
    from tenderctl.tenders.timeline import When


def zone_label(local: datetime) -> str:
    """The zone's abbreviation at that instant, or ``UTC±hh:mm`` where it has only a number."""
    name = local.tzname() or ""
    if name and name[0] not in "+-" and name.isalpha():
        return name
    offset = local.utcoffset()
    if offset is None:
        return name
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def moment_text(when: When, reader: tzinfo | None = None, *, weekday: bool = True, beside: bool = True) -> str:
    """``Thu 05 Jun 2025 09:00 EDT (15:00 CEST in Europe/Brussels)``; all-day: ``Thu 05 Jun 2025 (all day)``."""
    day_format = "%a %d %b %Y" if weekday else "%d %b %Y"
    if when.all_day:
        return f"{when.day:{day_format}} (all day)"
    own = when.start.astimezone(when.zone)
    local = when.start.astimezone(reader) if reader is not None else own
    text = f"{local:{day_format} %H:%M} {zone_label(local)}"
    if beside and reader is not None and (own.utcoffset() != local.utcoffset() or own.date() != local.date()):
        other = f"{own:%H:%M}" if own.date() == local.date() else f"{own:%d %b %H:%M}"
        text += f" ({other} {zone_label(own)} in {zone_name(when.zone)})"
    return text
