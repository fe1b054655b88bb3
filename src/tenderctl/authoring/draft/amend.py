"""``draft --update``: apply an amended notice's dates to an existing tender file, in place.

The notice is drafted as usual; each of its milestones is matched to the tender's by id, else
by kind when the tender has exactly one of that kind. A matched milestone whose instant
differs is *moved*: its ``at`` is rewritten in the tender's own zone for it (so no other key
changes), its ``as_written`` takes the notice's words when it has one, and its ``sequence`` goes
up when it has one (calendars use it to replace the event). Nothing else in the file changes:
the edit goes through :class:`tenderctl.authoring.edit.TenderFile`, which patches only the
changed lines, validates, and refuses a file that changed on disk meanwhile. Dates the tender
does not have are reported, not added.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tenderctl.tenders.timeline import get_zone, resolve

if TYPE_CHECKING:
    from tenderctl.authoring.draft.model import Draft, DraftMilestone
    from tenderctl.tenders.model import Milestone


@dataclass
class Move:
    id: str
    kind: str
    before: str
    after: str


@dataclass
class UpdateResult:
    path: Path
    moved: list[Move] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_in_tender: list[str] = field(default_factory=list)
    written: bool = False

    def moves(self) -> list[str]:
        """What moved, one line each (stdout, first)."""
        return [f"moved {m.id} ({m.kind}): {m.before} -> {m.after}" for m in self.moved]

    def notes(self) -> list[str]:
        """The rest, for stderr."""
        lines = [f"draft: not in {self.path}, not added: {missing}" for missing in self.not_in_tender]
        if self.moved:
            lines.append(f"updated {self.path}: {len(self.moved)} date{'s' if len(self.moved) != 1 else ''} moved")
        else:
            lines.append(f"{self.path}: no date moved; nothing changed")
        return lines

    def to_json(self) -> dict[str, object]:
        return {
            "file": str(self.path),
            "written": self.written,
            "moved": [{"id": m.id, "kind": m.kind, "from": m.before, "to": m.after} for m in self.moved],
            "unchanged": self.unchanged,
            "not_in_tender": self.not_in_tender,
        }


def apply_update(path: str | Path, draft: Draft, *, dry_run: bool = False) -> UpdateResult:
    """Move the tender's milestones to the dates of ``draft``; raises EditError subclasses on refusal."""
    from tenderctl.authoring.edit import TenderFile  # lazy: ruamel.yaml, only for --update (a draft printed never edits)

    tf = TenderFile.open(path)
    result = UpdateResult(Path(path))
    tender_zone = tf.tender.timezone
    existing = list(tf.tender.dates)
    for new in draft.dates:
        index = _match(existing, new)
        if index is None:
            result.not_in_tender.append(f"{new.kind} {new.at} ({new.title})")
            continue
        old = existing[index]
        zone_name = old.timezone or tender_zone
        new_instant = _instant(new.at, new.timezone or draft.timezone)
        old_instant = _instant(old.at, zone_name)
        if new_instant == old_instant:
            result.unchanged.append(old.id)
            continue
        value = _in_zone(new_instant, zone_name)
        tf.set_key(["dates", index, "at"], value)
        if new.as_written:
            tf.set_key(["dates", index, "as_written"], new.as_written, after="at")
        if old.sequence is not None:
            tf.set_key(["dates", index, "sequence"], old.sequence + 1)
        result.moved.append(Move(old.id, old.kind.value, old.at, value))
    if result.moved and not dry_run:
        result.written = tf.save()
    return result


def _match(existing: list[Milestone], new: DraftMilestone) -> int | None:
    for index, old in enumerate(existing):
        if old.id == new.id and old.kind.value == new.kind:
            return index
    same_kind = [i for i, old in enumerate(existing) if old.kind.value == new.kind]
    return same_kind[0] if len(same_kind) == 1 else None


def _instant(at: str, zone_name: str) -> dt.datetime | dt.date:

    when = resolve(at, get_zone(zone_name))
    return when.day if when.all_day else when.start


def _in_zone(instant: dt.datetime | dt.date, zone_name: str) -> str:
    """The new ``at`` written in the milestone's own zone, the way tender files write local times."""

    if not isinstance(instant, dt.datetime):
        return instant.isoformat()
    local = instant.astimezone(get_zone(zone_name))
    return f"{local:%Y-%m-%d %H:%M}"
