"""One eForms notice (UBL 2.3 with the eForms extensions) read safely into plain data.

Untrusted XML: lxml with entity resolution off, no network, no DTD loading and libxml2's own
limits (``huge_tree`` off: 256 levels of nesting, 10 MB text nodes); a DOCTYPE is refused before
parsing (no eForms notice has one, and it is how entity bombs arrive); the size and the number of
elements are bounded before the parser runs. Every problem is one
:class:`tenderctl.errors.Problem` naming the file, the element's line and the element.
"""

from __future__ import annotations

import functools
import operator
import re
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, TypeVar

from lxml import etree  # type: ignore[import-untyped]

from tenderctl.errors import Level, Problem
from tenderctl.interop.ocds._common import one_physical_line

MAX_NOTICE_BYTES = 16 * 1024 * 1024
"""The largest TED notices (hundreds of lots) are a few MB."""
MAX_ELEMENTS = 500_000
"""Counted as ``<`` before parsing (an upper bound on elements): bounds the tree's memory."""
MAX_DEPTH = 256
"""libxml2's own nesting limit without ``huge_tree``; reported as our message."""

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


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?")
_TIME = re.compile(r"(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?")


class NoticeError(Exception):
    """The notice cannot be imported: one problem line."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


_T = TypeVar("_T")


def _pickled_by_fields(cls: type[_T]) -> type[_T]:
    """Pickle as (class, field values): the default for a slots dataclass calls a Python
    ``__getstate__`` per object, about twice as slow (notices wait pickled, see ``pending``)."""
    getter = operator.attrgetter(*(f.name for f in fields(cls)))  # type: ignore[arg-type]

    def __reduce__(self: _T) -> tuple[type[_T], tuple[Any, ...]]:
        return cls, getter(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


@_pickled_by_fields
@dataclass(slots=True)
class Dated:
    """One deadline of a lot, as published."""

    kind: str
    base_id: str
    title: str
    bt: str
    lot: str
    element: str
    line: int
    value: datetime | date
    offset: timedelta | None


@_pickled_by_fields
@dataclass(slots=True)
class Lot:
    id: str
    line: int
    titles: dict[str, str] = field(default_factory=dict)
    """By language, whitespace as published (:func:`collapse` the one used)."""
    documents: list[str] = field(default_factory=list)
    submission_url: str = ""
    languages: list[str] = field(default_factory=list)
    dates: list[Dated] = field(default_factory=list)


@_pickled_by_fields
@dataclass(slots=True)
class Notice:
    """What tenderctl reads from one notice (texts by language code, ``ENG`` -> text)."""

    source: str
    form: str
    type_code: str
    type_line: int
    competition: bool
    notice_id: str = ""
    version: str = ""
    procedure_id: str = ""
    internal_id: str = ""
    publication_id: str = ""
    issued: datetime | None = None
    language: str = ""
    titles: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    buyer: dict[str, str] = field(default_factory=dict)
    """The buyer's name by language, whitespace as published (:func:`collapse` the one used)."""
    buyer_country: str = ""
    buyer_line: int = 0
    contacts: list[dict[str, str]] = field(default_factory=list)
    buyer_profile: str = ""
    lots: list[Lot] = field(default_factory=list)
    changed_notice: str = ""
    changes_line: int = 0
    changes: list[dict[str, str]] = field(default_factory=list)
    change_reason: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def identifier(self) -> str:
        """The notice identifier with its version, as change notices cite it (``uuid-01``)."""
        return f"{self.notice_id}-{self.version}" if self.version else self.notice_id


def problem(source: str, line: int, element: str, message: str, level: Level = Level.error, hint: str = "") -> Problem:
    return Problem(one_physical_line(source), line or 1, 1, element, one_physical_line(message), hint, level)


