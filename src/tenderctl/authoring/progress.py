"""Bid progress: steps with their due dates, ticking them off, the bid's status, the agenda.

Reading works on validated :class:`~tenderctl.tenders.model.Tender` objects; writing goes through
:class:`~tenderctl.authoring.edit.TenderFile` so a hand-written file keeps everything the edit did
not touch. "Now" and "today" are always parameters.

``submitted`` is not a closed status here, as in ``deadlines``: after submission the
opening, clarification requests and award are still ahead, and so may be steps.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tenderctl.errors import UsageError
from tenderctl.tenders.summary import resolved_milestones
from tenderctl.tenders.timeline import get_zone

if TYPE_CHECKING:
    from tenderctl.authoring.edit import TenderFile
    from tenderctl.tenders.loader import LoadedTender
    from tenderctl.tenders.model import Status, Step, Tender
    from tenderctl.tenders.timeline import When


@dataclass(frozen=True)
class StepRow:
    """One step with what it is due by."""

    number: int  # 1-based, as people count them
    step: Step
    milestone: str | None
    when: When | None

    @property
    def done(self) -> dt.date | None:
        return self.step.done

    @property
    def due(self) -> dt.datetime | None:
        return self.when.due if self.when is not None else None

    def overdue(self, now: dt.datetime) -> bool:
        return self.done is None and self.due is not None and self.due <= now

    def to_json(self, now: dt.datetime, reader: dt.tzinfo | None = None) -> dict[str, Any]:
        """A step as JSON; ``due`` is a moment (:meth:`When.to_json`) or null for a step without a date."""
        return {
            "number": self.number,
            "id": self.step.id,
            "text": self.step.text,
            "milestone": self.milestone,
            "due": self.when.to_json(reader) if self.when is not None else None,
            "done": self.done.isoformat() if self.done else None,
            "note": self.step.note,
            "url": self.step.url,
            "overdue": self.overdue(now),
            "seconds_left": int((self.due - now).total_seconds()) if self.due is not None else None,
        }


def step_rows(tender: Tender) -> list[StepRow]:
    """The tender's steps in file order, each with the instant its milestone is due."""
    by_id = {item.milestone.id: item.when for item in resolved_milestones(tender)}
    return [StepRow(number, step, step.date, by_id.get(step.date) if step.date else None) for number, step in enumerate(tender.steps, 1)]


def find_step(tender: Tender, wanted: str) -> int:
    """A step by 1-based number or by id -> 0-based index; UsageError naming the choices."""
    text = wanted.strip()
    if text.isdigit():
        number = int(text)
        if 1 <= number <= len(tender.steps):
            return number - 1
        count = len(tender.steps)
        raise UsageError(f"{tender.reference} has {count} step{'s' if count != 1 else ''}; there is no step {number}")
    for index, step in enumerate(tender.steps):
        if step.id == text:
            return index
    lowered = text.lower()
    matches = [i for i, s in enumerate(tender.steps) if s.id and s.id.lower() == lowered]
    if len(matches) == 1:
        return matches[0]
    # a unique start of an id is enough: `register` for `register-as-a-supplier`
    prefixed = [i for i, s in enumerate(tender.steps) if s.id and s.id.lower().startswith(lowered)]
    if len(prefixed) == 1:
        return prefixed[0]
    ids = [s.id for s in tender.steps if s.id]

    # compare with whole ids and with their first word, so `regster` finds `register-as-a-supplier`
    candidates = {i: i for i in ids} | {i.split("-")[0]: i for i in ids if i.split("-")[0] not in ids}
    near = [candidates[c] for c in difflib.get_close_matches(text, list(candidates), n=1)]
    hint = (
        f"did you mean {near[0]!r}?"
        if near
        else ("step ids: " + ", ".join(ids) if ids else "give the step's number, 1 to " + str(len(tender.steps)))
    )
    raise UsageError(f"{tender.reference}: no step {wanted!r} ({hint})")


