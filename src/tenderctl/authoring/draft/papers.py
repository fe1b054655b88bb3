"""The papers a bid must hold: document words, the names read from a sentence, and lists of papers.

A paper is a certificate, attestation, declaration, registration, licence, statement or form named
in the notice ("Certificate of Incorporation", "attestation de situation fiscale", "certidão negativa
de débitos"). A word that names no paper to include (a building's "Edificio Anexo", a signing
certificate, the bid security's "Bid-Securing Declaration") is not one; a word after a negation
("do not attach any certificate") is refused, never asked for.
"""

from __future__ import annotations

import re

from tenderctl.authoring.draft.lexicon import fold, fold_same_length

NEGATION = re.compile(
    r"(?<![a-z])(?:not|no|never|without|nor|ne|n'|pas|aucune?|sans|sin|ninguna?|nunca|nao|sem|exclud\w*|except\w*|hors|excepto|exceto|excluding|other than|excluant|excluyendo|excluid[ao]s?|excluindo|exclus)(?![a-z])"
)

DOCUMENT = re.compile(
    r"(?<![a-z])(?:certificate|certificat|certificado|certidao|certidoes|attestation|atestados?|declaration|declaracion|declaracao|"
    r"registration|registre|balanco|balance sheet|licen[cs]e|power of attorney|procuration|poder notarial|form (?:[a-h]|\d{1,3}|[ivx]{1,4})(?![a-z0-9])|"
    r"(?:constancias?|financial statements?|etats financiers|estados financieros|estados contables|demonstracoes financeiras|"
    r"demonstracoes contabeis|sworn statements?|affidavits?|formularios?|formulaires?|annex(?:es|e)?|anex[oa]s?|attachments?|appendix|appendices|apendices?|templates?|alvara|sbd \d)(?![a-z]))"
)
NOT_DOCUMENT = re.compile(
    r"(?:bid|tender)[- ]securing\s*$|certificat\w*\s+(?:qualifi|electroni|numerique|digital|de signature|ssl)|"
    r"(?:edificio|immeuble|building|predio|bloco)\s*$|(?:pdf|e-?mail|word|excel|zip)\s*$|"
    r"(?:basad[ao] en|baseada em|based on|fondee? sur|firma electronica|signature electronique|assinatura eletronica)(?: (?:un|a|an|um|uma))?\s*$|"
    r"(?:excluding|excluant|excluid[ao]s?|excluindo|exclus|sin contar|sem contar|hors|not including|other than)(?: (?:the|les|los|las|os|as|l'|des))?\s*$|"
    r"registration (?:for|to|of (?:participants|bidders|interest)|on|at|must|is|closes)|"
    r"(?:sign\w*|firmad\w*|assinad\w*)\s+(?:digital|electronic|electronique|eletronic|numerique)\w*\s+(?:con|with|avec|com|par|por)(?: (?:a|an|un|une|um|uma))?\s*$"
)
"""A document word that names no document to include: "(Annex 2)" says where a form is, a
"certificat qualifié" or the certificate a bid is "firmada digitalmente con" signs, a "Bid-Securing
Declaration" is the bid security, an "Edificio Anexo" is a building."""
NAMED_FORM = re.compile(r"(?<![A-Za-z])(?:[A-Z][\w\-]*\s+){1,4}Forms?(?![A-Za-z])")
"""A form named by its title ("Tender Response Form", "Proposal Submission Form"), not "in written form"."""


_GENERIC_PAPER = re.compile(
    r"(?:(?:each|every|all|any|separate|using|cada|todos?|todas?|los|las|chaque|toutes?|les|tous|os|as|um|uma|a|the|une?|el|la|le)\s+)*"
    r"(?:forms?|formularios?|formulaires?|formularios?|annex(?:es)?|anexos?|appendix|appendices|attachments?|templates?|documents?|documentos?|"
    r"pieces?)(?:\s+(?:techniques?|tecnic[ao]s?|technical|administrati\w+|administrative))?\s*$"
)
"""A word for a paper with no name ("Cada formulario", "les annexes techniques", "a separate appendix"):
the sentence says how papers are made (signed, in PDF, in English), not which the bid must hold."""

