"""An eForms notice mapped onto tender fields: the same :class:`~tenderctl.interop.ocds.view.View`
the OCDS import builds, so planning, re-import in place and writing are shared.

* reference: the procedure's internal identifier (BT-22) when present, else the procedure
  identifier (BT-04); the notice identifier, version and publication number go to the import
  record (``extensions.eforms``) and the notes.
* title BT-21, buyer BT-500 (the organisation in the buyer role), description BT-24, documents
  URL BT-15 (``url``, more in ``links``), submission URL BT-18 (``portal``), languages BT-97.
* dates per lot: receipt of tenders BT-131 and of requests to participate BT-1311 (``submission``),
  additional information BT-13 (``questions``), opening BT-132 (``opening``). **Lots are milestones
  of one tender** (a bid team answers one procedure, often for several lots): a date all lots share
  is one milestone (``submission``); dates that differ between lots become one milestone per lot
  (``submission-lot-0001``, titled with the lot).
* texts: ``--lang`` picks the language, default the first submission language (BT-97), then
  English, then the notice's own language; the other languages go to the notes.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time, timezone
from typing import Any
from urllib.parse import urlsplit

from tenderctl.errors import Level, Problem
from tenderctl.interop.eforms._codes import LANGUAGE_ALPHA3, LANGUAGE_TERMINOLOGY
from tenderctl.interop.eforms.notice import Dated, Notice, collapse, problem
from tenderctl.interop.eforms.zones import choose_zone, offset_in, offset_text
from tenderctl.interop.ocds._common import MAX_NOTES, MAX_REFERENCE, MAX_TITLE, _at_text, _safe_id
from tenderctl.interop.ocds.view import View
from tenderctl.tenders.timeline import get_zone


def language_code(text: str) -> str:
    """``fr``/``fre``/``FRA`` -> ``FRA`` (eForms' ISO 639-2/T codes); ValueError for anything else."""
    code = text.strip().upper()
    if len(code) == 2 and code in LANGUAGE_ALPHA3:
        return LANGUAGE_ALPHA3[code]
    if len(code) == 3 and code.isalpha():
        return LANGUAGE_TERMINOLOGY.get(code, code)
    raise ValueError(f"not a language code: {text!r} (e.g. en, fr, ENG, FRA)")


def pick_language(notice: Notice, wanted: str | None) -> str:
    """The language to read texts in: --lang, else the first submission language, else English."""
    present = {lang for texts in (notice.titles, notice.descriptions, notice.buyer) for lang in texts}
    if wanted:
        return wanted
    for lot in notice.lots:
        for lang in lot.languages:
            if lang in present:
                return lang
    for lang in ("ENG", notice.language):
        if lang in present:
            return lang
    return next(iter(notice.titles), "ENG")


def _in(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("") or next(iter(texts.values()), "")


def notice_view(notice: Notice, *, lang: str | None = None, zone: str | None = None) -> tuple[View, dict[str, Any], list[Problem]]:
    """(view, import record, notes) for one call-for-tenders notice."""
    notes: list[Problem] = []
    source = notice.source

    def warn(line: int, element: str, message: str) -> None:
        notes.append(problem(source, line, element, message, Level.warning))

    chosen = pick_language(notice, lang)
    if lang and notice.titles and lang not in notice.titles:
        warn(
            1,
            "cbc:Name",
            f"no text in {lang}; the notice has {', '.join(sorted(k for k in notice.titles if k))}, using {_first(notice.titles)}",
        )
        chosen = _first(notice.titles)

    reference = " ".join((notice.internal_id or notice.procedure_id).split())[:MAX_REFERENCE]
    title = _in(notice.titles, chosen)
    if len(title) > MAX_TITLE:
        warn(1, "cbc:Name", f"title of {len(title):,} characters; cut to {MAX_TITLE}")
        title = title[:MAX_TITLE]
    if not title:
        title = f"Untitled eForms notice {notice.identifier}"
        warn(1, "cbc:Name", f"no procedure title (BT-21); using {title!r} (edit it in the file)")
    buyer = collapse(_in(notice.buyer, chosen))
    if not buyer:
        warn(1, "cac:ContractingParty", "no buyer name (BT-500)")

    dated = [d for lot in notice.lots for d in lot.dates]
    zone_name = zone
    if zone_name is None:
        anchor = next((_instant(d) for d in dated if d.kind == "submission" and d.offset is not None), None)
        anchor = anchor or next((_instant(d) for d in dated if d.offset is not None), None)
        zone_name, why = choose_zone(notice.buyer_country, anchor)
        if why:
            notes.append(problem(source, notice.buyer_line or 1, "timezone", why, Level.warning))
    for item in dated:
        _check_offset(item, zone_name, warn)

    dates = _milestones(notice, dated, chosen)

    documents = [url for lot in notice.lots for url in lot.documents]
    url = documents[0] if documents else None
    links: list[dict[str, str]] = []
    for extra in dict.fromkeys(documents[1:]):
        if extra != url:
            links.append({"title": "Procurement documents", "url": extra})
    if notice.buyer_profile and notice.buyer_profile not in (url, *[link["url"] for link in links]):
        links.append({"title": "Buyer profile", "url": notice.buyer_profile})
    if notice.publication_id:
        links.append(
            {"title": f"TED notice {notice.publication_id}", "url": f"https://ted.europa.eu/en/notice/-/detail/{notice.publication_id}"}
        )
    submission_url = next((lot.submission_url for lot in notice.lots if lot.submission_url), "")
    portal = {"name": _host(submission_url), "url": submission_url} if submission_url.startswith(("http://", "https://")) else None
    if url is None:
        warn(1, "cac:CallForTendersDocumentReference", "no procurement documents URL (BT-15)")

    view = View(
        reference=reference,
        title=title,
        ocid=notice.procedure_id,
        timezone=zone_name,
        buyer=buyer or None,
        url=url,
        portal=portal,
        notes=_notes(notice, chosen) or None,
        links=links,
        contacts=notice.contacts,
        dates=dates,
        origin="eforms",
    )
    record: dict[str, Any] = {
        "source": source,
        "procedure": notice.procedure_id,
        "notice": notice.identifier,
        "notice_type": notice.type_code,
    }
    if notice.publication_id:
        record["publication"] = notice.publication_id
    if notice.issued is not None:
        record["issued"] = notice.issued.isoformat()
    if notice.changed_notice:
        record["changes"] = notice.changed_notice
    record["language"] = chosen
    record["last"] = view.last()
    return view, record, notes


def _first(texts: dict[str, str]) -> str:
    return next(iter(texts), "")


def _instant(item: Dated) -> datetime | None:
    """The instant a dated element stands for when choosing a zone by its offset: its own, or for
    a day with an offset (``2027-03-04+01:00``, an all-day deadline) noon of that day at that
    offset (a day says which offset its buyer lives in as well as a time does)."""
    if item.offset is None:
        return None
    if isinstance(item.value, datetime):
        return item.value
    return datetime.combine(item.value, time(12), tzinfo=timezone(item.offset))


def _check_offset(item: Dated, zone: str, warn: Any) -> None:
    if item.offset is None:
        if isinstance(item.value, datetime):
            warn(item.line, item.element, f"{item.bt} of {item.lot} has no UTC offset; read as local time in {zone}")
        return
    if not isinstance(item.value, datetime):  # a day with an offset: the day is kept, the offset checked
        instant = _instant(item)
        expected = offset_in(zone, instant) if instant is not None else None
        if expected is not None and expected != item.offset:
            warn(
                item.line,
                item.element,
                f"{item.bt} of {item.lot}: offset {offset_text(item.offset)} is not {zone}'s on {item.value} "
                f"({offset_text(expected)}); the day is kept as published (all day {item.value} in {zone}), check the notice",
            )
        return
    expected = offset_in(zone, item.value)
    if expected is not None and expected != item.offset:
        local = item.value.astimezone(_zone(zone)).replace(tzinfo=None).isoformat(" ", "minutes")  # strftime: 4x the cost
        warn(
            item.line,
            item.element,
            f"{item.bt} of {item.lot}: offset {offset_text(item.offset)} is not {zone}'s on {item.value.date()} "
            f"({offset_text(expected)}); the instant is kept as published ({local} in {zone}), check the notice",
        )


def _zone(name: str) -> Any:
    return get_zone(name)


def _milestones(notice: Notice, dated: list[Dated], lang: str) -> dict[str, dict[str, str]]:
    """One milestone per deadline all lots share; one per lot for deadlines that differ."""
    out: list[tuple[str, dict[str, str], datetime | date]] = []
    lots = {lot.id: lot for lot in notice.lots}
    for base_id in dict.fromkeys(d.base_id for d in dated):
        group = [d for d in dated if d.base_id == base_id]
        values = {_key(d.value) for d in group}
        lot_ids = {d.lot for d in group}
        if len(values) == 1 and (len(lot_ids) == len(lots) or len(lots) <= 1):
            first = group[0]
            out.append((base_id, {"kind": first.kind, "title": first.title, "at": _at_text(first.value)}, first.value))
            continue
        for item in group:
            lot_title = collapse(_in(lots[item.lot].titles, lang)) if item.lot in lots else ""
            title = f"{item.title}: {item.lot}" + (f" ({lot_title[:80]})" if lot_title else "")
            out.append(
                (f"{base_id}-{_safe_id(item.lot.lower())}", {"kind": item.kind, "title": title, "at": _at_text(item.value)}, item.value)
            )
    out.sort(key=lambda entry: _key(entry[2]))
    return {mid: values for mid, values, _value in out}


def _key(value: datetime | date) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


@functools.lru_cache(maxsize=256)
def _host(url: str) -> str:
    return urlsplit(url).hostname or "Submission portal"


def _notes(notice: Notice, lang: str) -> str:
    parts: list[str] = []
    description = _in(notice.descriptions, lang)
    if description:
        parts.append(description)
    others = [name for name in (collapse(_in(names, lang)) for names in notice.other_buyers) if name]
    if others:
        parts.append(f"Other buyers (BT-500, joint procurement): {'; '.join(others)}.")
    languages = sorted({code for lot in notice.lots for code in lot.languages})
    if languages:
        parts.append(f"Languages of submission (BT-97): {', '.join(languages)}.")
    for label, texts in (("Title", notice.titles), ("Description", notice.descriptions)):
        for code, text in texts.items():
            if code != lang and text:
                parts.append(f"{label} ({code or 'no language'}): {text}")
    published = f"eForms notice {notice.identifier} ({notice.type_code})"
    if notice.publication_id:
        published += f", published on TED as {notice.publication_id}"
    parts.append(published + ".")
    if notice.changed_notice:
        described = "; ".join(_in({k: v for k, v in c.items() if k != "_sections"}, lang) for c in notice.changes)
        reason = _in(notice.change_reason, lang)
        parts.append(
            f"Changes notice {notice.changed_notice}" + (f": {described}" if described else "") + (f" ({reason})" if reason else "") + "."
        )
    text = "\n\n".join(parts)
    return text[:MAX_NOTES]
