"""Rule ``cvs``: a readable CV for every key expert the tender names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from tenderctl.checks._options import integer
from tenderctl.checks._text import fold, head_text, page_list, passages, squash, words
from tenderctl.checks.registry import Context, Evidence, Result, Status, rule
from tenderctl.documents.classify import cv_signs

if TYPE_CHECKING:
    from tenderctl.checks.checklist import ExpertEntry
    from tenderctl.documents.model import Document

_HEAD_CHARS = 4000
_NOT_A_CV = re.compile(r"resume executif|executive summary|resumen ejecutivo|team composition|composition de l.?equipe")
_CV_WORDS = re.compile(r"(?i)\b(?:curriculum\s+vita(?:e|rum)|\bcv\b|r[ée]sum[ée]|hoja\s+de\s+vida|curr[ií]culo)")


def _phrase(text: str) -> str:
    return " " + " ".join(words(text)) + " "


def _head(doc: Document) -> str:
    """File name, title and the start of the text: where a CV says whose it is."""
    return _phrase(" ".join([PurePath(doc.path).stem, doc.title or "", head_text(doc, _HEAD_CHARS)]))


@dataclass
class _Match:
    doc: Document
    how: str


def _name_tokens(name: str | None) -> list[str]:
    return [w for w in words(name or "") if len(w) > 1]


def _matches(expert: ExpertEntry, doc: Document) -> str | None:
    head = _head(doc)
    stem = squash(PurePath(doc.path).stem)  # CV_JaneDoe_TeamLeader.pdf: words run together
    tokens = _name_tokens(expert.name)
    if tokens and (all(f" {t} " in head for t in tokens) or squash(expert.name or "") in stem):
        return f"name {expert.name!r}"
    role = _phrase(expert.role).strip()
    if role and (f" {role} " in head or (len(squash(role)) > 3 and squash(role) in stem)):
        return f"role {expert.role!r}"
    return None


def _readability(doc: Document) -> tuple[Status, str]:
    if doc.password_protected:
        return Status.fail, "needs a password to open: evaluators cannot read it"
    if not doc.readable:
        return Status.unverified, f"found but could not be read by tenderctl ({doc.unreadable_reason or 'unknown reason'}): check it opens"
    if doc.image_only_pages and not any(b.text.strip() for b in doc.blocks):
        return Status.passed, "a scan without a text layer (people can read it; its text was not checked)"
    return Status.passed, ""


@rule(
    "cvs",
    params={
        "min": "Minimum number of CVs when the tender lists no key experts (default 1).",
    },
    documents=("cv", "technical", "other"),
    coverage=False,  # passes on what it found, not on an absence
)
def cvs(ctx: Context) -> list[Result]:
    """A CV for each key expert listed in the tender, each one readable.

    Why: tenders score the team on its key experts' CVs ("include key experts' CVs"); a
    missing CV scores zero or disqualifies. Each expert in the tender's `experts:` is
    matched to a CV file (role `cv`) by name (every part of it) or by role, in the file
    name, the title or the first page. Without `experts:`, the proposal needs `min` CVs
    (at least one). A CV that needs a password fails; one tenderctl cannot parse is
    `unverified`. A CV found inside another document (CV pages in an annex of the technical
    proposal, recognised by a CV heading or CV sections and the expert's name) counts, and the
    evidence names the file and pages it is in. Files are CVs by name or by content (see
    `docs/checklist.md`): a team-composition table or an executive summary is not a CV.

    Example:
      experts: [{role: Team Leader, name: Jane Doe}, Data analyst]
      checks:
        - rule: cvs
          severity: required
    """
    cv_docs = sorted((d for d in ctx.documents if d.role.value == "cv"), key=lambda d: d.path)
    others = [d for d in ctx.documents if d.role.value != "cv"]
    experts = list(ctx.tender.experts)
    results: list[Result] = []
    if experts:
        used: set[str] = set()
        ordered: dict[int, Result] = {}
        # Named experts first, so a CV found by name is not taken by a role-only match;
        # results come out in the tender's order.
        for index, expert in sorted(enumerate(experts), key=lambda item: item[1].name is None):
            label = expert.role + (f" ({expert.name})" if expert.name else "")
            candidates = [(d, how) for d in cv_docs if (how := _matches(expert, d))]
            fresh = [c for c in candidates if c[0].path not in used] or candidates
            if fresh:
                doc, how = fresh[0]
                used.add(doc.path)
                status, why = _readability(doc)
                message = f"CV for {label}: {doc.path} (matched by {how})" + (f"; {why}" if why else "")
                ordered[index] = Result("cvs", status, message, evidence=[Evidence(doc.path, 1 if doc.pages else None, how)])
                continue
            inside = _inside(expert, others)
            if inside:
                doc, pages = inside
                ordered[index] = Result(
                    "cvs",
                    Status.passed,
                    f"CV for {label}: inside {doc.path} ({page_list(pages)}), not a file of its own (check the portal accepts that)",
                    evidence=[Evidence(doc.path, pages[0], f"CV of {label}, inside {doc.path}")],
                )
                continue
            ordered[index] = Result(
                "cvs",
                Status.fail,
                f"no CV found for {label} "
                f"({len(cv_docs)} CV file{'s' if len(cv_docs) != 1 else ''} in the proposal; name files like CV_<Name>_<Role>.pdf)",
                evidence=[Evidence(d.path, None, "CV file, matches no other key expert") for d in cv_docs if d.path not in used][:5],
            )
        return [ordered[i] for i in sorted(ordered)]
    wanted = max(1, integer(ctx, "min", 1) or 1)
    readable = []
    for doc in cv_docs:
        status, why = _readability(doc)
        if status is Status.passed:
            readable.append(doc)
        else:
            results.append(Result("cvs", status, f"{doc.path}: {why}", evidence=[Evidence(doc.path, None, why)]))
    others_note = f"; {len(cv_docs) - len(readable)} more cannot be read" if len(readable) < len(cv_docs) else ""
    evidence = [Evidence(d.path, None, "CV") for d in readable]
    if len(readable) >= wanted:
        message = f"{len(readable)} readable CV file{'s' if len(readable) != 1 else ''} (at least {wanted} needed){others_note}"
        results.insert(0, Result("cvs", Status.passed, message, evidence=evidence))
    else:
        results.insert(
            0,
            Result(
                "cvs",
                Status.fail,
                f"{len(readable)} readable CV file{'s' if len(readable) != 1 else ''} found, at least {wanted} needed{others_note} "
                "(files are taken as CVs by name: CV_*, Curriculum*, or the tender's `documents: cv:` patterns)",
                evidence=evidence,
            ),
        )
    return results


def _inside(expert: ExpertEntry, docs: list[Document]) -> tuple[Document, list[int]] | None:
    """Pages of a non-CV document that look like this expert's CV (a CV heading and the name or role)."""
    tokens = _name_tokens(expert.name)
    role = _phrase(expert.role).strip()
    for doc in sorted(docs, key=lambda d: d.path):
        hits = []
        for page, text in passages(doc):
            if page is None or page in hits or not (_CV_WORDS.search(text) or cv_signs(text)[0]):
                continue
            if not cv_signs(text)[0] and _NOT_A_CV.search(fold(text[:400])):
                continue  # "Résumé exécutif", a team table: a CV word, not a CV
            phrase = _phrase(text)
            if (tokens and all(f" {t} " in phrase for t in tokens)) or (not tokens and role and f" {role} " in phrase):
                hits.append(page)
        if hits:
            return doc, hits
    return None


__all__ = ["cvs", "fold"]
