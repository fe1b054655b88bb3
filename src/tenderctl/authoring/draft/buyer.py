"""The tender's buyer: from labels in four languages, then prose ("X invites", "on behalf of"),
then the organisation at the top of the notice.

Split from :mod:`header` (reference and title), which it reads for the labels and the words of
a purchase.
"""

from __future__ import annotations

import re

from tenderctl.authoring.draft.buyertrim import trim_buyer
from tenderctl.authoring.draft.context import notice_language
from tenderctl.authoring.draft.header import HEAD, _best_label, _joined_paragraphs
from tenderctl.authoring.draft.labels import Labelled, buyer_strength, labelled_lines
from tenderctl.authoring.draft.lexicon import fold, fold_same_length
from tenderctl.authoring.draft.mail import senders
from tenderctl.authoring.draft.names import _declared, plausible_name, spelled_out
from tenderctl.authoring.draft.pagehead import number_value, portal_banner, running_header, without_address
from tenderctl.authoring.draft.titlewords import _SENTENCE, WORK_WORDS

BUYER_PROSE = re.compile(
    r"(?:^|(?<=[\n.]))\s*(?:\d+\.\s*)?(?:the|le|la|l'|el|o|a)?\s*(?P<v>[A-Za-zÀ-ÿ][^.\n]{2,200}?)\s*(?:,\s*)?(?:now\s+|hereby\s+)?"
    r"(?<![A-Za-zÀ-ÿ])(?:invites|is inviting|is seeking|seeks|sollicite|invite|lance|convida|convoca|invita|torna p[uú]blico|"
    r"faz saber|hace saber|fait savoir|porte [aà] la connaissance|se propose d[e'])(?![a-z])",
    re.I,
)
_ORG_WORDS = re.compile(
    r"(?:ministry|ministere|ministerio|university|universite|universidad|universidade|agency|agence|agencia|authority|autorite|"
    r"company|companhia|compania|societe|council|conseil|consejo|department|departement|departamento|direction|direccion|"
    r"institute|institut|instituto|municipality|commune|municipalidad|municipio|camara (?:municipal|de)|ayuntamiento|alcaldia|junta de freguesia|intendencia|cabildo|fund|fonds|fondo|"
    r"bank|banque|banco|servicio|service|secretaria|administracao|administration|office|bureau|corporation|malagasy|rano|"
    r"programme|program|programa|commission|comision|comissao|united nations|nations unies|naciones unidas|nacoes unidas|"
    r"organisation|organization|organizacion|organizacao|committee|comite|gmbh|ltd|limited|s\.a\.|railways?|hospital|hopital|"
    r"government|gouvernement|gobierno|governo|prefeitura|county|province|provincia|city of|ville de|alliance|association|"
    r"foundation|fondation|fundacion|fundacao|consortium|consorcio|society|network|reseau|federation|cooperative|board)"
)


def find_buyer(text: str, low: str, title: str | None = None) -> tuple[str | None, str | None]:
    """(buyer, REVIEW reason or None); a name given in two languages ("Public Services and
    Procurement Canada / Services publics et Approvisionnement Canada") keeps the notice's half.
    A candidate that is no name (:func:`plausible_name`) gives way to the organisation at the
    top of the notice, or to none."""
    buyer, why = _find_buyer(text, low)
    if buyer is None:
        buyer = _sending_organisation(text)
        why = "the organisation that sent the message carrying the notice; check it is the buyer" if buyer else None
    buyer = trim_buyer(buyer) if buyer else buyer
    if buyer and title and fold(buyer).strip() == fold(title).strip() and _purchase_like(buyer):
        # the line at the top that is the tender's title ("Grounds Maintenance ... 2028-2032") is no buyer
        top = _top_organisation(text[:HEAD], avoid=title)
        buyer, why = (top, "the organisation at the top of the notice, below its title; check it is the buyer") if top else (None, None)
    if buyer and not plausible_name(buyer):
        top = _top_organisation(text[:HEAD])
        if top and top != buyer and plausible_name(top):
            buyer, why = top, f"the organisation at the top of the notice ({buyer!r}, found first, reads as no name): check it"
        else:
            buyer, why = None, None
    if buyer and len(buyer.split()) > 1:  # a label's lone acronym ("UN organization: WFP") is the notice's choice
        full = spelled_out(buyer, text[:20_000])
        if full is not None:
            buyer, why = full, why and f"{why}; written in full as the notice spells it"
    return (one_language(buyer, _lead_language(text) or notice_language(low)) if buyer else buyer), why


