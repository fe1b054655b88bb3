"""The draft's checks and tips: every requirement sentence of the notice, one check per rule."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tenderctl.authoring.draft.fieldwords import BID_NOUNS, LANGUAGE_NAMES, NOTICE_DOCUMENTS, SMALL_WORDS
from tenderctl.authoring.draft.lexicon import fold
from tenderctl.authoring.draft.model import DraftCheck
from tenderctl.authoring.draft.papers import paper_heads
from tenderctl.authoring.draft.requirements import (
    LANGUAGE_CONTEXT,
    NOTICE_CONTENTS,
    PAGE_CONTEXT,
    PAGES,
    Requirement,
    classify,
    is_file_statement,
    is_requirement,
    is_signed_item,
    is_stated,
)

if TYPE_CHECKING:
    from tenderctl.authoring.draft.context import Notice
    from tenderctl.authoring.draft.lists import _ListItem
    from tenderctl.authoring.draft.model import Draft

MAX_UNITS = 5_000
"""Sentences looked at; a notice has a few hundred. Bounds the time on a hostile one."""
MAX_TIPS = 30
_LIST_START = re.compile(
    r"^\s*[\"«]?\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+(?=[\"«(]?[A-ZÀ-Ý])|^\s*(?:[-•*▪◦]|\(?[a-z0-9]{1,2}[.)](?!\s*(?:pages?|p[aá]ginas?|feuillets?|folios?|hojas|cuartillas|days|d[ií]as|jours|MB|Mo)\b)|[A-Za-z]/|[IVX]+\.[\d.]*\)|[IVX]{1,4}\s*[-–]|[ivx]{1,4}\.)\s+|^\s*[A-ZÀ-Ý][^:\n.]{1,40}:\s|^\s*[A-ZÀ-Ý][^:\n.]{40,100}:\s+\S[^\n]{0,60}$"
)
_SENTENCE = re.compile(
    r"(?<![\w.]\d\.)(?<![\w.]\d\d\.)(?<!^\d\.)(?<!^\d\d\.)(?<!^[a-zA-Z]\.)(?<!^[ivxIVX]{2}\.)(?<!^[ivxIVX]{3}\.)(?<!^[ivxIVX]{4}\.)"
    r"(?<=[.!?])\s+(?=[A-ZÀ-Ý(«\"])"
)
"""A sentence ends at its full stop, not at a list's number or letter ("1. Oferta firmada ...", "a. Product
brochure", "iii. NCA registration certificate")."""
_LABELLED_ITEM = re.compile(r"^\s*[A-ZÀ-Ý][^:\n.]{1,40}:\s|^\s*[A-ZÀ-Ý][^:\n.]{40,100}:\s+\S[^\n]{0,60}$")
"""A "Label: value" line: a field of its own, not an item of the list above it."""
_LETTERED = re.compile(r"\s*[A-Za-z][/)]\s")
_LEAD_IN = re.compile(
    r"(?:comprendra|comprendront|comportera|contiendra|must contain|shall contain|shall include|must include|"
    r"documents suivants|pieces suivantes|siguientes documentos|documentos siguientes|seguintes documentos|documentos seguintes|"
    r"following documents|requisit|requirements|exigences|"
    r"pieces a fournir|documents a fournir|documents requis|documentos requeridos|documentos a presentar|documentacao|"
    r"to be provided|to be submitted|to be included|a joindre|a presentar|a apresentar|conditions de participation|"
    r"criteres de selection|selection criteria|condiciones de participacion|requisitos de participacao|contenu de l'offre|"
    r"contenido de la oferta|conteudo da proposta|"
    # "pièces réglementaires suivantes", "pièces justificatives à fournir", "documentos a apresentar com a proposta"
    r"(?:pieces|documents|documentos|documentacao)(?: [a-z]+){0,2} (?:suivant|siguient|seguint)|following (?:[a-z]+ ){0,2}documents|"
    r"(?:pieces|documents|documentos|justificatifs)(?: [a-z]+){0,2} a (?:fournir|produire|joindre|presentar|apresentar|adjuntar|anexar)|"
    # "Documentación de presentación obligatoria:", "Documentos que constituem a proposta:", "Pièces exigées :"
    r"(?:pieces|documents|documentos|documentacion|documentacao|justificatifs)(?: [a-z']+){0,2} (?:obligatoire|obligatori[ao]|exige|exigid[ao]|requis|demande)e?s?|"
    r"(?:documents|documentos) (?:que|qui) (?:constitu|integr|conform|compon|compos|instru)\w* (?:a |la |l')?(?:proposta|propuesta|oferta|offre)|"
    # "MANDATORY DOCUMENTS", "Pièces de la candidature :", "Documentos de habilitação:", "Justifications à produire :"
    r"(?:mandatory|required|requested|compulsory|supporting|eligibility|qualification) (?:[a-z]+ )?(?:documents|documentation|papers)|"
    r"pieces (?:administratives|de (?:la |l')?(?:candidature|offre|dossier))|justifications? a (?:produire|fournir)|habilitacao|"
    r"contenu du dossier|contenido del sobre|conteudo do envelope|"
    # the conditions of participation of a TED or BOAMP notice, each followed by its papers
    r"capacite (?:economique|technique|professionnelle)|habilitation a exercer|economic and financial standing|"
    r"technical and professional ability|suitability to pursue|solvencia (?:economica|tecnica)|capacidad (?:economica|tecnica))"
)
"""A sentence ending in ":" that announces what the items below it must be."""
_GIVEN = re.compile(
    r"(?<![a-z])(?:attached|enclosed|available|(?<!pieces )joint(?:e?s)?|ci-joint|disponibles?|adjunt[ao]s a (?:este|la|el)|anexos a (?:este|la|el)|"
    r"anexad[ao]s a este|disponiveis|form part|font partie|forman parte|fazem parte)(?![a-z])"
)
"""What the notice itself gives ("The following documents are attached to this RFP:"): not asked of the bid."""
_BID_WORD = re.compile(rf"(?<![a-z])(?:{BID_NOUNS}|propositions?|cotac(?:ao|oes)|cotations?|offre|oferta|proposta)(?![a-z])")
"""A word for the bid: a sentence naming the language of one is read for checks, modal or not
(unless it is the notice's own documents: "bidding documents in English may be purchased")."""
_NOTICE_DOCUMENT = re.compile(rf"(?<![a-z])(?:{NOTICE_DOCUMENTS})(?![a-z])")
_ENVELOPE = re.compile(
    r"\s*(?:[-•*▪◦]\s*)?(?:sobre|envelope|enveloppe|pli|archivo|arquivo|file)\s*(?:n[o°º.]*\s*)?(?:\d{1,2}|[a-c])\s*"
    r"(?:\([^)]{0,80}\)\s*|[«\"“][^»\"”]{0,60}[»\"”]\s*)?[:\-]"
)
"""'Sobre 1: Declaración responsable y anexo II': what an envelope holds is what the bid must hold."""


