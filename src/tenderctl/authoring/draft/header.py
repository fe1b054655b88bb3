"""The notice's own reference, its title and its buyer, from labels in four languages or prose.

Labels are read at the start of a line ("Reference No.:", "Numéro de référence :", "Número del
proceso:", "Concurso Público Nº"), with the value after the colon or a tab (a table cell), or on
the next line when the label stands alone. Numbers that belong to the money, not the notice
(credit, loan, grant, project numbers) are skipped. Only the first 60,000 characters are read:
the header is at the top, and that keeps the scan bounded.
"""

from __future__ import annotations

import re
from collections import Counter

from tenderctl.authoring.draft.lexicon import fold

HEAD = 60_000
_NUMBERING = r"(?:[ivxIVX]+\.[\d.]*\)\s*|\d+(?:\.\d+)*[.)]\s+|[-•*]\s+)?"
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
    r"licitacion id|id de la licitacion|numero de licitacion|numero do processo|processo n[o°º.]*",
    r"(?:avis|appel d'offres(?: ouvert| international)?|aaoi|aaon|dao|dossier|marche|manifestation d'interet|ami|"
    r"concurso (?:publico|limitado[^\n:]{0,40}?)|pregao eletronico|licitacao eletronica|licitacion publica|aviso|anuncio)\s*(?<![a-z])n\.?\s*[o°º]?\.?\s*[o°º]?",
    r"n\s*[°º]|n\.º|nº|no\.",
]
SKIP_BEFORE = re.compile(r"(?:credit|loan|grant|project|projet|credito|prestamo|emprestimo|financing|financement|ida|uasg|cpv)\W*$")


def _label_pattern(labels: str) -> re.Pattern[str]:
    return re.compile(rf"(?:^|(?<=[\s(]))(?:{labels})\s*(?:is\s+)?[:#\t]?\s*{_REF_VALUE}", re.M)


_REF_PATTERNS: list[re.Pattern[str]] = []


def find_reference(text: str, low: str) -> tuple[str | None, str | None]:
    """(reference, REVIEW reason or None)."""
    if not _REF_PATTERNS:
        _REF_PATTERNS.extend(_label_pattern(labels) for labels in REFERENCE_LABELS)
    head_low = low[:HEAD]
    for pattern in _REF_PATTERNS:
        for match in pattern.finditer(head_low):
            line_start = head_low.rfind("\n", 0, match.start()) + 1
            if SKIP_BEFORE.search(head_low[line_start : match.start()]):
                continue
            ref = text[match.start("ref") : match.end("ref")].rstrip(".,;:/-")
            if " " in ref and not re.search(r"\d", ref.split(" ")[-1]):
                ref = ref.split(" ")[0]
            if any(c.isdigit() for c in ref) and len(ref) >= 3 and not _is_date(ref):
                return ref, None
    codes = Counter(
        m.group(0) for m in re.finditer(r"\b[A-Z]{2,}[A-Z0-9]*(?:[-/][A-Z0-9]+)+\b", text[:HEAD]) if any(c.isdigit() for c in m.group(0))
    )
    if codes:
        ref, count = codes.most_common(1)[0]
        return ref, f"no labelled reference number in the notice; {ref!r} is the code it mentions most ({count}×)"
    return None, None