def today_in(tender: Tender, now: dt.datetime) -> dt.date:
    """Today's date where the tender is (a step done at 23:30 in Dakar is done that day there)."""
    return now.astimezone(get_zone(tender.timezone)).date()


@dataclass(frozen=True)
class DoneChange:
    """What ``done`` did, for the CLI to report."""

    number: int
    text: str
    done: dt.date | None
    previous: dt.date | None
    changed: bool


def mark_done(
    tf: TenderFile,
    index: int,
    *,
    on: dt.date | None,
    undo: bool = False,
    note: str | None = None,
) -> DoneChange:
    """Record (or with ``undo`` remove) a step's completion date, and optionally a note.

    A plain-text step becomes a ``{text: ..., done: ...}`` mapping in place. Marking a step
    that is already done keeps its date unless ``on`` is given explicitly. Saves the file.
    """
    step = tf.tender.steps[index]
    previous = step.done
    if undo:
        new_date = None
    elif on is None:
        raise ValueError("mark_done needs a date unless undo is set")
    else:
        new_date = on
    if new_date == previous and (note is None or note == step.note):
        return DoneChange(index + 1, step.text, previous, previous, False)
    tf.step_mapping(index)
    if new_date is None:
        tf.delete_key(["steps", index, "done"])
    else:
        tf.set_key(["steps", index, "done"], new_date)
    if note is not None:
        if note:
            tf.set_key(["steps", index, "note"], note, after="done")
        else:
            tf.delete_key(["steps", index, "note"])
    changed = tf.save()
    return DoneChange(index + 1, step.text, new_date, previous, changed)


@dataclass(frozen=True)
class StatusChange:
    previous: Status
    status: Status
    date: dt.date
    changed: bool


def set_status(tf: TenderFile, status: Status, on: dt.date) -> StatusChange:
    """Record the bid's status and the day it changed; nothing is written if it is unchanged."""
    previous = tf.tender.status
    if previous == status:
        return StatusChange(previous, status, tf.tender.status_date or on, False)
    anchor = next((k for k in ("buyer", "timezone", "title", "reference") if k in tf.data), None)
    tf.set_key(["status"], status.value, after=anchor)
    tf.set_key(["status_date"], on, after="status")
    changed = tf.save()
    return StatusChange(previous, status, on, changed)


@dataclass(frozen=True)
class AgendaItem:
    """An undone step of some tender."""

    reference: str
    title: str
    status: str
    path: str
    row: StepRow

    def to_json(self, now: dt.datetime, reader: dt.tzinfo | None = None) -> dict[str, Any]:
        return {"reference": self.reference, "title": self.title, "status": self.status, "file": self.path, **self.row.to_json(now, reader)}


@dataclass
class Agenda:
    items: list[AgendaItem]
    closed_hidden: int = 0
    later_hidden: int = 0
    done_steps: int = 0


def agenda(
    tenders: Iterable[LoadedTender],
    now: dt.datetime,
    *,
    include_closed: bool = False,
    within: dt.timedelta | None = None,
) -> Agenda:
    """Undone steps across tenders: overdue first, then by due date, undated last.

    Steps of closed tenders (won, lost, withdrawn, cancelled) are left out unless asked;
    with ``within``, steps due later than that (and undated ones) are left out too.
    """
    result = Agenda(items=[])
    for loaded in tenders:
        tender = loaded.tender
        if tender.status.closed and not include_closed:
            if any(s.done is None for s in tender.steps):
                result.closed_hidden += 1
            continue
        for row in step_rows(tender):
            if row.done is not None:
                result.done_steps += 1
                continue
            if within is not None and (row.due is None or row.due - now > within):
                result.later_hidden += 1
                continue
            result.items.append(AgendaItem(tender.reference, tender.title, tender.status.value, loaded.path, row))

    far = dt.datetime.max.replace(tzinfo=dt.UTC)

    def key(item: AgendaItem) -> tuple[int, dt.datetime, str, int]:
        due = item.row.due
        group = 0 if item.row.overdue(now) else (1 if due is not None else 2)
        return (group, due or far, item.reference, item.row.number)

    result.items.sort(key=key)
    return result