def units(text: str) -> list[str]:
    """Paragraphs split into sentences; wrapped lines joined, list items and labelled lines kept apart."""
    out: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            joined = " ".join(_HYPHENATED.sub("", " ".join(current)).split())
            for sentence in _SENTENCE.split(joined):
                if len(out) < MAX_UNITS:
                    out.append(sentence[:1000])
            current.clear()

    lines = text.split("\n")
    furniture = page_furniture(lines)
    for line in lines:
        if len(out) >= MAX_UNITS:
            break
        if not line.strip():
            flush()
            continue
        if furniture and _shape(line) in furniture:
            continue  # a PDF's page header or footer, printed in the middle of a sentence
        if _LIST_START.match(line) or "|" in line or "\t" in line:
            flush()
        current.append(line.strip())
    flush()
    return out


_HYPHENATED = re.compile(r"(?<=[a-zà-ÿ]{2})-\s(?=[a-zà-ÿ]{2})")
"""A word a PDF broke at the line's end ("língua portu-" / "guesa"): joined again, so its words are read."""


_PAGE_WORD = re.compile(r"(?<![a-z])(?:page|pagina|seite|pag\.?|p\.)\s*#", re.I)


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).casefold())


def page_furniture(lines: list[str]) -> set[str]:
    """The lines a PDF repeats on its pages (headers, footers: "UNOPS  RFP/2027/1  Page 1 of 3"),
    by their shape with the numbers blanked: a short line seen on two pages with a page number,
    or three times without one."""
    counts: dict[str, int] = {}
    for line in lines[:20_000]:
        if 0 < len(line) <= 160 and line.strip():
            shape = _shape(line)
            counts[shape] = counts.get(shape, 0) + 1
    return {shape for shape, n in counts.items() if n >= 3 or (n >= 2 and _PAGE_WORD.search(shape))}