def _is_date(value: str) -> bool:
    return re.fullmatch(r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{2,4}", value) is not None


TITLE_LABELS = re.compile(
    rf"^\s*{_NUMBERING}(?:title|assignment title|tender name|tender title|project title|subject|object|objet(?: du marche| de la consultation)?|"
    r"contract no\.? and title|intitule|titre|objeto(?: del contrato| de la licitacion)?|objecto|descripcion(?: de la licitacion| del objeto)?|nombre de la licitacion|"
    r"nombre del proceso|designacao do contrato|objeto do contrato|denominacion)"
    r"\s*[:\t]\s*(?P<v>\S.{2,240})$",
    re.M,
)
_HEADERISH = re.compile(
    r"(?:tenders?|portal|marketplace|procurement|jobs|system|sistema|plataforma|bulletin|boletin|notices?|compras?|"
    r"republi[cq]u?e|republica|un peuple|ministry of|ministere|ministerio)"
)


def find_title(text: str, low: str, reference: str | None) -> tuple[str, str | None]:
    """(title, REVIEW reason or None)."""
    for match in TITLE_LABELS.finditer(low[:HEAD]):
        value = text[match.start("v") : match.end("v")].strip()
        if reference and value.startswith(reference):
            value = value[len(reference) :].lstrip(" :-–")
        if len(value.split()) >= 2 and not re.search(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}", value):
            return value[:200], None
    lines = text[:HEAD].split("\n")
    ref_line = next((i for i, line in enumerate(lines) if reference and reference in line), None) if reference else None
    top = lines[: ref_line if ref_line is not None else 40][:40]
    for line in top:  # above the reference: the notice's heading
        if _title_like(line) and not _HEADERISH.search(fold(line)):
            return line.strip().lstrip("#").strip()[:200], "the notice's first line that reads like a title; check it"
    if ref_line is not None:
        for line in lines[ref_line + 1 : ref_line + 4]:
            if _title_like(line):
                return line.strip()[:200], "the line after the notice's reference; check it is the tender's title"
    for line in lines[:40]:
        if _title_like(line) and not _HEADERISH.search(fold(line)):
            return line.strip().lstrip("#").strip()[:200], "the notice's first line that reads like a title; check it"
    first = next((line.strip() for line in lines if line.strip()), "")
    return (first[:150] or "REVIEW: title"), "the notice's first line; check it is the tender's title"


def _title_like(line: str) -> bool:
    words = line.split()
    if len(words) < 4 or line.strip().endswith(":") or len(words) > 30:
        return False
    if re.match(r"\s*(?:projects?|projet|proyecto|projeto|programme|program|programa)\b", fold(line)):
        return False  # the project a tender belongs to, not the tender
    if re.search(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\b(?:19|20)\d{2}\b.*\d{1,2}:\d{2}", line):
        return False
    head = line.split(":", 1)[0]
    if ":" in line and len(head.split()) <= 3 and len(line.split(":", 1)[1].split()) < 4:
        return False
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and not all(c.isupper() for c in letters)


BUYER_LABELS = re.compile(
    rf"^\s*{_NUMBERING}(?:buyer|contracting authority|contracting entity|purchaser|procuring entity|employer|client|issued by|"
    r"un organization|organi[sz]ation|agency|official name|name of (?:the )?(?:buyer|contracting authority)|"
    r"nom officiel|nom complet de l'acheteur|nom de l'acheteur|pouvoir adjudicateur|acheteur|autorite contractante|maitre d'ouvrage|"
    r"entidad(?: convocante| contratante)?|dependencia o entidad|organo de contratacion|responsable de esta licitacion|organismo(?: contratante| licitante)?|"
    r"entidade (?:contratante|adjudicante)|designacao da entidade adjudicante|orgao|office)"
    r"\s*(?:[:\t]\s*(?P<v>\S.{1,160})|:?\s*)$",
    re.M,
)
BUYER_PROSE = re.compile(
    r"(?:^|(?<=[\n.]))\s*(?:\d+\.\s*)?(?:the|le|la|l'|el|o|a)?\s*(?P<v>[A-Za-zÀ-ÿ][^.\n]{2,120}?)\s*(?:,\s*)?(?:now\s+|hereby\s+)?"
    r"(?:invites|is inviting|is seeking|seeks|sollicite|invite|lance|convida|convoca|invita)(?![a-z])",
    re.I,
)
_ORG_WORDS = re.compile(
    r"(?:ministry|ministere|ministerio|university|universite|universidad|universidade|agency|agence|agencia|authority|autorite|"
    r"company|companhia|compania|societe|council|conseil|consejo|department|departement|departamento|direction|direccion|"
    r"institute|institut|instituto|municipality|commune|municipalidad|municipio|camara|ayuntamiento|alcaldia|fund|fonds|fondo|"
    r"bank|banque|banco|servicio|service|secretaria|administracao|administration|office|bureau|corporation|malagasy|rano)"
)


def find_buyer(text: str, low: str) -> tuple[str | None, str | None]:
    """(buyer, REVIEW reason or None)."""
    head, head_low = text[:HEAD], low[:HEAD]
    for match in BUYER_LABELS.finditer(head_low):
        if match["v"]:
            value = head[match.start("v") : match.end("v")].strip().rstrip(".")
        else:
            rest = head[match.end() :].lstrip("\n")
            value = rest.split("\n", 1)[0].strip().rstrip(".")
        if len(value) >= 2 and not re.fullmatch(r"[\d\s.,/-]+", value):
            return value, None
    prose = BUYER_PROSE.search(head)
    if prose:
        value = re.sub(r"\s*\([^)]*\bthe\b[^)]*\)", "", prose["v"]).strip(" ,")
        value = re.sub(r"^(?:the|le|la|l'|el|o|a)\s+", "", value, flags=re.I)
        if 2 <= len(value.split()) <= 14 or value.isupper():
            return value, f"from the sentence {prose.group(0).strip()!r}"
    lines = [line.strip() for line in head.split("\n")[:12]]
    found = None
    capitals = None
    for line in lines:
        if not line:
            continue
        if ":" in line or "\t" in line:
            break
        letters = [c for c in line if c.isalpha()]
        if capitals is None and len(letters) > 3 and all(c.isupper() for c in letters) and not re.search(r"republi", fold(line)):
            capitals = line
        if re.search(r"(?:avis|aviso|anuncio|anúncio|notice|invitation|request for|call for|appel|licitac|licitaç|preg[aã]o)", fold(line)):
            break
        if _ORG_WORDS.search(fold(line)) and not re.search(r"republi", fold(line)) and len(line.split()) <= 14:
            found = line
    if found or capitals:
        return found or capitals, "the organisation named at the top of the notice; check it is the buyer"
    return None, None
