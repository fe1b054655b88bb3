"""Words in a date's clause that change what the clause's kind words mean for that date.

A clause names the kind of the date it leads to by its leftmost strong word ("the closing date
for the EOI, originally advertised on 3 May"), but some phrases make the date right after them
something else, whatever the clause began with:

- a publication referred to in passing: "advertised in the Daily Graphic of 11th August",
  "publié dans le journal « Le Sahel » n°10 944 du 8 avril", "publicado en el BOE el 3 de mayo",
  "publicado no Diário Oficial de 2 de junho": the day the notice came out, not a deadline;
- the start of a period: "Início do acolhimento das propostas", "Inicio de recepción de ofertas",
  "Début de réception des offres", "Start of submissions": the bids are taken from then on;
  the deadline is the period's end, another date.

A phrase that a count starts from ("26 días naturales contados desde el día siguiente al de
publicación del anuncio ...; finalizará a las 14:00 del 21 de octubre") names a publication
that is no date of the sentence: it is blanked before the kinds are read, so the sentence's
deadline words ("Plazo") decide. All patterns are bounded (no nested repetition): linear.
"""

from __future__ import annotations

import re

_PUBLISHED = (
    r"(?:advertised|published|publicised|publicized|appeared|announced|"
    r"publiee?s?|parue?s?|annoncee?s?|insere(?:e|es|s)?|"
    r"publicad[oa]s?|anunciad[oa]s?|divulgad[oa]s?|veiculad[oa]s?|inserid[oa]s?)"
)
PUBLISHED_ON = re.compile(
    rf"(?<![a-z]){_PUBLISHED}(?:\s+(?:in|on|dans|sur|en|no|na|nos|nas|em|au|a|the|le|la|les|el|o|os|as|l'|du|des|del|de|do|da)"
    r"\b[^.;:()\n]{0,70}?)?\s+(?:on|of|dated|du|le|en date du|el|del|de|em|a|no dia|el dia|le|n[o°º.]\s?[\d .]{1,12}\s+(?:du|de|del|do))"
    r"\s+(?:the\s+|[a-z]+day,?\s+|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?$"
)
"""A publication's verb, the paper or portal it names, then "on"/"of"/"du"/"de" right before the date."""

START_OF = re.compile(
    r"(?<![a-z])(?:inicio|debut|start|comienzo|commencement)\s+(?:(?:do|da|dos|das|de|del|de la|du|des|de l'|of|of the)\s+)?$"
)
"""A start word right before a submission phrase ("Início do | acolhimento das propostas")."""

COUNTED_FROM = re.compile(
    r"(?<![a-z])(?:contad[oa]s?\s+(?:a partir\s+)?(?:desde|de)|a contar\s+d[aeo]s?|a compter\s+d[eu]|counted\s+from|computed\s+from|"
    r"calculated\s+from|from\s+the\s+(?:date|day)\s+of|following\s+the\s+(?:date\s+of\s+)?publication|siguientes?\s+a\s+la\s+publicacion|"
    r"apres\s+la\s+(?:date\s+de\s+)?publication|apos\s+a\s+publicacao|seguintes?\s+a\s+publicacao)[^.;\n]{0,120}"
)
"""The starting point of a count of days: what it names (a publication) is no kind of the sentence's date."""
_PUBLICATION = re.compile(r"(?<![a-z])(?:publica|parution|anuncio|avis|notice|edital|convocatoria|advert)")
"""Only a count from the notice's publication is blanked: "36 meses a contar da data de início da execução, prevista
para 1 de maio" counts from the date it leads to."""


_LIMIT = re.compile(r"(?<![a-z])(?:hasta|until|till|by|before|ate|jusqu|avant|antes|no later|not later|au plus tard|a mas tardar)(?![a-z])")
"""A time limit between the publication's verb and the date: the date is the limit's ("el formulario publicado en el
portal, hasta el 5 de junio"), not the publication's."""


