"""The buyer's name without what a notice writes after it in the same line or sentence.

A notice names the buyer and goes on: its address and telephone ("EMPRESA X, E.P., Avenida da
Independência, Lobito. Telefone: ..."), the body it acts through ("Prefeitura de X, por meio da
Comissão de Contratação"), the project or funder it works under ("X (BRSP), under the EU-funded
... project"), a document's heading and file number in a running header ("Ville de X -
Règlement de la consultation - Marché n° 27-044-SP"), or its purchasing section ("UNICEF HAÏTI -
SECTION APPROVISIONNEMENT"). None of these is the organisation that procures; the name before
them is. A part that names the procuring organisation itself is kept ("Province Sud - Direction
de l'équipement").
"""

from __future__ import annotations

import re

from tenderctl.authoring.draft.lexicon import fold

_AFTER_NAME = re.compile(
    r"(?:,\s*|\s+)(?:"
    r"(?:por meio|por intermedio|atraves|par l'intermediaire|dans le cadre|en el marco|no ambito)(?: d[aeou]s?| d'|\s)|"
    r"(?:through (?:its|the)|represented by|representee? par|representad[ao] por|neste ato|under (?:the|its)|within the|"
    r"in the framework of|(?:with|avec) (?:the )?(?:support|financial support|funding|l'appui|le soutien|le financement)|"
    r"funded by|financed by|finance par|financiad[ao] (?:pelo|pela|por)|com sede|con (?:sede|domicilio)|inscrit[ao]? no cnpj)(?![a-z])"
    r")"
    r"|,\s*(?:sis|sise|sita|sito|located at|domiciliad[ao]|cnpj|nif|rut|praca|plaza|place|largo|travessa|estrada|carretera|boulevard|blvd|jiron|carrera|avenida|avenue|av\.|rua|rue|calle|street|road|"
    r"p\.? ?o\.? box|b\.? ?p\.?|caixa postal|apartado|plot|tel(?:efone|efono|ephone|\.)?|phone|e-?mail|\d)(?![a-z])",
)
"""Where the name ends: a comma (or a space) before an address, a telephone, the body the buyer
acts through, the project or funder it works under. Read on the folded text."""

_PART_SEPARATOR = re.compile(r"\s+[-–—]\s+")

_NOT_THE_BUYER_PART = re.compile(
    r"^(?:"
    r"reglement de (?:la )?consultation|cahier des (?:charges|clauses)|dossier de consultation|avis d'appel|"
    r"terms of reference|request for \w+|invitation (?:to|for) \w+|edital|pliego|bases de|aviso|anuncio|"
    r"(?:section|unite|service|cellule|division|unit|office|departamento|direction|direccion|direcao|divisao|setor|seccion) "
    r"(?:(?:de |des |du |d')?(?:l'|la )?)?(?:approvisionnements?|achats?|procurement|supply(?: chain)?|compras|adquisiciones|"
    r"aquisicoes|contratacao|contrataciones|passation des marches|marches publics)|"
    r"(?:procurement|supply(?: chain)?|purchasing) (?:section|unit|office|department|division)|"
    r"(?:marche|contract|contrato|expediente|processo|dossier)\b[^\n]*\d|"
    r"(?:marche|contrat|contract|contrato) (?:de |of )?(?:services?|travaux|fournitures|works|goods|obras?|servicios|bens|servicos)|"
    r"procedure (?:adaptee|ouverte|restreinte)|open procedure|procedimiento (?:abierto|restringido)"
    r")"
)
"""A part of "A - B - C" that is no organisation that procures: a document's heading, a purchasing
section, a file's number."""


def trim_buyer(name: str) -> str | None:
    """``name`` without the address, intermediary, funder, document heading or purchasing section
    written after it; ``name`` itself when nothing of the kind follows; None when every part of it
    is of that kind ("Marché de services - Procédure adaptée": a heading, no organisation)."""
    folded = fold(name)
    if len(folded) == len(name):
        cut = _AFTER_NAME.search(folded)
        if cut is not None and len(name[: cut.start()].split()) >= 1 and cut.start() >= 3:
            name = name[: cut.start()].rstrip(" ,;-–—")
    parts = _PART_SEPARATOR.split(name)
    if len(parts) < 2:
        return name
    kept = [part for part in parts if not _NOT_THE_BUYER_PART.match(" ".join(fold(part).split()))]
    if not kept:
        return None
    if len(kept) == len(parts):
        return name
    separators = _PART_SEPARATOR.findall(name)
    out = kept[0]
    for part in kept[1:]:
        out += (separators[0] if separators else " - ") + part
    return out
