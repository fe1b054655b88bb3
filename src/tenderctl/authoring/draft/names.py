"""What an organisation's name looks like, and the name a notice spells out for an acronym.

Split from :mod:`buyer`: a candidate for the buyer is checked here (a page footer, a label, a person,
an address is no name), and a short name ("SMAS Vale do Tejo Norte", "ANER") is given back as the
notice writes it in full.
"""

from __future__ import annotations

import re

from tenderctl.authoring.draft.lexicon import fold

_NOT_A_NAME = re.compile(
    r"^(?:page|pagina|pag|folio|fls?)\.?\s*\d+(?:\s*(?:of|de|sur|/)\s*\d+)?$"  # a page footer
    r"|^\d+\s*(?:of|de|sur|/)\s*\d+$"
    r"|:$"  # a label
    r"|^(?:\d+(?:\.\d+)*\.?\s+)?[a-z]{2,5}-\d{2,}$"  # a form's identifier of an organisation ("8.1. ORG-0002")
    r"|^(?:institution|institucion|instituicao|canton|entity|entidad|entidade|entite|organisation|organization|organisme|"
    r"organismo|orgao|buyer|acheteur|comprador|purchaser|contracting (?:authority|entity)|pouvoir adjudicateur)$"  # a field's name
    r"|(?<![a-z])(?:code|codigo|id|number|numero)$"  # a field's name ("RUP Code"), the column beside its value
    r"|^(?:name|nom|nombre|nome|date|fecha|data|deadline|heure|hora)\s+(?:of|de|du|des|et|and|y|e)(?![a-z])"
    r"|^(?:mme|mlle|mr|mrs|ms|m|sr|sra|srta|dr|dra|eng|ing)\.?\s+[a-z]"  # a person ("Mme Chloé Bélanger")
    r"|(?<![a-z])(?:avenue|avenida|av|rue|calle|rua|plaza|praca|road|street|boulevard|esq|carrera|jiron|numero|"
    r"p\.?\s?o\.? box|bp|caixa postal|apartado)(?![a-z])[^\d]{0,60}\d|\d[^a-z]{0,3}(?:[a-z]+ ){0,3}(?:avenue|avenida|rue|calle|rua|"
    r"road|street|boulevard|carrera)(?![a-z])|(?<![a-z])s/n(?![a-z])"  # an address: a street word and a number
)
"""What no organisation's name looks like: a page footer, a label, a form's field name, a person
with a title, an address. A candidate like this is the layout read wrong (a column, a footer),
never the buyer. (Bounded: every quantifier is, and only a name's first 200 characters are read.)"""


def plausible_name(value: str) -> bool:
    """Whether ``value`` could be an organisation's name (see :data:`_NOT_A_NAME`; a fragment
    starting in lower case or in a bracket is the end of another line)."""
    stripped = value[:200].strip()
    if not stripped or stripped[0].islower() or stripped[0] in "([{":
        return False
    return _NOT_A_NAME.search(" ".join(fold(stripped).split())) is None


_ACRONYM = re.compile(r"[A-Z][a-z]*(?:[A-Z][a-z]*)+|[A-Z]{2,8}")
_CONNECTOR = frozenset(
    [
        "of",
        "the",
        "and",
        "for",
        "de",
        "da",
        "do",
        "das",
        "dos",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l'",
        "d'",
        "del",
        "y",
        "e",
        "et",
        "pour",
        "para",
        "en",
        "el",
        "los",
        "las",
        "a",
        "au",
        "aux",
        "-",
        "–",
        "&",
    ]
)
_NAME_RUN = re.compile(
    r"[A-ZÀ-Ý][\w'’.-]*(?:\s+(?:(?:of|the|and|for|de|da|do|das|dos|du|des|la|le|les|l'|d'|del|y|e|et|pour|para|en|el|los|las|au|aux|[-–&])"
    r"\s+)*(?:l'|d')?[A-ZÀ-Ý][\w'’.-]*)*(?:\s*\((?P<acronym>[A-Z][\w -]{1,15})\))?"
)


