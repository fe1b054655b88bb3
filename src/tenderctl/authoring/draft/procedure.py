"""The procedure's kind written before a Portuguese notice's number ("PREGÃO ELETRÔNICO Nº 019/2028").

In Brazil and Portugal a number is counted per kind of procedure: "Pregão Eletrônico nº 118/2027" and
"Concorrência nº 118/2027" are two procedures of one buyer, so the kind is part of the reference. The
drafter finds the number; this gives it back with the kind the notice writes before it, without the
heading's "Edital de", "Aviso de" or "Anúncio de".
"""

from __future__ import annotations

import re

_KIND = re.compile(
    r"(?<![\w])(?P<kind>preg[aã]o(?:\s+(?:eletr[oô]nico|presencial))?(?:\s+srp)?|concorr[eê]ncia(?:\s+(?:eletr[oô]nica|p[uú]blica))?|"
    r"dispensa\s+eletr[oô]nica|concurso\s+p[uú]blico(?:\s+(?:nacional|internacional))?|consulta\s+pr[eé]via)"
    r"\s+(?P<no>n\.?\s*[º°o]\.?|n\.º)\s*$",
    re.I,
)


def with_procedure_kind(reference: str, text: str, language: str | None) -> str:
    """``reference`` with the procedure's kind the notice writes just before it, in a Portuguese
    notice; ``reference`` itself when no such kind heads it."""
    if language != "pt" or not reference:
        return reference
    for match in re.finditer(re.escape(reference), text[:60_000]):
        start = text.rfind("\n", 0, match.start()) + 1
        kind = _KIND.search(text[max(start, match.start() - 60) : match.start()])
        if kind is not None:
            return f"{' '.join(kind['kind'].split())} {kind['no']} {reference}"
    return reference
