"""The notice's title: what is bought, from a title label, the prose that names the object, or the
line of the notice's top that reads most like a purchase (against the procedure's heading, a
portal's banner, the organisation, an address or a signature).
"""

from __future__ import annotations

import re

from tenderctl.authoring.draft.header import HEAD, _best_label, _joined_paragraphs
from tenderctl.authoring.draft.labels import Labelled, labelled_lines, title_strength
from tenderctl.authoring.draft.lexicon import fold, places
from tenderctl.authoring.draft.mail import REPLY_MARKS, header_lines
from tenderctl.authoring.draft.titlewords import (
    _SENTENCE,
    _WORK,
    _WORK_INSIDE,
    NOTICE_WORDS,
    PERSON_OR_PAGE,
    WORK_WORDS,
    quoted_purchase,
    title_score,
)

_NUMBERING = r"(?:[ivxIVX]+\.[\d.]*\)\s*|\d+(?:\.\d+)*[.)]\s+|[-•*]\s+)?"
"""A numbered heading's mark ("2.", "iii.2)", "-"), before a title's label."""

TITLE_LABELS = re.compile(
    rf"^\s*{_NUMBERING}(?:title|assignment title|tender name|tender title|project title|subject|object|objet(?: du marche| de la consultation)?|"
    r"contract no\.? and title|intitule|titre|objeto(?: del contrato| de la licitacion)?|objecto|descripcion(?: de la licitacion| del objeto)?|nombre de la licitacion|"
    r"nombre del proceso|designacao do contrato|objeto do contrato|denominacion|name of (?:the )?(?:contract|works?)|nom du marche)"
    r"\s*[:\t]\s*(?P<v>\S.{2,240})$",
    re.M,
)


def find_title(text: str, low: str, reference: str | None) -> tuple[str, str | None]:
    """(title, REVIEW reason or None); the full stop of a field's sentence is not the title's."""
    title, why = _find_title(text, low, reference)
    title = title.strip()
    last = title.split()[-1] if title.split() else ""
    if title.endswith(".") and not re.fullmatch(r"[A-Z][a-z]{0,3}\.|(?:[A-Za-z]\.)+", last):
        title = title[:-1]  # not "Ltd.", "S.A."
    return title, why


def _find_title(text: str, low: str, reference: str | None) -> tuple[str, str | None]:
    mail = header_lines(low[:HEAD].split("\n", 80)[:80])
    every = [_continued(text, item) for item in labelled_lines(text, low, HEAD)]
    labels = [item for item in every if item.line not in mail]  # a message's subject: the last resort
    found, why = _title_of_notice(text, low, reference, labels, mail)
    if why is None or not mail:
        return found, why
    subject = next((_subject_title(item.value, reference) for item in every if item.line in mail and title_strength(item.label) >= 3), None)
    if subject and (found.startswith("REVIEW") or title_score(subject) > title_score(found)):
        return subject, "the subject of the message that carries the notice; check it is the tender's title"
    return found, why


def _subject_title(value: str, reference: str | None) -> str | None:
    """A message's subject without its forward marks and the notice's kind and number:
    "TR: Avis n° 019/X/2027 - Contrôle des travaux de la voirie" is "Contrôle des travaux de la voirie"."""
    value = REPLY_MARKS.sub("", value.strip())
    parts = [p for p in re.split(r"\s+[-–—]\s+", value) if p and not (reference and reference in p)]
    scored = sorted(parts, key=lambda p: -title_score(p))
    return scored[0][:200] if scored and len(scored[0].split()) >= 2 else None