def _sending_organisation(text: str) -> str | None:
    """The first sender of the message that is an organisation ("Junta de Freguesia de X", not "Ana
    Silva" nor "Compras"), when nothing in the notice names the buyer."""
    for name in senders(text):
        folded = " ".join(fold(name).split())
        if _ORG_WORDS.search(folded) and plausible_name(name) and not portal_banner(name) and len(name.split()) >= 2:
            return _owner_of_unit(name)
    return None


def _purchase_like(line: str) -> bool:
    """A line that reads as what is bought: it has a year ("... Services 2028-2032") or starts with a purchase's words."""
    return re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", line) is not None or WORK_WORDS.search(" ".join(fold(line).split())) is not None


def _lead_language(text: str) -> str | None:
    """A notice written in two languages line by line ("Title / Titre: ...") leads with its own:
    the language of the first halves, when at least three lines have halves in two languages."""
    firsts: list[str] = []
    for line in text[:20_000].split("\n")[:200]:
        halves = line.split(" / ")
        if len(halves) == 2:
            tongues = (_half_language(halves[0]), _half_language(halves[1]))
            if tongues[0] is not None and tongues[0] != tongues[1]:
                firsts.append(str(tongues[0]))
    if len(firsts) < 3:
        return None
    return max(set(firsts), key=firsts.count)


_SMALL_WORDS = {
    # English labels have few small words: the words of a notice's fields stand in for them
    "en": frozenset(
        (
            "of",
            "and",
            "the",
            "for",
            "number",
            "date",
            "time",
            "title",
            "notice",
            "tender",
            "name",
            "closing",
            "council",
            "ministry",
            "department",
            "city",
            "county",
            "board",
            "authority",
            "agency",
        )
    ),
    "fr": frozenset(("de", "des", "du", "d", "et", "la", "le", "l", "pour")),
    "es": frozenset(("de", "del", "y", "la", "los", "para")),
    "pt": frozenset(("de", "do", "da", "dos", "das", "e", "para")),
}


def _half_language(half: str) -> str | None:
    words = re.findall(r"[a-z]+", fold(half))
    scores = {code: sum(w in small for w in words) for code, small in _SMALL_WORDS.items()}
    best = max(scores, key=lambda code: scores[code])
    tied = [code for code, score in scores.items() if score == scores[best]]
    return best if scores[best] and len(tied) == 1 else None


def one_language(value: str, language: str | None) -> str:
    """The half of "English name / Nom français" in ``language``; the other half when only it
    reads as another language; ``value`` whole when neither can be told."""
    halves = [half.strip() for half in value.split(" / ")]
    if len(halves) != 2 or not all(len(half.split()) >= 2 for half in halves):
        return value
    tongues = [_half_language(half) for half in halves]
    if tongues[0] == tongues[1]:
        return value
    for half, tongue in zip(halves, tongues, strict=True):
        if tongue is not None and tongue == language:
            return half
    others = [i for i, tongue in enumerate(tongues) if tongue is not None and tongue != language]
    return halves[1 - others[0]] if language and len(others) == 1 else value


