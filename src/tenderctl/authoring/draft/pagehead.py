"""What a printed page and a portal's page put around a notice, seen when the buyer is looked for.

A PDF repeats its running header on every page ("Department of Fisheries, Forestry and Agriculture
      RFP No. FFA-2027-113", "... Page 3 of 14"): read as "label  value", the organisation is the
label and the value is a number; the organisation that heads every page is the buyer. A portal
prints its own banner and breadcrumbs above the notice ("ARCE · Agencia Reguladora de Compras
Estatales · comprasestatales.gub.uy", "Inicio > Buscar licitaciones"): never the buyer. A buyer's
field may go on with its address ("UNDP Kenya, UN Gigiri Complex, Nairobi, Kenya"): the name is
the first part.
"""

from __future__ import annotations

import re
from collections import Counter

from tenderctl.authoring.draft.labels import Labelled
from tenderctl.authoring.draft.lexicon import fold, places

_NUMBER_VALUE = re.compile(
    r"(?:page|pagina|pag\.?|p\.)\s*\d|(?:rfp|rfq|itb|ifb|eoi|rft|tender|bid|ref(?:erence)?)\s*(?:no\.?|number|#|:)\s*\S*\d",
    re.I,
)
"""A value that is a page's number or a notice's number, not a name."""
_BANNER = re.compile(r"\s[·•>|]\s|https?://|www\.|\b[\w-]+\.(?:gov|gub|gob|org|com|net|int)(?:\.[a-z]{2})?\b", re.I)
"""A portal's banner or breadcrumbs: parts joined by "·", ">" or "|", or a site's address."""
_ORGANISATION = re.compile(
    r"(?<![a-z])(?:department|ministry|ministere|ministerio|office|agency|authority|council|county|municipality|"
    r"secretaria|direction|direccion|direcao|prefeitura|gobierno|governo|gouvernement|government|commission|board)(?![a-z])"
)


def number_value(value: str) -> bool:
    """``value`` is a page's or a notice's number ("Page 3 of 14", "RFP No. FFA-2027-113")."""
    return _NUMBER_VALUE.match(value.strip()) is not None


def portal_banner(line: str) -> bool:
    """``line`` is a portal's banner or breadcrumbs, not an organisation's name."""
    return _BANNER.search(line) is not None


def running_header(text: str, labels: list[Labelled]) -> str | None:
    """The organisation of a page header printed on two pages or more: a label naming an
    organisation whose values are page numbers or the notice's number."""
    repeated = Counter(item.label for item in labels if number_value(item.value) and _ORGANISATION.search(item.label))
    for item in labels:
        if repeated[item.label] >= 2:
            start = text.rfind("\n", 0, item.start) + 1
            name = re.split(r"\s{3,}|\t", text[start : item.start].strip())[0].strip(" :|")
            if 2 <= len(name.split()) <= 14:
                return name
    return None


def without_address(value: str) -> str:
    """ "UNDP Kenya, UN Gigiri Complex, Nairobi, Kenya": the name before an address that ends
    with the country."""
    parts = [part.strip() for part in value.split(",")]
    if len(parts) < 3:
        return value
    place = places().get(" ".join(fold(parts[-1]).split()))
    if place is None or place.kind != "country":
        return value
    return parts[0] if len(parts[0].split()) >= 2 else value
