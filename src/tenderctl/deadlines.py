"""The deadline view across tenders: what is due, when, and how long is left."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any

from tenderctl.timeline import DeadlineRow, When, get_zone, resolve, zone_name
from tenderctl.timeparse import ParsedAt, parse_duration

if TYPE_CHECKING:
    from tenderctl.loader import LoadedTender
    from tenderctl.model import Milestone, Tender


@dataclass(frozen=True)
class ResolvedMilestone:
    milestone: Milestone
    when: When
    derived: bool = False


def resolved_milestones(tender: Tender) -> list[ResolvedMilestone]:
    """Every milestone with its instants, plus a derived "submit by" for ``submit_buffer``.

    The tender has been validated, so zones exist and times are real.
    """
    from tenderctl.model import Milestone, MilestoneKind

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
    ambiguous]`` with instants as UTC epoch seconds, so a warm run needs no YAML, no
    pydantic and no zone arithmetic.
    """
    milestones = []
    for item in resolved_milestones(tender):
        m, when = item.milestone, item.when
        parsed = when.parsed
        offset = parsed.offset.utcoffset(None) if parsed.offset is not None else None
        milestones.append(
            [
                m.id,
                m.kind.value,
                m.title,
                m.as_written,
                zone_name(when.zone),
                parsed.day.isoformat(),
                parsed.wall.isoformat() if parsed.wall is not None else None,
                offset.total_seconds() if offset is not None else None,
                when.start.timestamp(),
                when.due.timestamp(),
                when.ambiguous,
            ]
        )
    return {"reference": tender.reference, "title": tender.title, "status": tender.status.value, "milestones": milestones}


def _when(entry: list[Any]) -> When:
    _id, _kind, _title, _written, zone, day, wall, offset, start, due, ambiguous = entry
    parsed = ParsedAt(
        date.fromisoformat(day),
        time.fromisoformat(wall) if wall is not None else None,
        timezone(timedelta(seconds=offset)) if offset is not None else None,
    )
    return When(parsed, get_zone(zone), datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(due, UTC), ambiguous)


CLOSED_STATUSES = frozenset({"won", "lost", "withdrawn", "cancelled"})
"""Mirrors ``model.Status.closed`` (a test keeps them equal) so the warm path needs no pydantic."""


@dataclass
class DeadlineView:
    rows: list[DeadlineRow]
    past_hidden: int = 0
    closed_hidden: int = 0
    filtered: int = 0
    tenders: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def deadline_view(
    tenders: Iterable[LoadedTender],
    now: datetime,
    *,
    include_past: bool = False,
    include_closed: bool = False,
    within: timedelta | None = None,
    kinds: set[str] | None = None,
    statuses: set[str] | None = None,
) -> DeadlineView:
    """Milestones soonest first; past ones and closed tenders only when asked.

    A milestone is past when its due instant has passed: for an all-day milestone that is
    the end of its day in the tender's zone ("no later than 22 May" is still open on 22 May).
    """
    view = DeadlineView(rows=[])
    now_ts = now.timestamp()
    span = within.total_seconds() if within is not None else None
    for loaded in tenders:
        summary = loaded.summary
        status = summary["status"]
        view.tenders += 1
        if statuses is not None and status not in statuses:
            continue
        if statuses is None and status in CLOSED_STATUSES and not include_closed:
            view.closed_hidden += 1
            continue
        for entry in summary["milestones"]:
            milestone_id, kind, title, as_written = entry[0], entry[1], entry[2], entry[3]
            start, due = entry[8], entry[9]
            left = due - now_ts
            if kinds is not None and kind not in kinds:
                view.filtered += 1
                continue
            if left <= 0 and not include_past:
                view.past_hidden += 1
                continue
            if span is not None and start - now_ts > span:
                view.filtered += 1
                continue
            view.rows.append(
                DeadlineRow(
                    reference=summary["reference"],
                    title=summary["title"],
                    status=status,
                    milestone=milestone_id,
                    kind=kind,
                    milestone_title=title or kind.replace("-", " ").capitalize(),
                    when=_when(entry),
                    as_written=as_written,
                    path=loaded.path,
                    left=timedelta(seconds=left),
                )
            )
    view.rows.sort(key=lambda r: (r.when.start, r.when.due, r.reference, r.milestone))
    return view
