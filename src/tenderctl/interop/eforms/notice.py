"""One eForms notice (UBL 2.3 with the eForms extensions) read into plain data.

The bytes are parsed by :func:`tenderctl.interop.eforms.safexml.parse_xml` (every bound, no
entities, no network); this module walks the tree once, by tag, into the
:class:`~tenderctl.interop.eforms.model.Notice` the mapping reads, with one
:class:`tenderctl.errors.Problem` per thing it cannot read (file, the element's line, the
element). The values' own syntax (dates, offsets, whitespace) is :mod:`.values`.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from tenderctl.errors import Level
from tenderctl.interop.eforms.model import Dated, Lot, Notice
from tenderctl.interop.eforms.safexml import MAX_DEPTH, MAX_ELEMENTS, MAX_NOTICE_BYTES, NoticeError, parse_xml, problem
from tenderctl.interop.eforms.values import clean, collapse, combine

__all__ = [
    "MAX_DEPTH",
    "MAX_ELEMENTS",
    "MAX_NOTICE_BYTES",
    "Dated",
    "Lot",
    "Notice",
    "NoticeError",
    "collapse",
    "combine",
    "parse_xml",
    "problem",
    "read_notice",
]

UBL = "urn:oasis:names:specification:ubl:schema:xsd:"
NS = {
    "cbc": UBL + "CommonBasicComponents-2",
    "cac": UBL + "CommonAggregateComponents-2",
    "ext": UBL + "CommonExtensionComponents-2",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
}
FORMS = {"ContractNotice": "cn", "PriorInformationNotice": "pin", "ContractAwardNotice": "can"}
"""Root element -> form; each lives in the namespace ``UBL + name + '-2'``."""


@functools.cache
def _q(path: str) -> str:
    """A prefixed path (``cac:Lot/cbc:ID``) in Clark notation, once: lxml then skips the namespace map."""
    return re.sub(r"([a-z]+):", lambda m: "{" + NS[m[1]] + "}", path)


_EXT = "ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension"
DEADLINES = (
    # (kind, id, element under the lot's cac:TenderingProcess, date child, time child, title, BT)
    ("submission", "submission", "cac:TenderSubmissionDeadlinePeriod", "EndDate", "EndTime", "Receipt of tenders", "BT-131"),
    ("submission", "participation", "cac:ParticipationRequestReceptionPeriod", "EndDate", "EndTime", "Requests to participate", "BT-1311"),
    ("questions", "questions", "cac:AdditionalInformationRequestPeriod", "EndDate", "EndTime", "Additional information requests", "BT-13"),
    ("opening", "opening", "cac:OpenTenderEvent", "OccurrenceDate", "OccurrenceTime", "Opening of tenders", "BT-132"),
)

_PERIODS = {_q(element): (_q(f"cbc:{d}"), _q(f"cbc:{t}")) for _kind, _id, element, d, t, *_rest in DEADLINES}
"""Period element -> (date child, time child), in Clark notation."""


class T:
    """Element names in Clark notation (``{namespace}local``): compared by the one-pass walks."""

    ID = _q("cbc:ID")
    NAME = _q("cbc:Name")
    DESCRIPTION = _q("cbc:Description")
    NOTICE_TYPE = _q("cbc:NoticeTypeCode")
    VERSION = _q("cbc:VersionID")
    FOLDER = _q("cbc:ContractFolderID")
    LANGUAGE = _q("cbc:NoticeLanguageCode")
    ISSUE_DATE = _q("cbc:IssueDate")
    ISSUE_TIME = _q("cbc:IssueTime")
    PROJECT = _q("cac:ProcurementProject")
    LOT = _q("cac:ProcurementProjectLot")
    TERMS = _q("cac:TenderingTerms")
    PROCESS = _q("cac:TenderingProcess")
    CONTRACTING_PARTY = _q("cac:ContractingParty")
    BUYER_PROFILE = _q("cbc:BuyerProfileURI")
    PARTY_NAME = _q("cac:PartyName")
    CONTACT = _q("cac:Contact")
    EMAIL = _q("cbc:ElectronicMail")
    PHONE = _q("cbc:Telephone")
    WEBSITE = _q("cbc:WebsiteURI")
    PUBLICATION = _q("efac:Publication")
    PUBLICATION_ID = _q("efbc:NoticePublicationID")
    CHANGES = _q("efac:Changes")
    CHANGE = _q("efac:Change")
    CHANGED_NOTICE = _q("efbc:ChangedNoticeIdentifier")
    CHANGE_DESCRIPTION = _q("efbc:ChangeDescription")
    URI = _q("cbc:URI")
    ENDPOINT = _q("cbc:EndpointID")


class X:
    """Deeper paths as XPath compiled once (a compiled XPath is about twice as fast as ``findall``
    with a path string, which ElementPath parses and caches per call)."""

    EFORMS_EXTENSION = etree.XPath(_EXT, namespaces=NS)
    COMPANIES = etree.XPath("efac:Organizations/efac:Organization/efac:Company", namespaces=NS)
    PARTY_ID = etree.XPath("cac:PartyIdentification/cbc:ID", namespaces=NS)
    COUNTRY = etree.XPath("cac:PostalAddress/cac:Country/cbc:IdentificationCode", namespaces=NS)
    BUYER_IDS = etree.XPath("cac:ContractingParty/cac:Party/cac:PartyIdentification/cbc:ID", namespaces=NS)
    LOT_TERMS = etree.XPath(
        "cac:CallForTendersDocumentReference/cac:Attachment/cac:ExternalReference/cbc:URI"  # documents, BT-15
        " | cac:TenderRecipientParty/cbc:EndpointID"  # submission URL, BT-18
        " | cac:Language/cbc:ID",  # languages of submission, BT-97
        namespaces=NS,
    )
    CHANGED_SECTIONS = etree.XPath("efac:ChangedSection/efbc:ChangedSectionIdentifier", namespaces=NS)
    CHANGE_REASONS = etree.XPath("efac:ChangeReason/efbc:ReasonDescription", namespaces=NS)


def read_notice(raw: bytes, source: str) -> Notice:
    """One notice from bytes; :class:`NoticeError` when it cannot be imported at all."""
    root = parse_xml(raw, source)
    qname = root.tag if isinstance(root.tag, str) else ""
    namespace, _, local = qname[1:].partition("}") if qname.startswith("{") else ("", "", qname)
    if local not in FORMS:
        raise NoticeError(
            problem(
                source,
                root.sourceline or 1,
                local or "root",
                f"not an eForms notice (root element {local!r}; expected ContractNotice, PriorInformationNotice or ContractAwardNotice)",
            )
        )
    expected = f"{UBL}{local}-2"
    if namespace != expected:
        raise NoticeError(
            problem(source, root.sourceline or 1, local, f"wrong namespace {namespace or '(none)'!r}; an eForms {local} is in {expected!r}")
        )
    # The root's children once, by tag: every root-level field below is a look-up, not a search.
    kids = _children(root)
    type_el = _first(kids, T.NOTICE_TYPE)
    type_code = clean(type_el.text) if type_el is not None else ""
    list_name = type_el.get("listName", "") if type_el is not None else ""
    competition = list_name == "competition" or type_code.startswith(("cn-", "pin-cfc", "pin-rtl", "qu-sy", "subco"))
    if list_name in ("planning", "result", "change", "dir-awa-pre", "cont-modif"):
        competition = False
    notice = Notice(
        source=source,
        form=FORMS[local],
        type_code=type_code,
        type_line=(type_el.sourceline if type_el is not None else root.sourceline) or 1,
        competition=competition,
    )
    if not competition:
        return notice
    extensions = X.EFORMS_EXTENSION(root)
    projects = kids.get(T.PROJECT, ())
    _identity(kids, projects, extensions, notice)
    notice.titles = _by_language([e for p in projects for e in p.iterchildren(T.NAME)])
    notice.descriptions = _by_language([e for p in projects for e in p.iterchildren(T.DESCRIPTION)])
    _buyer(root, kids, extensions, notice)
    _changes(extensions, notice)
    for lot_el in kids.get(T.LOT, ()):
        parts = _children(lot_el)
        id_el = _first(parts, T.ID)
        if id_el is None or id_el.get("schemeName", "Lot") != "Lot":
            continue  # a group of lots (LotsGroup): no deadlines of its own
        lot = Lot(clean(id_el.text) or f"lot-{len(notice.lots) + 1}", lot_el.sourceline or 1)
        lot.titles = _by_language([e for p in parts.get(T.PROJECT, ()) for e in p.iterchildren(T.NAME)], collapse=False)
        terms = _first(parts, T.TERMS)
        if terms is not None:
            submission_url = None
            for element in X.LOT_TERMS(terms):  # one query, in document order, told apart by tag
                tag = element.tag
                if tag == T.URI:
                    url = clean(element.text)
                    if url and url not in lot.documents:
                        lot.documents.append(url)
                elif tag == T.ENDPOINT:
                    if submission_url is None:
                        submission_url = clean(element.text)
                else:
                    code = clean(element.text).upper()
                    if code:
                        lot.languages.append(code)
            lot.submission_url = submission_url or ""
        process = _first(parts, T.PROCESS)
        if process is not None:
            _lot_dates(process, lot, notice)
        notice.lots.append(lot)
    if not notice.procedure_id:
        element = _first(kids, T.FOLDER)
        line = (element.sourceline if element is not None else root.sourceline) or 1
        notice.problems.append(
            problem(source, line, "cbc:ContractFolderID", "missing or empty: the procedure identifier (BT-04) is required")
        )
    if not any(d.kind == "submission" for lot in notice.lots for d in lot.dates) and not any(
        p.level is Level.error and p.field.endswith(("EndDate", "EndTime")) for p in notice.problems
    ):
        line = notice.lots[0].line if notice.lots else root.sourceline or 1
        notice.problems.append(
            problem(
                source,
                line,
                "cac:TenderSubmissionDeadlinePeriod",
                "missing deadline: no lot gives the receipt of tenders (BT-131) or of requests to participate (BT-1311)",
            )
        )
    return notice


def _children(element: Any) -> dict[Any, list[Any]]:
    """An element's children grouped by tag, in document order (one pass over them)."""
    out: dict[Any, list[Any]] = {}
    for child in element:
        found = out.get(child.tag)
        if found is None:
            out[child.tag] = [child]
        else:
            found.append(child)
    return out