def _title_of_notice(text: str, low: str, reference: str | None, labels: list[Labelled], mail: frozenset[int]) -> tuple[str, str | None]:
    labelled = _best_label(labels, title_strength, lambda v: _title_value(v, reference), minimum=2)
    if labelled is not None:
        return labelled, None
    described = _best_label(labels, title_strength, _purchase_value, minimum=1)
    if described is not None:
        return described, None  # "DESCRIPTION: Construction of Mbizana Road ...": a weak label whose value names a purchase
    for item in labels:
        # "Contract: Rehabilitation of the Bili-Bili secondary irrigation canals": a contract label whose value is a purchase
        if _CONTRACT_LABEL.fullmatch(item.label) and WORK_WORDS.search(" ".join(fold(item.value).split())):
            return item.value[:200], None
    for item in labels:
        # "Project: Supply and Delivery of Office Furniture ..." (PhilGEPS): a project label whose value is a purchase
        if _PROJECT_START.fullmatch(item.label) and _names_work(fold(item.value)):
            return item.value[:200], None
    for match in TITLE_LABELS.finditer(low[:HEAD]):
        if low.count("\n", 0, match.start()) in mail:
            continue
        value = text[match.start("v") : match.end("v")].strip()
        if reference and value.startswith(reference):
            value = value[len(reference) :].lstrip(" :-–")
        if (
            len(value.split()) >= 2
            and not re.search(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}", value)
            and not _about_amendment(value)
            and not _AMOUNT_OR_SPAN.match(value)
        ):
            end = text.find("\n", match.end("v"))
            value, _count = title_block([value, *text[end + 1 : end + 800].split("\n")[:3]] if end > 0 else [value], 0)
            return value.rstrip(".")[:200], None
    stated = _OBJECT_IN_PROSE.search(_joined_paragraphs(text[:6000]))
    if stated:
        return " ".join((stated["t"] or stated["q"]).split()).strip('"“”«» ')[
            :200
        ], "the object the notice's prose names; check it is the tender's title"
    for_purchase = _kind_for_purchase(text, low)
    if for_purchase:
        return for_purchase, "what the notice's kind and number are for, in its prose; check it is the tender's title"
    in_quotes = quoted_purchase(text[:8000])
    if in_quotes:
        return in_quotes, "the purchase the notice's top writes in quotes; check it is the tender's title"
    lines = text[:HEAD].split("\n", 60)[:60]
    ted = _ted_heading(lines)
    if ted:
        return ted, "the last part of the notice's heading (country - classification - title); check it"
    ref_line = next((i for i, line in enumerate(lines) if reference and reference in line), None) if reference else None
    best: tuple[int, int, str] | None = None
    for number, line in enumerate(lines):
        if number in mail:
            continue
        heading = _NOTICE_HEADING.match(line)
        if (
            heading
            and NOTICE_WORDS.search(fold(heading["kind"]))
            and len(heading["v"].split()) >= 3
            and not _about_amendment(heading["v"])
            and not NOTICE_WORDS.search(fold(heading["v"]))
        ):
            line = heading["v"]  # "Request for Proposal: Marine safety inspection data platform": the value is the title
            score = title_score(line) + 3
            if best is None or score > best[0]:
                best = (score, number, line)
            continue
        if number and _carries_on(lines[number - 1].strip(), line.strip()):
            continue  # the second line of a wrapped title or sentence
        purpose = _FOR_PURPOSE.match(line)
        if purpose and WORK_WORDS.match(" ".join(fold(line[purpose.end() :]).split())):
            line = line[purpose.end() :]  # "POUR LA RÉHABILITATION DES CANIVEAUX ..." under the notice's number
        block, count = title_block(lines, number)
        quoted = re.fullmatch(r"\s*[\"“«]\s*(?P<t>[^\"“”«»]{10,300}?)\s*[\"”»]\s*", block)
        if quoted:
            # '"ADQUISICIÓN DE OXÍGENO MEDICINAL ... PARA' / 'EL HOSPITAL REGIONAL DE CUILAPA"': a title in quotes
            block = line = quoted["t"]
        if count > 1:
            # a title wrapped over several lines ("... articles ménagers essentiels –" / "Nord-Kivu (...)")
            if block.endswith(".") or _SENTENCE.search(fold(block)) or not _title_like(block, max_words=45):
                continue
            if re.fullmatch(r"[^,]{2,30},", lines[number].strip()):
                continue  # "Nga mihi," / "Aroha Tane": a letter's closing and its signature
            line = block
        elif not _title_like(line) or _in_paragraph(lines, number):
            continue
        score = title_score(line) + (1 if quoted else 0)
        if re.search(r"\s\|\s", line):
            score -= 3  # "DevelopmentAid | Appels d'offres": a site's banner
        if _PROJECT_START.match(fold(line)):
            score -= 2  # the project a tender belongs to: its title only when nothing names the contract
        if ref_line is not None and ref_line < number <= ref_line + 3:
            score += 1  # the line after the notice's number is often its title
        if best is None or score > best[0]:
            best = (score, number, line)
    invited = _INVITED_FOR.search(_joined_paragraphs(text[:4000]))
    wanted = " ".join(invited["t"].split()).strip('"“”«» ')[:200] if invited else None
    invited_why = "what the notice's first sentence invites proposals for; check it is the tender's title"
    if best is not None:
        line = best[2].strip().lstrip("#").strip()[:200]
        return line, "the line of the notice's top that reads most like a tender's title; check it"
    if wanted:
        return wanted, invited_why
    first = next((line.strip() for number, line in enumerate(lines) if line.strip() and number not in mail), "")
    return (first[:150] or "REVIEW: title"), "the notice's first line; check it is the tender's title"


