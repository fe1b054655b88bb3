"""Which file is which: technical, financial, CV or other, from the name and the first page's title.

Bidders name files in their own language and style ("Proposition technique", "CV_Jane",
"Anexo 2 - Propuesta técnica"), so matching is accent- and case-insensitive and treats
``_ - .`` as spaces. A tender's ``documents:`` glob patterns take precedence over everything;
then the file name; then the first-page title. When a name holds several roles' words, the
earliest one wins ("Technical annex to the financial offer" is technical).
"""

from __future__ import annotations

import fnmatch
import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence

from tenderctl.documents.model import Role

# Keywords per role (already folded: lower case, no accents). Order in the list doesn't matter.
KEYWORDS: dict[Role, tuple[str, ...]] = {
    Role.cv: (
        r"cv",
        r"cvs",
        r"curriculum",
        r"curricula",
        r"resume",
        r"resumes",
        r"hoja de vida",
        r"lebenslauf",
        r"key experts?",
        r"experts? cvs?",
    ),
    Role.financial: (
        r"financial",
        r"financials",
        r"finance",
        r"financiere",
        r"financier",
        r"financeira",
        r"financeiro",
        r"financiera",
        r"financiero",
        r"economica",
        r"economico",
        r"economique",
        r"price",
        r"prices",
        r"pricing",
        r"price schedule",
        r"prix",
        r"precio",
        r"precios",
        r"preco",
        r"precos",
        r"cost",
        r"costs",
        r"costing",
        r"cout",
        r"couts",
        r"costo",
        r"costos",
        r"custo",
        r"custos",
        r"budget",
        r"presupuesto",
        r"orcamento",
        r"commercial offer",
        r"offre commerciale",
        r"bordereau",
    ),
    Role.technical: (
        r"technical",
        r"technique",
        r"techniques",
        r"tecnica",
        r"tecnico",
        r"tecnicas",
        r"methodology",
        r"methodologie",
        r"metodologia",
        r"approach",
        r"work ?plan",
        r"narrative proposal",
    ),
}

# Titles are prose: only whole phrases count there ("a cost-effective approach" is not a price list).
TITLE_KEYWORDS: dict[Role, tuple[str, ...]] = {
    Role.cv: (r"curriculum vitae", r"cv", r"resume", r"hoja de vida", r"curriculo"),
    Role.financial: (
        r"financial (?:proposal|offer|bid)",
        r"(?:offre|proposition) financiere",
        r"(?:propuesta|oferta) (?:economica|financiera)",
        r"proposta (?:financeira|de preco)",
        r"price (?:schedule|proposal|offer)",
        r"bordereau des prix",
    ),
    Role.technical: (
        r"technical (?:proposal|offer|bid|annex|approach)",
        r"(?:offre|proposition) technique",
        r"(?:propuesta|oferta) tecnica",
        r"proposta tecnica",
        r"methodology",
        r"methodologie",
        r"metodologia",
    ),
}


def _compile(table: dict[Role, tuple[str, ...]]) -> dict[Role, re.Pattern[str]]:
    return {role: re.compile(r"(?<![a-z])(?:" + "|".join(words) + r")(?![a-z])") for role, words in table.items()}


_PATTERNS = _compile(KEYWORDS)
_TITLE_PATTERNS = _compile(TITLE_KEYWORDS)


def fold(text: str) -> str:
    """Lower case, accents removed, separators (``_ - . +``) and camelCase turned into spaces."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)  # TechnicalProposal -> Technical Proposal
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and unicodedata.category(ch) not in ("Cf", "Cc"))
    plain = plain.casefold()
    return " ".join(re.sub(r"[_\-.+()\[\]{}/\\,;:]+", " ", plain).split())


@functools.lru_cache(maxsize=4096)
def role_from_text(text: str, *, title: bool = False) -> Role | None:
    """The role whose keyword appears first in ``text`` (a file name, or a title), or None."""
    folded = fold(text)
    best: tuple[int, Role] | None = None
    for role, pattern in (_TITLE_PATTERNS if title else _PATTERNS).items():
        match = pattern.search(folded)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), role)
    return best[1] if best else None


def _glob_match(path: str, pattern: str) -> bool:
    """Case- and accent-insensitive glob against the relative path and the bare name."""
    name = path.rsplit("/", 1)[-1]
    folded_pattern = _fold_glob(pattern)
    return any(fnmatch.fnmatchcase(_fold_glob(candidate), folded_pattern) for candidate in (path, name))


def _fold_glob(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def role_from_patterns(path: str, patterns: Mapping[str, Sequence[str]] | None) -> Role | None:
    """The role a tender's ``documents:`` patterns give ``path`` (first matching role), or None."""
    if not patterns:
        return None
    for role_name, globs in patterns.items():
        try:
            role = Role(role_name.strip().lower())
        except ValueError:
            continue
        if isinstance(globs, str):
            globs = [globs]
        if any(_glob_match(path, pattern) for pattern in globs):
            return role
    return None


def classify(path: str, title: str | None = None, patterns: Mapping[str, Sequence[str]] | None = None) -> tuple[Role, str]:
    """(role, why) for a file at ``path`` (relative, with ``/``) whose first-page title is ``title``."""
    role = role_from_patterns(path, patterns)
    if role is not None:
        return role, "matches the tender's documents: patterns"
    name = path.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    role = role_from_text(stem)
    if role is not None:
        return role, "from its name"
    # Folder names help too ("CVs/jane.pdf", "Technical/annex.pdf").
    if "/" in path:
        role = role_from_text(path.rsplit("/", 1)[0].rsplit("/", 1)[-1])
        if role is not None:
            return role, "from its folder's name"
    if title:
        role = role_from_text(title[:200], title=True)
        if role is not None:
            return role, "from its first-page title"
    return Role.other, "no role keyword in its name or title"