def _first(children: dict[Any, list[Any]], tag: str) -> Any:
    found = children.get(tag)
    return found[0] if found else None


def _text(element: Any) -> str:
    return clean(element.text) if element is not None else ""


def _identity(kids: dict[Any, list[Any]], projects: Any, extensions: list[Any], notice: Notice) -> None:
    for id_el in kids.get(T.ID, ()):
        if id_el.get("schemeName") in ("notice-id", None):
            notice.notice_id = clean(id_el.text)
            break
    notice.version = _text(_first(kids, T.VERSION))
    notice.procedure_id = _text(_first(kids, T.FOLDER))
    notice.internal_id = next(
        (clean(e.text) for p in projects for e in p.iterchildren(T.ID) if e.get("schemeName", "InternalID") == "InternalID"), ""
    )
    notice.publication_id = next(
        (clean(e.text) for x in extensions for p in x.iterchildren(T.PUBLICATION) for e in p.iterchildren(T.PUBLICATION_ID)), ""
    )
    notice.language = _text(_first(kids, T.LANGUAGE)).upper()
    issue_date, issue_time = _first(kids, T.ISSUE_DATE), _first(kids, T.ISSUE_TIME)
    if issue_date is not None:
        try:
            value, _offset = combine(issue_date.text, issue_time.text if issue_time is not None else None)
        except ValueError:
            value = None
        notice.issued = value if isinstance(value, datetime) else None


