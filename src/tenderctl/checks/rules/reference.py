"""Rule ``reference``: the tender's reference appears on the technical proposal."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import TYPE_CHECKING

from tenderctl.checks._options import boolean, strings
from tenderctl.checks._text import fold, passages, squash, unreadable_result, unseen_parts
from tenderctl.checks.registry import Context, Evidence, Result, Status, rule

if TYPE_CHECKING:
    from tenderctl.documents.model import Document


@rule(
    "reference",
    params={
        "first_page": "true to require the reference on the first page (cover).",
        "also": "Other accepted spellings, e.g. a short form the buyer uses.",
    },
    documents=("technical",),
    coverage=False,  # passes on what it found, not on an absence
)
def reference(ctx: Context) -> list[Result]:
    """The tender's reference is written on the technical proposal.

    Why: many buyers ask for the reference on the cover so a proposal cannot be filed
    under the wrong tender. Spacing, case and punctuation are ignored (RFPS NYH 2025
    503831 matches RFPS-NYH-2025-503831). Found only in the file name: warning. With
    `first_page: true` the reference must be on page 1.

    Example:
      - rule: reference
        severity: required
        options: {first_page: true}
    """
    if not ctx.documents:
        return [Result("reference", Status.skipped, "no technical proposal found to check")]
    spellings = [ctx.tender.reference, *strings(ctx, "also")]
    first_only = boolean(ctx, "first_page", False)
    results: list[Result] = []
    for doc in sorted(ctx.documents, key=lambda d: d.path):
        hit = _find(doc, spellings, first_only)
        where = "on the first page" if first_only else ""
        if hit is not None:
            page, text = hit
            results.append(
                Result(
                    "reference",
                    Status.passed,
                    f"{doc.path}: the reference {ctx.tender.reference} is there",
                    evidence=[Evidence(doc.path, page, text)],
                )
            )
            continue
        if not doc.readable:
            results.append(unreadable_result("reference", doc))
            continue
        blind = unseen_parts(doc)
        if blind and (not first_only or 1 in doc.image_only_pages):
            results.append(Result("reference", Status.unverified, f"{doc.path}: reference not found in the text, and {blind}"))
            continue
        in_name = any(squash(s) and squash(s) in squash(PurePath(doc.path).name) for s in spellings)
        if in_name:
            results.append(
                Result("reference", Status.warn, f"{doc.path}: the reference is only in the file name, not {where or 'in the document'}")
            )
        else:
            results.append(
                Result(
                    "reference",
                    Status.fail,
                    f"{doc.path}: the tender's reference {ctx.tender.reference} does not appear {where or 'in it'}",
                )
            )
    return results


def _spelled(needle: str) -> re.Pattern[str]:
    """A squashed reference as written in a text: any separators (or a line break) between its
    characters, but never a letter or digit right before or after it (RFPS-NYH-2025-5038319 is
    another reference than RFPS-NYH-2025-503831). Linear: separators and characters never overlap."""
    body = "[^a-z0-9]*".join(re.escape(c) for c in needle)  # what squash keeps, on folded text
    return re.compile(rf"(?<![a-z0-9]){body}(?![a-z0-9])")


def _whole(patterns: list[re.Pattern[str]], text: str) -> bool:
    """Whether a reference stands whole in ``text``."""
    folded = fold(text)
    return any(pattern.search(folded) is not None for pattern in patterns)


def _find(doc: Document, spellings: list[str], first_only: bool) -> tuple[int | None, str] | None:
    """The page and line holding a reference; a passage is searched whole, so a line break inside the reference is fine."""
    # Cheap look first: the longest word of a spelling must be in the raw text (folding is slow).
    needles = [squash(s) for s in spellings if squash(s)]
    keys = [max(tokens, key=len) for s in spellings if (tokens := re.findall(r"\w+", s.lower()))]
    patterns = [_spelled(n) for n in needles]
    for page, text in passages(doc):
        if first_only and page not in (None, 1):
            continue
        lowered = text.lower()
        if keys and not any(k in lowered for k in keys):
            if first_only and page is None:
                break
            continue
        if any(n in squash(text) for n in needles) and _whole(patterns, text):
            line = next((ln for ln in text.splitlines() if _whole(patterns, ln)), text.strip().splitlines()[0])
            return page, line.strip()[:120]
        if first_only and page is None:
            break
    return None
