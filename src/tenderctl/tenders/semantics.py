"""Checks that need more than one field: zones, real local times, references between parts.

Returns findings with a field path; the loader turns paths into file positions. Nothing
here raises for bad input. A tender whose shape is wrong is still judged on the parts that
validate on their own (:func:`check_partial`), so one run reports both kinds of problem.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta, tzinfo
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from tenderctl.documents.model import ROLES as DOCUMENT_ROLES  # one list of roles (documents/model.py)
from tenderctl.errors import Level
from tenderctl.tenders.model import Milestone, MilestoneKind, Step, StepItem, Tender
from tenderctl.tenders.timeline import LABEL_OFFSETS, NonexistentTime, When, get_zone, resolve, zone_name
from tenderctl.tenders.yamlio import Loc
from tenderctl.tenders.zones import legacy_zone_warning


@dataclass(frozen=True)
class Finding:
    loc: Loc
    message: str
    hint: str = ""
    level: Level = Level.error


_LABEL = re.compile(r"(?<![A-Za-z])(" + "|".join(sorted(LABEL_OFFSETS, key=len, reverse=True)) + r")(?![A-Za-z])")
_UTC_OFFSET = re.compile(r"\b(?:UTC|GMT)\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?\b")


def _warn_legacy_zone(name: str, loc: Loc, findings: list[Finding]) -> None:
    warning = legacy_zone_warning(name)
    if warning:
        findings.append(Finding(loc, warning, "the README's rule: a city zone such as Europe/Brussels, not CET", Level.warning))


def _own_name(label: str, zone: tzinfo, when: When) -> bool:
    """The notice's abbreviation is the zone's own name at that instant (PST in Manila is Philippine time)."""
    return when.parsed.offset is None and when.start.astimezone(zone).tzname() == label


def _offset_text(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def written_offset(text: str) -> tuple[str, timedelta] | None:
    """The UTC offset a notice's own words state ("15:00 CET", "2 PM GMT+3"), if any."""
    match = _UTC_OFFSET.search(text)
    if match:
        sign = -1 if match[1] in "-−" else 1
        delta = timedelta(hours=int(match[2]), minutes=int(match[3] or 0))
        return match[0], sign * delta
    for found in _LABEL.finditer(text):
        label = found[1]
        if label == "Z" or (label == "IST" and "Irish" in text):
            continue
        return label, LABEL_OFFSETS[label]
    return None


@dataclass(frozen=True)
class _Parts:
    """What the checks read of a tender, each part with its index in the file.

    A valid tender gives every part; a tender that failed validation gives only the parts
    that validate on their own (:func:`_salvage`), and says which checks over the whole
    can still be trusted, so no problem is reported that is only a consequence of a shape error.
    """

    timezone: str | None
    """The tender's zone; None if it did not validate (dates without their own zone are then not judged)."""
    dates: Sequence[tuple[int, Milestone]]
    """The milestones that validated."""
    date_ids: Sequence[tuple[int, str]]
    """Every milestone id that validated, including those of milestones that did not."""
    every_date: bool
    """All milestones validated: whether a submission exists, and the order of dates, can be judged."""
    every_id: bool
    """All milestones have a valid id: a step naming an unknown id is a mistake of its own."""
    steps: Sequence[tuple[int, Step]]
    roles: Sequence[str]
    """The document roles whose entries validated."""


def check(tender: Tender) -> list[Finding]:
    """Problems of a valid tender that no single field shows."""
    dates = list(enumerate(tender.dates))
    return _check(
        _Parts(
            timezone=tender.timezone,
            dates=dates,
            date_ids=[(index, milestone.id) for index, milestone in dates],
            every_date=True,
            every_id=True,
            steps=list(enumerate(tender.steps)),
            roles=list(tender.documents),
        )
    )


def check_partial(data: dict[str, Any]) -> list[Finding]:
    """The problems :func:`check` would report that can still be judged on a tender that failed validation.

    Only for the error path: it validates the parts again, one at a time.
    """
    return _check(_salvage(data))


