"""What a date in a notice is for, from the words before it, in English, French, Spanish, Portuguese.

Words are matched on folded text (lower case, no accents). In the clause that leads to a date
the leftmost *strong* word wins ("Pre-bid meeting / site visit" is a conference; "Presentación
y apertura de proposiciones" is the submission); generic deadline words ("deadline", "date
limite", "no later than") only decide when no other word is there ("Clarification deadline"
is the question deadline). Some kinds are never milestones: answers to questions, the
publication of the notice. A date whose clause has no word at all is not guessed.
"""

from __future__ import annotations

import functools
import re

from tenderctl.authoring.draft.datecues import published_on, starts_period, without_count_start
from tenderctl.authoring.draft.lexicon import fold

STRONG: dict[str, tuple[str, ...]] = {
    "period-start": (
        "submission start",
        "sale start",
        "download start",
        "date de debut",
        "data de inicio",
        "fecha de inicio",
        "fecha inicio",
        "fecha y hora de inicio",
        "fecha/hora de inicio",
        "inicio de recepcion",
        "inicio de la recepcion",
        "inicio do recebimento",
        "inicio da recepcao",
        "inicio do envio",
        "debut de reception",
        "debut de la reception",
        "opening of submissions",
        "submissions open",
        "inicio de consultas",
        "inicio de preguntas",
        "inicio do prazo",
        "debut de la periode",
        "start date",
        "start of the period",
    ),
    "answers": (
        "difusion de circulares",
        "emision de circulares",
        "publicacion de circulares",
        "absolucion de consultas",
        "absolucion de observaciones",
        "absolucion de las consultas",
        "answers will",
        "answers to",
        "responses will",
        "reponse aux",
        "reponses aux",
        "reponses seront",
        "respuesta a",
        "respuestas a",
        "respostas aos",
        "respostas as",
        "will be shared",
        "will be published",
        "the answers",
        "replies will",
        "las respuestas",
        "respuestas se",
        "respuestas y",
        "emitir respuesta",
        "les reponses",
        "as respostas",
    ),
    "publication": (
        "published",
        "publication",
        "posted",
        "launch date",
        "date of issue",
        "date issued",
        "issued on",
        "publie le",
        "parution",
        "envoi de l'avis",
        "publicacion",
        "convocatoria",
        "publicacao",
        "disponivel a partir",
        "edital disponivel",
        "issue of rf",
        "issue of tender",
        "issue of bid",
        "issuance of",
    ),
    "contract-period": (
        "contract period",
        "period of performance",
        "contract duration",
        "duration of the contract",
        "periode du contrat",
        "periode d'execution",
        "duree du marche",
        "periodo del contrato",
        "periodo de ejecucion",
        "vigencia del contrato",
        "periodo de execucao",
        "vigencia do contrato",
        "prazo de execucao",
        "plazo de ejecucion",
        "delai d'execution",
        "duracao do contrato",
        "duracion del contrato",
    ),
    "conference": (
        "pre-bid",
        "prebid",
        "pre bid",
        "pre-proposal",
        "pre-tender",
        "pre-quotation",
        "pre-submission",
        "pre-qualification meeting",
        "meeting",
        "bidders' conference",
        "bidders conference",
        "briefing",
        "information session",
        "info session",
        "webinar",
        "conference",
        "conferencia",
        "reunion previa",
        "reuniao previa",
        "reunion preparatoire",
        "reunion d'information",
        "seance d'information",
        "junta de aclaraciones",
        "reunion informativa",
        "reuniao de esclarecimento",
        "reuniao preparatoria",
        "audiencia",
    ),
    "site-visit": (
        "site visit",
        "site inspection",
        "visit to the site",
        "visite des lieux",
        "visite du site",
        "visite de site",
        "visite obligatoire",
        "visita de obra",
        "visita al sitio",
        "visita a instalaciones",
        "visita tecnica",
        "visita a las instalaciones",
        "visita a la obra",
        "visita al lugar",
        "visita de campo",
        "visita obligatoria",
        "visita ao",
        "visita as instalacoes",
        "visite des sites",
        "visite du",
        "visite facultative",
        "visita facultativa",
        "visita opcional",
        "visite de terrain",
        "vistoria",
        "visite technique",
        "field visit",
        "visita ao local",
    ),
    "questions": (
        "question",
        "clarification",
        "queries",
        "query",
        "enquiries",
        "enquiry",
        "eclaircissement",
        "demandes de precision",
        "renseignements complementaires",
        "preguntas",
        "consultas",
        "observaciones",
        "aclaracion",
        "aclaratoria",
        "esclarecimento",
        "perguntas",
        "duvidas",
        "questoes",
        "impugnac",
        "additional information",
        "informations complementaires",
        "informacion adicional",
        "informacion complementaria",
        "informacoes complementares",
        "informacoes adicionais",
    ),
    "opening": (
        "opening",
        "audiencia de apertura",
        "audiencia publica de apertura",
        "seance d'ouverture",
        "seance publique d'ouverture",
        "sesion de apertura",
        "sesion publica de apertura",
        "publicly opened",
        "opened in public",
        "be opened",
        "will be opened",
        "ouverture",
        "seront ouvertes",
        "ouverts",
        "apertura",
        "abertura",
        "serao abertas",
        "se abriran",
        "seran abiertas",
        "seront ouverts",
        "sessao publica",
        "sessao de disputa",
        "inicio da sessao",
        "depouillement",
    ),
    "award": (
        "audiencia de adjudicacion",
        "best evaluated bidder",
        "aceptacion de la oferta",
        "intention to award",
        "notification of award",
        "award",
        "attribution",
        "adjudicacion",
        "fallo",
        "buena pro",
        "adjudicacao",
        "homologacao",
    ),
    "validity": (
        "validity",
        "valid until",
        "validite",
        "validez",
        "validade",
        "remain valid",
        "valid for",
        "valables",
        "validas por",
        "validos por",
        "validas durante",
    ),
    "delivery": (
        "livraison",
        "delivery date",
        "date of delivery",
        "delivery period",
        "delivery schedule",
        "expected delivery",
        "desired delivery",
        "entrega de los bienes",
        "fecha de entrega de bienes",
        "entrega dos bens",
        "prazo de entrega dos bens",
    ),
    "start": ("commencement", "start of the contract", "contract start", "debut des prestations", "inicio del contrato"),
    "bidder-step": (
        "solicitudes de prorroga",
        "pedidos de prorrogacao",
        "requests for extension",
        "demandes de prorogation",
        "convalidacion",
        "subsanacion",
        "erros e omissoes",
        "errors and omissions",
        "plaintes",
        "plainte",
        "complaints",
        "reclamaciones",
        "reclamacoes",
        "register by",
        "must register",
        "registration",
        "inscripcion",
        "inscricao",
        "inscription",
    ),
    "buyer-step": (
        "liste restreinte",
        "shortlist",
        "short list",
        "short-list",
        "lista corta",
        "lista curta",
        "inactive date",
        "archive date",
        "archiving date",
    ),
    "submission": (
        "bids due",
        "bid due",
        "tenders due",
        "tender due",
        "proposals due",
        "proposal due",
        "offers due",
        "quotations due",
        "quotes due",
        "responses due",
        "applications due",
        "submission",
        "submit",
        "delivered",
        "must be received",
        "must reach",
        "receipt of",
        "closing",
        "closes",
        "close date",
        "bid end",
        "tender end",
        "end date/time",
        "end date and time",
        "close time",
        "audiencia de cierre",
        "encerramento",
        "bids close",
        "tenders close",
        "proposals close",
        "offers close",
        "close at",
        "close on",
        "cloture",
        "date de fermeture",
        "heure de fermeture",
        "fermeture des",
        "time limit",
        "remise des offres",
        "limite de remise",
        "depot des offres",
        "deposees",
        "deposer",
        "reception des offres",
        "soumission",
        "cierre",
        "presentacion de ofertas",
        "presentacion de la oferta",
        "presentacion de oferta",
        "presentacion de propuestas",
        "presentacion y apertura",
        "presentacion de proposiciones",
        "presentar ofertas",
        "presentar propuestas",
        "recepcion de ofertas",
        "recepcion de sobres",
        "recepcion de los sobres",
        "recepcion de la oferta",
        "recepcion de propuestas",
        "recepcion de las propuestas",
        "recepcion de las ofertas",
        "tender receipt",
        "receipt deadline",
        "entrega de ofertas",
        "entrega de propuestas",
        "apresentacao das propostas",
        "apresentacao de propostas",
        "recebimento das propostas",
        "acolhimento das propostas",
        "entrega das propostas",
        "entrega dos envelopes",
        "entrega de envelopes",
        "entregues",
        "dar entrada",
        "entrada das propostas",
        "envio das propostas",
        "envio de propostas",
    ),
}
WEAK_SUBMISSION = (
    "ofertas hasta",
    "propuestas hasta",
    "offres jusqu'au",
    "propostas ate",
    "bids until",
    "proposals until",
    "offers until",
    "deadline",
    "due",
    "date limite",
    "dates limites",
    "heure limite",
    "hora limite",
    "heure limites",
    "fecha limite",
    "plazo",
    "prazo",
    "data limite",
    "no later than",
    "not later than",
    "on or before",
    "au plus tard",
    "a mas tardar",
    "o mais tardar",
)
_BIDS = (
    r"(?:bids?|tenders?|proposals?|offers?|quotations?|quotes|applications?|expressions? of interest|eois?|submissions?|"
    r"ofertas?|propuestas?|proposiciones|cotizaciones|solicitudes|manifestaciones de interes|"
    r"offres?|plis|soumissions|candidatures|propositions|manifestations d'interet|"
    r"propostas?|cotacoes|candidaturas|manifestacoes de interesse)"
)
_DELIVERED = (
    r"(?:present|recib|recep|entreg|radic|remi[st]|remett|depos|recu|receb|apresent|submit|deliver|receiv|lodg|upload|"
    r"hand(?:ed)? in|dirig|adress|envia|envoy|sent|send)"
)
_BY = (
    r"(?:hasta|until|till|by|before|jusqu|avant|ate|antes|le|el|on|no later|not later|a mas tardar|au plus tard|"
    r"o mais tardar|\d)"
)
_UNTIL = r"(?:hasta|until|till|jusqu|ate|antes|before|avant|no later|not later|a mas tardar|au plus tard|o mais tardar)"
"""The words of a time limit that may stand further from the verb ("se recibirán por medio del sistema SICOP hasta")."""
BIDS_DELIVERED = re.compile(
    rf"(?:(?<![a-z]){_BIDS}(?![a-z])[^.;:\n]{{0,40}}?(?<![a-z]){_DELIVERED}|(?<![a-z]){_DELIVERED}[a-z]*"
    rf"(?: (?:las|los|les|as|os|the|des|de|das|dos|sus|su|leurs|vos|their|your|suas|seus))? {_BIDS}(?![a-z]))"
    rf"(?:[^.;:\n]{{0,30}}?(?<![a-z]){_BY}|[^.;:\n]{{0,60}}?(?<![a-z]){_UNTIL})(?![a-z])"
)
"""The bids and a verb of their delivery in any tense or order ("Las ofertas se presentarán hasta",
"les offres seront reçues", "as propostas serão recebidas até", "Se recibirán ofertas", "bids will
be received until"), then a word of a time limit or a date ("until", "hasta", "le", "by"): the
deadline of the bids, read weakly (a strong word of another kind wins). Without the time limit it
is some other requirement ("las proposiciones deberán presentarse en idioma español")."""
EVENT = re.compile(
    r"(?<![a-z])(?:meeting|session|sessao|sesion|seance|reunion|reuniao|webinar|call|conference|briefing|taller|workshop|"
    r"audiencia|visioconference|videoconferencia|videoconference)(?![a-z])"
)
"""Nouns of a gathering: "Sessão de esclarecimentos", "clarification meeting" are held, not a deadline for questions."""
ASKING = re.compile(
    r"(?<![a-z])(?:deadline|due|until|by|no later than|date limite|fecha limite|plazo|prazo|data limite|pedidos|requests?|"
    r"demandes|solicitudes|envoi|envio|submit|send|ate|hasta|jusqu'au)(?![a-z])"
)
"""Words that make a questions clause a deadline to ask by, whatever gathering it names."""
ANSWERED = re.compile(
    r"(?<![a-z])(?:will be (?:posted|published|shared|circulated|uploaded|made available)|"
    r"seront (?:publiee?s|communiquee?s|transmise?s|diffusee?s|mise?s en ligne)|"
    r"se (?:publicaran|comunicaran|compartiran|responderan)|seran (?:publicad|comunicad|respondid)[oa]s|"
    r"serao (?:disponibilizad|publicad|divulgad|comunicad|respondid)[oa]s)(?![a-z])"
)
"""A passive verb of the buyer's publishing: "clarifications will be posted by", "les éclaircissements seront
publiés": the date of the answers to questions, not of the questions."""
MODIFIER = re.compile(r"pre[- ]?(?:bid|tender|proposal|quotation|submission)")
"""Conference words that are adjectives too: "pre-tender site visit" is a site visit."""
_SITE_AFTER = re.compile(r"[\s\-]*(?:[a-z]+\s+)?(?:site visit|site inspection|visit)")
NOT_MILESTONES = frozenset(("answers", "publication", "period-start", "contract-period", "estimate", "delivery", "buyer-step", "validity"))
"""Kinds read only to keep their dates out: they are reported, never added."""
TO_MODEL = {"start": "other", "bidder-step": "other"}
TITLES = {
    "submission": "Submission deadline",
    "questions": "Deadline for questions",
    "conference": "Pre-bid conference",
    "site-visit": "Site visit",
    "opening": "Opening of bids",
    "award": "Award",
    "validity": "Bid validity",
    "start": "Contract start",
    "bidder-step": "Other deadline for bidders",
    "other": "Milestone",
}


