"""Rule ``criteria``: the technical proposal addresses each evaluation criterion."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tenderctl.checks._text import significant, unreadable_result, unseen_parts, words
from tenderctl.checks.registry import Context, Evidence, Result, Status, rule

if TYPE_CHECKING:
    from tenderctl.documents.model import Document, TextBlock
    from tenderctl.model import Criterion

_STEM = 5


def _stem(word: str) -> str:
    """A crude stem (first letters) so 'methodology'/'methodological' and 'approach'/'approaches' meet."""
    return word[:_STEM]


def _find_phrase(blocks: list[TextBlock], phrase: list[str]) -> TextBlock | None:
    needle = " " + " ".join(phrase) + " "
    for block in blocks:
        if needle in " " + " ".join(words(block.text)) + " ":
            return block
    return None


def _best_block(blocks: list[TextBlock], terms: list[str]) -> tuple[TextBlock | None, float]:
    """The block (or page) covering the largest share of ``terms`` by stem."""
    wanted = {_stem(t) for t in terms}
    best: tuple[TextBlock | None, float] = (None, 0.0)
    if not wanted:
        return best
    for block in blocks:
        have = {_stem(w) for w in words(block.text)}
        share = len(wanted & have) / len(wanted)
        if share > best[1]:
            best = (block, share)
    return best


def addressed(criterion: Criterion, docs: list[Document]) -> tuple[Document, TextBlock, str] | None:
    """Where ``criterion`` is addressed: its title as a phrase, enough of its keywords, or most of its title's words."""
    title = words(criterion.title)
    keywords = [k for k in criterion.keywords if k.strip()]
    for doc in docs:
        block = _find_phrase(doc.blocks, title)
        if block is not None:
            return doc, block, "title"
    for doc in docs:
        for keyword in keywords:
            block = _find_phrase(doc.blocks, words(keyword))
            if block is not None:
                return doc, block, f"keyword {keyword!r}"
    terms = significant(criterion.title)
    for doc in docs:
        block, share = _best_block(doc.blocks, terms)
        if block is not None and share >= 0.75 and len(terms) >= 2:
            return doc, block, f"{round(share * 100)}% of the title's words"
    return None


@rule("criteria", params={}, documents=("technical",))
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
    results: list[Result] = []
    for criterion in ctx.tender.criteria:
        found = addressed(criterion, docs)
        weight = f" ({criterion.weight:g} points)" if criterion.weight is not None else ""
        if found:
            doc, block, how = found
            results.append(
                Result(
                    "criteria",
                    Status.passed,
                    f"{criterion.title!r}{weight} addressed in {doc.path} (by {how})",
                    evidence=[Evidence(doc.path, block.page, block.text.strip()[:120])],
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