def published_on(folded: str) -> bool:
    """Does ``folded`` (a clause, ending right before a date) end by referring to a publication on that date?"""
    tail = folded[-160:]
    match = PUBLISHED_ON.search(tail)
    return match is not None and _LIMIT.search(tail, match.start()) is None


def starts_period(folded: str, at: int) -> bool:
    """Is the submission phrase at ``at`` in ``folded`` the start of the bids' period ("Início do acolhimento")?"""
    return START_OF.search(folded, max(0, at - 24), at) is not None


def without_count_start(folded: str) -> str:
    """``folded`` with each count's starting point blanked (same length, so offsets still hold)."""
    return COUNTED_FROM.sub(lambda match: " " * len(match.group(0)) if _PUBLICATION.search(match.group(0)) else match.group(0), folded)


_MOVED_AWAY = re.compile(
    r"[ \t\n,)]*(?:(?:\([^()\n]{0,40}\)|(?:local time|heure locale|hora local|gmt|utc|tu))[ \t\n,]*)?"
    r"(?:has been|have been|is hereby|are hereby|is now|est|a ete|sont|ont ete|ha sido|han sido|queda|quedan|foi|foram|fica|e|esta)"
    r"[ \t\n]+(?:(?:herewith|hereby|desormais|por la presente|pela presente|now)[ \t\n]+)?"
    r"(?:extended|postponed|deferred|moved|rescheduled|proroge|reporte|differe|decale|prorrogad|aplazad|diferid|postergad|ampliad|adiad)"
)
"""A date right followed by the words that move it ("a closing date of 4:00pm Friday 28 May 2027, has been EXTENDED",
"la date du 11 mai 2027 a été reportée"): the old date, whatever the sentence is about. Not "modified": "l'avis ... du 02/02/2027, est modifié" changes the notice of that day."""
_WAS_TO_BE = re.compile(
    r"(?<![a-z])(?:were|was) (?:to be|due)(?: [a-z]+){0,2} (?:on or before|by|on|before|until|not later than)(?: the)?[ \t\n]*"
    r"(?:[a-z]+day,?[ \t\n]+)?$"
    r"|(?<![a-z])(?:devaient|devait) etre(?: [a-z]+){0,3} (?:au plus tard |avant |jusqu'au |le )(?:le )?(?:[a-z]+di )?$"
    r"|(?<![a-z])(?:debian|debia|deberian|deberia)(?: [a-z]+){1,3} (?:hasta el|el|antes del)(?: dia)? (?:[a-z]+ )?$"
    r"|(?<![a-z])(?:deveriam|deveria)(?: [a-z]+){1,3} (?:ate|em|no dia|ate o dia)(?: dia)? (?:[a-z-]+ )?$"
)
"""A deadline said in the past ("Tenders which were to be submitted on or before Tuesday, 14th September",
"les offres qui devaient être déposées le", "que debían presentarse hasta el", "que deveriam ser entregues até"):
the old date of an extension."""


def moved_away(folded: str, at: int) -> bool:
    """Do the words at ``at`` (right after a date and its time) say that the date has been moved?"""
    return _MOVED_AWAY.match(folded, at) is not None


def was_to_be(folded: str, at: int) -> bool:
    """Do the words right before ``at`` (a date's start) give the deadline in the past ("were to be submitted by")?"""
    return _WAS_TO_BE.search(folded, max(0, at - 90), at) is not None


_WEEKDAY_ONLY = re.compile(
    r"[ \t]*(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"lunes|martes|miercoles|jueves|viernes|sabado|domingo|(?:segunda|terca|quarta|quinta|sexta)(?:-feira)?)[ \t]*,?[ \t]*"
)


def weekday_only(folded: str) -> bool:
    """Is ``folded`` a weekday alone ("TUESDAY, " before "28th SEPTEMBER 2027"): no place, so no signature line?"""
    return _WEEKDAY_ONLY.fullmatch(folded) is not None
