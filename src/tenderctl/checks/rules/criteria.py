"""Rule ``criteria``: the technical proposal addresses each evaluation criterion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tenderctl.checks._text import passages, significant, unreadable_result, unseen_parts, words
from tenderctl.checks.registry import Context, Evidence, Result, Status, rule

if TYPE_CHECKING:
    from tenderctl.checks.checklist import CriterionEntry
    from tenderctl.documents.model import Document

_STEM = 5


def _stem(word: str) -> str:
    """A crude stem (first letters) so 'methodology'/'methodological' and 'approach'/'approaches' meet."""
    return word[:_STEM]


@dataclass
class _Passage:
    page: int | None
    text: str
    phrase: str
    """Folded words joined by single spaces, padded: phrase search is a substring test."""
    stems: frozenset[str]


def _passages(doc: Document) -> list[_Passage]:
    out = []
    for page, text in passages(doc):
        folded = words(text)
        out.append(_Passage(page, text, " " + " ".join(folded) + " ", frozenset(_stem(w) for w in folded)))
    return out


def _snippet(passage: _Passage, terms: list[str]) -> str:
    """The line of the passage that holds the first of ``terms`` (for the evidence)."""
    for line in passage.text.splitlines():
        folded = " " + " ".join(words(line)) + " "
        if any(f" {t} " in folded or _stem(t) in {_stem(w) for w in words(line)} for t in terms):
            return line.strip()[:120]
    return passage.text.strip().splitlines()[0][:120] if passage.text.strip() else ""


def addressed(criterion: CriterionEntry, docs: list[tuple[Document, list[_Passage]]]) -> tuple[Document, int | None, str, str] | None:
    """Where ``criterion`` is addressed: its title as a phrase, one of its keywords, or most of its title's words in one passage."""
    title = words(criterion.title)
    keywords = [k for k in criterion.keywords if k.strip()]
    needle = " " + " ".join(title) + " "
    for doc, parts in docs:
        for part in parts:
            if title and needle in part.phrase:
                return doc, part.page, "title", _snippet(part, title)
    for doc, parts in docs:
        for keyword in keywords:
            key = " " + " ".join(words(keyword)) + " "
            for part in parts:
                if key.strip() and key in part.phrase:
                    return doc, part.page, f"keyword {keyword!r}", _snippet(part, words(keyword))
    terms = significant(criterion.title)
    wanted = {_stem(t) for t in terms}
    if len(wanted) < 2:
        return None
    best: tuple[float, Document | None, _Passage | None] = (0.0, None, None)
    for doc, parts in docs:
        for part in parts:
            share = len(wanted & part.stems) / len(wanted)
            if share > best[0]:
                best = (share, doc, part)
    share, best_doc, best_part = best
    if best_doc is not None and best_part is not None and share >= 0.75:
        return best_doc, best_part.page, f"{round(share * 100)}% of the title's words in one passage", _snippet(best_part, terms)
    return None


@rule("criteria", params={}, documents=("technical",), coverage=False)  # passes on what it found
def criteria(ctx: Context) -> list[Result]:
    """Each evaluation criterion the tender lists is addressed in the technical proposal.

    Why: evaluators score the proposal against the tender's criteria, section by section;
    a criterion with no matching heading or passage scores zero. A criterion counts as
    addressed when its title appears as a phrase, when one of its `keywords` does, or when
    one passage holds most of its title's words. Missing criteria warn (a human judges
    whether the proposal covers it in other words). Unreadable proposals are `unverified`.

    Example:
      criteria:
        - {title: Methodology and approach, weight: 40, keywords: [methodology, work plan]}
        - Team composition
      checks:
        - rule: criteria
          severity: required
    """
    if not ctx.tender.criteria:
        return [Result("criteria", Status.skipped, "the tender lists no evaluation criteria (add `criteria:` to it)")]
    docs = sorted((d for d in ctx.documents if d.readable), key=lambda d: d.path)
    if not docs:
        if ctx.documents:
            return [unreadable_result("criteria", d) for d in ctx.documents]
        return [Result("criteria", Status.skipped, "no technical proposal found to check")]
    blind = [b for d in docs if (b := unseen_parts(d))]
    indexed = [(d, _passages(d)) for d in docs]
    results: list[Result] = []
    for criterion in ctx.tender.criteria:
        found = addressed(criterion, indexed)
        weight = f" ({criterion.weight:g} points)" if criterion.weight is not None else ""
        if found:
            doc, page, how, snippet = found
            results.append(
                Result(
                    "criteria",
                    Status.passed,
                    f"{criterion.title!r}{weight} addressed in {doc.path} (by {how})",
                    evidence=[Evidence(doc.path, page, snippet)],
                )
            )
        elif blind:
            results.append(Result("criteria", Status.unverified, f"{criterion.title!r}{weight} not found in the text; {'; '.join(blind)}"))
        else:
            hint = "" if criterion.keywords else " (add `keywords:` to the criterion if the proposal uses other words)"
            results.append(
                Result(
                    "criteria",
                    Status.warn,
                    f"{criterion.title!r}{weight} not found: no heading or passage addresses it{hint}",
                )
            )
    return results
