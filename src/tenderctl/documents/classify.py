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

from tenderctl.documents.model import Document, Role

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


# A CV by what it is: a CV heading, the sections every CV template has, dated periods.
_CV_HEADING = re.compile(
    r"(?m)(?:curriculum vita(?:e|rum)|\beuropass\b|hoja de vida|\bcurriculo\b|lebenslauf|^\s*(?:cv|resume)\s*(?:[:\-]|$)|"
    r"^\s*(?:cv|resume) (?:of|de|do|da)\b)"
)
_CV_SECTIONS = {
    "education": re.compile(
        r"\b(?:education|academic qualifications?|formation|etudes|educacion|formacion academica|formacao|escolaridad)\b"
    ),
    "employment": re.compile(
        r"\b(?:employment (?:record|history)|work experience|professional experience|career history|experience professionnelle|"
        r"experiencia (?:laboral|profesional)|experiencia profissional|historial laboral|parcours professionnel)\b"
    ),
    "languages": re.compile(r"\b(?:languages?(?: skills)?|langues|idiomas|linguas)\s*(?::|$)", re.MULTILINE),
    "personal": re.compile(
        r"\b(?:date of birth|nationality|nationalite|date de naissance|fecha de nacimiento|nacionalidad|data de nascimento|"
        r"nacionalidade|personal (?:information|details)|informations personnelles|marital status|etat civil)\b"
    ),
    "skills": re.compile(r"\b(?:key qualifications|skills|competences|habilidades|competencias)\b"),
}
_DATED = re.compile(
    r"\b(?:(?:0?[1-9]|1[0-2])[/.])?(?:19|20)\d{2}\s*(?:-|–|—|to|a|au|hasta|ate)\s*(?:(?:0?[1-9]|1[0-2])[/.])?"
    r"(?:(?:19|20)\d{2}|present|today|now|date|aujourd ?hui|actualidad|presente|atual|current)\b"
)
_NOT_CV = re.compile(
    r"\b(?:team composition|composition (?:de l )?(?:l )?equipe|composicion del equipo|composicao da equip[ae]|"
    r"executive summary|resume executif|resumen ejecutivo|sumario executivo|resumo executivo|staffing (?:plan|table)|"
    r"key experts? (?:table|summary)|liste des experts)\b"
)
CV_HEAD_CHARS = 6000


def _fold_text(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[^\w\n:/.\-–—]+", " ", plain)


def cv_signs(text: str) -> tuple[bool, str]:
    """(is a CV, why) from a document's or a page's text: what a CV is, whatever the file is called.

    A CV heading (Curriculum Vitae, Europass, Hoja de vida, CV alone on a line) with one CV
    section, or three of the sections every CV has (education, employment, languages, personal
    details, skills), or two with dated periods (2015-2019, 03/2018 - present). A team
    composition table or an executive summary ("Résumé exécutif") at the top is not a CV.
    """
    folded = _fold_text(text[:CV_HEAD_CHARS])
    top = folded[:400]
    heading = _CV_HEADING.search(folded[:1500]) is not None
    if _NOT_CV.search(top) and not _CV_HEADING.search(top.replace("resume executif", "")):
        return False, "a team table or summary, not a CV"
    sections = [name for name, pattern in _CV_SECTIONS.items() if pattern.search(folded)]
    periods = len(_DATED.findall(folded))
    found = ", ".join(sections) + (f", {periods} dated periods" if periods else "")
    if heading and (sections or periods >= 2):
        return True, f"a CV heading and {found}"
    if len(sections) >= 3 or (len(sections) >= 2 and periods >= 2):
        return True, f"CV sections: {found}"
    return False, ""


_NAME_COLUMN = re.compile(
    r"^(?:full )?(?:name|names|nom|noms|nom et prenom|nombre|nombres|nome|nomes|expert|experts|experto|especialista)\b"
)
_ROLE_COLUMN = re.compile(
    r"^(?:position|positions|proposed position|role|roles|title|designation|function|poste|postes|fonction|cargo|cargos|funcao|"
    r"puesto|posicion|posicao|area of expertise)\b"
)


_NAME_WORD = re.compile(r"\b(?:name|names|nom|nombre|nome|expert|experts|experto|especialista)\b")
_ROLE_WORD = re.compile(r"\b(?:position|role|title|designation|function|poste|fonction|cargo|funcao|puesto|posicion|posicao)\b")


def team_table(doc: Document) -> bool:
    """The document is a table of people with a name column and a position column (a team list).

    From the cells' column headers where the format gives them (DOCX, ODT, XLSX, PDF tables that
    were rebuilt); else from a short line near the top that reads as that header row ("Name
    Position Education Years"), as a PDF whose table has no ruling gives it.
    """
    headers = {_fold_text(b.column_header).strip() for b in doc.blocks[:2000] if b.column_header}
    if any(_NAME_COLUMN.match(h) for h in headers) and any(_ROLE_COLUMN.match(h) for h in headers):
        return True
    lines = [b.text for b in doc.blocks[:40] if b.where in ("body", "table")]
    for line in lines:
        folded = _fold_text(line).strip()
        words = folded.split()
        if 2 <= len(words) <= 8 and _NAME_WORD.match(folded) and _ROLE_WORD.search(folded):
            return True
    return False


def _doc_text(doc: Document) -> str:
    parts: list[str] = []
    size = 0
    for block in doc.blocks:
        if block.where in ("metadata", "attachment"):
            continue
        parts.append(block.text)
        size += len(block.text) + 1
        if size >= CV_HEAD_CHARS:
            break
    return "\n".join(parts)


def classify(
    path: str, title: str | None = None, patterns: Mapping[str, Sequence[str]] | None = None, doc: Document | None = None
) -> tuple[Role, str]:
    """(role, why) for a file at ``path`` (relative, with ``/``) whose first-page title is ``title``.

    With the read ``doc``, its content has a say: a file that is a CV is one whatever its name
    ("Annex 4.pdf"), and a file named as a CV that holds a team-composition table is not.
    """
    role = role_from_patterns(path, patterns)
    if role is not None:
        return role, "matches the tender's documents: patterns"
    name = path.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    role = role_from_text(stem)
    text = _doc_text(doc) if doc is not None and doc.readable else ""
    if role is Role.cv and text.strip():
        is_cv, why = cv_signs(text)
        if not is_cv and why:
            return Role.other, f"named as a CV, but its content is {why}"
        if not is_cv and doc is not None and team_table(doc):
            return Role.other, "named as a CV, but its content is a table of names and positions (a team list), not a CV"
    if role in (None, Role.other) and text.strip():
        is_cv, why = cv_signs(text)
        if is_cv:
            return Role.cv, f"from its content ({why})"
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
