"""Checks that need more than one field: zones, real local times, references between parts.

Returns findings with a field path; the loader turns paths into file positions. Nothing
here raises for bad input.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import timedelta

from tenderctl.errors import Level
from tenderctl.model import MilestoneKind, Tender
from tenderctl.timeline import LABEL_OFFSETS, NonexistentTime, When, get_zone, resolve, zone_name
from tenderctl.yamlio import Loc

DOCUMENT_ROLES = ("technical", "financial", "cv", "other")


@dataclass(frozen=True)
class Finding:
    loc: Loc
    message: str
    hint: str = ""
    level: Level = Level.error


_LABEL = re.compile(r"(?<![A-Za-z])(" + "|".join(sorted(LABEL_OFFSETS, key=len, reverse=True)) + r")(?![A-Za-z])")
_UTC_OFFSET = re.compile(r"\b(?:UTC|GMT)\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?\b")


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


def check(tender: Tender) -> list[Finding]:
    findings: list[Finding] = []
    tender_zone_ok = True
    try:
        get_zone(tender.timezone)
    except ValueError as exc:
        findings.append(Finding(("timezone",), str(exc)))
        tender_zone_ok = False

    seen_ids: dict[str, int] = {}
    resolved: dict[str, When] = {}
    for index, milestone in enumerate(tender.dates):
        loc: Loc = ("dates", index)
        if milestone.id in seen_ids:
            findings.append(
                Finding(
                    (*loc, "id"),
                    f"duplicate milestone id {milestone.id!r}, also dates[{seen_ids[milestone.id]}]",
                    "ids must be unique within a tender",
                )
            )
        else:
            seen_ids[milestone.id] = index
        zone_name_ = milestone.timezone or tender.timezone
        if milestone.timezone:
            try:
                get_zone(milestone.timezone)
            except ValueError as exc:
                findings.append(Finding((*loc, "timezone"), str(exc)))
                continue
        elif not tender_zone_ok:
            continue
        zone = get_zone(zone_name_)
        try:
            when = resolve(milestone.at, zone)
        except NonexistentTime as exc:
            findings.append(
                Finding((*loc, "at"), str(exc), "pick a time outside the gap, or write the UTC offset explicitly")
            )
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
            actual = when.start.astimezone(zone).utcoffset()
            if stated is not None and actual is not None and stated[1] != actual:
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

    _check_order(tender, resolved, findings)

    if tender.dates and not any(m.kind is MilestoneKind.submission for m in tender.dates):
        findings.append(
            Finding(("dates",), "no milestone of kind 'submission'", "add the submission deadline with kind: submission", Level.warning)
        )

    step_ids: dict[str, int] = {}
    for index, step in enumerate(tender.steps):
        if isinstance(step, str):
            continue
        if step.id:
            if step.id in step_ids:
                findings.append(
                    Finding(("steps", index, "id"), f"duplicate step id {step.id!r}, also steps[{step_ids[step.id]}]", "ids must be unique")
                )
            step_ids.setdefault(step.id, index)
        if step.date and step.date not in seen_ids:
            near = difflib.get_close_matches(step.date, list(seen_ids), n=1)
            hint = f"did you mean {near[0]!r}?" if near else f"known milestone ids: {', '.join(seen_ids) or 'none'}"
            findings.append(Finding(("steps", index, "date"), f"no milestone with id {step.date!r}", hint))

    for role in tender.documents:
        if role not in DOCUMENT_ROLES:
            near = difflib.get_close_matches(role, DOCUMENT_ROLES, n=1)
            hint = f"did you mean {near[0]!r}?" if near else f"roles are {', '.join(DOCUMENT_ROLES)}"
            findings.append(Finding(("documents", role), f"unknown document role {role!r}", hint))
    return findings


def _check_order(tender: Tender, resolved: dict[str, When], findings: list[Finding]) -> None:
    """Questions and briefings after the submission deadline are almost always typos."""
    submissions = [(i, m) for i, m in enumerate(tender.dates) if m.kind is MilestoneKind.submission and m.id in resolved]
    if not submissions:
        return
    _, submission = submissions[0]
    deadline = resolved[submission.id]
    for index, milestone in enumerate(tender.dates):
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
