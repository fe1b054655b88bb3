"""Stage 4, plan: what to write for a new tender, and the three-way update of an existing one.

:func:`plan_update` compares the file as it is now (ours), what OCDS said last time (base) and
what it says now (theirs): a field OCDS changed wins, a field only the user changed stays, and
nothing is ever deleted. Steps, checks and notes are never OCDS-owned, so a re-import cannot
touch them. :func:`import_tenders` carries the plan out, in place through
:class:`tenderctl.authoring.edit.TenderFile`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from tenderctl.interop.ocds._common import BOOKKEEPING_KEY, EXTENSION_KEY, _parse_datetime
from tenderctl.interop.ocds.merge import Merged
from tenderctl.interop.ocds.release import export_release
from tenderctl.interop.ocds.source import SourceRelease
from tenderctl.interop.ocds.view import OWNED_SCALARS, View, _sort_key, standard_view
from tenderctl.tenders.model import Tender
from tenderctl.tenders.timeline import get_zone, resolve
from tenderctl.tenders.timeparse import format_timedelta
from tenderctl.vocab import CLOSED_STATUSES

if TYPE_CHECKING:
    pass

# -- a new tender, and the three-way update of an existing one -----------------------------------


def bookkeeping(view: View, merged: Merged) -> dict[str, Any]:
    """What the file keeps under ``extensions.ocds``: where it came from and what OCDS said."""
    stamps = [str(s.data["date"]) for s in merged.sources if isinstance(s.data.get("date"), str)]
    last_date = max(stamps, key=lambda d: _sort_key(_parse_datetime(d) or datetime.min), default=None)
    out: dict[str, Any] = {
        "source": merged.source,
        "releases": [str(s.data.get("id")) for s in merged.sources if s.data.get("id") is not None],
    }
    if last_date:
        out["release_date"] = last_date
    if view.ocds_status:
        out["tender_status"] = view.ocds_status
    out["last"] = view.last()
    return out


def new_tender(view: View, merged: Merged, record: dict[str, Any] | None = None) -> dict[str, Any]:
    """The tender file for a tender seen for the first time, as plain data in file order.

    ``record`` is the import record kept under ``extensions.<view.origin>`` (default: the OCDS
    one, :func:`bookkeeping`).
    """
    if view.carried is not None:
        carried = json.loads(json.dumps(view.carried))
        base = carried_view(carried, view.ocid)
        changes = plan_update(carried, base, view)
        apply_changes(DictDocument(carried), changes)
        return dict(carried)
    data: dict[str, Any] = {"reference": view.reference, "title": view.title, "timezone": view.timezone}
    if view.buyer:
        data["buyer"] = view.buyer
    if view.status:
        data["status"] = view.status
    if view.portal:
        data["portal"] = view.portal
    if view.url:
        data["url"] = view.url
    if view.origin == "ocds":
        data["ocid"] = view.ocid
    if view.notes:
        data["notes"] = view.notes
    if view.contacts:
        data["contacts"] = view.contacts
    if view.links:
        data["links"] = view.links
    if view.dates:
        data["dates"] = [{"id": mid, **values} for mid, values in view.dates.items()]
    data["extensions"] = {view.origin: record if record is not None else bookkeeping(view, merged)}
    return data


def carried_view(tender_data: Mapping[str, Any], ocid: str | None = None) -> View:
    """The view a tender would have after export and import: the base for files without one."""

    tender = Tender.model_validate(tender_data)
    release = export_release(tender, now=datetime(2000, 1, 1, tzinfo=UTC))
    if ocid:
        release["ocid"] = ocid
    release["tender"].pop(EXTENSION_KEY, None)
    merged = Merged(release["ocid"], release, [SourceRelease(release, "(this file)", "export")])
    view, _notes = standard_view(merged, zone=tender.timezone)
    return view


@dataclass(frozen=True)
class Change:
    """One thing a re-import changes in a tender file."""

    path: tuple[str, ...]
    old: Any
    new: Any
    action: str = "set"  # set | add | remove
    headline: bool = False
    shift: str = ""
    """For a moved date: how far and which way, e.g. '1 day 14 h later'."""

    def describe(self) -> str:
        if self.path[0] == "dates":
            mid = self.path[1]
            if self.action == "add":
                return f"new date {mid} ({self.new.get('kind')}): {_show_at(self.new.get('at'))}"
            if self.action == "remove":
                return f"{mid} removed: {_show_at(self.old.get('at'))}, now {self.new}"
            if self.path[2] == "at":
                kind = "deadline" if self.headline else "date"
                shift = f" ({self.shift})" if self.shift else ""
                return f"{mid} {kind} moved: {_show_at(self.old)} -> {_show_at(self.new)}{shift}"
            return f"{mid} {self.path[2]}: {self.old!r} -> {self.new!r}"
        if self.path[0] == "links":
            if self.action == "add":
                return f"new link: {self.new['title']} <{self.new['url']}>"
            return f"link {self.path[1]} title: {self.old!r} -> {self.new!r}"
        if self.path[0] == "status":
            return f"status: {self.old or 'open'} -> {self.new} (the buyer cancelled the tender)"
        name = ".".join(self.path)
        return f"{name}: {_short(self.old)} -> {_short(self.new)}"

    def to_json(self) -> dict[str, Any]:
        return {
            "field": ".".join(self.path),
            "action": self.action,
            "old": self.old,
            "new": self.new,
            "headline": self.headline,
            "text": self.describe(),
        }


def _short(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("name") or value
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _show_at(at: Any) -> str:
    if not isinstance(at, str):
        return repr(at)
    return at.replace("T", " ")


def _instant_key(at: str | None, zone: str) -> Any:
    """Compare times, not spellings: '2025-06-05 15:00' in Brussels is '...T13:00:00Z'."""
    if not at:
        return None

    try:
        when = resolve(at, get_zone(zone))
    except ValueError:
        return at
    return ("day", when.day) if when.all_day else ("at", when.start.astimezone(UTC))


def _shift(old: Any, old_zone: str, new: str, new_zone: str) -> str:
    """'2 days later' / '3 h earlier' between two ``at`` values (all-day ones by their due end)."""

    try:
        before = resolve(str(old), get_zone(old_zone)).due
        after = resolve(new, get_zone(new_zone)).due
    except ValueError:
        return ""
    delta = after - before
    if not delta:
        return ""
    return f"{format_timedelta(delta)} {'later' if delta > timedelta(0) else 'earlier'}"


def plan_update(ours: Mapping[str, Any], base: View | Mapping[str, Any] | None, theirs: View) -> list[Change]:
    """What to change in ``ours`` so it follows what OCDS changed since ``base``.

    A field OCDS changed (theirs != base) is taken unless the file already says the same;
    a field OCDS did not change keeps whatever the user wrote. A date or link the source
    dropped stays, and a value it set to nothing is kept, with one exception (:func:`renamed`):
    a date the source now gives under other ids of the same kind (a shared deadline split per
    lot, or lots agreeing again) is removed when the user never edited it, since keeping it
    would leave a second, stale deadline of that kind in the file.
    """
    base_data = base.last() if isinstance(base, View) else dict(base or {})
    their_data = theirs.last()
    zone_ours = str(ours.get("timezone") or theirs.timezone)
    zone_base = str(base_data.get("timezone") or theirs.timezone)
    changes: list[Change] = []
    for key in OWNED_SCALARS:
        new = their_data.get(key)
        if new is None or new == base_data.get(key):
            continue
        old = ours.get(key)
        if key == "portal" and isinstance(old, str):
            old = {"name": old}
        if old == new:
            continue
        if key == "status" and old in CLOSED_STATUSES:
            continue  # a closed bid stays closed
        changes.append(Change((key,), old, new, headline=key == "status"))

    our_dates = {str(d.get("id")): d for d in ours.get("dates") or [] if isinstance(d, dict)}
    base_dates: dict[str, Any] = base_data.get("dates") or {}
    for mid, values in (their_data.get("dates") or {}).items():
        before = base_dates.get(mid)
        mine = our_dates.get(mid)
        if mine is None:
            if before is None or _instant_key(before.get("at"), zone_base) != _instant_key(values.get("at"), theirs.timezone):
                changes.append(
                    Change(("dates", mid), None, {"id": mid, **values}, action="add", headline=values.get("kind") == "submission")
                )
            continue
        my_zone = str(mine.get("timezone") or zone_ours)
        for sub in ("at", "kind", "title"):
            new = values.get(sub)
            if new is None:
                continue
            old_base = before.get(sub) if before else None
            if sub == "at":
                theirs_key = _instant_key(new, theirs.timezone)
                if theirs_key == _instant_key(old_base, zone_base) or theirs_key == _instant_key(mine.get("at"), my_zone):
                    continue
            elif new == old_base or new == mine.get(sub):
                continue
            kind = str(mine.get("kind") or values.get("kind") or "")
            shift = _shift(mine.get("at"), my_zone, new, theirs.timezone) if sub == "at" else ""
            changes.append(
                Change(("dates", mid, sub), mine.get(sub), new, headline=sub == "at" and kind in ("submission", "questions"), shift=shift)
            )

    for mid, replaced_by in renamed(ours, base_data, zone_base, theirs).items():
        mine = our_dates[mid]
        changes.append(
            Change(
                ("dates", mid),
                dict(mine),
                ", ".join(replaced_by),
                action="remove",
                headline=mine.get("kind") in ("submission", "questions"),
            )
        )

    our_links = {str(link.get("url")): link for link in ours.get("links") or [] if isinstance(link, dict)}
    base_links = {str(link.get("url")): link for link in base_data.get("links") or []}
    for link in their_data.get("links") or []:
        url = link["url"]
        if url not in our_links:
            if url not in base_links:
                changes.append(Change(("links",), None, link, action="add"))
            continue
        before_title = base_links.get(url, {}).get("title")
        if link["title"] != before_title and link["title"] != our_links[url].get("title"):
            changes.append(Change(("links", url, "title"), our_links[url].get("title"), link["title"]))
    changes.sort(key=lambda c: not c.headline)
    return changes


def renamed(ours: Mapping[str, Any], base_data: Mapping[str, Any], zone_base: str, theirs: View) -> dict[str, list[str]]:
    """Dates the source dropped while it still lists their kind under new ids, untouched in the file.

    ``submission`` becomes ``submission-lot-0000`` and ``submission-lot-0001`` when a change
    notice gives two lots different deadlines (and back when they agree again): the old date
    is the same deadline under its former id. It is removed only when the file still holds
    exactly what the source last gave (instant, kind and title): a date the user edited stays.
    Maps each such id to the new ids of its kind.
    """
    their_dates: dict[str, Any] = theirs.last().get("dates") or {}
    base_dates: Mapping[str, Any] = base_data.get("dates") or {}
    zone_ours = str(ours.get("timezone") or theirs.timezone)
    out: dict[str, list[str]] = {}
    for item in ours.get("dates") or []:
        if not isinstance(item, dict):
            continue
        mid, before = str(item.get("id")), base_dates.get(str(item.get("id")))
        if before is None or mid in their_dates:
            continue
        kind = before.get("kind")
        fresh = sorted(other for other, values in their_dates.items() if values.get("kind") == kind and other not in base_dates)
        if not fresh or item.get("kind") != kind or item.get("title") != before.get("title"):
            continue
        zone = str(item.get("timezone") or zone_ours)
        if _instant_key(item.get("at"), zone) != _instant_key(before.get("at"), zone_base):
            continue
        out[mid] = fresh
    return out


def dropped(ours: Mapping[str, Any], base: View | Mapping[str, Any] | None, theirs: View) -> list[str]:
    """Dates the source no longer lists but the file still has (kept, and worth a note); not
    those :func:`renamed` finds, which the update removes."""
    base_data = base.last() if isinstance(base, View) else dict(base or {})
    our_ids = {str(d.get("id")) for d in ours.get("dates") or [] if isinstance(d, dict)}
    gone = set(base_data.get("dates") or {}) - set(theirs.dates)
    zone_base = str(base_data.get("timezone") or theirs.timezone)
    return sorted((gone & our_ids) - set(renamed(ours, base_data, zone_base, theirs)))


class DictDocument:
    """The editing interface of :class:`tenderctl.authoring.edit.TenderFile`, over plain dicts."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def get(self, key_path: list[str | int]) -> Any:
        node: Any = self.data
        for key in key_path:
            node = node[key]
        return node

    def set_key(self, key_path: list[str | int], value: Any, *, after: str | None = None) -> None:
        *parents, last = key_path
        self.get(parents)[last] = value

    def remove_item(self, key_path: list[str | int], index: int) -> None:
        del self.get(key_path)[index]

    def append(self, key_path: list[str | int], value: Any) -> None:
        *parents, last = key_path
        parent = self.get(parents)
        if parent.get(last) is None:
            parent[last] = []
        parent[last].append(value)