def _find_buyer(text: str, low: str) -> tuple[str | None, str | None]:
    head = text[:HEAD]
    labels = [_name_of(item) for item in labelled_lines(text, low, HEAD)]
    labelled = _best_label(labels, buyer_strength, _buyer_value, minimum=2)
    if labelled is not None:
        return labelled, None
    header = running_header(text, labels)
    if header is not None:
        return header, "the organisation in the header of every page; check it is the buyer"
    prose = BUYER_PROSE.search(_joined_paragraphs(head))
    if prose:
        value = re.sub(r"\s*\([^)]*\bthe\b[^)]*\)", "", prose["v"]).strip(" ,")
        value = _ROLE_IN_BRACKETS.sub("", value).strip(" ,")  # "(el Contratante)", "(le Maître d'Ouvrage)"
        value = _acting(_IN_COMPLIANCE.sub("", value))  # "In compliance with the ... Law, 2020, RUWASSA invites"
        value = _THROUGH.split(value, maxsplit=1)[0].strip(" ,")  # "X, por intermédio da Comissão ...": X
        value = re.sub(r"^(?:the|le|la|l'|el|o|a)\s+", "", value, flags=re.I)
        official = _OFFICIAL.match(fold_same_length(value))  # "Le Maire de la Commune de X": the commune
        value = value[official.end() :] if official else value
        organ = _organ_of(value)  # "O Pregoeiro do CEMEPAR", "The Executive Engineer, ..., CPWD"
        named_by_official = official is not None or organ != value
        value = organ
        value = re.sub(r"^(?:the|le|la|l'|el|o|a)\s+", "", value, flags=re.I)
        value = _apposition(value)
        value = re.sub(r"\s+(?:vous|nous|les|you|us|le|lo|los|les|os|vos|lhe|lhes|te)$", "", value, flags=re.I)  # "Le PNUD vous invite"
        value = _owner_of_unit(_ministry_of_unit(value))
        top = _top_organisation(head)
        full = (spelled_out(value, head) or _declared(value, head)) if value.isupper() and len(value.split()) == 1 else None
        if full is not None:
            return full, f"from the sentence {' '.join(prose.group(0).split())!r}, its acronym {value!r} as the notice spells it"
        if value.isupper() and len(value.split()) == 1 and top and len(top.split()) >= 3:
            return top, f"the organisation at the top of the notice; the sentence {' '.join(prose.group(0).split())!r} names it {value!r}"
        if named_by_official and top and len(value) >= 8 and fold(top).startswith(fold(value)) and len(top) > len(value) + 3:
            # "Le Directeur ... du Ministère de la Santé Publique porte à la connaissance": an official's title
            # shortens the name the top writes whole
            return top, f"the organisation at the top of the notice, named in part by the sentence {' '.join(prose.group(0).split())!r}"
        if top and _is_unit(value) and not _is_unit(top):
            # "A Comissão Permanente de Licitação torna público": the commission of the organisation at the top
            return top, f"the organisation at the top of the notice; the sentence {' '.join(prose.group(0).split())!r} names its unit"
        if 2 <= len(value.split()) <= 14 or value.isupper():
            return value, f"from the sentence {' '.join(prose.group(0).split())!r}"
    top = _top_organisation(head)
    if top:
        return top, "the organisation named at the top of the notice; check it is the buyer"
    if prose and re.fullmatch(r"[A-Z][\w'’-]{3,}", value):
        return value, f"from the sentence {' '.join(prose.group(0).split())!r}; a one-word name: check it"  # "The Secretariat invites"
    unit = _best_label(labels, buyer_strength, _buyer_value, minimum=1)
    if unit is not None:
        return unit, "a unit of the buyer, from its label; check the buyer's name"
    return None, None


ON_BEHALF = re.compile(
    r",?\s+(?:(?:acting|agissant|actuando|atuando|agindo)\s+)?(?:on behalf of|for and on behalf of|acting for|au nom d[eu']|au nom des|pour le compte d[eu']|pour le compte des|"
    r"en nombre d[el]|en representacion d[el]|por cuenta d[el]|em nome d[aoe]|por conta d[aoe])(?![a-z])",
    re.I,
)
_OFFICIAL = re.compile(
    r"^(?:(?:the|le|la|l'|el|o|a)\s+)?(?:maire|mayor|alcalde|alcaldesa|prefeito|prefeita|presidente?|director(?:a)?(?: general)?|"
    r"directeur(?: general)?|diretor(?:a)?(?: geral)?|secretary|secretaire(?: general)?|secretario|minister|ministre|ministro|"
    r"gouverneur|governor|gobernador|personne responsable des marches publics|responsable des marches|procurement officer|"
    r"head of procurement)(?:\s+\([A-Z]{2,8}\))?\s+(?:de la |de l'|du |des |de |of the |of |del |da |do |de los |das |dos )",
    re.I,
)
"""An official who acts for the organisation named after him: the organisation is the buyer."""
_SUBUNIT = re.compile(
    r"^(?:(?:the|le|la|l'|el|o|a)\s+)?(?:unidade|unidad|unite|unit|cellule|project (?:management|implementation|coordination) unit|"
    r"personne responsable|coordination|coordenacao|secretariat|secretariado|commission|comite|committee|comision|comissao|"
    r"piu|pmu|ugp|uge|ucp|uep|ugea|prmp)(?![a-z])",
    re.I,
)


