"""Stage 3, view: a compiled release mapped onto tender fields (the "OCDS-owned" view: title,
buyer, portal, links, dates, ...), with a note for every oddity of messy real data."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from tenderctl.errors import Problem
from tenderctl.interop.ocds._common import (
    _URL,
    EXTENSION_KEY,
    EXTENSION_VERSION,
    MAX_NOTES,
    MAX_REFERENCE,
    MAX_TITLE,
    _at_text,
    _dicts,
    _get,
    _name,
    _offset_text,
    _one_line,
    _parse_datetime,
    _party_name,
    _safe_id,
    _text,
    _unique,
    fixed_offset_zone,
    note,
)
from tenderctl.interop.ocds.merge import Merged
from tenderctl.tenders.model import Tender
from tenderctl.vocab import MILESTONE_KINDS

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
    origin: str = "ocds"
    """Where the view comes from: ``ocds`` (``ocid`` is the OCDS ocid) or ``eforms`` (``ocid`` holds
    the procedure identifier BT-04); also the key of the import record under ``extensions``."""

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


def standard_view(merged: Merged, *, zone: str | None = None) -> tuple[View, list[Problem]]:
    """Map a compiled release onto tender fields; every oddity becomes a note, never an error."""
    release = merged.release
    raw_tender = release.get("tender")
    tender: dict[str, Any] = raw_tender if isinstance(raw_tender, dict) else {}
    source = merged.source
    notes: list[Problem] = []

    def warn(field_name: str, message: str) -> None:
        notes.append(note(source, message, ocid=merged.ocid, release=merged.label, field=field_name))

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


_KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("opening", ("opening", "apertura", "ouverture", "abertura")),
    ("site-visit", ("site visit", "visita", "visite")),
    ("conference", ("conference", "pre-bid", "prebid", "pre bid", "meeting", "junta", "reunión", "reunion", "conferencia", "briefing")),
    ("clarification", ("clarification", "aclaraci", "éclaircissement")),
    ("questions", ("question", "enquir", "inquir", "pregunta", "consulta")),
    ("submission", ("submission", "presentación de propuestas", "presentacion de propuestas", "remise des offres")),
    ("award", ("award", "adjudica", "fallo")),
)


def _milestone_kind(milestone: Mapping[str, Any]) -> str:
    code = _text(milestone.get("code")).lower()
    if code in MILESTONE_KINDS:
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