def _buyer(root: Any, kids: dict[Any, list[Any]], extensions: list[Any], notice: Notice) -> None:
    parties = kids.get(T.CONTRACTING_PARTY, ())
    notice.buyer_profile = next((clean(e.text) for p in parties for e in p.iterchildren(T.BUYER_PROFILE)), "")
    # The organisations are read only as far as the buyer (usually the first), each once.
    scanned: dict[str, Any] = {}
    pending = (c for x in extensions for c in X.COMPANIES(x))
    for party_id in X.BUYER_IDS(root):
        wanted = clean(party_id.text)
        company = scanned.get(wanted)
        while company is None:
            candidate = next(pending, None)
            if candidate is None:
                break
            found = X.PARTY_ID(candidate)
            key = clean(found[0].text) if found else ""
            scanned.setdefault(key, candidate)  # the first organisation of an identifier wins
            if key == wanted:
                company = scanned[key]
        if company is None:
            notice.problems.append(
                problem(
                    notice.source,
                    party_id.sourceline or 1,
                    "cac:ContractingParty",
                    f"buyer {wanted!r} is not among the organisations; no buyer name",
                    Level.warning,
                )
            )
            continue
        parts = _children(company)
        if notice.buyer_line:  # a joint procurement: the first buyer is the tender's, the others are named in the notes
            names = _by_language([e for p in parts.get(T.PARTY_NAME, ()) for e in p.iterchildren(T.NAME)], collapse=False)
            if names and names not in notice.other_buyers:
                notice.other_buyers.append(names)
            continue
        notice.buyer = _by_language([e for p in parts.get(T.PARTY_NAME, ()) for e in p.iterchildren(T.NAME)], collapse=False)
        notice.buyer_line = company.sourceline or 1
        country = X.COUNTRY(company)
        notice.buyer_country = (clean(country[0].text) if country else "").upper()
        contact = _first(parts, T.CONTACT)
        if contact is not None:
            details = _children(contact)
            found = {
                "name": _text(_first(details, T.NAME)),
                "role": "buyer",
                "email": _text(_first(details, T.EMAIL)),
                "phone": _text(_first(details, T.PHONE)),
            }
            if found["name"] or found["email"] or found["phone"]:
                notice.contacts.append({k: v for k, v in found.items() if v})
        if not notice.buyer_profile:
            notice.buyer_profile = _text(_first(parts, T.WEBSITE))