def _acting(value: str) -> str:
    """ "X, on behalf of Y": X is the buyer, unless X is a unit (a project unit, a procurement
    officer, a committee) acting for the organisation it belongs to: then that organisation,
    named in X ("la PRMP de l'ANAEPMR") or else Y ("a UGP, em nome do Ministério")."""
    parts = ON_BEHALF.split(value, maxsplit=1)
    actor = parts[0].strip(" ,")
    if len(parts) == 1 or not _SUBUNIT.search(fold(actor)):
        return actor
    owner = re.search(r".*\s(?:de l'|de la |du |des |of the |of |del |de |da |do )(?P<o>[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,8})$", actor)
    if owner and not re.match(r"(?:proje|proyecto|programme|program)", fold(owner["o"])):
        return owner["o"]
    return re.split(r",|\s+(?:invite|convida|invita|is seeking|invites)", parts[1].strip(" ,"), maxsplit=1)[0].strip()


_CONTINUES = re.compile(r"(?:des|de|du|d'|of|and|et|y|e|del|da|do|das|dos)\s", re.I)
"""After a comma these continue the name ("Ministère de l'Énergie, des Mines et des Carrières")."""
_ROLE_IN_BRACKETS = re.compile(r"\s*\((?:(?:el|la|le|o|a|los|las|les)\s+|l')[\"“«]?[A-ZÀ-Ý][\w' ’-]{2,30}[\"”»]?\)", re.I)
"""'(el Contratante)', '(le Maître d'Ouvrage)': the role the notice gives the buyer, not its name."""
_OFFICE_OF = re.compile(
    r"^(?:the\s+)?office of the (?:executive engineer|superintending engineer|chief engineer|director|commissioner|collector|"
    r"registrar|district \w+ officer)[^,]*,\s+(?=\S)",
    re.I,
)
"""'OFFICE OF THE EXECUTIVE ENGINEER, RURAL WORKS DIVISION, DHENKANAL': the official's office names the body after it."""
_IN_MINISTRY = re.compile(
    r"^(?P<unit>.+?)\s+(?:du|de la|de l'|of the|del|da|do)\s*(?P<m>(?:Minist[eèé]re|Ministry|Ministerio|Minist[ée]rio)\b.+)$"
)


def _ministry_of_unit(value: str) -> str:
    """ "Administration des Finances du Ministère de l'Énergie": a part of a ministry gives the ministry."""
    inside = _IN_MINISTRY.match(value)
    if inside and not _PARENT.search(fold(inside["unit"])):
        return inside["m"]
    return value


_UNIT_OF = re.compile(r"\s+(?:du|de la|de l'|des|of the|of|del|de los|da|do|dos|das)\s+(?=[A-ZÀ-Ý])")


def _owner_of_unit(value: str) -> str:
    """ "A Divisão de Contratação Pública do Município de Chaves", "la Cellule de Passation des Marchés
    de la Commune de X": a unit named with the organisation it belongs to gives the organisation."""
    for match in _UNIT_OF.finditer(value):
        unit, owner = fold(value[: match.start()]), fold(value[match.end() :])
        if (_UNIT.search(unit) or _SUBUNIT.search(unit)) and _ORG_WORDS.match(owner) and not _UNIT.search(owner):
            return value[match.end() :].strip()
    return value


def _apposition(value: str) -> str:
    """ "Commune de X, Maître d'Ouvrage": a role after a comma; "ASGL, organisation non
    gouvernementale intervenant en ...": a description after a comma. The name is before it."""
    cut = next((m.start() for m in re.finditer(r", ", value) if not _CONTINUES.match(value, m.end())), -1)
    head, rest = (value[:cut], value[cut + 2 :]) if cut >= 0 else (value, "")
    if not rest or (len(head.split()) < 2 and not head.isupper()):
        return value
    if buyer_strength(" ".join(fold(rest).split())) >= 2 or len(value.split()) > 14:
        return head
    return value


