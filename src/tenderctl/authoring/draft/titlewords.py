"""The words a tender's title is read by: what is bought, a notice's kind, a sentence, an organisation.

A title says what is bought (a supply, works, a service, a study) in the four languages; a line that
names the notice's kind, an organisation or a country, or that is a sentence of the body, is none.
"""

from __future__ import annotations

import re

from tenderctl.authoring.draft.lexicon import fold

_HEADERISH = re.compile(
    r"(?:tenders?|portal|marketplace|procurement|jobs|system|sistema|plataforma|bulletin|boletin|notices?|compras?|"
    r"republi[cq]u?e|republica|un peuple|ministry of|ministere|ministerio)"
)

_WORK = (
    # English
    r"supply|supplies|provision|procurement of|appointment of (?:an? )?(?:service providers?|consultants?|contractors?|firms?)|purchase of|acquisition|construction|rehabilitation|renovation|upgrad\w*|"
    r"maintenance|repair|installation|design|consultancy|consulting|consultant|services?|recruitment|hiring|selection of|"
    r"evaluation|assessment|audit|study|studies|development of|monitoring|technical assistance|training|delivery|printing|"
    r"framework agreement|works|civil works|expansion|extension|modernization|modernisation|implementation|preparation of|"
    r"establishment of|development|operation|management of|backstopping|cleaning|security services|support|"
    r"rebuild(?:ing)?|replacement|refurbishment|paving|drilling|dredging|renewal|removal|"
    # French
    r"fournitures?|achat|travaux|rehabilitation|entretien|realisation|recrutement|selection|etudes?|prestations?|mission|"
    r"elaboration|evaluation|assistance technique|mise en (?:place|oeuvre)|amenagement|location|formation|conception|"
    r"acquisition|extension|renforcement|equipement|appui|accompagnement|refection|remplacement|forages?|pavage|bitumage|curage|"
    # Spanish
    r"suministros?|adquisicion|compra|contratacion|construccion|obras?|mantenimiento|servicios?|consultoria|estudios?|"
    r"rehabilitacion|mejoramiento|renovacion|instalacion|arrendamiento|diseno|supervision|interventoria|implementacion|"
    r"ampliacion|elaboracion|provision|apoyo|adoquinado|pavimentacion|asfaltado|perforacion|dragado|reparacion|conservacion|"
    r"sustitucion|reemplazo|remodelacion|"
    # Portuguese
    r"aquisicao|fornecimento|prestacao|servicos|contratacao|empreitada|construcao|reabilitacao|requalificacao|manutencao|"
    r"estudos?|consultoria|locacao|execucao|implantacao|instalacao|recrutamento|avaliacao|elaboracao|apoio|pavimentacao|"
    r"perfuracao|substituicao|recuperacao|reforma|conservacao"
)
WORK_WORDS = re.compile(rf"^(?:(?:the|a|an|le|la|les|l'|el|los|las|o|os|a|as)\s+)?(?:{_WORK})(?![a-z])")
"""A title says what is bought: a supply, works, a service, a study, in the four languages."""
NOTICE_WORDS = re.compile(
    r"(?<![a-z])(?:request for (?:tender|proposals?|quotations?|bids?|expressions? of interest)|invitation (?:for|to) (?:bids?|tenders?|sealed|quotations?)|"
    r"contract opportunity|call for|notice|avis d'appel|avis de marche|appels? d'offres|appel public|procedure adaptee|manifestation d'interet|"
    r"anuncio de|aviso de|convocatoria|licitacion publica|perfil del contratante|solicitud de|pliego|"
    r"anuncio|anuncio de concurso|concurso publico|aviso de licitacao|edital|pregao|synopsis|solicitation)(?![a-z])"
)
_WORK_INSIDE = re.compile(
    rf"(?:\s(?:for|of|pour|para|de|do|da|del|sobre)\s+(?:the\s+|la\s+|le\s+|l'|el\s+|o\s+|a\s+)?|:\s+)(?:[a-z\-]+\s+){{0,2}}(?:{_WORK})(?![a-z])"
)
_SENTENCE = re.compile(
    r"(?<![a-z])(?:invites?|is inviting|has received|have received|is seeking|seeks|intends|will be|shall|must|a recu|invite|"
    r"sollicite|invita|ha recibido|convoca|convida|recebeu|pretende|tiene previsto|requires?|requiere|requer|souhaite|wishes|"
    r"peuvent|peut|pueden|puede|podem|pode|may be|can be|doit|doivent|debe|deben|deberan|deve|devem|deverao|lance|launches|"
    r"announces|annonce|anuncia|torna publico|seront|devront|seran|deberan|serao|se enviaran|tera lugar)(?![a-z])"
)
_ORG_START = re.compile(
    r"^(?:(?:the|le|la|l'|el|o|a)\s+)?(?:ministry|ministere|ministerio|department|departement|departamento|direction|direccion|"
    r"cellule|unite|unidad|unidade|unit|division|government|gouvernement|gobierno|governo|office|bureau|agency|agence|agencia|"
    r"authority|autorite|municipality|city government|commune|ville de|municipalidad|municipio|prefeitura|secretaria|"
    r"united nations|nations unies|naciones unidas|nacoes unidas|programme des|programa de las|republic|republique|republica)(?![a-z])"
)


