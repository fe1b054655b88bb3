"""The notice's own reference, from labels in four languages or prose.

Labels are read at the start of a line ("Reference No.:", "Numéro de référence :", "Número del
proceso:", "Concurso Público Nº"), with the value after the colon or a tab (a table cell), or on
the next line when the label stands alone. Numbers that belong to the money, not the notice
(credit, loan, grant, project numbers) are skipped.
"""

from __future__ import annotations

import re
from collections import Counter

from tenderctl.authoring.draft.header import HEAD, _best_label
from tenderctl.authoring.draft.labels import Labelled, labelled_lines, reference_strength
from tenderctl.authoring.draft.lexicon import fold
from tenderctl.authoring.draft.titlewords import NOTICE_WORDS

_REF_VALUE = r"(?P<ref>[A-Za-z0-9][A-Za-z0-9/_.\-]*(?: ?[A-Za-z0-9/_.\-]+)?)"
REFERENCE_LABELS = [
    # the notice's own number, most specific first
    r"reference(?: number| no\.?| n[o°º]\.?)?|ref(?:erence)?\.? ?(?:no\.?|number)?|rfp reference|tender ref(?:erence)?|"
    r"tender (?:no\.?|number|id)|bid (?:no\.?|number)|solicitation (?:no\.?|number)|notice (?:no\.?|number)|"
    r"(?:rfp|rfq|itb|ifb|eoi|rfps|rfi) ?(?:no\.?|number|#)|contract (?:no\.?|identification no\.?)(?: and title)?|"
    r"procurement reference(?: no\.?)?|request for (?:proposals?|quotations?)|invitation (?:to|for) bids?|"
    r"numero de reference|reference du marche|reference de l'avis|numero de la demande de soumissions|numero de l'invitation|"
    r"numero de sollicitation|numero de l'appel d'offres|numero de l'avis|"
    r"numero del proceso|numero de proceso|numero de procedimiento|numero de expediente|expediente|nomenclatura|"
    r"licitacion id|id de la licitacion|numero de licitacion",
    r"(?:avis|appel d'offres(?: ouvert| international)?|aaoi|aaon|aoi|aon|dao|dossier|marche|manifestation d'interet|ami|"
    r"concurso (?:publico|limitado[^\n:]{0,40}?)|pregao(?: eletronico| presencial)?|licitacao eletronica|licitacion publica|aviso|anuncio|"
    r"(?:edital de )?concorrencia(?: eletronica| publica)?|tomada de precos|adjudicacion simplificada|licitacion abreviada|"
    r"licitacion privada|subasta|contratacion directa|dispensa(?: eletronica)?)(?:\s+[a-z]{2,10}){0,2}\s*(?<![a-z])n\.?\s*[o°º]?\.?\s*[o°º]?(?![a-z])",
    # the administrative file a notice belongs to: its number only when the notice gives no other
    r"numero do processo|processo n[o°º.]*",
    r"(?:n\s*[°º]|n\.º|nº|no\.|n\.o)(?![a-z])",  # folded, "N.º" reads "n.o"
]
SKIP_BEFORE = re.compile(
    r"(?:credit|loan|grant|project|projet|credito|prestamo|emprestimo|pret|don|donativo|financing|financement|ida|uasg|cpv|"
    r"decreto(?:-lei)?|lei|ley|loi|decret|law|act|artigo|articulo|article|resolucion|resolution|portaria|"
    r"partida(?: presupuestaria)?|budget(?: line)?|dotacao(?: orcamentaria)?|rubrique|imputation)"
    r"(?:\s+[a-z]{2,6}){0,2}\W*$"  # "Préstamo BID N°", "Prêt FAD n°": the funder's acronym between
)


def _label_pattern(labels: str) -> re.Pattern[str]:
    return re.compile(rf"(?:^|(?<=[\s(]))(?:{labels})(?:(?<![a-z])|(?![a-z]))\s*(?:is\s+)?[:#\t]?\s*{_REF_VALUE}", re.M)


_REF_PATTERNS: list[re.Pattern[str]] = []


_STREET_BEFORE = re.compile(
    r"(?<![a-z])(?:av|avda|avenida|avenue|calle|carrera|cra|jiron|jr|rua|rue|street|st|road|rd|travessa|alameda|paseo|camino|"
    r"boulevard|bd|blvd)\.?\s+[^\n]{0,40}$"
)
"""A street's name before "N°": the number is the address's."""
_PAGE = re.compile(r"(?<![a-z])(?:page|pagina|pag\.)\s*\d")
_CODE_GOES_ON = r"(?:/[A-Za-z0-9][A-Za-z0-9-]*)+"