_NAME_WORDS = re.compile(r"(?<![a-z])(?:nom|name|nombre|nome|designacao|denominacion|denomination|razon social)(?![a-z])")
_ADDRESS_WORDS = re.compile(r"(?<![a-z])(?:adresses?|address(?:es)?|direcciones|direccion|endereco|nif|siret|nit|cnpj|rut)(?![a-z])")


def _name_of(item: Labelled) -> Labelled:
    """'Nom et adresse officiels de l'organisme acheteur : Ville de X, Direction ..., 40 quai ...',
    'NIF e designação da entidade adjudicante: 507 000 318 - Município de X': a label that gives
    the name with the address or the tax number is the buyer's; the name is the value's first part."""
    if not (_NAME_WORDS.search(item.label) and _ADDRESS_WORDS.search(item.label)):
        return item
    label = _ADDRESS_WORDS.sub(" ", item.label)
    value = re.sub(r"^[\d\s./-]{5,}\s[-–]\s*", "", item.value).split(", ")[0]
    return Labelled(label, value, item.start, item.line)


_PARENT = re.compile(r"^(?:ministry|ministere|ministerio|government of|gouvernement|gobierno|governo|secretaria de estado)(?![a-z])")
_UNIT = re.compile(
    r"^(?:(?:regional |country |field |district |sub-?)office|office(?!\s+(?:national|nationale|of|des|du|de|pour))|bureau (?:de|du|regional)|gerencia|subgerencia|direction|direccion|directorate|"
    r"subdireccion|diretoria|divisao|coordenacao|coordination|pro-reitoria|pro-rectorat|vicerrectoria|division|unit|unite|unidad|unidade|"
    r"departement|departamento|section|branch|procurement (?:unit|section|division)|bids and awards committee|comite|comision de compras|"
    r"servicio de|service d[eu']s?|sous-direction|secretariat general|secretaria general|secretaria-geral|general secretariat|"
    r"(?:procurement|purchasing|supply|supplies|finance|administration|logistics) (?:department|division|office|unit|services|section)|"
    r"department of (?:procurement|purchasing|supply|supplies|finance|administration|logistics))(?![a-z])"
)
"""A unit of an organisation (its office, directorate, procurement unit): the buyer is the organisation above it."""
_BANNER = re.compile(
    r"(?:avis|aviso|anuncio|notice|invitation|request for|call for|appel|licitac|preg[aã]o|convocatoria|edital|concurso|"
    r"manifestation|expression|tender|bid document|solicitud)"
)


_NAMED_BODY = re.compile(
    r"(?<![a-z])(?:nacional|national|federal|regional|municipal|municipalizados?|departamental|provincial|publico|public|saude|salud|sante|"
    r"des marches|de compras|de contratacion)(?![a-z])"
)
"""Words that make a line starting like a purchase ("Servicio ...", "Service ...") the name of a public body."""


