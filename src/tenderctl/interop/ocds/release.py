"""Stage 5, release: a tender out as an OCDS 1.1 release, and a release package of many.

The package validates against the OCDS 1.1 release package schema. The whole tender also
travels in ``tender.tenderctl`` (a namespaced extension field, see docs), so export -> import
loses nothing; the standard fields stay authoritative, because import compares them with what
the carried tender would export.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from tenderctl.interop.ocds._common import EXTENSION_KEY, EXTENSION_VERSION, OCID_PREFIX, _safe_id
from tenderctl.tenders.summary import resolved_milestones

if TYPE_CHECKING:
    from tenderctl.tenders.model import Tender

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