_IDENTIFIER = re.compile(r"\s*(?:n[°º.o]*\s*)?(?:[A-Z]{1,3}|\d{1,3})(?:[-.]\d{1,3})?(?![a-z])")


def generic_paper(name: str, text: str) -> bool:
    """A generic word not followed by the paper's number or letter ("Formulario A-1", "Anexo C" name one)."""
    if not _GENERIC_PAPER.match(fold(name)):
        return False
    at = text.find(name)
    return at < 0 or _IDENTIFIER.match(text, at + len(name)) is None


def _not_document(low: str, match: re.Match[str]) -> bool:
    before = low[max(0, match.start() - 40) : match.start()]
    if match.group(0).startswith("form") and _FORM_MEDIUM.search(before):
        return True
    if before.rstrip().endswith("(") and re.match(r"anex|annex|apend|append|attach|form", match.group(0)):
        return True  # "(Annex 2)" says where a form is; "(certidões de regularidade)" names the papers
    return NOT_DOCUMENT.search(before) is not None or NOT_DOCUMENT.match(low, match.start()) is not None


_FORM_MEDIUM = re.compile(r"(?:using|in|on|through|via|en|dans|no|na|em|mediante|sur|par)\s+(?:the|el|la|le|o|a)\s+(?:[a-z]+\s+){0,2}$")
"""The form the bid is made on, not a paper to add: "using the Tender Response Form", "en el formulario del portal"."""


def only_refused(low: str) -> bool:
    """Every document word of the sentence comes after a negation ("do not attach any certificate")."""
    return all(NEGATION.search(low[max(0, m.start() - 30) : m.start()]) for m in DOCUMENT.finditer(low)) and bool(DOCUMENT.search(low))


_SPLIT = re.compile(r",\s*|\s+(?:and|et|y|e|as well as|together with|ainsi que|junto con|bem como)\s+", re.I)
_LEAD = re.compile(
    r"^(?:(?:copies|copy|a copy|original|certified copies) of\s+|(?:a|an|the|un|une|le|la|les|el|los|las|o|os|a|as|uma?|des|du|de la)\s+|valid\s+|current\s+)+",
    re.I,
)


_ARTICLE = r"(?:a|an|the|un|une|le|la|les|el|los|las|o|os|uma|um|des|du|copies of|copy of|(?<=\s)of)"
_QUALIFIER = r"(?:valid|current|valide|vigente|valido|certified|original|signed)"


def document_names(text: str) -> list[str]:
    """'attach copies of the Certificate of Incorporation, a valid Tax Compliance Certificate and
    the AGPO certificate' -> the three names; 'must hold a valid tax compliance certificate' -> one."""

    low = fold_same_length(text)
    names: list[str] = []
    for match in DOCUMENT.finditer(low):
        if len(names) >= 10:
            break
        if NEGATION.search(low[max(0, match.start() - 30) : match.start()]) or _not_document(low, match):
            continue  # "de no estar inhabilitado" belongs to the name; "do not attach a certificate" forbids
        # up to three words before the document word, back to an article or a list separator
        before = low[max(0, match.start() - 60) : match.start()]
        lead = re.search(rf"(?:^|[\s,;:(])(?:{_ARTICLE}\s+)(?:{_QUALIFIER}\s+)?(?P<words>(?:[a-z0-9\-]+\s+){{0,3}})$", before)
        if lead is None:
            lead = re.search(r"(?:^|[,;:(]\s*|\s(?:and|et|y|e)\s+)(?P<words>(?:[a-z0-9\-]+\s+){0,2})$", before)
        start = match.start() - (len(lead["words"]) if lead else 0)
        tail = re.match(
            r"[a-z]*(?:\s+(?:of|de|du|des|da|do|d')\s*[a-z\-]+(?:\s+[a-z\-]+)?|\s+(?!(?:and|et|y|e|or|ou|o|with|avec|con|com|must|shall|"
            r"should|deverao|devera|doit|doivent|debe|deben|debera|deberan|from|in|en|em|na|no|for|pour|para|together|to|is|are|est|sont)(?![a-z]))[a-z\-]{4,})?",
            low[match.end() : match.end() + 40],
        )
        end = match.end() + (tail.end() if tail else 0)
        name = " ".join(text[start:end].split()).strip(" .,;:")
        name = re.sub(r"^(?:(?:[IVX]{1,4}|[a-z0-9]{1,2})\s*[-–.)]|[-•*▪◦])\s+", "", name)  # "II - atestado ...": the list's marker
        name = re.sub(r"\s+(?:and|et|y|e|with|avec|con|com|en|in|em|de|of|du|da|do|no|na|el|la|le|the)$", "", name)
        name = re.sub(r"^(?:(?:the|a|an|le|la|les|el|los|las|o|os|um|uma|their|its|leurs?|sus?|seus?|suas?)\s+)+", "", name, flags=re.I)
        if 3 <= len(name) <= 80 and fold(name) not in (fold(n) for n in names):
            names.append(name)
    for form in NAMED_FORM.finditer(text):
        if _FORM_MEDIUM.search(low[max(0, form.start() - 40) : form.start()]):
            continue  # "using the Response Form provided": the form the bid is made on
        name = re.sub(r"^(?:(?:The|A|An|Le|La|Les|El|Los|Las|O|Os|Um|Uma)\s+)+", "", form.group(0))
        if len(names) < 10 and not any(fold(name) in fold(n) or fold(n) in fold(name) for n in names):
            names.append(name)
    return names