def _top_organisation(head: str, avoid: str | None = None) -> str | None:
    """The organisation in the lines at the top of the notice, before its first field: an entity
    beats the ministry above it and the unit below it ("MINISTÉRIO DA EDUCAÇÃO / UNIVERSIDADE
    FEDERAL DE PERNAMBUCO / Pró-Reitoria de Administração" is the university); a notice's kind
    ("CONVOCATORIA", "AVIS À MANIFESTATION D'INTÉRÊT") or a portal's name is never one."""
    ranked: list[tuple[int, int, str]] = []
    capitals = None
    mailed = any(_MAIL_HEADER.match(line) for line in head.split("\n")[:20])
    lines = [line for line in head.split("\n")[:60] if not _MAIL_HEADER.match(line)][:14]
    for number, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        if portal_banner(line) or (avoid is not None and fold(line) == fold(avoid).strip()):
            continue  # a portal's banner or breadcrumbs; the tender's title
        line = _org_before_unit(line)
        if "\t" in line or (":" in line and not _sentence_with_colon(line)):
            break  # the first field; a message's sentence with a colon ("Estimados, respondemos la consulta: ...") is none
        line = re.split(r"\s{3,}", line)[0]  # "MINISTÈRE DES TRAVAUX PUBLICS      MINISTRY OF PUBLIC WORKS": the first column
        if line.endswith(".") and len(line.split()) >= 4 and not re.search(r"(?:^|\s)(?:[A-Z][a-z]{0,3}\.|(?:[A-Za-z]\.)+)$", line):
            continue  # a sentence ("Les offres seront reçues par la Commission.")
        folded = " ".join(fold(line).split())
        if not plausible_name(line):
            continue  # a page footer, an address, a person
        if mailed and _COMPANY_FORM.search(folded):
            continue  # "CONSTRUCTORA AMAZÓNICA SRL" above a forwarded notice: the bidder's signature, not the buyer
        if _FORM_FIELD.search(folded):
            continue  # "NAME & ADDRESS OF FIRM": a field of the bidder's form
        if re.search(r"republi", folded) or _BANNER.search(folded) or _HEADERISH_BANNER.search(folded):
            continue
        if len(line.split()) > 14 or (WORK_WORDS.search(folded) and not _NAMED_BODY.search(folded)) or _SENTENCE.search(folded):
            continue  # what is bought ("SERVICES DE CONSULTANTS"), or a sentence; "Servicio Nacional de ..." is a body
        letters = [c for c in line if c.isalpha()]
        if capitals is None and len(letters) > 3 and all(c.isupper() for c in letters):
            capitals = line
        if _UNIT.search(folded):
            ranked.append((1, number, line))
        elif _PARENT.search(folded):
            ranked.append((2, number, line))
        elif _ORG_WORDS.search(folded):
            ranked.append((3, number, line))
        elif re.match(r"[A-Z]{3,8}(?:\s+[A-Z][\w-]+){0,3}$", line) and (" " not in line or not line.isupper()):
            ranked.append((2, number, line))  # "UNDP Timor-Leste", "UNHCR": an organisation's acronym and its place
    top = max(ranked, key=lambda r: (r[0], -r[1]))[2] if ranked else capitals
    top = _below_parent(top) if top else top
    # "UASG 158123 - INSTITUTO FEDERAL ...": the purchasing unit's code before the name
    return _OFFICE_OF.sub("", re.sub(r"^(?:[A-Z]{2,6}\s+)?\d[\d./-]{3,}\s*[-–]\s*", "", top)) if top else top


_COMMA_THEN_LOWER = re.compile(r"[^,:\n]*+,[^:\n]*\s\S+[^:\n]*:\s+[a-zà-ÿ]")
"""A comma before the colon, a word after the comma, lower case after the colon (the first comma
taken possessively: a later one never matches where the first did not)."""
_SENTENCE_LINE = 300
"""A line longer than this holding a colon is prose, whatever else it holds (and bounds the
pattern above, which is quadratic in the worst case)."""


def _sentence_with_colon(line: str) -> bool:
    """Whether a line holding a colon is a sentence of a message, not a field: a comma before the
    colon and lower case after it ("Estimados, respondemos la consulta: el plazo ..."), or eight
    words or more before it. A field's label is short.

    The eight words are counted, not matched: the regular expression they replace (eight or
    more groups of "characters, then a space", one quantifier inside another) backtracked
    exponentially on a line of many words whose colon was not followed by a space (30 s for a
    corpus that drafts in 7 s; a hostile line never finished)."""
    if ":" not in line:
        return False
    if len(line) > _SENTENCE_LINE or _COMMA_THEN_LOWER.match(line):
        return True
    before, _colon, after = line.partition(":")
    pieces, last = 0, -1  # pieces of at least two characters, each ending in a space
    for index, char in enumerate(before):
        if char.isspace() and index - last >= 2:
            pieces, last = pieces + 1, index
    return pieces >= 7 and after[:1].isspace()


_MAIL_HEADER = re.compile(
    r"^\s*(?:(?:de|from|a|à|to|cc|objet|subject|asunto|assunto|date|fecha|data|envoye|envoyé|sent|enviado|para|re|tr|fw|fwd)\s*:|"
    r"-{3,}.*-{3,}\s*$)",
    re.I,
)
"""An e-mail's header and its "Message transféré" marker: the notice forwarded starts below them."""
_ORG_DASH_UNIT = re.compile(r"^(?P<org>[^-–]{4,80}?)\s+[-–]\s+(?P<unit>.{4,100})$")


