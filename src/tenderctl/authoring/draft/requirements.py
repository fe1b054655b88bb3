"""Sentences that require or forbid something, and the checklist rule each one maps to.

A requirement is any sentence (or list item, or table row) with an obligation word in one of
the four languages (must, shall, required; doit, doivent, sous peine de; deberá, debe, no se
aceptará; deve, deverá, não serão). Those a rule of ``tenderctl.checks`` covers become checks
with that rule, options read from the sentence (``max`` pages, allowed ``formats``,
``languages``, named ``files``) and a severity (disqualifying when the sentence says the bid is
rejected); the others become tips in the notes. A sentence that forbids what a rule requires
("do NOT submit CVs") never becomes that rule's check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tenderctl.authoring.draft.delivery import delivery_statement, fixes_delivery
from tenderctl.authoring.draft.fieldwords import BID_NOUNS, NOTICE_DOCUMENTS, OTHER_LANGUAGES, PAGE_NUMBER_WORDS
from tenderctl.authoring.draft.lexicon import fold, language_names
from tenderctl.authoring.draft.papers import (
    DOCUMENT,
    NAMED_FORM,
    NEGATION,
    document_names,
    generic_paper,
    only_refused,
)

BID_WORDS = rf"{BID_NOUNS}|proposicion(?:es)?|proposicoes|plicas?|postores?"
"""The bid's words, with Mexico's "proposiciones" and the "plica" a bid is sealed in."""

OBLIGATION = re.compile(
    r"(?<![a-z])(?:must|shall|required|requested to|l'obligation de|obligation to|obligacion de|obrigacao de|obligatoirement|obligatoriamente|"
    r"obrigatoriamente|debidamente|devidamente|not be entertained|are requested|is requested|se solicita|solicita-se|sont pri[ee]s de|is mandatory|are mandatory|mandatory|obligatoire|doit|doivent|devra|devront|sous peine|"
    r"deber[aá]n?|deben?|debera|deberan|es obligatori\w*|no se aceptar\w*|no podr[aá]n?|no podra|deve|devem|dever[aã]o|devera|deverao|"
    r"nao serao|nao sera|nao podera|nao poderao|will not be accepted|will be rejected|shall be rejected|will be disqualified|not be accepted|"
    r"ne seront pas|ne sera pas|sera rejetee?s?|seront rejetee?s|sera rechazad[ao]s?|seran rechazad[ao]s|sera rejeitad[ao]s?|serao rejeitad[ao]s|"
    # consequences and imperatives said without a modal verb
    r"ser[aá]n? desechad[ao]s?|seran desechad[ao]s|sera desechad[ao]|desechad[ao]s|seront ecartee?s|sera ecartee?|seran descartad[ao]s|"
    r"serao desclassificad[ao]s|sera desclassificad[ao]|serao inabilitad[ao]s|duly|please submit|kindly submit|submit your|"
    r"veuillez|sirvase|sirvanse|favor de|dument|"
    # what a bid will contain, said in the future ("Le dossier comprendra :", "La oferta contendrá")
    r"obligatori\w*|requise?s?|exigid[ao]s?|comprendr(?:a|ont)|contiendr(?:a|ont)|comportera|comporteront|incluir[aá]n?|contendr[aá]n?|"
    r"incluirao|conterao|consist of|consists of|joindront|joindra|fourniront|fournira|soumettront|deposeront|presenteront|"
    r"adjuntaran|anexarao|apresentarao|sera compose\w*|seront compose\w*|sera constitue\w*|se compondra|sera composto|"
    r"consistira|may not|cannot|can not|ne peut|ne peuvent|ningun\w* \w+ podra\w*|nao pode|nao podem|no puede|no pueden|"
    r"requerid[ao]s?|are asked to|is asked to|should be|should not|should include|so pena|sob pena|"
    r"(?:e|sao|sera|serao) instruid[ao]s? com|(?:e|sao|sera|serao) acompanhad[ao]s? (?:de|do|da|dos|das|por)|"
    # a consequence said in the present or the future ("La inclusión de precios ... descalifica la oferta",
    # "toute indication de prix entraînera le rejet"), and a prohibition said as an imperative ("Do not include")
    r"descalifica|descalificara|entrainer(?:a|ont) (?:le rejet|l'exclusion|l'elimination|l'irrecevabilite)|"
    r"determinar(?:a|an) (?:la )?(?:exclusion|descalificacion|rechazo)|will result in (?:the )?(?:rejection|disqualification|exclusion)|"
    r"(?:implica|implicara|acarreta|acarretara|determina|determinara) (?:a |o )?(?:desclassificacao|exclusao|rejeicao|inabilitacao)|"
    r"grounds for (?:rejection|disqualification)|"
    # "Toute mention de prix dans l'enveloppe technique entraîne le rejet", "passa a exigir a apresentação de"
    r"(?:entraine(?:nt|ra|ront)?|conduit a|conduira a|donnera lieu a|dara lugar a|daran lugar a|conlleva(?:ra)?|leads? to|will lead to|"
    r"results? in|shall result in|resultara en|dara origem a) (?:the |le |la |l'|el |a |o |au |al )?(?:immediate |automatic )?"
    r"(?:rejet|rejection|disqualification|exclusion|elimination|rechazo|descalificacion|desclassificacao|rejeicao|irrecevabilite|exclusao|nullite)|"
    r"exige-se|passa a exigir|(?<!no )se exigen?|(?:sont|est|seront|sera) exigee?s?|motivo de (?:exclusion|descalificacion|rechazo)|(?:^|[-•*] )(?:do not|don't|never))(?![a-z])"
)
FATAL = re.compile(
    r"disqualif|rejet|reject|discard|eliminat|elimin|invalid|desechad|descartad|ecarte|will not be considered|irrecevable|sous peine|bajo pena|so pena|"
    r"exclusion|exclu|descalific|desclassific|inhabilit|nao serao aceites|nao serao aceitas|will not be accepted|non-?responsive|"
    r"inadmissible|no admisible|inadmisible|irreguli"
)
SIGNATURE = re.compile(
    r"(?<![a-z])(?:sign(?:ed|ature|s)?|signee?s?|signer|firmar|assinar|firmad[ao]s?|firma(?:do|da)?s?|assinad[ao]s?|assinatura|"
    r"initial(?:l)?ed|paraphee?s?|parapher|rubricad[ao]s?|rubricar|firmar(?:se|las|los)|suscrit[ao]s?|suscribir|subscrit[ao]s?|"
    r"subscrever|visad[ao]s?|stamped|carimbad[ao]s?|carimbo|cachet (?:de|du|et)|revetue?s? du cachet)(?![a-z])"
)
PRICE = re.compile(
    r"(?<![a-z])(?:pric\w*|financials|financial (?:information|data|details|proposals?|info|offers?|bids?|envelopes?)|"
    r"offres? financieres?|propositions? financieres?|propuestas? financieras?|propuestas? economicas?|ofertas? economicas?|"
    r"ofertas? financieras?|propostas? financeiras?|propostas? de precos?|cost(?:s|ing|ed|os?|es?)?|budget\w*|prix|tarif\w*|montants?|precios?|preci\w*|"
    r"informacion (?:economica|financiera)|informations? financieres?|donnees financieres|elements financiers|"
    r"informac(?:ao|oes) financeiras?|precos?|valor(?:es)? da proposta|rates|honoraires|honorarios|oferta economica|"
    r"financial (?:components?|parts?|volumes?)|commercial (?:offers?|proposals?|bids?|envelopes?)|composantes? financieres?|proposicion(?:es)? economicas?|propostas? comerciais|proposta comercial)(?![a-z])"
)
SEPARATE = re.compile(
    r"(?<![a-z])(?:separate\w*|separately|separement|separe\w*|separad\w*|por separado|em separado|apart|distint[ao]s|distincte?s|"
    r"two (?:sealed )?(?:envelopes|files)|deux (?:enveloppes|fichiers|plis)|dos sobres|dois envelopes|doble sobre|double enveloppe|duplo envelope|(?:its|their) own (?:file|envelope))(?![a-z])"
)
"""Prices kept apart from the technical proposal: "submitted in a separate file", "soumise séparément"."""
TECHNICAL = re.compile(
    r"(?<![a-z])(?:technical|technique|tecnic[ao]s?|sobre 2|sobre tecnico|memoire technique|(?:este|ese|dicho) sobre|this envelope|"
    r"cette enveloppe|ce pli|neste envelope|juicio de valor|quality (?:responses?|submissions?|envelopes?|proposals?)|non-?price|"
    r"technical cover|eois?|expressions? of interest|manifestations? d'interet|expresion(?:es)? de interes|manifestac(?:ao|oes) de interesse|sobre (?:n\.?\s*[o.º°]*\s*)?(?:2|a)(?![a-z0-9])|dossier technique|offre qualitative|volume (?:i|1)(?![a-z0-9])|"
    r"(?:desirable|rated|evaluated|non-price|quality|technical) criteria|offre de services|archivos? (?:1|2)(?![0-9]))(?![a-z])"
)
CVS = re.compile(
    r"(?<![a-z\-/])(?:cvs?(?![\-/\d])|c\.v\.?s?|curricul\w*|resumes?|key experts?|tecnicos-chave|experts? cles|hojas? de vida)(?![a-z])"
)
CVS_REFUSED = re.compile(
    r"^(?:\s+[a-z\-']+){0,6}?\s+(?:are|is|will|shall|must|should|need|sont|seront|ne|no|nao|n')\s+(?:\w+\s+)?(?:not|pas|se|sera|seran|serao)?\s*"
    r"(?:required|requested|needed|accepted|considered|evaluated|be evaluated|be considered|be accepted|requis|demandes|acceptes|evalues|"
    r"requieren|requerid\w*|evaluad\w*|aceptad\w*|exigid\w*|avaliad\w*|aceites|aceitos)"
)
"""The sentence goes on to refuse the CVs it named: "CVs are not required at the EOI stage", "hojas de vida no serán evaluadas"."""
PAGES = re.compile(
    r"(?:exceed\w*|more than|maximum(?: of)?|limited to|limit(?:ed)? of|up to|depass\w*|plus de|maximum de|exced\w*|mas de|maximo de|"
    r"superar|superara|sobrepasar|ultrapass\w*|"
    r"limite de|ultrapassar|raised to|lowered to|reduced to|set at|porte a|fixee a|maxima|maximale|maximo|no maximo|au maximum|como maximo|"
    r"at most|limite a|limitee a|limitada a|limitado a|limitees a|limitadas a)(?:\s+(?:de|of|los|las|as|les))?\s+"
    # "twenty (20) pages", "12 A4 pages", "20 pages maximum"
    r"(?:[a-z\-]+\s+){{0,2}}?\(?(?P<n>\d{{1,3}}|{})\)?\s*(?:\((?:[a-z]+[\s\-]){{0,3}}[a-z]+\)\s*)?(?:(?:a4|printed|single-sided|double-sided|numbered|standard|typed)\s+)?(?:pages?|paginas?|feuillets?|folios?|sides(?: of a4)?)(?![a-z])"
    # "20 pages maximum", "3 pages per CV", "15 folios como máximo"
    r"|(?<![\d,.])(?P<after>\d{{1,3}})\s*(?:pages?|paginas?|feuillets?|folios?)\s+(?:a[34]\s+)?(?:max(?:imum|imo|\.)?|au maximum|como maximo|no maximo|"
    r"per|each|par|por|cada)(?![a-z])".format("|".join(PAGE_NUMBER_WORDS))
)
FORMATS = re.compile(r"(?<![a-z])(pdf|docx?|xlsx?|odt|zip)(?![a-z])")
FORMAT_CONTEXT = re.compile(
    r"(?:format|formato|only|uniquement|unicamente|exclusivamente|in pdf|en pdf|em pdf|file|fichier|archivo|arquivo)"
)
_FORMAT_NAMES = {"doc": "docx", "xls": "xlsx"}
SIZE = re.compile(r"(?P<n>\d{1,4}(?:[.,]\d+)?)\s*(?:mb|mo|megabytes?)(?![a-z])")
FILE_STATEMENT = re.compile(
    r"(?<![a-z])(?:(?:tamano|taille|size|tamanho|dimensao) maxim\w*[^.;\d]{0,30}\d{1,4}(?:[.,]\d+)?\s*(?:mb|mo)(?![a-z])|(?:up to|maximum(?: of)?|max\.?|at most|not exceed\w*|no more than|hasta|maximo(?: de)?|maxima(?: de)?|dimensao maxima de|"
    r"tamano maximo de|taille maximale de|de ate|ate|jusqu'a|au maximum|limite de|limited to|limitad[ao]s? a|maximum size of|"
    r"(?:any|each|single|one) (?:single )?file is)\s+\d{1,4}(?:[.,]\d+)?\s*(?:mb|mo|megabytes?)(?![a-z])"
    r"|\d{1,4}(?:[.,]\d+)?\s*(?:mb|mo)\s+(?:max(?:imum|imo|\.)?|au maximum|au plus|at most|como maximo|no maximo|(?:per|par|por|each|cada) (?:file|fichier|archivo|ficheiro|arquivo|documento|document))"
    r"|(?:as|in|en|em|como|sous forme d'?) (?:(?:a|one|un|une|um|uma|un seul|un unique|um unico|uma unica|un unico|una unica|single|a single|one \(1\))\s+)?"
    r"(?:(?:single|seul|unique|unico|unica)\s+)?(?:(?:fichier|ficheiro|arquivo|archivo|file|documento|document)s?\s+)?(?:pdf|docx?|xlsx?)(?![a-z])"
    r"|(?:formats?|formatos?) (?:acceptes?|accepted|admitid\w*|aceites?|aceitos?|permitid\w*|autorises?)\s*:"
    r"|(?:pdf|docx?|xlsx?) (?:only|uniquement|unicamente|exclusivamente|apenas|somente|files? only))"
)
"""A file format or size stated without a modal verb: "em formato PDF ... 25 MB por ficheiro", "as a
single PDF", "Formats acceptés : PDF uniquement": a requirement as such (not "Offer Form (pdf, 112 KB)",
which lists a file the notice gives)."""
LANGUAGE_CONTEXT = re.compile(
    r"(?:language|langue|idioma|lingua|written in|langue\(s\)|redige|redigid|redactad|in english|in french|en francais|en espanol|em portugues|rediger|submitted in|presentarse en|"
    r"en castellano|em lingua|en langue|(?:presentaran|presentara|presentan|presenta|apresentadas?|presentees?|submitted|presentad[ao]s?) en|"
    # "Bids shall be in Arabic or English", "The offer should be in the Mongolian language"
    r"(?:shall|must|should|will|are to|is to) be in)"
)
STATED = re.compile(
    rf"(?<![a-z])(?:{BID_WORDS})(?![a-z])[^.;:]{{0,60}}?(?<![a-z])(?:(?:est|sont|is|are|sao|sera|serao|seront|seran|will be|estaran|estara|estarao|estan|estao)"
    r"\s+(?:\w+\s+)?(?:signe|signed|firmad|assinad|redige|written|redactad|redigid|present|apresent|suscrit|subscrit|soumis|submitted|remis|carg|upload|"
    r"place|placee|presentad|entregu|entreg|rendu|deposit|depose|joint|inclu|attach|anex|adjunt)|se \w+(?:ran|rao|ra)(?![a-z]))"
)
"""A requirement said as a fact: "Le pli est signé", "Os documentos são redigidos em português",
"Los archivos se presentarán en formato PDF", "les offres sont placées sous plis séparés"."""


AFTER_AWARD = re.compile(
    # the winner as the subject: "El adjudicatario deberá presentar", "Le titulaire pressenti devra produire"
    r"(?<![a-z])(?:el|la|le|l'|o|a)\s*(?:adjudicatari[ao]|attributaire|titulaire (?:pressenti|du marche))\s+(?:[a-z]+\s+){0,2}?"
    r"(?:debera|deberan|devra|devront|deve|devera|tendra|aura)(?![a-z])|"
    r"(?<![a-z])(?:(?:(?:ao|do|pelo|al|del|por el|au|du|to the|by the|from the) |(?:de|a|par) l')(?:seul |unico )?(?:adjudicatario|attributaire|titulaire)|"
    r"(?:successful|winning|selected|preferred|recommended) (?:bidders?|tenderers?|proponents?|suppliers?|consultants?|firms?|offerors?|candidates?)|"
    r"(?:soumissionnaire|candidat|attributaire) (?:retenu|pressenti|selectionne)e?|(?:oferente|licitante|proponente|adjudicatario) "
    r"(?:adjudicad[ao]|ganador|seleccionad[ao]|vencedor|selecionad[ao]|adjudicatari[ao])|(?:licitante|proponente|concorrente) vencedor|"
    r"(?:after|upon|following|before|prior to) (?:the )?(?:contract )?(?:award|signature of the contract|contract signature|signing)|"
    r"(?:apres|avant) (?:l'attribution|la notification|la signature du (?:contrat|marche))|"
    r"(?:despues de|antes de) (?:la adjudicacion|la firma del contrato)|(?:apos|antes d[ao]) (?:a adjudicacao|a assinatura do contrato|celebracao)|"
    r"postor(?:es)? (?:ganador|adjudicad|favorecid)\w*|buena pro|prior to negotiations|highest-ranked|"
    # "los CV solo se solicitarán a las firmas de la lista corta", "will only be requested from shortlisted firms"
    r"(?:only|solo|solamente|seulement|uniquement|apenas|somente) (?:be )?(?:se )?(?:requested|asked|required|sought|solicitar\w*|exigid\w*|"
    r"exiger\w*|demande\w*|requerid\w*|requerir\w*|pedid\w*) (?:from|of|al|a la|a los|a las|aux?|ao|aos|as|a)\s|"
    r"short-?listed|lista corta|liste restreinte|lista curta|lista restrita)"
)
"""A duty on the contractor after the award ("só serão exigidos ao adjudicatário", "the successful
bidder shall provide"): not a rule on the bid."""


@dataclass
class Requirement:
    """One sentence that requires or forbids something, and the rule it maps to (or None)."""

    text: str
    rule: str | None = None
    severity: str = "required"
    documents: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    why: str = ""


DUTY_STATED = re.compile(
    rf"(?<![a-z])(?:{BID_WORDS}|soumissionnaires?|candidats?|bidders?|tenderers?|suppliers?|oferentes?|licitantes?|proponentes?|"
    r"concorrentes?)(?![a-z])[^.;:]{0,40}?(?<![a-z])(?:inclui|incluem|joint|joignent|fournit|fournissent|comprend|comprennent|"
    r"contient|contiennent|includes|contains|incluye|incluyen|contiene|contienen|contem|adjunta|adjuntan|anexa|anexam|attaches|"
    r"encloses|provides|submits|presenta|presentan|apresenta|apresentam|entregam|entrega|entregan|remettent|remet|deposent|"
    r"lodge|lodges|deliver|delivers)(?![a-z])"
    rf"|(?<![a-z])(?:{BID_WORDS}|cotations?)(?![a-z])[\s,]+(?:[a-z]+\s+){{0,2}}?(?:signee?s?|signed|firmad[ao]s?|assinad[ao]s?|"
    r"cachetee?s?|sellad[ao]s?|carimbad[ao]s?)(?![a-z])"
    r"|^\s*(?:[-•*▪◦]|\(?[a-z0-9]{1,2}[.)])?\s*(?:joindre|fournir|produire|adjuntar|presentar|anexar|apresentar|juntar|attach|"
    r"provide|submit|include|enclose)(?![a-z])"
)
"""A duty said in the present or as an infinitive: "A proposta técnica inclui os curricula vitae",
"Le soumissionnaire joint le CV", "- Joindre les CV du chef de chantier"."""


SIGNED_ITEM = re.compile(
    r"^\s*(?:[-•*▪◦]|\(?[a-z0-9]{1,2}[.)])\s+[^;]{0,160}?(?<![a-z])(?:signed|signee?s?|firmad[ao]s?|assinad[ao]s?|rubricad[ao]s?|"
    r"paraphee?s?|suscrit[ao]s?|subscrit[ao]s?|stamped|carimbad[ao]s?)(?![a-z])"
    # "L'acte d'engagement est daté, signé et revêtu du cachet", "A proposta será rubricada em todas as folhas"
    r"|(?<![a-z])(?:est|sont|sera|seront|e|sao|sera|serao|is|are|will be|es|son|seran|estara|estaran)\s+(?:[a-z]+,?\s+){0,3}?"
    r"(?:signee?s?|signed|assinad[ao]s?|firmad[ao]s?|paraphee?s?|rubricad[ao]s?|visad[ao]s?|suscrit[ao]s?)(?![a-z])"
)
"""A list item naming a paper as signed ("- Completed and signed Declaration of Tenderer form",
"- l'acte d'engagement complété, daté et signé"): a requirement without a modal verb."""


def is_signed_item(text: str) -> bool:
    return SIGNED_ITEM.search(fold(text)) is not None


def is_file_statement(text: str) -> bool:
    """A sentence fixing the bid's file formats or sizes, with or without a modal verb (not the
    notice's own: "Tender documents will be uploaded on the portal in PDF format")."""
    low = fold(text)
    stated = FILE_STATEMENT.search(low) or delivery_statement(low) or _bid_size(low)  # "Nombre d'exemplaires : un original et trois copies"
    return stated is not None and _NOTICE_DOCUMENTS.search(low, 0, stated.end()) is None


_BID_SUBJECT = re.compile(rf"(?<![a-z])(?:{BID_WORDS}|e-?mails?|courriels?|correos?|messages?|uploads?)(?![a-z])")
_LISTED_SIZE = re.compile(r"(?:\(|\[|(?:pdf|docx?|xlsx?|zip|kb|ko),)\s*$")


def _bid_size(low: str) -> re.Match[str] | None:
    """A size cap on what the bid sends, in any words ("quotes that exceed 15 MB", "un fichier PDF unique
    de 10 Mo au plus", "en un solo archivo PDF de no más de 8 MB"); not the size of a file the notice lists
    ("Bases de licitación (PDF, 3.1 MB)")."""
    for size in SIZE.finditer(low):
        if _listed_size(low, size) or re.search(r"\d\s*(?:kb|ko)(?![a-z])", low):
            continue
        if _BID_SUBJECT.search(low, 0, size.start()):
            return size
    return None


def _listed_size(low: str, size: re.Match[str]) -> bool:
    """The size of a file the notice lists, in brackets after its name or format ("(PDF, 3.1 MB)")."""
    return _LISTED_SIZE.search(low[max(0, size.start() - 12) : size.start()]) is not None


def is_requirement(text: str) -> bool:
    return OBLIGATION.search(fold(text)) is not None


def is_stated(text: str) -> bool:
    """A sentence that states how the bid is made (signed, written in, uploaded as) without a
    modal verb: read for checks, never kept as a tip."""
    low = fold(text)
    stated = STATED.search(low)
    if stated is not None and _NOTICE_DOCUMENTS.search(low, 0, stated.end()) is None:
        return True
    duty = DUTY_STATED.search(low)
    return duty is not None and _NOTICE_DOCUMENTS.search(low, 0, duty.end()) is None


_NOTICE_DOCUMENTS = re.compile(rf"(?<![a-z])(?:{NOTICE_DOCUMENTS})(?![a-z])")


PAGE_CONTEXT = re.compile(
    r"(?:page limit|limite de pages|nombre de pages|number of pages|limite de paginas|numero de paginas|numero maximo de paginas)"
)


def classify(text: str) -> list[Requirement]:
    """The rules a requirement sentence maps to (none, one or several), with options and severity."""
    low = fold(text)
    severity = "disqualifying" if FATAL.search(low) else "required"
    negative = NEGATION.search(low) is not None
    out: list[Requirement] = []

    after_award = AFTER_AWARD.search(low) is not None

    def found(rule: str, why: str, documents: str | None = None, options: dict[str, Any] | None = None) -> None:
        if after_award and rule in _BID_CONTENTS:
            return  # "certidões ... só serão exigidos ao adjudicatário": the contract's papers, not the bid's
        out.append(Requirement(text.strip(), rule, severity, documents, dict(options or {}), why))

    pages = PAGES.search(low)
    if pages and re.search(r"page|pagina|feuillet|folio|sides", low):
        written = pages["n"] or pages["after"]
        count = int(written) if written.isdigit() else PAGE_NUMBER_WORDS[written]
        found("page-limit", f"the sentence limits the pages to {count}", "technical", {"max": count})
    if PRICE.search(low) and _PRICE_ENVELOPE.match(low):
        # "Sobre nº 2: Proposición económica (Anexo III)", "Archivo 3: ... (oferta económica)": the prices in their own envelope
        found("no-financials", "the notice puts the prices in an envelope of their own", "technical")
    elif PRICE.search(low) and (negative or _apart(low)) and (TECHNICAL.search(low) or _apart(low)):
        found("no-financials", "the sentence forbids prices in the technical proposal", "technical")
    elif PRICE.search(low) and TECHNICAL.search(low) and FATAL.search(low) and _CONTAINS.search(low):
        # "Any technical proposal revealing price information will be disqualified"
        found("no-financials", "the sentence rejects a technical proposal that shows prices", "technical")
    signs = [m for m in SIGNATURE.finditer(low) if not _FIRM.match(low, m.start()) and not _PAST_CONTRACT.match(low, m.end())]
    if signs and not (_UNSIGNED_OK.search(low) and severity != "disqualifying"):
        # "need not be signed" asks nothing; "sin firma serán desechadas" asks for a signature
        found("signature", "the sentence asks for a signature", "technical" if TECHNICAL.search(low) else None)
    cvs = CVS.search(low)
    if cvs:
        # "(excluding annexes and CVs)" and "do NOT submit CVs" forbid; "CVs are not required" refuses after the word
        # the words before the CVs, back to the clause's start ("aucune indication de prix ; les CV ... sont joints")
        before = re.split(r"[;:.,]\s", low[max(0, cvs.start() - 40) : cvs.start()])[-1]
        forbids = (
            NEGATION.search(before)
            or CVS_REFUSED.match(low[cvs.end() : cvs.end() + 80])
            or re.search(r"(?<![a-z])(?:do not|don't|ne pas|no incluir|nao incluir|not be evaluated|no seran evaluad)", low)
            or re.match(r"(?:\s+[\w']+){0,3}?\s+ne\s+(?:\w+\s+){0,2}pas(?![a-z])", low[cvs.end() : cvs.end() + 60])
        )
        if not forbids:
            found("cvs", "the sentence asks for the experts' CVs")
    languages = _languages(low)
    codes = _LANGUAGE_CODES.search(low)
    if codes and LANGUAGE_CONTEXT.search(low):
        # "Langue(s) pouvant être utilisée(s) dans l'offre : FR": the codes after the label
        languages += [code for code in re.findall(r"[a-z]{2}", codes.group(1)) if code not in languages]
    others = _other_languages(low) if LANGUAGE_CONTEXT.search(low) else []
    if (languages or others) and LANGUAGE_CONTEXT.search(low) and not _optional_choice(low):
        named = ", ".join(languages + others)
        if others and languages:
            # "Danish, English": the rule checks the language it knows; a proposal in the other one needs a human
            found(
                "language",
                f"the sentence names the language(s): {named}; the rule knows only en, fr, es, pt, so a proposal in "
                f"{', '.join(others)} cannot be checked (it would fail): check it by hand",
                None,
                {"languages": languages},
            )
        elif others:
            # German only: the rule cannot tell it apart; `check` reports the option (unverified), never a pass in English
            found(
                "language",
                f"the sentence names the language(s): {named}; the rule knows only en, fr, es, pt, so "
                f"{', '.join(others)} cannot be checked: check it by hand",
                None,
                {"languages": others},
            )
        else:
            found("language", f"the sentence names the language(s): {named}", None, {"languages": languages})
    formats = sorted({_FORMAT_NAMES.get(m.group(1), m.group(1)) for m in FORMATS.finditer(low)})
    size = next((m for m in SIZE.finditer(low) if not _listed_size(low, m)), None)  # not "Planos (ZIP, 48 MB)"
    if (formats and (FORMAT_CONTEXT.search(low) or FILE_STATEMENT.search(low))) or size:
        options: dict[str, Any] = {}
        if formats:
            options["formats"] = formats
        if size:
            options["max_file_mb"] = float(size["n"].replace(",", "."))
        found("files", "the sentence limits file formats or sizes", None, options)
    elif fixes_delivery(low, OBLIGATION.search(low) is not None or _DELIVERED.search(low) is not None):
        found("files", "the sentence fixes how the bid is delivered (channel, envelopes, copies): check the upload by hand", None)
    signed = any(r.rule == "signature" for r in out) and not _INCLUDED.search(low) and _SIGN_MODAL.search(low) is not None
    if (DOCUMENT.search(low) or NAMED_FORM.search(text)) and not only_refused(low) and not _NOT_ASKED.search(low):
        names = [name for name in document_names(text) if not generic_paper(name, text)]
        # "les annexes peuvent être en anglais" says the papers' language, not which the bid holds
        worded = any(r.rule == "language" for r in out) and not _INCLUDED.search(low) and ":" not in low
        if names and not (signed and ":" not in low) and not worded and not NOTICE_CONTENTS.match(low):
            # "Le formulaire de cotation doit être signé" asks for a signature on a form the bid has anyway
            found("required-documents", "the sentence lists documents to include", None, {"files": names})
    return out


_BID_CONTENTS = ("required-documents", "cvs", "signature")
NOTICE_CONTENTS = re.compile(
    r"\W*(?:[\d.]+\s+)?(?:(?:the|this|la|le|el|o|a|les|los)\s+)?(?:presente?\s+)?(?:rfp|rfq|itb|ifb|sdp|sdc|dao|dce|pliegos?|edital|"
    r"solicitation|invitation(?: to (?:bid|tender))?|request for (?:proposals?|quotations?)|bidding documents?|tender documents?|"
    r"dossier d'appel d'offres|dossier de consultation|solicitud de (?:propuestas|cotizacion)|documentos de (?:la )?licitacion)"
    r"(?:\s+\([^)]{0,40}\))?\s+(?:includes?|incluye|comprend\w*|comprises?|contains?|contiene|consists? of|se compone de|compreende|inclui)(?![a-z])"
)
"""What the notice itself is made of ("La SDP incluye los siguientes documentos: Sección 1 - Carta de
invitación; ...", "The RFP comprises: ..."): the buyer's documents, not papers the bid must hold."""

_INCLUDED = re.compile(
    r"(?<![a-z])(?:includ\w*|attach\w*|enclos\w*|submit\w*|upload\w*|provid\w*|accompan\w*|together with|along with|"
    r"joint\w*|joindre|fourni\w*|produi\w*|figurer|accompagn\w*|inclu\w*|adjunt\w*|present(?!acion|ation|acao)\w*|apresent(?!acao)\w*|anex(?!os?(?![a-z]))\w*|acompa\w*|"
    r"aport\w*|entreg\w*|junt\w*|instruid\w*|carg\w*|ingres\w*|remis\w*|depos\w*|contain\w*|conten\w*|conter|contenir|remet\w*|remett\w*|comprend\w*)(?![a-z])"
)
"""A verb putting a paper in the bid: without one, a sentence on a signed form asks only for the signature."""
_SIGN_MODAL = re.compile(
    r"(?<![a-z])(?:must|shall|doit|doivent|devra|devront|deve|devem|devera|deverao|debe|deben|debera|deberan|is to|are to)"
    r"(?: (?:be|etre|ser|estar|ir|also|todos?))?(?: [a-z]+,?){0,3}? (?:signed|signee?s?|cachetee?s?|assinad[ao]s?|firmad[ao]s?|rubricad[ao]s?)"
)
"""A form's signature said with a modal verb ("The quotation (Annex 2) must be signed and stamped")."""
_NOT_ASKED = re.compile(
    r"(?<![a-z])(?:not required to (?:submit|provide|include)|need not (?:submit|provide|include)|no (?:se )?(?:requiere|exige|es necesario) "
    r"(?:presentar|adjuntar|incluir)|n'(?:est|ont) pas (?:exige|requis|besoin)|nao (?:e|sera) (?:necessario|exigid\w*) (?:apresentar|juntar|enviar))"
)
"""A sentence saying the papers are not asked for now ("Consultants are not required to submit audited
financial statements at this stage")."""
_PRICE_ENVELOPE = re.compile(
    r"\s*(?:[-•*]\s*)?(?:sobre|envelope|enveloppe|pli|archivo|arquivo|file|volume)\s*(?:n[o°º.]*\s*)?(?:\d{1,2}|[a-c]|i{1,3})\s*"
    r"(?:\([^)]{0,80}\)\s*|[«\"“][^»\"”]{0,60}[»\"”]\s*)?[:\-–]"
)


_TAXES = re.compile(r"(?<![a-z])(?:impuestos?|taxes|tax|vat|iva|tva|taxas?|tributos|itbis|igv|isv)(?![a-z])")


def _apart(low: str) -> bool:
    """Something kept apart that is not the taxes ("indicando por separado los impuestos" asks for a price
    breakdown, not prices kept out of the technical proposal)."""
    return any(not _TAXES.search(low[max(0, m.start() - 30) : m.end() + 30]) for m in SEPARATE.finditer(low))


_CONTAINS = re.compile(
    r"(?:reveal|includ|contain|show|disclos|indicat|mention|compren|inclu|conten|mostr|revel|apparai|indiqu|faz referencia|refer|quot)"
)


_LANGUAGE_MODAL = re.compile(
    r"(?<![a-z])(?:must|shall|has to|have to|is to|are to|doit|doivent|devra|devront|debe|deben|debera|deberan|deve|devem|devera|deverao|"
    r"obligatoirement|obligatoriamente|obrigatoriamente|(?:sont|est) a (?:etablir|rediger|presenter|remettre))(?![a-z])"
)


def _optional_choice(low: str) -> bool:
    """A choice of languages the bid may use, not one it must be written in: "Tenders may be written in
    English or French", "Les offres seront rédigées en français ou en anglais". Most truths count a
    choice only when a modal verb asks for it ("Responses must be in English or Irish"), or when a
    label lists the languages ("Languages in which tenders may be submitted: Danish, English"); a
    clause naming one language ("rédigés en français ; les fiches peuvent être en anglais") is no choice."""
    choice = False
    for clause in re.split(r"[;()]|\.\s", low):
        words = [m for m in re.finditer(r"[a-z]+", clause) if _is_language_word(m.group(0))]
        if len(words) == 1:
            return False
        if not words:
            continue
        first = words[0].start()
        before = clause[max(0, first - 100) : first]
        if _LANGUAGE_MODAL.search(before) or _LANGUAGE_LABEL.search(before):
            return False
        choice = True
    return choice


_LANGUAGE_LABEL = re.compile(r"(?:language|langue|idioma|lingua)[^:]{0,80}:")
"""A label naming the languages ("Languages in which tenders may be submitted: Danish, English")."""


def _is_language_word(word: str) -> bool:
    return len(word) >= 5 and bool(_languages(word) or word in OTHER_LANGUAGES or word[:-1] in OTHER_LANGUAGES)


_LANGUAGE_CODES = re.compile(r":\s*((?:fr|en|es|pt)(?:\s*[,/]\s*(?:fr|en|es|pt))*)\s*\.?$")


def _other_languages(low: str) -> list[str]:
    return list(dict.fromkeys(OTHER_LANGUAGES[w] for w in re.findall(r"[a-z]+", low) if w in OTHER_LANGUAGES))


_UNSIGNED_OK = re.compile(
    r"(?<![a-z])(?:need not|not required|no need|pas besoin|sin firma|sem assinatura|non signee?s?|unsigned|"
    r"(?:signature|firma|assinatura)s?(?: [a-z]+){0,2} (?:n'est pas (?:exigee|requise|obligatoire)|no es (?:exigida|requerida|obligatoria)|"
    r"no se (?:exige|requiere)|nao e (?:exigida|obrigatoria|necessaria)|is not (?:required|needed|mandatory)))"
)


_DELIVERED = re.compile(
    r"(?<![a-z])(?:se (?:presentar|entregar|enviar|remitir)(?:a|an)|sont (?:remis|deposee?s|transmis|envoyee?s|adressee?s)|"
    r"sao (?:apresentad|entregu|enviad)\w*|serao (?:apresentad|entregu|enviad)\w*|are (?:submitted|lodged|sent|uploaded)|"
    r"will be (?:submitted|lodged|sent|uploaded))(?![a-z])"
)
"""The bid's delivery said as a fact ("La oferta se presentará de forma electrónica a través del Sistema"):
as binding as a modal verb for the channel it names (not "les documents déposés par voie électronique sont signés")."""


_PAST_CONTRACT = re.compile(
    r"\s+(?:des|du|de los|del|de las|of the|of|dos|do|das|da)\s+(?:contrats?|contracts?|contratos?|marches)(?![a-z])"
)
"""The signature of past contracts, which references prove ("pages de garde et de signature des contrats"): not the bid's."""


_LANGUAGE_ALIASES = {"castellano": "es", "castelhano": "es", "castillan": "es"}
"""Spanish by its other name ("en castellano"), which CLDR's names do not give."""


_FIRM = re.compile(
    r"firmas? (?:interesad|consultor|elegib|calificad|precalificad|preseleccionad|participant|extranjer|nacional|local|licitant|"
    r"invitad|seleccionad|de consultor|que |con |cuy|de (?:la )?lista|de ingenier|de auditor)"
)
"""Spanish "firma" as a firm, not a signature: "Las firmas interesadas deberán proporcionar información"."""


def _languages(low: str) -> list[str]:
    names = language_names()
    found = []
    for word in re.findall(r"[a-z]+", low):
        # portuguesa, francaise, inglesa
        code = _LANGUAGE_ALIASES.get(word) or names.get(word) or names.get(word[:-1]) or names.get(word[:-2])
        if code and code not in found and len(word) >= 5:
            found.append(code)
    return found