def apply_changes(document: Any, changes: Iterable[Change]) -> None:
    """Carry out planned changes on a TenderFile (in place, comments kept) or a DictDocument."""
    data = document.data
    for change in changes:
        head = change.path[0]
        if head == "dates":
            if change.action == "add":
                document.append(["dates"], dict(change.new))
                continue
            if change.action == "remove":
                document.remove_item(["dates"], _index_by(data.get("dates"), "id", change.path[1]))
                continue
            index = _index_by(data.get("dates"), "id", change.path[1])
            document.set_key(["dates", index, change.path[2]], change.new)
            if change.path[2] == "at":
                item = data["dates"][index]
                sequence = item.get("sequence") if hasattr(item, "get") else None
                document.set_key(["dates", index, "sequence"], (sequence or 0) + 1, after="at")
        elif head == "links":
            if change.action == "add":
                document.append(["links"], dict(change.new))
            else:
                index = _index_by(data.get("links"), "url", change.path[1])
                document.set_key(["links", index, "title"], change.new)
        else:
            document.set_key([head], change.new, after="title")


def set_bookkeeping(document: Any, value: dict[str, Any], key: str = BOOKKEEPING_KEY) -> None:
    """Replace the import record ``extensions.<key>`` (``ocds`` or ``eforms``)."""
    data = document.data
    if isinstance(data.get("extensions"), dict):
        document.set_key(["extensions", key], value)
    else:
        document.set_key(["extensions"], {key: value})


def _index_by(items: Any, key: str, value: str) -> int:
    for index, item in enumerate(items or []):
        if hasattr(item, "get") and str(item.get(key)) == value:
            return index
    raise KeyError(value)