SUBMIT_QUESTIONS = re.compile(
    r"[a-z]*\s+(?:(?:their|any|all|written|the|your|of|des|leurs|sus|las|los|as|os|de|vos|tous|todas|as suas)\s+){0,2}"
    r"(?:question|clarification|quer|enquir|demandes? de (?:precision|renseignement|clarification)|preguntas|consultas|aclaracion|"
    r"esclarecimento|perguntas|duvidas)"
)
"""A submission verb whose object is a question ("submit clarification requests", "submit questions in
writing"): the deadline to ask by, not the deadline of the bids."""
SUBMIT_VERBS = frozenset(
    ("submit", "submission", "soumission", "presentar", "deposer", "receipt of", "must be received", "delivered", "limite de remise")
)
ESTIMATE = re.compile(
    r"(?<![a-z])(?:estimated|estimad[oa]s?|estimee?s?|estimativ[oa]|expected|previsionnel(?:le)?s?|provisional|tentative|"
    r"indicative|indicativ[oa]|aproximad[oa])(?![a-z])"
)
ESTIMATED = re.compile(
    r"(?<![a-z])(?:start|commencement|award|adjudica|attribution|delivery|livraison|entrega|completion|debut|inicio|contract|contrat)"
)
"""An award, a start or a delivery the notice only estimates ("Fecha estimada de adjudicación",
"Expected start of the LTA") is not a commitment: reported, not added."""
_NOT_AFTER = {"soumission": re.compile(r"nair")}
"""Strong words that are the start of another word: "soumissionnaires" are the bidders, not the submission."""


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    owner: dict[str, str] = {}
    for kind, words in STRONG.items():
        for word in words:
            owner.setdefault(word, kind)
    strong = "|".join(re.escape(w) for w in sorted(owner, key=len, reverse=True))
    weak = "|".join(re.escape(w) for w in sorted(WEAK_SUBMISSION, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{strong})"), re.compile(rf"(?<![a-z])(?:{weak})(?![a-z])"), owner


PLACES = re.compile(
    r"(?<![a-z])(?:(?:conference|meeting|briefing|board) (?:room|hall|centre|center)s?|"
    r"(?:salle|sala|salon|salao)s? (?:de |des )?(?:conference|reunion|conferencia|reuniao)(?:e?s)?)(?![a-z])"
)
"""Rooms named after gatherings ("the REAA Conference Room", "salle de conférence"): a place, no kind."""


def kind_in(folded: str) -> str | None:
    """The kind the words of ``folded`` (already folded text) name, or None."""
    strong, weak, owner = _patterns()
    if published_on(folded):
        return "publication"  # "originally advertised in the national newspapers on": the day it came out
    folded = without_count_start(PLACES.sub(lambda room: " " * len(room.group(0)), folded))
    match = strong.search(folded)
    while match is not None and (after := _NOT_AFTER.get(match.group(0))) is not None and after.match(folded, match.end()):
        match = strong.search(folded, match.end())
    if match:
        kind = owner[match.group(0)]
        if kind in ("award", "start", "validity", "contract-period") and ESTIMATE.search(folded):
            return "estimate"
        if kind == "submission" and starts_period(folded, match.start()):
            return "period-start"  # "Início do acolhimento das propostas": the bids are taken from then on
        if kind == "submission" and any(
            m.group(0) in SUBMIT_VERBS and SUBMIT_QUESTIONS.match(folded, m.end()) for m in strong.finditer(folded, match.start(), 600)
        ):
            return "questions"  # "submit clarification requests", "the closing date for receipt of clarification questions"
        if kind == "bidder-step" and not ASKING.search(folded):
            return None  # "foi aprovada a lista de erros e omissões": the buyer's act, not a date to act by
        if kind == "questions" and ANSWERED.search(folded):
            return "answers"  # "Os esclarecimentos ... serão disponibilizados até": the buyer's answers, not the questions
        if kind == "questions" and EVENT.search(folded) and not ASKING.search(folded):
            return "conference"  # "Sessão de esclarecimentos (Teams)": a session held, not a date to ask by
        if kind == "conference" and MODIFIER.fullmatch(match.group(0)) and _SITE_AFTER.match(folded, match.end()):
            return "site-visit"  # "mandatory pre-tender site visit"
        return owner[match.group(0)]
    if weak.search(folded) or BIDS_DELIVERED.search(folded):
        return "submission"
    if ESTIMATE.search(folded) and ESTIMATED.search(folded):
        return "estimate"
    return None


def kinds_named(folded: str) -> set[str]:
    """Every milestone kind whose strong words appear in ``folded`` (bounded: a clause or a row)."""
    strong, _weak, owner = _patterns()
    named = set()
    for match in strong.finditer(folded[:600]):
        after = _NOT_AFTER.get(match.group(0))
        if after is None or not after.match(folded, match.end()):
            named.add(owner[match.group(0)])
    return named - NOT_MILESTONES


def names_any(folded: str) -> bool:
    """Does ``folded`` hold a strong word of any kind, also one that is never a milestone ("responses will")?"""
    strong, _weak, _owner = _patterns()
    return strong.search(folded[:600]) is not None or published_on(folded)


def rival_kinds(folded: str, kind: str) -> list[str]:
    """The other kinds the words of a date name, when they could have meant another one: a
    questions deadline is "submitted" by nature, a "pre-tender site visit" is no meeting."""
    rivals = kinds_named(folded) - {kind, "validity", "start"}
    if kind == "questions":
        rivals.discard("submission")
    if kind == "site-visit" and not EVENT.search(folded):
        rivals.discard("conference")
    return sorted(rivals)


def kind_of(text: str) -> str | None:
    """The kind of any text (folded here); None when it names none."""

    return kind_in(fold(text))
