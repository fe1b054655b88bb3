"""The deadline view across tenders: what is due, when, and how long is left."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tenderctl.loader import LoadedTender
from tenderctl.model import Milestone, MilestoneKind, Tender
from tenderctl.timeline import DeadlineRow, When, get_zone, resolve
from tenderctl.timeparse import parse_duration


@dataclass(frozen=True)
class ResolvedMilestone:
    milestone: Milestone
    when: When
    derived: bool = False


def resolved_milestones(tender: Tender) -> list[ResolvedMilestone]:
    """Every milestone with its instants, plus a derived "submit by" for ``submit_buffer``.

    The tender has been validated, so zones exist and times are real.
    """
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
    for loaded in tenders:
        tender = loaded.tender
        view.tenders += 1
        if statuses is not None and tender.status.value not in statuses:
            continue
        if statuses is None and tender.status.closed and not include_closed:
            view.closed_hidden += 1
            continue
        for item in resolved_milestones(tender):
            m = item.milestone
            left = item.when.due - now
            if kinds is not None and m.kind.value not in kinds:
                view.filtered += 1
                continue
            if left <= timedelta(0) and not include_past:
                view.past_hidden += 1
                continue
            if within is not None and left > within + (item.when.due - item.when.start):
                view.filtered += 1
                continue
            view.rows.append(
                DeadlineRow(
                    reference=tender.reference,
                    title=tender.title,
                    status=tender.status.value,
                    milestone=m.id,
                    kind=m.kind.value,
                    milestone_title=m.title or m.kind.value.replace("-", " ").capitalize(),
                    when=item.when,
                    as_written=m.as_written,
                    path=loaded.path,
                    left=left,
                )
            )
    view.rows.sort(key=lambda r: (r.when.start, r.when.due, r.reference, r.milestone))
    return view