_NUMBER_MARK = re.compile(r"^(?:no\.|n\s*[°º]\.?|n\.º|nº)\s*(?=\S*\d)", re.I)
"""The mark "No." / "N°" before a number that a label's pattern takes with it ("REQUEST FOR QUOTATION
No. AFG/KBL/RFQ/2027/0418"): a label word, not part of the reference."""


def find_reference(text: str, low: str) -> tuple[str | None, str | None]:
    """(reference, REVIEW reason or None); a number that the notice writes elsewhere as the start
    of a longer code ("AMI n° 003/2028" and "N° 003/2028/MEHV/PAEAMUS/UCP/SPM") is that code."""
    ref, why = _find_reference(text, low)
    if ref is not None:
        ref = _NUMBER_MARK.sub("", ref)
    if ref is None or not re.search(r"\d", ref):
        return ref, why
    longer = [m.group(0) for m in re.finditer(rf"(?<![\w/]){re.escape(ref)}{_CODE_GOES_ON}(?![\w/])", text[:HEAD])]
    if longer:
        return max(longer, key=len), why
    return ref, why


def _find_reference(text: str, low: str) -> tuple[str | None, str | None]:
    labels = labelled_lines(text, low, HEAD)
    labels += _inline_labels(labels, text, low)
    best = _best_label(labels, reference_strength, _reference_value, minimum=2)
    if not _REF_PATTERNS:
        _REF_PATTERNS.extend(_label_pattern(labels) for labels in REFERENCE_LABELS)
    if best is not None and _serial(best):
        own = _coded_reference(labels) or _coded_heading(text, low)
        if own is not None:
            return own, f"the notice's own code; {best!r} (a portal's serial number) is labelled as a reference too"
    if best is not None:
        return best, None
    head_low = low[:HEAD]
    for pattern in _REF_PATTERNS:
        for match in pattern.finditer(head_low):
            line_start = head_low.rfind("\n", 0, match.start()) + 1
            if SKIP_BEFORE.search(head_low[line_start : match.start()]) or _STREET_BEFORE.search(head_low[line_start : match.start()]):
                continue  # the money's number, or a street's ("Av. 9 de Febrero N° 123", "Calle 18 No. 110")
            ref = text[match.start("ref") : match.end("ref")].rstrip(".,;:/-")
            if " " in ref and not re.search(r"\d", ref.split(" ")[-1]):
                ref = ref.split(" ")[0]
            line_end = head_low.find("\n", match.end())
            if re.fullmatch(r"\d{1,3} \d{3}", ref) or _PAGE.search(head_low[line_start : line_end if line_end >= 0 else None]):
                continue  # "FRATERNITÉ MATIN — N° 17 512 — ... Page 22": a newspaper's issue in its running header
            if any(c.isdigit() for c in ref) and len(ref) >= 3 and not _is_date(ref):
                return ref + _issuer_suffix(text[match.start("ref") + len(ref) : match.start("ref") + len(ref) + 40]), None
    weak = _best_label(labels, reference_strength, _reference_value, minimum=1)
    if weak is not None:
        return weak, None
    for heading in _KIND_AND_CODE.finditer(text[:HEAD]):
        if NOTICE_WORDS.search(" ".join(fold(heading["kind"]).split())):
            return heading["code"], None  # "Request for Tender DOF20271184": the notice's kind, then its number
    codes = Counter(
        m.group(0)
        for m in re.finditer(r"\b[A-Z]{2,}[A-Z0-9]*(?:[-/][A-Z0-9]+)+\b", text[:HEAD])
        if any(c.isdigit() for c in m.group(0)) and not re.fullmatch(r"(?:UTC|GMT)[-+]\d{1,2}", m.group(0))
    )
    if codes:
        ref, count = codes.most_common(1)[0]
        return ref, f"no labelled reference number in the notice; {ref!r} is the code it mentions most ({count}×)"
    return None, None


