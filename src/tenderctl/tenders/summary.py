"""A tender's milestones as instants, and the plain-data summary the cache keeps of them.

The loader stores :func:`summarize`'s record for every valid file, so a warm ``deadlines``
reads it without YAML, pydantic or zone arithmetic; the deadline view (:mod:`deadlines`)
reads it back. Living apart from both keeps the loader from importing the view.
"""

from __future__ import annotations

from dataclasses import dataclass
from sys import intern
from typing import TYPE_CHECKING, Any

from tenderctl.tenders.timeline import When, get_zone, resolve, zone_name
from tenderctl.tenders.timeparse import parse_duration

if TYPE_CHECKING:
    from tenderctl.tenders.model import Milestone, Tender


@dataclass(frozen=True)
class ResolvedMilestone:
    milestone: Milestone
    when: When
    derived: bool = False


def resolved_milestones(tender: Tender) -> list[ResolvedMilestone]:
    """Every milestone with its instants, plus a derived "submit by" for ``submit_buffer``.

    The tender has been validated, so zones exist and times are real.
    """
    from tenderctl.tenders.model import (  # lazy: pydantic; the lean parent of a cold deadlines never resolves milestones itself
        Milestone,
        MilestoneKind,
    )

    out: list[ResolvedMilestone] = []
    for milestone in tender.dates:
        zone = get_zone(milestone.timezone or tender.timezone)
        out.append(ResolvedMilestone(milestone, resolve(milestone.at, zone)))
    if tender.submit_buffer:
        buffer = parse_duration(tender.submit_buffer)
        for item in list(out):
            m = item.milestone
            if m.kind is not MilestoneKind.submission or item.when.all_day:
                continue
            start = (item.when.start - buffer).astimezone(item.when.zone)
            at = start.isoformat(timespec="minutes")
            derived = Milestone(
                id=f"{m.id}-submit-by",
                kind=MilestoneKind.internal,
                title=f"Internal submit-by ({tender.submit_buffer.strip()} before: {m.title or m.id})",
                at=at,
                timezone=m.timezone,
            )
            out.append(ResolvedMilestone(derived, resolve(at, item.when.zone), derived=True))
    return out


def summarize(tender: Tender) -> dict[str, Any]:
    """What the deadline view needs, as plain JSON data the cache can keep.

    Each milestone is ``[id, kind, title, as_written, zone, day, wall, offset_s, start, due,
    ambiguous, iso, utc]`` with instants as UTC epoch seconds and the two ISO 8601 forms
    ``deadlines --json`` prints, so a warm run needs no YAML, no pydantic and no zone
    arithmetic.
    """
    milestones = []
    for item in resolved_milestones(tender):
        m, when = item.milestone, item.when
        parsed = when.parsed
        offset = parsed.offset.utcoffset(None) if parsed.offset is not None else None
        wall = parsed.wall.isoformat() if parsed.wall is not None else None
        milestones.append(
            [
                m.id,
                intern(m.kind.value),
                m.title,
                m.as_written,
                intern(zone_name(when.zone)),
                intern(parsed.day.isoformat()),
                intern(wall) if wall is not None else None,
                offset.total_seconds() if offset is not None else None,
                when.start.timestamp(),
                when.due.timestamp(),
                when.ambiguous,
                when.iso(),
                None if when.all_day else when.start.isoformat().replace("+00:00", "Z"),
            ]
        )
    # Kinds, zones, days, times, statuses, buyers and tags repeat across thousands of tenders:
    # one string each (a parallel load pickles them once per batch), not one per milestone.
    return {
        "reference": tender.reference,
        "title": tender.title,
        "status": intern(tender.status.value),
        "buyer": intern(tender.buyer) if isinstance(tender.buyer, str) else tender.buyer,
        "tags": [intern(tag) if isinstance(tag, str) else tag for tag in tender.tags or ()],
        "milestones": milestones,
    }