_TO_SUBMIT = re.compile(
    rf"(?<![a-z])(?:{BID_NOUNS}|submit\w*|include|attach|provide|enclose|fournir|joindre|adjuntar|presentar|apresentar|anexar|"
    r"aportar|acompanhad\w*|accompanied|accompagne\w*|acompanad\w*|"
    # the verb in any tense: "Les cabinets intéressés fourniront :", "Se deberá acompañar:", "instruídas com:"
    r"fourni(?:r|ra|ront|ssent)|joindr(?:e|a|ont)|produir(?:e|a|ont)|acompa(?:nar|nhar)|acompanar[aá]n?|instruid[ao]s?|"
    r"adjuntar[aá]n?|presentar[aá]n?|apresentar(?:a|ao)|anexar(?:a|ao)|entregar[aá]n?|provided|included|attached|submitted)(?![a-z])"
)


_HEADING = re.compile(
    r"^\s*(?:(?:section|article|articulo|artigo|part|partie|parte)\s+[\w.]+\s*[:.\-–]|\d{1,2}(?:\.\d{1,2})*\.?\s|[IVX]{1,4}[.)\-–]\s)", re.I
)


_INLINE_LIST = re.compile(r":\s*(?:\(?[a-h1-9]\)|[a-h1-9]\.)\s")
_PAPERS = re.compile(
    r"(?<![a-z])(?:submit\w*|includ\w*|attach\w*|enclos\w*|provid\w*|upload\w*|fournir|joindre|produire|presentar|apresentar|"
    r"adjuntar|anexar|acompanhad\w*|acompa\w*|instruid\w*|fourni\w*|joindr\w*|enviar|documents?|documentos?|documentacao|documentacion|pieces|attachments|habilitacao)(?![a-z])"
)
"""A lead-in whose list is papers to put in the bid, not criteria to meet ("Requisitos:" may be either)."""
_PAPERS_LABEL = re.compile(
    r"[\s\-•*]*(?:documents?|documentos?|documentacao|documentacion|pieces(?: a fournir)?|attachments|required documents)(?: requis| requeridos| exigidos)?\s*$"
)
_CRITERION = re.compile(
    r"\s*(?:[-•*▪◦]|\(?[a-z0-9]{1,2}[.)])?\s*(?:estar|ser|tener|contar|haber|be|have|hold|has|possuir|ter|deter|avoir|etre|disposer|"
    r"justifier|demonstrate|demostrar|comprovar|not|no|nao|ne)(?![a-z])"
)
"""An item that is a condition to meet ("- Estar inscripto en el RUPE"), not a paper."""


_CONTENT = re.compile(
    r"\s*(?:[-•*▪◦]|\(?[a-z0-9]{1,2}[.)])?\s*(?:(?:les|la|le|the|a|an|las|los|la|el|os|as|o|a|une?|des)\s+)?(?:references?|referencias|experience|"
    r"experiencia|methodolog\w*|metodolog\w*|descriptions?|descripcion|descricao|presentations?|approach|understanding|work ?plan|"
    r"plan de travail|notes? (?:methodologique|technique)|comprension|compreensao|propos\w* tecnic\w*|technical (?:proposal|offer))(?![a-z])"
)
"""An item that is content the proposal describes, not a paper ("les références de missions similaires")."""


def _named_paper(sentence: str) -> list[Requirement]:
    """An item under a lead-in asking for papers ("a. Product brochure and technical data;") names a
    paper even without a word like "certificate": the item's words up to its first comma or bracket."""
    key = fold(sentence)
    if _CRITERION.match(key) or is_requirement(sentence) or _NOTICE_DOCUMENT.search(key) or len(sentence) > 200:
        return []
    if classify(sentence) or _CONTENT.match(key):
        return []  # "une lettre signée", "les CV": another rule covers the item; "les références de missions": content
    name = re.sub(r"^\s*(?:[-•*▪◦]|\(?[a-z0-9]{1,2}[.)])\s*", "", sentence.strip())
    name = re.split(r"[,;(]|\s+-\s+", name)[0].strip(" .:")
    if not 3 <= len(name) <= 80:
        return []
    return [Requirement(sentence.strip(), "required-documents", "required", None, {"files": [name]}, "the list asks for this paper")]