def _org_before_unit(line: str) -> str:
    """ "Prefeitura de Porto Velho - Superintendência Municipal de Licitações": the organisation
    before its purchasing unit (a unit that names the bids would read as the notice's kind)."""
    parts = _ORG_DASH_UNIT.match(line)
    if parts is None:
        return line
    org, unit = fold(parts["org"]), fold(parts["unit"])
    if _ORG_WORDS.search(org) and not _UNIT.search(org) and (_UNIT.search(unit) or _BANNER.search(unit) or "superintend" in unit):
        return parts["org"].strip()
    return line


_COMPANY_FORM = re.compile(r"(?<![a-z])(?:s\.?r\.?l|c\.a|llc|ltda|s\.a\. de c\.v|s\.a\.s|inc|pty ltd|e\.i\.r\.l)\.?$")
"""A private company's legal form at the end of its name."""
_IN_COMPLIANCE = re.compile(
    r"^(?:in compliance with|pursuant to|in accordance with|conformement [aà]|en application d[eu]|de conformidad con|"
    r"conforme a|nos termos d[aoe]|em conformidade com)\s[^,]{3,120}(?:,\s*\d{4})?,\s*",
    re.I,
)
"""A law the sentence opens with, before the buyer that acts under it."""
_FORM_FIELD = re.compile(
    r"(?<![a-z])(?:name|address|nom|adresse|nombre|direccion|nome|endereco)(?![a-z]).*(?<![a-z])(?:firm|bidder|supplier|company|soumissionnaire|oferente|proponente|licitante)(?![a-z])"
)
_HEADERISH_BANNER = re.compile(
    r"(?<![a-z])(?:portal|marketplace|bulletin|boletin|sistema electronico|plataforma|tenders?\s*$|e-?procurement)(?![a-z])"
)


_REPRESENTED = re.compile(
    r",?\s+(?:represented by|acting through|repr[eé]sent[eé]e?s? par|representad[ao]s? por)|,\s*(?:cnpj|nipc|nif|nuit|nit|rut|siret|ruc|rfc|cuit)\b",
    re.I,
)
"""'Commune de Thiès, représentée par son Maire', 'SABESP, CNPJ 43.776...': the name ends there."""
_THROUGH = re.compile(
    r",?\s+(?:por interm[eé]dio d[aoe]s?|atrav[eé]s d[aoe]s?|por medio de|a trav[eé]s de|par l'interm[eé]diaire d[eu']|"
    r"[aà] travers (?:l[ae]s?|l'|son|sa|ses)|through (?:its|the)|via its|represented by|repr[eé]sent[eé]e? par|representad[ao] por)(?![a-z])",
    re.I,
)
"""The organisation acts through its unit: the organisation is the buyer."""
_UNIT_END = re.compile(r"(?<![a-z])(?:unit|unite|unidad|unidade|cellule|committee|comite|section|division|directorate)$")


_ORGAN = re.compile(
    r"^(?:(?:the|le|la|l'|el|o|a)\s+)?(?:pregoeir[oa]|agente de contratacao|comissao (?:permanente |especial )?de licitacao|"
    r"mesa de contratacion|junta de contratacion|executive engineer|superintending engineer|chief engineer|"
    r"procurement officer|tender committee|bid committee|comite d'achat|secretariat general|secretaria general|secretaria-geral)"
    r"(?:\s+(?:insular|municipal|local|provincial|regional|permanente|general))?"
    r"(?P<cut>\s+(?:de la |de l'|du |des |de |of the |of |del |da |do |dos |das )|(?:,[^,]{2,60})*,\s+)"
)
"""An official or a purchasing committee of the organisation named after it: "Pregoeiro do CEMEPAR",
"Executive Engineer, Bhopal Central Division-II, CPWD". A governing body ("Junta de Gobierno Local
del Ayuntamiento", "Consejo de Gobierno Insular") is the contracting organ the notice names and stays."""


def _organ_of(value: str) -> str:
    """The organisation an organ or an official belongs to, when the value names it after them."""
    organ = _ORGAN.match(fold_same_length(value))
    if organ is None:
        return value
    rest = value[organ.end() :].strip(" ,")
    return rest if len(rest) >= 2 and rest[0].isupper() else value