_CONTRACT_LABEL = re.compile(r"\s*(?:contract|contrat|contrato|marche|servicio|service|servico|prestation)\s*")
_FOR_PURPOSE = re.compile(
    r"\s*(?:pour|for|para|relatif a|relatif à|relativo a)\s+(?:(?:la|le|les|the|a|o|el|los|las|as|os)\s+|l['’])?(?=\S)", re.I
)
_PROJECT_START = re.compile(r"\s*(?:projects?|projet|proyecto|projeto|programme|program|programa)\b")
_NOTICE_HEADING = re.compile(r"^\s*(?P<kind>[^:\n]{3,50}?)\s*:\s+(?P<v>[^:\n]{10,200}?)\s*$")


_JOINING_END = re.compile(
    r"(?:[-–,]|(?<![A-Za-z])(?:of|for|and|the|in|to|at|on|with|et|de|du|des|la|le|les|pour|en|au|aux|d'un|d'une|y|e|el|del|para|"
    r"por|da|do|das|dos|com|con|a|o|na|no))$",
    re.I,
)


def _carries_on(above: str, line: str) -> bool:
    """``line`` goes on from ``above``: it starts in lower case, or ``above`` ends with a dash or
    a word that cannot end a title ("of", "de", "pour", "para")."""
    return bool(above) and bool(line) and (line[:1].islower() or _JOINING_END.search(above) is not None)


def title_block(lines: list[str], number: int) -> tuple[str, int]:
    """Line ``number`` joined with the lines that carry it on (at most three more), and how many
    lines that is: a title wrapped at a line break ("Contratação de empresa especializada para
    execução" / "das obras de construção ...")."""
    parts = [lines[number].strip()]
    k = number + 1
    while k < len(lines) and len(parts) < 4:
        following = lines[k].strip()
        if not _carries_on(parts[-1], following) or _NEXT_FIELD.match(following):
            break
        parts.append(following)
        k += 1
    return " ".join(parts), len(parts)


_NEXT_FIELD = re.compile(r"^[^:\n]{1,40}:\s")


def _in_paragraph(lines: list[str], number: int) -> bool:
    """A line of a wrapped paragraph: it goes on from a long line above that did not end its
    sentence, or a long line of it goes on below in lower case. A title stands on its own."""
    line = lines[number].strip()
    above = lines[number - 1].strip() if number else ""
    below = lines[number + 1].strip() if number + 1 < len(lines) else ""
    if len(above) >= 50 and not re.search(r"[.:;!?)]$|[A-Z0-9/_-]*\d[A-Z0-9/_-]*$", above):
        return True  # (a line ending with a reference number is a heading: "to the Request for Proposals NB/RFP/2027/003")
    if len(line) >= 60 and below:
        # the first line of a paragraph: the lines down to the blank one make a sentence
        block = []
        for part in lines[number : number + 6]:
            if not part.strip():
                break
            block.append(part.strip())
        joined = fold(" ".join(block))
        if len(joined.split()) >= 20 and (_SENTENCE.search(joined) or joined.endswith(".")):
            return True
    return len(line) >= 60 and not re.search(r"[.:;!?]$", line) and below[:1].islower()


_INVITED_FOR = re.compile(
    r"(?:invites?|invite|invita|convida|sollicite)[^.]{0,120}?(?<![a-z])(?:proposals?|bids?|quotations?|offers?|tenders?|expressions? of interest|"
    r"propositions?|offres|ofertas|propuestas|cotizaciones|propostas)(?:\s+(?:from|de la part|de|from among)\s+[^.]{0,60}?)?\s+(?:for|pour|para)\s+(?:the\s+|la\s+|le\s+|l'|el\s+|o\s+|a\s+)?"
    r"(?P<t>[^.]{10,240}?)\.(?:\s|$)",
    re.I,
)
""""UNICEF invites qualified service providers to submit a proposal for the establishment of X.": X is what is bought."""