PAPER = re.compile(
    r"(?<![a-z])(?:certificate|certificat|certificado|certidao|certidoes|attestation|atestados?|declaration|declaracion|declaracao|"
    r"registration|registre|(?:registro|registo)(?! de (?:precos?|participantes|ofertas))|licen[cs]es?|licencias?|licencas?|alvara|power of attorney|procuration|poder notarial|"
    r"constancias?|financial statements?|etats financiers|estados financieros|estados contables|demonstracoes (?:financeiras|contabeis)|"
    r"sworn statements?|affidavits?|extraits?|quitus|k-?bis|comprovante|comprovativo|comprobante|proof of|evidence of|"
    r"autorizacao|autorisation|autorizacion|dume|deuc|dc ?[12]|acte d'engagement|copy of|copies of|copia (?:de|del)|copie (?:de|du|des))(?![a-z0-9])"
)
"""A word that names a paper by itself (not "annex", "form" or "template", which the notice's own
documents are also called): what a paper list is made of."""
_ELEMENT_START = re.compile(
    r"(?:^|[:;]|,|\s[-–]\s|\s(?:and|et|y|e|as well as|ainsi que|bem como)\s)\s*(?:[-•*▪◦]\s*|\(?[a-z0-9]{1,3}[.)]\s*)?"
    r"(?:(?:a|an|the|un|une|le|la|les|l'|el|los|las|o|os|as|um|uma|des|du|de la|valid|current|valide|vigente|certified|signed|"
    r"original|recent|updated|copies? of|copia de|copie de)\s+){0,3}(?P<free>(?:[a-z0-9\-]+\s+){0,3})$"
)
"""What comes before a list element's first word: a separator, a marker, articles and qualifiers."""


def paper_heads(text: str) -> tuple[int, bool]:
    """How many elements of the sentence name a paper within their first words ("attestation de
    situation fiscale ; certificat CNSS ; extrait du RNE" has three, "Valid Tax Compliance Certificate"
    one), and whether the first element begins with one (an item "- Attestation CNSS" names a paper;
    "- Registration closes on Monday" does not begin with one either, but "a site visit certificate
    will be issued" is one element that is no list)."""
    low = fold_same_length(text)
    heads, first = 0, False
    for match in PAPER.finditer(low[:1000]):
        before = low[max(0, match.start() - 60) : match.start()]
        start = _ELEMENT_START.search(before)
        if start is None or NEGATION.search(before[-30:]) or _not_document(low, match):
            continue
        heads += 1
        if heads == 1 and not start["free"] and not re.search(r"[:;,]", low[: match.start()]):
            first = True
    return heads, first