_PAPER_RULES = ("required-documents", "signature", "cvs")
_WITH_NOTICE = re.compile(
    r"(?<![a-z])(?:joint\w* (?:au|a la) present\w*|attached to (?:this|the present)|enclosed with this|adjunt\w* (?:al|a la) present\w*|"
    r"anex\w* (?:ao|a) present\w*|(?:au|a la|al|ao|a) present\w* (?:avis|notice|aviso|edital|dossier|invitation))(?![a-z])"
)
"""Papers that come with the notice ("Les documents suivants sont joints au présent avis : ..."): not asked of the bid."""
_HAVING = re.compile(
    r"(?<![a-z])(?:having|holding|possess\w*|ayant|disposant|contar con|cuenten con|tener|teniendo|que tengan|possuir|possuindo|"
    r"que possuam|detentores?|titulaires? d)(?![a-z])"
)
"""Papers the bidder holds as a condition ("Tenderers having valid trade license, TIN, VAT registration"):
an eligibility criterion, not papers to include."""


def _lists_papers(sentence: str, key: str, item: bool) -> bool:
    """A list of papers said without a verb ("Pièces administratives : attestation de situation fiscale ;
    certificat CNSS", "- Certidão Negativa de Débitos"): a notice names papers only to ask for them,
    unless they are its own ("The following documents are attached", "La SDP incluye ...")."""
    if _GIVEN.search(key) or NOTICE_CONTENTS.match(key) or _HAVING.search(key) or len(sentence) > 600:
        return False
    heads, first = paper_heads(sentence)
    return heads >= 2 or (item and first)


def _is_heading(sentence: str) -> bool:
    """A section's heading ("5. DOCUMENTS TO BE PROVIDED WITH THE TECHNICAL OFFER", "Section III : Conditions
    de participation"): short, no full stop, numbered or in capitals; its list is the bid's when it names one."""
    text = sentence.strip()
    if not text or len(text) > 100 or text.endswith((".", ";", ",")):
        return False
    short = len(text) <= 50 and len(text.split()) <= 5 and text[:1].isupper()  # "Requisitos", "Pièces à fournir"
    return short or _HEADING.match(text) is not None or not re.search(r"[a-zà-ÿ]", text)


def _asks_for_a_list(key: str, inherited: bool) -> bool:
    """A sentence ending in ":" whose list is what the bid must hold: it requires (and names the
    bid or a verb of submitting: "The consultant shall perform the following tasks:" is the work,
    not the bid), or announces requirements ("Requisitos de calificación:"); never what the
    notice itself attaches."""
    if _GIVEN.search(key) or NOTICE_CONTENTS.match(key):
        return False  # "The following documents are attached", "La SDP incluye los siguientes documentos:"
    return inherited or bool(_LEAD_IN.search(key)) or (is_requirement(key) and _TO_SUBMIT.search(key) is not None)


def foreign_language(low: str) -> str | None:
    """The name of the language the notice is written in when it is not one `draft` reads
    (German, Italian, Dutch), from its commonest small words; None otherwise."""
    counts: dict[str, int] = dict.fromkeys(SMALL_WORDS, 0)
    for word in re.findall(r"[a-z]+", low[:20_000]):
        for code, small in SMALL_WORDS.items():
            if word in small:
                counts[code] += 1
    best = max(counts, key=lambda code: counts[code])
    return LANGUAGE_NAMES.get(best) if counts[best] >= 20 else None


def _page_limit(key: str) -> bool:
    """'Technical proposals: maximum 20 pages': a page limit is a requirement without a modal verb."""
    return PAGES.search(key) is not None and not _GIVEN.search(key)  # "The Terms of Reference (12 pages) are attached"