def _continued(text: str, item: Labelled) -> Labelled:
    """A field's value wrapped onto the next lines ("OBJETO: Contratação de empresa especializada
    para execução" / "das obras de construção ..."), joined while they carry it on."""
    end = text.find("\n", item.start)
    if end < 0 or item.value.endswith((".", ";")):
        return item
    lines = [item.value, *text[end + 1 : end + 1 + 800].split("\n")[:3]]
    value, count = title_block(lines, 0)
    if count == 1:
        return item
    return Labelled(item.label, value.rstrip("."), item.start, item.line)


def _purchase_value(value: str) -> str | None:
    folded = " ".join(fold(value).split())
    return value[:200] if WORK_WORDS.search(folded) and len(value.split()) >= 3 else None


def _ted_heading(lines: list[str]) -> str | None:
    """TED's heading "Country – classification (CPV) – title": the title is after the second dash."""
    first = next((line.strip() for line in lines if line.strip()), "")
    parts = first.split(" - ")
    if len(parts) < 3:
        return None
    place = places().get(" ".join(fold(parts[0]).split()))
    if place is None or place.kind != "country":
        return None
    title = " - ".join(parts[2:]).strip()
    return title[:200] if len(title.split()) >= 2 else None


_AMENDMENT_SUBJECT = re.compile(
    r"(?<![a-z])(?:addend|amendment|corrigend|errat|rectificati|adenda|enmienda|prorrog|prorroga|extension of|report de|"
    r"erros e omissoes|esclarecimentos|clarifications?|aclaraciones|modificac|modification|changes? to|diferimiento|aplazamiento|"
    r"postpone|reprogramac|adiamento)"
)
"""What an amendment's subject line says of itself ("Lista de erros e omissões ... e PRORROGAÇÃO DO
PRAZO", "Addendum No. 2", "Avis rectificatif"): the subject of the message, not what is bought."""


def _about_amendment(value: str) -> bool:
    folded = " ".join(fold(value).split())
    if _AMENDMENT_SUBJECT.search(folded) is None:
        return False
    return not WORK_WORDS.search(folded) or _WHAT_AN_AMENDMENT_MOVES.search(folded) is not None


_OBJECT_IN_PROSE = re.compile(
    r"(?:cujo objeto (?:e|é|será)|cuyo objeto (?:es|será)|ayant pour objet|qui a pour objet|"
    r"(?:appel d'offres|avis d'appel d'offres|consultation|march[ée])[^.\n]{0,60}?\srelatif (?:à|a))\s+"
    r"(?:(?:o|a|os|as|el|la|los|las|le|les)\s+|l')?(?P<t>[\"“«]?[A-ZÀ-Ýa-zà-ÿ](?:(?!\n\s*\n)[^.;:]){10,240}?)"
    r"(?=,\s+(?!(?:de|des|du|et|y|e|da|do|del|and|of)\s|d')(?-i:[a-zà-ÿ])|\.(?:\s|$)|;|\s+-\s|\n\s*\n|$)"
    r"|(?:concurso p[uú]blico|concurso|licita[cç][aã]o|licitaci[oó]n|tender|appel d'offres)[^.\n]{0,40}?\s(?:para|pour|for)\s+"
    r"(?:(?:a|o|la|el|le|the)\s+)?[\"“«](?P<q>[^\"”»]{10,240})[\"”»]",
    re.I,
)
""""cujo objeto é a CONTRATAÇÃO DE ...", "Appel d'Offres Ouvert n° F118/2027 relatif à la fourniture de ...": the
prose names the object when no label does."""


_KIND_FOR = re.compile(
    rf"(?:appel d'offres|avis|licitacion|concurso|tender|bid|request for [a-z]+|invitation (?:for|to) [a-z]+)[^.\n]{{0,80}}?"
    rf"\s(?:n\s*[°o.]+|no\.)\s*\S*\d\S*\s+(?:pour|for|para)\s+(?:(?:les|la|le|the|el|los|las|a|o|os|as)\s+|l')?"
    rf"(?P<t>(?:{_WORK})(?![a-z])[^.;:\n]{{8,240}}?)(?=\.(?:\s|$)|;|:|\n|$)"
)
"""'... l'Appel d'Offres National Ouvert n° 018/AONO/CUD/CIPM/2027 pour les travaux de curage des drains ...':
the purchase a notice's kind and number are for."""