def spelled_out(buyer: str, head: str) -> str | None:
    """The name the notice gives in full for an acronym of ``buyer``: "SMAS Vale do Tejo Norte" is
    "Serviços Municipalizados de Água e Saneamento de Vale do Tejo Norte (SMAS VTN)", "ANER" is
    "l'Agence Nationale pour les Énergies Renouvelables (ANER)", "DepEd SDO Capiz" is "Department
    of Education - Schools Division of Capiz". Each acronym's letters start the words of the full
    name in order (small words may be skipped), the other words are the same; None when no name
    of the notice spells the buyer out so."""
    words = buyer.replace("(", " ( ").replace(")", " ) ").split()
    if "(" in words:
        words = words[: words.index("(")]  # "KP Cities Improvement Company (KPCIC)": its own acronym follows
    if not words or not any(_is_acronym(w, buyer) for w in words):
        return None
    for run in _NAME_RUN.finditer(head):
        names = re.sub(r"(?<![\w])([LlDd])['’]", r"\1' ", run.group(0).split("(")[0]).split()
        for start in range(len(names)):
            if fold(names[start]) in _CONNECTOR:
                continue
            if _spells(words, names[start:], buyer) and len(names) - start > len(words):
                whole = re.sub(r"(?<![\w])([LlDd])' ", r"\1'", " ".join(names[start:]))
                return f"{whole} ({run['acronym']})" if run["acronym"] else whole
    return None


def _declared(acronym: str, head: str) -> str | None:
    """The name a line of the notice gives with the acronym after it, however the acronym is made
    ("Centro de Medicamentos do Paraná - CEMEPAR", "Office National de l'Eau (ONEA)")."""
    line = re.search(
        rf"^[ \t]*(?P<name>[A-ZÀ-Ý][^\n()|:]{{5,100}}?)[ \t]*(?:[-–][ \t]*(?P<dash>{re.escape(acronym)})|\((?P<paren>{re.escape(acronym)})\))[ \t]*$",
        head,
        re.M,
    )
    if line is None or not plausible_name(line["name"]):
        return None
    return f"{line['name']} ({acronym})" if line["paren"] else line["name"]


def _is_acronym(word: str, buyer: str) -> bool:
    if not _ACRONYM.fullmatch(word) or len(word) > 8:
        return False
    # in a name written all in capitals every word looks like one: only its short words may be
    return not (buyer.isupper() and len(buyer.split()) > 1) or (len(word) <= 5 and fold(word) not in _CONNECTOR)


def _spells(words: list[str], names: list[str], buyer: str) -> bool:
    """Whether ``words`` (the buyer's, acronyms among them) spell out ``names`` whole."""
    if not words:
        return not names
    if not names:
        return False
    first, rest = words[0], words[1:]
    if fold(names[0]) in _CONNECTOR and fold(first) != fold(names[0]) and _spells(words, names[1:], buyer):
        return True
    if fold(first) == fold(names[0]):
        return _spells(rest, names[1:], buyer)
    if not _is_acronym(first, buyer):
        return False
    pieces = re.findall(r"[A-Z][a-z]*", first) if not first.isupper() else list(first)
    return _initials(pieces, names, rest, buyer)


def _initials(pieces: list[str], names: list[str], rest: list[str], buyer: str) -> bool:
    if not pieces:
        return _spells(rest, names, buyer)
    if not names:
        return False
    head = fold(names[0])
    if head in _CONNECTOR and _initials(pieces, names[1:], rest, buyer):
        return True
    # a word may give more than its initial ("AGEPAR": Agence de GEstion ...; "DepEd": DEPartment of EDucation)
    return any(
        head.startswith(fold("".join(pieces[:k]))) and _initials(pieces[k:], names[1:], rest, buyer) for k in range(1, len(pieces) + 1)
    )