def _check(parts: _Parts) -> list[Finding]:
    findings: list[Finding] = []
    tender_zone_ok = parts.timezone is not None
    if parts.timezone is not None:
        try:
            get_zone(parts.timezone)
        except ValueError as exc:
            findings.append(Finding(("timezone",), str(exc)))
            tender_zone_ok = False
        else:
            _warn_legacy_zone(parts.timezone, ("timezone",), findings)

    seen_ids: dict[str, int] = {}
    for index, milestone_id in parts.date_ids:
        if milestone_id in seen_ids:
            findings.append(
                Finding(
                    ("dates", index, "id"),
                    f"duplicate milestone id {milestone_id!r}, also dates[{seen_ids[milestone_id]}]",
                    "ids must be unique within a tender",
                )
            )
        else:
            seen_ids[milestone_id] = index
    # submit_buffer derives "<submission id>-submit-by" (deadlines.resolved_milestones): a written
    # id of that form would share the derived one's calendar UID, so it is reserved
    submission_ids = {m.id for _, m in parts.dates if m.kind is MilestoneKind.submission}
    for index, milestone_id in parts.date_ids:
        base = milestone_id.removesuffix("-submit-by")
        if base != milestone_id and base in submission_ids:
            findings.append(
                Finding(
                    ("dates", index, "id"),
                    f"milestone id {milestone_id!r} is reserved for the internal submit-by derived from {base!r} (submit_buffer)",
                    "choose another id",
                )
            )

    resolved: dict[str, When] = {}
    for index, milestone in parts.dates:
        loc: Loc = ("dates", index)
        zone_name_ = milestone.timezone or parts.timezone or ""
        if milestone.timezone:
            try:
                get_zone(milestone.timezone)
            except ValueError as exc:
                findings.append(Finding((*loc, "timezone"), str(exc)))
                continue
            _warn_legacy_zone(milestone.timezone, (*loc, "timezone"), findings)
        elif not tender_zone_ok:
            continue
        zone = get_zone(zone_name_)
        try:
            when = resolve(milestone.at, zone)
        except NonexistentTime as exc:
            findings.append(Finding((*loc, "at"), str(exc), "pick a time outside the gap, or write the UTC offset explicitly"))
            continue
        resolved.setdefault(milestone.id, when)
        if when.ambiguous:
            findings.append(
                Finding(
                    (*loc, "at"),
                    f"{milestone.at!r} happens twice in {zone_name(zone)} (clocks fall back); taken as the earlier one, "
                    f"{when.start.astimezone(zone).isoformat(timespec='minutes')}",
                    "write the UTC offset to choose, e.g. 2025-10-26T02:30+01:00",
                    Level.warning,
                )
            )
        if not when.all_day and when.start.astimezone(zone).timetz().replace(tzinfo=None).isoformat() == "00:00:00":
            findings.append(
                Finding(
                    (*loc, "at"),
                    f"{milestone.at!r} is exactly midnight, which readers take for either end of the day",
                    "write 23:59 of the day before, or the date alone for all day",
                    Level.warning,
                )
            )
        if milestone.as_written and not when.all_day:
            stated = written_offset(milestone.as_written)
            # An explicit offset in 'at' is the instant itself: the words are judged against it, not the zone.
            actual = when.parsed.offset.utcoffset(None) if when.parsed.offset is not None else when.start.astimezone(zone).utcoffset()
            if stated is not None and actual is not None and stated[1] != actual and not _own_name(stated[0], zone, when):
                local = when.start.astimezone(zone)
                findings.append(
                    Finding(
                        (*loc, "as_written"),
                        f"the notice says {stated[0]} ({_offset_text(stated[1])}) but {zone_name(zone)} is at "
                        f"{_offset_text(actual)} ({local.tzname()}) on {local:%Y-%m-%d}; "
                        f"using {local:%H:%M} {local.tzname()} = {when.start.astimezone(get_zone('UTC')):%H:%M} UTC",
                        "check the notice; if the fixed offset is really meant, write it in 'at' with the offset",
                        Level.warning,
                    )
                )

    if parts.every_date:
        _check_order(parts.dates, resolved, findings)
        if parts.dates and not any(m.kind is MilestoneKind.submission for _, m in parts.dates):
            findings.append(
                Finding(("dates",), "no milestone of kind 'submission'", "add the submission deadline with kind: submission", Level.warning)
            )

    step_ids: dict[str, int] = {}
    for index, step in parts.steps:
        if step.id:
            if step.id in step_ids:
                findings.append(
                    Finding(("steps", index, "id"), f"duplicate step id {step.id!r}, also steps[{step_ids[step.id]}]", "ids must be unique")
                )
            step_ids.setdefault(step.id, index)
        if step.date and parts.every_id and step.date not in seen_ids:
            near = difflib.get_close_matches(step.date, list(seen_ids), n=1)
            hint = f"did you mean {near[0]!r}?" if near else f"known milestone ids: {', '.join(seen_ids) or 'none'}"
            findings.append(Finding(("steps", index, "date"), f"no milestone with id {step.date!r}", hint))

    for role in parts.roles:
        if role not in DOCUMENT_ROLES:
            near = difflib.get_close_matches(role, DOCUMENT_ROLES, n=1)
            hint = f"did you mean {near[0]!r}?" if near else f"roles are {', '.join(DOCUMENT_ROLES)}"
            findings.append(Finding(("documents", role), f"unknown document role {role!r}", hint))
    return findings


