"""Stage 2, merge: the releases of one ``ocid`` folded in date order with the OCDS merge rules
(objects merge, ``null`` removes, arrays of objects merge by ``id``), so a later
``tenderAmendment`` that moves the deadline wins."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tenderctl.errors import Problem
from tenderctl.interop.ocds._common import EXTENSION_KEY, _parse_datetime, note
from tenderctl.interop.ocds.source import SourceRelease

# -- merging ---------------------------------------------------------------------------------------


@dataclass
class Merged:
    """The releases of one ocid folded into one compiled release."""

    ocid: str
    release: dict[str, Any]
    sources: list[SourceRelease]
    notes: list[Problem] = field(default_factory=list)

    @property
    def source(self) -> str:
        return ", ".join(dict.fromkeys(s.source for s in self.sources))

    @property
    def label(self) -> str:
        """The release the merged data is as of: the latest one, and how many were merged."""
        if not self.sources:
            return ""
        latest = self.sources[-1].label
        return latest if len(self.sources) == 1 else f"{latest} (latest of {len(self.sources)})"


def group_by_ocid(releases: Iterable[SourceRelease]) -> tuple[dict[str, list[SourceRelease]], list[Problem]]:
    """Releases per ocid, in the order each ocid first appears; a release without one is named."""
    groups: dict[str, list[SourceRelease]] = {}
    notes: list[Problem] = []
    for item in releases:
        if not item.ocid:
            notes.append(note(item.source, "has no ocid, so it cannot be tied to a tender; skipped", release=item.label, level="error"))
            continue
        groups.setdefault(item.ocid, []).append(item)
    return groups, notes


def merge_releases(ocid: str, releases: list[SourceRelease]) -> Merged:
    """Fold releases oldest first: later values win, ``null`` removes, id'd list items merge."""
    notes: list[Problem] = []
    keyed: list[tuple[datetime, int, SourceRelease]] = []
    for position, item in enumerate(releases):
        when = _parse_datetime(item.data.get("date"))
        if when is None:
            notes.append(
                note(item.source, "release date missing or unreadable; merged as the oldest", ocid=ocid, release=item.label, field="date")
            )
            when = datetime.min.replace(tzinfo=UTC)
        elif when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        keyed.append((when, position, item))
    keyed.sort(key=lambda k: (k[0], k[1]))
    compiled: dict[str, Any] = {}
    for _when, _position, item in keyed:
        _merge_into(compiled, item.data)
    compiled["ocid"] = ocid
    ordered = [k[2] for k in keyed]
    return Merged(ocid, compiled, ordered, notes)


def _merge_into(target: dict[str, Any], update: Mapping[str, Any]) -> None:
    for key, value in update.items():
        if value is None:
            target.pop(key, None)
        elif key == EXTENSION_KEY:
            target[key] = value  # our own payload is one whole value, never merged piecewise
        elif isinstance(value, dict):
            current = target.get(key)
            if not isinstance(current, dict):
                current = target[key] = {}
            _merge_into(current, value)
        elif isinstance(value, list) and value and all(isinstance(v, dict) and "id" in v for v in value):
            current_list = target.get(key)
            if not isinstance(current_list, list):
                current_list = target[key] = []
            by_id = {str(v.get("id")): v for v in current_list if isinstance(v, dict)}
            for item in value:
                existing = by_id.get(str(item["id"]))
                if existing is None:
                    fresh: dict[str, Any] = {}
                    _merge_into(fresh, item)
                    current_list.append(fresh)
                    by_id[str(item["id"])] = fresh
                else:
                    _merge_into(existing, item)
        else:
            target[key] = copy.deepcopy(value) if isinstance(value, list) else value  # never alias the input