_DOCUMENT_PART = re.compile(
    r"(?<![a-z])(?:instructions? (?:to|aux) (?:bidders|tenderers|consultants|soumissionnaires|candidats)|instrucciones a los (?:oferentes|licitantes)|"
    r"instrucoes aos (?:concorrentes|licitantes|proponentes)|bid data sheet|donnees particulieres|datos de la licitacion|dados da licitacao|"
    r"(?:section|seccion|secao|partie|parte) [ivx0-9]+(?:\s|$)|table of contents|table des matieres|indice|sumario)(?![a-z])"
)
"""A part of the bidding document ("SECTION I bis – INSTRUCTIONS AUX SOUMISSIONNAIRES", "Instruções aos
concorrentes (extracto)"): its heading names the part, not what is bought."""


def title_score(line: str) -> int:
    """How much ``line`` reads like a tender's title: what is bought (+3), not a notice's kind,
    a portal's banner, an organisation or a country (-3 each)."""
    folded = " ".join(fold(line).strip().lstrip("#").split())
    score = 0
    work = WORK_WORDS.search(folded) is not None
    if work:
        score += 3
    elif _WORK_INSIDE.search(folded):
        score += 2
        work = True
    if NOTICE_WORDS.search(folded) or _HEADERISH.search(folded):
        score -= 1 if work else 3
    if _ORG_START.search(folded) or re.search(r"(?<![a-z])republi", folded):
        score -= 3
    if _DOCUMENT_PART.search(folded):
        score -= 4
    return score


PERSON_OR_PAGE = re.compile(
    r"(?:mme|mlle|mr|mrs|ms|sr|sra|srta|dr|dra|eng|enga|ing|lic|licda?|arq|prof|profa|me)\.\s+[a-z]"
    r"|(?:page|pagina|pag\.?|folio|fls?\.?)\s*\d+\s*(?:(?:of|de|sur|/)\s*\d+)?\s*$"
)
"""A person with a title (a signature's first line) or a page's number: never a title."""


_QUOTED_BLOCK = re.compile(
    r"(?:^|(?<=:))[ \t]*[\"“«][ \t]*(?P<t>[^\"“”«»\n]{10,240}(?:\n[ \t]*[^\"“”«»\n]{2,240}){0,3}?)[ \t]*[\"”»][ \t]*[.,;]?[ \t]*$",
    re.M,
)
"""A purchase quoted as a block of its own, over up to four lines ('"ADOQUINADO Y DRENAJE PLUVIAL DE CALLES ... Y' /
'ROOSEVELT, SECTORES 3 Y 4"'), or after a colon ('relativo a:' / '"SUMINISTRO DE 640 LUMINARIAS ..."')."""


def quoted_purchase(head: str) -> str | None:
    """The first quoted block of ``head`` that names what is bought (it starts with a purchase's words)."""
    for match in _QUOTED_BLOCK.finditer(head):
        value = " ".join(match["t"].split())
        folded = " ".join(fold(value).split())
        if len(value.split()) >= 4 and WORK_WORDS.search(folded) and not _SENTENCE.search(folded):
            return value[:200]
    return None
