"""The Open Contracting Data Standard (OCDS 1.1) in and out of tender files.

Import is a pipeline of pure steps, each returning data plus one-line notes, never printing:

1. :func:`read_source` turns bytes (a release package, a record package, a single release, a
   record, a JSON array or JSON Lines) into releases, bounded in size and nesting; bad JSON is
   one note with its line and column.
2. :func:`merge_releases` folds the releases of one ``ocid`` in date order with the OCDS merge
   rules (objects merge, ``null`` removes, arrays of objects merge by ``id``), so a later
   ``tenderAmendment`` that moves the deadline wins.
3. :func:`standard_view` maps the compiled release onto tender fields (the "OCDS-owned" view:
   title, buyer, portal, links, dates, ...), warning about messy data as it goes.
4. :func:`plan_update` compares three views, the file as it is now (ours), what OCDS said
   last time (base) and what it says now (theirs): a field OCDS changed wins, a field only
   the user changed stays, and nothing is ever deleted. Steps, checks and notes are never
   OCDS-owned, so a re-import cannot touch them.

Export (:func:`export_package`) writes a release package that validates against the OCDS 1.1
release package schema. The whole tender also travels in ``tender.tenderctl`` (a namespaced
extension field, see docs), so export -> import loses nothing; the standard fields stay
authoritative, because import compares them with what the carried tender would export.

OCDS dates carry UTC offsets, not zones: every imported ``at`` keeps the exact instant with
its offset; the tender's zone is ``--timezone`` or a fixed-offset ``Etc/GMT±N`` zone, and the
notes say it was inferred.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from tenderctl.tenders.model import Tender

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""OCDS bulk files can be large, but a tender import has no use for more than this."""


def read_inputs(files: Iterable[str], stdin: BinaryIO) -> tuple[list[tuple[str, bytes]], list[str]]:
    """(display name, bytes) per input, and one message per input that could not be read.

    ``-`` reads ``stdin``; files go through :func:`tenderctl.fsutil.read_bounded` (a path the
    user named: symlinks followed; pipes and devices refused, so a FIFO cannot hang the import).
    """
    from tenderctl.fsutil import UnreadableFile, read_bounded

    inputs: list[tuple[str, bytes]] = []
    errors: list[str] = []
    for name in files:
        if name == "-":
            inputs.append(("<stdin>", stdin.read(MAX_INPUT_BYTES + 1)))
            continue
        try:
            data, _info = read_bounded(name, MAX_INPUT_BYTES, follow_symlinks=True, what="JSON file")
        except UnreadableFile as exc:
            hint = exc.hint
            if exc.message == "is a folder":
                hint = f"name the JSON files (e.g. {name}/*.json)"
            elif exc.message == "not a regular file":
                hint = "pipes and devices are not read; use '-' for stdin"
            elif exc.size > MAX_INPUT_BYTES:
                hint = "split it first"
            errors.append(f"{name}: {exc.message}" + (f" ({hint})" if hint else ""))
            continue
        inputs.append((name, data))
    return inputs, errors


MAX_DEPTH = 64
"""JSON nesting allowed; OCDS releases need about ten levels."""

MAX_TITLE = 500
MAX_REFERENCE = 200
MAX_NOTES = 20_000
"""Cuts for free text, so one tender file stays well under the loader's size limit."""

MAX_RELEASES = 100_000
"""Releases read from one input; past that the file is refused rather than half-read."""

EXTENSION_KEY = "tenderctl"
EXTENSION_VERSION = 1
OCID_PREFIX = "tenderctl-"
"""Prefix of the ocid given to a tender that has none (not a registered OCDS prefix)."""

BOOKKEEPING_KEY = "ocds"
"""Key under a tender's ``extensions`` where import keeps what OCDS said last time."""

_ID_BAD = re.compile(r"[^A-Za-z0-9_.-]+")
_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