def _coded_heading(text: str, low: str) -> str | None:
    """ "CONVOCA A LICITACIÓN PÚBLICA No. HRC-LIC-03-2027" above "NOG: 21875427": the notice's kind and
    its code of letters and digits in a line, beside a portal's serial in a field."""
    for match in _REF_PATTERNS[1].finditer(low[:HEAD]):
        ref = text[match.start("ref") : match.end("ref")].rstrip(".,;:/-").split(" ")[0]
        if re.search(r"[A-Za-z]", ref) and re.search(r"\d", ref) and re.search(r"[-/]", ref) and len(ref) >= 6:
            return ref
    return None


def _serial(value: str) -> bool:
    """A portal's or a journal's serial number ("11042235", "27-029904", "2027-534870"): digits,
    perhaps a dash, no letters and no slash (a buyer's "15/2026" numbers its year)."""
    return re.fullmatch(r"\d+(?:-\d+)?", value) is not None and len(value.replace("-", "")) >= 6


_KIND_AND_CODE = re.compile(
    r"^[ \t]*(?P<kind>[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ ()'-]{5,50}?)[ \t]+"
    r"(?P<code>[A-Z]{2,}[A-Z0-9]*\d[A-Za-z0-9/_-]{2,30}|\d{2,}[-/]\d+[-/][A-Z]{1,4}\d*)[ \t]*$",
    re.M,
)
""""Request for Tender DOF20271184", "Licitación Pública  2271-14-LQ27" (Mercado Público's code ends with its
type of tender): a heading that is the notice's kind, then its code."""


def _coded_reference(labels: list[Labelled]) -> str | None:
    """ "RFx ID: 31847762" beside "Reference: HCDC-RFP-2027-014", "Numéro de référence SEAO : 1804562"
    beside "Numéro : AO-2027-118": a portal numbers its notices with bare serials, the buyer with a
    code of letters and digits; the buyer's code is the notice's own reference."""
    for item in labels:
        value = _reference_value(item.value) if reference_strength(item.label) >= 2 else None
        if value and re.search(r"[A-Za-z]", value) and re.search(r"\d", value) and re.search(r"[-/]", value):
            return value
    return None


_INLINE = re.compile(r"^(?P<label>[^\n:\d]{3,60}?)\s*(?:\([A-Za-z]{2,8}\))?\s+(?P<code>[A-Za-z]{0,6}[0-9][A-Za-z0-9/_.\-]{2,40})\s*$")


def _inline_labels(labels: list[Labelled], text: str, low: str) -> list[Labelled]:
    """A label and its number with no colon between, in a line or a field's value:
    "Concurso: Número de Operación Guatecompras (NOG) 24198371", "Número de Expediente 2026/000412-SUM"."""
    values = [(item.value.strip(), item.start) for item in labels]
    lines = re.finditer(r"^[^\n]{6,110}$", low[: min(len(low), 20_000)], re.M)
    values += [(text[m.start() : m.end()].strip(), m.start()) for _n, m in zip(range(400), lines, strict=False)]
    out = []
    for value, start in values:
        match = _INLINE.match(value)
        if match is None:
            continue
        label = " ".join(fold(value[: match.start("code")]).split())
        if reference_strength(label) >= 2:
            out.append(Labelled(label, match["code"], start, 0))
    return out


_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.\-$]*(?: ?[A-Za-z0-9/_.\-]+)?")


def _reference_value(value: str) -> str | None:
    value = re.sub(r"^(?:n\s*[°º]|n\.º|no\.?|#)\s*", "", value.strip(), flags=re.I)
    if re.match(r"(?:page|pagina|página|pág\.?|p\.)\s*\d", value, flags=re.I):
        return None  # "RFP No. FFA-2027-113        Page 3 of 14": a page's running header, the number in its label
    match = _VALUE.match(value)
    if match is None:
        return None
    ref = match.group(0).rstrip(".,;:/-")
    if " " in ref and not re.search(r"\d", ref.split(" ")[-1]):
        ref = ref.split(" ")[0]
    if not any(c.isdigit() for c in ref) or len(ref) < 3 or _is_date(ref) or re.fullmatch(r"[\d ]{9,}", ref):
        return None  # a phone number, a date, a word
    return ref


def _issuer_suffix(after: str) -> str:
    """'118/2026 - SES/GO': the issuer's code after a dash is part of the number."""
    suffix = re.match(r"\s[-–]\s[A-Z]{2,}(?:/[A-Z]{2,})+(?![A-Za-z0-9])", after)
    return suffix.group(0) if suffix else ""


def _is_date(value: str) -> bool:
    return re.fullmatch(r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{2,4}", value) is not None