def _line_of_offset(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


_ROOT_START = re.compile(rb"<[^?!]")


@functools.cache
def _parser() -> Any:
    """One parser for every notice (lxml parsers are reusable; building one costs per file)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=True,  # fewer nodes: faster than a bare parse, and no text is lost
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def parse_xml(raw: bytes, source: str) -> Any:
    """The root element of ``raw``, parsed under every bound; :class:`NoticeError` otherwise."""
    if len(raw) > MAX_NOTICE_BYTES:
        raise NoticeError(problem(source, 1, "file", f"{len(raw):,} bytes, over the {MAX_NOTICE_BYTES:,}-byte limit for one notice"))
    if not raw or raw.isspace():  # isspace: no stripped copy of a large file
        raise NoticeError(problem(source, 1, "file", "the file is empty"))
    head = raw[:4]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        raise NoticeError(problem(source, 1, "file", "not UTF-8 (UTF-16 or binary); eForms notices are UTF-8 XML"))
    start = _ROOT_START.search(raw)
    prolog = raw[: start.start()] if start else raw  # a DOCTYPE (and its entities) can only come before the root
    doctype = prolog.find(b"<!DOCTYPE")
    if doctype < 0:
        doctype = prolog.find(b"<!ENTITY")
    if doctype >= 0:
        raise NoticeError(
            problem(
                source,
                _line_of_offset(raw, doctype),
                "DOCTYPE",
                "a DTD or entity declaration is not allowed in an eForms notice (entities are never expanded)",
            )
        )
    # Each element needs a '<': a file of at most MAX_ELEMENTS bytes cannot hold more, so only
    # larger ones are counted (the count costs as much as a tenth of the parse).
    if len(raw) > MAX_ELEMENTS and raw.count(b"<") > MAX_ELEMENTS:
        cut = -1
        for _ in range(MAX_ELEMENTS + 1):
            cut = raw.find(b"<", cut + 1)
        raise NoticeError(problem(source, _line_of_offset(raw, cut), "file", f"more than {MAX_ELEMENTS:,} elements; not a notice"))
    try:
        root = etree.fromstring(raw, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else 1)
        message = str(exc.msg or exc).split(", line ")[0]
        if "depth" in message.lower():
            message = f"nested more than {MAX_DEPTH} levels deep; not a notice"
        raise NoticeError(problem(source, line, "xml", f"not well-formed XML: {message}")) from None
    except (ValueError, MemoryError) as exc:  # lxml refuses some inputs outside XMLSyntaxError
        raise NoticeError(problem(source, 1, "xml", f"cannot be parsed: {exc}")) from None
    if root is None:
        raise NoticeError(problem(source, 1, "xml", "no root element"))
    return root


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
    type_code = _clean(type_el.text) if type_el is not None else ""
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
        lot = Lot(_clean(id_el.text) or f"lot-{len(notice.lots) + 1}", lot_el.sourceline or 1)
        lot.titles = _by_language([e for p in parts.get(T.PROJECT, ()) for e in p.iterchildren(T.NAME)], collapse=False)
        terms = _first(parts, T.TERMS)
        if terms is not None:
            submission_url = None
            for element in X.LOT_TERMS(terms):  # one query, in document order, told apart by tag
                tag = element.tag
                if tag == T.URI:
                    url = _clean(element.text)
                    if url and url not in lot.documents:
                        lot.documents.append(url)
                elif tag == T.ENDPOINT:
                    if submission_url is None:
                        submission_url = _clean(element.text)
                else:
                    code = _clean(element.text).upper()
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
    return _clean(element.text) if element is not None else ""


def _identity(kids: dict[Any, list[Any]], projects: Any, extensions: list[Any], notice: Notice) -> None:
    for id_el in kids.get(T.ID, ()):
        if id_el.get("schemeName") in ("notice-id", None):
            notice.notice_id = _clean(id_el.text)
            break
    notice.version = _text(_first(kids, T.VERSION))
    notice.procedure_id = _text(_first(kids, T.FOLDER))
    notice.internal_id = next(
        (_clean(e.text) for p in projects for e in p.iterchildren(T.ID) if e.get("schemeName", "InternalID") == "InternalID"), ""
    )
    notice.publication_id = next(
        (_clean(e.text) for x in extensions for p in x.iterchildren(T.PUBLICATION) for e in p.iterchildren(T.PUBLICATION_ID)), ""
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
    notice.buyer_profile = next((_clean(e.text) for p in parties for e in p.iterchildren(T.BUYER_PROFILE)), "")
    # The organisations are read only as far as the buyer (usually the first), each once.
    scanned: dict[str, Any] = {}
    pending = (c for x in extensions for c in X.COMPANIES(x))
    for party_id in X.BUYER_IDS(root):
        wanted = _clean(party_id.text)
        company = scanned.get(wanted)
        while company is None:
            candidate = next(pending, None)
            if candidate is None:
                break
            found = X.PARTY_ID(candidate)
            key = _clean(found[0].text) if found else ""
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
        notice.buyer = _by_language([e for p in parts.get(T.PARTY_NAME, ()) for e in p.iterchildren(T.NAME)], collapse=False)
        notice.buyer_line = company.sourceline or 1
        country = X.COUNTRY(company)
        notice.buyer_country = (_clean(country[0].text) if country else "").upper()
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
        break


def _changes(extensions: list[Any], notice: Notice) -> None:
    changes = next((c for x in extensions for c in x.iterchildren(T.CHANGES)), None)
    if changes is None:
        return
    notice.changes_line = changes.sourceline or 0
    notice.changed_notice = _text(next(changes.iterchildren(T.CHANGED_NOTICE), None))
    for change in changes.iterchildren(T.CHANGE):
        described = _by_language(list(change.iterchildren(T.CHANGE_DESCRIPTION)))
        sections = [_clean(s.text) for s in X.CHANGED_SECTIONS(change)]
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


@functools.lru_cache(maxsize=1024)
def combine(date_text: str | None, time_text: str | None) -> tuple[datetime | date, timedelta | None]:
    """An eForms date (``2020-02-04+02:00``) and optional time (``10:00:00+02:00``) as one value.

    The time's offset wins (it is the offset of the instant); without a time the value is the
    day itself. ValueError with a message for what cannot be a date or a time. Cached: the
    lots of a notice, and its change notices, repeat the same few dates (the values are immutable).
    """
    text = _clean(date_text)
    match = _DATE.fullmatch(text)
    if not match:
        raise ValueError(f"not a date: {text!r} (eForms writes 2024-03-01+01:00)")
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError(f"impossible date {text!r}") from None
    date_offset = _offset(match[4])
    if time_text is None:
        return day, date_offset
    clock = _clean(time_text)
    tmatch = _TIME.fullmatch(clock)
    if not tmatch:
        raise ValueError(f"not a time: {clock!r} (eForms writes 10:00:00+01:00)")
    try:
        moment = time(int(tmatch[1]), int(tmatch[2]), int(tmatch[3]))
    except ValueError:
        if (tmatch[1], tmatch[2], tmatch[3]) == ("24", "00", "00"):
            moment, day = time(0, 0), day + timedelta(days=1)  # xs:time allows 24:00:00, the end of the day
        else:
            raise ValueError(f"impossible time {clock!r}") from None
    try:
        offset = _offset(tmatch[4]) if tmatch[4] else date_offset
    except ValueError:
        raise ValueError(f"impossible UTC offset in the time {clock!r}") from None
    if offset is None:
        return datetime.combine(day, moment), None
    if abs(offset) > timedelta(hours=14):
        raise ValueError(f"impossible UTC offset in the time {clock!r}")
    return datetime.combine(day, moment, tzinfo=timezone(offset)), offset


def _offset(text: str | None) -> timedelta | None:
    if not text:
        return None
    if text == "Z":
        return timedelta(0)
    sign = -1 if text[0] == "-" else 1
    hours, minutes = int(text[1:3]), int(text[4:6])
    if hours > 14 or minutes > 59:
        raise ValueError(f"impossible UTC offset {text!r}")
    return sign * timedelta(hours=hours, minutes=minutes)


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


def collapse(text: str) -> str:
    """Runs of whitespace as one space, none at the ends (what every text of a notice gets)."""
    return " ".join(text.split())


def _clean(text: str | None) -> str:
    return " ".join(text.split()) if text else ""