_PARENT_DASH = re.compile(r"^(?P<parent>[^-–—]{6,100}?)\s+[-–—]\s+(?P<body>[A-ZÀ-Ý][^-–—]{5,120})$")


def _below_parent(value: str) -> str:
    """ "Ministère de la Transition écologique - DEAL de la Guadeloupe", "U.S. DEPARTMENT OF THE INTERIOR -
    BUREAU OF RECLAMATION": a ministry or a government, then the body of it that buys, which is the
    buyer; a unit of that body (an office, a directorate) is not, and leaves the pair whole."""
    pair = _PARENT_DASH.match(value.strip())
    if pair is None:
        return value
    parent, body = fold(pair["parent"]).strip(), fold(pair["body"]).strip()
    named = _ORG_WORDS.search(body) is not None or (re.match(r"[A-Z]{3,6}\s", pair["body"]) is not None and not pair["body"].isupper())
    if (_PARENT.search(parent) or _FEDERAL_DEPARTMENT.search(parent)) and named and not _UNIT.search(body) and not _PARENT.search(body):
        return pair["body"].strip()
    return value


_FEDERAL_DEPARTMENT = re.compile(r"^(?:u\.?s\.? )?department of the (?:interior|treasury|army|navy|air force)|^gouvernement princier")


def _is_unit(value: str) -> bool:
    """A unit of an organisation (a directorate, an office, a committee): "Regional Health
    Directorate, Northern Region" is a unit of the Ghana Health Service."""
    folded = fold(value)
    first = folded.split(", ")[0].strip()
    return bool(_SUBUNIT.search(folded) or _UNIT.search(folded) or _UNIT_END.search(first) or _ORGAN.match(folded))


def _buyer_value(value: str) -> str | None:
    value = re.split(
        r"\s+[-–|]\s+(?:tel|t[ée]l[ée]?phone|phone|fax|e-?mail|courriel|adresse|address)\b|;\s", value, maxsplit=1, flags=re.I
    )[0]
    value = re.split(r"\s*\|\|\s*|\s+\|\s+", value.strip(), maxsplit=1)[0].strip().rstrip(".,;")
    value = _acting(value)  # "AGETIP, pour le compte de la Commune de Kaolack"
    value = _REPRESENTED.split(value, maxsplit=1)[0].strip(" ,")
    value = _THROUGH.split(value, maxsplit=1)[0].strip(" ,")  # "Ministério da Saúde, através da Unidade ...": the ministry
    value = _OFFICE_OF.sub("", value)
    value = _organ_of(value)  # "Pregoeira do Município de X": the municipality
    value = _ROLE_IN_BRACKETS.sub("", value).strip(" ,")
    value = re.sub(r"\s*\((?:the|le|la|el|o|a)\s+[\"“«]?\w+[\"”»]?\)$", "", value, flags=re.I)  # (the "Client")
    value = re.sub(r"^(?:[Tt]he|[Ll]e|[Ll]a|[Ee]l|O|A)\s+(?=[A-Z])", "", value)
    value = _below_parent(value)  # "Ministère de la Mobilité - Administration des bâtiments publics": the administration
    whole, _slash, below = value.partition(" / ")
    if below and _UNIT.search(fold(below)) and not _UNIT.search(fold(whole)):
        value = whole  # "Municipalidad Distrital de San Isidro / Gerencia de Logística": the unit below its organisation
    unit, _comma, owner = value.partition(", ")
    if owner and _UNIT_END.search(fold(unit)) and _ORG_WORDS.search(fold(owner)) and not _UNIT.search(fold(owner)):
        value = owner  # "Procurement and Supplies Unit, Ministry of Health": the ministry
    if len(value) < 2 or re.fullmatch(r"[\d\s.,/+()-]+", value) or re.match(r"(?:https?://|www\.)|\S+@\S+", value):
        return None
    if number_value(value):
        return None  # "Department of ...      RFP No. FFA-2027-113": a page's header, the number beside the name
    named = without_address(value)[:160]
    if not plausible_name(named):
        return None  # "Buyer" / "8.1. ORG-0002": a form's identifier; the next label may name the organisation
    return named