def add_checks(draft: Draft, notice: Notice, tip_list: list[_ListItem] | None) -> None:
    """Every requirement of the notice as a check or a tip. The whole notice is read: a notice's
    requirements often come after its numbered steps, where its dates are no longer taken."""
    by_rule: dict[str, DraftCheck] = {}
    tips: list[str] = []
    seen: set[str] = set()
    listed = [f"{item.heading}. {item.body}".strip(" .") if item.body else item.heading for item in tip_list or []]
    candidates = listed + units(notice.text)
    from_tips = {text: (item.body or item.heading) for text, item in zip(listed, tip_list or [], strict=True)}

    lead_in = False  # the last sentence asked for what the list below it names ("must include:", "comprendra :")
    papers = False  # ... and what it asked for are papers ("shall submit the following:", "Documentos a presentar")
    told = False  # the last sentence ended in ":" and asked nothing ("We have worked with:"): its items are no papers to send
    for sentence in candidates:
        key = fold(sentence)
        # "A/ LE DOSSIER DE CANDIDATURE : ..." is a lettered item with a label, not a "Label: value" line
        item = _LIST_START.match(sentence) is not None and (not _LABELLED_ITEM.match(sentence) or _LETTERED.match(sentence) is not None)
        inherited = lead_in and item
        inherited_papers = inherited and papers
        if not item:
            lead_in = False
            told = False
        opens = (sentence.rstrip().endswith(":") and _asks_for_a_list(key, inherited)) or (_is_heading(sentence) and _LEAD_IN.search(key))
        inline = _INLINE_LIST.search(sentence)  # "O licitante deverá apresentar: a) registro comercial;" (the list goes on below)
        if opens or (inline and _asks_for_a_list(fold(sentence[: inline.start() + 1]), inherited)):
            lead_in = True
            papers = _PAPERS.search(key.split(":")[0]) is not None and not _GIVEN.search(key)
        elif sentence.rstrip().endswith(":"):
            told = True
        if key in seen:
            continue
        seen.add(key)
        tip = sentence in from_tips  # an item under a "Tips"/"Important" heading is a requirement as such
        # "Languages in which tenders may be submitted: English", "A cotação pode ser redigida em português"
        bid_word = _BID_WORD.search(key)
        label = key.split(":")[0]
        listed_here = (
            ":" in key and (_LEAD_IN.search(label) is not None or _PAPERS_LABEL.match(label) is not None) and not _GIVEN.search(label)
        )  # "Documentos: ..."
        labelled = LANGUAGE_CONTEXT.search(key) and (":" in sentence or (bid_word and not _NOTICE_DOCUMENT.search(key)))
        read = (
            tip
            or inherited
            or listed_here
            or is_requirement(sentence)
            or labelled
            or PAGE_CONTEXT.search(key)
            or is_stated(sentence)
            or _page_limit(key)
            or (is_file_statement(sentence) and not _GIVEN.search(key))
            or is_signed_item(sentence)
            or _ENVELOPE.match(key) is not None
        )
        listing = not read and _lists_papers(sentence, key, item and not told)
        if not (read or listing):
            continue
        requirements = classify(sentence)
        if listing:
            requirements = [r for r in requirements if r.rule in _PAPER_RULES]  # a list of papers says what the bid holds
        if _WITH_NOTICE.search(key):
            requirements = [r for r in requirements if r.rule != "required-documents"]  # the notice's own papers
        if inherited_papers and not any(r.rule == "required-documents" for r in requirements):
            requirements.extend(_named_paper(sentence))
        if not requirements:
            if (tip or inherited or is_requirement(sentence)) and len(tips) < MAX_TIPS and len(sentence) <= 400:
                tips.append(sentence.strip())
            continue
        for requirement in requirements:
            if tip:
                requirement.text = from_tips[sentence]  # the tip's own words, without its heading
            _merge(by_rule, requirement)
    draft.checks.extend(by_rule.values())
    foreign = foreign_language(notice.low)
    if foreign:
        draft.notes.append(
            f"The notice is written in {foreign}: `draft` reads requirements in English, French, Spanish and Portuguese only."
        )
        draft.review("notes", f"the notice is in {foreign}: its requirements were not read; add its checks by hand")
        draft.warnings.append(f"the notice is in {foreign}: its requirements were not read (draft reads en, fr, es, pt)")
    if tips:
        draft.notes.append("Requirements from the notice (no rule checks these; keep them in mind):")
        draft.notes.extend(f"- {tip}" for tip in tips)
        draft.review("notes", "sentences of the notice that require or forbid something no rule covers, kept as notes")


def _merge(by_rule: dict[str, DraftCheck], requirement: Requirement) -> None:
    rule = requirement.rule
    assert rule is not None
    existing = by_rule.get(rule)
    why = f"rule '{rule}' because {requirement.why} ({requirement.text[:120]!r}); severity {requirement.severity}"
    if existing is None:
        by_rule[rule] = DraftCheck(
            rule, requirement.text[:400], requirement.severity, requirement.documents, [why], dict(requirement.options)
        )
        return
    existing.reviews.append(f"also: {requirement.text[:160]!r}")
    if requirement.severity == "disqualifying":
        existing.severity = "disqualifying"
    options: dict[str, Any] = existing.options
    for name, value in requirement.options.items():
        if isinstance(value, list):
            merged = list(options.get(name, []))
            merged.extend(v for v in value if v not in merged)
            options[name] = merged
        elif name == "max" and name in options:
            options[name] = min(options[name], value)
        else:
            options.setdefault(name, value)