# -- notes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    """One line about the input: where (file, line, ocid, release), which field, what.

    ``level`` is ``warning`` (the import goes on) or ``error`` (this file or tender is skipped).
    """

    source: str
    message: str
    ocid: str = ""
    release: str = ""
    field: str = ""
    line: int = 0
    column: int = 0
    level: str = "warning"

    def __str__(self) -> str:
        where = self.source
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        parts = [where]
        if self.ocid:
            parts.append(self.ocid)
        if self.release:
            parts.append(f"release {self.release}")
        tag = "warning: " if self.level == "warning" else "error: "
        body = f"{self.field}: {self.message}" if self.field else self.message
        text = f"{': '.join(parts)}: {tag}{body}"
        return text.replace("\r", "\\r").replace("\n", "\\n")  # one line each, whatever the data holds

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.source,
            "line": self.line or None,
            "column": self.column or None,
            "ocid": self.ocid or None,
            "release": self.release or None,
            "field": self.field or None,
            "message": self.message,
            "level": self.level,
        }


# -- reading ---------------------------------------------------------------------------------------


@dataclass
class SourceRelease:
    """A release (or a record's compiled release) and where it came from."""

    data: dict[str, Any]
    source: str
    label: str

    @property
    def ocid(self) -> str:
        value = self.data.get("ocid")
        return str(value).strip() if isinstance(value, (str, int)) and str(value).strip() else ""


def read_source(raw: bytes, source: str) -> tuple[list[SourceRelease], list[Note]]:
    """Bytes of one input -> its releases, and notes. A broken file gives one error note."""
    if len(raw) > MAX_INPUT_BYTES:
        return [], [Note(source, f"input is over the {MAX_INPUT_BYTES:,}-byte limit; split it (e.g. with ocdskit) first", level="error")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return [], [
            Note(source, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); OCDS JSON must be UTF-8", line=line, column=column, level="error")
        ]
    if not text.strip():
        return [], [Note(source, "the input is empty", level="error")]
    try:
        documents = [(_loads(text), 0)]
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            return [], [_json_note(source, exc)]
        try:
            documents = _json_lines(text)
        except json.JSONDecodeError as line_exc:
            return [], [_json_note(source, line_exc)]
    except _TooDeep:
        return [], [Note(source, f"JSON nested more than {MAX_DEPTH} levels deep; not OCDS", level="error")]
    notes: list[Note] = []
    if _ESCAPED_SURROGATE.search(text):
        documents = [(_no_surrogates(document), line) for document, line in documents]
        notes.append(
            Note(
                source,
                "lone UTF-16 surrogate escapes (\\ud800-\\udfff) replaced with U+FFFD; the text cannot be written as UTF-8 otherwise",
            )
        )
    releases: list[SourceRelease] = []
    for document, line in documents:
        found, more = _releases_in(document, source, line)
        releases.extend(found)
        notes.extend(more)
        if len(releases) > MAX_RELEASES:
            return [], [Note(source, f"more than {MAX_RELEASES:,} releases; split the file first", level="error")]
    if not releases and not any(n.level == "error" for n in notes):
        notes.append(Note(source, "no releases or records found (is this OCDS data?)", level="error"))
    return releases, notes


class _TooDeep(ValueError):
    pass


_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(value: Any) -> Any:
    """JSON may escape half a UTF-16 pair; such text cannot be encoded, so mark it instead."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_no_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_no_surrogates(k): _no_surrogates(v) for k, v in value.items()}
    return value


def _loads(text: str) -> Any:
    try:
        value = json.loads(text)
    except RecursionError:  # the C parser's own guard, far beyond MAX_DEPTH
        raise _TooDeep from None
    _check_depth(value)
    return value


def _check_depth(value: Any) -> None:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _TooDeep
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item if isinstance(v, (dict, list)))


def _json_lines(text: str) -> list[tuple[Any, int]]:
    """JSON Lines: one document per non-blank line; an error carries the file's line number."""
    out: list[tuple[Any, int]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append((_loads(line), number))
        except json.JSONDecodeError as exc:
            raise json.JSONDecodeError(exc.msg, text, _offset_of_line(text, number) + exc.pos) from None
    return out


def _offset_of_line(text: str, number: int) -> int:
    offset = 0
    for _ in range(number - 1):
        offset = text.index("\n", offset) + 1
    return offset


def _json_note(source: str, exc: json.JSONDecodeError) -> Note:
    return Note(source, f"not valid JSON: {exc.msg}", line=exc.lineno, column=exc.colno, level="error")


def _releases_in(document: Any, source: str, line: int) -> tuple[list[SourceRelease], list[Note]]:
    """The releases of one JSON document, whichever OCDS container it is."""
    where = f"line {line}" if line else ""
    notes: list[Note] = []
    if isinstance(document, list):
        out: list[SourceRelease] = []
        for index, item in enumerate(document):
            found, more = _releases_in(item, source, line)
            if not found and not more:
                notes.append(Note(source, f"item {index} is not a release, record or package; skipped", line=line))
            out.extend(found)
            notes.extend(more)
        return out, notes
    if not isinstance(document, dict):
        return [], [Note(source, f"expected a JSON object, found {type(document).__name__}", line=line, level="error")]
    if isinstance(document.get("releases"), list) and "ocid" not in document:  # release package
        out = []
        for index, item in enumerate(document["releases"]):
            label = _release_label(item, index, where)
            if isinstance(item, dict) and "url" in item and "ocid" not in item:
                notes.append(Note(source, "a linked release (only a url): not fetched, skipped", release=label, line=line))
            elif isinstance(item, dict):
                out.append(SourceRelease(item, source, label))
            else:
                notes.append(Note(source, "not a JSON object; skipped", release=label, line=line))
        return out, notes
    if isinstance(document.get("records"), list):  # record package
        out = []
        for index, record in enumerate(document["records"]):
            if not isinstance(record, dict):
                notes.append(Note(source, f"records[{index}] is not a JSON object; skipped", line=line))
                continue
            found, more = _record_releases(record, source, index, where)
            out.extend(found)
            notes.extend(more)
        return out, notes
    if "ocid" in document and ("releases" in document or "compiledRelease" in document):  # a lone record
        return _record_releases(document, source, 0, where)
    if "ocid" in document:  # a single release
        return [SourceRelease(document, source, _release_label(document, 0, where))], []
    return [], [
        Note(source, "neither a release, a record, nor a package of them (no 'ocid', 'releases' or 'records')", line=line, level="error")
    ]


def _record_releases(record: dict[str, Any], source: str, index: int, where: str) -> tuple[list[SourceRelease], list[Note]]:
    compiled = record.get("compiledRelease")
    ocid = str(record.get("ocid") or "")
    if isinstance(compiled, dict):
        compiled.setdefault("ocid", ocid)
        return [SourceRelease(compiled, source, f"records[{index}].compiledRelease")], []
    out: list[SourceRelease] = []
    notes: list[Note] = []
    for position, item in enumerate(record.get("releases") or []):
        label = _release_label(item, position, where)
        if isinstance(item, dict) and "tag" in item and ("tender" in item or "buyer" in item or "ocid" in item):
            item.setdefault("ocid", ocid)
            out.append(SourceRelease(item, source, label))
        else:
            notes.append(
                Note(source, "a linked release (only a url) and no compiledRelease: not fetched, skipped", ocid=ocid, release=label)
            )
    return out, notes


def _release_label(item: Any, index: int, where: str) -> str:
    rid = item.get("id") if isinstance(item, dict) else None
    label = str(rid) if isinstance(rid, (str, int)) and str(rid) else f"#{index + 1}"
    return f"{label} ({where})" if where else label


# -- merging ---------------------------------------------------------------------------------------


@dataclass
class Merged:
    """The releases of one ocid folded into one compiled release."""

    ocid: str
    release: dict[str, Any]
    sources: list[SourceRelease]
    notes: list[Note] = field(default_factory=list)

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


def group_by_ocid(releases: Iterable[SourceRelease]) -> tuple[dict[str, list[SourceRelease]], list[Note]]:
    """Releases per ocid, in the order each ocid first appears; a release without one is named."""
    groups: dict[str, list[SourceRelease]] = {}
    notes: list[Note] = []
    for item in releases:
        if not item.ocid:
            notes.append(Note(item.source, "has no ocid, so it cannot be tied to a tender; skipped", release=item.label, level="error"))
            continue
        groups.setdefault(item.ocid, []).append(item)
    return groups, notes


def merge_releases(ocid: str, releases: list[SourceRelease]) -> Merged:
    """Fold releases oldest first: later values win, ``null`` removes, id'd list items merge."""
    notes: list[Note] = []
    keyed: list[tuple[datetime, int, SourceRelease]] = []
    for position, item in enumerate(releases):
        when = _parse_datetime(item.data.get("date"))
        if when is None:
            notes.append(
                Note(item.source, "release date missing or unreadable; merged as the oldest", ocid=ocid, release=item.label, field="date")
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


# -- OCDS -> tender fields -------------------------------------------------------------------------


@dataclass
class View:
    """What OCDS says about a tender, in tender terms (plain JSON-able values)."""

    reference: str
    title: str
    ocid: str
    timezone: str
    buyer: str | None = None
    url: str | None = None
    portal: dict[str, str] | None = None
    status: str | None = None
    notes: str | None = None
    links: list[dict[str, str]] = field(default_factory=list)
    contacts: list[dict[str, str]] = field(default_factory=list)
    dates: dict[str, dict[str, str]] = field(default_factory=dict)
    ocds_status: str | None = None
    carried: dict[str, Any] | None = None
    """The tender carried in the ``tenderctl`` extension field, when there is one."""

    def last(self) -> dict[str, Any]:
        """The OCDS-owned fields, as kept in the file for the next re-import to compare with."""
        out: dict[str, Any] = {"title": self.title, "timezone": self.timezone}
        for key in ("buyer", "url", "portal", "status"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.links:
            out["links"] = self.links
        if self.dates:
            out["dates"] = self.dates
        return out


OWNED_SCALARS = ("title", "buyer", "url", "portal", "status")


def standard_view(merged: Merged, *, zone: str | None = None) -> tuple[View, list[Note]]:
    """Map a compiled release onto tender fields; every oddity becomes a note, never an error."""
    release = merged.release
    raw_tender = release.get("tender")
    tender: dict[str, Any] = raw_tender if isinstance(raw_tender, dict) else {}
    source = merged.source
    notes: list[Note] = []

    def warn(field_name: str, message: str) -> None:
        notes.append(Note(source, message, ocid=merged.ocid, release=merged.label, field=field_name))

    reference = _one_line(_text(tender.get("id")))[:MAX_REFERENCE]
    if not reference:
        reference = _one_line(merged.ocid)[:MAX_REFERENCE]
        warn("tender.id", f"missing; the ocid {merged.ocid!r} is the reference")
    title = _one_line(_text(tender.get("title")))
    if len(title) > MAX_TITLE:
        warn("tender.title", f"{len(title):,} characters; cut to {MAX_TITLE}")
        title = title[:MAX_TITLE]
    if not title:
        title = f"Untitled OCDS tender {merged.ocid}"
        warn("tender.title", f"missing; using the placeholder title {title!r} (edit it in the file)")
    _mojibake(title, "tender.title", warn)

    buyer = _name(release.get("buyer")) or _name(tender.get("procuringEntity")) or _party_name(release, ("buyer", "procuringEntity"))
    if not buyer:
        warn("buyer.name", "no buyer or procuring entity named")

    dated: list[tuple[str, str, str, datetime | date, str]] = []  # (id, kind, title, value, field)
    offsets: list[timedelta] = []

    def when(value: Any, field_name: str) -> datetime | date | None:
        if value is None or value == "":
            return None
        parsed = _parse_datetime(value)
        if parsed is None:
            warn(field_name, f"not a date-time: {value!r}; left out")
            return None
        if isinstance(value, str) and len(value.strip()) == 10:
            warn(field_name, f"{value!r} has no time; imported as an all-day date")
            return parsed.date()
        if parsed.tzinfo is None:
            warn(field_name, f"{value!r} has no UTC offset; read as local time in the tender's zone")
        else:
            offset = parsed.utcoffset()
            if offset is not None:
                offsets.append(offset)
        if (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0):
            warn(field_name, f"{value!r} is midnight, often a placeholder for 'that day'; kept as that exact instant (check the notice)")
        return parsed

    taken: set[str] = set()
    for index, milestone in enumerate(_dicts(tender.get("milestones"))):
        field_name = f"tender.milestones[{index}]"
        raw_date = milestone.get("dueDate") or milestone.get("dateMet")
        if raw_date is None:
            warn(field_name, "has no dueDate; left out")
            continue
        value = when(raw_date, f"{field_name}.dueDate")
        if value is None:
            continue
        kind = _milestone_kind(milestone)
        mid = _unique(_safe_id(_text(milestone.get("id")) or f"milestone-{index + 1}"), taken)
        mtitle = (
            _one_line(_text(milestone.get("title")))
            or _one_line(_text(milestone.get("description")))[:120]
            or kind.replace("-", " ").capitalize()
        )
        dated.append((mid, kind, mtitle, value, field_name))

    periods = (
        ("tenderPeriod", "endDate", "submission", "submission", "Submission deadline"),
        ("enquiryPeriod", "endDate", "questions", "questions", "Last day for questions"),
        ("awardPeriod", "endDate", "award", "award", "Award decision"),
    )
    for period_name, end_key, base_id, kind, ptitle in periods:
        period = tender.get(period_name)
        if not isinstance(period, dict):
            if period_name == "tenderPeriod":
                warn("tender.tenderPeriod", "missing: no submission deadline")
            continue
        start_raw, end_raw = period.get("startDate"), period.get(end_key)
        field_name = f"tender.{period_name}.{end_key}"
        if end_raw is None:
            if period_name == "awardPeriod" and start_raw:
                value = when(start_raw, f"tender.{period_name}.startDate")
                if value is not None:
                    _add_period(dated, taken, base_id, kind, "Award period starts", value, f"tender.{period_name}.startDate")
            elif period_name != "awardPeriod" or period:
                warn(field_name, "is null or missing" + (": no submission deadline" if kind == "submission" else ""))
            continue
        value = when(end_raw, field_name)
        if value is None:
            continue
        if start_raw is not None and start_raw == end_raw:
            warn(f"tender.{period_name}", f"starts and ends at the same time ({end_raw}); the end is used")
        _add_period(dated, taken, base_id, kind, ptitle, value, field_name)

    opening = tender.get("bidOpening")
    if isinstance(opening, dict) and opening.get("date"):
        value = when(opening["date"], "tender.bidOpening.date")
        if value is not None:
            _add_period(dated, taken, "opening", "opening", "Bid opening", value, "tender.bidOpening.date")

    for index, amendment in enumerate(_dicts(tender.get("amendments"))):
        raw_date = amendment.get("date")
        if not raw_date:
            continue
        value = when(raw_date, f"tender.amendments[{index}].date")
        if value is None:
            continue
        aid = _unique(_safe_id("amendment-" + (_text(amendment.get("id")) or str(index + 1))), taken)
        why = _one_line(_text(amendment.get("rationale")) or _text(amendment.get("description")))
        dated.append((aid, "amendment", f"Amendment: {why[:100]}" if why else "Amendment", value, f"tender.amendments[{index}]"))

    carried = _carried(tender, warn)
    if zone is None and carried is not None:
        zone = str(carried.get("timezone"))
    zone_name = zone or _infer_zone(dated, offsets, warn)
    dates: dict[str, dict[str, str]] = {}
    for mid, kind, mtitle, value, _field_name in sorted(dated, key=lambda d: _sort_key(d[3])):
        dates[mid] = {"kind": kind, "title": mtitle, "at": _at_text(value)}

    links: list[dict[str, str]] = []
    seen_urls: set[str] = set()
    notice_url: str | None = None
    for index, document in enumerate(_dicts(tender.get("documents"))):
        url = _text(document.get("url"))
        if not url:
            warn(f"tender.documents[{index}]", "has no url; left out")
            continue
        if document.get("documentType") == "tenderNotice" and notice_url is None:
            notice_url = url
        if url in seen_urls:
            continue
        seen_urls.add(url)
        ltitle = _one_line(_text(document.get("title"))) or _one_line(_text(document.get("description")))[:120]
        ltitle = ltitle or _text(document.get("documentType")) or url.rsplit("/", 1)[-1] or url
        links.append({"title": ltitle, "url": url})

    portal = None
    details_key = next((k for k in tender if k.lower() == "submissionmethoddetails"), None)
    if details_key is not None and _text(tender.get(details_key)):
        if details_key != "submissionMethodDetails":
            warn(f"tender.{details_key}", "non-standard spelling of submissionMethodDetails; read anyway")
        portal = _portal(_text(tender[details_key]))

    ocds_status = _text(tender.get("status")) or None
    status = "cancelled" if ocds_status in ("cancelled", "withdrawn") else None
    if status:
        warn("tender.status", f"the buyer marked this tender {ocds_status!r}")

    view = View(
        reference=reference,
        title=title,
        ocid=merged.ocid,
        timezone=zone_name,
        buyer=buyer or None,
        url=notice_url,
        portal=portal,
        status=status,
        notes=_text(tender.get("description"))[:MAX_NOTES] or None,
        links=links,
        contacts=_contacts(release, tender),
        dates=dates,
        ocds_status=ocds_status,
        carried=carried,
    )
    return view, notes


def _add_period(dated: list[Any], taken: set[str], base_id: str, kind: str, title: str, value: datetime | date, field_name: str) -> None:
    """A period end as a date, unless a milestone of that kind already has the same instant."""
    key = _value_key(value)
    if any(k == kind and _value_key(v) == key for _i, k, _t, v, _f in dated):
        return
    dated.append((_unique(base_id, taken), kind, title, value, field_name))


def _sort_key(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def _value_key(value: datetime | date) -> Any:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return value


def _infer_zone(dated: list[Any], offsets: list[timedelta], warn: Any) -> str:
    """A fixed-offset zone from the submission date's offset (else the first), with a note."""
    if not offsets:
        if dated:
            warn("timezone", "no UTC offsets in the dates; the tender's zone is UTC (pass --timezone)")
        else:
            warn("timezone", "no dates at all; the tender's zone is UTC (pass --timezone)")
        return "UTC"
    submission = next((v for _i, k, _t, v, _f in dated if k == "submission" and isinstance(v, datetime) and v.tzinfo), None)
    offset = submission.utcoffset() if submission is not None else offsets[0]
    assert offset is not None
    distinct = sorted(set(offsets))
    if len(distinct) > 1:
        listed = ", ".join(_offset_text(o) for o in distinct)
        warn("timezone", f"the dates carry different UTC offsets ({listed}), so the buyer's zone has daylight saving; pass --timezone")
    name = fixed_offset_zone(offset)
    if name == "UTC" and offset:
        warn(
            "timezone",
            f"offset {_offset_text(offset)} is not whole hours; the tender's zone is UTC and each date keeps its offset (pass --timezone)",
        )
    else:
        warn(
            "timezone",
            f"inferred {name} from the UTC offset {_offset_text(offset)}: a fixed offset without daylight saving (pass --timezone for the real zone)",
        )
    return name


def fixed_offset_zone(offset: timedelta) -> str:
    """The IANA ``Etc/GMT±N`` zone for a whole-hour offset (POSIX sign: UTC-6 is Etc/GMT+6), else UTC."""
    seconds = int(offset.total_seconds())
    if seconds == 0 or seconds % 3600:
        return "UTC"
    hours = seconds // 3600
    if not -12 <= hours <= 14:  # Etc/GMT+12 (UTC-12) to Etc/GMT-14 (UTC+14) exist
        return "UTC"
    return f"Etc/GMT{-hours:+d}"


def _offset_text(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    return f"UTC{sign}{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def _at_text(value: datetime | date) -> str:
    if not isinstance(value, datetime):
        return value.isoformat()
    if value.tzinfo is None:
        return value.replace(microsecond=0).strftime("%Y-%m-%d %H:%M" if value.second == 0 else "%Y-%m-%d %H:%M:%S")
    return value.replace(microsecond=0).isoformat()


def _parse_datetime(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.endswith(("z", "Z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        offset = parsed.utcoffset()
        if offset is not None and (abs(offset) > timedelta(hours=18) or offset.seconds % 60 or offset.microseconds):
            return None  # not an offset a tender file (or RFC 3339) can write
    return parsed


_KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("opening", ("opening", "apertura", "ouverture", "abertura")),
    ("site-visit", ("site visit", "visita", "visite")),
    ("conference", ("conference", "pre-bid", "prebid", "pre bid", "meeting", "junta", "reunión", "reunion", "conferencia", "briefing")),
    ("clarification", ("clarification", "aclaraci", "éclaircissement")),
    ("questions", ("question", "enquir", "inquir", "pregunta", "consulta")),
    ("submission", ("submission", "presentación de propuestas", "presentacion de propuestas", "remise des offres")),
    ("award", ("award", "adjudica", "fallo")),
)
_KINDS = ("submission", "questions", "conference", "site-visit", "opening", "clarification", "amendment", "award", "internal", "other")


def _milestone_kind(milestone: Mapping[str, Any]) -> str:
    code = _text(milestone.get("code")).lower()
    if code in _KINDS:
        return code
    words = f"{_text(milestone.get('title'))} {_text(milestone.get('description'))}".lower()
    for kind, keys in _KIND_WORDS:
        if any(k in words for k in keys):
            return kind
    if _text(milestone.get("type")) == "engagement":
        return "conference"
    return "other"


def _portal(details: str) -> dict[str, str]:
    match = _URL.search(details)
    url = match.group(0).rstrip(".,;)") if match else None
    rest = re.sub(r"<\s*>|\(\s*\)|\[\s*\]", "", _URL.sub("", details)) if url else details
    name = _one_line(rest).strip(" -:,;")
    name = name or (url or "Submission portal")
    out: dict[str, str] = {"name": name[:120]}
    if url:
        out["url"] = url
    if len(name) > 120:
        out["notes"] = details
    return out


def _contacts(release: Mapping[str, Any], tender: Mapping[str, Any]) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    candidates: list[tuple[Any, str]] = [
        (_get(tender, "procuringEntity", "contactPoint"), "procuring entity"),
        (_get(release, "buyer", "contactPoint"), "buyer"),
    ]
    for party in _dicts(release.get("parties")):
        roles: list[Any] = party["roles"] if isinstance(party.get("roles"), list) else []
        if "buyer" in roles or "procuringEntity" in roles:
            candidates.append((party.get("contactPoint"), "buyer" if "buyer" in roles else "procuring entity"))
    seen: set[tuple[str, str]] = set()
    for point, role in candidates:
        if not isinstance(point, dict):
            continue
        contact = {
            "name": _text(point.get("name")),
            "role": role,
            "email": _text(point.get("email")),
            "phone": _text(point.get("telephone")),
        }
        contact = {k: v for k, v in contact.items() if v}
        if not (contact.get("name") or contact.get("email") or contact.get("phone")):
            continue
        key = (contact.get("name", "").casefold(), contact.get("email", "").casefold())
        if key in seen:
            continue
        seen.add(key)
        found.append(contact)
    return found


def _carried(tender: Mapping[str, Any], warn: Any) -> dict[str, Any] | None:
    payload = tender.get(EXTENSION_KEY)
    if payload is None:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("tender"), dict):
        warn(f"tender.{EXTENSION_KEY}", "not a tenderctl payload; ignored")
        return None
    if payload.get("version") != EXTENSION_VERSION:
        warn(f"tender.{EXTENSION_KEY}.version", f"version {payload.get('version')!r} is not {EXTENSION_VERSION}; ignored")
        return None
    from pydantic import ValidationError

    from tenderctl.tenders.model import Tender

    try:
        Tender.model_validate(payload["tender"])
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        loc = ".".join(str(p) for p in first["loc"])
        warn(f"tender.{EXTENSION_KEY}.tender.{loc}", f"{first['msg']}; the carried tender is ignored, only standard fields are read")
        return None
    return dict(payload["tender"])


def _mojibake(text: str, field_name: str, warn: Any) -> None:
    """UTF-8 read as Latin-1 upstream ('MÃ\x81QUINA'): say what it probably meant."""
    if not re.search("[ÃÂ][\x80-\xbf]", text):
        return
    try:
        fixed = text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return
    if fixed != text:
        warn(field_name, f"looks like mis-decoded text (UTF-8 read as Latin-1 upstream): probably {fixed!r}; kept as published")


def _text(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    return value.strip() if isinstance(value, str) else ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _name(value: Any) -> str:
    return _one_line(_text(value.get("name"))) if isinstance(value, dict) else ""


def _party_name(release: Mapping[str, Any], roles: tuple[str, ...]) -> str:
    for party in _dicts(release.get("parties")):
        party_roles: list[Any] = party["roles"] if isinstance(party.get("roles"), list) else []
        if any(r in party_roles for r in roles):
            return _name(party)
    return ""


def _get(data: Mapping[str, Any], *keys: str) -> Any:
    node: Any = data
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _safe_id(text: str) -> str:
    cleaned = _ID_BAD.sub("-", text).strip("-._")
    return cleaned[:60] or "milestone"


def _unique(wanted: str, taken: set[str]) -> str:
    candidate, number = wanted, 2
    while candidate in taken:
        candidate = f"{wanted}-{number}"
        number += 1
    taken.add(candidate)
    return candidate


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


def new_tender(view: View, merged: Merged) -> dict[str, Any]:
    """The tender file for a tender seen for the first time, as plain data in file order."""
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
    data["ocid"] = view.ocid
    if view.notes:
        data["notes"] = view.notes
    if view.contacts:
        data["contacts"] = view.contacts
    if view.links:
        data["links"] = view.links
    if view.dates:
        data["dates"] = [{"id": mid, **values} for mid, values in view.dates.items()]
    data["extensions"] = {BOOKKEEPING_KEY: bookkeeping(view, merged)}
    return data


def carried_view(tender_data: Mapping[str, Any], ocid: str | None = None) -> View:
    """The view a tender would have after export and import: the base for files without one."""
    from tenderctl.tenders.model import Tender

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
    action: str = "set"  # set | add
    headline: bool = False
    shift: str = ""
    """For a moved date: how far and which way, e.g. '1 day 14 h later'."""

    def describe(self) -> str:
        if self.path[0] == "dates":
            mid = self.path[1]
            if self.action == "add":
                return f"new date {mid} ({self.new.get('kind')}): {_show_at(self.new.get('at'))}"
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
    from tenderctl.tenders.timeline import get_zone, resolve

    try:
        when = resolve(at, get_zone(zone))
    except ValueError:
        return at
    return ("day", when.day) if when.all_day else ("at", when.start.astimezone(UTC))


def _shift(old: Any, old_zone: str, new: str, new_zone: str) -> str:
    """'2 days later' / '3 h earlier' between two ``at`` values (all-day ones by their due end)."""
    from tenderctl.tenders.timeline import get_zone, resolve
    from tenderctl.tenders.timeparse import format_timedelta

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
    a field OCDS did not change keeps whatever the user wrote. Nothing is ever removed:
    a date or link OCDS dropped stays, and a value OCDS set to nothing is kept.
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
        if key == "status" and old in ("won", "lost", "withdrawn", "cancelled"):
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


def dropped(ours: Mapping[str, Any], base: View | Mapping[str, Any] | None, theirs: View) -> list[str]:
    """Dates OCDS no longer lists but the file still has (kept, and worth a note)."""
    base_data = base.last() if isinstance(base, View) else dict(base or {})
    our_ids = {str(d.get("id")) for d in ours.get("dates") or [] if isinstance(d, dict)}
    gone = set(base_data.get("dates") or {}) - set(theirs.dates)
    return sorted(gone & our_ids)


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


def set_bookkeeping(document: Any, value: dict[str, Any]) -> None:
    data = document.data
    if isinstance(data.get("extensions"), dict):
        document.set_key(["extensions", BOOKKEEPING_KEY], value)
    else:
        document.set_key(["extensions"], {BOOKKEEPING_KEY: value})


def _index_by(items: Any, key: str, value: str) -> int:
    for index, item in enumerate(items or []):
        if hasattr(item, "get") and str(item.get(key)) == value:
            return index
    raise KeyError(value)


# -- tender -> OCDS --------------------------------------------------------------------------------

_MILESTONE_TYPE = {
    "conference": "engagement",
    "site-visit": "engagement",
    "clarification": "engagement",
    "questions": "engagement",
    "submission": "assessment",
    "opening": "assessment",
    "award": "approval",
}
_TENDER_STATUS = {
    "open": "active",
    "submitted": "active",
    "withdrawn": "active",
    "won": "complete",
    "lost": "complete",
    "cancelled": "cancelled",
}


def export_release(tender: Tender, *, now: datetime, carry: bool = True) -> dict[str, Any]:
    """One OCDS 1.1 release for a tender; the whole tender rides along in ``tender.tenderctl``
    unless ``carry`` is false (a file to share: no steps, checks or private notes)."""
    from tenderctl.tenders.summary import resolved_milestones

    ocid = tender.ocid or OCID_PREFIX + tender.reference
    body: dict[str, Any] = {"id": tender.reference, "title": tender.title, "status": _TENDER_STATUS[tender.status.value]}
    if tender.notes:
        body["description"] = tender.notes
    if tender.buyer:
        body["procuringEntity"] = {"id": "buyer", "name": tender.buyer}
    if tender.portal:
        body["submissionMethod"] = ["electronicSubmission"] if tender.portal.url else ["written"]
        body["submissionMethodDetails"] = tender.portal.name + (f" <{tender.portal.url}>" if tender.portal.url else "")
    milestones: list[dict[str, Any]] = []
    periods: dict[str, str] = {}
    for item in resolved_milestones(tender):
        if item.derived:
            continue
        m, when = item.milestone, item.when
        if when.all_day:  # due until the end of its day: the last second of it, in its zone
            instant = (when.due - timedelta(seconds=1)).astimezone(when.zone)
        else:
            instant = when.start.astimezone(when.zone)
        stamp = instant.replace(microsecond=0).isoformat()
        entry: dict[str, Any] = {"id": m.id, "title": m.title or m.kind.value.replace("-", " ").capitalize(), "code": m.kind.value}
        if m.kind.value in _MILESTONE_TYPE:
            entry["type"] = _MILESTONE_TYPE[m.kind.value]
        if m.notes:
            entry["description"] = m.notes
        entry["dueDate"] = stamp
        entry["status"] = "scheduled"
        milestones.append(entry)
        period = {"submission": "tenderPeriod", "questions": "enquiryPeriod", "award": "awardPeriod"}.get(m.kind.value)
        if period and period not in periods:
            periods[period] = stamp
    for period, stamp in periods.items():
        body[period] = {"endDate": stamp}
    if milestones:
        body["milestones"] = milestones
    documents = []
    if tender.url:
        documents.append({"id": "notice", "documentType": "tenderNotice", "title": "Notice", "url": tender.url})
    for index, link in enumerate(tender.links, 1):
        documents.append({"id": f"link-{index}", "title": link.title, "url": link.url})
    if documents:
        body["documents"] = documents
    if carry:
        body[EXTENSION_KEY] = {"version": EXTENSION_VERSION, "tender": tender.model_dump(mode="json", exclude_defaults=True)}

    release: dict[str, Any] = {
        "ocid": ocid,
        "id": "",
        "date": now.replace(microsecond=0).isoformat(),
        "tag": ["tender"],
        "initiationType": "tender",
    }
    if tender.buyer:
        party: dict[str, Any] = {"id": "buyer", "name": tender.buyer, "roles": ["buyer", "procuringEntity"]}
        contact = next((c for c in tender.contacts if c.name or c.email or c.phone), None)
        if contact is not None:
            point = {"name": contact.name, "email": contact.email, "telephone": contact.phone}
            party["contactPoint"] = {k: v for k, v in point.items() if v}
        release["parties"] = [party]
        release["buyer"] = {"id": "buyer", "name": tender.buyer}
    release["tender"] = body
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]
    release["id"] = f"{_safe_id(tender.reference)}-{digest}"  # a changed tender gets a new release id
    return release


def export_package(
    tenders: Iterable[Tender], *, now: datetime, uri: str = "urn:tenderctl:export", publisher: str = "tenderctl", carry: bool = True
) -> dict[str, Any]:
    """An OCDS 1.1 release package, one release per tender."""
    return {
        "uri": uri,
        "version": "1.1",
        "publishedDate": now.replace(microsecond=0).isoformat(),
        "publisher": {"name": publisher},
        "releases": [export_release(t, now=now, carry=carry) for t in tenders],
    }


# -- reading many inputs at once -------------------------------------------------------------------


@dataclass
class Prepared:
    """One tender ready to write: its merged releases, its view and what to say about it."""

    merged: Merged
    view: View
    notes: list[Note]


def prepare(inputs: Iterable[tuple[str, bytes]], *, zone: str | None = None) -> tuple[list[Prepared], list[Note]]:
    """Read every input, merge releases per ocid across inputs, and map each tender."""
    releases: list[SourceRelease] = []
    notes: list[Note] = []
    for source, raw in inputs:
        found, more = read_source(raw, source)
        releases.extend(found)
        notes.extend(more)
    groups, more = group_by_ocid(releases)
    notes.extend(more)
    prepared: list[Prepared] = []
    for ocid, items in groups.items():
        try:
            merged = merge_releases(ocid, items)
            view, view_notes = standard_view(merged, zone=zone)
        except Exception as exc:  # a bug must cost one tender, never the run (and be named)
            source = ", ".join(dict.fromkeys(i.source for i in items))
            notes.append(
                Note(
                    source,
                    f"internal error while reading this tender ({type(exc).__name__}: {exc}); please report it",
                    ocid=ocid,
                    level="error",
                )
            )
            continue
        prepared.append(Prepared(merged, view, merged.notes + view_notes))
    return prepared, notes


# -- writing tender files --------------------------------------------------------------------------


@dataclass
class Outcome:
    """What importing one tender did (or, with ``dry_run``, would do)."""

    reference: str
    ocid: str
    path: str
    action: str  # created | updated | unchanged | failed
    changes: list[Change] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    diff: str = ""
    text: str = ""
    error: str = ""
    problems: list[str] = field(default_factory=list)
    releases: int = 0
    tender: Tender | None = field(default=None, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "ocid": self.ocid,
            "file": self.path,
            "action": self.action,
            "releases": self.releases,
            "changes": [c.to_json() for c in self.changes],
            "warnings": [n.to_json() for n in self.notes],
            "error": self.error or None,
            "problems": self.problems,
        }


HEADER = (
    "# Imported from OCDS by `tenderctl import ocds` ({source}; ocid {ocid}).\n"
    "# Dates keep the published UTC offsets. Importing again updates the OCDS fields in place\n"
    "# and keeps your steps, checks, notes and comments.\n"
)


def dump_yaml(data: Mapping[str, Any], header: str = "") -> str:
    """A new tender file: block style, UTF-8 text as is, date-like strings quoted."""
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import LiteralScalarString

    def convert(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list):
            return [convert(v) for v in value]
        if isinstance(value, str) and "\n" in value:
            return LiteralScalarString(value.replace("\r\n", "\n").replace("\r", "\n"))
        return value

    yaml = YAML(typ="rt")
    yaml.width = 100_000
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.ignore_aliases = lambda *args: True
    buffer = io.StringIO()
    yaml.dump(convert(dict(data)), buffer)
    return header + buffer.getvalue()


def import_tenders(prepared: Iterable[Prepared], folder: Any, *, dry_run: bool = False) -> list[Outcome]:
    """Write (or update in place) one tender file per tender under ``folder``.

    An existing tender is found by ocid, else by reference; it is updated through
    :class:`tenderctl.authoring.edit.TenderFile`, so comments and everything OCDS does not own stay as
    they were. A file in the way that holds another tender is never overwritten: the new
    tender gets the next free name. Each tender succeeds or fails on its own.
    """
    from pathlib import Path

    from tenderctl.tenders.loader import load_paths

    folder = Path(folder)
    by_ocid: dict[str, str] = {}
    by_ref: dict[str, tuple[str, str | None]] = {}
    current: dict[str, Tender] = {}
    if folder.is_dir():
        existing = load_paths(tenders=folder, use_cache=False)
        for loaded in existing.tenders:
            current[loaded.path] = loaded.tender
            if loaded.tender.ocid:
                by_ocid.setdefault(loaded.tender.ocid, loaded.path)
            by_ref.setdefault(loaded.tender.reference.casefold(), (loaded.path, loaded.tender.ocid))
    outcomes: list[Outcome] = []
    for item in prepared:
        view = item.view
        path = by_ocid.get(view.ocid)
        ref_hit = by_ref.get(view.reference.casefold())
        if path is None and ref_hit is not None:
            ref_path, ref_ocid = ref_hit
            if ref_ocid in (None, view.ocid) or (view.carried is not None and ref_ocid == view.carried.get("ocid")):
                path = ref_path
            else:
                item.notes.append(
                    Note(
                        item.merged.source,
                        f"reference {view.reference!r} is taken by {ref_path} (ocid {ref_ocid}); using the ocid as reference",
                        ocid=view.ocid,
                        field="tender.id",
                    )
                )
                view.reference = view.ocid
                if view.carried is not None:
                    view.carried["reference"] = view.ocid
        if path is not None and path in current:
            outcome = _update(item, Path(path), current[path], dry_run)
        else:
            outcome = _create(item, folder, dry_run)
            if outcome.action == "created":
                by_ocid[view.ocid] = outcome.path
                by_ref[view.reference.casefold()] = (outcome.path, view.ocid)
                if outcome.tender is not None:
                    current[outcome.path] = outcome.tender
        outcomes.append(outcome)
    return outcomes


def _create(item: Prepared, folder: Any, dry_run: bool) -> Outcome:
    from pathlib import Path

    from tenderctl.errors import TenderctlError
    from tenderctl.fsutil import atomic_write
    from tenderctl.tenders.loader import parse_tender
    from tenderctl.tenders.model import safe_file_stem

    view, merged = item.view, item.merged
    outcome = Outcome(view.reference, view.ocid, "", "created", notes=item.notes, releases=len(merged.sources))
    data = new_tender(view, merged)
    header = "" if view.carried is not None else HEADER.format(source=merged.source, ocid=view.ocid)
    text = dump_yaml(data, header)
    stem = safe_file_stem(str(data.get("reference") or view.reference))
    folder = Path(folder)
    candidate = folder / f"{stem}.yaml"
    number = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = folder / f"{stem}-{number}.yaml"
        number += 1
    if number > 2:
        item.notes.append(
            Note(
                merged.source,
                f"{folder / (stem + '.yaml')} exists and holds another tender (or is not valid); not touched, writing {candidate.name}",
                ocid=view.ocid,
            )
        )
    outcome.path = str(candidate)
    tender, problems = parse_tender(text, str(candidate))
    if tender is None:
        outcome.action = "failed"
        outcome.error = "the imported tender does not validate; nothing written"
        outcome.problems = [str(p) for p in problems]
        return outcome
    outcome.text = text
    outcome.tender = tender
    if dry_run:
        return outcome
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(candidate, text.encode("utf-8"), overwrite=False)
    except (OSError, TenderctlError) as exc:
        outcome.action = "failed"
        outcome.error = f"cannot write {candidate}: {getattr(exc, 'strerror', None) or exc}"
    return outcome


def _update(item: Prepared, path: Any, current: Tender, dry_run: bool) -> Outcome:
    from tenderctl.authoring.edit import EditError, TenderFile

    view, merged = item.view, item.merged
    item.notes[:] = [n for n in item.notes if n.field != "timezone"]  # the file keeps its own zone
    outcome = Outcome(view.reference, view.ocid, str(path), "updated", notes=item.notes, releases=len(merged.sources))
    ours = current.model_dump(mode="json")
    stored = (ours.get("extensions") or {}).get(BOOKKEEPING_KEY)
    base: View | Mapping[str, Any]
    if view.carried is not None:
        base = carried_view(view.carried, view.ocid)
    elif isinstance(stored, dict) and isinstance(stored.get("last"), dict):
        base = stored["last"]
    else:
        base = carried_view(ours, view.ocid)
    changes = plan_update(ours, base, view)
    for mid in dropped(ours, base, view):
        item.notes.append(Note(merged.source, f"date {mid!r} is no longer in the OCDS data; kept in the file", ocid=view.ocid))
    record = bookkeeping(view, merged) if view.carried is None else None
    if not changes and (record is None or record == stored):
        outcome.action = "unchanged"  # decided on plain data: no round-trip YAML work at all
        return outcome
    try:
        document = TenderFile.open(path)
        if document.tender != current:
            raise EditError(f"{path}: changed on disk while importing; nothing written, run the command again")
        apply_changes(document, changes)
        if record is not None:
            set_bookkeeping(document, record)
        outcome.diff = document.diff()
        outcome.changes = changes
        if not outcome.diff:
            outcome.action = "unchanged"
            return outcome
        if not dry_run:
            document.save()
    except EditError as exc:
        outcome.action = "failed"
        outcome.error = str(exc)
        outcome.problems = [str(p) for p in getattr(exc, "problems", [])]
    except (KeyError, IndexError) as exc:
        outcome.action = "failed"
        outcome.error = f"{path}: cannot apply the change at {exc}; the file was left alone"
    return outcome