def _changes(extensions: list[Any], notice: Notice) -> None:
    changes = next((c for x in extensions for c in x.iterchildren(T.CHANGES)), None)
    if changes is None:
        return
    notice.changes_line = changes.sourceline or 0
    notice.changed_notice = _text(next(changes.iterchildren(T.CHANGED_NOTICE), None))
    for change in changes.iterchildren(T.CHANGE):
        described = _by_language(list(change.iterchildren(T.CHANGE_DESCRIPTION)))
        sections = [clean(s.text) for s in X.CHANGED_SECTIONS(change)]
        notice.changes.append({**described, "_sections": ", ".join(s for s in sections if s)})
    notice.change_reason = _by_language(X.CHANGE_REASONS(changes))


def _lot_dates(process: Any, lot: Lot, notice: Notice) -> None:
    periods: dict[str, Any] = {}
    for child in process:  # one pass: the first of each kind of period
        if child.tag in _PERIODS and child.tag not in periods:
            periods[child.tag] = child
    if not periods:
        return
    for kind, base_id, element, date_tag, time_tag, title, bt in DEADLINES:
        period = periods.get(_q(element))
        if period is None:
            continue
        date_q, time_q = _PERIODS[period.tag]
        date_el = time_el = None
        for child in period:
            if child.tag == date_q and date_el is None:
                date_el = child
            elif child.tag == time_q and time_el is None:
                time_el = child
        if date_el is None:
            if time_el is not None:
                notice.problems.append(
                    problem(
                        notice.source, time_el.sourceline, f"cbc:{time_tag}", f"a time without a date (cbc:{date_tag}) in {element} ({bt})"
                    )
                )
            continue
        try:
            value, offset = combine(date_el.text, time_el.text if time_el is not None else None)
        except ValueError as exc:
            bad = time_el if "time" in str(exc) and time_el is not None else date_el
            tag = time_tag if bad is time_el else date_tag
            notice.problems.append(problem(notice.source, bad.sourceline, f"cbc:{tag}", f"{exc} in {element} ({bt}) of {lot.id}"))
            continue
        line = (time_el.sourceline if time_el is not None else date_el.sourceline) or period.sourceline or 1
        lot.dates.append(
            Dated(kind, base_id, title, bt, lot.id, f"cbc:{time_tag if time_el is not None else date_tag}", line, value, offset)
        )


def _by_language(elements: list[Any], *, collapse: bool = True) -> dict[str, str]:
    """Language code -> the first non-blank text in it. ``collapse=False`` keeps the whitespace as
    published, for texts of which only one language is ever used (:func:`collapse` it then):
    a notice in 24 languages need not tidy 23 buyer names it never shows."""
    out: dict[str, str] = {}
    for element in elements:
        raw = element.text if len(element) == 0 else "".join(element.itertext())  # mixed content is rare
        if not raw or raw.isspace():  # isspace and split agree on what is whitespace
            continue
        out.setdefault((element.get("languageID") or "").upper(), " ".join(raw.split()) if collapse else raw)
    return out