def _kind_for_purchase(text: str, low: str) -> str | None:
    joined = _joined_paragraphs(low[:6000])
    match = _KIND_FOR.search(joined)
    if match is None:
        return None
    return " ".join(text[match.start("t") : match.end("t")].split())[:200]


_AMOUNT_OR_SPAN = re.compile(
    r"(?:rs\.?|inr|usd|us\$|\$|€|eur|php|kes|ksh|xof|fcfa|mzn|r\$|brl|cop|mxn)\s*[\d.,]+|"
    r"[\d.,]+\s*(?:days?|weeks?|months?|years?|jours|semaines|mois|ans|dias|días|semanas|meses|anos|años)(?![a-z])",
    re.I,
)
"""A field's value that is an amount ("Rs. 86,42,300/-") or a span of time ("24 meses, con inicio ..."), no title."""


_CATEGORY = re.compile(
    r"(?:goods|works|services|consulting services|non-consulting services|biens|travaux|services|prestations intellectuelles|"
    r"bienes|obras?|servicios|consultoria(?: de obra)?|bens|obras|servicos|consultoria)"
)
"""A procurement category ("Objeto de contratación: Consultoría de Obra"), never a title."""


def _title_value(value: str, reference: str | None) -> str | None:
    value = value.strip('"“”«» ')
    if re.search(r"\[[^\]\n]{2,40}\]", value):
        return None  # 'Subject line: "WFP/ZM/RFQ/2027/0061 - [Company name]"': what the bidder writes, a form's blank
    if reference and value.startswith(reference):
        value = value[len(reference) :].lstrip(" :-–")
    if _about_amendment(value) or _AMOUNT_OR_SPAN.match(value) or _CATEGORY.fullmatch(" ".join(fold(value).split())):
        return None
    if len(value.split()) < 2 or re.search(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}", value):
        return None
    return value[:200]


_STATEMENT = re.compile(r"(?<![a-z])(?:are|is|was|were|est|sont|es|son|sao|will|has|have|available|disponibles?)(?![a-z])")
_ADDRESS = re.compile(
    r"(?<![a-z])(?:plot|p\.? ?o\.? box|road|street|avenue|av\.|rue|calle|carrera|boulevard|floor|building|suite|b\.? ?p\.?|"
    r"caixa postal|rua|apartado|km\.? ?\d)(?![a-z])"
)
"""An address line ("Plot 18, Kira Road, Kamwokya - Kampala, Uganda"), never a title."""


_SIGNED_AT = re.compile(
    r"^[^,]{2,40},\s*(?:le |the |el |aos |a los |em |en |on |ce )?(?:\d{1,2}(?:er|º|o)?\s+(?:de\s+)?[a-z]+\.?\s+(?:de\s+)?\d{4}|[a-z]+ \d{1,2},? \d{4})\.?\s*$"
)
"""A letter's place and date ("Douala, le 02 mars 2027"), never a title."""
_NUMBER_LINE = re.compile(r"^[^\d]{3,60}\s(?:n[º°o]\.?|no\.|number|numero|num\.)\s*[\w./-]*\d[\w./-]*\s*$")
"""A line that only numbers a file ("Processo Administrativo nº 41.207/2027")."""


_NOT_A_TITLE_LINE = re.compile(
    r"(?<![a-z])(?:key dates|dates?|times?|schedule|timetable|timeline|deadlines?|meeting|site visit|closing|"
    r"fechas?|plazos?|cronograma|calendario|horario|hora|calendrier|heures?|delais?|datas|prazos?|visita|visite|reunion|"
    r"personne responsable|responsable des marches|procurement officer|pregoeir[ao]|comision evaluadora|"
    r"hoja de datos|data sheet|donnees particulieres|dados particulares|bid data|instructions to|instructions aux|"
    r"open advertised bidding|(?:national|international) competitive bidding)(?![a-z])"
    r"|^\s*(?:section|seccion|secao|partie|part|parte|chapitre|chapter|capitulo)\s+(?:[ivx]+|\d+)\b"
)
"""A line that names a part of the notice (its dates, a meeting, a data sheet, a section), an official's
role or the procedure's kind: no title unless it also names what is bought."""
_WHAT_AN_AMENDMENT_MOVES = re.compile(
    r"(?<![a-z])(?:dates?|deadline|closing|time|opening|fecha|plazo|apertura|acto|date limite|delai|ouverture|seance|prazo|data|"
    r"abertura|sessao)(?![a-z])"
)
"""What an amendment moves (a date, a deadline, the opening): with an amendment's word, the line is its subject."""
_PAGE_OF = re.compile(r"(?<![a-z])(?:page|pagina|pag\.)\s*\d+\s*(?:of|de|sur|/)\s*\d+")