def _check_order(dates: Sequence[tuple[int, Milestone]], resolved: dict[str, When], findings: list[Finding]) -> None:
    """Questions and briefings after the submission deadline are almost always typos."""
    submissions = [m for _, m in dates if m.kind is MilestoneKind.submission and m.id in resolved]
    if not submissions:
        return
    submission = submissions[0]
    deadline = resolved[submission.id]
    for index, milestone in dates:
        if milestone.kind not in (MilestoneKind.questions, MilestoneKind.conference, MilestoneKind.site_visit):
            continue
        when = resolved.get(milestone.id)
        if when is None:
            continue
        if when.all_day or deadline.all_day:
            late = when.day > deadline.day
        else:
            late = when.start > deadline.start
        if late:
            findings.append(
                Finding(
                    ("dates", index, "at"),
                    f"{milestone.kind.value} milestone {milestone.id!r} ({milestone.at}) comes after the submission deadline ({submission.at})",
                    "check both dates against the notice",
                    Level.warning,
                )
            )


def _salvage(data: dict[str, Any]) -> _Parts:
    """The parts of a tender that validate on their own, each exactly as the whole would validate it."""
    timezone = _valid(_field(Tender, "timezone"), data["timezone"]) if "timezone" in data else None

    raw_dates = data.get("dates", [])
    dates: list[tuple[int, Milestone]] = []
    date_ids: list[tuple[int, str]] = []
    every_date = every_id = isinstance(raw_dates, list)
    for index, item in enumerate(raw_dates if isinstance(raw_dates, list) else []):
        try:
            milestone = Milestone.model_validate(item)
        except ValidationError:
            every_date = False
            # The id alone may be fine: a step naming it points somewhere, and a second use is a duplicate.
            milestone_id = _valid(_field(Milestone, "id"), item["id"]) if isinstance(item, dict) and "id" in item else None
            if milestone_id is None:
                every_id = False
            else:
                date_ids.append((index, milestone_id))
            continue
        dates.append((index, milestone))
        date_ids.append((index, milestone.id))

    raw_steps = data.get("steps")
    steps: list[tuple[int, Step]] = []
    for index, item in enumerate(raw_steps if isinstance(raw_steps, list) else []):
        step = _valid(_step_adapter(), item)
        if step is not None:
            steps.append((index, step))

    raw_documents = data.get("documents")
    roles: list[str] = []
    for role, patterns in raw_documents.items() if isinstance(raw_documents, dict) else ():
        roles.extend(_valid(_field(Tender, "documents"), {role: patterns}) or ())

    return _Parts(timezone, dates, date_ids, every_date, every_id, steps, roles)


def _valid(adapter: TypeAdapter[Any], value: Any) -> Any:
    """The validated value, or None if it does not validate."""
    try:
        return adapter.validate_python(value)
    except ValidationError:
        return None


@functools.cache
def _field(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """A validator for one field alone: its type, its constraints and its model's settings."""
    field = model.model_fields[name]
    annotated: Any = Annotated[field.annotation, field]  # the field's constraints (an id's pattern) ride along
    return TypeAdapter(annotated, config=model.model_config)


@functools.cache
def _step_adapter() -> TypeAdapter[Step]:
    return TypeAdapter(StepItem)
