"""Is this amount the bid's price? The words around it decide between ``fail`` and ``warn``.

* price, cost, fee, rate, total vocabulary, or a budget that is ours ("our budget", "the
  proposed budget", "notre budget") next to the amount: this bid's price - ``fail``;
* the value of a past contract, a turnover (experience sections and tables): ``warn``, saying so;
* a figure about the sector or the client: a programme's or a ministry's budget, funding, GDP,
  a market (narrative only): ``warn``, saying so.

All patterns are linear: literal alternations and bounded gaps.
"""

from __future__ import annotations

import re

from tenderctl.checks.registry import Status

_OWN_BUDGET = re.compile(
    r"(?i)\b(?:our|proposed|this\s{1,3}(?:bid|offer|proposal|assignment|consultancy)|notre|nos|propos[ée]e?|nuestro|nuestra|"
    r"propuest[oa]|nosso|nossa|propost[oa])\b[^.;\n]{0,30}\b(?:budgets?|budg[ée]t|presupuestos?|or[cç]amentos?|total)\b|"
    r"\b(?:budgets?|budget|presupuestos?|or[cç]amentos?)\s{1,3}(?:for|of|pour|de|para|del|do|da)\s{1,3}(?:this|the|la|cette|esta|este|"
    r"esta|o|a)\s{1,3}(?:assignment|consultancy|services|mission|prestation|consultor[ií]a|servicios|consultoria|servi[cç]os|proposal)\b"
)
_CLIENT = re.compile(
    r"(?i)\b(?:programmes?|programs?|programas?|projects?|projets?|proyectos?|projetos?|ministr(?:y|ies)|minist[eè]re|ministerio|"
    r"minist[eé]rio|government|gouvernement|gobierno|governo|national|nationale?|nacional|donors?|bailleurs?|donantes?|doadores?|"
    r"client|clients|cliente|sector|secteur|sectors|setor|annual|annuel|anual|country|pays|pa[ií]s|regional|r[ée]gional)\b"
)
EXPERIENCE = re.compile(
    r"(?i)\b(?:experience|exp[ée]rience|experiencia|experi[eê]ncia|references?|r[ée]f[ée]rences|referencias|refer[eê]ncias|"
    r"past\s{1,3}(?:performance|projects|contracts|assignments)|similar\s{1,3}(?:assignments|projects|contracts|services)|"
    r"missions?\s{1,3}similaires|track\s{1,3}record|clients?|cliente?s?|employer|contracting\s{1,3}(?:authority|entity)|"
    r"ma[iî]tre\s{1,3}d.ouvrage|contratante|funded\s{1,3}by|financ[ée]\s{1,3}par|financiado\s{1,3}por|bailleur|donor)\b"
)
"""Words of an experience section or table (its heading, its caption, its column headers)."""
_VALUE = re.compile(
    r"(?i)\b(?:values?|valeur|valor(?:es)?|amounts?|montants?|montos?|importes?|montantes?|contract|contrat|contrato|budget|"
    r"presupuesto|or[cç]amento|size|taille)\b"
)
_OWN_PRICE = re.compile(
    r"(?i)\b(?:rates?|fees?|prices?|unit|tarifs?|taux|prix|honoraires|honorarios|honor[aá]rios|precios?|pre[cç]os?|"
    r"co[uû]ts?\s{1,3}unitaires?|per\s{1,3}(?:day|month|hour)|par\s{1,3}jour|por\s{1,3}d[ií]a|proposed|our|notre|nuestro|nosso)\b"
)


def own_budget(sentence: str) -> bool:
    """A budget that is this bid's: "our total budget", "the budget for this assignment"."""
    return bool(_OWN_BUDGET.search(sentence))


def client_figure(sentence: str) -> bool:
    """A figure about a programme, a government, a sector: the client's, not the bid's."""
    return bool(_CLIENT.search(sentence))


def past_contract_column(header: str, table_context: str) -> bool:
    """A value column of an experience table: "Contract value (USD)" beside "Client" and "Year".

    ``table_context`` holds the table's other headers and the heading or caption before it.
    A column of rates or fees ("Daily rate", "Our fee") is a price whatever the table.
    """
    if _OWN_PRICE.search(header):
        return False
    return bool(_VALUE.search(header)) and bool(EXPERIENCE.search(table_context) or EXPERIENCE.search(header))


PAST_WHY = "a past contract's value in an experience table, not this bid's price (check it)"
CLIENT_WHY = "an amount about the client's programme or the sector (a budget, funding), not this bid's price (check it)"


def narrative_status(sentence: str, strong: bool, statistic: bool) -> tuple[str, Status] | None:
    """The verdict for a currency amount in narrative when its words make it the client's figure."""
    if strong or own_budget(sentence):
        return None
    if statistic and client_figure(sentence):
        return CLIENT_WHY, Status.warn
    return None