def _names_work(folded: str) -> bool:
    words = " ".join(folded.split())
    return WORK_WORDS.search(words) is not None or _WORK_INSIDE.search(words) is not None


def _address_line(folded: str) -> bool:
    """A line of comma-separated parts that ends with a known place and names no purchase: an address."""
    parts = [" ".join(part.split()) for part in folded.split(",")]
    if len(parts) < 2 or _names_work(folded):
        return False
    return places().get(parts[-1].strip(" .")) is not None


def _title_like(line: str, max_words: int = 30) -> bool:
    words = line.split()
    if len(words) < 4 or line.strip().endswith(":") or len(words) > max_words:
        return False
    folded = fold(line)
    if line.strip().endswith(".") and _STATEMENT.search(folded):
        return False  # "All times are Dhaka local time.", "Bid documents are available from ...": a sentence
    if _ADDRESS.search(folded) and re.search(r"\d", line) and line.count(",") >= 2:
        return False
    if re.match(r"\s*(?:\d+(?:\.\d+)*[.)]|[-•*])\s", folded) or _SENTENCE.search(folded):
        return False  # an item of a list or a sentence of the body, not a heading
    label = re.match(r"\s*([^:\n]{1,50}):\s+\S", line)
    heading = label is not None and NOTICE_WORDS.search(fold(label.group(1))) and len(line[label.end() - 1 :].split()) >= 4
    if label and len(label.group(1).split()) <= 5 and not TITLE_LABELS.match(fold(line)) and not heading:
        return False  # "Contracting Authority: ..." is a field; "Request for Proposals: Monitoring of ..." a heading
    if line.strip()[:1].islower():
        return False  # the rest of a sentence
    if _NOT_A_TITLE_LINE.search(folded) and not _names_work(folded):
        return False  # "Key dates (...)", "Pre-bid meeting / Site visit", "Section I. Avis ...": a part of the notice, not its object
    if _AMENDMENT_SUBJECT.search(" ".join(folded.split())) and _WHAT_AN_AMENDMENT_MOVES.search(folded):
        return False  # "Extension of Closing Date", "Prorrogação do prazo ...": what an amendment changes, not what is bought
    if _PAGE_OF.search(folded) or _address_line(folded):
        return False  # "... Página 3 de 41": a page's footer; "Torre CAF, Av. Luis Roche, Caracas, Venezuela": an address
    if PERSON_OR_PAGE.match(folded.strip()):
        return False  # "Dra. Celeste Albino Macuácua", "Lic. Mariana Ferreyra": a signature; "Página 2 de 41": a footer
    if re.fullmatch(r"\s*\(.*\)\s*|.*,\s*", line) or _SIGNED_AT.search(folded.strip()) or _NUMBER_LINE.search(folded.strip()):
        return False  # "(Lei Federal nº 14.133/2021)", "Maputo, aos 25 de Março de 2027", "Processo Administrativo nº 41.207/2027",
        # and a line ending with a comma ("Com os melhores cumprimentos,")
    if re.search(r"\S(?: {3,}|\t)\S", line.strip()):
        return False  # a row of spaced columns ("Bid Offer Validity (From End Date)   120 (Days)"): a field
    if label and re.fullmatch(r"[\sA-Z]{0,4}[\d\s.,%()$€£-]+[A-Za-z ()]{0,12}", line[label.end() - 1 :].strip()):
        return False  # "Approved Budget for the Contract (ABC): PHP 1,480,000.00": a field with an amount
    if re.search(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\b(?:19|20)\d{2}\b.*\d{1,2}:\d{2}", line):
        return False
    head = line.split(":", 1)[0]
    if ":" in line and len(head.split()) <= 3 and len(line.split(":", 1)[1].split()) < 4:
        return False
    letters = [c for c in line if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        # a heading in capitals is a title only when it names what is bought ("TRAVAUX DE CONSTRUCTION D'UN ...")
        return WORK_WORDS.search(" ".join(folded.split())) is not None and not NOTICE_WORDS.search(folded)
    return bool(letters)
