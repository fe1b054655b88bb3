"""Pieces of the notice: its reference, title and buyer, numbered lists, tips that map to rules."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

REFERENCE_LABEL = re.compile(
    r"(?:\breference(?:\s+(?:number|no\.?))?|\bref\.?(?:\s*no\.?)?|\bréférence|\bréf\.?|\btender\s+(?:no\.?|number|id)|"
    r"\b(?:rfp|rfq|itb|rfps|eoi|ifb)\s*(?:no\.?|number|#)|\bsolicitation\s+(?:no\.?|number)|\bnotice\s+(?:no\.?|number)|"
    r"\bavis\s+n\s*[°o]|\bappel d'offres\s+n\s*[°o]|\bdossier\s+n\s*[°o]|\bn\s*°)"
    r"\s*(?:is\s+)?[:#]?\s*(?P<ref>[A-Z0-9][A-Z0-9/_.\-]{2,60})",
    re.I,
)
REFERENCE_CODE = re.compile(r"\b[A-Z]{2,}[A-Z0-9]*(?:[-/][A-Z0-9]+)+\b")
TITLE_LABEL = re.compile(r"^\s*(?:title|subject|object|objet|intitulé|titre)\s*:\s*(?P<v>.{3,200})$", re.I | re.M)
BUYER_LABEL = re.compile(
    r"^\s*(?:buyer|contracting authority|purchaser|procuring entity|client|issued by|autorité contractante|acheteur|maître d'ouvrage)"
    r"\s*[:\-–]\s*(?P<v>.{2,120})$",
    re.I | re.M,
)
BUYER_PROSE = re.compile(
    r"^(?P<v>[A-Z][\w&.'’ -]{1,60}?) (?:is looking for|is seeking|seeks|invites|is inviting|hereby invites|lance|invite)\b", re.M
)
NUMBERED = re.compile(r"^\s*(?:step\s+|étape\s+)?(?P<n>\d{1,2})\s*[.)]?\s*[-–:]?\s+(?P<text>\S.*)$", re.I)
STEP_HEADING = re.compile(r"\b(steps?|how to (?:apply|submit|bid|participate)|procedure|instructions|étapes|démarche|process)\b", re.I)
TIP_HEADING = re.compile(r"\b(tips?|important|remember|reminders?|notes?|conseils|attention|à noter)\b", re.I)


def _clean_ref(value: str) -> str:
    return value.rstrip(".,;:/-")


def find_reference(text: str) -> tuple[str | None, str | None]:
    """(reference, review reason or None)."""
    for match in REFERENCE_LABEL.finditer(text):
        ref = _clean_ref(match["ref"])
        if any(c.isdigit() for c in ref) and len(ref) >= 4:
            return ref, None
    codes = Counter(_clean_ref(m.group(0)) for m in REFERENCE_CODE.finditer(text) if any(c.isdigit() for c in m.group(0)))
    if codes:
        ref, count = codes.most_common(1)[0]
        return ref, f"no labelled reference number in the notice; {ref!r} is the code it mentions most ({count}×)"
    return None, None


@dataclass
class _ListItem:
    number: int
    heading: str
    body: str
    start: int  # offset in text of the item line
    end: int


def numbered_lists(text: str) -> list[tuple[str, list[_ListItem]]]:
    """Runs of items numbered 1, 2, 3, ... with the heading line above them.

    When the line after item 1 is prose rather than item 2, every item is a heading with a
    one-paragraph body ("1. Terms of Reference" / "Read the full Terms of Reference here").
    """
    lines = text.split("\n")
    offsets = []
    position = 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1

    def next_filled(k: int) -> int:
        while k < len(lines) and not lines[k].strip():
            k += 1
        return k

    results: list[tuple[str, list[_ListItem]]] = []
    index = 0
    while index < len(lines):
        first = NUMBERED.match(lines[index])
        if not first or int(first["n"]) != 1:
            index += 1
            continue
        heading_line = next((lines[k].strip() for k in range(index - 1, max(-1, index - 4), -1) if lines[k].strip()), "")
        after_first = next_filled(index + 1)
        with_bodies = after_first < len(lines) and not NUMBERED.match(lines[after_first])
        items: list[_ListItem] = []
        k = index
        while k < len(lines):
            m = NUMBERED.match(lines[k])
            if not m or int(m["n"]) != len(items) + 1:
                break
            start, last = k, k
            body = ""
            k += 1
            if with_bodies:
                j = next_filled(k)
                if j < len(lines) and not NUMBERED.match(lines[j]):
                    body, last, k = lines[j].strip(), j, j + 1
            items.append(_ListItem(len(items) + 1, m["text"].strip(), body, offsets[start], offsets[last] + len(lines[last])))
            k = next_filled(k)
        if len(items) >= 2:
            results.append((heading_line, items))
        index = max(k, index + 1)
    return results


def classify_tip(text: str) -> tuple[str, str | None, str, str] | None:
    """(rule, documents, severity, why) for a tip one of the known rules covers."""
    lowered = text.lower()
    fatal = re.search(r"disqualif|discard|reject|eliminat|élimin|rejet|automatically|will not be considered|irrecevable", lowered)
    severity = "disqualifying" if fatal else "required"
    technical = "technical" if re.search(r"technical|technique", lowered) else None
    if re.search(r"\b(sign(ed|ature)?|signée?s?|signature)\b", lowered):
        return "signature", technical, severity, "the tip asks for a signature"
    if re.search(r"financ|pric|cost|budget|prix|montant", lowered) and re.search(
        r"\b(not|no|never|without|exclude|ne pas|aucun|sans)\b", lowered
    ):
        return "no-financials", technical or "technical", severity, "the tip forbids financial information in the technical proposal"
    if re.search(r"\bcvs?\b|curricul|résumés?\b|key experts", lowered):
        return "cvs", None, "disqualifying" if fatal else "required", "the tip asks for the experts' CVs"
    return None
